"""OWN001: a topic nobody owns."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator

from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.lint.rules.topics import is_key_subject, topic_of
from schemalint.model import Severity


def topic_owner(ctx: SchemaContext, topic: str) -> str | None:
    """The owner of the first ``[[topics]]`` entry matching ``topic`` that names one."""
    for entry in ctx.settings.topics:
        if entry.owner and fnmatch.fnmatchcase(topic, entry.match):
            return entry.owner
    return None


def check_owner(ctx: SchemaContext) -> Iterator[Hit]:
    topic = topic_of(ctx)
    if topic is None or is_key_subject(ctx) or topic_owner(ctx, topic) is not None:
        return
    yield Hit("", (
        f"Nobody owns the topic '{topic}': consumers cannot ask who decides on changes, and "
        "a breaking change has no one to approve it. Add [[topics]] match = "
        f"\"{topic}\", owner = \"team-…\" (and audience = \"internal\" | \"company\" | "
        "\"public\")."
    ), f"topic:{topic}:owner")


OWN001 = Rule(
    code="OWN001", name="topic-without-owner", default=None, when_selected=Severity.WARNING,
    summary="A topic without an `owner` in `[[topics]]`.",
    check_schema=check_owner,
    doc=RuleDoc(
        what=("Topics (from value schemas) that no `[[topics]]` entry with an `owner` "
              "matches. `audience` (`internal`, `company`, `public`) is optional; the "
              "configuration schema rejects other values. Off by default."),
        why=("A contract needs someone who answers for it: who approves a breaking change, "
             "who is paged when the topic stops, who consumers talk to."),
        bad='[[topics]]\nmatch = "orders"\nkind = "event"',
        good='[[topics]]\nmatch = "orders"\nowner = "team-checkout"\naudience = "company"',
        fix="Add `owner` (a team name or alias) to the topic's `[[topics]]` entry.",
    ),
)
