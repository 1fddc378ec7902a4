"""A small local ERP, so the whole flow runs without one: numbered entries, a duplicate check
on the vendor's reference, and the states an accountant moves them through.

Numbers run per prefix and year without gaps (BILL/2026/0001, BILL/2026/0002, ...): the next
number is taken inside the same write transaction that inserts the entry, so two processes
cannot take the same one, and a posting that is refused or retried consumes none."""

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

from mailroom.adapters.local.sqlite_db import SqliteDatabase
from mailroom.domain.errors import InvalidTransition, NotFoundError, PermanentError
from mailroom.domain.models import DocumentType, ErpPosting, ErpRecord, ErpState, normalise_key
from mailroom.ports import Erp, ErpCapabilities, OriginalFile

PREFIXES: dict[DocumentType, str] = {
    "invoice": "BILL", "credit_note": "REFUND", "purchase_order": "SO",
}
# Like the document life cycle: a paid entry can still be cancelled (a refunded bill).
TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"posted", "cancelled"}),
    "posted": frozenset({"paid", "cancelled"}),
    "paid": frozenset({"cancelled"}),
    "cancelled": frozenset(),
}

MIGRATIONS = (
    """CREATE TABLE entries (
        erp_id INTEGER PRIMARY KEY AUTOINCREMENT,
        number TEXT NOT NULL UNIQUE,
        prefix TEXT NOT NULL,
        year INTEGER NOT NULL,
        sequence INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('draft', 'posted', 'paid', 'cancelled')),
        idempotency_key TEXT NOT NULL UNIQUE,
        document_type TEXT NOT NULL,
        partner_key TEXT NOT NULL,
        reference_key TEXT NOT NULL,
        posting TEXT NOT NULL,
        UNIQUE (prefix, year, sequence)
    )""",
    "CREATE INDEX entries_by_reference ON entries (partner_key, document_type, reference_key)",
)


class LedgerEntry(ErpPosting):
    """What the ledger holds: the posting as received, and where it stands."""

    erp_id: str
    number: str
    state: ErpState


class LocalLedger(Erp):
    """`confirm`, `mark_paid` and `cancel` are what an accountant does in the ERP; they take an
    erp id or a number such as BILL/2026/0001, which is what people see and type."""

    # The ledger keeps no files: the original stays in the archive, linked from the posting.
    capabilities = ErpCapabilities(attachments=False)

    def __init__(self, path: Path, *, drafts: bool = False) -> None:
        """`drafts=True` behaves like an ERP with an approval step: postings arrive as drafts
        and someone `confirm`s them."""
        self._db = SqliteDatabase(path, MIGRATIONS)
        self._initial_state: ErpState = "draft" if drafts else "posted"

    def post(self, posting: ErpPosting, attachment: OriginalFile | None = None) -> ErpRecord:
        partner_key = normalise_key(posting.partner_vat_id or posting.partner_name)
        reference_key = normalise_key(posting.reference)
        with self._db.writing() as conn:
            existing = _entry_where(conn, "idempotency_key = ?", posting.idempotency_key)
            if existing is not None:  # a retry of a posting that already went through
                return _record(existing)
            prefix, year = _prefix(posting.document_type), (posting.issue_date or _today()).year
            _refuse_duplicate(conn, posting.document_type, partner_key, reference_key)
            sequence = conn.execute(
                "SELECT COALESCE(MAX(sequence), 0) + 1 FROM entries WHERE prefix = ? AND year = ?",
                (prefix, year),
            ).fetchone()[0]
            number = f"{prefix}/{year}/{sequence:04d}"
            inserted = conn.execute(
                "INSERT INTO entries (number, prefix, year, sequence, state, idempotency_key,"
                " document_type, partner_key, reference_key, posting)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (number, prefix, year, sequence, self._initial_state, posting.idempotency_key,
                 posting.document_type, partner_key, reference_key, posting.model_dump_json()),
            )
        return ErpRecord(erp_id=str(inserted.lastrowid), number=number, state=self._initial_state,
                         link=_link(number))

    def find(self, idempotency_key: str) -> ErpRecord | None:
        with self._db.reading() as conn:
            found = _entry_where(conn, "idempotency_key = ?", idempotency_key)
        return _record(found) if found else None

    def status(self, erp_id: str) -> ErpRecord:
        with self._db.reading() as conn:
            return _record(_lookup(conn, erp_id))

    def entries(self) -> list[LedgerEntry]:
        with self._db.reading() as conn:
            found = conn.execute("SELECT * FROM entries ORDER BY erp_id").fetchall()
        return [_from_row(row) for row in found]

    def confirm(self, entry: str) -> ErpRecord:
        """Post a draft (only a ledger made with `drafts=True` has them)."""
        return self._move(entry, "posted")

    def mark_paid(self, entry: str) -> ErpRecord:
        return self._move(entry, "paid")

    def rollback(self, erp_id: str) -> None:
        """A draft becomes cancelled (the ledger keeps every number it gave out); a posted
        entry is refused."""
        record = self.status(erp_id)
        if record.state == "cancelled":
            return
        if record.state != "draft":
            raise PermanentError(f"{record.number} is {record.state}: only a draft can be rolled back")
        self.cancel(erp_id)

    def cancel(self, entry: str) -> ErpRecord:
        return self._move(entry, "cancelled")

    def _move(self, entry: str, target: ErpState) -> ErpRecord:
        """Repeating a move is harmless: an entry already in `target` stays as it is."""
        with self._db.writing() as conn:
            current = _lookup(conn, entry)
            if current.state != target and target not in TRANSITIONS[current.state]:
                raise InvalidTransition(
                    f"{current.number} is {current.state} and cannot become {target}"
                )
            conn.execute("UPDATE entries SET state = ? WHERE erp_id = ?", (target, current.erp_id))
        return _record(current.model_copy(update={"state": target}))


