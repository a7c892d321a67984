"""Evolution hazards, EVO001–EVO009: changes that compatibility checks let through.

EVO008 and EVO009 guard Protobuf field numbers. A Protobuf reader knows a field by its number
only. Old data stays in the topic and comes back on every replay, so a number once used must
never mean anything else; ``reserved`` is how a file says so, and protoc then refuses any later
field with that number or name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from schemalint.allocation import paused_gc
from schemalint.lint.rule_model import SchemaContext
from schemalint.lint.shape import CONTAINER, MAPPING, Element, Shape, as_list, full_avro_name
from schemalint.lint.walk import elements, fields_of
from schemalint.model import Schema, SchemaType
from schemalint.sourcemap import join_pointer


class AvroField(NamedTuple):
    record: Mapping[str, Any]
    field: Mapping[str, Any]
    pointer: str
    name_path: str


class AvroNamed(NamedTuple):
    node: Mapping[str, Any]
    pointer: str
    full_name: str
    name_path: str


def _shares_elements(schema: Schema) -> bool:
    """Whether ``_walk_all`` can be read off ``walk.elements`` (see ``_from_elements``)."""
    if schema.schema_type is not SchemaType.AVRO:
        return False
    # Here, not at the top: the rules load without the format engines.
    from schemalint.formats.avro.nodes import AvroTree

    tree = schema.parsed
    return isinstance(tree, AvroTree) and not any(
        node.kind == "fixed" for node in tree.named.values())


def _walked(ctx: SchemaContext) -> tuple[list[AvroNamed], Sequence[AvroField | Element]]:
    """``walked``'s named types and fields. Where the shared walk serves, its field elements
    stand for the ``AvroField``s (the rules read a field's declaration, pointer and name
    path): no second record per field of a large schema."""
    schema = ctx.schema

    def read() -> tuple[list[AvroNamed], Sequence[AvroField | Element]]:
        if _shares_elements(schema):
            shared = elements(schema)
            if shared:
                return ([AvroNamed(element.node, element.pointer, element.full_name,
                                   element.name_path)
                         for element in shared if element.kind != "field"], fields_of(schema))
        with paused_gc():
            found = _walk_all(schema.document)
        return ([item for item in found if isinstance(item, AvroNamed)],
                [item for item in found if isinstance(item, AvroField)])

    # Kept on the context, not the schema: only this pass reads it, and a large schema's
    # walk is freed before the project pass.
    return ctx.cached("avro.walk", read)


def _previous_fields(ctx: SchemaContext) -> dict[str, Mapping[str, Any]]:
    """The previous version's field declarations by name path, walked once for the rules
    comparing (the name paths of ``_walk``, without its pointers)."""
    previous = ctx.previous
    assert previous is not None

    def read() -> dict[str, Mapping[str, Any]]:
        found: dict[str, Mapping[str, Any]] = {}
        for here, nodes in _previous_records(ctx).records.items():
            for node in nodes:  # in walk order: the last of a repeated path wins
                for item in as_list(node.get("fields")):
                    if isinstance(item, MAPPING):
                        found[f"{here}.{item.get('name')}"] = item
        return found

    return ctx.cached("avro.previous.fields.by.path", read)


class _PreviousRecords:
    """The previous version's fields as ``_previous_fields`` finds them by name path, looked up
    in the records at the field's parent path instead: a large schema's fields get no name
    path and no entry each. ``typed`` is true when some field's type is not a name."""

    def __init__(self, document: Any) -> None:
        self.records: dict[str, list[Mapping[str, Any]]] = {}
        self.typed = False
        self._all: dict[str, dict[str, Mapping[str, Any]]] = {}
        self._typed: dict[str, dict[str, Mapping[str, Any]]] = {}
        self._index(document, "", "")

    def get(self, name_path: str, name: str, typed_only: bool = False
            ) -> Mapping[str, Any] | None:
        """``_previous_fields(ctx).get(name_path)`` for a field of that ``name`` (one without
        a dot); with ``typed_only``, None also where that field's type is a name."""
        record = name_path[:-len(name) - 1]
        found = (self._typed if typed_only else self._all).get(record)
        if found is None:
            found = {}
            for node in self.records.get(record, ()):
                for item in as_list(node.get("fields")):
                    if not isinstance(item, MAPPING):
                        continue
                    key = f"{item.get('name')}"
                    if typed_only and item.get("type").__class__ is str:
                        found.pop(key, None)  # the last of a repeated path wins
                    else:
                        found[key] = item
            (self._typed if typed_only else self._all)[record] = found
        return found.get(name)

    def _index(self, node: Any, namespace: str, name_path: str) -> None:
        """``_field_paths``'s walk, keeping each record under its name path."""
        if isinstance(node, list):
            for branch in node:
                self._index(branch, namespace, name_path)
            return
        if not isinstance(node, MAPPING):
            return
        kind = node.get("type")
        if kind in ("record", "error", "enum", "fixed") and isinstance(node.get("name"), str):
            if kind in ("record", "error"):
                full = full_avro_name(node, namespace)
                short = full.rsplit(".", 1)[-1]
                here = f"{name_path}.{short}" if name_path else short
                self.records.setdefault(here, []).append(node)
                inner = full.rpartition(".")[0]
                for item in as_list(node.get("fields")):
                    if not isinstance(item, MAPPING):
                        continue
                    field_type = item.get("type")
                    if field_type.__class__ is not str:
                        self.typed = True
                        if isinstance(field_type, CONTAINER):
                            self._index(field_type, inner, f"{here}.{item.get('name')}")
            return
        if kind == "array":
            self._index(node.get("items"), namespace, name_path)
        elif kind == "map":
            self._index(node.get("values"), namespace, name_path)
        elif isinstance(kind, CONTAINER):
            self._index(kind, namespace, name_path)


