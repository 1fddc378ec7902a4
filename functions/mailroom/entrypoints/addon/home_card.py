"""The homepage: the review queue at a glance, what failed, and the way to the Sheet."""

from google.apps.card_v1 import types as c

from mailroom.domain.status import Status
from mailroom.entrypoints.addon import widgets as w
from mailroom.entrypoints.addon.present import STATUS, View
from mailroom.service_layer.addon_queries import QueueSummary


def home_card(view: View, queue: QueueSummary) -> c.Card:
    counts = [w.fact(STATUS[status][0], str(queue.counts[status])) for status in Status if queue.counts[status]]
    oldest = queue.oldest_waiting
    waiting = [w.fact("Oldest waiting", w.escape(oldest.subject or oldest.filename),
                      w.escape(f"since {oldest.received_at:%Y-%m-%d %H:%M}") if oldest.received_at else "")] \
        if oldest else [w.paragraph("Nothing is waiting for a reviewer.")]
    sections = [w.section("Review queue", (counts or [w.paragraph("No documents yet.")]) + waiting)]
    if queue.failed:
        sections.append(w.section(f"Failed ({queue.counts[Status.ERROR]})", [
            w.fact(w.escape(r.filename), w.escape(r.error or "unknown error"), w.escape(r.subject)) for r in queue.failed
        ]))
    footer = [w.button("Refresh", view.action_url, do="home")]
    if view.sheet_url:
        footer.append(w.link("Open the Sheet", view.sheet_url))
    sections.append(w.section("", [w.buttons(*footer)]))
    return w.card("mailroom", f"Signed in as {w.escape(view.user.email)}", sections, name="home")
