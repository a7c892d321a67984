"""Every record, enum and field a schema defines, read straight from the parsed JSON.

The governance rules (documentation, field conventions, sensitive data) look at every
element of a schema, nested ones included, where ``shape`` only follows what the top-level
records reach. Avro named types are visited where they are defined; JSON Schema subschemas
where they are written (``$defs`` included); Protobuf messages, enums and fields where the
file declares them (``protoview``), so each element is seen once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from schemalint.lint.memo import per_schema
from schemalint.lint.rule_model import SchemaContext
from schemalint.lint.shape import (
    AVRO_PRIMITIVES,
    CONTAINER,
    JSON_KINDS,
    MAPPING,
    PRIMITIVE_KINDS,
    PROPERTY,
    Element,
    as_list,
    full_avro_name,
    new_element,
    place_path,
    place_pointer,
    shared_kinds,
)
from schemalint.model import Schema, SchemaType
from schemalint.sourcemap import join_pointer, unescape_pointer_token


def elements(schema: Schema) -> list[Element]:
    """Every element of an Avro, JSON Schema or Protobuf schema, walked once per schema."""
    return per_schema(schema, "walk.elements", lambda: _walk(schema))


def _walk(schema: Schema) -> list[Element]:
    try:
        if schema.schema_type is SchemaType.AVRO:
            return _AvroWalk(schema.document).run()
        if schema.schema_type is SchemaType.JSON:
            return _JsonWalk(schema.document).run()
        if schema.schema_type is SchemaType.PROTOBUF and schema.parsed is not None:
            # Imported here: the Protobuf model needs the protobuf package, an optional extra.
            from schemalint.lint.protobuf_view import declarations

            return declarations(schema)
    except RecursionError:
        return []
    return []


def fields_of(schema: Schema) -> list[Element]:
    """The fields among ``elements``, listed once per schema for the rules that ask."""
    return per_schema(schema, "walk.fields", lambda: [
        element for element in elements(schema) if element.kind == "field"])


def context_elements(ctx: SchemaContext) -> list[Element]:
    """``elements`` of the context's schema, walked once for every rule that asks."""
    return elements(ctx.schema)


def context_fields(ctx: SchemaContext) -> list[Element]:
    return fields_of(ctx.schema)


def _doc(node: Mapping[str, Any], key: str) -> str | None:
    value = node.get(key)
    return value if isinstance(value, str) else None


