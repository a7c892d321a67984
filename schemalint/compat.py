"""Compatibility levels over a history of versions, for any format.

Confluent's driver, restated: each format supplies one primitive, "can this reader read data
written with that writer"; a level decides which previous versions are checked and in which
directions. Non-transitive levels check the latest previous version only; transitive ones
every previous version, newest first, stopping at the first that fails, as the registry does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from schemalint.finding_codes import SCHEMA_TYPE_CHANGED as SCHEMA_TYPE_CHANGED
from schemalint.formats import get_engine
from schemalint.model import (
    Against,
    Direction,
    Finding,
    Incompatibility,
    Level,
    Schema,
    Severity,
)


@dataclass(frozen=True)
class PreviousVersion:
    """A version the new schema is checked against, and where it came from."""

    schema: Schema
    against: Against = field(default_factory=Against)


@dataclass
class CompatibilityResult:
    compatible: bool
    findings: list[Finding]
    # The version whose check failed (None when compatible or when nothing was compared).
    failed_against: Against | None = None


def check_level(new: Schema, previous: Sequence[PreviousVersion], level: Level, *,
                subject: str | None = None, policy: str = "STRICT") -> CompatibilityResult:
    """Check ``new`` against ``previous`` (oldest first) at ``level``."""
    if level is Level.NONE or not previous:
        return CompatibilityResult(True, [])
    candidates = list(reversed(previous)) if level.transitive else [previous[-1]]
    for old in candidates:
        findings = check_pair(new, old, level, subject=subject, policy=policy)
        if findings:
            return CompatibilityResult(False, findings, old.against)
    return CompatibilityResult(True, [])


def check_pair(new: Schema, old: PreviousVersion, level: Level, *, subject: str | None = None,
               policy: str = "STRICT") -> list[Finding]:
    """Every incompatibility between ``new`` and one previous version, in Confluent's order."""
    if new.schema_type is not old.schema.schema_type:
        line, column = new.locate("")
        return [Finding(
            code=SCHEMA_TYPE_CHANGED,
            severity=Severity.ERROR,
            message=(
                f"The schema type changed from {old.schema.schema_type.value} to "
                f"{new.schema_type.value} against {old.against.describe()}: no consumer can "
                "read across formats. Publish the new format under a new subject."
            ),
            path=new.path, line=line, column=column, pointer="", subject=subject,
            level=level, direction=level.directions[0] if level.directions else None,
            against=old.against, name_path="",
        )]
    engine = get_engine(new.schema_type)
    against = old.against.describe()
    findings: list[Finding] = []
    for direction in level.directions:
        backward = direction is Direction.BACKWARD
        reader, writer = (new, old.schema) if backward else (old.schema, new)
        for incompatibility in engine.incompatibilities(reader, writer, policy=policy):
            message = engine.describe(incompatibility, backward=backward, against=against)
            findings.append(_finding(new, old, incompatibility, level, direction, subject,
                                     _named_once(message, against, old.against.version_name)))
    return findings


def _named_once(message: str, described: str, name: str) -> str:
    """``message`` with the version's commit and ref in its first mention only."""
    first = message.find(described)
    if first < 0 or described == name:
        return message
    end = first + len(described)
    return message[:end] + message[end:].replace(described, name)


def compatible_pair(new: Schema, old: Schema, level: Level, *, policy: str = "STRICT") -> bool:
    """Whether ``check_pair`` finds nothing between the two: its verdict alone, without the
    findings (their messages and places in the file), for callers that only count failures."""
    if new.schema_type is not old.schema_type:
        return False
    engine = get_engine(new.schema_type)
    for direction in level.directions:
        reader, writer = (new, old) if direction is Direction.BACKWARD else (old, new)
        if not engine.reads(reader, writer, policy=policy):
            return False
    return True


def _finding(new: Schema, old: PreviousVersion, incompatibility: Incompatibility, level: Level,
             direction: Direction, subject: str | None, message: str) -> Finding:
    # The finding anchors in the new file: the reader side on the backward leg, the writer
    # side on the forward leg.
    pointer = (incompatibility.reader_pointer if direction is Direction.BACKWARD
               else incompatibility.writer_pointer)
    line, column = new.locate(pointer)
    return Finding(
        code=incompatibility.code,
        severity=Severity.ERROR,
        message=message,
        path=new.path,
        line=line,
        column=column,
        pointer=pointer,
        subject=subject,
        level=level,
        direction=direction,
        against=old.against,
        name_path=incompatibility.name_path,
    )
