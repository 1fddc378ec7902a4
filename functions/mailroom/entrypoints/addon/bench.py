"""`mailroom bench addon`: how long the sidebar takes, per trigger and per action, on a local
stack that read the sample mailbox. Each call goes through the whole add-on: event decoding,
both id tokens verified (RSA, certificates cached as on a warm instance), the service layer on
SQLite, and the Card v1 JSON. Tokens are minted outside the timing, as Google mints them."""

import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mailroom.bootstrap import bootstrap_local
from mailroom.config import AddonSettings, Settings
from mailroom.domain.commands import MailboxChanged
from mailroom.entrypoints.addon.app import Addon
from mailroom.entrypoints.addon.preview import ADDON_ACCOUNT, CLIENT_ID
from mailroom.entrypoints.local_runner import run_until_idle
from mailroom.standins.google_identity import GoogleIdentityStandIn
from mailroom.standins.server import serving

URL = "https://addon.bench.invalid"
USER = "bench@local.test"
SLOW_TO_READ = ("scan-jpeg", "image-only-pdf")  # OCR: minutes of setup, and not what is measured


def run(rounds: int = 50) -> dict[str, dict[str, float]]:
    with tempfile.TemporaryDirectory(prefix="mailroom-bench-addon-") as tmp:
        stack = _stack(Path(tmp))
        identity = GoogleIdentityStandIn()
        with serving(identity) as signer:
            identity.certs_url = f"{signer}/oauth2/v1/certs"
            settings = stack.settings.model_copy(update={
                "addon": AddonSettings(url=URL, service_account=ADDON_ACCOUNT, oauth_client_id=CLIENT_ID,
                                       reviewers=[USER], approvers={USER: None}),
                "cloud": stack.settings.cloud.model_copy(update={"certs_url": identity.certs_url})})
            addon = Addon(settings, lambda: stack.services)
            return _measure(addon, identity, stack, rounds)


def _stack(home: Path):  # type: ignore[no-untyped-def]
    from mailroom.samples import generate_mailbox

    sample = generate_mailbox(home / "samples", huge_attachment_bytes=200_000)
    inbox = home / "inbox"
    inbox.mkdir()
    for mail in sample.mails:
        if mail.case not in SLOW_TO_READ:
            shutil.copy(sample.inbox / Path(mail.file).name, inbox)
    stack = bootstrap_local(Settings(home=home / "stack"))
    stack.mailbox.import_path(inbox)
    stack.queue.publish(MailboxChanged(mailbox=stack.mailbox.name))
    run_until_idle(stack.services, stack.queue)
    return stack


def _measure(addon: Addon, identity: GoogleIdentityStandIn, stack, rounds: int) -> dict[str, dict[str, float]]:  # type: ignore[no-untyped-def]
    rows = stack.sheet.rows()
    key, message = rows[0].key, rows[0].message_id

    def event(route: str, **parameters: str) -> dict[str, Any]:
        return {"commonEventObject": {"hostApp": "GMAIL", "parameters": parameters},
                "authorizationEventObject": {"systemIdToken": identity.mint(f"{URL}/{route}", ADDON_ACCOUNT),
                                             "userIdToken": identity.mint(CLIENT_ID, USER)},
                "gmail": {"messageId": message, "threadId": message}}

    calls: dict[str, Callable[[int], tuple[str, dict[str, Any]]]] = {
        "homepage": lambda i: ("/home", event("home")),
        "message card": lambda i: ("/message", event("message")),
        "edit form": lambda i: ("/action", event("action", do="edit", key=key)),
        "hold / approve": lambda i: ("/action", event("action", do="approve" if i % 2 else "hold", key=key)),
    }
    figures = {}
    for name, make in calls.items():
        timings = []
        for i in range(rounds):
            path, body = make(i)
            started = time.perf_counter()
            _, status, _ = addon(path, body)
            timings.append(1000 * (time.perf_counter() - started))
            if status != 200:
                raise RuntimeError(f"{name} answered {status}")
        timings.sort()
        figures[name] = {"median_ms": round(statistics.median(timings), 2),
                         "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 2),
                         "max_ms": round(timings[-1], 2)}
    return figures
