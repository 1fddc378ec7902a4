"""The Sheets stand-in on a loopback port, real gspread pointed at it, and a staging
spreadsheet built from the template, for the Sheets tests."""

from collections.abc import Iterator
from dataclasses import dataclass, field

import gspread
import pytest

from mailroom.adapters.google.sheets_admin import create_spreadsheet
from mailroom.adapters.google.sheets_calls import Backoff
from mailroom.adapters.google.sheets_client import sheets_client
from mailroom.adapters.google.sheets_staging import SheetsStaging
from mailroom.adapters.google.sheets_template import Template, load_template
from mailroom.standins.server import serving
from mailroom.standins.sheets import SheetsStandIn

TEMPLATE: Template = load_template()


@dataclass
class Clock:
    now: float = 1_000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Sheets:
    stand_in: SheetsStandIn
    url: str
    client: gspread.Client
    clock: Clock
    waits: list[float] = field(default_factory=list)  # the backoff's sleeps, not slept

    def staging_spreadsheet(self) -> gspread.Spreadsheet:
        return create_spreadsheet(
            self.client, TEMPLATE, "staging", ["svc@p.iam.gserviceaccount.com"]
        )

    def staging(self, spreadsheet: gspread.Spreadsheet) -> SheetsStaging:
        return SheetsStaging(spreadsheet, TEMPLATE, Backoff(sleep=self.waits.append))

    def cell(self, spreadsheet: gspread.Spreadsheet, a1: str):  # type: ignore[no-untyped-def]
        return self.stand_in.cell(spreadsheet.id, a1)


@pytest.fixture(scope="module")
def sheets_server() -> Iterator[tuple[SheetsStandIn, str, Clock]]:
    """One served stand-in per test module: stopping a server takes half a second."""
    clock = Clock()
    stand_in = SheetsStandIn(clock=clock, default_rows=200)  # Google has 1000; each is 34 objects
    with serving(stand_in) as url:
        yield stand_in, url, clock


@pytest.fixture(name="sheets")
def sheets_fixture(sheets_server: tuple[SheetsStandIn, str, Clock]) -> Sheets:
    """Import `sheets_fixture` and `sheets_server` to use the fixture `sheets`."""
    stand_in, url, clock = sheets_server
    stand_in.reset()
    clock.now = 1_000.0
    return Sheets(stand_in, url, sheets_client(url, timeout=10), clock)


def column_letter(name: str) -> str:
    position = [c.name for c in TEMPLATE.tabs.review.columns].index(name)
    return gspread.utils.rowcol_to_a1(1, position + 1).rstrip("1")
