"""``path:line:col: CODE message``, one finding a line, for editors and grep."""

from __future__ import annotations

from collections.abc import Sequence

from schemalint.model import Finding
from schemalint.report import ReportContext, printable, summary_line


def location(finding: Finding) -> str:
    place = finding.path or finding.subject or "-"
    if finding.line is not None:
        place += f":{finding.line}"
        if finding.column is not None:
            place += f":{finding.column}"
    return printable(place)


def render(findings: Sequence[Finding], context: ReportContext) -> str:
    lines = [
        f"{location(finding)}: {finding.code} {printable(finding.message)}"
        for finding in sorted(findings, key=Finding.sort_key)
    ]
    lines.append(summary_line(findings, context.checked))
    return "\n".join(lines) + "\n"
