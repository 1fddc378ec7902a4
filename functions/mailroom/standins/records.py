"""An in-memory record store for the ERP stand-ins: tables of dicts with integer ids, a field
list per model (so an unknown field fails as it would in the ERP), and the comparison operators
Odoo domains and Frappe filters share, with SQL LIKE semantics for the pattern ones."""

import copy
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any


class UnknownField(KeyError):
    def __init__(self, model: str, field: str) -> None:
        super().__init__(field)
        self.model, self.field = model, field


class RecordStore:
    def __init__(self, schema: dict[str, Iterable[str]], *, empty: Any = False) -> None:
        """`empty` is what an unset field reads as: False in Odoo, null in Frappe."""
        self.empty = empty
        self.schema = {model: frozenset(fields) | {"id"} for model, fields in schema.items()}
        self.tables: dict[str, dict[int, dict[str, Any]]] = {model: {} for model in schema}
        self._next_id = dict.fromkeys(schema, 1)
        self.lock = threading.RLock()  # the server is threaded; one request changes state at a time

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing, as the ERP's database transaction: a request that fails half-way
        (a bill inserted, then a line refused) leaves no trace."""
        with self.lock:
            saved = copy.deepcopy((self.tables, self._next_id))
            try:
                yield
            except BaseException:
                self.tables, self._next_id = saved
                raise

    def check_fields(self, model: str, fields: Iterable[str]) -> None:
        for field in fields:
            if field not in self.schema[model]:
                raise UnknownField(model, field)

    def insert(self, model: str, values: dict[str, Any]) -> int:
        self.check_fields(model, values)
        with self.lock:
            record_id = self._next_id[model]
            self._next_id[model] += 1
            self.tables[model][record_id] = dict.fromkeys(self.schema[model], self.empty) | values | {"id": record_id}
        return record_id

    def get(self, model: str, record_id: int) -> dict[str, Any] | None:
        return self.tables[model].get(record_id)

    def update(self, model: str, record_id: int, values: dict[str, Any]) -> None:
        self.check_fields(model, values)
        with self.lock:
            self.tables[model][record_id].update(values)

    def select(self, model: str, keep: Callable[[dict[str, Any]], bool]) -> list[dict[str, Any]]:
        with self.lock:
            return [row for _, row in sorted(self.tables[model].items()) if keep(row)]


def compare(value: Any, operator: str, operand: Any) -> bool:
    """`value` as stored (a many2one as its id, an x2many as a list of ids)."""
    if operator in ("=", "!="):
        equal = operand in value if isinstance(value, list) and not isinstance(operand, list) else value == operand
        return equal if operator == "=" else not equal
    if operator in ("in", "not in"):
        found = bool(set(value) & set(operand)) if isinstance(value, list) else value in operand
        return found if operator == "in" else not found
    if operator in ("<", "<=", ">", ">="):
        return value is not False and value is not None and _ORDER[operator](value, operand)
    if operator in _PATTERN_OPERATORS:
        return _like(value, operator, operand)
    raise ValueError(f"Invalid leaf operator {operator!r}")


_PATTERN_OPERATORS = frozenset({"like", "ilike", "=like", "=ilike", "not like", "not ilike"})
_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
}


def _like(value: Any, operator: str, operand: Any) -> bool:
    """`like`/`ilike` (Odoo) wrap the operand in %…%; `=like`/`=ilike` take it as the pattern."""
    negate = operator.startswith("not ")
    core = operator.removeprefix("not ")
    pattern = str(operand) if core.startswith("=") else f"%{operand}%"
    flags = re.IGNORECASE if "ilike" in core else 0
    matched = bool(value) and re.fullmatch(like_regex(pattern), str(value), flags | re.DOTALL) is not None
    return matched != negate


def like_regex(pattern: str) -> str:
    """SQL LIKE to a regular expression: % any run, _ one character, backslash escapes."""
    out, chars = [], iter(pattern)
    for char in chars:
        if char == "\\":
            out.append(re.escape(next(chars, "\\")))
        else:
            out.append({"%": ".*", "_": "."}.get(char, re.escape(char)))
    return "".join(out)
