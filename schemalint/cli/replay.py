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
    samples: Path | None = None
    registry: str | None = None


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
                            event_count=args.event_count, seed=args.seed,
                            samples=samples_folder(args.samples), registry=args.registry)
    git = start_git(config.root, config.roots, check_request(request))
    outcome, findings, replayed, not_replayed, no_earlier = replay(config, request, git)
    note_unread(outcome.unread)
    note_not_replayed(not_replayed)
    note_samples_needing_registry(outcome.samples_needing_registry)
    nothing = outcome.nothing_checked
    if not nothing and not replayed:
        nothing = _why_none_replayed(len(no_earlier), len(not_replayed),
                                     len(outcome.replayed) - len(no_earlier))
    elif no_earlier:
        sys.stderr.write(f"schemalint: {_subjects(replayed)} replayed, {len(no_earlier)} had "
                         "no earlier version to replay against\n")
    emit(findings, args.formats or None, replayed, args.output_files or None,
         outcome.changed_paths, nothing)
    return int(exit_code_for(findings, threshold, args.exit_zero))


def samples_folder(given: Path | None) -> str | None:
    """``--samples DIR`` as the pipeline reads it (absolute: the command line's paths are
    the working directory's); a folder that is not there is a usage error."""
    if given is None:
        return None
    from schemalint.errors import UsageError

    if not given.is_dir():
        raise UsageError(f"--samples {given}: no such folder")
    return str(given.resolve())


def note_samples_needing_registry(paths: Sequence[str]) -> None:
    """One line per wire-format sample passed over: its schema id needs a registry."""
    from schemalint.report import printable

    for path in paths:
        sys.stderr.write(printable(
            f"schemalint: note: {path}: not replayed, a wire-format sample names a schema "
            "id that only a registry resolves (--registry URL)") + "\n")


def _why_none_replayed(no_earlier: int, not_read: int, unchanged: int) -> str:
    reasons = []
    if no_earlier:
        reasons.append(f"{_subjects(no_earlier)} had no earlier version to replay against")
    if unchanged:
        reasons.append(f"{_subjects(unchanged)} unchanged (already a version)")
    if not_read:
        reasons.append(f"{_subjects(not_read)} of formats replay does not read yet "
                       "(Avro only so far)")
    return f"No subject replayed: {'; '.join(reasons) or 'none checked'}."


def _subjects(count: int) -> str:
    return f"{count} subject{'' if count == 1 else 's'}"


def note_not_replayed(subjects: Sequence[str]) -> None:
    """One line on stderr per subject replay passed over: never a silent pass."""
    from schemalint.report import printable

    for subject in subjects:
        sys.stderr.write(printable(
            f"schemalint: note: {subject}: not replayed, replay does not read JSON Schema "
            "or Protobuf data yet (Avro only)") + "\n")
