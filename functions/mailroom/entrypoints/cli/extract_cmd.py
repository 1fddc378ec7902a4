"""`mailroom extract [--format json|jsonl] [--templates DIR] PATH...`: a contract other tools rely on.

jsonl prints one object per document:
  {"source", "document_type", "method", "fields": {name: {"value", "confidence", "why"}},
   "lines": [...], "checks": [...]}  — or {"source", "error"} for a document that failed.
Documents inside an .eml also carry "attachment": the attachment's file name."""

import json
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import track

from mailroom.bootstrap import build_text_source, rules_from
from mailroom.domain.reading import extract
from mailroom.entrypoints.cli.context import ctx_of, errors
from mailroom.service_layer.documents_on_disk import Outcome, expand, extract_all
from mailroom.service_layer.templates_on_disk import read_templates


class Format(StrEnum):
    json = "json"
    jsonl = "jsonl"


def extract_command(ctx: typer.Context,
                    paths: Annotated[list[str], typer.Argument(help="Files (PDF, image, XML, .eml) or folders.")],
                    fmt: Annotated[Format, typer.Option("--format", help="json: one array; jsonl: one object per line.")]
                    = Format.json,
                    templates: Annotated[Path | None, typer.Option(
                        "--templates", help="A folder of extraction templates (invoice2data YAML or ours).")]
                    = None) -> None:
    """Read documents and print the extracted fields with confidence and reasons."""
    settings = ctx_of(ctx).settings
    reader = partial(extract, templates=read_templates(templates)) if templates is not None else extract
    sources = expand(paths)
    outcomes = extract_all(sources, build_text_source(settings), rules_from(settings), reader)
    show_progress = errors.is_terminal and len(sources) > 1
    objects = (as_json(o) for o in (track(outcomes, description="reading", console=errors, transient=True)
                                    if show_progress else outcomes))
    if fmt == Format.jsonl:
        for obj in objects:
            typer.echo(json.dumps(obj, ensure_ascii=False))
    else:
        typer.echo(json.dumps(list(objects), ensure_ascii=False, indent=2))


def as_json(outcome: Outcome) -> dict[str, Any]:
    obj: dict[str, Any] = {"source": outcome.source}
    if outcome.document is not None and outcome.document.attachment is not None:
        obj["attachment"] = outcome.document.attachment
    if outcome.error is not None or outcome.extraction is None:
        obj["error"] = outcome.error or "nothing could be read"
        return obj
    extraction = outcome.extraction
    obj.update({
        "document_type": extraction.document_type,
        "method": extraction.method,
        "fields": {name: {"value": f.value, "confidence": round(f.confidence, 3), "why": f.why}
                   for name, f in extraction.fields.items()},
        "lines": [{k: (str(v) if v is not None else None) for k, v in line.model_dump().items()}
                  for line in extraction.lines],
        "checks": [c.model_dump() for c in extraction.checks],
    })
    return obj
