"""Reporters: pure functions from findings to text, one module per output format.

The package chooses a reporter by name (``REPORTERS``); what reporters share is
``schemalint.report.common``, whose names are also importable from here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from schemalint.model import Finding
from schemalint.report.common import (
    ReportContext,
    counts,
    json_pieces,
    json_text,
    plural,
    printable,
    printable_lines,
    summary_line,
)

__all__ = ["REPORTERS", "ReportContext", "Reporter", "counts", "json_pieces", "json_text",
           "plural", "printable", "printable_lines", "report_pieces", "summary_line"]

Reporter = Callable[[Sequence[Finding], ReportContext], str]


def _concise(findings: Sequence[Finding], context: ReportContext) -> str:
    from schemalint.report.concise import render
    return render(findings, context)


def _json(findings: Sequence[Finding], context: ReportContext) -> str:
    from schemalint.report.json import render
    return render(findings, context)


def _github(findings: Sequence[Finding], context: ReportContext) -> str:
    from schemalint.report.github import render
    return render(findings, context)


def _sarif(findings: Sequence[Finding], context: ReportContext) -> str:
    from schemalint.report.sarif import render
    return render(findings, context)


def _markdown(findings: Sequence[Finding], context: ReportContext) -> str:
    from schemalint.report.markdown import render
    return render(findings, context)


def report_pieces(output_format: str, findings: Sequence[Finding],
                  context: ReportContext) -> Iterable[str]:
    """The report in ``output_format``, in pieces to be written as they come."""
    if output_format == "json":
        from schemalint.report.json import render_pieces
        return render_pieces(findings, context)
    return (REPORTERS[output_format](findings, context),)


# Reporters import only when chosen: a hook run pays for the one it writes.
# The ``full`` report is drawn for a terminal by the command line (``schemalint.cli.terminal``).
REPORTERS: dict[str, Reporter] = {
    "concise": _concise,
    "json": _json,
    "github": _github,
    "sarif": _sarif,
    "markdown": _markdown,
}
