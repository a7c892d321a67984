"""GitHub Actions workflow commands: ``::error file=…,line=…,col=…,title=CODE::message``.

GitHub shows only about ten annotations of each level per step, so findings on the files the
change touched come first, the rest are printed as plain lines, and a closing notice says how
many were not annotated.
"""

from __future__ import annotations

from collections.abc import Sequence

from schemalint.model import Finding, Severity
from schemalint.report.common import ReportContext, printable, printable_lines, summary_line
from schemalint.report.concise import location

ANNOTATIONS_PER_LEVEL = 10
_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    properties = []
    if finding.path:
        properties.append(f"file={escape_property(printable(finding.path))}")
        if finding.line is not None:
            properties.append(f"line={finding.line}")
            if finding.column is not None:
                properties.append(f"col={finding.column}")
    properties.append(f"title={escape_property(finding.code)}")
    message = printable(finding.message)
    if finding.fix:
        message += "\n\n" + printable_lines(finding.fix)
    if finding.subject:
        message = f"[{printable(finding.subject)}] {message}"
    return f"::{_COMMAND[finding.severity]} {','.join(properties)}::{escape_data(message)}"


def render(findings: Sequence[Finding], context: ReportContext) -> str:
    ordered = sorted(findings, key=lambda f: (f.path not in context.changed_paths,
                                              -f.severity.rank, *f.sort_key()))
    shown = dict.fromkeys(Severity, 0)
    lines: list[str] = []
    hidden: list[Finding] = []
    for finding in ordered:
        if shown[finding.severity] < ANNOTATIONS_PER_LEVEL:
            shown[finding.severity] += 1
            lines.append(annotation(finding))
        else:
            hidden.append(finding)
    for finding in hidden:
        lines.append(f"{location(finding)}: {finding.code} "
                     f"{escape_data(printable(finding.message))}")
    if hidden:
        lines.append(f"::notice title=schemalint::{len(hidden)} more finding"
                     f"{'' if len(hidden) == 1 else 's'} not shown as annotations (GitHub shows "
                     f"about {ANNOTATIONS_PER_LEVEL} per level); see the log above or the SARIF "
                     "report.")
    lines.append(summary_line(findings, context.checked, context.nothing_checked))
    return "\n".join(lines) + "\n"
