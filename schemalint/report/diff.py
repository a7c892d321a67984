"""Reports of ``schemalint diff``: a changelog per subject, as text, Markdown or JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from schemalint.model import (
    ALLOWED,
    BREAKS_BOTH,
    BREAKS_NEW,
    BREAKS_OLD,
    SAFE,
    UNCLASSIFIED,
    Against,
    Change,
    Level,
)
from schemalint.report.common import json_text, printable
from schemalint.report.markdown import cell


class SubjectDiff(Protocol):
    """What the report reads of a subject's diff (``schemalint.commands.diff.SubjectDiff``)."""

    @property
    def subject(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def level(self) -> Level: ...
    @property
    def status(self) -> str: ...
    @property
    def against(self) -> Against | None: ...
    @property
    def changes(self) -> Sequence[Change]: ...
    @property
    def verdict(self) -> str: ...
    @property
    def readers(self) -> Sequence[Sequence[tuple[str, str | None]]]:
        """Per change, the declared consumers reading what it touches: (name, owner)."""
        ...


def read_by(diff: SubjectDiff, index: int) -> str:
    """``billing (@acme/billing), crm``: who reads what change ``index`` touches."""
    if index >= len(diff.readers):
        return ""
    return ", ".join(f"{name} ({owner})" if owner else name
                     for name, owner in diff.readers[index])


_MARK = {SAFE: "🟢", ALLOWED: "⚪", BREAKS_NEW: "🔴", BREAKS_OLD: "🔴", BREAKS_BOTH: "🔴",
         UNCLASSIFIED: "🟠"}
_STATUS = {"breaking": "🔴 breaking", "compatible": "🟢 compatible", "new": "🆕 new subject",
           "unchanged": "unchanged", "unclassified changes": "🟠 unclassified changes",
           "invalid": "❌ not a valid schema"}


def heading(diff: SubjectDiff) -> str:
    against = f" vs {printable(diff.against.describe())}" if diff.against else ""
    if diff.status == "removed":
        return "subject removed: consumers still read it from the log"
    if diff.status == "edited":
        published = diff.against or Against()
        at = f" at {printable(published.ref)}" if published.ref else ""
        return (f"🔴 VERSION_EDITED: version {published.version}, published{at}, was edited; "
                "put the change in a new version file")
    return f"{_STATUS.get(diff.verdict, diff.verdict)} ({diff.level.value}{against})"


def render_markdown(diffs: Sequence[SubjectDiff]) -> str:
    lines = ["## Schema changes", ""]
    shown = [d for d in diffs if d.status != "unchanged"]
    if not shown:
        lines.append("No schema changed.")
        return "\n".join(lines) + "\n"
    for diff in shown:
        lines += [f"### `{cell(diff.subject)}` — {heading(diff)}", "", f"`{cell(diff.path)}`",
                  ""]
        if diff.changes:
            readers = any(diff.readers)
            lines += ["| change | where | verdict |" + (" read by |" if readers else ""),
                      "|---|---|---|" + ("---|" if readers else "")]
            for index, change in enumerate(diff.changes):
                verdict = change.verdict(diff.level)
                note = f" ({cell(change.note)})" if change.note else ""
                lines.append(f"| {cell(change.description)}{note} | `{cell(change.name_path)}` "
                             f"| {_MARK[verdict]} {verdict} |"
                             + (f" {cell(read_by(diff, index))} |" if readers else ""))
            lines.append("")
    return "\n".join(lines) + "\n"


def render_json(diffs: Sequence[SubjectDiff]) -> str:
    document: dict[str, Any] = {"version": 1, "subjects": [
        {
            "subject": diff.subject, "path": diff.path, "level": diff.level.value,
            "status": diff.status, "verdict": diff.verdict,
            "against": diff.against.to_json() if diff.against else None,
            "changes": [
                {**change.to_json(diff.level), **({"read_by": [
                    {"consumer": name, "owner": owner}
                    for name, owner in diff.readers[index]]} if diff.readers else {})}
                for index, change in enumerate(diff.changes)],
        }
        for diff in diffs
    ]}
    return json_text(document)
