"""Extraction templates from a folder: every *.yml, *.yaml (and invoice2data's *.json, which
YAML reads too) under it, named by their path inside the folder so an error points at the file."""

from pathlib import Path

from mailroom.domain.extraction.templates import Template, TemplateError, load_templates

SUFFIXES = {".yml", ".yaml", ".json"}


def read_templates(folder: Path) -> list[Template]:
    if not folder.is_dir():
        raise TemplateError(f"{folder}: not a folder of templates")
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
    try:
        texts = {str(p.relative_to(folder)): p.read_text(encoding="utf-8") for p in files}
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"{folder}: cannot read a template: {exc}") from None
    return load_templates(texts)
