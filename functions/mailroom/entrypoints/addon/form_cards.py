"""Cards that ask before acting: the edit form (every field pre-filled with the row's value)
and the reason a rejection needs."""

from google.apps.card_v1 import types as c

from mailroom.domain.models import StagedRow
from mailroom.entrypoints.addon import widgets as w
from mailroom.entrypoints.addon.present import FIELDS, View

FIELD_INPUT = "field."  # input names are field.<column>, so a form can carry nothing else by accident
REASON_INPUT = "reason"


def edit_card(view: View, row: StagedRow) -> c.Card:
    inputs = [w.text_input(FIELD_INPUT + name, label, "" if getattr(row, name) is None else str(getattr(row, name)))
              for name, label in FIELDS.items()]
    actions = w.buttons(w.button("Save", view.action_url, filled=True, do="save", key=row.key),
                        w.button("Cancel", view.action_url, do="refresh", message=row.message_id))
    return w.card(f"Edit {w.escape(row.invoice_number or row.filename)}",
                  "Dates as YYYY-MM-DD; saving checks the row again", [w.section("", [*inputs, actions])],
                  name="edit")


def reject_card(view: View, row: StagedRow) -> c.Card:
    return w.card(f"Reject {w.escape(row.invoice_number or row.filename)}", "It will never be posted", [
        w.section("", [
            w.text_input(REASON_INPUT, "Reason", hint="Kept on the row and in the audit log"),
            w.buttons(w.button("Reject", view.action_url, filled=True, do="reject_confirmed", key=row.key),
                      w.button("Cancel", view.action_url, do="refresh", message=row.message_id)),
        ])], name="reject")


def edited_fields(form: dict[str, str], row: StagedRow) -> dict[str, str]:
    """Only what the reviewer changed, so the audit log says what they did, not what they saw."""
    if not any(name.startswith(FIELD_INPUT) for name in form):
        return {}  # not the edit form: never read as "every field emptied"
    changed = {}
    for name in FIELDS:
        if FIELD_INPUT + name not in form and getattr(row, name) is None:
            continue  # an empty input may be absent from the event altogether
        typed = form.get(FIELD_INPUT + name, "").strip()
        current = getattr(row, name)
        if typed != ("" if current is None else str(current)):
            changed[name] = typed
    return changed
