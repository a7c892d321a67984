"""CloudEvents, CE001–CE002: structured envelopes against the specification (v1.0.2)."""

from __future__ import annotations

from schemalint.lint.rule_model import SchemaContext
from schemalint.model import SchemaType
from schemalint.view import Record

REQUIRED = ("id", "source", "specversion", "type")
_DATA = ("data", "data_base64")


def envelope(ctx: SchemaContext) -> Record | None:
    """The top-level record that is a CloudEvents structured envelope, or None.

    It is one when it declares ``specversion``, or three of the other required attributes
    beside ``data``/``data_base64``. CloudEvents' Avro format (an ``attribute`` map) keeps
    names in data and is not judged; binary mode (``metadata = "headers"``) has no envelope.
    """
    if ctx.topic_settings.metadata == "headers":
        return None
    if ctx.schema.schema_type is SchemaType.PROTOBUF:
        # CloudEvents' Protobuf format is its own message (spec_version, an attribute map, a
        # data oneof); the JSON envelope's attribute rules do not apply to it.
        return None
    for record in ctx.schema.view.roots:
        fields = record.fields
        if "attribute" in fields and "map" in fields["attribute"].kinds:
            continue
        if "specversion" in fields:
            return record
        present = sum(name in fields for name in REQUIRED)
        if present >= 3 and any(name in fields for name in _DATA):
            return record
    return None
