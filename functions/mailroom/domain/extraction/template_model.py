"""The template format (see `templates` for the whole of it): invoice2data's keys and
shorthand forms, validated into typed rules, with errors that name the file and the key."""

import re
import unicodedata
from collections.abc import Mapping
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from mailroom.domain.errors import PermanentError
from mailroom.domain.extraction.template_lines import LinesBlock
from mailroom.domain.extraction.template_values import (
    KINDS, Flag, Regexes, Replacements, Text, Texts,
)
from mailroom.domain.models import FIELD_NAMES, DocumentType

DEFAULT_CONFIDENCE = 0.95

I2D_NAMES: dict[str, str] = {
    "amount": "grand_total", "amount_untaxed": "net_total", "amount_tax": "tax_total",
    "date": "issue_date", "date_due": "due_date", "partner_name": "seller_name",
    "vat": "seller_vat_id", "partner_vat": "seller_vat_id", "company_vat": "buyer_vat_id",
}


class TemplateError(PermanentError):
    """A template file that cannot be used; the message names the file and the key."""


class Options(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    currency: Text | None = None
    date_formats: Texts = ()
    languages: Texts = ()
    decimal_separator: Literal[".", ","] | None = None
    remove_whitespace: Flag = False
    remove_accents: Flag = False
    lowercase: Flag = False
    replace: Replacements = ()

    def prepare(self, text: str) -> str:
        """invoice2data's `prepare_input`, in its order."""
        if self.remove_whitespace:
            text = re.sub(" +", "", text)
        if self.remove_accents:
            text = re.sub("[\u0300-\u0362]", "", unicodedata.normalize("NFKD", text))
        if self.lowercase:
            text = text.lower()
        for pattern, replacement in self.replace:
            text = pattern.sub(replacement, text)
        return text


class FieldRule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    parser: Literal["regex", "static", "lines"] = "regex"
    regex: Regexes = ()
    value: Text | None = None
    type: Literal["int", "float", "date", "datetime"] | None = None
    group: Literal["sum", "min", "max", "first", "last", "join"] | None = None
    replace: Replacements = ()  # on each captured value
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _complete(self) -> "FieldRule":
        if self.parser == "regex" and not self.regex:
            raise ValueError("the regex parser needs a `regex`")
        if self.parser == "static" and self.value is None:
            raise ValueError("the static parser needs a `value`")
        return self


class Template(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    name: str  # the file it came from
    issuer: Text = ""
    keywords: Texts = ()
    exclude_keywords: Texts = ()
    priority: int = 5
    sender: Texts = ()
    document_type: DocumentType | None = None
    confidence: float = Field(default=DEFAULT_CONFIDENCE, ge=0.0, le=1.0)
    options: Options = Field(default_factory=Options)
    fields: dict[str, FieldRule] = Field(default_factory=dict)
    lines: LinesBlock | None = None

    @model_validator(mode="before")
    @classmethod
    def _legacy(cls, data: Any) -> Any:
        """invoice2data's shorthand field forms as rules, and `fields.lines` as the lines block."""
        if not isinstance(data, dict) or not isinstance(data.get("fields"), dict):
            return data
        fields: dict[str, Any] = {}
        for key, rule in data["fields"].items():
            key, rule = _expanded(str(key), rule)
            if rule is None:
                continue
            if key in fields:
                raise ValueError(f"field '{key}' is defined twice")
            fields[key] = rule
        data = {**data, "fields": fields}
        if isinstance(fields.get("lines"), dict) and fields["lines"].get("parser") == "lines":
            if data.get("lines") is not None:
                raise ValueError("lines are defined both at the top level and under `fields`")
            data["lines"] = fields.pop("lines")
        return data

    @model_validator(mode="after")
    def _usable(self) -> "Template":
        if not self.keywords and not self.sender:
            raise ValueError("a template needs `keywords` or a `sender`")
        targets: dict[str, str] = {}
        for key, rule in self.fields.items():
            if (target := target_name(key)) is None:
                continue
            if target in targets:
                raise ValueError(f"fields '{targets[target]}' and '{key}' both set {target}")
            targets[target] = key
            if rule.group in ("sum", "min", "max") and KINDS.get(target) not in ("amount", "date"):
                raise ValueError(f"fields.{key}: group '{rule.group}' needs an amount or a date field")
        return self

    @property
    def label(self) -> str:
        issuer = self.issuer or (self.keywords or self.sender)[0]
        return f"template '{self.name}' ({issuer})"

    def targets(self) -> list[tuple[str, str, FieldRule]]:
        """(our field, the template's key, rule) for every field we have a name for."""
        return [(target, key, rule) for key, rule in self.fields.items()
                if (target := target_name(key)) is not None and rule.parser != "lines"]


def _expanded(key: str, rule: Any) -> tuple[str, Any]:
    if isinstance(rule, dict):
        return key, rule
    if key.startswith("static_"):
        # An empty `static_x:` is a placeholder in some invoice2data templates: it sets nothing.
        return key.removeprefix("static_"), None if rule is None else {"parser": "static", "value": rule}
    if key.startswith("sum_amount") and isinstance(rule, list):
        return key.removeprefix("sum_"), {"regex": rule, "group": "sum"}
    return key, {"regex": rule}


def target_name(key: str) -> str | None:
    return key if key in FIELD_NAMES else I2D_NAMES.get(key)


def load_templates(texts: Mapping[str, str]) -> list[Template]:
    """Templates from YAML texts keyed by file name; the first unusable one raises TemplateError."""
    return [_load(name, source) for name, source in sorted(texts.items())]


def _load(name: str, source: str) -> Template:
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        raise TemplateError(f"{name}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise TemplateError(f"{name}: a template is a mapping (issuer, keywords, fields, ...), "
                            f"not {type(data).__name__}")
    try:
        return Template.model_validate({**data, "name": name})
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or 'template'}: "
            f"{error['msg'].removeprefix('Value error, ')}" for error in exc.errors())
        raise TemplateError(f"{name}: {problems}") from None

