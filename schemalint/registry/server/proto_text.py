"""A compiled ``FileDescriptorProto`` printed back as .proto text.

Client serializers (confluent-kafka's among them) auto-register a Protobuf schema as the
base64 of its ``FileDescriptorProto``. Confluent's registry turns that into .proto text with its
own printer and stores the text; this module does the same, so that every stored Protobuf
schema is a .proto file that protoc compiles, ``pull`` writes, and people read.

What a descriptor cannot say is not printed: comments, and custom options other than
Confluent's (they arrive as unknown fields). Proto2 groups and editions files are refused
(``UnprintableDescriptor``).
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections.abc import Iterable, Iterator
from contextlib import suppress
from functools import cache

from google.protobuf import descriptor_pb2, message_factory, text_format
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.descriptor_pool import DescriptorPool
from google.protobuf.message import DecodeError, Message

F = descriptor_pb2.FieldDescriptorProto

_SCALARS = {
    F.TYPE_DOUBLE: "double", F.TYPE_FLOAT: "float", F.TYPE_INT64: "int64",
    F.TYPE_UINT64: "uint64", F.TYPE_INT32: "int32", F.TYPE_FIXED64: "fixed64",
    F.TYPE_FIXED32: "fixed32", F.TYPE_BOOL: "bool", F.TYPE_STRING: "string",
    F.TYPE_BYTES: "bytes", F.TYPE_UINT32: "uint32", F.TYPE_SFIXED32: "sfixed32",
    F.TYPE_SFIXED64: "sfixed64", F.TYPE_SINT32: "sint32", F.TYPE_SINT64: "sint64",
}
_LABELS = {F.LABEL_OPTIONAL: "optional", F.LABEL_REQUIRED: "required",
           F.LABEL_REPEATED: "repeated"}
_MAX_FIELD = 536_870_911
_INDENT = "  "
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FULL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_TYPE_NAME = re.compile(r"\.?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
# What protoc writes as a numeric, boolean or enum default: a number (inf and nan included)
# or an identifier; bytes defaults are C-escaped, so no quote or line break stands bare.
_SCALAR_DEFAULT = re.compile(r"[-+]?(?:[0-9][0-9A-Za-z_.+-]*|\.[0-9][0-9A-Za-z_.+-]*|inf|nan)|"
                             r"[A-Za-z_][A-Za-z0-9_]*")
_ESCAPED_BYTES = re.compile(r'(?:[^"\\\n\r\x00]|\\.)*')


class UnprintableDescriptor(ValueError):
    """The descriptor uses something this printer does not write."""


def decode_descriptor(text: str) -> descriptor_pb2.FileDescriptorProto | None:
    """The ``FileDescriptorProto`` a base64 schema text holds, or None when it holds none."""
    try:
        data = base64.b64decode(text.strip(), validate=True)
        descriptor = descriptor_pb2.FileDescriptorProto.FromString(data)
    except (binascii.Error, ValueError, DecodeError):
        return None
    return descriptor if data else None


@cache
def _options_pool() -> DescriptorPool:
    """A private pool that knows Confluent's custom options (``confluent.field_meta`` …).

    Private, not the process's default pool: registering the options there would change how
    every later compiled descriptor prints its options, and so schema identities.
    """
    from schemalint.formats.protobuf.compile import confluent_descriptor_set

    pool = DescriptorPool()
    pool.AddSerializedFile(descriptor_pb2.DESCRIPTOR.serialized_pb)
    bundle = confluent_descriptor_set()
    if bundle is not None:
        for file in descriptor_pb2.FileDescriptorSet.FromString(bundle).file:
            with suppress(TypeError, ValueError):
                pool.Add(file)
    return pool


def _with_known_options(options: Message) -> Message:
    """``options`` re-read so that Confluent's custom options are fields, not unknown bytes."""
    if not options.ByteSize():
        return options
    kind = _options_pool().FindMessageTypeByName(options.DESCRIPTOR.full_name)
    known = message_factory.GetMessageClass(kind)()
    known.ParseFromString(options.SerializeToString())
    return known


