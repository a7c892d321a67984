"""``schemalint diff``: what a change does to each subject's contract, for a reviewer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from schemalint.allocation import paused_gc
from schemalint.config import Config
from schemalint.diffing import classified_changes, summarize
from schemalint.errors import INPUT_ERROR_CODES, InvalidSchemaError
from schemalint.model import Against, Change, Finding, Level
from schemalint.pipeline.check import SUBJECT_REMOVED, CheckOutcome, CheckRequest, run_check
from schemalint.sources.files import document_of


@dataclass
class SubjectDiff:
    subject: str
    path: str
    level: Level
    status: str  # new, changed, unchanged, removed, edited (a published version), invalid
    against: Against | None = None
    changes: list[Change] = field(default_factory=list)
    # Per change, the declared consumers that read what it touches: (name, owner).
    readers: list[tuple[tuple[str, str | None], ...]] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        if self.status in ("new", "unchanged"):
            return self.status
        if self.status in ("removed", "edited"):
            return "breaking"
        if self.status == "invalid":
            return "invalid"
        return summarize(self.changes, self.level)


@dataclass
class DiffOutcome:
    subjects: list[SubjectDiff]
    findings: list[Finding]


def run_diff(config: Config, paths: Sequence[str] = (), against: str | None = None) -> DiffOutcome:
    # Only compatibility and validity matter to a changelog: lint would cost the most, unseen.
    outcome = run_check(config, CheckRequest(paths=tuple(paths), against=against, lint=False))
    blocking = [f for f in outcome.findings if f.code in INPUT_ERROR_CODES]
    with paused_gc():  # one object per field and change: see schemalint.allocation
        subjects = subject_diffs(config, outcome)
    return DiffOutcome(subjects, blocking)


def subject_diffs(config: Config, outcome: CheckOutcome) -> list[SubjectDiff]:
    """The changes of every subject a ``check`` run looked at."""
    from schemalint.commands.consumers import ChangeReaders

    readers = ChangeReaders(config)
    diffs: list[SubjectDiff] = []
    for name, state in sorted(outcome.subjects.items()):
        files = state.files
        # A message of an AsyncAPI document is shown at its document; its subject names it.
        path = document_of(files.path)
        # A published versioned file that changed: check's VERSION_EDITED, shown with what
        # changed in it.
        for published, now in state.edited:
            edits = classified_changes(published.schema, now, state.level, state.policy)
            diffs.append(SubjectDiff(
                name, now.path or published.against.path or path, state.level, "edited",
                published.against, edits, readers(name, published.schema, now, edits)))
        if state.current is None:
            diffs.append(SubjectDiff(name, path, state.level, "invalid"))
            continue
        if not state.full_history and state.edited:
            continue  # its one version was published: nothing about it is new
        if not state.full_history:
            diffs.append(SubjectDiff(name, path, state.level, "new"))
            continue
        previous = state.full_history[-1]
        if previous.schema.same_version(state.current):
            diffs.append(SubjectDiff(name, path, state.level, "unchanged",
                                     previous.against))
            continue
        try:
            changes = classified_changes(previous.schema, state.current, state.level,
                                         state.policy)
        except InvalidSchemaError:  # not safe to compare (a slow pattern): check reports it
            diffs.append(SubjectDiff(name, path, state.level, "invalid"))
            continue
        diffs.append(SubjectDiff(name, path, state.level, "changed", previous.against,
                                 changes, readers(name, previous.schema, state.current,
                                                  changes)))
    for finding in outcome.findings:
        if finding.code == SUBJECT_REMOVED and finding.subject:
            diffs.append(SubjectDiff(finding.subject, finding.path or "", config.level_for(
                finding.subject, None), "removed", finding.against))
    return diffs
