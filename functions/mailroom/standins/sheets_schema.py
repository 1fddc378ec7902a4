"""Request checking against the Sheets v4 discovery document bundled with google-api-python-client,
so a misspelt field or enum value fails here with 400 as it would against Google, instead of
being silently ignored by a lenient fake."""

import json
from functools import cache
from typing import Any

from googleapiclient.discovery_cache import get_static_doc


@cache
def discovery() -> dict[str, Any]:
    text = get_static_doc("sheets", "v4")
    assert text, "google-api-python-client ships the Sheets v4 discovery document"
    return dict(json.loads(text))


def request_kinds() -> frozenset[str]:
    """The 74 kinds of `spreadsheets.batchUpdate` request (`schemas.Request`)."""
    return frozenset(discovery()["schemas"]["Request"]["properties"])


def body_problems(body: Any, schema: str) -> list[str]:
    """Where `body` does not fit the named schema: unknown fields, wrong JSON types, bad enums."""
    return _problems(body, {"$ref": schema}, "")


def parameter_problems(method: str, args: dict[str, list[str]]) -> list[str]:
    """Unknown or badly valued query parameters of a method (`values.append`, `get`, …),
    and required ones that are missing. Path parameters are the route's business."""
    resource = discovery()["resources"]["spreadsheets"]
    *path, name = method.split(".")
    for part in path:
        resource = resource["resources"][part]
    declared = resource["methods"][name]["parameters"]
    query = {key: spec for key, spec in declared.items() if spec["location"] == "query"}
    problems = [
        f"Unknown query parameter '{key}'"
        for key in args
        if key not in query and key not in _STANDARD
    ]
    for key, spec in query.items():
        if spec.get("required") and key not in args:
            problems.append(f"'{key}' is required")
        problems += [
            f"Invalid value for '{key}': {value}"
            for value in args.get(key, [])
            if "enum" in spec and value not in spec["enum"]
        ]
    return problems


_STANDARD = frozenset(
    {"alt", "fields", "key", "prettyPrint", "quotaUser", "access_token", "$.xgafv"}
)
_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "boolean": (bool,),
    "integer": (int,),
    "number": (int, float),
    "object": (dict,),
    "array": (list,),
}


def _problems(value: Any, spec: dict[str, Any], where: str) -> list[str]:
    if "$ref" in spec:
        spec = discovery()["schemas"][spec["$ref"]]
    kind = spec.get("type", "object")
    if kind == "any":
        return []
    allowed = _JSON_TYPES[kind]
    # JSON has one number type: an integer field given 3.0 is fine, a bool is never a number.
    wrong_type = isinstance(value, bool) and kind != "boolean" or not isinstance(value, allowed)
    whole_number = kind == "integer" and isinstance(value, float) and value.is_integer()
    if wrong_type and not whole_number:
        return [f"Invalid value at '{where or 'body'}' ({kind}): {value!r}"]
    if "enum" in spec and value not in spec["enum"]:
        return [f"Invalid value at '{where}' (enum): {value!r}"]
    if kind == "array":
        return [
            p
            for i, item in enumerate(value)
            for p in _problems(item, spec["items"], f"{where}[{i}]")
        ]
    if kind != "object":
        return []
    fields = spec.get("properties", {})
    problems = []
    for key, item in value.items():
        inner = f"{where}.{key}" if where else key
        if key in fields:
            problems += _problems(item, fields[key], inner)
        elif "additionalProperties" in spec:
            problems += _problems(item, spec["additionalProperties"], inner)
        else:
            problems.append(f"Unknown name \"{key}\" at '{where or 'body'}': Cannot find field.")
    return problems