def print_proto(descriptor: descriptor_pb2.FileDescriptorProto) -> str:
    """.proto text that compiles to ``descriptor`` (up to comments and custom options).

    Raises ``UnprintableDescriptor`` for a descriptor whose names are no Protobuf identifiers
    or whose indexes point nowhere: printed, such a name would be .proto syntax of its own (a
    field named ``a = 1; } message Evil {`` defines a message nobody registered)."""
    syntax = descriptor.syntax or "proto2"
    if syntax not in ("proto2", "proto3"):
        raise UnprintableDescriptor(f"syntax {syntax!r} is not supported")
    _check_file(descriptor)
    lines = [f'syntax = "{syntax}";']
    if descriptor.package:
        lines += ["", f"package {descriptor.package};"]
    if descriptor.dependency:
        lines.append("")
        public, weak = set(descriptor.public_dependency), set(descriptor.weak_dependency)
        for index, name in enumerate(descriptor.dependency):
            modifier = "public " if index in public else "weak " if index in weak else ""
            lines.append(f"import {modifier}{_quote(name)};")
    options = list(_options(descriptor.options, ""))
    if options:
        lines += ["", *options]
    proto3 = syntax == "proto3"
    for message in descriptor.message_type:
        lines += ["", *_message(message, "", proto3)]
    for enum in descriptor.enum_type:
        lines += ["", *_enum(enum, "")]
    if descriptor.extension:
        lines += ["", *_extensions(descriptor.extension, "", proto3)]
    for service in descriptor.service:
        lines += ["", *_service(service)]
    return "\n".join(lines) + "\n"


def _require(pattern: re.Pattern[str], text: str, what: str) -> None:
    if not pattern.fullmatch(text):
        raise UnprintableDescriptor(f"{what} {text!r} is not a valid Protobuf name")


def _check_file(descriptor: descriptor_pb2.FileDescriptorProto) -> None:
    """Every name a valid identifier, every type a valid type name, every index in range."""
    if descriptor.package:
        _require(_FULL_NAME, descriptor.package, "package")
    for index in (*descriptor.public_dependency, *descriptor.weak_dependency):
        if not 0 <= index < len(descriptor.dependency):
            raise UnprintableDescriptor(f"dependency index {index} is out of range")
    pending: list[descriptor_pb2.DescriptorProto] = list(descriptor.message_type)
    enums = list(descriptor.enum_type)
    fields = list(descriptor.extension)
    while pending:
        message = pending.pop()
        _require(_IDENTIFIER, message.name, "message")
        for oneof in message.oneof_decl:
            _require(_IDENTIFIER, oneof.name, "oneof")
        for field in message.field:
            if field.HasField("oneof_index") and \
                    not 0 <= field.oneof_index < len(message.oneof_decl):
                raise UnprintableDescriptor(f"field {field.name!r} has oneof_index "
                                            f"{field.oneof_index}, out of range")
        for name in message.reserved_name:
            _require(_IDENTIFIER, name, "reserved name")
        fields += [*message.field, *message.extension]
        pending += message.nested_type
        enums += message.enum_type
    for field in fields:
        _check_field(field)
    for enum in enums:
        _require(_IDENTIFIER, enum.name, "enum")
        for value in enum.value:
            _require(_IDENTIFIER, value.name, "enum value")
        for name in enum.reserved_name:
            _require(_IDENTIFIER, name, "reserved name")
    for service in descriptor.service:
        _require(_IDENTIFIER, service.name, "service")
        for method in service.method:
            _require(_IDENTIFIER, method.name, "method")
            _require(_TYPE_NAME, method.input_type, "input type")
            _require(_TYPE_NAME, method.output_type, "output type")


def _check_field(field: descriptor_pb2.FieldDescriptorProto) -> None:
    _require(_IDENTIFIER, field.name, "field")
    if field.label not in _LABELS:
        raise UnprintableDescriptor(f"field {field.name} has label {field.label}, unknown")
    if field.type not in _SCALARS and field.type not in (F.TYPE_MESSAGE, F.TYPE_ENUM,
                                                         F.TYPE_GROUP):
        raise UnprintableDescriptor(f"field {field.name} has type {field.type}, unknown")
    if field.type not in _SCALARS:
        _require(_TYPE_NAME, field.type_name, "type")
    if field.HasField("extendee"):
        _require(_TYPE_NAME, field.extendee, "extendee")
    if field.HasField("default_value") and field.type != F.TYPE_STRING:
        pattern = _ESCAPED_BYTES if field.type == F.TYPE_BYTES else _SCALAR_DEFAULT
        if not pattern.fullmatch(field.default_value):
            raise UnprintableDescriptor(f"field {field.name} has default "
                                        f"{field.default_value!r}, not a valid literal")


