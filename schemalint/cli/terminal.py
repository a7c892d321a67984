"""What a person reads at a terminal: the ``full`` report of ``check`` and ``diff``, drawn
with rich (colour, grouping, wrapping to the terminal's width).

Every other format is a pure function of the results in ``schemalint.report``; these two
differ only in being drawn for a terminal, which is the command line's concern.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from itertools import groupby

from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from schemalint.model import Finding, Severity
from schemalint.report.common import ReportContext, printable, printable_lines, summary_line
from schemalint.report.diff import SubjectDiff, heading, read_by

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render_findings(findings: Sequence[Finding], context: ReportContext) -> str:
    """``--format full``: findings grouped by file, then the summary line."""
    buffer = io.StringIO()
    console = _console(buffer, context.color, context.width)
    ordered = sorted(findings, key=Finding.sort_key)
    for path, group in groupby(ordered, key=lambda f: f.path or f.subject or "-"):
        console.print(Text(printable(path), style="bold underline"))
        for finding in group:
            place = f"{finding.line}:{finding.column}" if finding.line is not None else "-"
            header = Text.assemble(
                ("  " + place.ljust(8), "dim"),
                (finding.severity.value.ljust(8), _STYLE[finding.severity]),
                (finding.code, "bold"),
            )
            if finding.subject:
                header.append(f"  {printable(finding.subject)}", style="dim")
            console.print(header)
            if finding.level is not None and finding.against is not None:
                console.print(Padding(Text(f"{finding.level.value} vs "
                                           f"{printable(finding.against.describe())}",
                                           style="dim"), (0, 0, 0, 4), expand=False))
            console.print(Padding(Text(printable(finding.message)), (0, 0, 0, 4), expand=False))
            if finding.fix:
                # Text to paste is never folded: a folded line would not paste as TOML.
                for line in printable_lines(finding.fix).splitlines():
                    console.print(Text("    " + line, style="green"), no_wrap=True,
                                  overflow="ignore", crop=False)
        console.print()
    console.print(Text(summary_line(findings, context.checked, context.nothing_checked),
                       style="bold red" if any(f.severity is Severity.ERROR for f in findings)
                       else "bold green" if context.checked else "bold"))
    return _drawn(buffer)


def render_diff(diffs: Sequence[SubjectDiff], color: bool = False, width: int = 100) -> str:
    """``diff --format full``: each changed subject, its verdict and its changes."""
    buffer = io.StringIO()
    console = _console(buffer, color, width)
    shown = [d for d in diffs if d.status != "unchanged"]
    if not shown:
        console.print("No schema changed.")
    for diff in shown:
        console.print(f"[bold]{escape(printable(diff.subject))}[/bold]  "
                      f"{escape(printable(diff.path))}", markup=True)
        console.print(f"  {heading(diff)}", markup=False)
        if diff.changes:
            table = Table(show_header=False, box=None, padding=(0, 2))
            for index, change in enumerate(diff.changes):
                verdict = change.verdict(diff.level)
                text = printable(change.description)
                if change.name_path:
                    text += f"  [{printable(change.name_path)}]"
                if change.note:
                    text += f"  ({printable(change.note)})"
                if read_by(diff, index):
                    text += f"  read by {printable(read_by(diff, index))}"
                table.add_row(" ", Text(text), verdict)
            console.print(table)
        console.print()
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))


def render_markdown(text: str, color: bool = False, width: int = 100) -> str:
    """Markdown (``explain``'s pages) drawn for a terminal: headings, wrapped paragraphs,
    code blocks kept as written."""
    from rich.markdown import Markdown

    buffer = io.StringIO()
    _console(buffer, color, width).print(Markdown(text, code_theme="ansi_dark"))
    return _drawn(buffer)


def _console(buffer: io.StringIO, color: bool, width: int) -> Console:
    return Console(file=buffer, force_terminal=color, no_color=not color, width=width,
                   highlight=False, soft_wrap=False)


def _drawn(buffer: io.StringIO) -> str:
    # Wrapped lines come back padded to the console width.
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))

