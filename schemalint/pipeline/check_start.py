"""What a ``check`` run is asked, and the git processes it starts before anything else.

Kept apart from ``pipeline.check`` and light to import: the command line starts git here and
imports the checker while git works, since on a hook's one-file run the two take about as
long as each other.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from schemalint.sources.git import PROBE, Git, change_listing, work_tree_listing

if TYPE_CHECKING:
    import datetime as dt


class CheckRequest(NamedTuple):
    paths: Sequence[str] = ()
    all: bool = False
    against: str | None = None
    today: dt.date | None = None
    # Lint selection from the command line: ``select`` replaces the configured one,
    # ``ignore`` extends it (as ruff does). ``lint`` False runs compatibility only.
    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    lint: bool = True
    # Whether the outcome keeps each subject's schema and versions (``CheckOutcome.subjects``
    # and ``schemas``), which sync and diff replay; a plain check lets each go once checked.
    keep_subjects: bool = True
    # Instead of each subject's state, what ``keep`` makes of it (``CheckOutcome.kept``),
    # made in the process that checked the subject: a caller needing every version of many
    # subjects (the catalogue) has them checked in two processes, keeping only the result.
    keep: Callable[[Any], Any] | None = None
    # Whether each checked subject is replayed too (``schemalint.replay``): events its
    # versions write, read by the others; None for the replay's default count and seed.
    replay: bool = False
    replay_count: int | None = None
    replay_seed: int | None = None
    # The folder of recorded events (None: the configured one), and the registry URL that
    # resolves the schema ids of wire-format samples.
    replay_samples: str | None = None
    replay_registry: str | None = None


def start_git(root: Path, roots: Sequence[str], request: CheckRequest) -> Git:
    """A ``Git`` for the run, its first processes started side by side: the probe, the
    listing of the work tree and, for a hook's default run against HEAD, the diff. Each
    would otherwise wait for the one before."""
    git = Git(root)
    commands: list[Sequence[str]] = [PROBE]
    if not pre_commit_refs():
        commands.append(work_tree_listing(roots))
        if request.against is None and not request.all and not request.paths:
            commands.append(change_listing("HEAD", roots))
    git.prefetch(*commands)
    return git


def pre_commit_refs() -> tuple[str, str] | None:
    """The range pre-commit passes to a pre-push or manual ``--from-ref/--to-ref`` run."""
    from_ref = os.environ.get("PRE_COMMIT_FROM_REF") or os.environ.get("PRE_COMMIT_SOURCE")
    to_ref = os.environ.get("PRE_COMMIT_TO_REF") or os.environ.get("PRE_COMMIT_ORIGIN")
    return (from_ref, to_ref) if from_ref and to_ref else None
