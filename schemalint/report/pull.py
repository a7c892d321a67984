"""What ``pull`` wrote, skipped, recorded and kept: one line each."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from schemalint.commands.pull import PullOutcome


def render_pull(outcome: PullOutcome) -> str:
    lines = [f"wrote {path}" for path in outcome.written]
    lines += [f"skipped {why}" for why in outcome.skipped]
    lines += [f"recorded {what} in {outcome.config}" for what in outcome.recorded]
    lines += [f"kept {why}" for why in outcome.kept]
    lines.append(f"{len(outcome.written)} file(s) written, {len(outcome.unchanged)} unchanged")
    return "\n".join(lines) + "\n"
