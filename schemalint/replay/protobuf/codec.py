"""Protobuf messages written with one version and read with another, as consumers read them:
the protobuf runtime's message classes, made from the descriptors protoc compiled for each
version (``ProtoModel``), each version in a descriptor pool of its own so that two versions
of one message name can live side by side.

The subject's message is the one the project checks: the file's first message
(``Schema.name``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from google.protobuf.descriptor import Descriptor, EnumDescriptor, FieldDescriptor, FileDescriptor
from google.protobuf.message import Message

from schemalint.formats.protobuf import ProtoModel
from schemalint.model import Schema


@dataclass(frozen=True)
class ProtoCodec:
    """One version's subject message: its descriptor and the runtime's class for it."""

    descriptor: Descriptor
    message_class: type[Message]
    proto3: bool  # the file's syntax: proto3 strings must be UTF-8, its enums are open


def proto_codec(schema: Schema) -> ProtoCodec | None:
    """The codec of the schema's message; None for a file that declares none (enums alone):
    nothing is written with it."""
    model = schema.parsed
    if not isinstance(model, ProtoModel) or not model.serialized:
        raise TypeError(f"not a Protobuf schema: {schema.schema_type.value}")
    if schema.name is None:
        return None
    pool = descriptor_pool.DescriptorPool()
    for imported in model.imports:
        pool.AddSerializedFile(imported)
    pool.AddSerializedFile(model.serialized)
    descriptor = pool.FindMessageTypeByName(schema.name)
    return ProtoCodec(descriptor, message_factory.GetMessageClass(descriptor),
                      model.file.syntax == "proto3")


def encode(message: Message) -> bytes:
    # Map entries in key order: the same bytes for the same seed, whatever the runtime.
    return message.SerializeToString(deterministic=True)


def decode(data: bytes, reader: ProtoCodec) -> Message:
    """The message as ``reader`` reads ``data``; raises what the runtime raises."""
    return reader.message_class.FromString(data)


def is_repeated(field: FieldDescriptor) -> bool:
    repeated = getattr(field, "is_repeated", None)
    if repeated is not None:
        return bool(repeated)
    # protobuf before 6 says it by the label.
    return bool(getattr(field, "label", None) == FieldDescriptor.LABEL_REPEATED)


def is_required(field: FieldDescriptor) -> bool:
    required = getattr(field, "is_required", None)
    if required is not None:
        return bool(required)
    return bool(getattr(field, "label", None) == FieldDescriptor.LABEL_REQUIRED)


def is_map(field: FieldDescriptor) -> bool:
    return field.type == FieldDescriptor.TYPE_MESSAGE and is_repeated(field) and \
        bool(message_type(field).GetOptions().map_entry)


def message_type(field: FieldDescriptor) -> Descriptor:
    """The message type of a message (or group) field."""
    found = field.message_type
    if found is None:
        raise TypeError(f"{field.full_name} is no message field")
    return found


def enum_type(field: FieldDescriptor) -> EnumDescriptor:
    found = field.enum_type
    if found is None:
        raise TypeError(f"{field.full_name} is no enum field")
    return found


def is_closed(enum: EnumDescriptor) -> bool:
    """Whether the runtime moves numbers the enum does not name to unknown fields (proto2)."""
    closed = getattr(enum, "is_closed", None)
    if closed is not None:
        return bool(closed)
    return file_syntax(enum.file) != "proto3"  # protobuf before 4.24


# Bounded: an unbounded cache would keep every version's descriptor pool for the whole run.
@lru_cache(maxsize=64)
def file_syntax(file: FileDescriptor) -> str:
    proto = descriptor_pb2.FileDescriptorProto()
    file.CopyToProto(proto)
    return proto.syntax or "proto2"
