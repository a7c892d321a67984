"""FLV001: a state-transfer event that carries only identifiers and timestamps."""

from __future__ import annotations

from collections.abc import Iterator

from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.lint.rules.flavor import _keyed, content
from schemalint.model import Severity


def check_thin_state_transfer(ctx: SchemaContext) -> Iterator[Hit]:
    if ctx.topic_settings.flavor != "state-transfer" or _keyed(ctx):
        return
    for record in ctx.schema.view.roots:
        found = content(record)
        if found.state or not (found.identifiers or found.times):
            continue
        yield Hit(record.pointer, (
            f"Topic '{ctx.topic}' is declared flavor = \"state-transfer\", but "
            f"'{record.name_path or 'this event'}' carries only identifiers and timestamps "
            f"({', '.join((*found.identifiers, *found.times)[:5])}): every consumer has to "
            "call back to the producer for the state, which is what state transfer is meant "
            "to avoid. Carry the entity's state, or declare the topic flavor = "
            "\"notification\"."
        ), f"{record.name_path}:flavor")


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
