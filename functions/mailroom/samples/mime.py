"""Building and writing RFC 5322 messages with the standard library, byte for byte reproducibly.

Parts are `MIMEPart`s rather than `EmailMessage`s so that only the top level carries
MIME-Version, as real mail clients write it.
"""

import base64
import html
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import MIMEPart
from email.utils import format_datetime
from pathlib import Path, PurePath

POLICY = policy.SMTP  # CRLF line ends, as mail travels
STREAMED_PAYLOAD = "MAILROOM-SPLICE-PAYLOAD"
RAW_SUBJECT = "MAILROOM-SPLICE-SUBJECT"
_BASE64_LINE = 57  # input bytes per 76-character base64 line
# A fixed table rather than `mimetypes`, whose answers depend on the machine's mime.types.
_BINARY_TYPES = {".pdf": ("application", "pdf"), ".jpg": ("image", "jpeg")}


def new_message(
    sender: Address, to: Address, subject: str, sent_at: datetime, message_id: str
) -> MIMEPart:
    message = MIMEPart(policy=POLICY)
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(sent_at)
    message["Message-ID"] = message_id
    message["MIME-Version"] = "1.0"
    return message


def set_text_and_html(message: MIMEPart, text: str, logo_cid: str | None = None) -> None:
    """multipart/alternative: the text, and the same text as simple HTML, as webmail sends it.

    With `logo_cid` the HTML shows that inline image on top; `add_inline_image` supplies it.
    """
    message.set_content(text, cte="quoted-printable")
    message.add_alternative(html_from_text(text, logo_cid), subtype="html", cte="quoted-printable")


def add_inline_image(message: MIMEPart, image_png: bytes, cid: str) -> None:
    """Turn the HTML part into multipart/related with the image its <img src="cid:..."> shows."""
    html_part = next(
        part for part in message.iter_parts() if part.get_content_type() == "text/html"
    )
    html_part.add_related(
        image_png, "image", "png", cid=f"<{cid}>", disposition="inline", filename="logo.png"
    )


def attach_file(message: MIMEPart, filename: str, data: bytes) -> None:
    maintype, subtype = _BINARY_TYPES[PurePath(filename).suffix.lower()]
    # The stdlib writes non-ASCII names as RFC 2231 (filename*=utf-8''Factur%C4%83...).
    message.add_attachment(data, maintype, subtype, filename=filename)


def attach_text(message: MIMEPart, filename: str, text: str) -> None:
    """A text/plain; charset="utf-8" file attachment, such as terms of sale."""
    message.add_attachment(text, filename=filename)


def attach_streamed(message: MIMEPart, filename: str) -> None:
    """An attachment whose base64 body `write_eml` streams in later in place of a marker."""
    attach_file(message, filename, b"")
    *_, part = message.iter_attachments()
    part.set_payload(STREAMED_PAYLOAD)


def attach_message(message: MIMEPart, forwarded: MIMEPart, filename: str) -> None:
    """Forward as attachment: a message/rfc822 part with the original mail, attachments and all."""
    message.add_attachment(forwarded, filename=filename)


def html_from_text(text: str, logo_cid: str | None = None) -> str:
    logo = f'<img src="cid:{logo_cid}" alt="" width="120" height="40"><br>' if logo_cid else ""
    paragraphs = "".join(_paragraph(chunk) for chunk in text.split("\n\n"))
    style = "font-family:Arial,sans-serif;font-size:14px"
    return f'<html><body>{logo}<div style="{style}">{paragraphs}</div></body></html>'


def _paragraph(text: str) -> str:
    return "<p>" + html.escape(text).replace("\n", "<br>") + "</p>"


def freeze_boundaries(message: MIMEPart, token: str) -> None:
    """Replace the random multipart boundaries the stdlib draws by ones derived from `token`."""
    for index, part in enumerate(message.walk()):
        if part.get_content_maintype() == "multipart":
            part.set_boundary(f"=_mailroom_{token}_{index}")


def message_id(sent_at: datetime, token: int, domain: str) -> str:
    return f"<{sent_at:%Y%m%d%H%M%S}.{token:010x}@{domain}>"


def write_eml(path: Path, message: MIMEPart, splices: Mapping[str, Iterable[bytes]]) -> None:
    """Write the message, replacing each splice marker by its bytes (streamed, never joined)."""
    raw = message.as_bytes(policy=POLICY)
    if not splices:
        path.write_bytes(raw)
        return
    pattern = re.compile(b"|".join(re.escape(marker.encode()) for marker in splices))
    with path.open("wb") as out:
        position = 0
        for match in pattern.finditer(raw):
            out.write(raw[position : match.start()])
            out.writelines(splices[match.group().decode()])
            position = match.end()
        out.write(raw[position:])


def base64_lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Base64 in 76-character CRLF lines, from chunks of any size, holding one chunk at a time."""
    pending = b""
    for chunk in chunks:
        pending += chunk
        whole = len(pending) - len(pending) % _BASE64_LINE
        yield from _encode_lines(pending[:whole])
        pending = pending[whole:]
    yield from _encode_lines(pending)


def _encode_lines(data: bytes) -> Iterator[bytes]:
    for start in range(0, len(data), _BASE64_LINE):
        yield base64.b64encode(data[start : start + _BASE64_LINE]) + b"\r\n"
