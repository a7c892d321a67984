"""Topics, TOP001–TOP003: topic names Kafka refuses, that break the naming pattern, or risky.

What a schema's topic is (``topic_of``) is read here for the rules of other families too.
"""

from __future__ import annotations

from schemalint.lint.rule_model import SchemaContext
from schemalint.model import SchemaType
from schemalint.regexes import lazy_compile

# Kafka's own limits (org.apache.kafka.common.internals.Topic): legal characters, and 249 so
# that a partition's folder name "<topic>-<partition>" stays within 255 bytes.
MAX_TOPIC_LENGTH = 249
# The schema types the governance rules read: every type the registry knows.
GOVERNED = frozenset({SchemaType.AVRO, SchemaType.JSON, SchemaType.PROTOBUF})
_LEGAL = lazy_compile(r"^[a-zA-Z0-9._-]+$")
_ILLEGAL_CHAR = lazy_compile(r"[^a-zA-Z0-9._-]")


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


# An AsyncAPI channel address with parameters (`pi.{pi_id}.events`) names one topic per
# value; the braces are the template's, not the topic's.
_PARAMETER = lazy_compile(r"\{[A-Za-z0-9_.-]+\}")


def named_topic(topic: str) -> str:
    """``topic`` as the topic rules judge it: each ``{parameter}`` of a channel address
    stands for a legal value."""
    return _PARAMETER.sub("p", topic) if "{" in topic else topic


def illegal_topic(name: str) -> str | None:
    """Why Kafka refuses ``name`` as a topic name, or None when it accepts it."""
    name = named_topic(name)
    if name in ("", ".", ".."):
        return f"'{name}' is reserved" if name else "a topic name cannot be empty"
    if len(name) > MAX_TOPIC_LENGTH:
        return f"it is {len(name)} characters long; Kafka allows at most {MAX_TOPIC_LENGTH}"
    if not _LEGAL.match(name):
        found = sorted(set(_ILLEGAL_CHAR.findall(name)))
        shown = ", ".join(repr(char) for char in found[:5])
        return f"it contains {shown}; Kafka allows only ASCII letters, digits, '.', '_' and '-'"
    return None


_WHERE = ("The topic is the schema's folder under the topic strategy (or the topic part of a "
          "`<topic>-key`/`<topic>-value` subject); it is reported once, on the value schema.")
