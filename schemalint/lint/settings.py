"""What the lint reads from configuration, as plain typed values with the documented defaults."""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping, Sequence
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
    owner: str | None = None
    audience: Audience | None = None
    # Payload fields the producer keys records by, when the topic has no key schema.
    key_fields: tuple[str, ...] = ()
    # False when a configuration entry leaves ``kind`` to its default.
    kind_declared: bool = True

    @property
    def replays(self) -> bool:
        return self.replay if self.replay is not None else self.kind == "event"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TopicSettings:
        level = data.get("compatibility")
        return cls(
            match=str(data.get("match", "*")),
            kind=_choice(data.get("kind", "event"), ("event", "command", "cdc"), "kind"),
            flavor=(None if data.get("flavor") is None else _choice(
                data["flavor"], ("notification", "state-transfer", "sourcing"), "flavor")),
            replay=None if data.get("replay") is None else bool(data["replay"]),
            metadata=_choice(data.get("metadata", "payload"), ("payload", "headers"), "metadata"),
            compatibility=None if level is None else Level.parse(str(level)),
            owner=None if data.get("owner") is None else str(data["owner"]),
            audience=(None if data.get("audience") is None else _choice(
                data["audience"], ("internal", "company", "public"), "audience")),
            key_fields=_strings(data.get("key-fields", ())),
            kind_declared=data.get("kind") is not None,
        )


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

    @classmethod
    def from_dict(cls, config: Mapping[str, Any]) -> LintSettings:
        """Build from the configuration's shape (keys as written in TOML, hyphens included)."""
        lint = _table(config, "lint")
        naming = _table(config, "naming")
        metadata = _table(config, "metadata")
        level = config.get("compatibility")
        policy = str(config.get("json-policy", "strict")).lower()
        return cls(
            select=_codes(lint.get("select", ())),
            extend_select=_codes(lint.get("extend-select", ())),
            ignore=_codes(lint.get("ignore", ())),
            severity={str(code).upper(): str(value).lower()
                      for code, value in _table(lint, "severity").items()},
            per_file_ignores={str(glob): _codes(codes)
                              for glob, codes in _table(lint, "per-file-ignores").items()},
            extra_verbs=_strings(naming.get("extra-verbs", ())),
            allow=_strings(naming.get("allow", ())),
            id_fields=_strings(metadata.get("id-fields", DEFAULT_ID_FIELDS)),
            time_fields=_strings(metadata.get("time-fields", DEFAULT_TIME_FIELDS)),
            correlation_fields=_strings(
                metadata.get("correlation-fields", DEFAULT_CORRELATION_FIELDS)),
            topics=tuple(TopicSettings.from_dict(entry) for entry in _entries(config, "topics")),
            compatibility=Level.BACKWARD if level is None else Level.parse(str(level)),
            json_policy="lenient" if policy == "lenient" else "strict",
            **_governance(config),
        )


def _governance(config: Mapping[str, Any]) -> dict[str, Any]:
    """The keys the governance rules read: [topic-naming], [docs], [fields], [pii]."""
    naming = _table(config, "topic-naming")
    docs = _table(config, "docs")
    fields = _table(config, "fields")
    pii = _table(config, "pii")
    case = fields.get("case")
    pattern = naming.get("pattern")
    return {
        "strategy": str(config.get("strategy", "topic")),
        "explicit_subjects": {str(entry["subject"]): str(entry.get("file") or "")
                              for entry in _entries(config, "subjects") if "subject" in entry},
        "topic_pattern": str(pattern) if pattern else None,
        "docs_min_length": max(1, int(docs.get("min-length", 1))),
        "docs_exempt": _strings(docs.get("exempt", ())) + _strings(docs.get("exemptions", ())),
        "field_case": None if case is None else _choice(case, ("snake", "camel"), "case",
                                                        "[fields]"),
        "time_suffixes": _strings(fields.get("time-suffixes", DEFAULT_TIME_SUFFIXES)),
        "pii_patterns": _strings(pii.get("patterns", DEFAULT_PII_PATTERNS)),
        "pii_classified": _strings(pii.get("classified", ())),
    }


def _table(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key)
    return value if isinstance(value, Mapping) else {}


def _entries(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = data.get(key)
    return [entry for entry in value if isinstance(entry, Mapping)] \
        if isinstance(value, list) else []


def _strings(values: Any) -> tuple[str, ...]:
    if isinstance(values, str):
        return (values,)
    return tuple(str(value) for value in values) if isinstance(values, Sequence) else ()


def _codes(values: Any) -> tuple[str, ...]:
    return tuple(code.strip().upper() for code in _strings(values))


def _choice(value: Any, choices: tuple[str, ...], key: str, table: str = "[[topics]]") -> Any:
    text = str(value).lower()
    if text not in choices:
        raise ValueError(f"{table} {key} = {value!r}; expected one of {', '.join(choices)}")
    return text
