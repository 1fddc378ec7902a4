"""Provenance paths: where in the XML a value was read, written so a person can find it."""

from lxml import etree


def qname(element: etree._Element, prefixes: dict[str, str]) -> str:
    """'ram:ID' with the syntax's usual prefix for the element's namespace ('' for none)."""
    q = etree.QName(element)
    prefix = prefixes.get(q.namespace or "", element.prefix)
    return f"{prefix}:{q.localname}" if prefix else q.localname


def path_of(element: etree._Element, prefixes: dict[str, str]) -> str:
    """'/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID', with [n] where a name repeats,
    written with the syntax's usual prefixes whatever prefixes the sender chose."""
    steps = []
    node: etree._Element | None = element
    while node is not None:
        step = qname(node, prefixes)
        parent = node.getparent()
        if parent is not None:
            same = list(parent.iterchildren(node.tag))
            if len(same) > 1:
                step += f"[{same.index(node) + 1}]"
        steps.append(step)
        node = parent
    return "/" + "/".join(reversed(steps))
