"""Field defaults as Avro 1.12's Java parser judges them (``Schema.isValidDefault``).

Since Avro 1.12 (AVRO-3649) a union default is valid when it matches *any* branch, not only
the first one as the 1.11 line and the older specification required.
"""

from __future__ import annotations

from typing import Any

from schemalint.formats.avro.nodes import Node
from schemalint.regexes import lazy_compile

_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1
_LONG_MIN, _LONG_MAX = -(2**63), 2**63 - 1

# What Java's Double.parseDouble accepts (hexadecimal forms aside).
_JAVA_DOUBLE = lazy_compile(
    r"[\x00-\x20]*[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)[\x00-\x20]*\Z"
)


def java_parse_double(text: str) -> float | None:
    """Java parses a textual default of a float or double field into a number."""
    match = _JAVA_DOUBLE.match(text)
    if match is None:
        return None
    body = text.strip("".join(chr(code) for code in range(33))).rstrip("fFdD")
    if body.lstrip("+-") == "Infinity":
        return float(body.replace("Infinity", "inf"))
    return float(body)


def is_valid_default(node: Node, value: Any) -> bool:
    kind = node.kind
    if kind in ("string", "bytes", "enum", "fixed"):
        return isinstance(value, str)
    if kind == "int":
        return type(value) is int and _INT_MIN <= value <= _INT_MAX
    if kind == "long":
        return type(value) is int and _LONG_MIN <= value <= _LONG_MAX
    if kind in ("float", "double"):
        return type(value) in (int, float)
    if kind == "boolean":
        return type(value) is bool
    if kind == "null":
        return value is None
    if kind == "array":
        assert node.items is not None
        return isinstance(value, list) and all(is_valid_default(node.items, item)
                                               for item in value)
    if kind == "map":
        assert node.values is not None
        return isinstance(value, dict) and all(is_valid_default(node.values, item)
                                               for item in value.values())
    if kind == "union":
        return any(is_valid_default(branch, value) for branch in node.branches)
    if kind == "record":
        if not isinstance(value, dict):
            return False
        for field in node.fields:
            if field.name in value:
                if not is_valid_default(field.type, value[field.name]):
                    return False
            elif not field.has_default or not is_valid_default(field.type, field.default):
                return False
        return True
    return False
