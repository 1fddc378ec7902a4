"""Drive v3 search (`q`) and partial responses (`fields`) for the Drive stand-in.

Only the query terms mailroom sends are understood; anything else is refused the way Drive
refuses a malformed query (400 invalid), so an adapter cannot start relying on a term the
stand-in would silently ignore. Terms are joined by `and`:

    appProperties has { key='K' and value='V' }     name = 'X'      mimeType = 'X' / != 'X'
    'ID' in parents                                  trashed = true / false
"""

import re
from collections.abc import Callable
from typing import Any

Predicate = Callable[[dict[str, Any]], bool]

_STRING = r"'((?:\\.|[^'\\])*)'"
_TERMS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], Predicate]]] = [
    (re.compile(rf"appProperties has \{{\s*key\s*=\s*{_STRING}\s+and\s+"
                rf"value\s*=\s*{_STRING}\s*\}}"),
     lambda m: lambda f: f.get("appProperties", {}).get(_unquote(m[1])) == _unquote(m[2])),
    (re.compile(rf"(name|mimeType)\s*(!?=)\s*{_STRING}"),
     lambda m: lambda f: (f.get(m[1]) == _unquote(m[3])) == (m[2] == "=")),
    (re.compile(rf"{_STRING}\s+in\s+parents"),
     lambda m: lambda f: _unquote(m[1]) in f.get("parents", [])),
    (re.compile(r"trashed\s*=\s*(true|false)"),
     lambda m: lambda f: f.get("trashed", False) == (m[1] == "true")),
]
_SPLIT = re.compile(rf"{_STRING}|[{{}}]|\s+and\s+")


class QueryError(ValueError):
    """The query uses syntax this stand-in (or Drive) does not accept."""


def parse_query(q: str) -> Predicate:
    predicates = [_term(t) for t in _split_terms(q)] if q.strip() else []
    return lambda file: all(p(file) for p in predicates)


def _split_terms(q: str) -> list[str]:
    """Split on `and` outside quotes and braces (the `has { ... and ... }` keeps its own)."""
    terms, start, depth = [], 0, 0
    for match in _SPLIT.finditer(q):
        token = match.group(0)
        depth += {"{": 1, "}": -1}.get(token, 0)
        if depth == 0 and token.strip() == "and":
            terms.append(q[start:match.start()])
            start = match.end()
    return [t.strip() for t in [*terms, q[start:]]]


def _term(text: str) -> Predicate:
    for pattern, build in _TERMS:
        match = pattern.fullmatch(text)
        if match:
            return build(match)
    raise QueryError(f"Invalid Value: unsupported query term {text!r}")


def _unquote(literal: str) -> str:
    return re.sub(r"\\(.)", r"\1", literal)


def select(resource: dict[str, Any], fields: str) -> dict[str, Any]:
    """The partial response for `fields`, e.g. `nextPageToken,files(id,appProperties)`."""
    if fields.strip() == "*":
        return resource
    chosen: dict[str, Any] = {}
    for name, inner in _parse_fields(fields):
        if name not in resource:
            continue
        value = resource[name]
        if inner and isinstance(value, list):
            value = [select(item, inner) for item in value]
        elif inner and isinstance(value, dict):
            value = select(value, inner)
        chosen[name] = value
    return chosen


def _parse_fields(fields: str) -> list[tuple[str, str]]:
    """`a,b(c,d)` → [("a", ""), ("b", "c,d")], splitting only on top-level commas."""
    parts, depth, current = [], 0, ""
    for char in fields + ",":
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            name, _, inner = current.strip().partition("(")
            parts.append((name.strip(), inner.removesuffix(")")))
            current = ""
        else:
            current += char
    return [p for p in parts if p[0]]
