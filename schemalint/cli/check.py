"""The ``check`` command: its options as plain values, and its run.

The typer command (``schemalint.cli.app``) and the hook's fast path (``schemalint.cli.hook``)
both end here.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from schemalint.cli.output import OutputFormat, emit, note_unread, split_codes
from schemalint.cli.verdict import exit_code_for, fail_level
from schemalint.model import ExitCode


class CheckArgs(NamedTuple):
    """Everything ``schemalint check`` was asked, as plain values."""

    paths: tuple[str, ...] = ()
    all_subjects: bool = False
    against: str | None = None
    config_file: Path | None = None
    formats: tuple[OutputFormat, ...] = ()
    output_files: tuple[Path, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    baseline: Path | None = None
    write_baseline: Path | None = None
    fail_on: str | None = None
    exit_zero: bool = False
    max_warnings: int | None = None
    replay: bool = False
    replay_samples: Path | None = None
    replay_registry: str | None = None


def execute_check(args: CheckArgs) -> int:
    """Run ``check`` as asked, write its reports, and return the exit code.

    Errors (bad input, an unreachable registry) propagate as ``SchemalintError``.
    """
    from schemalint.config import load_config
    from schemalint.pipeline.check_start import CheckRequest, start_git

    config = load_config(Path.cwd(), args.config_file)
    threshold = fail_level(args.fail_on, config.fail_on)
    samples = None
    if args.replay_samples is not None or args.replay_registry is not None:
        from schemalint.cli.replay import samples_folder
        from schemalint.errors import UsageError

        if not args.replay:
            raise UsageError("--samples and --registry go with --replay")
        samples = samples_folder(args.replay_samples)
    request = CheckRequest(paths=args.paths, all=args.all_subjects, against=args.against,
                           select=split_codes(args.select), ignore=split_codes(args.ignore),
                           keep_subjects=False, replay=args.replay, replay_samples=samples,
                           replay_registry=args.replay_registry)
    if request.select or request.ignore:
        _require_known_codes(request.select, "--select")
        _require_known_codes(request.ignore, "--ignore")
    # git starts on its first processes while the checker's modules load.
    git = start_git(config.root, config.roots, request)
    from schemalint.commands.check import check

    if args.write_baseline is not None:
        from schemalint.lint.baseline import write_baseline

        write_baseline(args.write_baseline, check(config, request, git).findings)
        sys.stdout.write(f"Wrote the baseline to {args.write_baseline}.\n")
        return int(ExitCode.OK)
    outcome, findings, budget = check(config, request, git, baseline=args.baseline,
                                      max_warnings=args.max_warnings)
    note_unread(outcome.unread)
    if args.replay:
        from schemalint.cli.replay import note_not_replayed, note_samples_needing_registry

        note_not_replayed(outcome.not_replayed)
        note_samples_needing_registry(outcome.samples_needing_registry)
    emit(findings, args.formats or None, outcome.checked, args.output_files or None,
         outcome.changed_paths, outcome.nothing_checked)
    code = exit_code_for(findings, threshold, args.exit_zero)
    if budget:
        sys.stderr.write(f"schemalint: {budget}\n")
        if code is ExitCode.OK and not args.exit_zero:
            code = ExitCode.FINDINGS
    return int(code)


def _require_known_codes(codes: Sequence[str], option: str) -> None:
    from schemalint.errors import UsageError
    from schemalint.lint.registry import unknown_selectors

    unknown = unknown_selectors(codes)
    if unknown:
        raise UsageError(f"{option}: unknown rule code or prefix "
                         f"{', '.join(map(repr, unknown))} (`schemalint rules` lists them)")
