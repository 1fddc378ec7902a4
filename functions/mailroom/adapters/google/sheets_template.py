"""The staging sheet's template (sheets_templates/staging.yaml) as typed data, read once.

The template, not the code, says which columns the Review tab has, their headers, types, notes
and protection; the adapter finds columns by their header at every call, so a reviewer moving
a column does not misplace values, and `mailroom sheet check` reports what drifted."""

from functools import cached_property
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from mailroom.domain.errors import PermanentError

# The repository's template, reached through functions/sheets_templates (a link to the top-level
# folder) so that the Cloud Functions source, which is functions/ alone, carries it too.
DEFAULT_TEMPLATE = Path(__file__).parents[3] / "sheets_templates" / "staging.yaml"

ColumnType = Literal["text", "status", "date", "datetime", "amount", "number", "link"]


class Column(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    header: str
    type: ColumnType
    protected: bool = False
    note: str = ""


class ConditionalFormat(BaseModel):
    when: str  # "<column> <op> <value>", e.g. "status = ERROR" or "min_confidence < 0.9"
    background: str  # "#rrggbb"
    column: str | None = None  # colour only this column; the whole row when not given


class ReviewTab(BaseModel):
    model_config = ConfigDict(ignored_types=(cached_property,))

    title: str
    frozen_rows: int = 1
    columns: list[Column]
    status_values: list[str]
    conditional_formats: list[ConditionalFormat] = []

    @cached_property
    def by_header(self) -> dict[str, Column]:
        return {column.header: column for column in self.columns}

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)


class PlainTab(BaseModel):
    """A tab only mailroom writes: its column names are its headers."""

    title: str
    columns: list[str]
    key: str = ""


class Tabs(BaseModel):
    review: ReviewTab
    lines: PlainTab
    log: PlainTab


class Template(BaseModel):
    version: int
    tabs: Tabs


def load_template(path: Path = DEFAULT_TEMPLATE) -> Template:
    if not path.is_file():
        raise PermanentError(
            f"no sheet template at {path}: ship sheets_templates/staging.yaml with it"
        )
    return Template.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
