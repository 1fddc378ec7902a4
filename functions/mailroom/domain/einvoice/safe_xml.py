"""Parse untrusted XML with bounded time and memory.

E-invoices arrive from strangers. The parser resolves no entities, loads no DTD and touches no
network, so XXE and entity-expansion bombs cannot run; libxml2's default limits (no huge_tree)
cap depth and text size. No e-invoice schema (CII, UBL, KSeF) uses a DTD, so any DOCTYPE is
refused outright: a document that declares entities is hostile or broken, either way not ours."""

from lxml import etree

from mailroom.domain.errors import BadInputError

DEFAULT_MAX_BYTES = 10 * 1024 * 1024  # the largest real e-invoices are a few hundred kB
_DOCTYPE_REFUSED = "e-invoice XML has a DOCTYPE declaration: DTDs and entities are refused"
_DOCTYPE_MARKS = (b"<!DOCTYPE", "<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))


def _parser() -> etree.XMLParser:
    # One parser per call: lxml parsers must not be shared between threads.
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
        dtd_validation=False, attribute_defaults=False, remove_comments=True, remove_pis=True,
    )


def load(xml: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> etree._Element:
    """The root element of `xml`, or BadInputError saying why the bytes are not usable XML."""
    if not isinstance(xml, (bytes, bytearray, memoryview)):
        raise BadInputError(f"e-invoice XML must be bytes, not {type(xml).__name__}")
    data = bytes(xml)
    if len(data) > max_bytes:
        raise BadInputError(f"e-invoice XML is {len(data)} bytes, over the limit of {max_bytes}")
    if not data.strip():
        raise BadInputError("e-invoice XML is empty")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        # libxml2 stops an entity bomb itself; name the real cause rather than "malformed".
        if any(mark in data for mark in _DOCTYPE_MARKS):
            raise BadInputError(f"{_DOCTYPE_REFUSED} ({exc})") from None
        raise BadInputError(f"malformed e-invoice XML: {exc}") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise BadInputError(_DOCTYPE_REFUSED)
    return root
