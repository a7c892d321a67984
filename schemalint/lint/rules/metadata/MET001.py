"""MET001: no event identifier for consumers to deduplicate on."""

from __future__ import annotations

from collections.abc import Iterator

from schemalint.lint.reading import normalise
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


def check_event_id(ctx: SchemaContext) -> Iterator[Hit]:
    if not _applies(ctx):
        return
    looked_for = wanted(ctx.settings.id_fields)
    for viewed in _views(ctx):
        record, view, names = viewed
        if view.attribute_map or (view.cloudevents and "id" in names):
            continue
        if looked_for.found(viewed) or any(normalise(item.name) == "id"
                                           for item in view.container_fields):
            continue
        yield Hit(record.pointer, (
            f"'{record.name_path or 'the event'}' has no event identifier (looked for "
            f"{_list(ctx.settings.id_fields)} in {where(viewed)}, and an 'id' in a metadata "
            "object such as 'meta' or 'metadata'): consumers cannot tell a redelivery or a "
            "producer retry from a new event, so they double-count. Add one (a UUID set once "
            "by the producer), or CloudEvents' 'id'; other names and paths ('meta.id') go in "
            "[metadata] id-fields."
        ), f"{record.name_path}:id")


MET001 = Rule(
    code="MET001", name="missing-event-id", default=None,
    when_selected=Severity.WARNING,
    summary="No event identifier for consumers to deduplicate on.",
    check_schema=check_event_id,
    doc=RuleDoc(
        what=("Top-level records and objects, and their `metadata`/`meta`/`headers` "
              "objects, for a field named in `[metadata] id-fields` (compared ignoring case, "
              "`_` and `-`; a dotted name such as `meta.id` is a path), or an `id` in a "
              "metadata object. " + _OFF_BY_DEFAULT + _METADATA_WHY),
        why=("Kafka delivers at least once and producers retry: without an id chosen once by "
             "the producer, consumers cannot make their processing idempotent."),
        bad='{"type": "record", "name": "OrderPlaced", "fields": [{"name": "order_id", ...}]}',
        good=('{"type": "record", "name": "OrderPlaced", "fields": [{"name": "event_id", '
              '"type": {"type": "string", "logicalType": "uuid"}}, ...]}'),
        fix=("Add an `event_id` (UUID) set once when the event is created, or configure the "
             "name you use in `[metadata] id-fields`."),
    ),
)
