"""Protobuf: parsing with protoc, identity, and compatibility with Confluent's rules.

Public API:

- ``ENGINE``: the ``FormatEngine`` for ``SchemaType.PROTOBUF``. ``ENGINE.parse`` compiles
  the text with protoc from ``grpcio-tools`` (a dependency of schemalint) and takes a
  ``ProtoContext`` (repository root, import folders, files held in memory) as its
  ``resolver``; without one, a file read from disk resolves its imports against the current
  directory (protoc's default) and text with no file behind it only the bundled ones (Google's
  from grpcio-tools, Confluent's from confluent-kafka when installed). Syntax errors
  and missing imports raise ``InvalidSchemaError`` with protoc's file, line and column.
  ``Schema.parsed`` is a ``ProtoModel``, ``Schema.document`` the file's
  ``FileDescriptorProto`` without its source info (decoded when first read; positions and
  comments come from ``ProtoModel.source_info``), ``Schema.name`` the first message's full
  name, and
  ``Schema.references`` its imports except those registries know (``google/protobuf/*``,
  ``google/type/*``, ``confluent/meta.proto``, ``confluent/type/decimal.proto``).
- ``ENGINE.incompatibilities(reader, writer)``: Confluent's backward check,
  ``diff(original=writer, update=reader)`` keeping the incompatible differences.
- ``diff(original, update)``: every difference, with Confluent's types and paths.
- ``is_compatible(differences)``, ``COMPATIBLE_CHANGES``, ``canonical_string(descriptor)``,
  ``is_known_import(name)``.
- ``first_message_name(text)``: the record name (first message's full name) without
  compiling, for mapping files to subjects; ``import_path(path, include)``: the name
  ``import`` statements give a repository file.
"""

from __future__ import annotations

from collections.abc import Sequence

from schemalint.formats import SchemaResolver
from schemalint.formats.protobuf.compat import diff, incompatibilities
from schemalint.formats.protobuf.compile import ProtoContext
from schemalint.formats.protobuf.difference import (
    ALL_TYPES,
    COMPATIBLE_CHANGES,
    Difference,
    is_compatible,
)
from schemalint.formats.protobuf.identity import canonical_string
from schemalint.formats.protobuf.messages import confluent_description, describe
from schemalint.formats.protobuf.model import ProtoModel
from schemalint.formats.protobuf.names import first_message_name, import_path, is_known_import
from schemalint.formats.protobuf.parse import INVALID_SCHEMA, ProtobufSchema, parse_text
from schemalint.model import Change, Incompatibility, Schema, SchemaType

__all__ = [
    "ALL_TYPES",
    "COMPATIBLE_CHANGES",
    "ENGINE",
    "INVALID_SCHEMA",
    "Difference",
    "ProtoContext",
    "ProtoModel",
    "ProtobufEngine",
    "ProtobufSchema",
    "canonical_string",
    "confluent_description",
    "diff",
    "first_message_name",
    "import_path",
    "is_compatible",
    "is_known_import",
]


class ProtobufEngine:
    schema_type = SchemaType.PROTOBUF

    def parse(self, text: str, *, path: str | None = None,
              resolver: SchemaResolver | ProtoContext | None = None) -> Schema:
        context = resolver if isinstance(resolver, ProtoContext) else None
        return parse_text(text, path=path, context=context)

    def incompatibilities(self, reader: Schema, writer: Schema, *,
                          policy: str = "STRICT") -> Sequence[Incompatibility]:
        return incompatibilities(reader, writer)

    def reads(self, reader: Schema, writer: Schema, *, policy: str = "STRICT") -> bool:
        return not self.incompatibilities(reader, writer, policy=policy)

    def describe(self, incompatibility: Incompatibility, *, backward: bool,
                 against: str) -> str:
        return describe(incompatibility, backward=backward, against=against)

    def changes(self, old: Schema, new: Schema, *, policy: str = "STRICT") -> Sequence[Change]:
        from schemalint.formats.protobuf.changes import changes

        return changes(old, new)


ENGINE = ProtobufEngine()
