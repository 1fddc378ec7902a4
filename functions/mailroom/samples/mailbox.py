"""The sample mailbox: about twenty mails in six languages, easy and troublesome, with truth."""

import json
from collections.abc import Iterator
from pathlib import Path
from random import Random

from mailroom.samples.cases import forwarded, plain, scanned, troublesome
from mailroom.samples.corpus import write_corpus
from mailroom.samples.kit import CaseMail, MailKit
from mailroom.samples.mime import freeze_boundaries, write_eml
from mailroom.samples.model import IGNORED, SampleMail, SampleSet

DEFAULT_HUGE_BYTES = 21 * 1024 * 1024  # just over the 20 MiB an attachment may have


def generate_mailbox(
    out_dir: Path, *, seed: int = 7, huge_attachment_bytes: int = DEFAULT_HUGE_BYTES
) -> SampleSet:
    """Write inbox/NNN-<case>-<lang>.eml, truth.jsonl and the documents/ corpus into `out_dir`."""
    inbox, documents = out_dir / "inbox", out_dir / "documents"
    for folder in (inbox, documents):
        if folder.exists() and any(folder.iterdir()):
            raise FileExistsError(f"{folder} is not empty: generate into a fresh folder")
    inbox.mkdir(parents=True, exist_ok=True)

    mails, records, files = [], [], []
    for number, mail in enumerate(_arrivals(MailKit(Random(seed)), huge_attachment_bytes), start=1):
        name = f"{number:03d}-{mail.case}-{mail.lang}.eml"
        freeze_boundaries(mail.message, token=f"{seed}_{number:03d}")
        write_eml(inbox / name, mail.message, mail.splices)
        expect = {item.filename: item.expect for item in mail.attachments} or IGNORED
        mails.append(SampleMail(file=inbox / name, case=mail.case, lang=mail.lang, expect=expect))
        records.append(
            {
                "mail": name,
                "case": mail.case,
                "lang": mail.lang,
                "attachments": {item.filename: item.truth_record() for item in mail.attachments},
                "expect": "ignored" if expect == IGNORED else "processed",
            }
        )
        files += [item.file for item in mail.attachments if item.file]

    truth = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    (out_dir / "truth.jsonl").write_text(truth, encoding="utf-8")
    write_corpus(documents, files)
    return SampleSet(inbox=inbox, documents=documents, mails=mails)


def _arrivals(kit: MailKit, huge_attachment_bytes: int) -> Iterator[CaseMail]:
    """The mails in arrival order. Every language appears three or four times."""
    first_invoice = plain.invoice_pdf(kit, "de", layout="letterhead")
    yield first_invoice
    yield plain.newsletter(kit, "en")
    yield plain.purchase_order(kit, "pl")
    yield plain.invoice_pdf(kit, "fr", layout="boxed")
    yield scanned.scan_jpeg(kit, "ro")
    yield forwarded.forwarded_as_attachment(kit, "nl")
    yield plain.credit_note(kit, "de")
    yield plain.inline_image(kit, "fr")
    yield plain.no_attachment(kit, "ro")
    yield plain.several_attachments(kit, "nl")
    yield plain.invoice_pdf(kit, "en", layout="compact")
    yield troublesome.corrupt(kit, "pl")
    yield scanned.image_only_pdf(kit, "de")
    yield troublesome.encrypted(kit, "en")
    yield troublesome.unknown_charset(kit, "pl")
    yield forwarded.forwarded_inline(kit, "fr")
    yield plain.invoice_pdf(kit, "ro", layout="boxed")
    yield troublesome.huge(kit, "nl", huge_attachment_bytes)
    yield plain.purchase_order(kit, "fr")
    yield scanned.scan_jpeg(kit, "pl")
    yield plain.credit_note(kit, "en")
    yield troublesome.resent_duplicate(kit, first_invoice)
