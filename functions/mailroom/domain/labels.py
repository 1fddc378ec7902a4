"""Gmail labels that show a thread's ERP status, all nested under one parent (default `ERP`).

| label                | documents in status                          |
|----------------------|----------------------------------------------|
| ERP/Staged           | EXTRACTED, AUTO_APPROVED, APPROVED (waiting)  |
| ERP/Needs review     | NEEDS_REVIEW                                 |
| ERP/On hold          | ON_HOLD                                      |
| ERP/Duplicate        | DUPLICATE                                    |
| ERP/Rejected         | REJECTED                                     |
| ERP/Posted           | POSTED                                       |
| ERP/Paid             | PAID                                         |
| ERP/Cancelled        | CANCELLED                                    |
| ERP/Error            | ERROR                                        |

A thread with several documents carries one label per distinct status."""

from collections.abc import Iterable

from mailroom.domain.status import Status

_LEAF: dict[Status, str | None] = {
    Status.RECEIVED: None,  # not read yet: no label, so the inbox shows no half-truths
    Status.EXTRACTED: "Staged",
    Status.AUTO_APPROVED: "Staged",
    Status.APPROVED: "Staged",
    Status.NEEDS_REVIEW: "Needs review",
    Status.ON_HOLD: "On hold",
    Status.DUPLICATE: "Duplicate",
    Status.REJECTED: "Rejected",
    Status.POSTED: "Posted",
    Status.PAID: "Paid",
    Status.CANCELLED: "Cancelled",
    Status.ERROR: "Error",
}


def label_for(status: Status, parent: str) -> str | None:
    leaf = _LEAF[status]
    return f"{parent}/{leaf}" if leaf else None


def all_labels(parent: str) -> set[str]:
    return {f"{parent}/{leaf}" for leaf in _LEAF.values() if leaf}


def wanted_labels(statuses: Iterable[Status], parent: str) -> set[str]:
    return {label for s in statuses if (label := label_for(s, parent))}
