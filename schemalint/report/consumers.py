"""The consumers a change affects, as Markdown: who reads each changed subject, owned by
whom, and whether it reads the new version. Owners written as GitHub handles or teams
(``@acme/billing``) are mentioned, so the people who must look see the pull request."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from schemalint.report.markdown import cell


class AffectedConsumer(Protocol):
    """One consumer of one changed subject (``commands.consumers.Affected``)."""

    @property
    def subject(self) -> str: ...
    @property
    def consumer(self) -> str: ...
    @property
    def owner(self) -> str | None: ...
    @property
    def breaks(self) -> bool: ...  # it cannot read the new version
    @property
    def pending(self) -> bool: ...  # its contract is pending: a warning, for now
    @property
    def why(self) -> str: ...


def _verdict(row: AffectedConsumer) -> str:
    if not row.breaks:
        return "✅ reads the new version"
    if row.pending:
        return f"🟡 cannot read it yet (pending contract): {row.why}"
    return f"🔴 cannot read the new version: {row.why}"


def render_affected(rows: Sequence[AffectedConsumer]) -> str:
    """A section for a job summary or pull request comment; "" when no consumer is affected."""
    if not rows:
        return ""
    lines = ["## Consumers of the changed subjects", "",
             "| subject | consumer | owner | verdict |", "|---|---|---|---|"]
    for row in rows:
        lines.append(f"| {cell(row.subject)} | {cell(row.consumer)} | "
                     f"{cell(row.owner) if row.owner else '—'} | {cell(_verdict(row))} |")
    mentioned = sorted({row.owner for row in rows if row.breaks and row.owner
                        and row.owner.startswith("@")})
    if mentioned:
        lines += ["", f"To review: {', '.join(mentioned)} (a consumer of theirs cannot read "
                      "the new version)."]
    return "\n".join(lines) + "\n"
