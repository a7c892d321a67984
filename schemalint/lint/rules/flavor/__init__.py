"""Flavors, FLV001–FLV002: events that do not carry what their declared flavor promises."""

from __future__ import annotations

from typing import NamedTuple

from schemalint.lint.reading import normalise
from schemalint.lint.rule_model import SchemaContext
from schemalint.lint.rules.metadata import METADATA_CONTAINERS
from schemalint.regexes import lazy_compile
from schemalint.view import PROTO_TIMESTAMPS, Element, Record

_IDENTIFIER = lazy_compile(r"(^id$|_id$|Id$|ID$|_ids$|Ids$|^uuid$|_uuid$|Uuid$|_key$|Key$"
                           r"|_ref$|Ref$|_number$|Number$)")
_TIMESTAMP = lazy_compile(
    r"(_at$|At$|_on$|_time$|Time$|_date$|Date$|^time$|^timestamp$|^ts$)")
_CLOUDEVENTS = frozenset({
    "specversion", "type", "source", "subject", "datacontenttype", "dataschema", "id", "time",
})
_DATA_CONTAINERS = frozenset({"data", "payload", "body"})


class Content(NamedTuple):
    identifiers: tuple[str, ...]
    times: tuple[str, ...]
    state: tuple[str, ...]


def content(record: Record) -> Content:
    identifiers: list[str] = []
    times: list[str] = []
    state: list[str] = []
    cloudevents = "specversion" in record.fields
    for item in _payload_fields(record):
        name = item.name
        if normalise(name) in METADATA_CONTAINERS or (cloudevents and name in _CLOUDEVENTS):
            continue
        if _IDENTIFIER.search(name):
            identifiers.append(name)
        elif _TIMESTAMP.search(name) or (item.logical or "").startswith(
                ("timestamp", "local-timestamp", "date")) or item.logical in PROTO_TIMESTAMPS:
            times.append(name)
        elif item.record is not None and item.record.fields:
            state.extend(f"{name}.{leaf}" for leaf in _leaves(item.record, depth=0))
        else:
            state.append(name)
    return Content(tuple(identifiers), tuple(times), tuple(state))


def _payload_fields(record: Record) -> list[Element]:
    """The fields, with those of a `data`/`payload` object in place of the container."""
    fields: list[Element] = []
    for item in record.fields.values():
        if item.name in _DATA_CONTAINERS and item.record is not None:
            fields.extend(item.record.fields.values())
        else:
            fields.append(item)
    return fields


def _leaves(record: Record, depth: int) -> list[str]:
    leaves: list[str] = []
    for item in record.fields.values():
        if item.record is not None and depth < 3:
            leaves.extend(f"{item.name}.{leaf}" for leaf in _leaves(item.record, depth + 1))
        else:
            leaves.append(item.name)
    return leaves


def _keyed(ctx: SchemaContext) -> bool:
    return bool(ctx.subject and ctx.subject.endswith("-key"))
