"""MET002: no time at which the event happened."""

from __future__ import annotations

import re
from collections.abc import Iterator

from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.lint.rules.metadata import (
    _METADATA_WHY,
    _OFF_BY_DEFAULT,
    _applies,
    _list,
    _views,
    wanted,
    where,
)
from schemalint.model import Severity
from schemalint.regexes import lazy_compile
from schemalint.view import PROTO_TIMESTAMPS, Element

_TIMESTAMP_LOGICAL = frozenset({
    "timestamp-millis", "timestamp-micros", "timestamp-nanos", "local-timestamp-millis",
    "local-timestamp-micros", "date-time", "org.apache.kafka.connect.data.Timestamp",
    *PROTO_TIMESTAMPS,
})
_TIME_SUFFIX = lazy_compile(r"(_at|At|_on|On)$")
_TIME_WORDS = lazy_compile(r"(time|date|ts|stamp)", re.IGNORECASE)


def _named_as_time(item: Element) -> bool:
    if _TIME_SUFFIX.search(item.name):
        return True
    return item.logical in _TIMESTAMP_LOGICAL and bool(_TIME_WORDS.search(item.name))


def check_occurrence_time(ctx: SchemaContext) -> Iterator[Hit]:
    if not _applies(ctx):
        return
    looked_for = wanted(ctx.settings.time_fields)
    for viewed in _views(ctx):
        record, view, names = viewed
        if view.attribute_map or (view.cloudevents and "time" in names):
            continue
        # A configured name or path, a name and type that say time, or a timestamp in a
        # metadata object (the time the event's own metadata gives it).
        if looked_for.found(viewed) or any(_named_as_time(item) for item in view.fields) \
                or any(item.is_timestamp for item in view.container_fields):
            continue
        yield Hit(record.pointer, (
            f"'{record.name_path or 'the event'}' has no occurrence time (looked for "
            f"{_list(ctx.settings.time_fields)}, a name ending in '_at', or a timestamp named "
            f"like a time, in {where(viewed)}): consumers that replay, reorder or join events "
            "only have the broker's append time, which moves when data is mirrored or "
            "re-published. Add a timestamp-millis or date-time of when it happened; other "
            "names and paths ('meta.dt') go in [metadata] time-fields."
        ), f"{record.name_path}:time")


MET002 = Rule(
    code="MET002", name="missing-occurrence-time", default=None,
    when_selected=Severity.WARNING,
    summary="No time at which the event happened.",
    check_schema=check_occurrence_time,
    doc=RuleDoc(
        what=("Top-level records and objects, and their metadata objects, for a field named "
              "in `[metadata] time-fields` (a dotted name such as `meta.dt` is a path), a field "
              "named `…_at`/`…At`, a timestamp-typed field named like a time, or a "
              "timestamp-typed field of a metadata object. " + _OFF_BY_DEFAULT + _METADATA_WHY),
        why=("The broker's timestamp is when a copy was appended, not when the thing "
             "happened; replays, mirrors and re-publication change it."),
        bad='{"title": "OrderPlaced", "properties": {"order_id": {"type": "string"}}}',
        good=('{"title": "OrderPlaced", "properties": {"order_id": {"type": "string"}, '
              '"occurred_at": {"type": "string", "format": "date-time"}}}'),
        fix=("Add `occurred_at` (Avro `timestamp-millis`, JSON Schema `date-time`), or "
             "configure your name in `[metadata] time-fields`."),
    ),
)
