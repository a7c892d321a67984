"""The current schema of a subject as a table of fields, the same for every format.

Rows are the field paths a consumer names (``customer.email``, ``lines[].sku``:
``contracts.paths``), through nested records, arrays, maps and unions, each with what the
schema's view says of the field declared there (its type, default and doc), matched by
pointer.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, NamedTuple

from schemalint.contracts.paths import field_paths as read_paths
from schemalint.model import Schema
from schemalint.view import Element


class FieldRow(NamedTuple):
    path: str
    type: str
    # The default as JSON text, None when the field has none.
    default: str | None
    doc: str | None


def field_rows(schema: Schema) -> list[FieldRow]:
    declared = {element.pointer: element for element in schema.view.fields}
    rows = []
    for path, pointer in _paths(schema):
        element = declared.get(pointer)
        if element is None:
            rows.append(FieldRow(path, "?", None, None))
        else:
            rows.append(FieldRow(path, type_text(element), _default_text(element),
                                 element.doc))
    return rows


def field_paths(schema: Schema) -> frozenset[str]:
    return frozenset(path for path, _ in _paths(schema))


def _paths(schema: Schema) -> list[tuple[str, str]]:
    try:
        return read_paths(schema)
    except RecursionError:
        # Records reached again by another way and walked round (a recursive Protobuf
        # message): the top-level fields, as the view declares them, still make a table.
        roots = schema.view.roots
        return [(name, element.pointer) for name, element in roots[0].fields.items()] \
            if roots else []


def type_text(element: Element) -> str:
    """A field's type as a reader of the format would write it, in a few words."""
    if element.number is not None:  # Protobuf: the compiled type
        written = element.field_type or "?"
        return f"repeated {written}" if element.repeated else written
    declared = element.declaration
    if "type" in declared and "name" in declared and isinstance(declared.get("name"), str) \
            and not _is_json_schema(declared):
        return _avro_type(declared["type"])
    return _json_type(declared, element)


def _is_json_schema(declared: Mapping[str, Any]) -> bool:
    return any(key in declared for key in ("properties", "$ref", "items", "description",
                                           "enum", "format", "anyOf", "oneOf"))


def _avro_type(node: Any) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, list):
        return " | ".join(_avro_type(branch) for branch in node)
    if isinstance(node, dict):
        logical = node.get("logicalType")
        kind = node.get("type")
        if isinstance(logical, str):
            return f"{logical} ({_avro_type(kind)})"
        if kind == "array":
            return f"array<{_avro_type(node.get('items'))}>"
        if kind == "map":
            return f"map<{_avro_type(node.get('values'))}>"
        name = node.get("name")
        if isinstance(name, str) and kind in ("record", "enum", "fixed"):
            return f"{kind} {name}"
        return _avro_type(kind)
    return "?"


def _json_type(declared: Mapping[str, Any], element: Element) -> str:
    ref = declared.get("$ref")
    if isinstance(ref, str):
        return ref.rsplit("/", 1)[-1] or ref
    kind = declared.get("type")
    if isinstance(kind, list):
        text = " | ".join(str(item) for item in kind)
    elif isinstance(kind, str):
        text = kind
    else:
        text = " | ".join(sorted(element.kinds)) or "any"
    if text == "array" and isinstance(declared.get("items"), Mapping):
        items = declared["items"]
        inner = items.get("type") or (items.get("$ref", "").rsplit("/", 1)[-1]) or "any"
        text = f"array<{inner if isinstance(inner, str) else ' | '.join(map(str, inner))}>"
    formatted = declared.get("format") or element.logical
    if isinstance(formatted, str):
        text = f"{text} ({formatted})"
    return text


def _default_text(element: Element) -> str | None:
    if not element.has_default:
        return None
    return json.dumps(element.default, sort_keys=True, ensure_ascii=False)
