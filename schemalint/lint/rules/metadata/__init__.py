"""Metadata, MET001–MET003: what every event needs to be processed more than once."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from schemalint.lint.reading import normalise
from schemalint.lint.rule_model import SchemaContext
from schemalint.view import Element, Record

# Containers that carry metadata beside the payload: Zalando's "metadata", envelopes' "meta".
METADATA_CONTAINERS = frozenset({
    "metadata", "meta", "header", "headers", "envelope", "context", "eventmetadata",
    "eventheader", "eventcontext", "attributes", "attribute", "ce",
})


class MetadataView(NamedTuple):
    """The fields of a top-level record and of its metadata containers."""

    record: Record
    fields: tuple[Element, ...]
    cloudevents: bool
    # CloudEvents' Avro format keeps every attribute in one map.
    attribute_map: bool


class _Viewed(NamedTuple):
    record: Record
    view: MetadataView
    # The normalised names of ``view.fields`` the three rules ask about: read once for all of them,
    # without keeping a set of every field's name.
    names: set[str]


def _views(ctx: SchemaContext) -> list[_Viewed]:
    asked = {"id", "time", *_configured(ctx.settings.id_fields),
             *_configured(ctx.settings.time_fields),
             *_configured(ctx.settings.correlation_fields)}

    def read() -> list[_Viewed]:
        viewed = [_metadata_view(record, asked) for record in ctx.schema.view.roots]
        return [_Viewed(view.record, view, names) for view, names in viewed]

    return ctx.cached("metadata.views", read)


def metadata_view(record: Record) -> MetadataView:
    return _metadata_view(record, None)[0]


def _metadata_view(record: Record, asked: set[str] | None) -> tuple[MetadataView, set[str]]:
    """The view, and with ``asked`` the normalised names of ``view.fields`` among them: each field's
    name normalised once for both (a pass over every field of a large record)."""
    fields = list(record.fields.values())
    for item in record.fields.values():
        if item.record is not None and normalise(item.name) in METADATA_CONTAINERS:
            fields.extend(item.record.fields.values())
    attribute_map = "attribute" in record.fields and "map" in record.fields["attribute"].kinds \
        and "data" in record.fields
    if asked is None:
        cloudevents = "specversion" in record.fields or attribute_map or any(
            normalise(f.name) == "specversion" for f in fields)
        return MetadataView(record, tuple(fields), cloudevents, attribute_map), set()
    normalised = [normalise(f.name) for f in fields]
    cloudevents = "specversion" in record.fields or attribute_map or "specversion" in normalised
    names = {name for name in normalised if name in asked}
    return MetadataView(record, tuple(fields), cloudevents, attribute_map), names


def _applies(ctx: SchemaContext) -> bool:
    settings = ctx.topic_settings
    return settings.metadata == "payload" and settings.kind != "cdc" and not _is_key(ctx)


def _is_key(ctx: SchemaContext) -> bool:
    return bool(ctx.subject and ctx.subject.endswith("-key"))


def _configured(names: Iterable[str]) -> set[str]:
    return {normalise(name) for name in names}


def _list(names: Iterable[str]) -> str:
    shown = [f"'{name}'" for name in list(names)[:4]]
    return ", ".join(shown) if shown else "an identifier field"


_METADATA_WHY = (
    "Protobuf: the file's first message (the one Confluent names the schema by), not nested "
    "or other messages; `google.protobuf.Timestamp` counts as a timestamp. Off where the "
    "topic is declared `metadata = \"headers\"` (CloudEvents binary mode carries `ce_id` and "
    "`ce_time` in Kafka headers), on `kind = \"cdc\"` topics and on key schemas. CloudEvents "
    "attributes and Zalando-style `metadata` objects (`eid`, `occurred_at`) are recognised.")
