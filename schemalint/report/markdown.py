"""Markdown for pull request comments and job summaries."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import groupby

from schemalint.model import Finding, Severity
from schemalint.report.common import (
    ReportContext,
    counts,
    plural,
    printable,
    printable_lines,
    summary_line,
)

# More findings of one code in one file than this are one row with their count.
GROUP_OVER = 3
_NOUNS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_ICON = {Severity.ERROR: "🔴 error", Severity.WARNING: "🟡 warning", Severity.INFO: "🔵 note"}


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return (printable(text).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")
            .replace(">", "&gt;"))


def render(findings: Sequence[Finding], context: ReportContext) -> str:
    tally = counts(findings)
    lines = ["## schemalint", ""]
    if not findings:
        # A tick only where something was checked: nothing checked is not a pass.
        icon = "✅" if context.checked else "ℹ️"
        lines.append(f"{icon} {summary_line(findings, context.checked, context.nothing_checked)}")
        return "\n".join(lines) + "\n"
    counted = [_bold_count(tally[severity], noun) for severity, noun in _NOUNS.items()
               if tally[severity] or severity is Severity.ERROR]
    lines.append(", ".join(counted)
                 + (f" in {plural(context.checked, 'schema')}." if context.checked else "."))
    # Per file, errors first: a summary is read from the top and rarely to the end.
    ordered = sorted(findings, key=lambda f: (f.path or f.subject or "-", -f.severity.rank,
                                              *f.sort_key()))
    for path, group in groupby(ordered, key=lambda f: f.path or f.subject or "-"):
        lines += ["", f"### `{cell(path)}`", "", "| | line | code | subject | message |",
                  "|---|---|---|---|---|"]
        fixes = []
        in_file = list(group)
        per_code = Counter(finding.code for finding in in_file)
        shown: set[str] = set()
        for finding in in_file:
            many = per_code[finding.code]
            if many > GROUP_OVER:
                if finding.code in shown:
                    continue
                shown.add(finding.code)
            place = str(finding.line) if finding.line is not None else ""
            message = cell(finding.message)
            if many > GROUP_OVER:
                # One row for a kind that would otherwise drown the rest of the file's.
                message = (f"**{many} findings of this kind** in this file; the first: "
                           f"{message} (all of them are in the log and the SARIF report)")
            lines.append(f"| {_ICON[finding.severity]} | {place} | `{finding.code}` | "
                         f"{cell(finding.subject or '')} | {message} |")
            if finding.fix:
                fixes.append(finding.fix)
        for fix in fixes:
            fence = "````" if "```" in fix else "```"  # a fence the snippet cannot close
            lines += ["", f"{fence}toml", *printable_lines(fix).splitlines(), fence]
    return "\n".join(lines) + "\n"


def _bold_count(count: int, noun: str) -> str:
    number, _, rest = plural(count, noun).partition(" ")
    return f"**{number}** {rest}"
