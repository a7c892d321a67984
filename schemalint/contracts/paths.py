"""Field paths a consumer reads, found in a schema of any format.

A path names fields from the top-level record down, through nested records, the items of
arrays and the values of maps: ``customer.email``, ``items[].sku``. ``[]`` marks the step
into a collection and may be left out (``items.sku`` reads the same): a consumer reading by
name reaches the same field either way. A union (an Avro ``["null", Customer]``, a JSON
Schema ``anyOf``) is looked through to the records it holds.

Each format is walked on its own parsed model so that the pointers found are those its
compatibility engine names: a finding of the engine is matched to the paths it touches by
pointer.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple, Protocol

from schemalint.model import Schema, SchemaType
from schemalint.sourcemap import join_pointer, node_at

_COLLECTION = re.compile(r"\[\]")


def path_names(path: str) -> tuple[str, ...]:
    """The field names of a read path, its collection steps implied: ``items[].sku`` →
    ``("items", "sku")``."""
    return tuple(_COLLECTION.sub("", path).split("."))


class Spot(NamedTuple):
    """Where a read path leads in one schema."""

    found: bool
    # The field's pointer when found; else the pointer of the nearest enclosing element.
    pointer: str
    # The pointers of the fields on the way and of the types between them, the last
    # field's own last (when found).
    chain: tuple[str, ...]
    # The pointers of the fields on the way that were found by an Avro alias, not by name.
    by_alias: tuple[str, ...] = ()
    # The first name not found, when one was not.
    missing: str | None = None
    # Whether the way passed into another file (an Avro type, a JSON Schema ``$ref``):
    # the pointers from there on are the referring field's, shared by every field within.
    outside: bool = False


class _Walk(Protocol):
    """A format's records and fields, as a consumer reading by name walks them."""

    def roots(self) -> list[Any]: ...

    def fields(self, record: Any) -> Iterator[tuple[str, str, tuple[str, ...], Any]]:
        """(name, pointer, aliases, type) of each field of ``record``."""
        ...

    def records_in(self, type_: Any) -> tuple[list[Any], list[str], bool]:
        """The records a field's type holds (through unions, arrays, maps), the pointers of
        the types passed on the way, and whether an array's items or a map's values were
        among them."""
        ...

    def pointer(self, record: Any) -> str: ...

    def foreign(self, record: Any) -> bool:
        """Whether ``record`` is declared in another file than the schema's."""
        ...

    def identity(self, record: Any) -> Hashable:
        """What is the same for every way a walk reaches one record (a recursive one)."""
        ...


def locate(schema: Schema, path: str, numbered: Spot | None = None) -> Spot:
    """Where ``path`` leads in ``schema``. ``numbered``: where it leads in another version of
    a Protobuf schema; a field renamed since, by the same number in the same message, is
    found (the wire names fields by number), as an Avro field is by an alias."""
    walk = _walk(schema)
    numbers = numbered.chain if numbered is not None and numbered.found and \
        schema.schema_type is SchemaType.PROTOBUF else ()
    records = walk.roots() if walk is not None else []
    here = walk.pointer(records[0]) if walk is not None and records else ""
    chain: list[str] = []
    by_alias: list[str] = []
    outside = False
    names = path_names(path)
    for depth, name in enumerate(names):
        assert walk is not None or not records
        hit = _field(walk, records, name) if walk is not None else None
        if hit is None and walk is not None and depth < len(numbers):
            hit = _numbered(walk, records, numbers[depth])
        if hit is None:
            return Spot(False, here, tuple(chain), tuple(by_alias), name, outside)
        pointer, type_, aliased, foreign = hit
        outside = outside or foreign
        chain.append(pointer)
        if aliased:
            by_alias.append(pointer)
        here = pointer
        if depth < len(names) - 1:
            assert walk is not None
            records, passed, _ = walk.records_in(type_)
            chain.extend(passed)
    return Spot(True, here, tuple(chain), tuple(by_alias), outside=outside)


