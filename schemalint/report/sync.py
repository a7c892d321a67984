"""``sync``'s plan, or what it did: a table for people, JSON for programs."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Protocol


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


def render_text(outcome: SyncOutcome, target: str) -> str:
    """The plan (or what was done) as a table, one row per step."""
    rows = [(step.subject, LABELS[step.action.value], step.detail) for step in outcome.steps]
    width = max((len(r[0]) for r in rows), default=7)
    lines = [f"{'subject'.ljust(width)}  {'action'.ljust(8)}  detail"]
    lines += [f"{s.ljust(width)}  {a.ljust(8)}  {d}" for s, a, d in rows]
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
