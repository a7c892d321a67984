"""The versioned JSON document other tools read: ``{"version": 1, "findings", "summary"}``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from schemalint.model import Finding, Severity
from schemalint.report.common import ReportContext, counts, json_pieces

FORMAT_VERSION = 1


def render(findings: Sequence[Finding], context: ReportContext) -> str:
    return "".join(render_pieces(findings, context))


def render_pieces(findings: Sequence[Finding], context: ReportContext) -> Iterator[str]:
    tally = counts(findings)
    document = {
        "version": FORMAT_VERSION,
        "findings": [finding.to_json() for finding in sorted(findings, key=Finding.sort_key)],
        "summary": {
            "checked": context.checked,
            "errors": tally[Severity.ERROR],
            "warnings": tally[Severity.WARNING],
            "infos": tally[Severity.INFO],
        },
    }
    return json_pieces(document)
