"""Metadata, MET001–MET003: what every event needs to be processed more than once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
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
    # The containers read, by name path from the record (``meta``, ``envelope.header``), and
    # their fields: an ``id`` or a timestamp there is the event's own.
    containers: tuple[str, ...] = ()
    container_fields: tuple[Element, ...] = ()


class _Viewed(NamedTuple):
    record: Record
    view: MetadataView
    # The normalised names of ``view.fields`` the three rules ask about: read once for all of them,
    # without keeping a set of every field's name.
    names: set[str]


class Wanted(NamedTuple):
    """Configured names: bare ones, looked for in the record and its containers, and dotted
    paths (``meta.id``) followed from the record, each step compared as names are."""

    names: set[str]
    paths: tuple[tuple[str, ...], ...]

    def found(self, viewed: _Viewed) -> bool:
        return bool(viewed.names & self.names) or any(
            _reaches(viewed.record, path) for path in self.paths)


def wanted(configured: Iterable[str]) -> Wanted:
    names: set[str] = set()
    paths: list[tuple[str, ...]] = []
    for name in configured:
        steps = tuple(normalise(step) for step in name.split("."))
        if len(steps) > 1:
            paths.append(steps)
        else:
            names.add(steps[0])
    return Wanted(names, tuple(paths))


def _reaches(record: Record, path: tuple[str, ...]) -> bool:
    current: Record | None = record
    for step in path:
        if current is None:
            return False
        found = next((item for item in current.fields.values() if normalise(item.name) == step),
                     None)
        if found is None:
            return False
        current = found.record
    return True


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


def _containers(record: Record) -> Iterator[tuple[str, Record]]:
    """The metadata containers of ``record`` and those inside them (an envelope's header), by
    name path from ``record``."""
    stack = [("", record)]
    seen = {id(record)}
    while stack:
        prefix, current = stack.pop()
        for item in current.fields.values():
            nested = item.record
            if nested is None or id(nested) in seen or \
                    normalise(item.name) not in METADATA_CONTAINERS:
                continue
            seen.add(id(nested))
            path = f"{prefix}.{item.name}" if prefix else item.name
            yield path, nested
            stack.append((path, nested))


def _metadata_view(record: Record, asked: set[str] | None) -> tuple[MetadataView, set[str]]:
    """The view, and with ``asked`` the normalised names of ``view.fields`` among them: each field's
    name normalised once for both (a pass over every field of a large record)."""
    fields = list(record.fields.values())
    containers: list[str] = []
    container_fields: list[Element] = []
    for path, nested in _containers(record):
        containers.append(path)
        container_fields.extend(nested.fields.values())
    fields.extend(container_fields)
    attribute_map = "attribute" in record.fields and "map" in record.fields["attribute"].kinds \
        and "data" in record.fields
    if asked is None:
        cloudevents = "specversion" in record.fields or attribute_map or any(
            normalise(f.name) == "specversion" for f in fields)
        return MetadataView(record, tuple(fields), cloudevents, attribute_map,
                            tuple(containers), tuple(container_fields)), set()
    normalised = [normalise(f.name) for f in fields]
    cloudevents = "specversion" in record.fields or attribute_map or "specversion" in normalised
    names = {name for name in normalised if name in asked}
    return MetadataView(record, tuple(fields), cloudevents, attribute_map, tuple(containers),
                        tuple(container_fields)), names


def where(viewed: _Viewed) -> str:
    """Where the rules looked: the record, and its metadata containers by name."""
    label = viewed.record.name_path or "the event"
    containers = viewed.view.containers
    if not containers:
        return f"'{label}'"
    return f"'{label}' and its {', '.join(repr(path) for path in containers)}"


def _applies(ctx: SchemaContext) -> bool:
    settings = ctx.topic_settings
    return settings.metadata == "payload" and settings.kind != "cdc" and not _is_key(ctx)


def _is_key(ctx: SchemaContext) -> bool:
    return bool(ctx.subject and ctx.subject.endswith("-key"))


def _configured(names: Iterable[str]) -> set[str]:
    return {normalise(step) for name in names for step in name.split(".")}


def _list(names: Iterable[str]) -> str:
    shown = [f"'{name}'" for name in list(names)[:4]]
    return ", ".join(shown) if shown else "an identifier field"


_METADATA_WHY = (
    "Protobuf: the file's first message (the one Confluent names the schema by), not nested "
    "or other messages; `google.protobuf.Timestamp` counts as a timestamp. Off where the "
    "topic is declared `metadata = \"headers\"` (CloudEvents binary mode carries `ce_id` and "
    "`ce_time` in Kafka headers), on `kind = \"cdc\"` topics and on key schemas. CloudEvents "
    "attributes and Zalando-style `metadata` objects (`eid`, `occurred_at`) are recognised. "
    "Metadata objects (`meta`, `metadata`, `header`, `envelope`, … and those inside them, as "
    "an envelope's header record) are read wherever they are reached, `$ref`s resolved; in "
    "them an `id` is the event's id and a timestamp-typed field its time (Wikimedia's "
    "`meta.id` and `meta.dt`). A configured name with dots (`meta.id`) is a path from the "
    "top-level record.")

_OFF_BY_DEFAULT = (
    "Off by default (the strict preset; `extend-select = [\"MET\"]` where events carry their "
    "metadata in the payload): many projects carry the event's id and time outside it, in "
    "Kafka headers or an ingestion's envelope, which no schema shows. ")
