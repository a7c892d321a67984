"""What the catalogue shows, as plain data: topics, subjects, their fields, versions and
changelogs, built from one check run of the whole project.

Pure: the command (``commands/catalog.py``) runs the check pipeline, reads the commits and
the consumer contracts, and hands them here; the site (``catalog/site.py``) renders the
result. Each changelog is the one ``diff`` prints (``diffing.classified_changes``), computed
once per pair of consecutive versions.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from schemalint.catalog.fields import FieldRow, field_paths, field_rows
from schemalint.config import Config
from schemalint.contracts.judge import Contract
from schemalint.diffing import classified_changes, summarize
from schemalint.errors import InvalidSchemaError
from schemalint.model import Change, Finding, Level, Schema, SchemaType, Severity
from schemalint.pipeline.check import SubjectState
from schemalint.topics import TopicSubject, project_topics

# Per change of a subject, the declared consumers reading what it touches: (name, owner).
Readers = Callable[[str, Schema, Schema, Sequence[Change]],
                   list[tuple[tuple[str, "str | None"], ...]]]

FORMAT_NAMES = {SchemaType.AVRO: "Avro", SchemaType.JSON: "JSON Schema",
                SchemaType.PROTOBUF: "Protobuf"}


@dataclass(frozen=True)
class CommitInfo:
    sha: str
    date: str  # the committer date, ISO 8601
    title: str  # the subject line of the message

    @property
    def short(self) -> str:
        return self.sha[:7]

    @property
    def day(self) -> str:
        return self.date[:10]


@dataclass(frozen=True)
class ChangeEntry:
    kind: str
    path: str
    description: str
    verdict: str  # safe, breaks new consumers … (``Change.verdict`` at the subject's level)
    breaking: bool
    note: str
    readers: tuple[str, ...]  # declared consumers reading what it touches: "crm (team-crm)"


@dataclass(frozen=True)
class VersionEntry:
    number: int
    path: str | None
    commit: CommitInfo | None
    # new (the first), compatible, breaking, unclassified changes, unchanged; "uncommitted"
    # marks a version only the work tree holds.
    verdict: str
    changes: tuple[ChangeEntry, ...]
    committed: bool = True


@dataclass(frozen=True)
class FieldEntry:
    path: str
    type: str
    default: str | None
    doc: str | None
    since: int | None  # the version from which the field has been in every version
    anchor: str


@dataclass(frozen=True)
class FindingEntry:
    code: str
    severity: str
    message: str
    line: int | None


@dataclass(frozen=True)
class SubjectEntry:
    name: str
    page: str  # the page's file name under subjects/
    format: str
    topic: str | None
    role: str | None
    level: str
    path: str
    fields: tuple[FieldEntry, ...]
    versions: tuple[VersionEntry, ...]  # newest first
    findings: tuple[FindingEntry, ...]
    readable: bool  # False: the current file cannot be read (its findings say why)

    @property
    def severities(self) -> dict[str, int]:
        return _counts(self.findings)

    @property
    def breaking_versions(self) -> int:
        return sum(1 for version in self.versions if version.verdict == "breaking")


@dataclass(frozen=True)
class ConsumerEntry:
    name: str
    owner: str | None


@dataclass(frozen=True)
class TopicEntry:
    name: str
    kind: str
    flavor: str | None
    owner: str | None
    level: str
    key_fields: tuple[str, ...]
    producers: tuple[str, ...]
    consumers: tuple[ConsumerEntry, ...]
    subjects: tuple[str, ...]
    lint: Mapping[str, int]  # findings by severity over its subjects


@dataclass(frozen=True)
class Catalog:
    topics: tuple[TopicEntry, ...]
    subjects: tuple[SubjectEntry, ...]  # by name
    # Subjects no topic holds (record names, referenced types): listed on their own.
    unfiled: tuple[str, ...]

    def subject(self, name: str) -> SubjectEntry | None:
        return next((s for s in self.subjects if s.name == name), None)


@dataclass(frozen=True)
class VersionDraft:
    number: int
    path: str | None
    commit: str | None  # the commit git's history names; None for versioned files
    verdict: str
    changes: tuple[ChangeEntry, ...]
    # Only the work tree holds it: a plain file changed since the ref, or a versioned file
    # (committed once git has added it).
    working_tree: bool


@dataclass(frozen=True)
class SubjectDraft:
    """What the catalogue keeps of a subject the check pipeline read: made where it was
    checked (possibly a forked process), so plain data and no parsed schema."""

    name: str
    format: str
    topic: str | None
    role: str | None
    level: str
    path: str
    versioned: bool
    fields: tuple[FieldEntry, ...]
    versions: tuple[VersionDraft, ...]  # oldest first
    readable: bool


def subject_draft(state: SubjectState, readers: Readers) -> SubjectDraft:
    """The fields, versions and changelogs of one subject: each pair of consecutive versions
    diffed once, as ``diff`` diffs them."""
    files = state.files
    versions = [_Version(p.schema, p.against.version or index + 1, p.against.path,
                         p.against.commit, False)
                for index, p in enumerate(state.full_history)]
    if state.current is not None and state.existing is None:
        number = max((v.number for v in versions), default=0) + 1
        versions.append(_Version(state.current, number, files.path, None, True))
    drafts: list[VersionDraft] = []
    present: list[frozenset[str]] = []
    for index, (schema, number, path, commit, working_tree) in enumerate(versions):
        present.append(field_paths(schema))
        changes: tuple[ChangeEntry, ...] = ()
        if index == 0:
            verdict = "new"
        else:
            previous = versions[index - 1].schema
            try:
                found = classified_changes(previous, schema, state.level, state.policy)
            except InvalidSchemaError:
                found = []
                verdict = "unclassified changes"
            else:
                verdict = summarize(found, state.level)
                if verdict == "unchanged":
                    # A distinct version whose own text compares equal: what it references
                    # changed (a version's key includes its references).
                    verdict = "references changed"
            changes = _changes(found, state.level, readers(files.subject, previous, schema,
                                                           found))
        drafts.append(VersionDraft(number, path, commit, verdict, changes, working_tree))
    numbers = [draft.number for draft in drafts]
    fields: tuple[FieldEntry, ...] = ()
    current = state.current or (versions[-1].schema if versions else None)
    if current is not None:
        fields = tuple(_field(row, present, numbers) for row in field_rows(current))
    return SubjectDraft(files.subject, FORMAT_NAMES[files.schema_type], files.topic,
                        files.role, state.level.value, files.path, files.is_versioned, fields,
                        tuple(drafts), state.current is not None)


def build_catalog(config: Config, drafts: Mapping[str, SubjectDraft],
                  findings: Sequence[Finding], commits: Mapping[str, CommitInfo],
                  contracts: Mapping[str, Sequence[Contract]],
                  added_in: Mapping[str, str] | None = None) -> Catalog:
    """The catalogue of the subjects ``drafts`` holds, with the run's ``findings``.
    ``commits`` describes the commits the versions name; ``added_in`` names the commit that
    added each versioned file (``name.v2.avsc``), whose versions git does not number."""
    by_subject: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.subject:
            by_subject.setdefault(finding.subject, []).append(finding)
    pages = page_names(drafts)
    subjects = tuple(
        _subject(draft, pages[name], by_subject.get(name, ()), commits, added_in or {})
        for name, draft in sorted(drafts.items()))
    topics = _topics(config, subjects, contracts)
    filed = {name for topic in topics for name in topic.subjects}
    return Catalog(topics, subjects, tuple(s.name for s in subjects if s.name not in filed))


class _Version(NamedTuple):
    schema: Schema
    number: int
    path: str | None
    commit: str | None
    working_tree: bool


def page_names(subjects: Mapping[str, object]) -> dict[str, str]:
    """A file name per subject, safe on every file system and unique even where two names
    differ only in the characters made safe or in case."""
    pages: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(subjects):
        safe = re.sub(r"[^A-Za-z0-9._-]", "_", name).strip(".") or "subject"
        if safe != name or safe.lower() in taken:
            safe = f"{safe}-{hashlib.sha256(name.encode()).hexdigest()[:8]}"
        taken.add(safe.lower())
        pages[name] = f"{safe}.html"
    return pages


def field_anchor(path: str) -> str:
    return "field-" + re.sub(r"[^A-Za-z0-9_.-]", "_", path)


def _subject(draft: SubjectDraft, page: str, findings: Sequence[Finding],
             commits: Mapping[str, CommitInfo], added_in: Mapping[str, str]) -> SubjectEntry:
    versions = []
    for version in draft.versions:
        sha = version.commit or (added_in.get(version.path or "") if draft.versioned
                                 else None)
        versions.append(VersionEntry(
            version.number, version.path, commits.get(sha) if sha else None, version.verdict,
            version.changes, committed=not version.working_tree or sha is not None))
    return SubjectEntry(
        draft.name, page, draft.format, draft.topic, draft.role, draft.level, draft.path,
        draft.fields, tuple(reversed(versions)),
        tuple(FindingEntry(f.code, f.severity.value, f.message, f.line)
              for f in sorted(findings, key=_finding_order)),
        draft.readable)


def _field(row: FieldRow, present: Sequence[frozenset[str]], numbers: Sequence[int]
           ) -> FieldEntry:
    since: int | None = None
    for paths, number in zip(reversed(present), reversed(numbers), strict=True):
        if row.path not in paths:
            break
        since = number
    return FieldEntry(row.path, row.type, row.default, row.doc, since, field_anchor(row.path))


def _changes(changes: Sequence[Change], level: Level,
             readers: Sequence[tuple[tuple[str, str | None], ...]]) -> tuple[ChangeEntry, ...]:
    entries = []
    for index, change in enumerate(changes):
        verdict = change.verdict(level)
        reading = readers[index] if index < len(readers) else ()
        entries.append(ChangeEntry(
            change.kind, change.name_path, change.description, verdict,
            verdict.startswith("breaks"), change.note,
            tuple(f"{who} ({owner})" if owner else who for who, owner in reading)))
    return tuple(entries)


def _topics(config: Config, subjects: Sequence[SubjectEntry],
            contracts: Mapping[str, Sequence[Contract]]) -> tuple[TopicEntry, ...]:
    entries = {subject.name: subject for subject in subjects}
    found = project_topics(config, (TopicSubject(s.name, s.topic, s.role) for s in subjects),
                           contracts)
    topics = []
    for topic in found:
        members = [entries[name] for name in topic.subjects]
        key = entries[topic.key] if topic.key is not None else None
        key_fields = topic.declared_key_fields or (
            tuple(f.path for f in key.fields if "." not in f.path) if key else ())
        lint: Counter[str] = Counter()
        for member in members:
            lint.update(member.severities)
        topics.append(TopicEntry(
            topic.name, topic.kind, topic.flavor, topic.owner, topic.level.value, key_fields,
            topic.producers, tuple(ConsumerEntry(r.name, r.owner) for r in topic.readers),
            topic.subjects, dict(lint)))
    return tuple(topics)


def _counts(findings: Sequence[FindingEntry]) -> dict[str, int]:
    counts = Counter(f.severity for f in findings)
    return {severity.value: counts[severity.value] for severity in
            (Severity.ERROR, Severity.WARNING, Severity.INFO) if counts[severity.value]}


def _finding_order(finding: Finding) -> tuple[int, str, int, str]:
    rank = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}[finding.severity]
    return rank, finding.code, finding.line or 0, finding.message
