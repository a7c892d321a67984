"""TOP001, TOP002, TOP003: topic names Kafka refuses, that break the naming pattern, or risky."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from schemalint.model import SchemaType, Severity
from schemalint.rules.base import Hit, Rule, RuleDoc, SchemaContext
from schemalint.rules.cdc import envelope_kind
from schemalint.rules.names import classify
from schemalint.rules.settings import LintSettings

# Kafka's own limits (org.apache.kafka.common.internals.Topic): legal characters, and 249 so
# that a partition's folder name "<topic>-<partition>" stays within 255 bytes.
MAX_TOPIC_LENGTH = 249
# The schema types the governance rules read: every type the registry knows.
GOVERNED = frozenset({SchemaType.AVRO, SchemaType.JSON, SchemaType.PROTOBUF})
_LEGAL = re.compile(r"^[a-zA-Z0-9._-]+$")
_ILLEGAL_CHAR = re.compile(r"[^a-zA-Z0-9._-]")

# Words a topic's kind segment uses, by the kind they declare.
KIND_WORDS: dict[str, str] = {
    **dict.fromkeys(("cmd", "cmds", "command", "commands", "action", "actions"), "command"),
    **dict.fromkeys(("event", "events", "evt", "evts", "fct", "fact", "facts",
                     "notification", "notifications"), "event"),
    **dict.fromkeys(("cdc", "changes", "change", "changelog", "dbz", "debezium"), "cdc"),
}


def topic_of(ctx: SchemaContext) -> str | None:
    """The topic the schema is published to, or None when the schema is not an event's.

    A type other schemas refer to (``schemas/common/Address.avsc``) sits in a folder that the
    project maps like a topic, but no record is published with it: its subject is neither
    ``<topic>-key``/``-value`` nor ``<topic>-<record>``.
    """
    if ctx.schema.schema_type not in GOVERNED:
        return None
    topic, subject = ctx.topic, ctx.subject
    if topic is None:
        if subject is not None:
            for suffix in ("-value", "-key"):
                if subject.endswith(suffix) and len(subject) > len(suffix):
                    return subject[: -len(suffix)]
        return None
    if subject is None or subject.startswith(f"{topic}-") or ctx.settings.strategy == "record":
        return topic
    return None


def is_key_subject(ctx: SchemaContext) -> bool:
    return bool(ctx.subject and ctx.subject.endswith("-key"))


def illegal_topic(name: str) -> str | None:
    """Why Kafka refuses ``name`` as a topic name, or None when it accepts it."""
    if name in ("", ".", ".."):
        return f"'{name}' is reserved" if name else "a topic name cannot be empty"
    if len(name) > MAX_TOPIC_LENGTH:
        return f"it is {len(name)} characters long; Kafka allows at most {MAX_TOPIC_LENGTH}"
    if not _LEGAL.match(name):
        found = sorted(set(_ILLEGAL_CHAR.findall(name)))
        shown = ", ".join(repr(char) for char in found[:5])
        return f"it contains {shown}; Kafka allows only ASCII letters, digits, '.', '_' and '-'"
    return None


def risky_topic(name: str) -> str | None:
    """Why a legal topic name is risky, or None."""
    if name.startswith("__"):
        return ("it starts with '__', the prefix Kafka keeps for its internal topics "
                "(__consumer_offsets, __transaction_state); tools hide or protect such topics")
    if "." in name and "_" in name:
        return ("it mixes '.' and '_': Kafka replaces '.' with '_' in metric names, so it "
                f"collides with '{name.replace('.', '_')}' and Kafka warns on creation")
    return None


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


def _payload_kind(ctx: SchemaContext) -> tuple[str, str] | None:
    """What the payload says it is, when it says so: ("event", name) or ("cdc", envelope)."""
    for shape in ctx.shapes:
        envelope = envelope_kind(shape)
        if envelope is not None:
            return "cdc", envelope
    for shape in ctx.shapes:
        if shape.name:
            verdict = classify(shape.name, extra_verbs=ctx.settings.extra_verbs)
            if verdict.kind in ("event", "command"):
                return verdict.kind, shape.name
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
    problem = pattern_problem(topic, pattern)
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


def check_risky(ctx: SchemaContext) -> Iterator[Hit]:
    topic = topic_of(ctx)
    if topic is None or is_key_subject(ctx) or illegal_topic(topic):
        return
    why = risky_topic(topic)
    if why is not None:
        yield Hit("", f"The topic name '{topic}' is legal but risky: {why}. Rename it.",
                  f"topic:{topic}")


_WHERE = ("The topic is the schema's folder under the topic strategy (or the topic part of a "
          "`<topic>-key`/`<topic>-value` subject); it is reported once, on the value schema.")

TOP001 = Rule(
    code="TOP001", name="illegal-topic-name", default=Severity.ERROR,
    summary="A topic name Kafka refuses.",
    check_schema=check_illegal,
    doc=RuleDoc(
        what=("Topic names with characters outside `[a-zA-Z0-9._-]`, longer than 249 "
              "characters, empty, or exactly `.` or `..`: Kafka's own legality rules. "
              + _WHERE),
        why=("Kafka refuses to create such a topic, so the schema describes events nobody "
             "can publish; the failure only shows at deployment."),
        bad="schemas/orders placed/value.avsc  (topic 'orders placed')",
        good="schemas/orders.placed/value.avsc  (topic 'orders.placed')",
        fix="Rename the topic's folder (or its `[[subjects]]` entry) to a legal name.",
    ),
)

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

TOP003 = Rule(
    code="TOP003", name="risky-topic-name", default=Severity.WARNING,
    summary="A legal topic name that mixes `.` and `_`, or starts with `__`.",
    check_schema=check_risky,
    doc=RuleDoc(
        what=("Legal topic names that mix `.` and `_`, or that start with `__`. " + _WHERE),
        why=("Kafka maps `.` to `_` in metric names, so `orders.eu_west` and `orders_eu.west` "
             "report into the same metrics (Kafka warns on creation); `__` is the prefix of "
             "Kafka's internal topics, which tools hide and protect."),
        bad="topic 'orders.placed_v1', topic '__orders'",
        good="topic 'orders.placed.v1'",
        fix="Use one separator throughout, and no leading `__`.",
    ),
)
