"""TOP003: a legal topic name that mixes `.` and `_`, or starts with `__`."""

from __future__ import annotations

from collections.abc import Iterator

from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.lint.rules.topics import (
    _WHERE,
    illegal_topic,
    is_key_subject,
    named_topic,
    topic_of,
)
from schemalint.model import Severity


def risky_topic(name: str) -> str | None:
    """Why a legal topic name is risky, or None."""
    if name.startswith("__"):
        return ("it starts with '__', the prefix Kafka keeps for its internal topics "
                "(__consumer_offsets, __transaction_state); tools hide or protect such topics")
    if "." in name and "_" in name:
        return ("it mixes '.' and '_': Kafka replaces '.' with '_' in metric names, so it "
                f"collides with '{name.replace('.', '_')}' and Kafka warns on creation")
    return None


def check_risky(ctx: SchemaContext) -> Iterator[Hit]:
    topic = topic_of(ctx)
    if topic is None or is_key_subject(ctx) or illegal_topic(topic):
        return
    # Judged as named (a parameter's own '_' is no separator), said as written.
    why = risky_topic(topic) if risky_topic(named_topic(topic)) else None
    if why is not None:
        yield Hit("", f"The topic name '{topic}' is legal but risky: {why}. Rename it.",
                  f"topic:{topic}")


TOP003 = Rule(
    code="TOP003", name="risky-topic-name", default=None,
    when_selected=Severity.WARNING,
    summary="A legal topic name that mixes `.` and `_`, or starts with `__`.",
    check_schema=check_risky,
    doc=RuleDoc(
        what=("Legal topic names that mix `.` and `_`, or that start with `__`. " + _WHERE
              + " Off by default (the strict preset): names that mix separators are common "
              "and harmless until two collide, and a repository's layout can make topics of "
              "files that are none (shared fragments)."),
        why=("Kafka maps `.` to `_` in metric names, so `orders.eu_west` and `orders_eu.west` "
             "report into the same metrics (Kafka warns on creation); `__` is the prefix of "
             "Kafka's internal topics, which tools hide and protect."),
        bad="topic 'orders.placed_v1', topic '__orders'",
        good="topic 'orders.placed.v1'",
        fix="Use one separator throughout, and no leading `__`.",
    ),
)
