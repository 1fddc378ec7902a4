"""Reading originals: part ids, forwarded mail, odd charsets, broken MIME, and a property test."""

from email.message import EmailMessage

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mailroom.domain.errors import BadInputError
from mailroom.domain.mime import body_text, parse_message


def parse(raw: bytes):
    return parse_message(raw, mailbox="ap@example.com", message_id="m1", thread_id="t1")


def test_a_forwarded_mail_yields_the_invoice_inside_it():
    inner = EmailMessage()
    inner["From"], inner["Subject"] = "vendor@example.com", "Factură"
    inner.set_content("Vă rugăm să găsiți factura.")
    inner.add_attachment(b"%PDF-1.7 inner", maintype="application", subtype="pdf", filename="Factură 42.pdf")
    outer = EmailMessage()
    outer["From"], outer["Subject"] = "colleague@example.com", "Fwd: Factură"
    outer.set_content("See below")
    outer.add_attachment(inner)
    parsed = parse(outer.as_bytes())
    [attachment] = parsed.message.attachments
    assert attachment.filename == "Factură 42.pdf"
    assert parsed.contents[attachment.part_id] == b"%PDF-1.7 inner"
    assert attachment.part_id.startswith("1.")


def test_an_unknown_charset_is_read_with_a_warning_not_an_error():
    raw = (b"From: =?x-unknown-8bit?q?Zak=B3ad?= <a@b.pl>\r\nSubject: =?x-unknown-8bit?q?Faktura?=\r\n"
           b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\n"
           b"Content-Type: text/plain; charset=x-unknown-8bit\r\n\r\nDzi\xeakuj\xea\r\n--B\r\n"
           b"Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=f.pdf\r\n"
           b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--B--\r\n")
    parsed = parse(raw)
    assert parsed.message.subject == "Faktura"
    assert [a.filename for a in parsed.message.attachments] == ["f.pdf"]
    assert any("x-unknown-8bit" in w for w in parsed.message.warnings)
    assert "Dzi" in body_text(raw)


def test_a_mail_with_a_missing_closing_boundary_still_yields_its_parts():
    raw = (b"From: a@b.c\r\nSubject: cut\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n"
           b"--B\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=x.pdf\r\n\r\n%PDF-1.4 body")
    parsed = parse(raw)
    assert [a.filename for a in parsed.message.attachments] == ["x.pdf"]
    assert any("MIME defects" in w for w in parsed.message.warnings)


def test_an_empty_message_is_bad_input():
    with pytest.raises(BadInputError):
        parse(b"  \r\n")


def test_newsletter_headers_mark_the_mail_as_bulk():
    message = EmailMessage()
    message["Precedence"] = "bulk"
    message.set_content("news")
    assert parse(message.as_bytes()).message.is_bulk


printable = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"))
filenames = st.text(printable, min_size=1, max_size=40).filter(
    lambda s: s.strip() and "/" not in s and "\\" not in s)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(filenames, st.binary(max_size=300)), min_size=1, max_size=4), st.text(printable, max_size=60))
def test_any_attachments_come_back_byte_for_byte_with_their_names(attachments, subject):
    message = EmailMessage()
    message["Subject"] = subject
    message.set_content("body")
    for name, content in attachments:
        message.add_attachment(content, maintype="application", subtype="pdf", filename=name)
    parsed = parse(message.as_bytes())
    got = [(a.filename, parsed.contents[a.part_id]) for a in parsed.message.attachments]
    assert got == [(name.strip(), content) for name, content in attachments]
    assert len({a.part_id for a in parsed.message.attachments}) == len(attachments)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_fuzzed_bytes_never_crash_the_parser(raw):
    try:
        parse(raw)
    except BadInputError:
        pass
