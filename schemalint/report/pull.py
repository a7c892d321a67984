"""What ``pull`` wrote, skipped, recorded and kept: one line each."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class PullOutcome(Protocol):
    """What the report reads of a pull (``schemalint.commands.pull.PullOutcome``)."""

    @property
    def written(self) -> Sequence[str]: ...
    @property
    def unchanged(self) -> Sequence[str]: ...
    @property
    def skipped(self) -> Sequence[str]: ...
    @property
    def recorded(self) -> Sequence[str]: ...
    @property
    def kept(self) -> Sequence[str]: ...
    @property
    def config(self) -> str | None: ...


def render_pull(outcome: PullOutcome) -> str:
    lines = [f"wrote {path}" for path in outcome.written]
    lines += [f"skipped {why}" for why in outcome.skipped]
    lines += [f"recorded {what} in {outcome.config}" for what in outcome.recorded]
    lines += [f"kept {why}" for why in outcome.kept]
    lines.append(f"{len(outcome.written)} file(s) written, {len(outcome.unchanged)} unchanged")
    return "\n".join(lines) + "\n"
