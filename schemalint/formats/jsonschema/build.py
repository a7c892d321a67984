"""JSON Schema documents → the model Confluent diffs (see ``nodes``).

Two loaders, as in Confluent: drafts 4, 6 and 7 load the way Everit's ``SchemaLoader`` does
(keyword extractors in a fixed order; several results make a synthetic ``allOf``); drafts
2019-09 and 2020-12 load the way Confluent translates json-sKema's keyword tree (one piece per
keyword in document order, pieces of one type merged, the rest joined into a generated
``allOf``). The differences between the two show up in branch indexes of the diff's paths.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urljoin

from schemalint.formats.jsonschema.nodes import (
    ALL_OF,
    ANY_OF,
    ARRAY,
    BOOLEAN,
    COMBINED,
    CONDITIONAL,
    CONST,
    EMPTY,
    ENUM,
    FALSE,
    MERGEABLE,
    NOT,
    NULL,
    NUMBER,
    OBJECT,
    ONE_OF,
    REF,
    STRING,
    TRUE,
    Node,
    value_key,
)
from schemalint.formats.jsonschema.refs import RefResolver
from schemalint.sourcemap import join_pointer

DRAFT4 = "draft-04"
DRAFT6 = "draft-06"
DRAFT7 = "draft-07"
DRAFT2019 = "2019-09"
DRAFT2020 = "2020-12"
MODERN = frozenset({DRAFT2019, DRAFT2020})

_STRING_PROPS = ("minLength", "maxLength", "pattern", "format")
_NUMBER_PROPS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")
_OBJECT_PROPS_V4 = ("properties", "required", "minProperties", "maxProperties",
                    "dependencies", "patternProperties", "additionalProperties")
_OBJECT_PROPS_V6 = (*_OBJECT_PROPS_V4, "propertyNames")
_ARRAY_PROPS_V4 = ("items", "additionalItems", "minItems", "maxItems", "uniqueItems")
_ARRAY_PROPS_V6 = (*_ARRAY_PROPS_V4, "contains")
# Everit reads the combinators from a Java HashSet: this is its iteration order.
_COMBINATORS = ("allOf", "oneOf", "anyOf")
_CRITERIA = {"allOf": ALL_OF, "anyOf": ANY_OF, "oneOf": ONE_OF}

_MODERN_OBJECT = frozenset({
    "properties", "patternProperties", "additionalProperties", "required",
    "dependentRequired", "dependentSchemas", "propertyNames", "minProperties",
    "maxProperties", "unevaluatedProperties",
})
_MODERN_ARRAY = frozenset({
    "items", "prefixItems", "contains", "minItems", "maxItems", "uniqueItems",
    "unevaluatedItems", "additionalItems",
})
_MODERN_NUMBER = frozenset(_NUMBER_PROPS)
_MODERN_STRING = frozenset({"minLength", "maxLength", "pattern"})
# json-sKema resolves only $ref into the tree Confluent translates; $dynamicRef is dropped.
_REF_KEYWORDS = ("$ref",)
_LATE_KEYWORDS = ("properties", "patternProperties", "unevaluatedItems",
                  "unevaluatedProperties")
# The keywords json-sKema knows; any other key is an "unprocessed property" to it.
_SKEMA_KEYWORDS = frozenset({
    "$id", "$anchor", "$dynamicRef", "$dynamicAnchor", "$ref", "$defs", "$schema",
    "$vocabulary", "minLength", "maxLength", "allOf", "anyOf", "oneOf", "additionalProperties",
    "properties", "patternProperties", "title", "description", "readOnly", "writeOnly",
    "deprecated", "default", "enum", "const", "false", "true", "type", "not", "required",
    "maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum", "multipleOf", "uniqueItems",
    "items", "prefixItems", "contains", "minContains", "maxContains", "if", "then", "else",
    "dependentSchemas", "dependentRequired", "unevaluatedItems", "unevaluatedProperties",
    "minItems", "maxItems", "minProperties", "maxProperties", "propertyNames", "pattern",
    "format",
})


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _decimal(value: Any) -> Decimal | None:
    if not _is_number(value):
        return None
    try:
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:  # pragma: no cover - JSON numbers always convert
        return None


# The base URI a document without references is built with: nothing reads it.
_NO_REFERENCE_BASE = "urn:schemalint:no-reference"


class Builder:
    """Builds the model of one document; ``$ref`` targets are built once and shared."""

    def __init__(self, draft: str, resolver: RefResolver, *, plain: bool = False) -> None:
        self.draft = draft
        self.plain = plain
        self.modern = draft in MODERN
        self.resolver = resolver
        self.id_keyword = "id" if draft == DRAFT4 else "$id"
        self.object_props = _OBJECT_PROPS_V4 if draft == DRAFT4 else _OBJECT_PROPS_V6
        self.array_props = _ARRAY_PROPS_V4 if draft == DRAFT4 else _ARRAY_PROPS_V6
        self.targets: dict[str, Node] = {}
        self.pending: deque[Node] = deque()
        # With references about, every property is built while parsing so that a broken
        # ``$ref`` is reported then; otherwise properties are built when the diff needs them.
        self.eager = True

    def build_root(self, document: Any, *, has_refs: bool = True) -> Node:
        self.eager = has_refs
        # Only a reference reads the base URI, which costs a walk of the file system to find.
        root = self.build(document, "", True,
                          self.resolver.base_uri if has_refs else _NO_REFERENCE_BASE)
        # Resolve every reference now, so a broken one is a parse error, not a diff error.
        while self.pending:
            node = self.pending.popleft()
            if node.target is None and node._resolve is not None:
                node.target = node._resolve()
        return root

    def build(self, raw: Any, pointer: str, local: bool, base: str) -> Node:
        if raw is True:
            return Node(TRUE, pointer, raw)
        if raw is False:
            return Node(FALSE, pointer, raw)
        if not isinstance(raw, dict):
            return Node(EMPTY, pointer, raw)
        own_id = raw.get(self.id_keyword)
        if isinstance(own_id, str) and pointer and own_id:
            base = _join_uri(base, own_id)
        if self.modern:
            return self._modern(raw, pointer, local, base)
        return self._classic(raw, pointer, local, base)

    def _child(self, raw: Any, pointer: str, local: bool, base: str,
               *tokens: str | int) -> Node:
        return self.build(raw, join_pointer(pointer, *tokens) if local else pointer,
                          local, base)

    # -- references ------------------------------------------------------------------------

    def _ref(self, raw: dict[str, Any], keyword: str, pointer: str, local: bool,
             base: str) -> Node:
        node = Node(REF, pointer, raw)
        ref = raw[keyword]
        node.ref = ref
        site = join_pointer(pointer, keyword) if local else pointer

        def resolve() -> Node:
            found = self.resolver.lookup(ref, base, site)
            target = self.targets.get(found.key)
            if target is None:
                if found.local_pointer is not None and local:
                    target = self.build(found.contents, found.local_pointer, True,
                                        found.base_uri)
                else:
                    target = self.build(found.contents, site, False, found.base_uri)
                self.targets[found.key] = target
            return target

        node._resolve = resolve
        self.pending.append(node)
        return node

    # -- metadata ----------------------------------------------------------------------------

    def _metadata(self, node: Node, raw: dict[str, Any]) -> None:
        value = raw.get(self.id_keyword)
        # json-sKema consumes ``$id`` as the base URI: Confluent never sees it change.
        if isinstance(value, str) and not self.modern:
            node.id = value
        value = raw.get("title")
        if isinstance(value, str):
            node.title = value
        value = raw.get("description")
        if isinstance(value, str):
            node.description = value
        if "default" in raw and (raw["default"] is not None or not self.modern):
            node.default = raw["default"]
        if raw.get("connect.type") == "bytes":
            node.connect_bytes = True

    # -- drafts 4, 6, 7: Everit's loader ------------------------------------------------------

    def _classic(self, raw: dict[str, Any], pointer: str, local: bool, base: str) -> Node:
        if isinstance(raw.get("$ref"), str):
            node = self._ref(raw, "$ref", pointer, local, base)
            self._metadata(node, raw)
            return node
        parts: list[Node] = []
        if "enum" in raw and isinstance(raw["enum"], list):
            parts.append(self._enum(raw, pointer))
        for keyword in _COMBINATORS:
            if isinstance(raw.get(keyword), list):
                parts.append(self._combined(raw, keyword, pointer, local, base))
        if "not" in raw:
            node = Node(NOT, pointer, raw)
            node.target = self._child(raw["not"], pointer, local, base, "not")
            parts.append(node)
        if self.draft != DRAFT4 and "const" in raw:
            parts.append(self._const(raw, pointer))
        consumed: set[str] = set()
        kind = raw.get("type")
        if isinstance(kind, str):
            parts.append(self._typed(kind, raw, pointer, local, base, consumed))
        elif isinstance(kind, list):
            union = Node(COMBINED, pointer, raw)
            union.criterion = ANY_OF
            union.subs = [self._typed(str(name), raw, pointer, local, base, consumed)
                          for name in kind]
            parts.append(union)
        if any(key in raw and key not in consumed for key in self.array_props):
            parts.append(self._array(raw, pointer, local, base))
        if any(key in raw and key not in consumed for key in self.object_props):
            parts.append(self._object(raw, pointer, local, base))
        if any(key in raw and key not in consumed for key in _NUMBER_PROPS):
            parts.append(self._number(raw, pointer, False))
        if any(key in raw and key not in consumed for key in _STRING_PROPS):
            parts.append(self._string(raw, pointer))
        if self.draft == DRAFT7 and ("if" in raw or "then" in raw or "else" in raw):
            parts.append(Node(CONDITIONAL, pointer, raw))
        if not parts:
            node = Node(EMPTY, pointer, raw)
        elif len(parts) == 1:
            node = parts[0]
        else:
            node = Node(COMBINED, pointer, raw)
            node.criterion = ALL_OF
            node.subs = parts
            node.generated = True
        self._metadata(node, raw)
        if node.kind == ARRAY:
            # Unknown to Everit's draft-7 loader, so kept as plain numbers on the schema.
            for keyword in ("maxContains", "minContains"):
                if _is_number(raw.get(keyword)):
                    setattr(node, "max_contains" if keyword == "maxContains"
                            else "min_contains", raw[keyword])
        return node

    def _typed(self, kind: str, raw: dict[str, Any], pointer: str, local: bool, base: str,
               consumed: set[str]) -> Node:
        if kind == "string":
            consumed.update(_STRING_PROPS)
            return self._string(raw, pointer)
        if kind in ("integer", "number"):
            consumed.update(_NUMBER_PROPS)
            return self._number(raw, pointer, kind == "integer")
        if kind == "array":
            consumed.update(self.array_props)
            return self._array(raw, pointer, local, base)
        if kind == "object":
            consumed.update(self.object_props)
            return self._object(raw, pointer, local, base)
        if kind == "boolean":
            return Node(BOOLEAN, pointer, raw)
        return Node(NULL, pointer, raw)

    def _combined(self, raw: dict[str, Any], keyword: str, pointer: str, local: bool,
                  base: str) -> Node:
        node = Node(COMBINED, pointer, raw[keyword])
        node.criterion = _CRITERIA[keyword]
        node.subs = [self._child(branch, pointer, local, base, keyword, index)
                     for index, branch in enumerate(raw[keyword])]
        return node

    def _enum(self, raw: dict[str, Any], pointer: str) -> Node:
        node = Node(ENUM, pointer, raw["enum"])
        node.values = frozenset(value_key(item) for item in raw["enum"])
        return node

    def _const(self, raw: dict[str, Any], pointer: str) -> Node:
        node = Node(CONST, pointer, {"const": raw["const"]})
        node.values = value_key(raw["const"])
        return node

    def _string(self, raw: dict[str, Any], pointer: str) -> Node:
        node = Node(STRING, pointer, raw)
        if _is_int(raw.get("maxLength")):
            node.max_length = raw["maxLength"]
        if _is_int(raw.get("minLength")):
            node.min_length = raw["minLength"]
        if isinstance(raw.get("pattern"), str):
            node.pattern = raw["pattern"]
        return node

    def _number(self, raw: dict[str, Any], pointer: str, integer: bool) -> Node:
        node = Node(NUMBER, pointer, raw)
        node.requires_integer = integer
        if _is_number(raw.get("maximum")):
            node.maximum = raw["maximum"]
        if _is_number(raw.get("minimum")):
            node.minimum = raw["minimum"]
        # Draft 4's boolean exclusive flags carry no limit of their own: the diff ignores them.
        if _is_number(raw.get("exclusiveMaximum")):
            node.excl_max = raw["exclusiveMaximum"]
        if _is_number(raw.get("exclusiveMinimum")):
            node.excl_min = raw["exclusiveMinimum"]
        node.multiple_of = _decimal(raw.get("multipleOf"))
        return node

    def _lazy_properties(self, node: Node, properties: dict[str, Any], pointer: str,
                         local: bool, base: str) -> None:
        def build_property(name: str) -> Node:
            return self._child(properties[name], pointer, local, base, "properties", name)

        node.prop_raw = properties
        node.prop_factory = build_property
        if self.eager:
            for name in properties:
                node.prop(name)

    def _object(self, raw: dict[str, Any], pointer: str, local: bool, base: str) -> Node:
        node = Node(OBJECT, pointer, raw)
        node.draft = self.draft
        node.plain_document = self.plain
        if _is_int(raw.get("maxProperties")):
            node.max_props = raw["maxProperties"]
        if _is_int(raw.get("minProperties")):
            node.min_props = raw["minProperties"]
        properties = raw.get("properties")
        if isinstance(properties, dict) and properties:
            if self.id_keyword in properties and not isinstance(properties[self.id_keyword],
                                                                 dict):
                properties = {name: schema for name, schema in properties.items()
                              if name != self.id_keyword}
            self._lazy_properties(node, properties, pointer, local, base)
        additional = raw.get("additionalProperties")
        if isinstance(additional, bool):
            node.additional_props = additional
        elif isinstance(additional, dict):
            node.additional_schema = self._child(additional, pointer, local, base,
                                                 "additionalProperties")
        required = raw.get("required")
        if isinstance(required, list) and required:
            node.required = frozenset(item for item in required if isinstance(item, str))
        patterns = raw.get("patternProperties")
        if isinstance(patterns, dict) and patterns:
            node.pattern_props = tuple(
                (pattern, self._child(schema, pointer, local, base, "patternProperties", pattern))
                for pattern, schema in patterns.items())
        dependencies = raw.get("dependencies")
        if isinstance(dependencies, dict) and dependencies:
            node.prop_deps = {}
            node.schema_deps = {}
            for name, dependency in dependencies.items():
                if isinstance(dependency, list):
                    if dependency:
                        node.prop_deps[name] = frozenset(str(item) for item in dependency)
                else:
                    node.schema_deps[name] = self._child(dependency, pointer, local, base,
                                                         "dependencies", name)
        return node

    def _array(self, raw: dict[str, Any], pointer: str, local: bool, base: str) -> Node:
        node = Node(ARRAY, pointer, raw)
        if _is_int(raw.get("maxItems")):
            node.max_items = raw["maxItems"]
        if _is_int(raw.get("minItems")):
            node.min_items = raw["minItems"]
        node.unique = raw.get("uniqueItems") is True
        additional = raw.get("additionalItems")
        if isinstance(additional, bool):
            node.permits_additional = additional
        elif isinstance(additional, dict):
            node.additional_schema = self._child(additional, pointer, local, base,
                                                 "additionalItems")
        items = raw.get("items")
        if isinstance(items, list):
            node.item_schemas = [self._child(item, pointer, local, base, "items", index)
                                 for index, item in enumerate(items)]
        elif isinstance(items, (dict, bool)):
            node.all_items = self._child(items, pointer, local, base, "items")
        return node

    # -- drafts 2019-09 and 2020-12: Confluent's translation of json-sKema's tree ------------

    def _modern(self, raw: dict[str, Any], pointer: str, local: bool, base: str) -> Node:
        accumulated: Node | None = None
        # json-sKema visits the keyword pieces in document order, then the properties, the
        # pattern properties and the unevaluated* schemas.
        keywords = [key for key in raw if key not in _LATE_KEYWORDS]
        keywords.extend(key for key in _LATE_KEYWORDS if key in raw)
        for keyword in keywords:
            piece = self._keyword(keyword, raw, pointer, local, base)
            if piece is None:
                continue
            accumulated = piece if accumulated is None else _join(accumulated, piece)
        if accumulated is None or (_generated(accumulated, ALL_OF) and not accumulated.subs):
            node = Node(EMPTY, pointer, raw)
        elif _generated(accumulated, ALL_OF) and len(accumulated.subs or ()) == 1:
            node = (accumulated.subs or [])[0].copy()
        else:
            node = accumulated
        if node.kind in (OBJECT, ARRAY) and (
                any(key not in _SKEMA_KEYWORDS for key in raw)
                or (isinstance(raw.get("$defs"), dict) and raw["$defs"])):
            # Confluent's translation replaces the schema's unprocessed properties, where it
            # keeps unevaluated* and min/maxContains, with the unknown keywords and $defs.
            if node is accumulated:
                node = node.copy()
            node.uneval = None
            node.min_contains = None
            node.max_contains = None
        self._metadata(node, raw)
        return node

    def _keyword(self, keyword: str, raw: dict[str, Any], pointer: str, local: bool,
                 base: str) -> Node | None:
        value = raw[keyword]
        if keyword in _REF_KEYWORDS and isinstance(value, str):
            return self._ref(raw, keyword, pointer, local, base)
        if keyword == "type":
            if isinstance(value, list):
                union = Node(COMBINED, pointer, raw)
                union.criterion = ANY_OF
                union.generated = True
                union.subs = [self._typed_piece(str(name), raw, pointer) for name in value]
                return union
            return self._typed_piece(str(value), raw, pointer)
        if keyword == "enum" and isinstance(value, list):
            return self._enum(raw, pointer)
        if keyword == "const":
            return self._const(raw, pointer)
        if keyword == "not":
            node = Node(NOT, pointer, raw)
            node.target = self._child(value, pointer, local, base, "not")
            return node
        if keyword in _CRITERIA and isinstance(value, list):
            node = Node(COMBINED, pointer, value)
            node.criterion = _CRITERIA[keyword]
            node.subs = []
            for index, branch in enumerate(value):
                built = self._child(branch, pointer, local, base, keyword, index)
                if _generated(built, ALL_OF):
                    node.subs.extend(built.subs or ())
                else:
                    node.subs.append(built)
            return node
        if keyword == "if":
            return Node(CONDITIONAL, pointer, raw)
        if keyword in ("properties", "patternProperties") and not value:
            # json-sKema makes one piece per entry: an empty map contributes nothing.
            return None
        if keyword in _MODERN_OBJECT:
            return self._object_piece(keyword, value, raw, pointer, local, base)
        if keyword in _MODERN_ARRAY:
            return self._array_piece(keyword, value, raw, pointer, local, base)
        if keyword in _MODERN_NUMBER:
            if not _is_number(value):
                return None
            number = self._number({keyword: value}, pointer, False)
            number.raw = raw
            return number
        if keyword in _MODERN_STRING:
            node = self._string({keyword: value}, pointer)
            node.raw = raw
            return node
        return None

    def _typed_piece(self, kind: str, raw: dict[str, Any], pointer: str) -> Node:
        if kind == "string":
            return Node(STRING, pointer, raw)
        if kind in ("integer", "number"):
            node = Node(NUMBER, pointer, raw)
            node.requires_integer = kind == "integer"
            return node
        if kind == "array":
            return self._empty_array(raw, pointer)
        if kind == "object":
            return self._empty_object(raw, pointer)
        if kind == "boolean":
            return Node(BOOLEAN, pointer, raw)
        return Node(NULL, pointer, raw)

    def _empty_object(self, raw: dict[str, Any], pointer: str) -> Node:
        node = Node(OBJECT, pointer, raw)
        node.draft = self.draft
        node.plain_document = self.plain
        return node

    def _empty_array(self, raw: dict[str, Any], pointer: str) -> Node:
        node = Node(ARRAY, pointer, raw)
        if isinstance(raw.get("prefixItems"), list):
            node.items_key = "prefixItems"
            node.additional_items_key = "items"
        return node

    def _object_piece(self, keyword: str, value: Any, raw: dict[str, Any], pointer: str,
                      local: bool, base: str) -> Node:
        node = self._empty_object(raw, pointer)
        if keyword == "properties" and isinstance(value, dict):
            self._lazy_properties(node, value, pointer, local, base)
        elif keyword == "patternProperties" and isinstance(value, dict):
            node.pattern_props = tuple(
                (pattern, self._child(schema, pointer, local, base, "patternProperties", pattern))
                for pattern, schema in value.items()
            )
        elif keyword == "additionalProperties":
            if value is False:
                node.additional_props = False
            elif value is not True:
                node.additional_schema = self._child(value, pointer, local, base, keyword)
        elif keyword == "required" and isinstance(value, list):
            node.required = frozenset(item for item in value if isinstance(item, str))
        elif keyword == "dependentRequired" and isinstance(value, dict):
            node.prop_deps = {name: frozenset(str(item) for item in names)
                              for name, names in value.items()
                              if isinstance(names, list) and names}
        elif keyword == "dependentSchemas" and isinstance(value, dict):
            node.schema_deps = {name: self._child(schema, pointer, local, base, keyword, name)
                                for name, schema in value.items()}
        elif keyword == "maxProperties" and _is_int(value):
            node.max_props = value
        elif keyword == "minProperties" and _is_int(value):
            node.min_props = value
        elif keyword == "unevaluatedProperties":
            node.uneval = self._child(value, pointer, local, base, keyword)
        return node

    def _array_piece(self, keyword: str, value: Any, raw: dict[str, Any], pointer: str,
                     local: bool, base: str) -> Node:
        node = self._empty_array(raw, pointer)
        tuple_form = isinstance(raw.get("prefixItems"), list) or (
            self.draft == DRAFT2019 and isinstance(raw.get("items"), list))
        if keyword == "prefixItems" and isinstance(value, list):
            node.item_schemas = [self._child(item, pointer, local, base, keyword, index)
                                 for index, item in enumerate(value)]
        elif keyword == "items" and isinstance(value, list):
            node.item_schemas = [self._child(item, pointer, local, base, keyword, index)
                                 for index, item in enumerate(value)]
            node.additional_items_key = "additionalItems"
        elif keyword == "items" or (keyword == "additionalItems" and self.draft == DRAFT2019):
            if value is False:
                node.permits_additional = False
            elif value is not True:
                child = self._child(value, pointer, local, base, keyword)
                if tuple_form:
                    node.additional_schema = child
                else:
                    node.all_items = child
        elif keyword == "contains":
            minimum = raw.get("minContains", 1)
            node.min_contains = minimum if _is_number(minimum) else 1
            if _is_number(raw.get("maxContains")):
                node.max_contains = raw["maxContains"]
        elif keyword == "maxItems" and _is_int(value):
            node.max_items = value
        elif keyword == "minItems" and _is_int(value):
            node.min_items = value
        elif keyword == "uniqueItems":
            node.unique = value is True
        elif keyword == "unevaluatedItems":
            node.uneval = self._child(value, pointer, local, base, keyword)
        return node


def _generated(node: Node, criterion: str) -> bool:
    return node.kind == COMBINED and node.generated and node.criterion == criterion


def _merge(into: Node, other: Node) -> Node:
    """Two pieces of one type from the same schema object become one schema."""
    merged = into.copy()
    for slot in ("max_length", "min_length", "pattern", "maximum", "minimum", "excl_max",
                 "excl_min", "multiple_of", "additional_schema", "max_props", "min_props",
                 "uneval", "all_items", "item_schemas", "max_items", "min_items",
                 "max_contains", "min_contains", "id", "title", "description"):
        value = getattr(other, slot)
        if value is not None:
            setattr(merged, slot, value)
    merged.requires_integer = into.requires_integer or other.requires_integer
    merged.unique = into.unique or other.unique
    merged.additional_props = into.additional_props and other.additional_props
    merged.permits_additional = into.permits_additional and other.permits_additional
    if other.items_key != "items":
        merged.items_key = other.items_key
    if other.additional_items_key != "additionalItems":
        merged.additional_items_key = other.additional_items_key
    if into.kind == OBJECT:
        if other.prop_raw and not into.prop_raw:
            merged.prop_raw = other.prop_raw
            merged.prop_built = other.prop_built
            merged.prop_factory = other.prop_factory
        elif other.prop_raw:
            merged.prop_raw = {**into.prop_raw, **other.prop_raw}
            merged.prop_built = None
            merged.prop_factory = _either(into, other)
        merged.required = into.required | other.required
        merged.pattern_props = (*into.pattern_props, *other.pattern_props)
        merged.prop_deps = {**into.prop_deps, **other.prop_deps}
        merged.schema_deps = {**into.schema_deps, **other.schema_deps}
    return merged


def _either(first: Node, second: Node) -> Callable[[str], Node]:
    def build(name: str) -> Node:
        source = second if name in second.prop_raw else first
        found = source.prop(name)
        assert found is not None
        return found

    return build


def _accumulate(product: list[Node], current: Node) -> list[Node]:
    for index, schema in enumerate(product):
        if schema.kind == current.kind and schema.kind in MERGEABLE:
            product[index] = _merge(schema, current)
            return product
    product.append(current)
    return product


def _flatten(node: Node) -> list[Node]:
    return list(node.subs or ()) if _generated(node, ALL_OF) else [node]


def _union(subs: list[Node], template: Node) -> Node:
    node = Node(COMBINED, template.pointer, template.raw)
    node.criterion = ANY_OF
    node.generated = True
    node.subs = subs
    return node


def _join(schema: Node, current: Node) -> Node:
    if schema.kind == current.kind and schema.kind in MERGEABLE:
        return _merge(schema, current)
    if _generated(schema, ANY_OF) and any(sub.kind == current.kind for sub in schema.subs or ()):
        return _union(_accumulate(list(schema.subs or ()), current), schema)
    if _generated(current, ANY_OF) and any(sub.kind == schema.kind for sub in current.subs or ()):
        return _union(_accumulate(list(current.subs or ()), schema), current)
    product: list[Node] = []
    for piece in (*_flatten(schema), *_flatten(current)):
        product = _accumulate(product, piece)
    node = Node(COMBINED, schema.pointer, schema.raw)
    node.criterion = ALL_OF
    node.generated = True
    node.subs = product
    return node


def _join_uri(base: str, reference: str) -> str:
    if base.startswith("urn:"):
        return reference if ":" in reference else base
    return urljoin(base, reference)

