"""MET001, MET002, MET003: the metadata every event needs to be processed more than once."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from schemalint.model import Severity
from schemalint.rules.base import Hit, Rule, RuleDoc, SchemaContext
from schemalint.rules.shape import PROTO_TIMESTAMPS, Element, Shape, normalise

# Containers that carry metadata beside the payload: Zalando's "metadata", envelopes' "meta".
METADATA_CONTAINERS = frozenset({
    "metadata", "meta", "header", "headers", "envelope", "context", "eventmetadata",
    "eventheader", "eventcontext", "attributes", "attribute", "ce",
})
_TIMESTAMP_LOGICAL = frozenset({
    "timestamp-millis", "timestamp-micros", "timestamp-nanos", "local-timestamp-millis",
    "local-timestamp-micros", "date-time", "org.apache.kafka.connect.data.Timestamp",
    *PROTO_TIMESTAMPS,
})
_TIME_SUFFIX = re.compile(r"(_at|At|_on|On)$")
_TIME_WORDS = re.compile(r"(time|date|ts|stamp)", re.IGNORECASE)


class MetadataView(NamedTuple):
    """The fields of a top-level record and of its metadata containers."""

    shape: Shape
    fields: tuple[Element, ...]
    cloudevents: bool
    # CloudEvents' Avro format keeps every attribute in one map.
    attribute_map: bool


class _Viewed(NamedTuple):
    shape: Shape
    view: MetadataView
    # The normalised names of ``view.fields`` the three rules ask about: read once for all of them,
    # without keeping a set of every field's name.
    names: set[str]


def _views(ctx: SchemaContext) -> list[_Viewed]:
    asked = {"id", "time", *_configured(ctx.settings.id_fields),
             *_configured(ctx.settings.time_fields),
             *_configured(ctx.settings.correlation_fields)}

    def read() -> list[_Viewed]:
        viewed = [_metadata_view(shape, asked) for shape in ctx.shapes]
        return [_Viewed(view.shape, view, names) for view, names in viewed]

    return ctx.cached("metadata.views", read)


def metadata_view(shape: Shape) -> MetadataView:
    return _metadata_view(shape, None)[0]


def _metadata_view(shape: Shape, asked: set[str] | None) -> tuple[MetadataView, set[str]]:
    """The view, and with ``asked`` the normalised names of ``view.fields`` among them: each field's
    name normalised once for both (a pass over every field of a large record)."""
    fields = list(shape.fields.values())
    for item in shape.fields.values():
        if item.shape is not None and normalise(item.name) in METADATA_CONTAINERS:
            fields.extend(item.shape.fields.values())
    attribute_map = "attribute" in shape.fields and "map" in shape.fields["attribute"].kinds \
        and "data" in shape.fields
    if asked is None:
        cloudevents = "specversion" in shape.fields or attribute_map or any(
            normalise(f.name) == "specversion" for f in fields)
        return MetadataView(shape, tuple(fields), cloudevents, attribute_map), set()
    normalised = [normalise(f.name) for f in fields]
    cloudevents = "specversion" in shape.fields or attribute_map or "specversion" in normalised
    names = {name for name in normalised if name in asked}
    return MetadataView(shape, tuple(fields), cloudevents, attribute_map), names


def _applies(ctx: SchemaContext) -> bool:
    settings = ctx.topic_settings
    return settings.metadata == "payload" and settings.kind != "cdc" and not _is_key(ctx)


def _is_key(ctx: SchemaContext) -> bool:
    return bool(ctx.subject and ctx.subject.endswith("-key"))


def _configured(names: Iterable[str]) -> set[str]:
    return {normalise(name) for name in names}


def check_event_id(ctx: SchemaContext) -> Iterator[Hit]:
    if not _applies(ctx):
        return
    wanted = _configured(ctx.settings.id_fields)
    for shape, view, names in _views(ctx):
        if view.attribute_map or (view.cloudevents and "id" in names):
            continue
        if names & wanted:
            continue
        yield Hit(shape.pointer, (
            f"'{shape.name_path or 'the event'}' has no event identifier: consumers cannot "
            "tell a redelivery or a producer retry from a new event, so they double-count. "
            f"Add one of {_list(ctx.settings.id_fields)} (a UUID set once by the producer), "
            "or CloudEvents' 'id'; other names go in [metadata] id-fields."
        ), f"{shape.name_path}:id")


def _named_as_time(item: Element) -> bool:
    if _TIME_SUFFIX.search(item.name):
        return True
    return item.logical in _TIMESTAMP_LOGICAL and bool(_TIME_WORDS.search(item.name))


def check_occurrence_time(ctx: SchemaContext) -> Iterator[Hit]:
    if not _applies(ctx):
        return
    wanted = _configured(ctx.settings.time_fields)
    for shape, view, names in _views(ctx):
        if view.attribute_map or (view.cloudevents and "time" in names):
            continue
        # A configured name (for all fields at once), or a name and type that say time.
        if names & wanted or any(_named_as_time(item) for item in view.fields):
            continue
        yield Hit(shape.pointer, (
            f"'{shape.name_path or 'the event'}' has no occurrence time: consumers that "
            "replay, reorder or join events only have the broker's append time, which moves "
            "when data is mirrored or re-published. Add one of "
            f"{_list(ctx.settings.time_fields)} (a timestamp-millis or date-time of when it "
            "happened); other names go in [metadata] time-fields."
        ), f"{shape.name_path}:time")


def check_correlation(ctx: SchemaContext) -> Iterator[Hit]:
    if not _applies(ctx):
        return
    wanted = _configured(ctx.settings.correlation_fields)
    for shape, view, names in _views(ctx):
        if view.attribute_map or names & wanted:
            continue
        yield Hit(shape.pointer, (
            f"'{shape.name_path or 'the event'}' has no correlation or causation id: "
            "nobody can follow a business transaction across services or tell which "
            f"message caused this one. Add one of {_list(ctx.settings.correlation_fields)}; "
            "other names go in [metadata] correlation-fields."
        ), f"{shape.name_path}:correlation")


def _list(names: Iterable[str]) -> str:
    shown = [f"'{name}'" for name in list(names)[:4]]
    return ", ".join(shown) if shown else "an identifier field"


_METADATA_WHY = (
    "Protobuf: the file's first message (the one Confluent names the schema by), not nested "
    "or other messages; `google.protobuf.Timestamp` counts as a timestamp. Off where the "
    "topic is declared `metadata = \"headers\"` (CloudEvents binary mode carries `ce_id` and "
    "`ce_time` in Kafka headers), on `kind = \"cdc\"` topics and on key schemas. CloudEvents "
    "attributes and Zalando-style `metadata` objects (`eid`, `occurred_at`) are recognised.")

MET001 = Rule(
    code="MET001", name="missing-event-id", default=Severity.WARNING,
    summary="No event identifier for consumers to deduplicate on.",
    check_schema=check_event_id,
    doc=RuleDoc(
        what=("Top-level records and objects, and their `metadata`/`meta`/`headers` "
              "objects, for a field named in `[metadata] id-fields` (compared ignoring case, "
              "`_` and `-`). " + _METADATA_WHY),
        why=("Kafka delivers at least once and producers retry: without an id chosen once by "
             "the producer, consumers cannot make their processing idempotent."),
        bad='{"type": "record", "name": "OrderPlaced", "fields": [{"name": "order_id", ...}]}',
        good=('{"type": "record", "name": "OrderPlaced", "fields": [{"name": "event_id", '
              '"type": {"type": "string", "logicalType": "uuid"}}, ...]}'),
        fix=("Add an `event_id` (UUID) set once when the event is created, or configure the "
             "name you use in `[metadata] id-fields`."),
    ),
)

MET002 = Rule(
    code="MET002", name="missing-occurrence-time", default=Severity.WARNING,
    summary="No time at which the event happened.",
    check_schema=check_occurrence_time,
    doc=RuleDoc(
        what=("Top-level records and objects, and their metadata objects, for a field named "
              "in `[metadata] time-fields`, a field named `…_at`/`…At`, or a timestamp-typed "
              "field named like a time. " + _METADATA_WHY),
        why=("The broker's timestamp is when a copy was appended, not when the thing "
             "happened; replays, mirrors and re-publication change it."),
        bad='{"title": "OrderPlaced", "properties": {"order_id": {"type": "string"}}}',
        good=('{"title": "OrderPlaced", "properties": {"order_id": {"type": "string"}, '
              '"occurred_at": {"type": "string", "format": "date-time"}}}'),
        fix=("Add `occurred_at` (Avro `timestamp-millis`, JSON Schema `date-time`), or "
             "configure your name in `[metadata] time-fields`."),
    ),
)

MET003 = Rule(
    code="MET003", name="missing-correlation-id", default=None, when_selected=Severity.WARNING,
    summary="No correlation or causation id to trace a flow across services.",
    check_schema=check_correlation,
    doc=RuleDoc(
        what=("Top-level records and objects, and their metadata objects, for a field named "
              "in `[metadata] correlation-fields`. Off by default; select it with "
              "`extend-select = [\"MET003\"]`. " + _METADATA_WHY),
        why=("Without a correlation id nobody can follow one business transaction through "
             "the services it crosses, and without a causation id nobody can tell which "
             "message caused which."),
        bad='{"title": "PaymentCaptured", "properties": {"payment_id": {"type": "string"}}}',
        good=('{"title": "PaymentCaptured", "properties": {"payment_id": {"type": "string"}, '
              '"correlation_id": {"type": "string"}}}'),
        fix=("Carry the correlation id of the flow (and the id of the message that caused "
             "this one) in every event, or configure your names in "
             "`[metadata] correlation-fields`."),
    ),
)
