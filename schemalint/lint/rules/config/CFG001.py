"""CFG001: consumers replay from the start, but the level only checks the latest version."""

from __future__ import annotations

from collections.abc import Iterator

from schemalint.errors import InvalidSchemaError
from schemalint.lint.rule_model import Hit, LintEntry, ProjectContext, Rule, RuleDoc
from schemalint.lint.settings import LintSettings
from schemalint.model import Level, Schema, Severity


def reads_version(new: Schema, old: Schema, policy: str = "STRICT") -> bool | None:
    """Whether ``new`` reads records written with ``old`` (BACKWARD, JSON Schema under
    ``policy``); None when no format engine is available to decide, or when the pair cannot
    be compared (a pattern past its time bound: the compatibility check reports it)."""
    try:
        from schemalint.compat import compatible_pair

        return compatible_pair(new, old, Level.BACKWARD, policy=policy)
    except (ImportError, AttributeError):  # pragma: no cover - the engines ship with the package
        return None
    except InvalidSchemaError:
        return None


def unreadable_versions(entry: LintEntry) -> list[int] | None:
    """Version numbers (1-based) of ``entry.history`` that the new schema cannot read.

    None when no format engine is available to decide.
    """
    verdicts = (entry.reads if entry.reads is not None
                else [reads_version(entry.schema, old, entry.policy) for old in entry.history])
    if any(verdict is None for verdict in verdicts):
        return None
    return [number for number, readable in enumerate(verdicts, start=1) if not readable]


def replay_judged(settings: LintSettings, topic: str | None, level: Level, key: bool) -> bool:
    """Whether CFG001 judges a subject (its topic replayed, its level non-transitive, not a
    key): only then does it need to know which earlier versions the schema reads."""
    from schemalint.lint.selection import rule_severity

    if key or rule_severity(CFG001, settings) is None:
        return False
    found = settings.topic(topic)
    return found.replays and not (level or found.compatibility or settings.compatibility
                                  ).transitive


def check_replay(ctx: ProjectContext) -> Iterator[tuple[int, Hit]]:
    for index, entry in enumerate(ctx.entries):
        yield from ((index, hit) for hit in replay_hazards(entry, ctx.settings))


def replay_hazards(entry: LintEntry, settings: LintSettings) -> Iterator[Hit]:
    """CFG001 on one subject: it needs that subject's history alone."""
    topic = settings.topic(entry.topic)
    level = entry.level or topic.compatibility or settings.compatibility
    versions = len(entry.reads) if entry.reads is not None else len(entry.history)
    if not topic.replays or level.transitive or versions < 2 or entry.key:
        return
    failing = unreadable_versions(entry)
    if failing:
        names = ", ".join(str(number) for number in failing)
        subject = entry.subject or entry.schema.path or "this subject"
        yield Hit("", (
            f"Consumers of '{entry.topic or subject}' replay from the start, but '{subject}' "
            f"is checked at {level.value}, which compares with the latest version only: the "
            f"new schema cannot read version{'s' if len(failing) > 1 else ''} {names} still in "
            "the log, so a consumer that replays fails on the old records. Use "
            f"{_transitive(level)} for this topic, or set replay = false in its [[topics]] "
            "entry if consumers never read from the start."
        ), f"replay:{subject}")


def _transitive(level: Level) -> str:
    if level in (Level.NONE, Level.BACKWARD):
        return Level.BACKWARD_TRANSITIVE.value
    return Level(level.value + "_TRANSITIVE").value


CFG001 = Rule(
    code="CFG001", name="replay-on-non-transitive-level", default=None,
    when_selected=Severity.INFO,
    summary="Replayed topic on a non-transitive level: old records the latest cannot read.",
    check_project=check_replay, check_entry=replay_hazards,
    doc=RuleDoc(
        what=("Topics whose consumers replay from the start (`replay`, true by default for "
              "events) on a non-transitive level (NONE, BACKWARD, FORWARD, FULL), where the "
              "newest schema cannot read some older version still in the log. The message "
              "names those versions. "
              "Off by default (the strict preset): whether consumers replay is the "
              "project's assumption, not the schema's."),
        why=("A non-transitive level checks each new version against the latest one only; "
             "after a few steps the newest schema may be unable to read the oldest records, "
             "and a consumer that replays the topic fails on them."),
        bad=('[[topics]] match = "orders" replay = true compatibility = "BACKWARD"  '
             '# v3 cannot read v1'),
        good='[[topics]] match = "orders" replay = true compatibility = "BACKWARD_TRANSITIVE"',
        fix=("Use the transitive form of the level for replayed topics, or set "
             "`replay = false` where consumers only read new records."),
    ),
)
