"""The diff's view of compiled descriptors: what Confluent's diff reads from a .proto file.

Confluent diffs the parse tree of Square Wire, not descriptors, so the model restores what
Wire sees:

- a field's label is the keyword written: ``optional``, ``repeated``, ``required`` or none
  (proto3 fields without one, oneof members and map fields have none);
- ``map<K, V>`` fields are map types, and the entry messages protoc synthesises for them are
  not nested messages;
- proto2 groups are neither fields nor nested messages (Wire keeps them apart and the diff
  never reads them);
- the oneofs protoc synthesises for proto3 ``optional`` fields are not oneofs;
- enums and messages keep their own declaration order (message indexes count messages only).

Type names are the compiler's fully-qualified ones, so ``Status``, ``TestMessage.Status`` and
``.pkg.TestMessage.Status`` written for the same type are the same type.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import NamedTuple

from google.protobuf import descriptor_pb2

from schemalint.formats.protobuf.locations import SourceInfo

F = descriptor_pb2.FieldDescriptorProto

SCALARS = {
    F.TYPE_DOUBLE: "double", F.TYPE_FLOAT: "float", F.TYPE_INT64: "int64",
    F.TYPE_UINT64: "uint64", F.TYPE_INT32: "int32", F.TYPE_FIXED64: "fixed64",
    F.TYPE_FIXED32: "fixed32", F.TYPE_BOOL: "bool", F.TYPE_STRING: "string",
    F.TYPE_BYTES: "bytes", F.TYPE_UINT32: "uint32", F.TYPE_SFIXED32: "sfixed32",
    F.TYPE_SFIXED64: "sfixed64", F.TYPE_SINT32: "sint32", F.TYPE_SINT64: "sint64",
}

SCALAR = "scalar"
NAMED = "named"
MAP = "map"

# Paths inside FileDescriptorProto / DescriptorProto / EnumDescriptorProto (descriptor.proto
# field numbers), for source locations.
_FILE_MESSAGE, _FILE_ENUM = 4, 5
MESSAGE_FIELD, _MESSAGE_NESTED, _MESSAGE_ENUM, _MESSAGE_ONEOF = 2, 3, 4, 8
_ENUM_VALUE = 2


class FieldType(NamedTuple):
    """A scalar keyword, a named type (full name, no leading dot), or a map."""

    kind: str
    name: str
    key: FieldType | None = None
    value: FieldType | None = None

    def __str__(self) -> str:
        if self.kind == MAP:
            return f"map<{self.key}, {self.value}>"
        return self.name


# One value per scalar type, shared by every field of that type.
_SCALAR_TYPES = {code: FieldType(SCALAR, name) for code, name in SCALARS.items()}


class ProtoField(NamedTuple):
    """A message field. Large files have hundreds of thousands: a plain tuple, compared
    whole in one step, and its declaration written only when asked."""

    name: str
    number: int
    label: str | None
    type: FieldType
    oneof: str | None
    # Its position among the message's fields in the descriptor (groups included), which
    # ``ProtoMessage.field_path`` turns into its source-info path.
    position: int

    def declaration(self) -> str:
        label = f"{self.label} " if self.label else ""
        return f"{label}{self.type} {self.name} = {self.number}"


@dataclass(eq=False)
class ProtoEnum:
    name: str
    full_name: str
    values: tuple[tuple[str, int], ...]
    source_path: tuple[int, ...]
    value_paths: tuple[tuple[int, ...], ...] = ()
    # ``reserved`` numbers as inclusive (first, last) ranges, and reserved names.
    reserved_numbers: tuple[tuple[int, int], ...] = ()
    reserved_names: tuple[str, ...] = ()


@dataclass(eq=False)
class ProtoMessage:
    name: str
    full_name: str
    fields: tuple[ProtoField, ...]
    oneofs: tuple[tuple[str, tuple[int, ...]], ...]
    messages: tuple[ProtoMessage, ...]
    enums: tuple[ProtoEnum, ...]
    source_path: tuple[int, ...]
    # ``reserved`` numbers as inclusive (first, last) ranges, and reserved names.
    reserved_numbers: tuple[tuple[int, int], ...] = ()
    reserved_names: tuple[str, ...] = ()
    _by_number: dict[int, ProtoField] | None = field(default=None, init=False, repr=False)

    def field_path(self, item: ProtoField) -> tuple[int, ...]:
        """The source-info path of one of this message's fields."""
        return (*self.source_path, MESSAGE_FIELD, item.position)

    def field_numbered(self, number: int) -> ProtoField | None:
        if self._by_number is None:
            self._by_number = {item.number: item for item in self.fields}
        return self._by_number.get(number)


