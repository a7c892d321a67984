"""TOP002: a topic name that breaks `[topic-naming] pattern` or contradicts its kind."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from schemalint.lint.name_classifier import classify
from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.lint.rules.cdc import envelope_kind
from schemalint.lint.rules.topics import (
    _WHERE,
    illegal_topic,
    is_key_subject,
    named_topic,
    topic_of,
)
from schemalint.lint.settings import LintSettings
from schemalint.model import Severity

# Words a topic's kind segment uses, by the kind they declare.
KIND_WORDS: dict[str, str] = {
    **dict.fromkeys(("cmd", "cmds", "command", "commands", "action", "actions"), "command"),
    **dict.fromkeys(("event", "events", "evt", "evts", "fct", "fact", "facts",
                     "notification", "notifications"), "event"),
    **dict.fromkeys(("cdc", "changes", "change", "changelog", "dbz", "debezium"), "cdc"),
}


class TopicPattern(NamedTuple):
    regex: re.Pattern[str]
    segments: tuple[str, ...]


def compile_pattern(pattern: str) -> TopicPattern:
    """``{domain}.{kind}.{name}.v{version}`` as a regular expression with named groups.

    A segment matches one dot-free run of legal characters; ``{version}`` matches digits.
    A pattern that starts with ``^`` is a regular expression already (its named groups are
    the segments).
    """
    if pattern.startswith("^"):
        try:
            regex = re.compile(pattern)
            return TopicPattern(regex, tuple(regex.groupindex))
        except re.error:
            pass
    parts: list[str] = []
    segments: list[str] = []
    position = 0
    for found in re.finditer(r"\{([A-Za-z_][A-Za-z0-9_]*)\}", pattern):
        parts.append(re.escape(pattern[position:found.start()]))
        name = found.group(1)
        body = "[0-9]+" if name == "version" else "[A-Za-z0-9_-]+"
        parts.append(f"(?P<{name}>{body})" if name not in segments else f"(?P={name})")
        segments.append(name)
        position = found.end()
    parts.append(re.escape(pattern[position:]))
    return TopicPattern(re.compile("^" + "".join(parts) + "$"), tuple(segments))


def pattern_problem(name: str, pattern: str) -> tuple[str, str | None] | None:
    """(why the name breaks the pattern, the kind its kind segment declares) or None."""
    compiled = compile_pattern(pattern)
    found = compiled.regex.match(name)
    if found is None:
        return (f"it does not match the configured pattern '{pattern}'", None)
    if "kind" in compiled.segments:
        word = found.group("kind").lower()
        kind = KIND_WORDS.get(word)
        # A kind word schemalint does not know (dim, snapshot, audit) says nothing it can check.
        return ("", kind) if kind is not None else None
    return None


def _payload_kind(ctx: SchemaContext) -> tuple[str, str] | None:
    """What the payload says it is, when it says so: ("event", name) or ("cdc", envelope)."""
    roots = ctx.schema.view.roots
    for record in roots:
        envelope = envelope_kind(record)
        if envelope is not None:
            return "cdc", envelope
    for record in roots:
        if record.name:
            verdict = classify(record.name, extra_verbs=ctx.settings.extra_verbs)
            if verdict.kind in ("event", "command"):
                return verdict.kind, record.name
    return None


def _declared_kind(settings: LintSettings, topic: str) -> str | None:
    entry = settings.topic(topic)
    if entry not in settings.topics or not entry.kind_declared:
        return None
    return entry.kind


def check_pattern(ctx: SchemaContext) -> Iterator[Hit]:
    pattern = ctx.settings.topic_pattern
    topic = topic_of(ctx)
    if pattern is None or topic is None or is_key_subject(ctx) or illegal_topic(topic):
        return
    problem = pattern_problem(named_topic(topic), pattern)
    if problem is None:
        return
    why, kind = problem
    if kind is None:
        yield Hit("", (
            f"The topic '{topic}' breaks the project's naming: {why}. Consumers find topics by "
            "their names, and ACLs and quotas are granted by prefix. Rename the topic, or "
            "change [topic-naming] pattern."
        ), f"topic:{topic}")
        return
    declared = _declared_kind(ctx.settings, topic)
    if declared is not None and declared != kind:
        yield Hit("", (
            f"The topic '{topic}' says it carries {kind}s, but [[topics]] declares it "
            f"kind = \"{declared}\": consumers and operators read the name and expect the "
            "other. Rename the topic or correct its declared kind."
        ), f"topic:{topic}:kind")
        return
    payload = _payload_kind(ctx)
    if payload is None:
        return
    carried, what = payload
    if kind == "command" and carried == "event":
        yield Hit("", (
            f"The topic '{topic}' says it carries commands, but its payload '{what}' states a "
            "fact in the past tense: its one consumer will treat a notification as an order "
            "to act. Move the event to an event topic, or name the command."
        ), f"topic:{topic}:kind")
    elif kind == "event" and carried == "cdc":
        yield Hit("", (
            f"The topic '{topic}' says it carries events, but its payload is {what}: "
            "consumers get table rows, coupled to another service's database, instead of "
            "facts. Publish domain events (an outbox), or name the topic as a CDC topic."
        ), f"topic:{topic}:kind")


TOP002 = Rule(
    code="TOP002", name="topic-naming-pattern", default=Severity.WARNING,
    summary="A topic name that breaks `[topic-naming] pattern` or contradicts its kind.",
    check_schema=check_pattern,
    doc=RuleDoc(
        what=("Only once `[topic-naming] pattern` is set, for example "
              "`\"{domain}.{kind}.{name}.v{version}\"` (each `{segment}` matches one "
              "dot-free part; `{version}` digits; a pattern starting with `^` is a regular "
              "expression whose named groups are the segments). Topics that do not match; "
              "and, when the pattern has a `{kind}` segment holding a kind word "
              "(`cmd`/`commands`/`action`, `events`/`evt`/`fct`, `cdc`/`changes`/"
              "`changelog`), a kind that contradicts "
              "the topic's declared `[[topics]] kind`, a command topic "
              "(`cmd`, `commands`) whose record name states a past fact, or an event topic "
              "(`events`, `fct`) whose payload is a CDC row envelope. " + _WHERE),
        why=("Consumers discover topics by name, and ACLs, quotas and retention are granted "
             "by prefix; a topic that breaks the scheme escapes all of them, and a kind "
             "segment that lies makes consumers treat facts as orders or rows as facts."),
        bad=("pattern = \"{domain}.{kind}.{name}.v{version}\"; topic 'sales.cmd.order-placed.v1' "
             "carrying record OrderPlaced"),
        good="topic 'sales.events.order-placed.v1' carrying record OrderPlaced",
        fix=("Rename the topic to follow the pattern and use the kind segment that matches "
             "what it carries; or fix `[[topics]] kind`."),
    ),
)
