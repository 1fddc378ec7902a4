"""Every Google stand-in on loopback at once, with the settings that point mailroom at them:
the Google backend, end to end, on a laptop (`mailroom bench google`, the dev stack, tests)."""

from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mailroom.config import GoogleEndpoints, GoogleSettings, Settings
from mailroom.standins.gcs import GcsStandIn
from mailroom.standins.gmail import GmailStandIn
from mailroom.standins.pubsub import PubSubStandIn
from mailroom.standins.server import serving
from mailroom.standins.sheets import SheetsStandIn
from mailroom.standins.vision import VisionStandIn

MAILBOX = "ap@acme.example"
PROJECT = "devstack"
TOPICS = ("gmail-push", "messages", "documents")


@dataclass
class GoogleStandIns:
    gmail: GmailStandIn
    gcs: GcsStandIn
    vision: VisionStandIn
    sheets: SheetsStandIn
    pubsub: PubSubStandIn
    endpoints: GoogleEndpoints
    spreadsheet_id: str = ""

    def settings(self, home: Path, **overrides: Any) -> Settings:
        google = GoogleSettings(
            project=PROJECT, mailboxes=[MAILBOX], archive="gcs", bucket="archive",
            spreadsheet_id=self.spreadsheet_id, endpoints=self.endpoints,
            watch_topic=f"projects/{PROJECT}/topics/gmail-push",
        )
        return Settings(backend="google", home=home, google=google, **overrides)

    def deliver(self, emls: Iterable[Path]) -> list[str]:
        """Mail arrives in the Gmail stand-in, oldest first, as Gmail would receive it."""
        return [self.gmail.mailbox.deliver(path.read_bytes()) for path in sorted(emls)]

    def counts(self) -> dict[str, int]:
        return {"gmail_calls": self.gmail.calls, "gmail_round_trips": self.gmail.round_trips,
                "gmail_quota_units": self.gmail.quota_units, "gcs_requests": self.gcs.total_requests,
                "vision_requests": self.vision.total_requests, "vision_pages": self.vision.pages_read,
                "sheets_requests": self.sheets.total_requests}


@contextmanager
def google_stand_ins() -> Iterator[GoogleStandIns]:
    gmail, gcs = GmailStandIn(email=MAILBOX), GcsStandIn(("archive", "state"))
    vision, sheets = VisionStandIn(), SheetsStandIn()
    pubsub = PubSubStandIn({f"projects/{PROJECT}/topics/{t}" for t in TOPICS})
    with ExitStack() as running:
        url = {name: running.enter_context(serving(s)) for name, s in
               (("gmail", gmail), ("storage", gcs), ("vision", vision), ("sheets", sheets),
                ("pubsub", pubsub))}
        stand_ins = GoogleStandIns(gmail, gcs, vision, sheets, pubsub, GoogleEndpoints(**url))
        stand_ins.spreadsheet_id = _staging_spreadsheet(url["sheets"])
        _reset_counters(stand_ins)
        yield stand_ins


def _staging_spreadsheet(url: str) -> str:
    from mailroom.adapters.google.sheets_admin import create_spreadsheet
    from mailroom.adapters.google.sheets_client import sheets_client
    from mailroom.adapters.google.sheets_template import load_template

    spreadsheet = create_spreadsheet(sheets_client(url), load_template(), "mailroom staging",
                                     [f"mailroom@{PROJECT}.iam.gserviceaccount.com"])
    return str(spreadsheet.id)


def _reset_counters(stand_ins: GoogleStandIns) -> None:
    """Setting up the sheet is not the pipeline's cost: count from here on."""
    for stand_in in (stand_ins.gmail, stand_ins.gcs, stand_ins.vision, stand_ins.sheets, stand_ins.pubsub):
        stand_in.requests.clear()
    stand_ins.gmail.quota_units = 0
    stand_ins.gmail.batch_sizes.clear()
