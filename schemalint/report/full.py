"""The rich, grouped report for a person at a terminal."""

from __future__ import annotations

import io
from collections.abc import Sequence
from itertools import groupby

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from schemalint.model import Finding, Severity
from schemalint.report.common import ReportContext, printable, summary_line

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render(findings: Sequence[Finding], context: ReportContext) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=context.color, no_color=not context.color,
                      width=context.width, highlight=False, soft_wrap=False)
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
            if finding.level is not None and finding.against is not None:
                header.append(f"  {finding.level.value} vs "
                              f"{printable(finding.against.describe())}",
                              style="dim")
            console.print(header)
            console.print(Padding(Text(printable(finding.message)), (0, 0, 0, 4), expand=False))
        console.print()
    console.print(Text(summary_line(findings, context.checked, context.nothing_checked),
                       style="bold red" if any(f.severity is Severity.ERROR for f in findings)
                       else "bold green" if context.checked else "bold"))
    # Wrapped lines come back padded to the console width.
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))
