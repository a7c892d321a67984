"""Writing reports to the terminal or to files, and reading the options that name them:
shared by every command."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from schemalint.errors import UsageError
from schemalint.model import Finding

if TYPE_CHECKING:
    from schemalint.model import CodeInfo
    from schemalint.report import ReportContext


class OutputFormat(str, Enum):
    full = "full"
    concise = "concise"
    json = "json"
    github = "github"
    sarif = "sarif"
    markdown = "markdown"


def emit(findings: Sequence[Finding], formats: Sequence[OutputFormat] | None, checked: int,
         outputs: Sequence[Path] | None = None,
         changed_paths: frozenset[str] = frozenset(), nothing_checked: str = "") -> None:
    """Write one report per ``--format``, each to its ``-o`` file or to stdout."""
    from schemalint.report import ReportContext

    chosen = list(formats or [OutputFormat.full if sys.stdout.isatty() else OutputFormat.concise])
    targets = list(outputs or [])
    if len(targets) > len(chosen):
        if len(chosen) == 1 and not formats:
            chosen = chosen * len(targets)
        else:
            raise UsageError("more -o/--output-file than --format: pair each file with a format")
    for index, output_format in enumerate(chosen):
        target = targets[index] if index < len(targets) else None
        to_terminal = target is None or str(target) == "-"
        context = ReportContext(
            checked=checked, width=terminal_width(), changed_paths=changed_paths,
            nothing_checked=nothing_checked,
            color=to_terminal and sys.stdout.isatty() and "NO_COLOR" not in os.environ,
            codes=(_described(findings) if output_format is OutputFormat.sarif else {}),
        )
        pieces = report_text(output_format, findings, context)
        if to_terminal:
            for piece in pieces:
                sys.stdout.write(piece)
        else:
            assert target is not None
            write_atomically(target, pieces)


def _described(findings: Sequence[Finding]) -> dict[str, CodeInfo]:
    """What each code means, for SARIF's rule descriptions (loaded only for SARIF)."""
    from schemalint.codes import describe_codes

    return describe_codes(finding.code for finding in findings)


def report_text(output_format: OutputFormat, findings: Sequence[Finding],
                context: ReportContext) -> Iterable[str]:
    """The report in ``output_format``, in pieces to be written as they come."""
    if output_format is OutputFormat.full:
        from schemalint.cli.terminal import render_findings

        return (render_findings(findings, context),)
    from schemalint.report import report_pieces

    return report_pieces(output_format.value, findings, context)


def write_atomically(path: Path, text: str | Iterable[str], what: str = "report") -> None:
    """Write a whole file (a text, or its pieces) or nothing: a temporary file beside it,
    then a rename. ``what`` the file is, for the error."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("w", encoding="utf-8") as out:
            out.writelines([text] if isinstance(text, str) else text)
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise UsageError(f"cannot write {what}: {error.strerror or error}",
                         path=str(path)) from None


def terminal_width() -> int:
    """The terminal's width (``COLUMNS`` when set, as for any terminal program), at least 60;
    100 when the output is not a terminal. (Not ``shutil.get_terminal_size``: importing
    shutil costs every hook run an import of bz2 and lzma.)"""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return max(60, int(columns))
    try:
        return max(60, os.get_terminal_size().columns)
    except OSError:
        return 100


T = TypeVar("T")


def parse_option(parser: Callable[[str], T], value: str, option: str) -> T:
    try:
        return parser(value)
    except ValueError as error:
        raise UsageError(f"{option}: {error}") from None


def split_codes(values: Sequence[str] | None) -> tuple[str, ...]:
    """Rule codes from repeatable, comma-separated options, upper-cased."""
    return tuple(code.strip().upper() for value in values or () for code in value.split(",")
                 if code.strip())


def write_input_errors(findings: Sequence[Finding]) -> None:
    """Each finding that stopped a command from reading its input, one line on stderr with
    its file, line and column: stdout keeps only what the command writes."""
    from schemalint.report import printable

    for finding in findings:
        where = ":".join(str(part) for part in (finding.path, finding.line, finding.column)
                         if part is not None)
        sys.stderr.write(printable(f"schemalint: error: {where}: {finding.code} "
                                   f"{finding.message}") + "\n")


def note_unread(paths: Sequence[str]) -> None:
    """One line on stderr naming files that may be schemas of a kind schemalint does not
    read: stdout keeps only the report."""
    if not paths:
        return
    from schemalint.report import printable
    from schemalint.sources.files import schema_file_kinds

    named = ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
    files = "1 file is" if len(paths) == 1 else f"{len(paths)} files are"
    sys.stderr.write(printable(
        f"schemalint: note: {files} not read (schemalint reads {schema_file_kinds()}): "
        f"{named}") + "\n")


def write_table(headers: Sequence[str], rows: Sequence[Sequence[str]], *,
                fold: bool = False) -> None:
    """A plain table on stdout at the terminal's width, its cells text, not markup (rules'
    summaries name config tables such as `[[topics]]`); ``fold``: long cells (subjects,
    paths) fold, never cut."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False)
    for header in headers:
        table.add_column(header, overflow="fold" if fold else "ellipsis")
    for row in rows:
        table.add_row(*map(Text, row))
    console = Console(width=terminal_width(), highlight=False)
    with console.capture() as captured:
        console.print(table)
    sys.stdout.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))