@dataclass(eq=False)
class ProtoFile:
    name: str
    package: str
    syntax: str
    dependencies: tuple[str, ...]
    messages: tuple[ProtoMessage, ...]
    enums: tuple[ProtoEnum, ...]
    # What stands for Confluent's (subject, version) of the file: "" for the file being
    # parsed, its name and a digest of its contents for an import.
    origin: str


@dataclass(frozen=True)
class TypeInfo:
    package: str
    origin: str
    element: ProtoMessage | ProtoEnum


@dataclass
class ProtoModel:
    """A parsed .proto file, the files it imports, and every type they declare.

    ``serialized`` is the file's own ``FileDescriptorProto`` without its source info, decoded
    into ``descriptor`` when first asked; ``source_info`` holds the source info as protoc
    wrote it, read only when positions or comments are asked.
    """

    file: ProtoFile
    files: dict[str, ProtoFile]
    types: dict[str, TypeInfo] = field(default_factory=dict)
    serialized: bytes = b""
    source_info: SourceInfo = field(default_factory=lambda: SourceInfo(b""))
    # The files it imports, directly or not, dependencies first, serialized without source
    # info: with ``serialized``, what a descriptor pool needs to make its messages (replay).
    imports: tuple[bytes, ...] = ()
    _descriptor: descriptor_pb2.FileDescriptorProto | None = field(default=None, init=False,
                                                                   repr=False)

    @property
    def descriptor(self) -> descriptor_pb2.FileDescriptorProto | None:
        if self._descriptor is None and self.serialized:
            self._descriptor = descriptor_pb2.FileDescriptorProto.FromString(self.serialized)
        return self._descriptor

    @property
    def first_message(self) -> str | None:
        if not self.file.messages:
            return None
        return self.file.messages[0].full_name


def build_model(files: tuple[descriptor_pb2.FileDescriptorProto, ...],
                serialized: bytes, source_info: SourceInfo,
                imports: tuple[bytes, ...] = ()) -> ProtoModel:
    """The model of ``files[-1]`` (serialized as ``serialized``) given every file it needs,
    dependencies first (``imports``: those before it, serialized)."""
    messages: dict[str, descriptor_pb2.DescriptorProto] = {}
    for proto in files:
        _index_messages(proto.package, proto.message_type, messages)
    built: dict[str, ProtoFile] = {}
    types: dict[str, TypeInfo] = {}
    for position, proto in enumerate(files):
        main = position == len(files) - 1
        origin = "" if main else f"{proto.name}#{_digest(proto)}"
        built_file = _File(proto, messages).build(origin)
        built[proto.name] = built_file
        for full_name, element in _declared(built_file):
            types[full_name] = TypeInfo(proto.package, origin, element)
    main_file = built[files[-1].name]
    return ProtoModel(main_file, built, types, serialized, source_info, imports)


def _digest(proto: descriptor_pb2.FileDescriptorProto) -> str:
    copy = descriptor_pb2.FileDescriptorProto()
    copy.CopyFrom(proto)
    copy.ClearField("source_code_info")
    return hashlib.sha256(copy.SerializeToString(deterministic=True)).hexdigest()[:16]


def _index_messages(scope: str, items: object,
                    found: dict[str, descriptor_pb2.DescriptorProto]) -> None:
    for message in items:  # type: ignore[attr-defined]
        full_name = f"{scope}.{message.name}" if scope else message.name
        found[full_name] = message
        _index_messages(full_name, message.nested_type, found)


def _declared(proto: ProtoFile) -> list[tuple[str, ProtoMessage | ProtoEnum]]:
    found: list[tuple[str, ProtoMessage | ProtoEnum]] = []

    def walk(messages: tuple[ProtoMessage, ...], enums: tuple[ProtoEnum, ...]) -> None:
        for message in messages:
            found.append((message.full_name, message))
            walk(message.messages, message.enums)
        found.extend((item.full_name, item) for item in enums)

    walk(proto.messages, proto.enums)
    return found


