"""The rule as a unit: code, name, default severity, documentation and a check."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple, TypeVar

from schemalint.lint.settings import LintSettings, TopicSettings
from schemalint.model import Level, Schema, Severity


class RuleDoc(NamedTuple):
    """The fixed headings every rule documents."""

    what: str
    why: str
    bad: str
    good: str
    fix: str


class Hit(NamedTuple):
    """What a check found: a JSON pointer, the message, and names for the fingerprint."""

    pointer: str
    message: str
    name_path: str


_T = TypeVar("_T")


@dataclass
class SchemaContext:
    """One schema as a rule sees it, with what the configuration says about its topic."""

    schema: Schema
    subject: str | None
    topic: str | None
    settings: LintSettings
    previous: Schema | None = None
    # The subject's level when the caller knows better than the topic settings (a registry's).
    level_override: Level | None = None
    # Verdicts several rules share (name classifications, metadata fields), computed once.
    memo: dict[str, Any] = field(default_factory=dict)

    def cached(self, key: str, compute: Callable[[], _T]) -> _T:
        if key not in self.memo:
            self.memo[key] = compute()
        value: _T = self.memo[key]
        return value

    @cached_property
    def topic_settings(self) -> TopicSettings:
        return self.settings.topic(self.topic)

    @cached_property
    def level(self) -> Level:
        return self.level_override or self.settings.level_for(self.topic)


class LintEntry(NamedTuple):
    """One schema of a project, with what project-wide rules need to know about it.

    ``previous`` is the subject's version before this one (for key changes); ``history`` every
    earlier version, oldest first (for replay hazards). ``is_key`` defaults to the subject
    naming convention (``…-key``); ``level`` to the topic settings' level.
    """

    schema: Schema
    subject: str | None = None
    topic: str | None = None
    previous: Schema | None = None
    history: Sequence[Schema] = ()
    is_key: bool | None = None
    level: Level | None = None
    # By rule code, the hits of the rules that judge one entry alone (``Rule.check_entry``),
    # where the caller judged them as it made the entry (``entry_hits``) and let its history
    # go: a project of many long histories then never holds them all.
    judged: Mapping[str, Sequence[Hit]] | None = None
    # Per earlier version, oldest first, whether ``schema`` reads its records (BACKWARD),
    # where the caller judged that as it read the history, keeping none of it: it then
    # stands for ``history`` in the replay rule.
    reads: Sequence[bool | None] | None = None
    # The subject's JSON Schema policy (STRICT or LENIENT), for the rules that compare.
    policy: str = "STRICT"
    # The names the schema goes by, each (name, JSON pointer, origin), where the caller read
    # them while the schema's view lived (``entry_names``): the project pass then reads no
    # view, which for a schema sent from another process means parsing it again.
    names: Sequence[tuple[str, str, str]] | None = None
    # What the schema pass derived of the schema that the project pass reads again (those
    # ``SchemaContext.memo`` entries ``entry_memo`` keeps: the naming verdicts): the project
    # pass then builds no view of its own for them.
    memo: Mapping[str, Any] | None = None

    @property
    def key(self) -> bool:
        if self.is_key is not None:
            return self.is_key
        return bool(self.subject and self.subject.endswith("-key"))


class ProjectContext(NamedTuple):
    entries: Sequence[LintEntry]
    settings: LintSettings
    # What several project rules derive from every entry, computed once (see ``cached``).
    memo: dict[str, Any] | None = None

    def cached(self, key: str, compute: Callable[[], _T]) -> _T:
        if self.memo is None:
            return compute()
        if key not in self.memo:
            self.memo[key] = compute()
        value: _T = self.memo[key]
        return value


SchemaCheck = Callable[[SchemaContext], Iterable[Hit]]
ProjectCheck = Callable[[ProjectContext], Iterable[tuple[int, Hit]]]
EntryCheck = Callable[[LintEntry, LintSettings], Iterable[Hit]]


class Rule(NamedTuple):
    """A lint rule. ``default`` None: off by default, at ``when_selected`` once selected."""

    code: str
    name: str
    summary: str
    default: Severity | None
    doc: RuleDoc
    check_schema: SchemaCheck | None = None
    check_project: ProjectCheck | None = None
    # A project rule that judges each entry alone: ``check_project`` is then the same check
    # over every entry, and the engine may take its hits from ``LintEntry.judged``.
    check_entry: EntryCheck | None = None
    when_selected: Severity = Severity.WARNING
    # Codes this rule answered to before, kept so configuration that names them still works.
    aliases: tuple[str, ...] = ()
    # For a rule with a project pass: whether the schema pass alone can tell that the rule's
    # suppressions on this schema suppress nothing (the project pass cannot find more there).
    judged_alone: Callable[[SchemaContext], bool] | None = None

    @property
    def severity_when_selected(self) -> Severity:
        return self.default if self.default is not None else self.when_selected

    @property
    def default_label(self) -> str:
        if self.default is None:
            return f"off ({self.when_selected.value} when selected)"
        return self.default.value
