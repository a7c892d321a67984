"""The ``schemalint`` console entry point: one-line errors, a deep stack, a fast ``check``
for the pre-commit hooks (``schemalint.cli.hook``), typer for everything else."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from schemalint.allocation import skip_collection_at_exit, tune_for_one_command
from schemalint.errors import SchemalintError
from schemalint.model import ExitCode

# The commands that read schemas run on a deep stack: a schema may nest thousands of levels.
# ``sync`` reads its schemas on one too (``run_sync``), but talks to the registry on ordinary
# threads, which a raised recursion limit would leave open to a deeply nested answer.
_DEEP_COMMANDS = ("check", "compat", "diff")
# Commands that read schemas and end: not the registry, which serves until stopped.
_ONE_SHOT_COMMANDS = ("check", "compat", "diff", "sync", "pull")


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if argv is None and args and args[0] in _ONE_SHOT_COMMANDS:
        tune_for_one_command()
    try:
        if args and args[0] in _DEEP_COMMANDS:
            from schemalint.deepstack import call_with_deep_stack

            call_with_deep_stack(lambda: _answer(args))
            return
        _answer(args)
    finally:
        if argv is None:
            skip_collection_at_exit()


def _answer(args: list[str]) -> None:
    try:
        if args and args[0] == "check":
            from schemalint.cli.hook import hook_check_args

            parsed = hook_check_args(args[1:])
            if parsed is not None:
                from schemalint.cli.check import execute_check

                raise SystemExit(execute_check(parsed))
        from schemalint.cli.app import run_app

        run_app(args)
    except SchemalintError as error:
        _fail(error)
    except ImportError as error:
        from schemalint.optional import missing_part

        missing = missing_part(error)
        if missing is None:
            _internal_error(error)
        _fail(missing)
    except Exception as error:
        _internal_error(error)


def _fail(error: SchemalintError) -> NoReturn:
    from schemalint.report import printable

    sys.stderr.write(f"schemalint: error: {printable(str(error))}\n")
    raise SystemExit(int(error.exit_code)) from None


def _internal_error(error: Exception) -> NoReturn:
    """A defect: said in one line, the traceback kept on request."""
    if os.environ.get("SCHEMALINT_DEBUG"):
        raise error
    from schemalint.report import printable

    sys.stderr.write(f"schemalint: internal error: {type(error).__name__}: "
                     f"{printable(str(error))} "
                     "(set SCHEMALINT_DEBUG=1 for the traceback, and please report it)\n")
    raise SystemExit(int(ExitCode.INVALID_INPUT)) from None
