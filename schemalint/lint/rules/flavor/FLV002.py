"""FLV002: a notification event that carries the entity's full state."""

from __future__ import annotations

from collections.abc import Iterator

from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.lint.rules.flavor import _keyed, content
from schemalint.model import Severity

# A notification that carries this many attributes beyond identifiers and times is carrying
# the entity's state.
FULL_STATE_FIELDS = 6


def check_fat_notification(ctx: SchemaContext) -> Iterator[Hit]:
    if ctx.topic_settings.flavor != "notification" or _keyed(ctx):
        return
    for record in ctx.schema.view.roots:
        found = content(record)
        if len(found.state) < FULL_STATE_FIELDS:
            continue
        yield Hit(record.pointer, (
            f"Topic '{ctx.topic}' is declared flavor = \"notification\", but "
            f"'{record.name_path or 'this event'}' carries {len(found.state)} fields of state "
            f"({', '.join(found.state[:4])}, …): consumers will start to depend on that state, "
            "and every change to the entity becomes a change to this contract. Keep the "
            "identifiers and what changed, or declare the topic flavor = \"state-transfer\"."
        ), f"{record.name_path}:flavor")


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
