"""Confluent's canonical string for an Avro schema: Java's ``Schema.toString()``.

Compact JSON with Java's attribute order; a namespace is written only where it differs from
the enclosing one; a named type is written in full once, then by name. Types from other
files (references) are written by name, as Confluent's ``toString(referencedSchemas)`` does.
Values (defaults, custom attributes) are written as Jackson writes them.
"""

from __future__ import annotations

import json
import math
from typing import Any

from schemalint.formats.avro.names import qualified
from schemalint.formats.avro.nodes import PRIMITIVES, AvroTree, Node
from schemalint.regexes import lazy_compile

_encode_string = json.encoder.encode_basestring
_CONTROL = lazy_compile(r"\\u00([01][0-9a-f])")


def java_double(value: float) -> str:
    """Java's ``Double.toString``: 1.0, 1.0E7, 1.0E-4."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "-0.0" if math.copysign(1.0, value) < 0 else "0.0"
    # Imported here: few schemas have a floating-point default, and every hook run would pay.
    from decimal import Decimal

    sign = "-" if value < 0 else ""
    _, digit_tuple, exponent = Decimal(repr(abs(value))).as_tuple()
    digits = "".join(map(str, digit_tuple)).rstrip("0") or "0"
    assert isinstance(exponent, int)
    # value = 0.d1d2... x 10^(point); scientific exponent is point - 1.
    point = len("".join(map(str, digit_tuple))) + exponent
    if 1e-3 <= abs(value) < 1e7:
        if point <= 0:
            return f"{sign}0.{'0' * -point}{digits}"
        whole = digits[:point].ljust(point, "0")
        return f"{sign}{whole}.{digits[point:] or '0'}"
    return f"{sign}{digits[0]}.{digits[1:] or '0'}E{point - 1}"


def java_string(text: str) -> str:
    """A JSON string as Jackson writes it: non-ASCII as is, control characters as \\u00XX."""
    encoded: str = _encode_string(text)
    if "\\u00" in encoded:
        encoded = _CONTROL.sub(lambda match: "\\u00" + match.group(1).upper(), encoded)
    return encoded


def java_json(value: Any) -> str:
    """A JSON value as Jackson writes a tree: compact, doubles in Java's notation."""
    if isinstance(value, str):
        return java_string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = java_double(value)
        # Jackson quotes non-finite numbers.
        return text if math.isfinite(value) else f'"{text}"'
    if isinstance(value, dict):
        return "{" + ",".join(f"{java_string(key)}:{java_json(item)}"
                              for key, item in value.items()) + "}"
    return "[" + ",".join(java_json(item) for item in value) + "]"


def _props(out: list[str], props: tuple[tuple[str, Any], ...]) -> None:
    for key, value in props:
        out.append(f",{java_string(key)}:{java_json(value)}")


def _name(out: list[str], node: Node, current: str | None) -> None:
    out.append(f',"name":{java_string(node.name)}')
    if node.namespace is not None:
        if node.namespace != current:
            out.append(f',"namespace":{java_string(node.namespace)}')
    elif current is not None:
        out.append(',"namespace":""')


def _aliases(out: list[str], node: Node) -> None:
    if node.aliases:
        names = []
        for name, space in node.aliases:
            full = name if space is None else f"{space}.{name}"
            names.append(java_string(qualified(full, space, node.namespace)))
        out.append(',"aliases":[' + ",".join(names) + "]")


def _write(out: _Parts, node: Node, known: set[str], current: str | None) -> None:
    kind = node.kind
    if kind in PRIMITIVES:
        if node.props:
            out.append(f'{{"type":"{kind}"')
            _props(out, node.props)
            out.append("}")
        else:
            out.append(f'"{kind}"')
        return
    if kind == "union":
        out.append("[")
        for index, branch in enumerate(node.branches):
            if index:
                out.append(",")
            _write(out, branch, known, current)
        out.append("]")
        return
    if kind == "array" or kind == "map":
        child = node.items if kind == "array" else node.values
        assert child is not None
        out.append(f'{{"type":"{kind}","{"items" if kind == "array" else "values"}":')
        _write(out, child, known, current)
        _props(out, node.props)
        out.append("}")
        return
    full = node.full_name
    if full in known:
        out.append(java_string(qualified(full, node.namespace, current)))
        return
    known.add(full)
    if kind == "record":
        out.append('{"type":"error"' if node.is_error else '{"type":"record"')
        _name(out, node, current)
        if node.doc is not None:
            out.append(f',"doc":{java_string(node.doc)}')
        out.append(',"fields":[')
        space = node.namespace
        for index, field in enumerate(node.fields):
            if len(out) > _PARTS_KEPT:
                out.flush()
            # A field name is an ASCII identifier (the parser holds to it): nothing to escape.
            out.append(f',{{"name":"{field.name}"' if index else f'{{"name":"{field.name}"')
            field_type = field.type
            if field_type.kind in PRIMITIVES and not field_type.props:
                out.append(f',"type":"{field_type.kind}"')  # most fields: ``_write`` inline
            else:
                out.append(',"type":')
                _write(out, field_type, known, space)
            if field.doc is not None:
                out.append(f',"doc":{java_string(field.doc)}')
            if field.has_default:
                out.append(f',"default":{java_json(field.default)}')
            if field.order != "ascending":
                out.append(f',"order":"{field.order}"')
            if field.aliases:
                out.append(',"aliases":[' + ",".join(map(java_string, field.aliases)) + "]")
            _props(out, field.props)
            out.append("}")
        out.append("]")
    elif kind == "enum":
        out.append('{"type":"enum"')
        _name(out, node, current)
        if node.doc is not None:
            out.append(f',"doc":{java_string(node.doc)}')
        out.append(',"symbols":[' + ",".join(map(java_string, node.symbols)) + "]")
        if node.enum_default is not None:
            out.append(f',"default":{java_string(node.enum_default)}')
    else:
        out.append('{"type":"fixed"')
        _name(out, node, current)
        if node.doc is not None:
            out.append(f',"doc":{java_string(node.doc)}')
        out.append(f',"size":{node.size}')
    _props(out, node.props)
    _aliases(out, node)
    out.append("}")


class _Parts(list[str]):
    """The parts written so far, joined into chunks as they come: a record of many fields
    otherwise holds millions of small strings at once before the one join."""

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []

    def flush(self) -> None:
        self.chunks.append("".join(self))
        self.clear()

    def text(self) -> str:
        self.flush()
        return "".join(self.chunks)


_PARTS_KEPT = 1 << 14


def node_string(node: Node, known: set[str] | None = None) -> str:
    """Java's ``toString`` of one node; names in ``known`` are written by name."""
    out = _Parts()
    _write(out, node, set(known or ()), None)
    return out.text()


def tree_string(tree: AvroTree) -> str:
    """The canonical string of a parsed document, its references written by name."""
    assert tree.root is not None
    return node_string(tree.root, set(tree.external))