def names_touch(schema_type: SchemaType, name_path: str, names: Sequence[str]) -> bool:
    """Whether an engine's incompatibility, by its name path (Avro ``Order.lines[].sku``
    from the top-level record; JSON Schema ``#/properties/customer/properties/email``, as
    if references were written in place), is on the way to the field ``names`` or within
    it: exact where pointers are not, inside another file."""
    if schema_type is SchemaType.AVRO:
        found = tuple(re.sub(r"(\[\]|\{\})+$", "", name.split("|", 1)[0])
                      for name in name_path.split(".")[1:])
    elif schema_type is SchemaType.JSON:
        tokens = [token.replace("~1", "/").replace("~0", "~")
                  for token in name_path.removeprefix("#").split("/")[1:]]
        found = tuple(tokens[index + 1] for index, token in enumerate(tokens[:-1])
                      if token == "properties")
    else:
        return True
    shorter = min(len(found), len(names))
    return tuple(found[:shorter]) == tuple(names[:shorter])


def field_paths(schema: Schema) -> list[tuple[str, str]]:
    """Every field path of ``schema`` as a consumer names it (``items[].sku``), with its
    pointer, records reached once each (a recursive record ends its path)."""
    walk = _walk(schema)
    if walk is None:
        return []
    found: list[tuple[str, str]] = []
    seen: set[Hashable] = set()

    def visit(records: Sequence[Any], prefix: str) -> None:
        assert walk is not None
        for record in records:
            identity = walk.identity(record)
            if identity in seen:
                continue
            seen.add(identity)
            for name, pointer, _, type_ in walk.fields(record):
                path = f"{prefix}{name}"
                found.append((path, pointer))
                inner, _, collection = walk.records_in(type_)
                visit(inner, f"{path}[]." if collection else f"{path}.")
            seen.discard(identity)

    visit(walk.roots(), "")
    return found


def _field(walk: _Walk, records: Sequence[Any], name: str
           ) -> tuple[str, Any, bool, bool] | None:
    """The field ``name`` of the first of ``records`` that has it; else the first whose
    alias it is (an Avro rename keeping the old name as an alias): its pointer, type,
    whether found by alias, and whether declared in another file."""
    aliased: tuple[str, Any, bool, bool] | None = None
    for record in records:
        for field_name, pointer, aliases, type_ in walk.fields(record):
            if field_name == name:
                return pointer, type_, False, walk.foreign(record)
            if aliased is None and name in aliases:
                aliased = (pointer, type_, True, walk.foreign(record))
    return aliased


def _numbered(walk: _Walk, records: Sequence[Any], pointer: str
              ) -> tuple[str, Any, bool, bool] | None:
    """The field of ``records`` at ``pointer`` (a Protobuf message's and field's number),
    whatever its name now."""
    for record in records:
        for _, field_pointer, _, type_ in walk.fields(record):
            if field_pointer == pointer:
                return field_pointer, type_, True, walk.foreign(record)
    return None


def _walk(schema: Schema) -> _Walk | None:
    if schema.schema_type is SchemaType.AVRO:
        return _AvroWalk(schema) if getattr(schema.parsed, "root", None) is not None else None
    if schema.schema_type is SchemaType.JSON:
        return _JsonWalk(schema)
    return _ProtobufWalk(schema)


class _AvroWalk:
    """Avro records through arrays, maps and unions. A record defined in another file (a
    reference by full name) has its fields' pointers in that file: within it, every pointer
    is that of the field of this file that reached it, where a finding anchors."""

    def __init__(self, schema: Schema) -> None:
        self.tree = schema.parsed
        self.root = schema.parsed.root

    def roots(self) -> list[Any]:
        return self._records(self.root, "", [], [])

    def fields(self, record: Any) -> Iterator[tuple[str, str, tuple[str, ...], Any]]:
        node, site = record
        for field in node.fields:
            pointer = field.pointer if site is None else site
            yield field.name, pointer, tuple(field.aliases), (field.type, pointer)

    def records_in(self, type_: Any) -> tuple[list[Any], list[str], bool]:
        passed: list[str] = []
        collections: list[str] = []
        node, site = type_
        return self._records(node, site, passed, collections), passed, bool(collections)

    def pointer(self, record: Any) -> str:
        node, site = record
        return str(node.pointer if site is None else site)

    def foreign(self, record: Any) -> bool:
        return record[1] is not None

    def identity(self, record: Any) -> Hashable:
        node, site = record
        return id(node), site

    def _records(self, node: Any, site: str, passed: list[str], collections: list[str]
                 ) -> list[Any]:
        while node is not None and node.kind in ("array", "map"):
            passed.append(node.pointer)
            collections.append(node.pointer)
            node = node.items if node.kind == "array" else node.values
        if node is None:
            return []
        if node.kind == "union":
            passed.append(node.pointer)
            return [record for branch in node.branches
                    for record in self._records(branch, site, passed, collections)]
        if node.kind != "record":
            return []
        return [(node, None if node.origin is self.tree else site)]


