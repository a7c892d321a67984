"""The view of a Protobuf schema (``schemalint.view``), read from the compiled ``ProtoModel``.

A message field maps onto the view's value kinds: ``int32`` is an ``int``, ``bool`` a
``boolean``, a message a ``record``, ``repeated`` an ``array``. Presence is what Avro calls
nullable: proto3 ``optional``, proto2 ``optional``, oneof members, message fields and the
well-known wrappers (``StringValue`` is a nullable ``string``). Well-known time types keep
their full name as the logical type (``google.protobuf.Timestamp``).

Pointers are those of the Protobuf source map: ``/Outer/Inner`` for a message, ``/Outer/3`` for
field 3, ``/Status/1`` for an enum value. Fields of a message imported from another file anchor
at the field of this file that refers to it. Declared (``elements``): every message, enum and
field the file declares (imports excluded), with its comment. Reached (``roots``): the file's
first message, the one Confluent names the schema by, and the messages its fields hold.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterator
from typing import Any, NamedTuple

from schemalint.formats.protobuf.locations import SourceInfo, child_path, encode_path
from schemalint.formats.protobuf.model import (
    MESSAGE_FIELD,
    FieldType,
    ProtoEnum,
    ProtoField,
    ProtoFile,
    ProtoMessage,
    ProtoModel,
)
from schemalint.view import NO_DECLARATION, PROTO_TIMESTAMPS, Element, Record

TAGS_KEY = "confluent:tags"

_SCALAR_KINDS = {
    "double": "double", "float": "float", "bool": "boolean", "string": "string",
    "bytes": "bytes", "int32": "int", "sint32": "int", "sfixed32": "int", "uint32": "int",
    "fixed32": "int", "int64": "long", "sint64": "long", "sfixed64": "long",
    "uint64": "long", "fixed64": "long",
}
_WRAPPERS = {
    "google.protobuf.StringValue": "string", "google.protobuf.BytesValue": "bytes",
    "google.protobuf.BoolValue": "boolean", "google.protobuf.Int32Value": "int",
    "google.protobuf.UInt32Value": "int", "google.protobuf.Int64Value": "long",
    "google.protobuf.UInt64Value": "long", "google.protobuf.FloatValue": "float",
    "google.protobuf.DoubleValue": "double",
}
# Well-known types that stand for one value: (kind, logical type).
_VALUES = {
    **{name: ("long", name) for name in PROTO_TIMESTAMPS},
    "google.protobuf.Duration": ("long", "google.protobuf.Duration"),
    "google.type.Date": ("record", "google.type.Date"),
    "google.type.TimeOfDay": ("record", "google.type.TimeOfDay"),
    "google.protobuf.Struct": ("map", None),
    "google.protobuf.Any": ("record", None),
}


class FieldKinds(NamedTuple):
    kinds: frozenset[str]
    logical: str | None
    # The message the field holds, when it is one whose fields the rules may read.
    message: ProtoMessage | None


def field_kinds(item: ProtoField, model: ProtoModel) -> FieldKinds:
    kind = item.type.kind
    if kind == "map":
        return FieldKinds(frozenset({"map"}), None, None)
    if item.label == "repeated":
        return FieldKinds(frozenset({"array"}), None, None)
    present = item.label == "optional" or item.oneof is not None
    name = item.type.name
    if kind == "scalar":
        found = {_SCALAR_KINDS.get(name, name)}
        return FieldKinds(frozenset(found | ({"null"} if present else set())), None, None)
    if name in _WRAPPERS:
        return FieldKinds(frozenset({_WRAPPERS[name], "null"}), None, None)
    if name in _VALUES:
        value_kind, logical = _VALUES[name]
        return FieldKinds(frozenset({value_kind, "null"}), logical, None)
    info = model.types.get(name)
    element = info.element if info is not None else None
    if isinstance(element, ProtoEnum):
        return FieldKinds(frozenset({"enum"} | ({"null"} if present else set())), None, None)
    # Other well-known messages (Empty, Value, FieldMask …) are opaque values, not payload.
    message = element if not name.startswith("google.protobuf.") else None
    return FieldKinds(frozenset({"record", "null"}), None, message)


class _KindsOf:
    """``field_kinds`` for one model, worked out once per type, label and presence: the
    fields of a large message share a handful of answers."""

    def __init__(self, model: ProtoModel) -> None:
        self.model = model
        self.known: dict[tuple[FieldType, str | None, bool], FieldKinds] = {}

    def __call__(self, item: ProtoField) -> FieldKinds:
        key = (item.type, item.label, item.oneof is not None)
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = field_kinds(item, self.model)
        return found


def message_pointer(full_name: str, package: str) -> str:
    local = full_name[len(package) + 1:] if package and full_name.startswith(
        package + ".") else full_name
    return "/" + local.replace(".", "/")


def local_name(full_name: str, package: str) -> str:
    """``acme.orders.OrderPlaced.Line`` → ``OrderPlaced.Line`` in package ``acme.orders``."""
    return message_pointer(full_name, package)[1:].replace("/", ".")


class _Comments:
    """Leading and trailing comments, and declaration text, by source-info path."""

    def __init__(self, info: SourceInfo, text: str) -> None:
        self.info = info
        self.known = info.known
        self.text = text
        self._lines: list[str] | None = None

    def doc(self, path: bytes) -> str | None:
        return self.info.comment(path) if self.known else None

    def declaration(self, path: bytes) -> str:
        span = self.info.span(path)
        if not span or len(span) < 3:
            return ""
        if self._lines is None:
            self._lines = self.text.splitlines()
        first, last = span[0], span[2] if len(span) == 4 else span[0]
        return "\n".join(self._lines[first:last + 1])


_FIELD_META_NAME = "confluent.field_meta"
_FIELD_META = re.compile(r"\(\s*confluent\.field_meta\s*\)")
_TAGS = re.compile(r"tags\s*[:=]\s*(\[[^\]]*\]|\"[^\"]*\"|'[^']*')")
_QUOTED = re.compile(r"\"([^\"]*)\"|'([^']*)'")


def confluent_tags(declaration: str) -> list[str]:
    """The tags of ``[(confluent.field_meta).tags = "PII"]`` written on a declaration."""
    if not _FIELD_META.search(declaration):
        return []
    tags: list[str] = []
    for found in _TAGS.finditer(declaration):
        tags.extend(a or b for a, b in _QUOTED.findall(found.group(1)))
    return [tag for tag in tags if tag]


class ProtobufView:
    """``ViewReader`` of one compiled .proto file; ``text`` is its source."""

    def __init__(self, model: ProtoModel, text: str) -> None:
        self.model = model
        self.kinds = _KindsOf(model)
        self.comments = _Comments(model.source_info, text)
        # Tags are read from each field's declaration only in a file that writes any.
        self.tagged = _FIELD_META_NAME in text

    # -- every declaration of the file -----------------------------------------------------

    def elements(self) -> tuple[Element, ...]:
        found: list[Element] = []
        file: ProtoFile = self.model.file
        for message in file.messages:
            self._message(message, file.package, found.append)
        for item in file.enums:
            found.append(self._enum(item, file.package))
        return tuple(found)

    def _message(self, message: ProtoMessage, package: str,
                 emit: Callable[[Element], None]) -> None:
        pointer = message_pointer(message.full_name, package)
        path = local_name(message.full_name, package)
        own_path = encode_path(message.source_path)
        emit(Element("record", message.name, message.full_name, pointer, path,
                     {"name": message.name}, self.comments.doc(own_path), frozenset(), None,
                     message))
        doc = self.comments.doc
        kinds_of = self.kinds
        full_name = message.full_name
        for item in message.fields:
            found = kinds_of(item)
            field_path = child_path(own_path, MESSAGE_FIELD, item.position)
            declaration: dict[str, Any] = {"name": item.name, "number": item.number}
            if self.tagged:
                tags = confluent_tags(self.comments.declaration(field_path))
                if tags:
                    declaration[TAGS_KEY] = tags
            emit(Element("field", item.name, full_name, f"{pointer}/{item.number}", path,
                         declaration, doc(field_path), found.kinds, found.logical, item))
        for nested in message.messages:
            self._message(nested, package, emit)
        for nested_enum in message.enums:
            emit(self._enum(nested_enum, package))

    def _enum(self, item: ProtoEnum, package: str) -> Element:
        return Element("enum", item.name, item.full_name,
                       message_pointer(item.full_name, package),
                       local_name(item.full_name, package), {"name": item.name},
                       self.comments.doc(encode_path(item.source_path)), frozenset(), None,
                       item)

    # -- the first message and what it reaches ------------------------------------------------

    def roots(self, elements: tuple[Element, ...]) -> tuple[Record, ...]:
        return _Reach(self, elements).roots()

    def field_walk(self) -> ProtobufFieldWalk:
        return ProtobufFieldWalk(self.model)

    def root_names(self) -> tuple[str | None, ...]:
        messages = self.model.file.messages
        return (messages[0].full_name,) if messages else ()


class _Reach:
    """The first message and the messages it holds, each once, named by the field reaching
    it. A field of a message of this file reached under the path that declares it is its
    declared element (with its comment and tags); others anchor where they are reached."""

    def __init__(self, view: ProtobufView, elements: tuple[Element, ...]) -> None:
        self.view = view
        self.model = view.model
        self.reached: dict[str, Record] = {}
        self.declared: dict[str, Element] = {
            element.base_pointer: element for element in elements if element.kind == "field"}

    def roots(self) -> tuple[Record, ...]:
        messages = self.model.file.messages
        if not messages:
            return ()
        first = messages[0]
        return (self.record(first, f"/{first.name}", first.name, local=True),)

    def record(self, message: ProtoMessage, pointer: str, name_path: str,
               local: bool) -> Record:
        known = self.reached.get(message.full_name)
        if known is not None:
            return known
        record = Record(message.full_name, pointer, name_path, NO_DECLARATION, {})
        self.reached[message.full_name] = record
        fields = record.fields
        kinds_of = self.view.kinds
        full_name = message.full_name
        package = self.model.file.package
        for item in message.fields:
            where = f"{pointer}/{item.number}" if local else pointer
            found = kinds_of(item)
            inner = None
            if found.message is not None:
                info = self.model.types.get(found.message.full_name)
                here = info is not None and info.origin == ""
                inner_pointer = message_pointer(found.message.full_name,
                                                package) if here else where
                inner = self.record(found.message, inner_pointer, f"{name_path}.{item.name}",
                                    here)
            declared = self.declared.get(where) if local else None
            if declared is not None and declared.base_path == name_path:
                fields[item.name] = declared if inner is None else declared._replace(
                    record=inner)
            else:
                fields[item.name] = Element("field", item.name, full_name, where, name_path,
                                            NO_DECLARATION, None, found.kinds, found.logical,
                                            item, record=inner)
        return record


class ProtobufFieldWalk:
    """Protobuf messages: a field names its message type, a map its value type."""

    def __init__(self, model: ProtoModel) -> None:
        self.model = model
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
