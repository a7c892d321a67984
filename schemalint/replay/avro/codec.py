"""Avro events written with one version and read with another, as consumers read them:
fastavro's ``schemaless_writer`` and ``schemaless_reader`` with the writer's and the reader's
schemas, which is Avro's schema resolution.

Data goes through the schemas without their logical types: the bytes on the log are the
primitive's, and a reader's logical type is applied over the resolved primitive by the judge
(``schemalint.replay.avro.judge``), as Java's readers apply it, not as fastavro converts.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import fastavro

from schemalint.formats.avro import avro_documents
from schemalint.model import Schema
from schemalint.replay.avro.generate import PRIMITIVES


class AvroCodec:
    """One version's schema as fastavro holds it: with its logical types (what the events
    mean) and without them (what is written and read, parsed when first asked: a pair the
    schemas prove reads no events)."""

    def __init__(self, documents: Sequence[Any]) -> None:
        self._documents = documents
        self._raw: Any = None
        self._raw_named: dict[str, Any] = {}
        named: dict[str, Any] = {}
        logical = None
        try:
            for document in documents:
                logical = fastavro.parse_schema(document, named_schemas=named,
                                                _ignore_default_error=True)
        except fastavro.schema.SchemaParseException:
            # A logical type fastavro refuses (a decimal whose scale exceeds its precision,
            # or whose precision its fixed cannot hold) is one Java's readers ignore: the
            # events are judged as their primitives.
            logical = self.raw
            named = dict(self._raw_named)
        self.logical: Any = logical
        self.named: Mapping[str, Any] = named  # the logical schema's named types, by full name

    @property
    def raw(self) -> Any:
        if self._raw is None:
            for document in self._documents:
                self._raw = fastavro.parse_schema(_without_logical_types(document),
                                                  named_schemas=self._raw_named,
                                                  _ignore_default_error=True)
        return self._raw


def avro_codec(schema: Schema) -> AvroCodec:
    return AvroCodec(avro_documents(schema))


def encode(codec: AvroCodec, event: Any) -> bytes:
    out = io.BytesIO()
    fastavro.schemaless_writer(out, codec.raw, event)
    return out.getvalue()


def decode(data: bytes, writer: AvroCodec, reader: AvroCodec) -> Any:
    """The event as ``reader`` reads what ``writer`` wrote; raises what the decoder raises."""
    return decode_with(data, writer.raw, reader.raw)


def decode_with(data: bytes, writer: Any, reader: Any) -> Any:
    """``decode`` with fastavro's parsed schemas (a codec's or a ``Projection``'s)."""
    return fastavro.schemaless_reader(io.BytesIO(data), writer, reader)


@dataclass(frozen=True)
class Projection:
    """A version's record cut to some of its fields, as fastavro holds it: the events'
    values of those fields are written and read as the whole record's are, since a record's
    bytes are its fields' one after another."""

    fields: tuple[str, ...]
    schema: Any
    key: str  # equal for cuts that are one schema, of whatever version

    def encoded(self, columns: Sequence[Sequence[Any]], count: int) -> list[bytes]:
        """Each of ``count`` events' bytes with these fields alone, ``columns`` their
        values, field by field."""
        encoded = []
        for index in range(count):
            out = io.BytesIO()
            fastavro.schemaless_writer(out, self.schema, {
                name: values[index] for name, values in zip(self.fields, columns, strict=True)})
            encoded.append(out.getvalue())
        return encoded



def project(codec: AvroCodec, fields: tuple[str, ...]) -> Projection | None:
    """``codec``'s record cut to ``fields``; None where it is no record or a field kept uses
    a named type it does not define itself (one the fields left out define, the record
    itself, a referenced schema's), which the cut record could not name. Cut from the
    logical schema, its logical types left out as ``raw`` leaves them out: the whole record
    without them is parsed only where an event is written and read whole."""
    record = codec.logical
    if not isinstance(record, dict) or record.get("type") not in ("record", "error"):
        return None
    kept = [{**field, "type": _without_logical_types(field["type"])}
            for field in record["fields"] if field["name"] in fields]
    defined: set[str] = set()
    if not all(_defines_what_it_uses(field["type"], defined) for field in kept):
        return None
    cut = {**{key: value for key, value in record.items() if not key.startswith("__")},
           "fields": kept}
    return Projection(tuple(field["name"] for field in kept),
                      fastavro.parse_schema(cut, named_schemas={}, _ignore_default_error=True),
                      repr(cut))


def _defines_what_it_uses(schema: Any, defined: set[str]) -> bool:
    """Whether every named type ``schema`` uses by name is one defined before, in ``defined``
    or in ``schema`` itself (added to ``defined``)."""
    if isinstance(schema, str):
        return schema in PRIMITIVES or schema in defined
    if isinstance(schema, list):
        return all(_defines_what_it_uses(branch, defined) for branch in schema)
    kind = schema["type"]
    if kind in ("record", "error", "enum", "fixed"):
        defined.add(schema["name"])
        return kind not in ("record", "error") or all(
            _defines_what_it_uses(field["type"], defined) for field in schema["fields"])
    if kind == "array":
        return _defines_what_it_uses(schema["items"], defined)
    if kind == "map":
        return _defines_what_it_uses(schema["values"], defined)
    return _defines_what_it_uses(kind, defined)


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