def _message(message: descriptor_pb2.DescriptorProto, indent: str, proto3: bool) -> list[str]:
    inner = indent + _INDENT
    lines = [f"{indent}message {message.name} {{"]
    lines += _options(message.options, inner)
    maps = {nested.name: nested for nested in message.nested_type if nested.options.map_entry}
    real_oneofs = {field.oneof_index for field in message.field
                   if field.HasField("oneof_index") and not field.proto3_optional}
    printed_oneofs: set[int] = set()
    # Nested messages print where the declaration order of nested types (map entries
    # included, which protoc places at their field) keeps them.
    nested_order = [nested.name for nested in message.nested_type]
    pending_nested = [nested for nested in message.nested_type if nested.name not in maps]

    def nested_before(entry_name: str) -> None:
        limit = nested_order.index(entry_name)
        while pending_nested and nested_order.index(pending_nested[0].name) < limit:
            lines.extend(_message(pending_nested.pop(0), inner, proto3))

    for field in message.field:
        entry = _map_entry(field, maps)
        if entry is not None:
            nested_before(entry.name)
        if field.HasField("oneof_index") and field.oneof_index in real_oneofs:
            if field.oneof_index in printed_oneofs:
                continue
            printed_oneofs.add(field.oneof_index)
            oneof = message.oneof_decl[field.oneof_index]
            lines.append(f"{inner}oneof {oneof.name} {{")
            lines += _options(oneof.options, inner + _INDENT)
            lines += [_field(member, inner + _INDENT, proto3, maps, in_oneof=True)
                      for member in message.field
                      if member.HasField("oneof_index")
                      and member.oneof_index == field.oneof_index]
            lines.append(f"{inner}}}")
        else:
            lines.append(_field(field, inner, proto3, maps, in_oneof=False))
    for nested in pending_nested:
        lines += _message(nested, inner, proto3)
    for enum in message.enum_type:
        lines += _enum(enum, inner)
    if message.extension:
        lines += _extensions(message.extension, inner, proto3)
    for extension_range in message.extension_range:
        lines.append(f"{inner}extensions {_range(extension_range.start, extension_range.end - 1)};")
    if message.reserved_range:
        ranges = ", ".join(_range(r.start, r.end - 1) for r in message.reserved_range)
        lines.append(f"{inner}reserved {ranges};")
    if message.reserved_name:
        lines.append(f"{inner}reserved {', '.join(_quote(n) for n in message.reserved_name)};")
    lines.append(f"{indent}}}")
    return lines


def _field(field: descriptor_pb2.FieldDescriptorProto, indent: str, proto3: bool,
           maps: dict[str, descriptor_pb2.DescriptorProto], *, in_oneof: bool) -> str:
    if field.type == F.TYPE_GROUP:
        raise UnprintableDescriptor(f"field {field.name} is a proto2 group")
    entry = _map_entry(field, maps)
    if entry is not None:
        key, value = entry.field[0], entry.field[1]
        kind = f"map<{_type(key)}, {_type(value)}>"
        label = ""
    else:
        kind = _type(field)
        label = _label(field, proto3, in_oneof)
    options = []
    if field.HasField("default_value"):
        options.append(f"default = {_default(field)}")
    if field.HasField("json_name") and field.json_name != _json_name(field.name):
        options.append(f"json_name = {_quote(field.json_name)}")
    options += [f"{name} = {value}" for name, value in _option_values(field.options)]
    suffix = f" [{', '.join(options)}]" if options else ""
    return f"{indent}{label}{kind} {field.name} = {field.number}{suffix};"


def _map_entry(field: descriptor_pb2.FieldDescriptorProto,
               maps: dict[str, descriptor_pb2.DescriptorProto]
               ) -> descriptor_pb2.DescriptorProto | None:
    if field.label != F.LABEL_REPEATED or field.type != F.TYPE_MESSAGE:
        return None
    return maps.get(field.type_name.rsplit(".", 1)[-1])


def _label(field: descriptor_pb2.FieldDescriptorProto, proto3: bool, in_oneof: bool) -> str:
    if in_oneof:
        return ""
    if proto3 and field.label == F.LABEL_OPTIONAL:
        return "optional " if field.proto3_optional else ""
    return _LABELS[field.label] + " "


def _type(field: descriptor_pb2.FieldDescriptorProto) -> str:
    if field.type in _SCALARS:
        return _SCALARS[field.type]
    return field.type_name