class _File:
    def __init__(self, proto: descriptor_pb2.FileDescriptorProto,
                 messages: dict[str, descriptor_pb2.DescriptorProto]) -> None:
        self.proto = proto
        self.all_messages = messages
        self.proto2 = proto.syntax in ("", "proto2")
        self.named_types: dict[tuple[str, bool], FieldType] = {}

    def build(self, origin: str) -> ProtoFile:
        proto = self.proto
        scope = proto.package
        return ProtoFile(
            name=proto.name, package=proto.package, syntax=proto.syntax or "proto2",
            dependencies=tuple(proto.dependency),
            messages=tuple(self.message(item, scope, (_FILE_MESSAGE, index))
                           for index, item in enumerate(proto.message_type)),
            enums=tuple(self.enum(item, scope, (_FILE_ENUM, index))
                        for index, item in enumerate(proto.enum_type)),
            origin=origin,
        )

    def enum(self, proto: descriptor_pb2.EnumDescriptorProto, scope: str,
             path: tuple[int, ...]) -> ProtoEnum:
        return ProtoEnum(
            name=proto.name, full_name=f"{scope}.{proto.name}" if scope else proto.name,
            values=tuple((value.name, value.number) for value in proto.value),
            source_path=path,
            value_paths=tuple((*path, _ENUM_VALUE, index) for index in range(len(proto.value))),
            # Enum reserved ranges are inclusive already.
            reserved_numbers=tuple((item.start, item.end) for item in proto.reserved_range),
            reserved_names=tuple(proto.reserved_name),
        )

    def message(self, proto: descriptor_pb2.DescriptorProto, scope: str,
                path: tuple[int, ...]) -> ProtoMessage:
        full_name = f"{scope}.{proto.name}" if scope else proto.name
        oneof_names: dict[int, str] = {}
        if proto.oneof_decl:
            synthetic = {item.oneof_index for item in proto.field if item.proto3_optional}
            oneof_names = {index: decl.name for index, decl in enumerate(proto.oneof_decl)
                           if index not in synthetic}
        groups: set[str] = set()
        fields = []
        # Once per field of the largest files: each descriptor attribute is read once, and
        # oneof membership only where the message declares oneofs (a proto3 ``optional``
        # field's synthetic one included).
        proto2 = self.proto2
        has_oneofs = bool(proto.oneof_decl)
        for index, item in enumerate(proto.field):
            code = item.type
            if code == F.TYPE_GROUP:
                groups.add(item.type_name.lstrip("."))
                continue
            label_code = item.label
            kind = _SCALAR_TYPES.get(code) or self.named_type(item.type_name, label_code)
            oneof = None
            optional = False
            if has_oneofs and item.HasField("oneof_index"):
                oneof = oneof_names.get(item.oneof_index)
                optional = item.proto3_optional
            if kind.kind == MAP:
                label = None
            elif label_code == F.LABEL_REPEATED:
                label = "repeated"
            elif label_code == F.LABEL_REQUIRED:
                label = "required"
            elif optional or (oneof is None and proto2):
                label = "optional"
            else:
                label = None
            fields.append(ProtoField(item.name, item.number, label, kind, oneof, index))
        nested = []
        for index, child in enumerate(proto.nested_type):
            if child.options.map_entry or f"{full_name}.{child.name}" in groups:
                continue
            nested.append(self.message(child, full_name, (*path, _MESSAGE_NESTED, index)))
        return ProtoMessage(
            name=proto.name, full_name=full_name, fields=tuple(fields),
            oneofs=tuple((name, (*path, _MESSAGE_ONEOF, index))
                         for index, name in oneof_names.items()),
            messages=tuple(nested),
            enums=tuple(self.enum(item, full_name, (*path, _MESSAGE_ENUM, index))
                        for index, item in enumerate(proto.enum_type)),
            source_path=path,
            # Message reserved ranges end one past the last number.
            reserved_numbers=tuple((item.start, item.end - 1) for item in proto.reserved_range),
            reserved_names=tuple(proto.reserved_name),
        )

    def named_type(self, type_name: str, label: int) -> FieldType:
        """The type a field names, made once per name and label for the whole file."""
        key = (type_name, label == F.LABEL_REPEATED)
        found = self.named_types.get(key)
        if found is None:
            found = self.named_types[key] = self.type_of(type_name, label)
        return found

    def type_of(self, type_name: str, label: int) -> FieldType:
        name = type_name.lstrip(".")
        entry = self.all_messages.get(name)
        if (label == F.LABEL_REPEATED and entry is not None and entry.options.map_entry
                and len(entry.field) == 2):
            key, value = entry.field
            return FieldType(MAP, type_name, self.field_type(key), self.field_type(value))
        return FieldType(NAMED, name)

    def field_type(self, proto: descriptor_pb2.FieldDescriptorProto) -> FieldType:
        scalar = _SCALAR_TYPES.get(proto.type)
        return scalar if scalar is not None else self.named_type(proto.type_name, proto.label)