def _refuse_duplicate(
    conn: sqlite3.Connection, document_type: str, partner_key: str, reference_key: str
) -> None:
    """The same partner's same reference twice is a re-sent document, not a second one. A
    cancelled entry does not count: posting a corrected document in its place is normal."""
    clash = conn.execute(
        "SELECT number FROM entries WHERE partner_key = ? AND document_type = ?"
        " AND reference_key = ? AND state != 'cancelled'",
        (partner_key, document_type, reference_key),
    ).fetchone()
    if clash is not None:
        raise PermanentError(f"this {document_type} is already in the ledger as {clash['number']}")


def _lookup(conn: sqlite3.Connection, entry: str) -> LedgerEntry:
    found = _entry_where(conn, "CAST(erp_id AS TEXT) = ? OR number = ?", entry, entry)
    if found is None:
        raise NotFoundError(f"no ledger entry {entry}")
    return found


def _entry_where(conn: sqlite3.Connection, where: str, *parameters: str) -> LedgerEntry | None:
    """`where` is fixed text with `?` placeholders, written in this module."""
    row = conn.execute(f"SELECT * FROM entries WHERE {where}", parameters).fetchone()
    return _from_row(row) if row else None


def _from_row(row: sqlite3.Row) -> LedgerEntry:
    posting = ErpPosting.model_validate_json(row["posting"])
    return LedgerEntry(**posting.model_dump(), erp_id=str(row["erp_id"]), number=row["number"],
                       state=row["state"])


def _record(entry: LedgerEntry) -> ErpRecord:
    return ErpRecord(erp_id=entry.erp_id, number=entry.number, state=entry.state,
                     link=_link(entry.number))


def _link(number: str) -> str:
    return f"ledger://{number}"


def _prefix(document_type: DocumentType) -> str:
    try:
        return PREFIXES[document_type]
    except KeyError:
        raise PermanentError(
            f"the ledger takes {', '.join(PREFIXES)}, not '{document_type}': set the document type"
        ) from None


def _today() -> date:
    return datetime.now(UTC).date()