def _previous_records(ctx: SchemaContext) -> _PreviousRecords:
    previous = ctx.previous
    assert previous is not None
    return ctx.cached("avro.previous.records", lambda: _PreviousRecords(previous.document))


def _fields(ctx: SchemaContext) -> Sequence[AvroField | Element]:
    return _walked(ctx)[1]


def _named(ctx: SchemaContext) -> list[AvroNamed]:
    return _walked(ctx)[0]


def _walk_all(document: Any) -> list[AvroNamed | AvroField]:
    found: list[AvroNamed | AvroField] = []
    _walk(document, "", "", "", found.append)
    return found


# Appending to one list rather than ``yield from``: a generator chain passes every item up
# through each level, quadratic in the nesting depth.
def _walk(node: Any, pointer: str, namespace: str, name_path: str,
          emit: Callable[[AvroNamed | AvroField], None]) -> None:
    if isinstance(node, list):
        for index, branch in enumerate(node):
            _walk(branch, join_pointer(pointer, index), namespace, name_path, emit)
        return
    if not isinstance(node, MAPPING):
        return
    kind = node.get("type")
    if kind in ("record", "error", "enum", "fixed") and isinstance(node.get("name"), str):
        full = full_avro_name(node, namespace)
        short = full.rsplit(".", 1)[-1]
        here = f"{name_path}.{short}" if name_path else short
        emit(AvroNamed(node, pointer, full, here))
        if kind in ("record", "error"):
            inner = full.rpartition(".")[0]
            for index, item in enumerate(as_list(node.get("fields"))):
                if not isinstance(item, MAPPING):
                    continue
                field_pointer = f"{pointer}/fields/{index}"
                field_path = f"{here}.{item.get('name')}"
                emit(AvroField(node, item, field_pointer, field_path))
                # Only a list or an object can hold more types: most fields name one.
                if item.get("type").__class__ is not str \
                        and isinstance(item.get("type"), CONTAINER):
                    _walk(item["type"], f"{field_pointer}/type", inner,
                          field_path, emit)
        return
    if kind == "array":
        _walk(node.get("items"), join_pointer(pointer, "items"), namespace, name_path, emit)
    elif kind == "map":
        _walk(node.get("values"), join_pointer(pointer, "values"), namespace, name_path,
              emit)
    elif isinstance(kind, CONTAINER):
        _walk(kind, join_pointer(pointer, "type"), namespace, name_path, emit)


def _avro(ctx: SchemaContext) -> bool:
    return ctx.schema.schema_type is SchemaType.AVRO


def _json_objects(ctx: SchemaContext) -> Iterator[Shape]:
    seen: set[str] = set()
    for root in ctx.shapes:
        for shape in root.walk():
            if shape.pointer not in seen:
                seen.add(shape.pointer)
                yield shape


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
    # Imported here: the Protobuf model needs the protobuf package, an optional extra.
    from schemalint.lint.protobuf_view import (
        every_message,
        local_name,
        message_pointer,
        proto_model,
    )

    model = proto_model(schema)
    if model is None:
        return None
    package = model.file.package
    found: dict[str, _Message] = {}
    for message in every_message(model.file):
        fields = {item.number: (item.name, str(item.type), item.label == "repeated")
                  for item in message.fields}
        found[message.full_name] = _Message(
            message.full_name, local_name(message.full_name, package),
            message_pointer(message.full_name, package), fields, message.reserved_numbers,
            frozenset(message.reserved_names))
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
