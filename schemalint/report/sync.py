"""``sync``'s plan, or what it did: a table for people, JSON for programs."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from typing import Protocol

from schemalint.report.common import printable


class _Action(Protocol):
    @property
    def value(self) -> str: ...


class SyncStep(Protocol):
    """What the report reads of a step (``schemalint.sync.Step``)."""

    @property
    def subject(self) -> str: ...
    @property
    def action(self) -> _Action: ...
    @property
    def detail(self) -> str: ...
    def to_json(self) -> dict[str, object]: ...


class SyncOutcome(Protocol):
    """What the report reads of a sync (``schemalint.commands.sync.SyncOutcome``)."""

    @property
    def steps(self) -> Sequence[SyncStep]: ...
    @property
    def applied(self) -> bool: ...
    @property
    def writes(self) -> int: ...


# By ``schemalint.sync.Action`` value.
LABELS = {
    "create": "create", "registered": "ok", "set level": "level", "drift": "DRIFT",
    "revert": "revert", "refused": "REFUSED", "waiting": "waiting", "prune": "prune",
    "weaker level": "WEAKER",
}


def render_text(outcome: SyncOutcome, target: str, width: int = 100) -> str:
    """The plan (or what was done) as a table, one row per step, the detail column folded at
    word boundaries to ``width``."""
    rows = [(printable(step.subject), LABELS[step.action.value], printable(step.detail))
            for step in outcome.steps]
    subject_width = max((len(r[0]) for r in rows), default=7)
    indent = " " * (subject_width + 12)
    lines = [f"{'subject'.ljust(subject_width)}  {'action'.ljust(8)}  detail"]
    for subject, action, detail in rows:
        row = f"{subject.ljust(subject_width)}  {action.ljust(8)}  "
        folded = textwrap.wrap(detail, width=max(30, width - len(indent)),
                               break_long_words=False, break_on_hyphens=False) or [""]
        lines.append(row + folded[0])
        lines += [indent + line for line in folded[1:]]
    counts: dict[str, int] = {}
    for step in outcome.steps:
        counts[step.action.value] = counts.get(step.action.value, 0) + 1
    summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "no subjects"
    verb = "synced" if outcome.applied else "plan for"
    lines.append(f"\n{verb} {target}: {summary}; {outcome.writes} write(s)")
    return "\n".join(lines) + "\n"


def render_json(outcome: SyncOutcome, target: str) -> str:
    return json.dumps({"version": 1, "registry": target, "applied": outcome.applied,
                       "writes": outcome.writes,
                       "steps": [step.to_json() for step in outcome.steps]}, indent=2) + "\n"