class _AvroWalk:
    def __init__(self, document: Any) -> None:
        self.document = document
        self.named: dict[str, str] = {}
        self._index(document, "")

    def _index(self, node: Any, namespace: str) -> None:
        if isinstance(node, list):
            for branch in node:
                self._index(branch, namespace)
        elif isinstance(node, MAPPING):
            kind = node.get("type")
            if kind in ("record", "error", "enum", "fixed") and isinstance(node.get("name"), str):
                full = full_avro_name(node, namespace)
                self.named.setdefault(full, "record" if kind == "error" else str(kind))
                inner = full.rpartition(".")[0]
                for item in as_list(node.get("fields")):
                    if isinstance(item, MAPPING):
                        self._index(item.get("type"), inner)
            elif kind == "array":
                self._index(node.get("items"), namespace)
            elif kind == "map":
                self._index(node.get("values"), namespace)
            elif isinstance(kind, CONTAINER):
                self._index(kind, namespace)

    def run(self) -> list[Element]:
        found: list[Element] = []
        self._walk(self.document, "", "", "", found.append)
        return found

    # Appending to one list rather than ``yield from``: a generator chain passes every
    # element up through each level, quadratic in the nesting depth.
    def _walk(self, node: Any, pointer: str, namespace: str, path: str,
              emit: Callable[[Element], None]) -> None:
        if isinstance(node, list):
            for index, branch in enumerate(node):
                self._walk(branch, join_pointer(pointer, index), namespace, path, emit)
            return
        if not isinstance(node, MAPPING):
            return
        kind = node.get("type")
        if kind in ("record", "error", "enum") and isinstance(node.get("name"), str):
            full = full_avro_name(node, namespace)
            short = full.rsplit(".", 1)[-1]
            here = f"{path}.{short}" if path else short
            emit(Element("enum" if kind == "enum" else "record", short, full, pointer, here,
                          node, _doc(node, "doc")))
            if kind == "enum":
                return
            inner = full.rpartition(".")[0]
            # The loop below runs once per field of every record (millions in the largest
            # schemas): the common cases are tested first and inline.
            for index, item in enumerate(as_list(node.get("fields"))):
                if item.__class__ is not dict and not isinstance(item, MAPPING):
                    continue
                name = item.get("name")
                if name.__class__ is not str and not isinstance(name, str):
                    continue
                field_type = item.get("type")
                if field_type.__class__ is str and field_type in AVRO_PRIMITIVES:
                    kinds, logical = PRIMITIVE_KINDS[field_type], None
                else:
                    kinds, logical = self._kinds(field_type, inner)
                doc = item.get("doc")
                emit(new_element(Element, (
                    "field", name, full, pointer, here, item, doc if isinstance(doc, str) else None,
                    kinds, logical, field_type, index, None)))
                # Only a list or an object can hold more elements: most fields name a type.
                if field_type.__class__ is not str and isinstance(field_type, CONTAINER):
                    self._walk(field_type, f"{pointer}/fields/{index}/type", inner,
                               f"{here}.{name}", emit)
            return
        if kind == "array":
            self._walk(node.get("items"), join_pointer(pointer, "items"), namespace, path,
                       emit)
        elif kind == "map":
            self._walk(node.get("values"), join_pointer(pointer, "values"), namespace,
                       path, emit)
        elif isinstance(kind, CONTAINER):
            self._walk(kind, join_pointer(pointer, "type"), namespace, path, emit)

    def _kinds(self, node: Any, namespace: str) -> tuple[frozenset[str], str | None]:
        if node.__class__ is str and node in AVRO_PRIMITIVES:
            return PRIMITIVE_KINDS[node], None
        kinds: set[str] = set()
        logical: str | None = None
        for branch in node if isinstance(node, list) else [node]:
            if isinstance(branch, str):
                if branch in AVRO_PRIMITIVES:
                    kinds.add(branch)
                else:
                    full = branch if "." in branch or not namespace else f"{namespace}.{branch}"
                    kinds.add(self.named.get(full) or self.named.get(branch) or "record")
            elif isinstance(branch, MAPPING):
                kind = branch.get("type")
                if isinstance(kind, str):
                    kinds.add("record" if kind == "error" else kind)
                if isinstance(branch.get("logicalType"), str) and logical is None:
                    logical = branch["logicalType"]
                elif isinstance(branch.get("connect.name"), str) and logical is None:
                    logical = branch["connect.name"]
        return shared_kinds(kinds), logical


SUBSCHEMA_MAPS = ("$defs", "definitions", "patternProperties", "dependentSchemas")
SUBSCHEMA_ONE = ("additionalProperties", "unevaluatedProperties", "items", "additionalItems",
                  "unevaluatedItems", "contains", "propertyNames", "not", "if", "then", "else")
SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
SUBSCHEMA_KEYWORDS = frozenset((*SUBSCHEMA_MAPS, *SUBSCHEMA_ONE, *SUBSCHEMA_LISTS))


# A property schema with one of these keywords may hold or point at more than its type says.
_NOT_LEAF = frozenset(("$ref", "properties", "enum", "const", *SUBSCHEMA_KEYWORDS))
_LEAF_KINDS = {kind: frozenset({mapped}) for kind, mapped in JSON_KINDS.items()
               if mapped != "record"}


def _leaf_kinds(node: Any) -> frozenset[str] | None:
    """The kinds of a plain scalar property schema (``{"type": "string", ...}`` with nothing
    to walk into or dereference), as ``_field_kinds`` reads them; None for any other."""
    if node.__class__ is not dict:
        return None
    kind = node.get("type")
    if kind.__class__ is not str or kind not in _LEAF_KINDS or not _NOT_LEAF.isdisjoint(node):
        return None
    return _LEAF_KINDS[kind]


def json_kinds(node: Any) -> set[str]:
    kinds: set[str] = set()
    if isinstance(node, MAPPING):
        types = node.get("type")
        for kind in types if isinstance(types, list) else [types]:
            if isinstance(kind, str):
                kinds.add(JSON_KINDS.get(kind, kind))
        if not kinds and isinstance(node.get("properties"), Mapping):
            kinds.add("record")
    return kinds


