"""Deterministic sample data: business mail with invoices and purchase orders in six languages.

    generate_mailbox(out_dir)    inbox/*.eml, truth.jsonl and documents/ for `mailroom demo`
    generate_documents(out_dir)  a larger extraction corpus: document files and truth.jsonl

The same seed always gives the same bytes: no clock, no uuid, fixed PDF metadata.
"""

from mailroom.samples.corpus import generate_documents
from mailroom.samples.mailbox import generate_mailbox
from mailroom.samples.model import DocKind, Expect, SampleMail, SampleSet

__all__ = ["DocKind", "Expect", "SampleMail", "SampleSet", "generate_documents", "generate_mailbox"]
