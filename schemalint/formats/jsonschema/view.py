"""The view of a JSON Schema (``schemalint.view``), read from the document.

The document is the engine's model of a JSON Schema: what a property holds is its subschema,
followed through local ``$ref``s (``#/$defs/Address``; a reference to another file is that
file's to describe). JSON types map onto the view's kinds: ``object`` is a ``record``,
``integer`` a ``long``, ``number`` a ``double``; ``enum`` and ``const`` make an ``enum``;
``format`` is the logical type.

Declared (``elements``): every subschema where it is written, ``$defs`` and combinators
included; an object (or anything with ``properties``) is a record named by its ``title`` or
its path, a subschema with ``enum`` an enum, each property a field. Reached (``roots``): the
root object, or the objects of a root ``oneOf``/``anyOf``, with the properties of their
``allOf`` parts, following ``$ref``, ``oneOf`` and ``anyOf`` into nested objects.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping
from itertools import groupby
from operator import attrgetter
from typing import Any, NamedTuple

from schemalint.sourcemap import NOTHING, join_pointer, node_at
from schemalint.view import (
    PROPERTY,
    Element,
    Record,
    new_element,
    place_path,
    place_pointer,
    shared_kinds,
)

# ``isinstance(value, MAPPING)``: a JSON object is a dict, checked first and fast; the
# abstract ``Mapping`` alone costs ten times as much, on every node of every walk.
MAPPING = (dict, Mapping)

KINDS = {"object": "record", "integer": "long", "number": "double", "string": "string",
         "boolean": "boolean", "null": "null", "array": "array"}

SUBSCHEMA_MAPS = ("$defs", "definitions", "patternProperties", "dependentSchemas")
SUBSCHEMA_ONE = ("additionalProperties", "unevaluatedProperties", "items", "additionalItems",
                 "unevaluatedItems", "contains", "propertyNames", "not", "if", "then", "else")
SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
SUBSCHEMA_KEYWORDS = frozenset((*SUBSCHEMA_MAPS, *SUBSCHEMA_ONE, *SUBSCHEMA_LISTS))

# A property schema with one of these keywords may hold or point at more than its type says.
_NOT_LEAF = frozenset(("$ref", "properties", "enum", "const", *SUBSCHEMA_KEYWORDS))
_LEAF_KINDS = {kind: shared_kinds({mapped}) for kind, mapped in KINDS.items()
               if mapped != "record"}
# Reference chains longer than this are taken for cycles.
_MAX_HOPS = 32


class Subschema(NamedTuple):
    node: Any
    pointer: str
    # The name of a ``$defs`` or ``definitions`` entry; None for any other subschema.
    definition: str | None


def subschemas(node: Mapping[str, Any], pointer: str) -> Iterator[Subschema]:
    """The subschemas ``node`` holds under its keywords (``properties`` aside: a property is a
    field, asked for on its own), each with its pointer."""
    if SUBSCHEMA_KEYWORDS.isdisjoint(node):
        return  # most subschemas (a property's) hold no other: skip asking for each
    for keyword in SUBSCHEMA_MAPS:
        children = node.get(keyword)
        if isinstance(children, MAPPING):
            named = keyword in ("$defs", "definitions")
            for name, value in children.items():
                yield Subschema(value, join_pointer(pointer, keyword, name),
                                name if named else None)
    for keyword in SUBSCHEMA_ONE:
        child = node.get(keyword)
        if isinstance(child, MAPPING):
            yield Subschema(child, join_pointer(pointer, keyword), None)
        elif keyword == "items" and isinstance(child, list):
            for index, value in enumerate(child):
                yield Subschema(value, join_pointer(pointer, keyword, index), None)
    for keyword in SUBSCHEMA_LISTS:
        for index, value in enumerate(_as_list(node.get(keyword))):
            yield Subschema(value, join_pointer(pointer, keyword, index), None)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(node: Any, key: str) -> str | None:
    found = node.get(key) if isinstance(node, MAPPING) else None
    return found if isinstance(found, str) else None


def _leaf_kinds(node: Any) -> frozenset[str] | None:
    """The kinds of a plain scalar property schema (``{"type": "string", ...}`` with nothing
    to walk into or dereference); None for any other."""
    if node.__class__ is not dict:
        return None
    kind = node.get("type")
    if kind.__class__ is not str or kind not in _LEAF_KINDS or not _NOT_LEAF.isdisjoint(node):
        return None
    return _LEAF_KINDS[kind]


def _own_kinds(node: Any) -> set[str]:
    kinds: set[str] = set()
    if isinstance(node, MAPPING):
        types = node.get("type")
        for kind in types if isinstance(types, list) else [types]:
            if isinstance(kind, str):
                kinds.add(KINDS.get(kind, kind))
        if not kinds and isinstance(node.get("properties"), Mapping):
            kinds.add("record")
    return kinds


class JsonView:
    """``ViewReader`` of one JSON Schema document."""

    def __init__(self, document: Any, parsed: Any = None) -> None:
        self.document = document
        # The parsed schema: the files its ``$ref``s read, for the walk of field paths.
        self.parsed = parsed

    def deref(self, node: Any, pointer: str) -> tuple[Any, str]:
        """``node`` followed through local ``$ref``s, with its pointer; a reference that
        resolves to nothing in the document is left as it is."""
        for _ in range(_MAX_HOPS):
            if not (isinstance(node, MAPPING) and isinstance(node.get("$ref"), str)
                    and node["$ref"].startswith("#")):
                break
            target_pointer = node["$ref"][1:]
            target = node_at(self.document, target_pointer)
            if target is NOTHING:
                return node, pointer
            node, pointer = target, target_pointer
        return node, pointer

    # -- every element, where it is written ------------------------------------------------

    def elements(self) -> tuple[Element, ...]:
        root = self.document
        found: list[Element] = []
        self._declare(root, "", _text(root, "title") or "", found.append)
        return tuple(found)

    def _declare(self, node: Any, pointer: str, path: str,
                 emit: Callable[[Element], None]) -> None:
        if not isinstance(node, MAPPING):
            return
        title = _text(node, "title")
        properties = node.get("properties")
        if "record" in _own_kinds(node) or isinstance(properties, MAPPING):
            emit(Element("record", title or path.rsplit(".", 1)[-1], title or path, pointer,
                         path, node, _text(node, "description")))
        if isinstance(node.get("enum"), list):
            emit(Element("enum", title or path.rsplit(".", 1)[-1], title or path, pointer,
                         path, node, _text(node, "description")))
        if isinstance(properties, MAPPING):
            for name, value in properties.items():
                # Once per property (hundreds of thousands in the largest schemas): a plain
                # scalar property holds nothing more to walk, and its kinds are its type's.
                leaf = _leaf_kinds(value)
                if leaf is not None:
                    doc, logical = value.get("description"), value.get("format")
                    emit(new_element(Element, (
                        "field", name, "", pointer, path, value,
                        doc if doc.__class__ is str else None, leaf,
                        logical if logical.__class__ is str else None, value, PROPERTY, None)))
                    continue
                if isinstance(value, MAPPING):
                    target = self.deref(value, "")[0]
                    kinds, logical = self._field_kinds(target)
                    emit(Element("field", name, "", pointer, path, value,
                                 _text(value, "description"), shared_kinds(kinds), logical,
                                 target, PROPERTY))
                self._declare(value, place_pointer(pointer, PROPERTY, name),
                              place_path(path, name), emit)
        for child in subschemas(node, pointer):
            self._declare(child.node, child.pointer,
                          path if child.definition is None else child.definition, emit)

    def _field_kinds(self, node: Any) -> tuple[set[str], str | None]:
        if not isinstance(node, MAPPING):
            return set(), None
        kinds = _own_kinds(node)
        logical = _text(node, "format")
        for keyword in ("oneOf", "anyOf"):
            for branch in _as_list(node.get(keyword)):
                sub, sub_logical = self._field_kinds(self.deref(branch, "")[0])
                kinds |= sub
                logical = logical or sub_logical
        if isinstance(node.get("enum"), list) or "const" in node:
            kinds.add("enum")
        return kinds, logical

    # -- the top-level objects and what they reach ------------------------------------------

    def roots(self, elements: tuple[Element, ...]) -> tuple[Record, ...]:
        return _Reach(self, elements).roots()

    def field_walk(self) -> JsonFieldWalk:
        return JsonFieldWalk(self.document, self.parsed)

    def root_names(self) -> tuple[str | None, ...]:
        return tuple(record.name for record in self.roots(self.elements()))


class _Reach:
    """The objects the root reaches, each once, named by the property reaching it.

    A property is the declared element itself wherever the two readings agree on it (its
    object reached under the path that declares it, the same kinds): one element per
    property of the largest schemas, not two.
    """

    def __init__(self, view: JsonView, elements: tuple[Element, ...]) -> None:
        self.view = view
        self.reached: dict[str, Record] = {}
        self.declared: dict[str, list[Element]] = {}
        fields = (element for element in elements if element.kind == "field")
        for base, run in groupby(fields, attrgetter("base_pointer")):
            self.declared.setdefault(base, []).extend(run)

    def roots(self) -> tuple[Record, ...]:
        doc = self.view.document
        if not isinstance(doc, MAPPING):
            return ()
        record = self.record(doc, "", "")
        if record is not None:
            return (record,)
        found = []
        for keyword in ("oneOf", "anyOf"):
            for index, branch in enumerate(_as_list(doc.get(keyword))):
                record = self.record(branch, join_pointer("", keyword, index), "")
                if record is not None:
                    found.append(record)
        return tuple(found)

    def record(self, node: Any, pointer: str, name_path: str) -> Record | None:
        node, pointer = self.view.deref(node, pointer)
        if not isinstance(node, MAPPING):
            return None
        known = self.reached.get(pointer)
        if known is not None:
            return known
        maps = self._property_maps(node, pointer)
        types = node.get("type")
        is_object = types == "object" or (isinstance(types, list) and "object" in types)
        if not maps and not is_object:
            return None
        title = _text(node, "title")
        record = Record(title, pointer, name_path or (title or ""), node, {})
        self.reached[pointer] = record
        path = record.name_path
        fields = record.fields
        for index, (properties, base) in enumerate(maps):
            declared = self.declared.get(base) or ()
            reused = iter(declared if declared and declared[0].base_path == path else ())
            pending = next(reused, None)
            for name, value in properties.items():
                element = None
                if pending is not None and pending.name == name:
                    element, pending = pending, next(reused, None)
                if index and name in fields:
                    continue  # the object's own property, or an earlier part's, wins
                leaf = _leaf_kinds(value)
                if leaf is not None:
                    # A plain scalar property (most of a large schema's): ``kinds`` inline.
                    logical = value.get("format")
                    logical = logical if logical.__class__ is str else None
                    if element is not None and element.kinds == leaf \
                            and element.logical == logical:
                        fields[name] = element
                        continue
                    fields[name] = new_element(Element, (
                        "field", name, "", base, path, value, _text(value, "description"),
                        leaf, logical, value, PROPERTY, None))
                    continue
                kinds, logical, inner = self.kinds(value, place_pointer(base, PROPERTY, name),
                                                   place_path(path, name))
                fields[name] = Element("field", name, "", base, path, value,
                                       _text(value, "description"), kinds, logical, value,
                                       PROPERTY, inner)
        return record

    def _property_maps(self, node: Mapping[str, Any],
                       pointer: str) -> list[tuple[Mapping[str, Any], str]]:
        """The object's non-empty ``properties`` and those of its ``allOf`` parts, each with
        the pointer of the object holding it, first to last in precedence."""
        found: list[tuple[Mapping[str, Any], str]] = []
        props = node.get("properties")
        if isinstance(props, MAPPING) and props:
            found.append((props, pointer))
        for index, part in enumerate(_as_list(node.get("allOf"))):
            part, where = self.view.deref(part, join_pointer(pointer, "allOf", index))
            if isinstance(part, MAPPING):
                found.extend(self._property_maps(part, where))
        return found

    def kinds(self, node: Any, pointer: str,
              name_path: str) -> tuple[frozenset[str], str | None, Record | None]:
        node, pointer = self.view.deref(node, pointer)
        if not isinstance(node, MAPPING):
            return frozenset(), None, None
        kinds: set[str] = set()
        types = node.get("type")
        for kind in (types if isinstance(types, list) else [types]):
            if isinstance(kind, str):
                kinds.add(KINDS.get(kind, kind))
        logical = _text(node, "format")
        inner = self.record(node, pointer, name_path) if ("record" in kinds or (
            not kinds and isinstance(node.get("properties"), Mapping))) else None
        for keyword in ("oneOf", "anyOf"):
            for index, branch in enumerate(_as_list(node.get(keyword))):
                sub_kinds, sub_logical, sub_inner = self.kinds(
                    branch, join_pointer(pointer, keyword, index), name_path)
                kinds |= sub_kinds
                logical = logical or sub_logical
                inner = inner or sub_inner
        if "const" in node or "enum" in node:
            kinds.add("enum")
        if inner is not None:
            kinds.add("record")
        return shared_kinds(kinds), logical, inner


class JsonFieldWalk:
    """JSON Schema objects as written: ``properties``, ``items``, ``additionalProperties``,
    the branches of ``anyOf``/``oneOf``/``allOf``, and ``$ref``s, local ones and those into
    the files the schema references. Within another file, every pointer is the ``$ref``'s
    in this one, where a finding anchors."""

    def __init__(self, document: Any, parsed: Any) -> None:
        self.document = document
        files = getattr(parsed, "files", ())
        documents = getattr(parsed, "documents", ())
        # A reference as written → the document it reads (the first file written so).
        self.external: dict[str, Any] = {}
        for file, document in zip(files, documents, strict=False):
            self.external.setdefault(file.ref.split("#", 1)[0], document)

    def roots(self) -> list[Any]:
        return self._records(_Place(self.document, "", None, self.document), [], set())

    def fields(self, record: Any) -> Iterator[tuple[str, str, tuple[str, ...], Any]]:
        place, node = record
        properties = node.get("properties")
        if isinstance(properties, Mapping):
            for name in properties:
                # A key that is no string (YAML's ``1:``) is looked up by its pointer, whose
                # token "1" names no such key: a reader by name does not find it either.
                inner = place.inside(properties[name] if isinstance(name, str) else _UNREAD,
                                     "properties", name)
                yield name, inner.visible, (), inner

    def records_in(self, type_: Any) -> tuple[list[Any], list[str], bool]:
        passed: list[str] = []
        collections: list[str] = []
        records = self._records(type_, passed, set(), collections)
        return records, passed, bool(collections)

    def pointer(self, record: Any) -> str:
        return str(record[0].visible)

    def foreign(self, record: Any) -> bool:
        return record[0].site is not None

    def identity(self, record: Any) -> Hashable:
        place = record[0]
        return id(place.document), place.pointer

    def _records(self, place: _Place, passed: list[str], seen: set[tuple[int, str]],
                 collections: list[str] | None = None) -> list[Any]:
        key = (id(place.document), place.pointer)
        if key in seen:
            return []
        seen.add(key)
        node = place.node if place.node is not _UNREAD else node_at(place.document,
                                                                     place.pointer)
        if not isinstance(node, Mapping):
            return []
        reference = node.get("$ref")
        if isinstance(reference, str):
            passed.append(place.visible)
            target = self._target(place, reference)
            return self._records(target, passed, seen, collections) if target else []
        found: list[Any] = [(place, node)] if "properties" in node else []
        for keyword in ("items", "additionalProperties"):
            if isinstance(node.get(keyword), Mapping):
                inner = place.inside(node[keyword], keyword)
                passed.append(inner.visible)
                if collections is not None:
                    collections.append(inner.visible)
                found.extend(self._records(inner, passed, seen, collections))
        for keyword in ("anyOf", "oneOf", "allOf"):
            branches = node.get(keyword)
            if isinstance(branches, list):
                for index in range(len(branches)):
                    found.extend(self._records(place.inside(branches[index], keyword, index),
                                               passed, seen,
                                               collections))
        return found

    def _target(self, place: _Place, reference: str) -> _Place | None:
        """Where a ``$ref`` leads: this document's fragment, or another file's."""
        file, _, fragment = reference.partition("#")
        if not file:
            return _Place(place.document, fragment, place.site)
        document = self.external.get(file)
        if document is None:
            return None
        return _Place(document, fragment, place.visible if place.site is None else place.site)


# A place whose subschema the walk has not read yet: a ``$ref``'s target.
_UNREAD: Any = object()


class _Place(NamedTuple):
    """A subschema: its document, its pointer there, and, in another file than the schema's,
    the pointer of the ``$ref`` that reached it (``site``)."""

    document: Any
    pointer: str
    site: str | None
    # The subschema, where the walk stepped to it from the one that holds it: looking it up
    # again from the document's root by its pointer made a walk quadratic in the depth.
    node: Any = _UNREAD

    @property
    def visible(self) -> str:
        return self.pointer if self.site is None else self.site

    def inside(self, node: Any, *tokens: str | int) -> _Place:
        """The place of ``node``, found at ``tokens`` within this place's subschema."""
        return _Place(self.document, join_pointer(self.pointer, *tokens), self.site, node)
