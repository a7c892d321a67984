"""Descriptors printed back as .proto text compile to the same schema."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from google.protobuf import descriptor_pb2
from registry_harness import FIXTURES

from schemalint.formats.protobuf import ENGINE, ProtoContext
from schemalint.model import Schema
from schemalint.registry.server.proto_text import (
    UnprintableDescriptor,
    decode_descriptor,
    print_proto,
)

CORPUS = Path(__file__).parents[3] / ".." / "shared" / "corpus" / "confluent" / "protobuf"
MONEY = (FIXTURES / "protobuf" / "money.proto").read_text()


def parse(text: str, files: dict[str, str] | None = None) -> Schema:
    context = ProtoContext(include=(), files=files or {"common/money.proto": MONEY})
    return ENGINE.parse(text, path="printed.proto", resolver=context)


def round_trip(text: str, files: dict[str, str] | None = None) -> tuple[Schema, Schema]:
    """The text compiled, sent as a client serializer sends it, decoded and printed."""
    original = parse(text, files)
    sent = base64.standard_b64encode(original.document.SerializeToString()).decode("ascii")
    decoded = decode_descriptor(sent)
    assert decoded is not None
    return original, parse(print_proto(decoded), files)


@pytest.mark.parametrize("name", sorted(p.name for p in (FIXTURES / "protobuf").glob("*.proto")
                                        if p.name != "syntax_error.proto"))
def test_fixtures_print_back_to_the_same_schema(name: str) -> None:
    original, printed = round_trip((FIXTURES / "protobuf" / name).read_text())

    assert printed.identity == original.identity


def corpus_files() -> list[str]:
    return sorted(p.name for p in CORPUS.glob("*.proto")) if CORPUS.is_dir() else []


@pytest.mark.parametrize("name", corpus_files() or [
    pytest.param("-", marks=pytest.mark.skip(reason=f"no corpus at {CORPUS}"))])
def test_confluent_corpus_files_print_back_to_the_same_schema(name: str) -> None:
    # The corpus files import each other by file name.
    files = {p.name: p.read_text() for p in CORPUS.glob("*.proto") if p.name != name}
    original, printed = round_trip((CORPUS / name).read_text(), files)

    assert printed.identity == original.identity


def test_what_a_client_serializer_sends_decodes_to_its_descriptor() -> None:
    document = parse((FIXTURES / "protobuf" / "order_v1.proto").read_text()).document
    sent = base64.standard_b64encode(document.SerializeToString()).decode("ascii")

    decoded = decode_descriptor(sent)

    assert decoded == document
    assert decode_descriptor("not base64!") is None
    assert decode_descriptor("") is None


def test_groups_and_editions_are_refused() -> None:
    group = descriptor_pb2.FileDescriptorProto(syntax="proto2", message_type=[
        descriptor_pb2.DescriptorProto(name="M", field=[descriptor_pb2.FieldDescriptorProto(
            name="g", number=1, type=descriptor_pb2.FieldDescriptorProto.TYPE_GROUP,
            label=descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL, type_name=".M.G")])])
    with pytest.raises(UnprintableDescriptor, match="group"):
        print_proto(group)
    with pytest.raises(UnprintableDescriptor, match="editions"):
        print_proto(descriptor_pb2.FileDescriptorProto(syntax="editions"))


F = descriptor_pb2.FieldDescriptorProto


def _event(**changes: object) -> descriptor_pb2.FileDescriptorProto:
    """A small valid descriptor with one part replaced by what a hostile client sends."""
    file = descriptor_pb2.FileDescriptorProto(name="e.proto", syntax="proto3", package="acme")
    message = file.message_type.add(name="Event")
    message.field.add(name="id", number=1, label=F.LABEL_OPTIONAL, type=F.TYPE_STRING)
    message.field.add(name="kind", number=2, label=F.LABEL_OPTIONAL, type=F.TYPE_ENUM,
                      type_name=".acme.Kind")
    kind = file.enum_type.add(name="Kind")
    kind.value.add(name="KIND_UNSPECIFIED", number=0)
    service = file.service.add(name="Events")
    service.method.add(name="Send", input_type=".acme.Event", output_type=".acme.Event")
    for where, value in changes.items():
        if where == "package":
            file.package = str(value)
        elif where == "message":
            message.name = str(value)
        elif where == "field":
            message.field[0].name = str(value)
        elif where == "type_name":
            message.field[1].type_name = str(value)
        elif where == "enum_value":
            kind.value[0].name = str(value)
        elif where == "method":
            service.method[0].name = str(value)
        elif where == "input_type":
            service.method[0].input_type = str(value)
        elif where == "oneof_index":
            message.field[0].oneof_index = int(str(value))
        elif where == "reserved_name":
            message.reserved_name.append(str(value))
        elif where == "public_dependency":
            file.public_dependency.append(int(str(value)))
    return file


# What a descriptor may not carry into printed text: each would be .proto syntax of its own,
# or an index pointing nowhere (an IndexError before, answered 500).
HOSTILE_PARTS = [
    ("field", 'id = 1; } message Evil { string x'),
    ("message", "Event { } message Evil"),
    ("package", 'acme; import "evil.proto"; package acme'),
    ("package", "acme..x"),
    ("type_name", ".acme.Kind kind = 2; } message Evil { .acme.Kind"),
    ("enum_value", "A = 0; B"),
    ("method", "Send(.acme.Event) returns (.acme.Event); rpc Evil"),
    ("input_type", ".acme.Event) returns (.acme.Event); rpc Evil(.acme.Event"),
    ("oneof_index", "3"),
    ("reserved_name", 'x"; message Evil { }'),
    ("public_dependency", "4"),
]


@pytest.mark.parametrize(("where", "value"), HOSTILE_PARTS)
def test_a_descriptor_whose_names_are_not_identifiers_is_not_printed(where: str,
                                                                      value: str) -> None:
    with pytest.raises(UnprintableDescriptor):
        print_proto(_event(**{where: value}))


def test_the_valid_descriptor_those_cases_alter_prints_and_compiles() -> None:
    printed = print_proto(_event())
    assert "Evil" not in printed
    assert parse(printed).document.message_type[0].name == "Event"
