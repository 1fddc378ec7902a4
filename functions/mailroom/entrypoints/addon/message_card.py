"""The contextual card for the open message: each of its documents with what was read, how
sure, what failed, where it stands in the ERP, and what this user may do about it."""

from google.apps.card_v1 import types as c

from mailroom.domain.models import DocumentRecord, StagedRow
from mailroom.domain.status import IN_ERP, POSTABLE, Status, can_transition
from mailroom.entrypoints.addon import widgets as w
from mailroom.entrypoints.addon.present import DOCUMENT_TYPES, FIELDS, View, badge, status_text
from mailroom.service_layer.addon_queries import MessageDocument


def message_card(view: View, message_id: str, documents: list[MessageDocument]) -> c.Card:
    if not documents:
        return _nothing_yet(view, message_id)
    subject = documents[0].record.subject or "This mail"
    count = f"{len(documents)} document" + ("s" if len(documents) > 1 else "")
    return w.card(w.escape(subject), count, [_document(view, d) for d in documents], name="message")


def _nothing_yet(view: View, message_id: str) -> c.Card:
    return w.card("No documents yet", "mailroom has not read anything from this mail", [w.section("", [
        w.paragraph("Either this mail is still in the queue, or the mail rules passed it by (no PDF, XML or "
                    "image attachment, a newsletter, a blocked sender)."),
        w.buttons(w.button("Process this mail now", view.action_url, filled=True, do="process",
                           message=message_id)),
    ])], name="message")


def _document(view: View, document: MessageDocument) -> w.Section:
    record, row = document.record, document.row
    kind = DOCUMENT_TYPES.get((row and row.document_type) or "other", "Document")
    number = (row and row.invoice_number) or record.filename
    # The row is what reviewers see and change in the Sheet; the record catches up on posting.
    status = row.status if row else record.status
    widgets = [w.fact("Status", status_text(status), _erp_line(status, record, row))]
    if row is None or status == Status.RECEIVED:
        widgets += [w.paragraph("Reading this document; refresh in a moment."),
                    w.buttons(w.button("Refresh", view.action_url, do="refresh", message=record.message_id))]
        return w.section(w.escape(f"{kind} {number}"), widgets)
    widgets += _problems(record, row) + _fields(view, record, row)
    widgets += [_decisions(view, status, row), *_links(view, row)]
    return w.section(w.escape(f"{kind} {number}"), widgets, collapsible=True, keep=3)


def _erp_line(status: Status, record: DocumentRecord, row: StagedRow | None) -> str:
    if status in IN_ERP and row is not None:
        return w.escape(f"ERP record {row.erp_number or record.erp_number}")
    if record.duplicate_of:
        return w.escape(f"duplicate of {record.duplicate_of[:12]}")
    return "not in the ERP yet"


def _problems(record: DocumentRecord, row: StagedRow) -> list[w.Widget]:
    lines = [f"⚠ {w.escape(text)}" for text in (record.error or row.error, row.checks) if text]
    if row.low_confidence:
        lines.append(f"Check: {w.escape(row.low_confidence)}")
    if row.note:
        lines.append(f"Note: {w.escape(row.note)}")
    return [w.paragraph("<br>".join(lines))] if lines else []


def _fields(view: View, record: DocumentRecord, row: StagedRow) -> list[w.Widget]:
    read = record.extraction.fields if record.extraction else {}
    shown = []
    for name, label in FIELDS.items():
        value = getattr(row, name)
        text = "" if value is None else str(value)
        if text or name in read:
            shown.append(w.fact(label, w.escape(text), badge(read.get(name), text, view.threshold)))
    return shown


def _decisions(view: View, status: Status, row: StagedRow) -> w.Widget:
    """Only what the life cycle allows from here (the table in domain/status decides)."""
    act, key = view.action_url, row.key
    offered: list[c.Button] = []
    if status not in POSTABLE and _may_become(status, Status.APPROVED):
        offered.append(w.button("Approve", act, filled=True, do="approve", key=key))
    if status in POSTABLE and view.user.may_post(row.grand_total):
        offered.append(w.button("Post now", act, filled=True, do="post", key=key))
    if status not in IN_ERP and status != Status.RECEIVED:
        offered.append(w.button("Edit", act, do="edit", key=key))
    for target, text, do in ((Status.REJECTED, "Reject", "reject"), (Status.ON_HOLD, "Hold", "hold"),
                             (Status.RECEIVED, "Re-run extraction", "rerun")):
        if _may_become(status, target):
            offered.append(w.button(text, act, do=do, key=key))
    return w.buttons(*offered) if offered else w.paragraph("Nothing to decide here.")


def _may_become(status: Status, target: Status) -> bool:
    return status != target and can_transition(status, target)


def _links(view: View, row: StagedRow) -> list[w.Widget]:
    """Gmail opens only web links; another location (a local archive's file) is shown as text."""
    targets = [("ERP record", row.erp_link), ("Sheet", view.sheet_url), ("Original", row.archive_link)]
    web = [w.link(text, url) for text, url in targets if url.startswith(("https://", "http://"))]
    other = [w.fact(text, w.escape(url)) for text, url in targets if url and not url.startswith(("https://", "http://"))]
    return ([w.buttons(*web)] if web else []) + other
