"""Avro events written with one version and read with another, as consumers read them:
fastavro's ``schemaless_writer`` and ``schemaless_reader`` with the writer's and the reader's
schemas, which is Avro's schema resolution.

Data goes through the schemas without their logical types: the bytes on the log are the
primitive's, and a reader's logical type is applied over the resolved primitive by the judge
(``schemalint.replay.avro.judge``), as Java's readers apply it, not as fastavro converts.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import fastavro

from schemalint.formats.avro import avro_documents
from schemalint.model import Schema


@dataclass(frozen=True)
class AvroCodec:
    """One version's schema as fastavro holds it: with its logical types (what the events
    mean) and without them (what is written and read)."""

    logical: Any
    named: Mapping[str, Any]  # the logical schema's named types, by full name
    raw: Any


def avro_codec(schema: Schema) -> AvroCodec:
    documents = avro_documents(schema)
    named: dict[str, Any] = {}
    raw_named: dict[str, Any] = {}
    logical = raw = None
    for document in documents:
        raw = fastavro.parse_schema(_without_logical_types(document), named_schemas=raw_named,
                                    _ignore_default_error=True)
    try:
        for document in documents:
            logical = fastavro.parse_schema(document, named_schemas=named,
                                            _ignore_default_error=True)
    except fastavro.schema.SchemaParseException:
        # A logical type fastavro refuses (a decimal whose scale exceeds its precision, or
        # whose precision its fixed cannot hold) is one Java's readers ignore: the events
        # are judged as their primitives.
        named = dict(raw_named)
        logical = raw
    return AvroCodec(logical, named, raw)


def encode(codec: AvroCodec, event: Any) -> bytes:
    out = io.BytesIO()
    fastavro.schemaless_writer(out, codec.raw, event)
    return out.getvalue()


def decode(data: bytes, writer: AvroCodec, reader: AvroCodec) -> Any:
    """The event as ``reader`` reads what ``writer`` wrote; raises what the decoder raises."""
    return fastavro.schemaless_reader(io.BytesIO(data), writer.raw, reader.raw)


def _without_logical_types(schema: Any) -> Any:
    """``schema`` with every ``logicalType`` left out (defaults are values, kept as they are)."""
    if isinstance(schema, list):
        return [_without_logical_types(branch) for branch in schema]
    if not isinstance(schema, dict):
        return schema
    plain = {key: value for key, value in schema.items() if key != "logicalType"}
    kind = plain.get("type")
    if isinstance(kind, (dict, list)):
        plain["type"] = _without_logical_types(kind)
    elif kind in ("record", "error"):
        plain["fields"] = [{**field, "type": _without_logical_types(field["type"])}
                           for field in plain.get("fields", ())]
    elif kind == "array":
        plain["items"] = _without_logical_types(plain["items"])
    elif kind == "map":
        plain["values"] = _without_logical_types(plain["values"])
    return plain
