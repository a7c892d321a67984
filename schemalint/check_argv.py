"""``schemalint check``'s command line, parsed without typer.

A pre-commit hook runs ``schemalint check`` on every commit, and importing typer (with the
click it carries) costs a third of such a run. So ``check`` is parsed here with argparse,
mirroring the typer command option for option (a test holds the two to the same table of
command lines); anything this parser does not accept, ``--help`` included, goes to typer,
which prints the help or the error users know.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from schemalint.check_command import CheckArgs
from schemalint.console import OutputFormat


class _NotOurs(Exception):
    """The command line is one for typer to answer: help, or an error to explain."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _NotOurs(message)


def _parser() -> _Parser:
    # A fixed width: the default asks shutil for the terminal's, an import a hook need not pay.
    parser = _Parser(prog="schemalint check", add_help=False, allow_abbrev=False,
                     formatter_class=lambda prog: argparse.HelpFormatter(prog, width=100))
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--all", dest="all_subjects", action="store_true")
    parser.add_argument("--against")
    parser.add_argument("--config", dest="config_file", type=Path)
    parser.add_argument("--format", "--output-format", dest="formats", action="append",
                        type=OutputFormat, default=[])
    parser.add_argument("--output-file", "-o", dest="output_files", action="append", type=Path,
                        default=[])
    parser.add_argument("--select", action="append", default=[])
    parser.add_argument("--ignore", action="append", default=[])
    parser.add_argument("--baseline", type=Path)
    parser.add_argument("--write-baseline", type=Path)
    parser.add_argument("--fail-on")
    parser.add_argument("--exit-zero", action="store_true")
    parser.add_argument("--max-warnings", type=int)
    return parser


def parse_check_argv(argv: Sequence[str]) -> CheckArgs | None:
    """``check``'s options (the words after ``check``), or None when typer should answer."""
    # Help is typer's to print; argparse mishandles "--" among intermixed arguments; typer
    # keeps the "=" of "-o=FILE" in the file's name.
    if "--help" in argv or "--" in argv or any(word.startswith("-o=") for word in argv):
        return None
    try:
        parsed, rest = _parser().parse_known_intermixed_args(list(argv))
    except (_NotOurs, argparse.ArgumentError, ValueError):
        return None
    # A path argparse takes that starts with "-" (as "-1") is an unknown option to typer.
    if rest or any(path.startswith("-") for path in parsed.paths):
        return None
    values: dict[str, Any] = {key: tuple(value) if isinstance(value, list) else value
                              for key, value in vars(parsed).items()}
    return CheckArgs(**values)
