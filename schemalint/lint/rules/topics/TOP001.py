"""TOP001: a topic name Kafka refuses."""

from __future__ import annotations

from collections.abc import Iterator

from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.lint.rules.topics import _WHERE, illegal_topic, is_key_subject, topic_of
from schemalint.model import Severity


def check_illegal(ctx: SchemaContext) -> Iterator[Hit]:
    topic = topic_of(ctx)
    if topic is None or is_key_subject(ctx):
        return
    why = illegal_topic(topic)
    if why is not None:
        yield Hit("", (
            f"Kafka refuses the topic name '{topic}': {why}. No producer can publish these "
            "events. Rename the topic (and its folder or [[subjects]] entry)."
        ), f"topic:{topic}")


TOP001 = Rule(
    code="TOP001", name="illegal-topic-name", default=Severity.ERROR,
    summary="A topic name Kafka refuses.",
    check_schema=check_illegal,
    doc=RuleDoc(
        what=("Topic names with characters outside `[a-zA-Z0-9._-]`, longer than 249 "
              "characters, empty, or exactly `.` or `..`: Kafka's own legality rules (an AsyncAPI "
              "channel's `{parameter}` placeholders stand for legal values). "
              + _WHERE),
        why=("Kafka refuses to create such a topic, so the schema describes events nobody "
             "can publish; the failure only shows at deployment."),
        bad="schemas/orders placed/value.avsc  (topic 'orders placed')",
        good="schemas/orders.placed/value.avsc  (topic 'orders.placed')",
        fix="Rename the topic's folder (or its `[[subjects]]` entry) to a legal name.",
    ),
)
