"""The ``replay`` command's run, and the note both ``replay`` and ``check --replay`` give on
subjects whose format replay does not read yet."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from schemalint.cli.output import OutputFormat, emit, note_unread
from schemalint.cli.verdict import exit_code_for, fail_level


class ReplayArgs(NamedTuple):
    """Everything ``schemalint replay`` was asked, as plain values."""

    paths: tuple[str, ...] = ()
    all_subjects: bool = False
    against: str | None = None
    event_count: int | None = None
    seed: int | None = None
    config_file: Path | None = None
    formats: tuple[OutputFormat, ...] = ()
    output_files: tuple[Path, ...] = ()
    fail_on: str | None = None
    exit_zero: bool = False


def execute_replay(args: ReplayArgs) -> int:
    """Run ``replay`` as asked, write its reports, and return the exit code.

    Errors (bad input, an unreachable registry) propagate as ``SchemalintError``.
    """
    from schemalint.commands.replay import ReplayRequest, check_request, replay
    from schemalint.config import load_config
    from schemalint.pipeline.check_start import start_git

    config = load_config(Path.cwd(), args.config_file)
    threshold = fail_level(args.fail_on, config.fail_on)
    request = ReplayRequest(paths=args.paths, all=args.all_subjects, against=args.against,
                            event_count=args.event_count, seed=args.seed)
    git = start_git(config.root, config.roots, check_request(request))
    outcome, findings, replayed, not_replayed = replay(config, request, git)
    note_unread(outcome.unread)
    note_not_replayed(not_replayed)
    nothing = outcome.nothing_checked
    if not nothing and not replayed:
        nothing = "No subject replayed: replay reads Avro subjects only so far."
    emit(findings, args.formats or None, replayed, args.output_files or None,
         outcome.changed_paths, nothing)
    return int(exit_code_for(findings, threshold, args.exit_zero))


def note_not_replayed(subjects: Sequence[str]) -> None:
    """One line on stderr per subject replay passed over: never a silent pass."""
    from schemalint.report import printable

    for subject in subjects:
        sys.stderr.write(printable(
            f"schemalint: note: {subject}: not replayed, replay does not read JSON Schema "
            "or Protobuf data yet (Avro only)") + "\n")