def _json_name(name: str) -> str:
    parts = name.split("_")
    return parts[0] + "".join(part[:1].upper() + part[1:] for part in parts[1:])


def _default(field: descriptor_pb2.FieldDescriptorProto) -> str:
    value = field.default_value
    if field.type == F.TYPE_STRING:
        return _quote(value)
    if field.type == F.TYPE_BYTES:
        # protoc stores bytes defaults C-escaped already.
        return f'"{value}"'
    return value


def _enum(enum: descriptor_pb2.EnumDescriptorProto, indent: str) -> list[str]:
    inner = indent + _INDENT
    lines = [f"{indent}enum {enum.name} {{"]
    lines += _options(enum.options, inner)
    for value in enum.value:
        options = [f"{name} = {text}" for name, text in _option_values(value.options)]
        suffix = f" [{', '.join(options)}]" if options else ""
        lines.append(f"{inner}{value.name} = {value.number}{suffix};")
    if enum.reserved_range:
        # Enum reserved ranges are inclusive at both ends.
        ranges = ", ".join(_range(r.start, r.end) for r in enum.reserved_range)
        lines.append(f"{inner}reserved {ranges};")
    if enum.reserved_name:
        lines.append(f"{inner}reserved {', '.join(_quote(n) for n in enum.reserved_name)};")
    lines.append(f"{indent}}}")
    return lines


def _extensions(fields: Iterable[descriptor_pb2.FieldDescriptorProto], indent: str,
                proto3: bool) -> list[str]:
    by_extendee: dict[str, list[descriptor_pb2.FieldDescriptorProto]] = {}
    for field in fields:
        by_extendee.setdefault(field.extendee, []).append(field)
    lines = []
    for extendee, members in by_extendee.items():
        lines.append(f"{indent}extend {extendee} {{")
        lines += [_field(member, indent + _INDENT, proto3, {}, in_oneof=False)
                  for member in members]
        lines.append(f"{indent}}}")
    return lines


def _service(service: descriptor_pb2.ServiceDescriptorProto) -> list[str]:
    lines = [f"service {service.name} {{"]
    lines += _options(service.options, _INDENT)
    for method in service.method:
        request = ("stream " if method.client_streaming else "") + method.input_type
        response = ("stream " if method.server_streaming else "") + method.output_type
        options = _options(method.options, _INDENT * 2)
        head = f"{_INDENT}rpc {method.name}({request}) returns ({response})"
        lines += [f"{head} {{", *options, f"{_INDENT}}}"] if options else [f"{head};"]
    lines.append("}")
    return lines


def _range(start: int, end: int) -> str:
    if end >= _MAX_FIELD:
        return f"{start} to max"
    return str(start) if start == end else f"{start} to {end}"


def _options(options: Message, indent: str) -> list[str]:
    return [f"{indent}option {name} = {value};" for name, value in _option_values(options)]


def _option_values(options: Message) -> Iterator[tuple[str, str]]:
    for field, value in _with_known_options(options).ListFields():
        name = f"({field.full_name})" if field.is_extension else field.name
        if field.type == FieldDescriptor.TYPE_MESSAGE and field.is_extension and \
                isinstance(value, Message):
            yield name, "{ " + text_format.MessageToString(value, as_one_line=True) + " }"
        elif isinstance(value, (str, bytes, int, float)):
            yield name, _literal(field, value)
        # Repeated and message-typed standard options (uninterpreted ones, features) and
        # custom options whose extension is unknown here are not printed.


def _literal(field: FieldDescriptor, value: object) -> str:
    if field.type == FieldDescriptor.TYPE_BOOL:
        return "true" if value else "false"
    if field.type == FieldDescriptor.TYPE_ENUM:
        assert field.enum_type is not None
        known = field.enum_type.values_by_number.get(int(value))  # type: ignore[call-overload]
        return str(known.name) if known is not None else str(int(value))  # type: ignore[call-overload]
    if field.type in (FieldDescriptor.TYPE_STRING, FieldDescriptor.TYPE_BYTES):
        text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
        return _quote(text)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    return str(value)


def _quote(text: str) -> str:
    escaped = []
    for char in text:
        if char in ('"', "\\"):
            escaped.append("\\" + char)
        elif char == "\n":
            escaped.append("\\n")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\{ord(char):03o}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'
