"""Field paths a consumer reads, found in a schema of any format.

A path names fields from the top-level record down, through nested records, the items of
arrays and the values of maps: ``customer.email``, ``items[].sku``. ``[]`` marks the step
into a collection and may be left out (``items.sku`` reads the same): a consumer reading by
name reaches the same field either way. A union (an Avro ``["null", Customer]``, a JSON
Schema ``anyOf``) is looked through to the records it holds.

Each format's view walks its records (``Schema.view.field_walk``, ``schemalint.view``) with
the pointers its compatibility engine names: a finding of the engine is matched to the paths
it touches by pointer.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from typing import Any, NamedTuple

from schemalint.model import Schema, SchemaType
from schemalint.view import FieldWalk

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


def _field(walk: FieldWalk, records: Sequence[Any], name: str
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


def _numbered(walk: FieldWalk, records: Sequence[Any], pointer: str
              ) -> tuple[str, Any, bool, bool] | None:
    """The field of ``records`` at ``pointer`` (a Protobuf message's and field's number),
    whatever its name now."""
    for record in records:
        for _, field_pointer, _, type_ in walk.fields(record):
            if field_pointer == pointer:
                return field_pointer, type_, True, walk.foreign(record)
    return None


def _walk(schema: Schema) -> FieldWalk | None:
    return schema.view.field_walk


