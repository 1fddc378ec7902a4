"""The Google Sheet template and the staged row model describe the same columns."""

from pathlib import Path

import yaml

from mailroom.domain.models import StagedRow
from mailroom.domain.status import Status

TEMPLATE = Path(__file__).parents[2] / "sheets_templates" / "staging.yaml"


def test_template_columns_are_the_staged_row_columns_in_order():
    review = yaml.safe_load(TEMPLATE.read_text())["tabs"]["review"]
    assert [c["name"] for c in review["columns"]] == StagedRow.columns()


def test_status_dropdown_offers_every_status():
    review = yaml.safe_load(TEMPLATE.read_text())["tabs"]["review"]
    assert set(review["status_values"]) == {s.value for s in Status}
