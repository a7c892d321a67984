"""FLV001, FLV002: events that do not carry what their declared flavor promises."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from schemalint.model import Severity
from schemalint.rules.base import Hit, Rule, RuleDoc, SchemaContext
from schemalint.rules.metadata import METADATA_CONTAINERS
from schemalint.rules.shape import PROTO_TIMESTAMPS, Element, Shape, normalise

_IDENTIFIER = re.compile(r"(^id$|_id$|Id$|ID$|_ids$|Ids$|^uuid$|_uuid$|Uuid$|_key$|Key$"
                         r"|_ref$|Ref$|_number$|Number$)")
_TIMESTAMP = re.compile(r"(_at$|At$|_on$|_time$|Time$|_date$|Date$|^time$|^timestamp$|^ts$)")
_CLOUDEVENTS = frozenset({
    "specversion", "type", "source", "subject", "datacontenttype", "dataschema", "id", "time",
})
_DATA_CONTAINERS = frozenset({"data", "payload", "body"})
# A notification that carries this many attributes beyond identifiers and times is carrying
# the entity's state.
FULL_STATE_FIELDS = 6


class Content(NamedTuple):
    identifiers: tuple[str, ...]
    times: tuple[str, ...]
    state: tuple[str, ...]


def content(shape: Shape) -> Content:
    identifiers: list[str] = []
    times: list[str] = []
    state: list[str] = []
    cloudevents = "specversion" in shape.fields
    for item in _payload_fields(shape):
        name = item.name
        if normalise(name) in METADATA_CONTAINERS or (cloudevents and name in _CLOUDEVENTS):
            continue
        if _IDENTIFIER.search(name):
            identifiers.append(name)
        elif _TIMESTAMP.search(name) or (item.logical or "").startswith(
                ("timestamp", "local-timestamp", "date")) or item.logical in PROTO_TIMESTAMPS:
            times.append(name)
        elif item.shape is not None and item.shape.fields:
            state.extend(f"{name}.{leaf}" for leaf in _leaves(item.shape, depth=0))
        else:
            state.append(name)
    return Content(tuple(identifiers), tuple(times), tuple(state))


def _payload_fields(shape: Shape) -> list[Element]:
    """The fields, with those of a `data`/`payload` object in place of the container."""
    fields: list[Element] = []
    for item in shape.fields.values():
        if item.name in _DATA_CONTAINERS and item.shape is not None:
            fields.extend(item.shape.fields.values())
        else:
            fields.append(item)
    return fields


def _leaves(shape: Shape, depth: int) -> list[str]:
    leaves: list[str] = []
    for item in shape.fields.values():
        if item.shape is not None and depth < 3:
            leaves.extend(f"{item.name}.{leaf}" for leaf in _leaves(item.shape, depth + 1))
        else:
            leaves.append(item.name)
    return leaves


def _keyed(ctx: SchemaContext) -> bool:
    return bool(ctx.subject and ctx.subject.endswith("-key"))


def check_thin_state_transfer(ctx: SchemaContext) -> Iterator[Hit]:
    if ctx.topic_settings.flavor != "state-transfer" or _keyed(ctx):
        return
    for shape in ctx.shapes:
        found = content(shape)
        if found.state or not (found.identifiers or found.times):
            continue
        yield Hit(shape.pointer, (
            f"Topic '{ctx.topic}' is declared flavor = \"state-transfer\", but "
            f"'{shape.name_path or 'this event'}' carries only identifiers and timestamps "
            f"({', '.join((*found.identifiers, *found.times)[:5])}): every consumer has to "
            "call back to the producer for the state, which is what state transfer is meant "
            "to avoid. Carry the entity's state, or declare the topic flavor = "
            "\"notification\"."
        ), f"{shape.name_path}:flavor")


def check_fat_notification(ctx: SchemaContext) -> Iterator[Hit]:
    if ctx.topic_settings.flavor != "notification" or _keyed(ctx):
        return
    for shape in ctx.shapes:
        found = content(shape)
        if len(found.state) < FULL_STATE_FIELDS:
            continue
        yield Hit(shape.pointer, (
            f"Topic '{ctx.topic}' is declared flavor = \"notification\", but "
            f"'{shape.name_path or 'this event'}' carries {len(found.state)} fields of state "
            f"({', '.join(found.state[:4])}, …): consumers will start to depend on that state, "
            "and every change to the entity becomes a change to this contract. Keep the "
            "identifiers and what changed, or declare the topic flavor = \"state-transfer\"."
        ), f"{shape.name_path}:flavor")


FLV001 = Rule(
    code="FLV001", name="state-transfer-without-state", default=Severity.WARNING,
    summary="A state-transfer event that carries only identifiers and timestamps.",
    check_schema=check_thin_state_transfer,
    doc=RuleDoc(
        what=("On topics declared `flavor = \"state-transfer\"`: top-level records whose "
              "fields (looking inside `data`/`payload`, leaving metadata aside) are all "
              "identifiers (`…_id`, `…Id`, `…_key`, `…_ref`) or times."),
        why=("Event-carried state transfer exists so consumers need not call the producer "
             "back; an event with ids only is a notification, and every consumer will query "
             "the producer on each one."),
        bad='{"title": "CustomerUpdated", "properties": {"customer_id": {}, "updated_at": {}}}',
        good=('{"title": "CustomerUpdated", "properties": {"customer_id": {}, "name": {}, '
              '"address": {}, "updated_at": {}}}'),
        fix="Carry the state, or declare the topic's flavor as `notification`.",
    ),
)

FLV002 = Rule(
    code="FLV002", name="notification-with-full-state", default=Severity.WARNING,
    summary="A notification event that carries the entity's full state.",
    check_schema=check_fat_notification,
    doc=RuleDoc(
        what=(f"On topics declared `flavor = \"notification\"`: top-level records carrying "
              f"{FULL_STATE_FIELDS} or more fields of state (nested records counted by their "
              "fields) besides identifiers, times and metadata."),
        why=("Notifications are meant to say that something happened and let interested "
             "consumers fetch what they need; once they carry full state, consumers depend "
             "on it and every change to the entity is a contract change."),
        bad=('{"title": "OrderShipped", "properties": {"order_id": {}, "customer": {...}, '
             '"lines": {...}, "address": {...}, ...}}'),
        good='{"title": "OrderShipped", "properties": {"order_id": {}, "shipped_at": {}}}',
        fix="Keep identifiers and what changed, or declare the flavor `state-transfer`.",
    ),
)
