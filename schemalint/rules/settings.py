"""What the lint reads from configuration, as plain typed values with the documented defaults."""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from schemalint.model import Level

TopicKind = Literal["event", "command", "cdc"]
Flavor = Literal["notification", "state-transfer", "sourcing"]
MetadataPlace = Literal["payload", "headers"]

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
        )


_DEFAULT_TOPIC = TopicSettings(match="*")


@dataclass(frozen=True)
class LintSettings:
    """Rule selection, severities and the names rules look for.

    ``select`` empty means the default set; ``["ALL"]`` selects every rule (the strict preset).
    Codes may be given as prefixes (``"EVO"`` selects every EVO rule).
    """

    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    # code -> "error" | "warning" | "info" | "off"
    severity: Mapping[str, str] = field(default_factory=dict)
    # file glob -> codes (or prefixes) ignored in the files it matches
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    extra_verbs: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    id_fields: tuple[str, ...] = DEFAULT_ID_FIELDS
    time_fields: tuple[str, ...] = DEFAULT_TIME_FIELDS
    correlation_fields: tuple[str, ...] = DEFAULT_CORRELATION_FIELDS
    topics: tuple[TopicSettings, ...] = ()
    compatibility: Level = Level.BACKWARD
    json_policy: Literal["strict", "lenient"] = "strict"

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
        )


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


def _choice(value: Any, choices: tuple[str, ...], key: str) -> Any:
    text = str(value).lower()
    if text not in choices:
        raise ValueError(f"[[topics]] {key} = {value!r}; expected one of {', '.join(choices)}")
    return text
