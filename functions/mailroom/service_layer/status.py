"""Counts per status and per stage, for `mailroom status` and the add-on's homepage."""

from collections import Counter
from typing import Any

from mailroom.domain.status import Status
from mailroom.service_layer.services import Services


def pipeline_status(services: Services) -> dict[str, Any]:
    documents = Counter(d.status.value for d in services.state.documents())
    rows = services.sheet.rows()
    return {
        "messages": services.state.message_outcomes(),
        "documents": {"total": sum(documents.values()), **dict(sorted(documents.items()))},
        "staged": len(rows),
        "needs_review": documents[Status.NEEDS_REVIEW] + documents[Status.EXTRACTED],
        "approved": documents[Status.APPROVED] + documents[Status.AUTO_APPROVED],
        "posted": documents[Status.POSTED] + documents[Status.PAID],
        "paid": documents[Status.PAID],
        "errors": documents[Status.ERROR],
        "duplicates": documents[Status.DUPLICATE],
    }
