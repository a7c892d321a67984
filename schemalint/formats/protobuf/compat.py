"""Confluent's Protobuf verdict: the diff's incompatible differences, as findings' input."""

from __future__ import annotations

from schemalint.formats.protobuf.diff import diff_models
from schemalint.formats.protobuf.difference import COMPATIBLE_CHANGES, Difference
from schemalint.formats.protobuf.messages import confluent_description
from schemalint.formats.protobuf.model import ProtoModel
from schemalint.model import Incompatibility, Schema


def model_of(schema: Schema | ProtoModel) -> ProtoModel:
    if isinstance(schema, ProtoModel):
        return schema
    parsed = schema.parsed
    if not isinstance(parsed, ProtoModel):
        raise TypeError(f"not a Protobuf schema: {schema.schema_type.value}")
    return parsed


def diff(original: Schema | ProtoModel, update: Schema | ProtoModel) -> list[Difference]:
    """Every difference Confluent's diff reports from ``original`` to ``update``.

    A backward check (the reader is the new schema) is ``diff(original=old, update=new)``.
    """
    return diff_models(model_of(original), model_of(update))


def incompatibilities(reader: Schema, writer: Schema) -> list[Incompatibility]:
    """Why ``reader`` cannot read data written with ``writer``; empty when it can."""
    return [
        Incompatibility(
            code=item.type,
            reader_pointer=item.update_pointer,
            writer_pointer=item.original_pointer,
            name_path=item.path,
            detail=confluent_description(item.type, item.path),
            reader_name=item.update,
            writer_name=item.original,
        )
        for item in diff(writer, reader) if item.type not in COMPATIBLE_CHANGES
    ]
