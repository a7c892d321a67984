"""Evolution hazards, EVO001–EVO010: changes that compatibility checks let through.

EVO008 and EVO009 guard Protobuf field numbers. A Protobuf reader knows a field by its number
only. Old data stays in the topic and comes back on every replay, so a number once used must
never mean anything else; ``reserved`` is how a file says so, and protoc then refuses any later
field with that number or name. EVO010 guards an enum's value numbers the same way.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from schemalint.lint.rule_model import SchemaContext
from schemalint.model import Schema, SchemaType
from schemalint.view import Element, Record


class PreviousFields:
    """The previous version's field declarations by name path (the last of a repeated path
    wins). Kept by record and field name: the fields of a large schema get no name path
    spelled out each."""

    def __init__(self, previous: Schema) -> None:
        self.records: dict[str, dict[str, Mapping[str, Any]]] = {}
        for item in previous.view.fields:
            found = self.records.get(item.base_path)
            if found is None:
                found = self.records[item.base_path] = {}
            found[item.name] = item.declaration

    def of(self, item: Element) -> Mapping[str, Any] | None:
        """The declaration of the previous version's field at ``item``'s name path."""
        found = self.records.get(item.base_path)
        return found.get(item.name) if found is not None else None

    def __contains__(self, name_path: str) -> bool:
        # A field's name holds no dot: its name path ends with its name after the last one.
        record, _, name = name_path.rpartition(".")
        return name in self.records.get(record, ())


def _previous_fields(ctx: SchemaContext) -> PreviousFields:
    """``PreviousFields`` of the previous version, indexed once for the rules comparing."""
    previous = ctx.previous
    assert previous is not None
    return ctx.cached("evolution.previous.fields", lambda: PreviousFields(previous))


def _named(schema: Schema) -> Iterator[Element]:
    """The records, enums and fixed types the schema declares."""
    return (item for item in schema.view.elements if item.kind != "field")


def _avro(ctx: SchemaContext) -> bool:
    return ctx.schema.schema_type is SchemaType.AVRO


def _json_objects(schema: Schema) -> Iterator[Record]:
    seen: set[str] = set()
    for root in schema.view.roots:
        for record in root.walk():
            if record.pointer not in seen:
                seen.add(record.pointer)
                yield record


_AVRO_ONLY = "Avro schemas only."


class _Message(NamedTuple):
    full_name: str
    local: str
    pointer: str
    fields: dict[int, tuple[str, str, bool]]
    reserved_numbers: tuple[tuple[int, int], ...]
    reserved_names: frozenset[str]

    def reserves(self, number: int) -> bool:
        return any(first <= number <= last for first, last in self.reserved_numbers)

    def numbered(self, name: str) -> int | None:
        return next((number for number, field in self.fields.items() if field[0] == name), None)


def _messages(schema: Schema | None) -> dict[str, _Message] | None:
    """The file's messages (nested ones included) by full name; None for other schemas."""
    if schema is None or schema.schema_type is not SchemaType.PROTOBUF or schema.parsed is None:
        return None
    found: dict[str, _Message] = {}
    fields: dict[str, dict[int, tuple[str, str, bool]]] = {}
    for item in schema.view.elements:
        if item.kind == "record":
            fields[item.full_name] = {}
            found[item.full_name] = _Message(
                item.full_name, item.name_path, item.pointer, fields[item.full_name],
                item.reserved_numbers, item.reserved_names)
        elif item.kind == "field" and item.number is not None:
            fields[item.scope][item.number] = (item.name, item.field_type or "", item.repeated)
    return found


def _pairs(ctx: SchemaContext) -> Iterator[tuple[_Message, _Message]]:
    """(previous, new) for every message both versions declare."""
    new = _messages(ctx.schema)
    old = _messages(ctx.previous)
    if new is None or old is None:
        return
    for full_name, message in new.items():
        before = old.get(full_name)
        if before is not None:
            yield before, message


def _declaration(field: tuple[str, str, bool], number: int) -> str:
    name, kind, repeated = field
    return f"{'repeated ' if repeated else ''}{kind} {name} = {number}"


_PROTO_ONLY = ("Protobuf schemas with a previous version only; messages are matched by full "
               "name, nested ones included.")