class _JsonWalk:
    def __init__(self, document: Any) -> None:
        self.document = document

    def deref(self, node: Any) -> Any:
        for _ in range(16):
            if not (isinstance(node, MAPPING) and isinstance(node.get("$ref"), str)
                    and node["$ref"].startswith("#")):
                return node
            target: Any = self.document
            for token in node["$ref"][1:].split("/")[1:]:
                token = unescape_pointer_token(token)
                if isinstance(target, MAPPING) and token in target:
                    target = target[token]
                elif isinstance(target, list) and token.isdigit() and int(token) < len(target):
                    target = target[int(token)]
                else:
                    return node
            node = target
        return node

    def run(self) -> list[Element]:
        root = self.document
        title = root.get("title") if isinstance(root, MAPPING) else None
        found: list[Element] = []
        self._walk(root, "", title if isinstance(title, str) else "", found.append)
        return found

    def _walk(self, node: Any, pointer: str, path: str,
              emit: Callable[[Element], None]) -> None:
        if not isinstance(node, MAPPING):
            return
        title = node.get("title") if isinstance(node.get("title"), str) else None
        kinds = json_kinds(node)
        properties = node.get("properties")
        if "record" in kinds or isinstance(properties, MAPPING):
            emit(Element("record", title or path.rsplit(".", 1)[-1], title or path, pointer,
                         path, node, _doc(node, "description")))
        if isinstance(node.get("enum"), list):
            emit(Element("enum", title or path.rsplit(".", 1)[-1], title or path, pointer,
                         path, node, _doc(node, "description")))
        if isinstance(properties, MAPPING):
            for name, value in properties.items():
                # Once per property (hundreds of thousands in the largest schemas): a plain
                # scalar property holds nothing more to walk, and its kinds are its type's.
                leaf = _leaf_kinds(value)
                if leaf is not None:
                    logical = value.get("format")
                    emit(new_element(Element, (
                        "field", name, "", pointer, path, value,
                        _doc(value, "description"), leaf,
                        logical if isinstance(logical, str) else None, value, PROPERTY, None)))
                    continue
                if isinstance(value, MAPPING):
                    target = self.deref(value)
                    field_kinds, logical = self._field_kinds(target)
                    emit(Element("field", name, "", pointer, path, value,
                                 _doc(value, "description"), shared_kinds(field_kinds), logical,
                                 target, PROPERTY))
                self._walk(value, place_pointer(pointer, PROPERTY, name), place_path(path, name),
                           emit)
        if SUBSCHEMA_KEYWORDS.isdisjoint(node):
            return  # most subschemas (a property's) hold no other: skip asking for each
        for keyword in SUBSCHEMA_MAPS:
            children = node.get(keyword)
            if isinstance(children, MAPPING):
                for name, value in children.items():
                    child_path = name if keyword in ("$defs", "definitions") else path
                    self._walk(value, join_pointer(pointer, keyword, name), child_path, emit)
        for keyword in SUBSCHEMA_ONE:
            child = node.get(keyword)
            if isinstance(child, MAPPING):
                self._walk(child, join_pointer(pointer, keyword), path, emit)
            elif keyword == "items" and isinstance(child, list):
                for index, value in enumerate(child):
                    self._walk(value, join_pointer(pointer, keyword, index), path, emit)
        for keyword in SUBSCHEMA_LISTS:
            for index, value in enumerate(as_list(node.get(keyword))):
                self._walk(value, join_pointer(pointer, keyword, index), path, emit)

    def _field_kinds(self, node: Any) -> tuple[set[str], str | None]:
        if not isinstance(node, MAPPING):
            return set(), None
        kinds = json_kinds(node)
        logical = node.get("format") if isinstance(node.get("format"), str) else None
        for keyword in ("oneOf", "anyOf"):
            for branch in as_list(node.get(keyword)):
                sub, sub_logical = self._field_kinds(self.deref(branch))
                kinds |= sub
                logical = logical or sub_logical
        if isinstance(node.get("enum"), list) or "const" in node:
            kinds.add("enum")
        return kinds, logical
