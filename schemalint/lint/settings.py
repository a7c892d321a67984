"""What the lint reads from configuration, as plain typed values with the documented defaults."""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

from schemalint.model import Level

TopicKind = Literal["event", "command", "cdc"]
Flavor = Literal["notification", "state-transfer", "sourcing"]
MetadataPlace = Literal["payload", "headers"]
Audience = Literal["internal", "company", "public"]
FieldCase = Literal["snake", "camel"]

DEFAULT_TIME_SUFFIXES: tuple[str, ...] = ("_at", "At")
# Regular expressions searched in a field name folded to lower case without separators
# ("cardnumber") and in its words joined by "_" ("card_number"), for word boundaries.
DEFAULT_PII_PATTERNS: tuple[str, ...] = (
    "email", "phone", "mobile_?number", "fax_?number", "(^|_)ssn(_|$)", "socialsecurity",
    "nationalid", "taxid", "passport", "driverslicen[cs]e", "(^|_)iban(_|$)", "cardnumber",
    "creditcard", "(^|_)cvv|(^|_)cvc(_|$)", "address", "dateofbirth", "birthdate", "birthday",
    "(^|_)dob(_|$)", "firstname", "lastname", "fullname", "surname", "maidenname",
)

DEFAULT_ID_FIELDS: tuple[str, ...] = (
    "event_id", "eid", "message_id", "event_uuid", "event_guid", "ce_id",
)
DEFAULT_TIME_FIELDS: tuple[str, ...] = (
    "occurred_at", "occurred_on", "occurrence_time", "event_time", "event_timestamp",
    "timestamp", "time", "ts", "created_at", "emitted_at", "published_at", "ce_time",
)
DEFAULT_CORRELATION_FIELDS: tuple[str, ...] = (
    "correlation_id", "causation_id", "trace_id", "traceparent", "conversation_id",
    "ce_correlationid", "ce_causationid",
)


class TopicSettings(NamedTuple):
    """One ``[[topics]]`` entry: what a topic carries and how its consumers read it."""

    match: str
    kind: TopicKind = "event"
    flavor: Flavor | None = None
    # None: the default for the kind (events are replayed from the start, commands and CDC not).
    replay: bool | None = None
    metadata: MetadataPlace = "payload"
    compatibility: Level | None = None
    # "STRICT" or "LENIENT": the JSON Schema policy of the topic's subjects.
    json_policy: str | None = None
    owner: str | None = None
    audience: Audience | None = None
    # Payload fields the producer keys records by, when the topic has no key schema.
    key_fields: tuple[str, ...] = ()
    # The services that write to the topic: the catalogue's flow and AsyncAPI's operations.
    producers: tuple[str, ...] = ()
    # False when a configuration entry leaves ``kind`` to its default.
    kind_declared: bool = True

    @property
    def replays(self) -> bool:
        return self.replay if self.replay is not None else self.kind == "event"


_DEFAULT_TOPIC = TopicSettings(match="*")
# The default of every mapping: empty, and read-only since defaults are shared.
_NOTHING: Mapping[str, Any] = MappingProxyType({})


class LintSettings(NamedTuple):
    """Rule selection, severities and the names rules look for.

    ``select`` empty means the default set; ``["ALL"]`` selects every rule (the strict preset).
    Codes may be given as prefixes (``"EVO"`` selects every EVO rule).
    """

    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    # code -> "error" | "warning" | "info" | "off"
    severity: Mapping[str, str] = _NOTHING
    # file glob -> codes (or prefixes) ignored in the files it matches
    per_file_ignores: Mapping[str, tuple[str, ...]] = _NOTHING
    extra_verbs: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    id_fields: tuple[str, ...] = DEFAULT_ID_FIELDS
    time_fields: tuple[str, ...] = DEFAULT_TIME_FIELDS
    correlation_fields: tuple[str, ...] = DEFAULT_CORRELATION_FIELDS
    topics: tuple[TopicSettings, ...] = ()
    compatibility: Level = Level.BACKWARD
    json_policy: Literal["strict", "lenient"] = "strict"
    strategy: str = "topic"
    # [[subjects]] entries: subject -> the file it names ("" when it names none).
    explicit_subjects: Mapping[str, str] = _NOTHING
    # [topic-naming] pattern, with {segment} placeholders.
    topic_pattern: str | None = None
    docs_min_length: int = 1
    # Globs over name paths, full names, field names or file paths that need no doc.
    docs_exempt: tuple[str, ...] = ()
    field_case: FieldCase | None = None
    time_suffixes: tuple[str, ...] = DEFAULT_TIME_SUFFIXES
    pii_patterns: tuple[str, ...] = DEFAULT_PII_PATTERNS
    # Field names, name paths or globs of fields already classified.
    pii_classified: tuple[str, ...] = ()
    # Every subject the project defines, set by a caller that also runs the project pass
    # (``schemalint check``): project rules about topics consult it, and schema-pass rules
    # that need the project's view (FLD001's majority case) leave that judgement to it.
    project_subjects: frozenset[str] | None = None

    def topic(self, name: str | None) -> TopicSettings:
        """The first ``[[topics]]`` entry whose glob matches, else the defaults."""
        if name is not None:
            for entry in self.topics:
                if fnmatch.fnmatchcase(name, entry.match):
                    return entry
        return _DEFAULT_TOPIC

    def level_for(self, topic: str | None) -> Level:
        return self.topic(topic).compatibility or self.compatibility