class _JsonWalk:
    """JSON Schema objects as written: ``properties``, ``items``, ``additionalProperties``,
    the branches of ``anyOf``/``oneOf``/``allOf``, and ``$ref``s, local ones and those into
    the files the schema references. Within another file, every pointer is the ``$ref``'s
    in this one, where a finding anchors."""

    def __init__(self, schema: Schema) -> None:
        self.document = schema.document
        parsed = schema.parsed
        files = getattr(parsed, "files", ())
        documents = getattr(parsed, "documents", ())
        # A reference as written → the document it reads (the first file written so).
        self.external: dict[str, Any] = {}
        for file, document in zip(files, documents, strict=False):
            self.external.setdefault(file.ref.split("#", 1)[0], document)

    def roots(self) -> list[Any]:
        return self._records(_Place(self.document, "", None), [], set())

    def fields(self, record: Any) -> Iterator[tuple[str, str, tuple[str, ...], Any]]:
        place, node = record
        properties = node.get("properties")
        if isinstance(properties, Mapping):
            for name in properties:
                inner = place.inside("properties", name)
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
        node = node_at(place.document, place.pointer)
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
                inner = place.inside(keyword)
                passed.append(inner.visible)
                if collections is not None:
                    collections.append(inner.visible)
                found.extend(self._records(inner, passed, seen, collections))
        for keyword in ("anyOf", "oneOf", "allOf"):
            branches = node.get(keyword)
            if isinstance(branches, list):
                for index in range(len(branches)):
                    found.extend(self._records(place.inside(keyword, index), passed, seen,
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


class _Place(NamedTuple):
    """A subschema: its document, its pointer there, and, in another file than the schema's,
    the pointer of the ``$ref`` that reached it (``site``)."""

    document: Any
    pointer: str
    site: str | None

    @property
    def visible(self) -> str:
        return self.pointer if self.site is None else self.site

    def inside(self, *tokens: str | int) -> _Place:
        return _Place(self.document, join_pointer(self.pointer, *tokens), self.site)


class _ProtobufWalk:
    """Protobuf messages: a field names its message type, a map its value type."""

    def __init__(self, schema: Schema) -> None:
        from schemalint.formats.protobuf.view import message_pointer

        self.model = schema.parsed
        self.message_pointer = message_pointer

    def roots(self) -> list[Any]:
        messages = self.model.file.messages
        return [(messages[0], self.model.file.package)] if messages else []

    def fields(self, record: Any) -> Iterator[tuple[str, str, tuple[str, ...], Any]]:
        message, package = record
        base = self.message_pointer(message.full_name, package)
        for item in message.fields:
            yield item.name, f"{base}/{item.number}", (), item

    def records_in(self, type_: Any) -> tuple[list[Any], list[str], bool]:
        field_type = type_.type
        collection = type_.label == "repeated"
        if field_type.kind == "map" and field_type.value is not None:
            field_type = field_type.value
            collection = True
        info = self.model.types.get(field_type.name)
        element = info.element if info is not None else None
        if info is None or not hasattr(element, "fields"):
            return [], [], collection
        return [(element, info.package)], [], collection

    def pointer(self, record: Any) -> str:
        message, package = record
        return str(self.message_pointer(message.full_name, package))

    def foreign(self, record: Any) -> bool:
        return False

    def identity(self, record: Any) -> Hashable:
        return str(record[0].full_name)
