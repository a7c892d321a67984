"""The identity of a .proto file: its compiled descriptor, printed in a fixed text form.

Confluent canonicalises a Protobuf schema by printing Wire's parse tree back as .proto text
(``ProtobufSchema.canonicalString``, ``ProtobufSchemaUtils.toString``): whitespace and
comments vanish, declaration order and options stay. schemalint prints the file's own
``FileDescriptorProto`` (without source locations) in protobuf's text format instead, which
ignores the same things and keeps the same things, with three differences, each about edits
that leave every declaration as it was: type names are the compiler's fully-qualified ones,
so writing ``Status`` or ``.pkg.Outer.Status`` for the same type is the same schema here,
while Confluent's printer keeps the name as written; Confluent prints a message's plain
fields before its oneofs, so moving a oneof among the fields is no new version there but is
one here; and a field's options print here in field-number order, there as written. The form
is an identity, not a file to hand to protoc; registries are sent the text as written.
"""

from __future__ import annotations

from google.protobuf import descriptor_pb2


def canonical_string(descriptor: descriptor_pb2.FileDescriptorProto) -> str:
    """The normalised text form of a compiled file, for identity comparisons."""
    from google.protobuf import text_format

    copy = descriptor_pb2.FileDescriptorProto()
    copy.CopyFrom(descriptor)
    copy.ClearField("source_code_info")
    # The file's own name depends on where it sits, not on what it says.
    copy.ClearField("name")
    return str(text_format.MessageToString(copy, print_unknown_fields=True))
