"""``path:line:col: severity: CODE message``, one finding a line, for editors and grep.

The severity sits where compilers put it (``error:``, ``warning:``), so editors' problem
matchers for gcc-style output read the lines as they are."""

from __future__ import annotations

from collections.abc import Sequence

from schemalint.model import Finding
from schemalint.report.common import ReportContext, printable, summary_line


def location(finding: Finding) -> str:
    place = finding.path or finding.subject or "-"
    if finding.line is not None:
        place += f":{finding.line}"
        if finding.column is not None:
            place += f":{finding.column}"
    return printable(place)


def render(findings: Sequence[Finding], context: ReportContext) -> str:
    lines = [
        f"{location(finding)}: {finding.severity.value}: {finding.code} "
        f"{printable(finding.message)}"
        for finding in sorted(findings, key=Finding.sort_key)
    ]
    lines.append(summary_line(findings, context.checked, context.nothing_checked))
    return "\n".join(lines) + "\n"
