"""The check pipeline behind ``check``, ``diff`` and ``sync``: parse, lint and check every
changed subject against its history."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from schemalint.compat import PreviousVersion, check_level
from schemalint.config import Config
from schemalint.errors import (
    InvalidSchemaError,
    SchemalintError,
    UnreachableError,
    UsageError,
    invalid_schema,
)
from schemalint.finding_codes import SUBJECT_REMOVED, VERSION_EDITED
from schemalint.formats import SchemaResolver
from schemalint.model import Against, Finding, Level, Schema, SchemaType, Severity
from schemalint.pipeline.check_start import CheckRequest, pre_commit_refs, start_git
from schemalint.pipeline.replaying import Replayed, SubjectReplayer
from schemalint.project import SchemaFile, SubjectFiles, classify, map_subjects, subject_of
from schemalint.regexes import lazy_compile
from schemalint.roots import no_schema_error, require_roots
from schemalint.sanction import sanction
from schemalint.sources import registry_spec
from schemalint.sources.files import (
    decode_schema_bytes,
    document_of,
    is_asyncapi_document,
    read_schema_text,
    schema_file_kinds,
    unread_suffix,
)
from schemalint.sources.git import (
    BATCH,
    FETCH_HINT,
    ZERO_SHA,
    BlobVersion,
    Change,
    Git,
    ObjectReader,
    history_listing,
)
from schemalint.versions import FileVersion
from schemalint.workspace import (
    LazyAvroIndex,
    LazyTexts,
    content_decides_type,
    json_id_index,
    parse_with_config,
    published_version_key,
)

if TYPE_CHECKING:
    from schemalint.history_files import CommitFiles
    from schemalint.references import ReferencedChange
    from schemalint.sources.asyncapi import ExportedJson

__all__ = ["SUBJECT_REMOVED", "VERSION_EDITED", "AgainstSpec", "CheckOutcome", "CheckRequest",
           "HistoryText", "SubjectState", "run_check"]


@dataclass
class CheckOutcome:
    findings: list[Finding] = field(default_factory=list)
    checked: int = 0
    # Per checked subject, its current schema (None where it could not be parsed).
    schemas: dict[str, Schema | None] = field(default_factory=dict)
    # Seconds spent per phase: "git" (listing, diffing and reading history), "check".
    timings: dict[str, float] = field(default_factory=dict)
    # Files that differ from --against: annotations show their findings first.
    changed_paths: frozenset[str] = frozenset()
    # Per checked subject, what the checker knew of it: sync replays these.
    subjects: dict[str, SubjectState] = field(default_factory=dict)
    # What to say when no schema was checked, such as "No schema changed since main."
    nothing_checked: str = ""
    # Files among those the run looked at that may be schemas of a kind it does not read
    # (.avdl, .yaml that is no schema …): named in a note, never passed over unseen.
    unread: list[str] = field(default_factory=list)
    # With ``replay``: the subjects checked in formats replay does not read yet.
    not_replayed: list[str] = field(default_factory=list)
    # With ``replay``: per subject of a format replay reads, what replay did with it; and
    # the wire-format samples passed over for want of a registry.
    replayed: dict[str, Replayed] = field(default_factory=dict)
    samples_needing_registry: list[str] = field(default_factory=list)
    # With ``CheckRequest.keep``: per checked subject, what it made of the subject's state.
    kept: dict[str, Any] = field(default_factory=dict)


@dataclass
class SubjectState:
    """One subject as ``check`` saw it: its files, level, and its versions, oldest first.

    ``history`` holds the distinct versions before the current one (where the current schema
    equals an earlier version, what follows that version is left out), so
    ``[*history, current]`` is the log sync replays.
    """

    files: SubjectFiles
    level: Level
    policy: str
    current: Schema | None
    history: list[PreviousVersion]
    # Every distinct version git or the versioned files hold, before any revert cut.
    full_history: list[PreviousVersion] = field(default_factory=list)
    # Published versioned files whose content changed since ``--against``: (as published,
    # as now).
    edited: list[tuple[PreviousVersion, Schema]] = field(default_factory=list)

    @property
    def existing(self) -> PreviousVersion | None:
        """The version the current schema already is (the registry would register nothing):
        an equal identity whose references resolve to equal schemas."""
        if self.current is None:
            return None
        current = self.current
        return next((p for p in self.full_history if p.schema.same_version(current)), None)


class HistoryText(NamedTuple):
    """One version of a subject as its source holds it, and where a person finds it."""

    text: str
    path: str | None = None  # git: the file it was at, renames followed
    commit: str | None = None  # git: the first-parent commit that wrote it
    number: int | None = None  # a registry's version number
    files: Mapping[str, str] | None = None  # a registry's referenced texts, by import path


class AgainstSpec(NamedTuple):
    """Which history to compare with, after the command line and the environment have spoken."""

    ref: str | None  # None: no history (``--against none`` or a repository without commits)
    commit: str | None
    to_ref: str | None = None  # pre-commit's TO_REF: the state to check instead of the work tree
    registry: str | None = None  # ``registry`` or ``registry:NAME``: history from a registry


def run_check(config: Config, request: CheckRequest, git: Git | None = None) -> CheckOutcome:
    """Check what ``request`` asks of the project; ``git`` is one ``start_git`` began."""
    return _Checker(config, request, git).run()


class _Checker:
    def __init__(self, config: Config, request: CheckRequest, git: Git | None) -> None:
        self.config = config
        self.request = request
        self.root = config.root
        self.git = git or start_git(self.root, config.roots, request)
        self.in_git = self.git.is_repository()
        self.outcome = CheckOutcome()
        self._parsed: dict[tuple[SchemaType, str, tuple[tuple[str, str], ...]],
                           Schema | InvalidSchemaError] = {}
        self._resolver: LazyAvroIndex | None = None
        # Per commit, the Avro named types of its files: for versions today's files can't read.
        self._avro_at: dict[str, SchemaResolver] = {}
        # "<commit>:<document>" → the JSON Schemas an exported AsyncAPI document carried
        # then, and the text of each of its parts: read once for all the document's parts.
        self._exported_at: dict[str, tuple[ExportedJson | None, dict[str, str]]] = {}
        # The files of past commits, for JSON Schema versions whose $refs read other files.
        self._commit_files: CommitFiles | None = None
        self.texts = LazyTexts(self._read_work_tree)
        self._json_ids = json_id_index(self.root, self.texts)
        self._untracked: list[str] | None = None
        # Import name → text of the .proto files outside a sparse checkout, and of those an
        # AsyncAPI document carries: protoc reads imports from disk, where they are not.
        self._sparse_imports: dict[str, str] = {}
        # The JSON Schemas exported AsyncAPI documents carry, where there are any.
        self._exported_json: ExportedJson | None = None
        self._settings: Any = None
        self._entries: list[Any] = []
        self._project_subjects: frozenset[str] = frozenset()
        self._objects: ObjectReader | None = None
        # Subjects checked because a file they reference changed, and which one.
        self._checked_because: dict[str, ReferencedChange] = {}
        # Subjects whose lineage holds the commits of the files they reference.
        self._folded: set[str] = set()
        # The consumer contracts (``pipeline.consumers``), loaded where any is declared.
        self._consumers: Any = None
        self._replayer = SubjectReplayer(config, request)
        # The AsyncAPI documents read (each holds a subject per message), with the other
        # files their $refs read.
        self._documents: dict[str, frozenset[str]] = {}
        # Their schemas that cannot be read, and why: each an error of its own subject.
        self._unreadable_parts: dict[str, SchemalintError] = {}
        self._blob_ids: dict[str, str] = {}

    # ---- the pipeline -------------------------------------------------------------------

    def run(self) -> CheckOutcome:
        try:
            return self._run()
        finally:
            if self._objects is not None:
                self._objects.close()
            if self._commit_files is not None:
                self._commit_files.close()
            self._replayer.close()
            self.git.close()

    def _run(self) -> CheckOutcome:
        started = time.perf_counter()
        against = self._against()
        files = self._current_files(against)
        subjects = map_subjects(files.values(), self.config, self.texts)
        self._project_subjects = frozenset(subjects)
        selected, removed = self._select(subjects, files, against)
        if not files and not removed and not self.request.paths:
            # Nothing to check now nor removed since: the roots miss the schemas.
            raise no_schema_error(self.config, self.texts.paths())
        selected = self._set_conflicts_aside(selected)
        self._note_unread(files, against)
        # git reads the history while the lint rules load.
        plan = self._history_plan(selected, against)
        if plan:
            self.git.prefetch(*(args for _, _, args in plan))
        if plan or (against.commit is not None and against.registry is None
                    and any(subject.is_versioned for subject in selected)):
            self.git.prefetch(BATCH, takes_input=True)
        self._lint_orphans(subjects, files, against)
        self.outcome.checked = len(selected)
        self.outcome.findings.extend(removed)
        registry_texts = self._registry_history(selected, against)
        lineages = self._history_lineages(against, plan)
        read = time.perf_counter()
        self.outcome.timings["git"] = read - started
        if self._in_two(selected, against):
            self._check_in_two(selected, against, lineages)
        else:
            for subject in selected:
                self._check_one(subject, against, registry_texts.get(subject.subject, []),
                                lineages.pop(subject.subject, []))
        self._lint_project()
        self._check_changed_contracts(subjects, selected, against)
        self._say_why_checked()
        if self.request.replay:
            from schemalint.replay import replays

            self.outcome.not_replayed = [subject.subject for subject in selected
                                         if not replays(subject.schema_type)]
            self.outcome.samples_needing_registry = self._replayer.needing_registry(
                [subject.subject for subject in selected if replays(subject.schema_type)])
        self.outcome.timings["check"] = time.perf_counter() - read
        if self._documents:
            from schemalint.sources.asyncapi import anchor_findings

            self.outcome.findings[:] = anchor_findings(
                self.outcome.findings, self.texts, lambda path: self._file_text(path, against))
        if not selected:
            self.outcome.nothing_checked = self._why_nothing_checked(against)
        return self.outcome

    def _say_why_checked(self) -> None:
        """A finding on a subject checked only for a file it references names that file."""
        if self._checked_because:
            self.outcome.findings[:] = [
                _replace(finding, message=f"{finding.message} {because.reason()}")
                if (because := self._checked_because.get(finding.subject or "")) is not None
                else finding for finding in self.outcome.findings]

    def _check_one(self, subject: SubjectFiles, against: AgainstSpec,
                   registry_texts: Sequence[HistoryText], lineage: Sequence[BlobVersion]) -> None:
        """Read, parse and check one subject's versions, then let them go: only one
        subject's history is held at a time."""
        if against.registry is None and lineage:
            # Folded here, where the current schema is parsed once for the whole check.
            settings = self.config.subject_settings(subject.subject)
            lineage = self._with_reference_commits(
                subject, list(lineage), against, settings.history_since if settings else None)
        def versions() -> Iterable[HistoryText]:
            """The versions, read again from git on each call."""
            return (registry_texts if against.registry is not None
                    else self._history_texts(subject, lineage))

        summary = self._history_summary(subject, versions, against,
                                        lineage[-1] if lineage else None)
        if summary is None:
            self._check_subject(subject, self._distinct(subject, versions(), against), against)
        else:
            history, reads = summary
            self._check_subject(subject, history, against, reads)
        self._parsed.clear()

    def _in_two(self, selected: Sequence[SubjectFiles], against: AgainstSpec) -> bool:
        """Whether to check the subjects in two processes: only for many subjects (a hook's
        few pay nothing), where no caller keeps what was checked, on two cores or more."""
        if (len(selected) < _PARALLEL_FROM or self.request.keep_subjects
                or against.registry is not None or (os.cpu_count() or 1) < 2):
            return False
        import multiprocessing

        return "fork" in multiprocessing.get_all_start_methods()

    def _check_in_two(self, selected: Sequence[SubjectFiles], against: AgainstSpec,
                      lineages: dict[str, list[BlobVersion]]) -> None:
        """Check about half of the work in a forked process while this one checks the rest;
        findings and lint entries are then taken in the order of ``selected``, as one
        process would have made them."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        global _FORKED
        if against.commit is not None:
            self._object_reader()  # this process's: the forked one starts its own
        if self.request.replay:
            # Replay's modules (and the data libraries they read with) load once, here,
            # rather than in each process.
            from schemalint.replay.formats import format_replay, replays

            for schema_type in {subject.schema_type for subject in selected}:
                if replays(schema_type):
                    format_replay(schema_type)
        mine, theirs = _halves(selected, [self._work_of(subject, lineages)
                                          for subject in selected])
        _FORKED = (self, theirs, against, lineages)
        # A forked process flushes what it inherited unwritten as it ends: none must be left.
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            with ProcessPoolExecutor(1, multiprocessing.get_context("fork")) as pool:
                forked = pool.submit(_check_forked_share)
                done = self._check_share(mine, against, lineages)
                try:
                    done_there = forked.result()
                except Exception:
                    # Whatever failed there is checked here again, to fail as it would alone.
                    done_there = self._check_share(theirs, against, lineages)
        finally:
            _FORKED = None
        by_subject = {subject.subject: result for share, results in (
            (mine, done), (theirs, done_there)) for subject, result in zip(share, results,
                                                                           strict=True)}
        for subject in selected:
            findings, entry, replayed, kept = by_subject[subject.subject]
            self.outcome.findings.extend(findings)
            if kept is not None:
                self.outcome.kept[subject.subject] = kept
            if replayed is not None:
                self.outcome.replayed[subject.subject] = replayed
            if entry is not None:
                self._entries.append(self._entry_again(entry))

    def _work_of(self, subject: SubjectFiles, lineages: Mapping[str, list[BlobVersion]]
                 ) -> int:
        """About how much checking ``subject`` reads: its file's size once per version it
        reads (the file alone where it is its newest version by its text)."""
        lineage = lineages.get(subject.subject)
        text = self.texts.get(subject.path) if lineage else None
        if lineage and text is not None and self._reads_no_history(subject, text, lineage[-1]):
            return len(text) + 1
        try:
            size = (self.root / subject.path).stat().st_size
        except OSError:
            size = 0
        return (len(lineages.get(subject.subject, ())) + 1) * (size + 1)

    def _check_share(self, share: Sequence[SubjectFiles], against: AgainstSpec,
                     lineages: dict[str, list[BlobVersion]]) -> _Share:
        """Check ``share`` (findings, and each lint entry as ``_entry_parts``), keeping none
        of it in the outcome."""
        done: _Share = []
        for subject in share:
            findings, entries = len(self.outcome.findings), len(self._entries)
            self._check_one(subject, against, [], lineages.get(subject.subject, []))
            entry = self._entries[entries] if len(self._entries) > entries else None
            done.append((self.outcome.findings[findings:],
                         _entry_parts(entry) if entry is not None else None,
                         self.outcome.replayed.pop(subject.subject, None),
                         self.outcome.kept.pop(subject.subject, None)))
            del self.outcome.findings[findings:], self._entries[entries:]
        return done

    def _entry_again(self, parts: _EntryParts) -> Any:
        """A lint entry from ``_entry_parts``: its schemas parsed again from their texts (as
        published versions are: read strictly once already, each reads as it did)."""
        entry, schema_type, current, previous = parts
        again = self._parse(schema_type, *current, published=True)
        before = (self._parse(schema_type, *previous, published=True)
                  if previous is not None else None)
        self._parsed.clear()
        assert isinstance(again, Schema) and not isinstance(before, InvalidSchemaError)
        return entry._replace(schema=again, previous=before)

    def _why_nothing_checked(self, against: AgainstSpec) -> str:
        if self.request.paths:
            return "No schema among the files given."
        if self.request.all or against.commit is None:
            return "No schema to check."
        return f"No schema changed since {against.ref}."

    def _against(self) -> AgainstSpec:
        requested = self.request.against
        to_ref = None
        if requested is None:
            refs = pre_commit_refs()
            if refs is not None:
                requested, to_ref = refs
        if requested is not None and requested.lower() == "none":
            return AgainstSpec(None, None)
        if requested is not None and registry_spec(requested):
            return AgainstSpec(requested, None, registry=requested)
        if not self.in_git:
            if requested is None and (self.request.all or self.request.paths):
                return AgainstSpec(None, None)
            raise UsageError(f"{self.root} is not a git repository: pass --against none "
                             "(with --all or paths) to check without history")
        if requested is None:
            head = self.git.head()
            if head is None:  # a repository without commits: every schema is new
                return AgainstSpec(None, None)
            return AgainstSpec("HEAD", head)
        commit = self.git.resolve_against(requested)
        if to_ref is not None and self.git.resolve(to_ref) is None:
            raise UnreachableError(f"PRE_COMMIT_TO_REF {to_ref} is not in this repository; "
                                   f"{FETCH_HINT}")
        return AgainstSpec(requested, commit, to_ref)

    def _current_files(self, against: AgainstSpec) -> dict[str, SchemaFile]:
        roots = [root for root in self.config.roots]
        if against.to_ref is not None:
            paths = self.git.list_files(against.to_ref, roots)
            contents = self.git.read_paths(against.to_ref, paths)
            for path, data in contents.items():
                self.texts.put(path, _decode_or_none(data, path))
        else:
            for path in self._work_tree_paths(roots):
                self.texts.add(path)
        files: dict[str, SchemaFile] = {}
        contracts = self.config.contracts_folder.strip("/")
        named_readers = {path for entry in self.config.consumers
                         for path in entry.reader_schemas.values()}
        for path in self.texts.paths():
            if (path.startswith(f"{contracts}/") and not any(
                    root.strip("./").startswith(contracts) for root in roots)) or \
                    path in named_readers:
                continue  # consumers' reader schemas (``pipeline.consumers``), not subjects
            # Only a bare .json needs its content to tell whether it is a JSON Schema.
            text = self.texts.get(path) if content_decides_type(path) else None
            classified = classify(path, roots, text, self.config.versioned)
            if classified is not None:
                files[path] = classified
            elif is_asyncapi_document(path, text):
                files.update(self._document_parts(path, text, against))
        require_roots(self.config, self.texts.paths(), files, self.root,
                      in_tree=against.to_ref is None)
        for path in self.request.paths:
            relative = self._relative(path)
            if relative not in files:
                text = self._read_work_tree(relative, must_exist=True)
                self.texts.put(relative, text)
                classified = classify(relative, [str(Path(relative).parent)], text,
                                      self.config.versioned)
                if classified is not None:
                    files[relative] = classified
                elif is_asyncapi_document(relative, text):
                    files.update(self._document_parts(relative, text, against))
                elif not content_decides_type(relative):
                    # A .json or .yaml that is no schema is data: hooks pass those too.
                    raise UsageError(f"{path}: not a schema file (expected "
                                     f"{schema_file_kinds('or')})")
        return files

    def _document_parts(self, path: str, text: str | None, against: AgainstSpec
                        ) -> dict[str, SchemaFile]:
        """The schemas of an AsyncAPI document, their texts kept under their part names."""
        from schemalint.project import document_files

        schemas, reads = document_files(path, text or "",
                                        lambda found: self._file_text(found, against))
        if schemas:  # one whose channels carry no message is named among the files not read
            self._documents[path] = reads
        parts = {}
        for schema_file, part_text in schemas:
            if isinstance(part_text, SchemalintError):
                self._unreadable_parts[schema_file.path] = part_text
            self.texts.put(schema_file.path, part_text if isinstance(part_text, str) else None)
            if schema_file.import_path and isinstance(part_text, str):
                # A .proto the document carries for those that import it, as a file would.
                self._sparse_imports.setdefault(schema_file.import_path, part_text)
            if schema_file.file or schema_file.files:
                self._exported_json = _exported_json(self._exported_json, self.root,
                                                     schema_file)
            parts[schema_file.path] = schema_file
        return parts

    def _work_tree_paths(self, roots: Sequence[str]) -> list[str]:
        if self.in_git:
            listing = self.git.work_tree_files(roots)
            self._untracked = listing.untracked
            # A file outside a sparse checkout is what the index holds, as git reads it.
            for path, data in self.git.read_paths("", listing.sparse).items():
                text = _decode_or_none(data, path)
                self.texts.put(path, text)
                if text is not None and path.endswith(".proto"):
                    for folder in (*roots, "."):
                        prefix = folder.strip("/") + "/" if folder.strip("/.") else ""
                        if path.startswith(prefix):
                            self._sparse_imports.setdefault(path[len(prefix):], text)
            return sorted({*listing.tracked, *listing.untracked})
        found: list[str] = []
        for root in roots:
            base = self.root / root
            if base.is_dir():
                found.extend(p.relative_to(self.root).as_posix() for p in base.rglob("*")
                             if p.is_file())
        return sorted(found)

    def _read_work_tree(self, path: str, must_exist: bool = False) -> str | None:
        try:
            return read_schema_text(self.root / path, path)
        except SchemalintError:
            if must_exist:
                raise
            return None

    def _current_text(self, path: str) -> str | InvalidSchemaError:
        """The text of a schema file being checked, or why it cannot be read (not UTF-8, a
        binary file): a finding on that file, as an unparsable one is, not the end of the run."""
        problem = self._unreadable_parts.get(path)
        if problem is not None:
            return invalid_schema(problem.message, problem.path, line=problem.line,
                                  column=problem.column)
        text = self.texts.get(path)
        if text is not None:
            return text
        try:
            return read_schema_text(self.root / path, path)
        except SchemalintError as error:
            return invalid_schema(error.message, path, line=error.line, column=error.column)

    def _relative(self, path: str) -> str:
        absolute = (Path.cwd() / path).resolve()
        try:
            return absolute.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            raise UsageError(f"{path}: outside the project at {self.root}") from None

    def _select(self, subjects: dict[str, SubjectFiles], files: Mapping[str, SchemaFile],
                against: AgainstSpec) -> tuple[list[SubjectFiles], list[Finding]]:
        by_path = {path: entry for entry in subjects.values() for path in entry.every_path}
        if self.request.paths:
            chosen: dict[str, SubjectFiles] = {}
            for given in self.request.paths:
                relative = self._relative(given)
                if relative in by_path:
                    chosen[by_path[relative].subject] = by_path[relative]
                elif relative in self._documents:
                    chosen.update((entry.subject, entry) for path, entry in by_path.items()
                                  if document_of(path) == relative)
                elif relative in files:
                    # Outside the roots or the strategy: checked alone, named by its path.
                    schema_file = files[relative]
                    chosen[relative] = SubjectFiles(relative, schema_file.schema_type, None,
                                                    schema_file.role, relative)
            return [chosen[name] for name in sorted(chosen)], []
        if self.request.all or against.commit is None:
            removed = self._removed_subjects(subjects, against, None) if against.commit else []
            return [subjects[s] for s in sorted(subjects)], removed
        # HEAD cannot move during a run, so the diff the prefetch started against it serves.
        base = "HEAD" if against.ref == "HEAD" else against.commit
        changes = self.git.changes(base, list(self.config.roots), against.to_ref,
                                   follow_renames=True, untracked=self._untracked)
        self.outcome.changed_paths = frozenset(
            path for change in changes for path in (change.path, change.old_path) if path)
        changed = {by_path[change.path].subject for change in changes
                   if change.path in by_path}
        if self._documents:
            # An AsyncAPI document changed: its subjects are read again, and each whose
            # payload did not change is found equal to its latest version.
            paths = {change.path for change in changes}
            edited = {document for document, reads in self._documents.items()
                      if document in paths or reads & paths}
            changed |= {entry.subject for path, entry in by_path.items()
                        if document_of(path) in edited}
        removed = self._removed_subjects(subjects, against, changes)
        self._checked_because = {
            name: because for name, because in self._referencing(
                subjects, files, changes, base, against).items() if name not in changed}
        return [subjects[name] for name in sorted(changed | set(self._checked_because))], removed

    def _referencing(self, subjects: Mapping[str, SubjectFiles],
                     files: Mapping[str, SchemaFile], changes: Sequence[Change], base: str,
                     against: AgainstSpec) -> dict[str, ReferencedChange]:
        """The subjects whose files did not change but reference (directly or through other
        files) one that did: the registry takes each for a new version of its subject."""
        from schemalint.references import (
            ChangedFile,
            folders_outside,
            format_of,
            referencing_subjects,
        )

        outside = folders_outside(self.config.roots, (*self.config.json_ref_map.values(),
                                                      *self.config.protobuf_include))
        if outside:
            # Files a $ref (ref-map) or an import (protobuf include) reads outside the roots.
            changes = list({change.path: change for change in (
                *changes, *self.git.changes(base, outside, against.to_ref))}.values())
        gone = [change.old_path or change.path for change in changes if change.status == "D"]
        before = self.git.read_paths(base, gone) if gone else {}
        changed = []
        for change in changes:
            found = files.get(change.path)
            schema_type = found.schema_type if found is not None else format_of(change.path)
            text = (_decode_or_none(before.get(change.path), change.path)
                    if change.status == "D" else self._file_text(change.path, against))
            changed.append(ChangedFile(change.path, schema_type, text))
        return referencing_subjects(changed, subjects.values(), self.texts.get,
                                    self._referenced_paths)

    def _direct_references(self, schema_type: SchemaType, path: str, against: AgainstSpec
                           ) -> list[str]:
        """The files the referenced file at ``path`` references itself: a .proto's imports,
        an Avro file's named types of other files."""
        from schemalint.references import proto_imports

        text = self._file_text(path, against)
        if text is None:
            return []
        if schema_type is SchemaType.PROTOBUF:
            include = self.config.protobuf_include or (*self.config.roots, ".")
            return proto_imports(path, text, include, lambda found: (self.root / found).is_file())
        parsed = self._parse(schema_type, text, path, keep=False)
        return [reference.path for reference in parsed.references if reference.path] \
            if isinstance(parsed, Schema) else []

    def _file_text(self, path: str, against: AgainstSpec) -> str | None:
        """A repository file's current text (at ``--against``'s ``to_ref`` where given)."""
        if path in self.texts.paths():
            return self.texts.get(path)
        if against.to_ref is not None:
            return _decode_or_none(self.git.read_paths(against.to_ref, [path]).get(path), path)
        return self._read_work_tree(path)

    def _referenced_paths(self, subject: SubjectFiles, keep: bool = True
                          ) -> frozenset[str] | None:
        """The repository paths ``subject``'s current schema references; None where it does
        not parse."""
        text = self._current_text(subject.path)
        parsed = (text if isinstance(text, InvalidSchemaError)
                  else self._parse(subject.schema_type, text, subject.path, keep=keep))
        if not isinstance(parsed, Schema):
            return None
        return frozenset(reference.path for reference in parsed.references if reference.path)

    def _removed_subjects(self, subjects: Mapping[str, SubjectFiles], against: AgainstSpec,
                          changes: Sequence[Change] | None) -> list[Finding]:
        """Subjects defined at ``--against`` that no file defines any more."""
        assert against.commit is not None
        roots = list(self.config.roots)
        if changes is None:
            old_paths = self.git.list_files(against.commit, roots)
        else:
            # A modified file too: where its content names its subject (a record renamed in
            # place), the subject it named may be gone.
            old_paths = [c.old_path or c.path for c in changes if c.status in ("D", "R", "M")]
        if not old_paths:
            return []
        # Contents are read only where they decide: whether a bare .json is a schema, and a
        # subject named from inside its file (record strategies, types others refer to).
        versioned = self.config.versioned
        by_name = {path: classify(path, roots, None, versioned) for path in old_paths
                   if not content_decides_type(path)}
        wanted = [path for path in old_paths if path not in by_name or self._names_by_content
                  or _avro_type_file(by_name[path])]
        old_texts = {path: _decode_or_none(data, path)
                     for path, data in self.git.read_paths(against.commit, wanted).items()
                     } if wanted else {}
        old_files = [found for found in (
            by_name[path] if path in by_name
            else classify(path, roots, old_texts.get(path), versioned)
            for path in old_paths) if found is not None]
        for path in old_paths:
            if path not in by_name and is_asyncapi_document(path, old_texts.get(path)):
                # An AsyncAPI document's messages then: one may be gone from it.
                for part, part_text in _document_files_or_none(
                        path, old_texts[path] or "",
                        partial(self._files_at_commits().text, against.commit)):
                    old_files.append(part)
                    old_texts[part.path] = part_text
        old_subjects = map_subjects(old_files, self.config, old_texts)
        findings = []
        for name, entry in sorted(old_subjects.items()):
            if name in subjects:
                continue
            settings = self.config.subject_settings(name)
            if settings is not None and settings.retired:
                continue
            # Under a record strategy the file may stay while the record in it is renamed.
            gone = (f"{entry.path}, or the record in it," if self._names_by_content
                    else entry.path)
            findings.append(Finding(
                code=SUBJECT_REMOVED, severity=Severity.ERROR, path=entry.path,
                subject=name, name_path=name,
                message=(
                    f"The schema file {gone} was removed or renamed, but subject '{name}' "
                    "stays in the registry and consumers still read its events from the log. "
                    "Restore the file; or, once no producer writes the subject, mark "
                    f"it retired: [[subjects]] subject = \"{name}\", retired = true."
                ),
                against=Against(ref=against.ref),
            ))
        return findings

    def _set_conflicts_aside(self, selected: list[SubjectFiles]) -> list[SubjectFiles]:
        """Report the subjects several files map to; the rest is what gets checked."""
        from schemalint.conflicts import conflict_findings

        clean = []
        for subject in selected:
            if not subject.conflicts:
                clean.append(subject)
                continue
            self.outcome.findings.extend(conflict_findings(subject, self.config.strategy))
            # Nothing to register either: sync reads this as a subject it cannot use.
            self._keep(SubjectState(
                subject, self.config.level_for(subject.subject, subject.topic),
                self.config.policy_for(subject.subject, subject.topic), None, []))
        return clean

    def _note_unread(self, files: Mapping[str, SchemaFile], against: AgainstSpec) -> None:
        if self.request.paths:
            return
        present = self.texts.paths()
        looked_at = (present if self.request.all or against.commit is None
                     else self.outcome.changed_paths.intersection(present))
        read = {*self._documents, *(path for reads in self._documents.values() for path in reads)}
        self.outcome.unread = sorted(path for path in looked_at if path not in files
                                     and path not in read and unread_suffix(path))

    # ---- history ------------------------------------------------------------------------

    def _registry_history(self, selected: Sequence[SubjectFiles],
                          against: AgainstSpec) -> dict[str, list[HistoryText]]:
        """Per subject, the versions a registry holds (``--against registry``)."""
        if against.registry is None:
            return {}
        # Imported here: the registry client is no cost a git-only run should pay.
        from schemalint.sources.registry import registry_history

        return {subject: [HistoryText(version.text, number=version.number,
                                      files=version.files) for version in versions]
                for subject, versions in registry_history(
                    self.config, against.registry, [s.subject for s in selected]).items()}

    def _history_lineages(self, against: AgainstSpec,
                          plan: Sequence[_LogPlan]) -> dict[str, list[BlobVersion]]:
        """Per subject, the blobs of its file along git history, oldest first.

        One ``git log`` per distinct ``history-since`` (usually one in all, as ``plan``
        gives them); the blobs are read subject by subject (``_history_texts``).
        """
        if against.registry is not None or not plan:
            return {}
        follow = self._names_by_content
        shallow = self.git.is_shallow()
        lineages: dict[str, list[BlobVersion]] = {}
        for since, group, log in plan:
            since_commit = self.git.resolve(since) if since is not None else None
            if since is not None and since_commit is None:
                raise UsageError(f"history-since {since!r} for {group[0].subject}: no such ref")
            history = self.git.history_from(log)
            for subject in group:
                entries = history.lineage(document_of(subject.path), follow)
                if shallow and entries and entries[-1].at_boundary:
                    self._require_full_history(subject)
                if since_commit is not None:
                    base = self.git.run("rev-parse", "--verify", "--quiet",
                                        f"{since}:{document_of(subject.path)}",
                                        check=False).decode().strip()
                    if base:
                        entries.append(BlobVersion(since_commit, base,
                                                   path=document_of(subject.path)))
                lineages[subject.subject] = entries[::-1]
        return lineages

    def _with_reference_commits(self, subject: SubjectFiles, lineage: list[BlobVersion],
                                against: AgainstSpec, since: str | None) -> list[BlobVersion]:
        """``lineage`` with a candidate version at each commit where a file the subject
        references changed: the registry holds a version per reference it was registered
        with. A subject that references nothing costs no git work."""
        from schemalint.references import MARKERS, fold_reference_commits, reference_closure

        if not lineage or MARKERS[subject.schema_type] not in (
                self.texts.get(subject.path) or ""):
            return lineage
        referenced = self._referenced_paths(subject)
        if not referenced:
            return lineage

        if subject.schema_type is not SchemaType.JSON:  # a $ref's references are listed too
            referenced = frozenset(reference_closure(
                referenced, lambda path: self._direct_references(subject.schema_type, path,
                                                                 against)))
        assert against.commit is not None
        paths = sorted({entry.path or subject.path for entry in lineage} | referenced)
        history = self.git.history_from(history_listing(against.commit, paths, False, since))
        self._folded.add(subject.subject)
        return fold_reference_commits(
            lineage, history.commits[::-1],
            {entry.commit for path in referenced for entry in history.versions.get(path, [])})

    def _history_texts(self, subject: SubjectFiles,
                       lineage: Sequence[BlobVersion]) -> Iterator[HistoryText]:
        """The texts of ``lineage``'s blobs, read as they are asked for; a blob seen before at
        the same path is the same text, so the same version: it is not read again."""
        seen: set[tuple[str, str, str]] = set()
        # Where a referenced file's commits are folded in, one blob at two commits may read
        # other files: two versions.
        folded = subject.subject in self._folded
        payloads: set[str] = set()  # of an AsyncAPI document's message, those read
        for entry in lineage:
            path = entry.path or subject.path
            key = (entry.blob, path, entry.commit if folded else "")
            if entry.blob == ZERO_SHA or key in seen:
                continue
            seen.add(key)
            if subject.path != path and document_of(subject.path) == path:
                text = self._document_version(subject.path, entry)
                if text is None or text in payloads:
                    continue  # the document changed elsewhere: no other version of it
                payloads.add(text)
            else:
                text = _decode_or_none(self._object_reader().blob(entry.blob), path)
            if text is not None:
                yield HistoryText(text, path, entry.commit)

    def _document_version(self, part: str, entry: BlobVersion) -> str | None:
        """The text of ``part`` in the version of its AsyncAPI document ``entry`` holds, its
        $refs read from the files of its commit (each version read once for all its parts)."""
        from schemalint.sources.asyncapi import version_text

        return version_text(
            part, lambda: _decode_or_none(self._object_reader().blob(entry.blob), entry.path),
            partial(self._files_at_commits().text, entry.commit), f"{entry.blob}@{entry.commit}")

    def _object_reader(self) -> ObjectReader:
        if self._objects is None:
            self._objects = self.git.object_reader()
        return self._objects

    @property
    def _names_by_content(self) -> bool:
        """Whether the strategy names subjects from inside their files: renames are then
        followed, and a file's content tells its subject."""
        return self.config.strategy != "topic"

    def _history_plan(self, selected: Sequence[SubjectFiles],
                      against: AgainstSpec) -> list[_LogPlan]:
        """The ``git log`` to run per distinct ``history-since``, with its subjects."""
        if against.registry is not None or against.commit is None:
            return []
        follow = self._names_by_content
        by_since: dict[str | None, list[SubjectFiles]] = {}
        for subject in selected:
            if subject.is_versioned:
                continue
            settings = self.config.subject_settings(subject.subject)
            by_since.setdefault(settings.history_since if settings else None, []).append(subject)
        plan = []
        for since, group in by_since.items():
            # Renames are only seen when the old path is inside the pathspec; without them,
            # naming just the files keeps a one-file hook run from walking every file's log.
            scope = (list(self.config.roots) if follow or len(group) > 50
                     else [document_of(subject.path) for subject in group])
            plan.append((since, group, history_listing(against.commit, scope, follow, since)))
        return plan

    def _require_full_history(self, subject: SubjectFiles) -> None:
        level = self.config.level_for(subject.subject, subject.topic)
        if level is not Level.NONE:
            raise UnreachableError(
                f"{subject.path}: the history of subject '{subject.subject}' starts at the "
                f"shallow clone's boundary, so older versions are missing for "
                f"{level.value}; {FETCH_HINT}"
            )

    def _history_summary(self, subject: SubjectFiles,
                         versions: Callable[[], Iterable[HistoryText]], against: AgainstSpec,
                         newest: BlobVersion | None = None
                         ) -> tuple[list[PreviousVersion], list[bool | None] | None] | None:
        """What checking a subject on a non-transitive level needs of its git history, read
        version by version and let go: the first version equal to the current schema, the
        latest, and (where CFG001 judges the subject) whether the current schema reads each
        version. None where the whole history is needed (a transitive level, a caller that
        keeps it, versioned files, a registry's versions).

        ``newest``: the newest version, where git holds the history."""
        level = self.config.level_for(subject.subject, subject.topic)
        if (level.transitive or against.registry is not None or subject.is_versioned
                or self.request.keep_subjects or self.request.keep is not None
                # Samples name their version among all of them.
                or (self.request.replay and self._replayer.has_samples(subject.subject))):
            return None
        text = self._current_text(subject.path)
        current = (text if isinstance(text, InvalidSchemaError)
                   else self._parse(subject.schema_type, text, subject.path))
        if not isinstance(current, Schema):
            return [], None  # the history is not compared with
        from schemalint.lint.rules.config.CFG001 import reads_version

        judge = self._judges_each_version(subject, level)
        policy = self.config.policy_for(subject.subject, subject.topic)
        current_key = current.version_key()
        if not judge and newest is not None and self._blob_id(subject.path,
                                                              current.text) == newest.blob:
            # The file is as the newest version left it, so a version equal to it is found.
            # With no version judged one by one, that version is all the check compares with
            # (what follows it, never compared, goes unread).
            existing = (self._newest_as_it_is(subject, current.text, newest, against)
                        if not current.references
                        and self._text_makes_the_version(subject, current.text, newest)
                        else self._first_equal(subject, versions(), current, against))
            if existing is not None:
                return [existing], None
        reads: list[bool | None] = []
        existing = None
        latest: PreviousVersion | None = None
        for version in self._each_distinct(subject, versions(), against, keep_parsed=False):
            # Equal keys are the same version (``Schema.same_version``), and each version's
            # key is already known.
            if existing is None and version.schema.version_key() == current_key:
                existing = version
            if judge:
                reads.append(reads_version(current, version.schema, policy))
            latest = version
        kept = [version for version in (existing, latest) if version is not None]
        return (kept[:1] if existing is latest else kept), (reads if judge else None)

    def _judges_each_version(self, subject: SubjectFiles, level: Level) -> bool:
        """Whether CFG001 judges ``subject``, so needs to know which versions it reads."""
        from schemalint.lint.rules.config.CFG001 import replay_judged

        key = subject.role == "key" if subject.role else subject.subject.endswith("-key")
        return self.request.lint and replay_judged(self._lint_settings(), subject.topic,
                                                   level, key)

    def _reads_no_history(self, subject: SubjectFiles, text: str, newest: BlobVersion
                          ) -> bool:
        """Whether checking ``subject``, whose file has ``text``, reads none of its history
        (``_history_summary``): it is its ``newest`` version by its text alone."""
        level = self.config.level_for(subject.subject, subject.topic)
        return (not level.transitive and not self._judges_each_version(subject, level)
                and self._blob_id(subject.path, text) == newest.blob
                and self._text_makes_the_version(subject, text, newest))

    def _blob_id(self, path: str, text: str) -> str:
        """The git blob id of the file at ``path``, whose text is ``text``: computed once a
        run (the split between two processes asks for it too)."""
        found = self._blob_ids.get(path)
        if found is None:
            found = self._blob_ids[path] = _git_blob_id(text)
        return found

    def _text_makes_the_version(self, subject: SubjectFiles, text: str,
                                newest: BlobVersion) -> bool:
        """Whether ``text``, as the ``newest`` version of ``subject`` left it, is that version
        by its text alone, and every version equal to it is linted as it is: a JSON Schema
        that reads no other file (so its key is its document's, whatever the commit), under
        the registry's default of key order kept (so an equal key is an equal document, the
        same values in the same order), that was ``subject``'s."""
        if subject.schema_type is not SchemaType.JSON:
            return False
        from schemalint.yamlsource import is_yaml_path

        return (not self.config.registry.normalize and "$ref" not in text
                and not is_yaml_path(subject.path)
                and subject.subject not in self._folded
                and self._same_subject_test(subject)(newest.path or subject.path, text))

    def _newest_as_it_is(self, subject: SubjectFiles, text: str, newest: BlobVersion,
                         against: AgainstSpec) -> PreviousVersion | None:
        """The ``newest`` version, whose blob is the file's, as ``_first_equal`` would find
        it, where ``_text_makes_the_version``: no version is read. A version before it with
        the same key may be the one the registry numbers, but it is the same document, so
        nothing said of the subject changes. Not numbered, as ``_first_equal``'s is not."""
        version = HistoryText(text, newest.path or subject.path, newest.commit)
        parsed = self._parse_version(subject, version, keep=False)
        if not isinstance(parsed, Schema):
            return None
        return PreviousVersion(parsed, Against(ref=against.ref, path=version.path,
                                               commit=version.commit))

    def _first_equal(self, subject: SubjectFiles, versions: Iterable[HistoryText],
                     current: Schema, against: AgainstSpec) -> PreviousVersion | None:
        """The first version whose key is ``current``'s, as ``_each_distinct`` would find it,
        the versions before it read only as far as their keys (``published_version_key``; a
        text equal to the current one has its key): a version with that key parses, as the
        current schema did. It is not numbered, as the versions before it are not all known
        to parse. None where none is found."""
        key = current.version_key()
        for version in self._same_subject_versions(subject, versions):
            found = key if version.text == current.text else published_version_key(
                self.config, version.text, subject.schema_type, subject.path)
            parsed: Schema | InvalidSchemaError | None = None
            if found is None:
                parsed = self._parse_version(subject, version, keep=False)
                if not isinstance(parsed, Schema):
                    continue
                found = parsed.version_key()
            if found != key:
                continue
            if parsed is None:
                parsed = self._parse_version(subject, version, keep=False)
            if not isinstance(parsed, Schema) or parsed.version_key() != key:
                return None  # not what its key said: the full reading decides
            return PreviousVersion(parsed, Against(
                ref=against.ref, path=version.path or subject.path, commit=version.commit,
                version=version.number))
        return None

    def _distinct(self, subject: SubjectFiles, versions: Iterable[HistoryText],
                  against: AgainstSpec) -> list[PreviousVersion]:
        """Collapse texts into registry versions: equal identities are one version, numbered
        and dated by its first appearance, as the registry numbers what it registers."""
        return list(self._each_distinct(subject, versions, against))

    def _each_distinct(self, subject: SubjectFiles, versions: Iterable[HistoryText],
                       against: AgainstSpec, keep_parsed: bool = True
                       ) -> Iterator[PreviousVersion]:
        """``_distinct``'s versions one by one; unless ``keep_parsed``, none stays parsed."""
        identities: set[str] = set()
        for version in self._same_subject_versions(subject, versions):
            parsed = self._parse_version(subject, version, keep=keep_parsed)
            if not isinstance(parsed, Schema):
                continue
            # Equal keys are equal identities with equal references (``Schema.same_version``).
            identity = parsed.version_key()
            if identity in identities:
                continue
            identities.add(identity)
            yield PreviousVersion(parsed, Against(
                ref=against.ref, path=version.path or subject.path, commit=version.commit,
                version=version.number if version.number is not None else len(identities),
            ))

    def _same_subject_versions(self, subject: SubjectFiles, versions: Iterable[HistoryText]
                               ) -> Iterator[HistoryText]:
        """The versions that were ``subject``'s (``_same_subject_test``), read one at a time:
        a Protobuf version with the files it imported then."""
        same_subject = self._same_subject_test(subject)
        own = (version for version in versions
               if version.path is None or same_subject(version.path, version.text))
        if subject.schema_type is SchemaType.PROTOBUF:
            yield from self._with_imports_of_their_time(list(own))
        else:
            yield from own

    def _parse_version(self, subject: SubjectFiles, version: HistoryText, keep: bool
                       ) -> Schema | InvalidSchemaError:
        """One version of ``subject`` parsed as the registry holds it."""
        parsed = self._parse(subject.schema_type, version.text, subject.path, version.files,
                             keep=keep, published=True)
        if version.commit and subject.schema_type is SchemaType.AVRO and (
                isinstance(parsed, InvalidSchemaError) or parsed.references):
            # Named types of other files (since changed, renamed or deleted): the version
            # reads as it did, with the files of its commit (the registry's references then).
            parsed = self._parse_avro_at(version.text, subject.path, version.commit)
        if version.commit and subject.schema_type is SchemaType.JSON and \
                _reads_other_files(version.text, parsed):
            # Its $refs read the files of its commit, as the registry holds it with the
            # references of its time (today's may be renamed, deleted or changed).
            parsed = self._parse_json_at(version.text, subject.path, version.commit)
        return parsed

    def _with_imports_of_their_time(self, versions: Sequence[HistoryText]
                                    ) -> list[HistoryText]:
        """Protobuf versions from git with the files they import as of their commits.

        The registry holds each version with the references of its time; today's files may
        lack what an old version used (a message since deleted), and compiling it against
        them would lose the version or change it."""
        from schemalint.formats.protobuf.names import is_known_import, package_and_imports

        include = self.config.protobuf_include or (*self.config.roots, ".")
        result = []
        for version in versions:
            if not version.commit or version.files is not None:
                result.append(version)
                continue
            imports: dict[str, str] = {}
            pending = [(version.path or "", version.text)]
            while pending:
                importer, text = pending.pop()
                folder = importer.rpartition("/")[0]
                for name in package_and_imports(text)[1]:
                    if name in imports or is_known_import(name):
                        continue
                    # Where protoc looks, in its order; a file the commit lacks is left to
                    # what the disk has, if anything.
                    found = next(((path, imported) for base in (*include, folder)
                                  if (imported := self._files_at_commits().text(
                                      version.commit, path := _joined(base, name)))
                                  is not None), None)
                    if found is not None:
                        imports[name] = found[1]
                        pending.append(found)
            result.append(version._replace(files=imports) if imports else version)
        return result

    def _same_subject_test(self, subject: SubjectFiles) -> Callable[[str, str], bool]:
        """Whether a version of the file (at a path, with a text) maps to ``subject``.

        A file's content can name its subject (the record strategies; a named Avro type):
        a version written under another record name, or at a path (followed through a
        rename) that maps elsewhere, was another subject's, never this one's.
        """
        roots = list(self.config.roots)
        current = classify(subject.path, roots, self.texts.get(subject.path))
        decides = self._names_by_content or subject.role is None
        if not decides or current is None or subject_of(
                current, self.config, self.texts.get(subject.path)) != subject.subject:
            # Named some other way (a path given outside the roots): its file is its history.
            return lambda path, text: True

        def same(path: str, text: str) -> bool:
            found = classify(path, roots, text)
            return found is not None and subject_of(found, self.config, text) == subject.subject

        return same

    # ---- one subject ----------------------------------------------------------------------

    def _check_subject(self, subject: SubjectFiles, git_history: Sequence[PreviousVersion],
                       against: AgainstSpec, reads: Sequence[bool | None] | None = None
                       ) -> None:
        findings = self.outcome.findings
        current_text = self._current_text(subject.path)
        current = (current_text if isinstance(current_text, InvalidSchemaError)
                   else self._parse(subject.schema_type, current_text, subject.path))
        if isinstance(current, InvalidSchemaError):
            findings.append(_with_subject(current.finding, subject.subject))
            self._keep(SubjectState(
                subject, self.config.level_for(subject.subject, subject.topic),
                self.config.policy_for(subject.subject, subject.topic), None, []))
            return
        findings.extend(_with_subject(f, subject.subject) for f in current.findings)
        edited: list[tuple[PreviousVersion, Schema]] = []
        history = (self._versioned_history(subject, against, edited)
                   if subject.is_versioned and against.registry is None else git_history)
        level = self.config.level_for(subject.subject, subject.topic)
        policy = self.config.policy_for(subject.subject, subject.topic)
        state = SubjectState(subject, level, policy, current, list(history), list(history),
                             edited)
        self._keep(state)
        existing = state.existing
        if existing is not None:
            # Registering a schema equal to any live version of the subject returns that
            # version's id and checks nothing (an unchanged file, an edit identity ignores, a
            # revert): it is no new version. Sync replays the log up to that version.
            state.history = list(history[:next(
                index for index, previous in enumerate(history) if previous is existing)])
            findings.extend(self._sanction(subject, current,
                                           self._judge_contracts(subject, current,
                                                                 state.history, policy, [])))
            if self.request.replay:
                findings.extend(self._replay(subject, current, state.history, level,
                                             changed=False)[1])
            self._lint(subject, current, history, level, previous=existing.schema, reads=reads)
            return
        try:
            result = check_level(current, history, level, subject=subject.subject,
                                 policy=policy)
        except InvalidSchemaError as error:  # one the check cannot evaluate (a slow pattern)
            findings.append(_with_subject(error.finding, subject.subject))
        else:
            breaks = result.findings
            unreadable: list[Finding] = []
            if self.request.replay:
                # What replay finds is a break as well: [[allow-breaking]] sanctions it alike.
                replayed, unreadable = self._replay(subject, current, history, level)
                breaks = [*breaks, *replayed]
            # A published versioned file edited in place: its published text is the version
            # its consumers read.
            breaks = self._judge_contracts(subject, current, history or [
                published for published, _ in edited], policy, breaks,
                replay=self.request.replay)
            findings.extend(self._sanction(subject, current, breaks))
            findings.extend(unreadable)
        self._lint(subject, current, history, level, reads=reads)

    def _replay(self, subject: SubjectFiles, current: Schema,
                history: Sequence[PreviousVersion], level: Level, *, changed: bool = True
                ) -> tuple[list[Finding], list[Finding]]:
        """Replay findings: the events the versions write (and those recorded), read by the
        others; and the recorded events their own version cannot read."""
        from schemalint.replay import replays

        if not replays(current.schema_type):
            return [], []
        self.outcome.replayed[subject.subject] = (
            Replayed.UNCHANGED if not changed else
            Replayed.REPLAYED if history else Replayed.NO_EARLIER)
        topic = self.config.topic_settings(subject.topic)
        return self._replayer.replay(subject.subject, current, history, level,
                                     every_version=topic is not None and topic.replays,
                                     changed=changed)

    def _contract_book(self) -> Any:
        """The project's consumer contracts; None where it declares no consumer, so that a
        run without any loads nothing of them, and for runs without lint (diff, replay): a
        contract is judged where a change is reviewed."""
        if self._consumers is None and (self.request.lint or self.request.replay) and (
                self.config.consumers or (self.root / self.config.contracts_folder).is_dir()):
            from schemalint.pipeline.consumers import ConsumerBook

            self._consumers = ConsumerBook(self.config, self._parse)
        return self._consumers

    def _judge_contracts(self, subject: SubjectFiles, current: Schema,
                         history: Sequence[PreviousVersion], policy: str,
                         breaks: list[Finding], *, replay: bool = False) -> list[Finding]:
        """``breaks``, then what each consumer of the subject's contract says of ``current``
        (CON001, CON002; with ``replay``, its events read with each reader schema too); a
        FORWARD break no declared consumer reads says so."""
        book = self._contract_book()
        if book is None:
            return breaks
        judged: list[Finding] = []
        if self.request.lint:
            judged, breaks = book.judge(subject.subject, current, history, policy, breaks)
        if replay:
            judged.extend(book.replay(subject.subject, current, history, policy, judged,
                                      self._replayer.through(current)))
        self.outcome.findings.extend(judged)
        return breaks

    def _check_changed_contracts(self, subjects: Mapping[str, SubjectFiles],
                                 selected: Sequence[SubjectFiles], against: AgainstSpec) -> None:
        """Contracts whose file changed, of subjects not checked otherwise: judged against
        the current schema; and contracts naming no subject (CON002)."""
        book = self._contract_book()
        if book is None:
            return
        if self.request.all or against.commit is None or self.request.paths:
            def changed(path: str) -> bool:
                return not self.request.paths
        else:
            base = "HEAD" if against.ref == "HEAD" else against.commit
            written = book.contract_paths()
            paths = {change.path for change in self.git.changes(
                base, written, against.to_ref, follow_renames=False)} if written else set()

            def changed(path: str) -> bool:
                return path in paths
        if self.request.lint:  # replay alone judges no contract on the schemas
            self.outcome.findings.extend(book.stale_subjects(subjects, changed))
        checked = {entry.subject for entry in selected}
        for name, _ in sorted(book.changed_contracts(changed).items()):
            if name in checked or name not in subjects:
                continue
            entry = subjects[name]
            text = self._current_text(entry.path)
            current = (text if isinstance(text, InvalidSchemaError)
                       else self._parse(entry.schema_type, text, entry.path))
            if isinstance(current, Schema):
                self._judge_contracts(entry, current, (), self.config.policy_for(
                    entry.subject, entry.topic), [], replay=self.request.replay)
            self._parsed.clear()

    def _keep(self, state: SubjectState) -> None:
        if self.request.keep is not None:
            self.outcome.kept[state.files.subject] = self.request.keep(state)
        elif self.request.keep_subjects:
            self.outcome.subjects[state.files.subject] = state
            self.outcome.schemas[state.files.subject] = state.current

    # ---- lint ------------------------------------------------------------------------------

    def _lint_settings(self) -> Any:
        if self._settings is None:
            # The command line's --select replaces the configured selection; its --ignore
            # adds to the configured one.
            settings = self.config.lint_settings()
            select = tuple(code.strip().upper() for code in self.request.select)
            self._settings = settings._replace(
                select=select or settings.select,
                ignore=(*settings.ignore, *(code.strip().upper() for code in self.request.ignore)),
                project_subjects=self._project_subjects)
        return self._settings

    def _lint(self, subject: SubjectFiles, current: Schema, history: Sequence[PreviousVersion],
              level: Level, previous: Schema | None = None,
              reads: Sequence[bool | None] | None = None) -> None:
        """Lint ``current``; rules that compare look at ``previous`` (by default the latest
        version: what the registry would check a new version against). ``reads``, where
        given, says per version whether ``current`` reads it: ``history`` is then only the
        versions compared with."""
        # A file checked only for a file it references did not change: its lint findings are
        # what it already had, and a run over the changed files reports no old debt.
        if not self.request.lint or subject.subject in self._checked_because:
            return
        from schemalint.lint import LintEntry, entry_hits, entry_memo, entry_names, lint_schema

        if previous is None and history:
            previous = history[-1].schema
        settings = self._lint_settings()
        if subject.role is None:
            # A type other schemas refer to (an Address) is a part of events, not an event:
            # event metadata and flavor rules do not apply to it.
            settings = settings._replace(
                ignore=(*settings.ignore, "MET", "FLV", "TOP", "OWN", "ORD"))
        memo: dict[str, Any] = {}
        found = lint_schema(current, subject=subject.subject, topic=subject.topic,
                            settings=settings, previous=previous, level=level, memo=memo)
        self.outcome.findings.extend(_with_subject(f, subject.subject) for f in found)
        entry = LintEntry(current, subject.subject, subject.topic, previous,
                          [p.schema for p in history],
                          subject.role == "key" if subject.role else None, level,
                          reads=reads,
                          policy=self.config.policy_for(subject.subject, subject.topic))
        # The rules that need this subject's history judge it now, so the project pass keeps
        # the current schema alone.
        # The project pass reads the previous version of a key subject alone (KEY001).
        self._entries.append(entry._replace(
            history=(), reads=None, previous=previous if entry.key else None,
            judged=entry_hits(entry, self._lint_settings()),
            names=entry_names(entry, self._lint_settings()), memo=entry_memo(memo)))

    def _lint_orphans(self, subjects: Mapping[str, SubjectFiles],
                      files: Mapping[str, SchemaFile], against: AgainstSpec) -> None:
        """Schema files no subject reaches, among those this run looks at."""
        if not self.request.lint or self.request.paths:
            return
        from schemalint.lint.rules.orphans.ORP001 import orphan_findings

        wanted = [path for path in files if self.request.all or against.commit is None
                  or path in self.outcome.changed_paths]
        self.outcome.findings.extend(
            orphan_findings(wanted, subjects.values(), self._lint_settings()))

    def _lint_project(self) -> None:
        if not self.request.lint or not self._entries:
            return
        from schemalint.lint import lint_project

        self.outcome.findings.extend(lint_project(self._entries, self._lint_settings()))

    def _versioned_history(self, subject: SubjectFiles, against: AgainstSpec,
                           edited: list[tuple[PreviousVersion, Schema]]
                           ) -> list[PreviousVersion]:
        """The versioned files before the current one; each published one that changed since
        ``--against`` is a finding, and goes to ``edited``."""
        history: list[PreviousVersion] = []
        at_against: dict[str, bytes | None] = {}
        if against.commit is not None:
            reader = self._object_reader()
            at_against = {path: reader.read(f"{against.commit}:{path}")
                          for path in subject.paths}
        for ordinal, (version, path) in enumerate(subject.versioned, start=1):
            text = self._current_text(path)
            parsed = (text if isinstance(text, InvalidSchemaError)
                      else self._parse(subject.schema_type, text, path))
            if isinstance(parsed, InvalidSchemaError):
                self.outcome.findings.append(_with_subject(parsed.finding, subject.subject))
                continue
            published = at_against.get(path)
            if published is not None:
                before = self._check_not_edited(subject, version, path, parsed, published,
                                                against)
                if before is not None:
                    edited.append((PreviousVersion(before, Against(
                        ref=against.ref, version=version.number or ordinal, path=path)),
                        parsed))
            if path != subject.path:
                # The registry numbers versions as sync appends them: .vN files keep N.
                history.append(PreviousVersion(parsed, Against(
                    path=path, version=version.number or ordinal, ref=against.ref)))
        return history

    def _check_not_edited(self, subject: SubjectFiles, version: FileVersion, path: str,
                          now: Schema, published: bytes, against: AgainstSpec) -> Schema | None:
        """A VERSION_EDITED finding where ``now`` is not what was published; the published
        schema where it was one (for the diff), else None."""
        text = _decode_or_none(published, path)
        before = self._parse(subject.schema_type, text, path) if text is not None else None
        if isinstance(before, Schema) and before.same_identity(now):
            return None
        line, column = now.locate("")
        self.outcome.findings.append(Finding(
            code=VERSION_EDITED, severity=Severity.ERROR, path=path, line=line, column=column,
            subject=subject.subject, name_path=f"{subject.subject}@v{version}",
            message=(
                f"{path} is version {version} of '{subject.subject}' and differs from its "
                f"content at {against.ref}: that version is already published, and data "
                "written with it is on the log. Restore the file and put the change in a new "
                f"file, version {subject.versioned[-1][0].following()}."
            ),
        ))
        return before if isinstance(before, Schema) else None

    def _sanction(self, subject: SubjectFiles, current: Schema,
                  findings: list[Finding]) -> list[Finding]:
        return sanction(findings, subject.subject, current, self.config,
                        self.request.today or dt.date.today())

    # ---- parsing ---------------------------------------------------------------------------

    def _parse(self, schema_type: SchemaType, text: str, path: str,
               imports: Mapping[str, str] | None = None, keep: bool = True,
               published: bool = False) -> Schema | InvalidSchemaError:
        key = (schema_type, text, tuple(sorted((imports or {}).items())))
        cached = self._parsed.get(key)
        # The same text in two files is parsed once, but each file keeps its own name. A
        # published version reads more leniently: it may parse where the file did not.
        if cached is not None and (cached.path if isinstance(cached, Schema)
                                   else None if published else cached.finding.path) == path:
            return cached
        if schema_type is SchemaType.PROTOBUF and self._sparse_imports:
            imports = {**_imported(text, self._sparse_imports), **(imports or {})}
        exported = self._exported_json
        named = exported.named(path) if exported is not None else None
        try:
            result: Schema | InvalidSchemaError = parse_with_config(
                self.config, text, schema_type, path, self._avro_resolver, imports,
                self._json_ids, published=published, json_named=named,
                json_files=exported.reader(self.texts.get)
                if exported is not None and named else None)
        except InvalidSchemaError as error:
            result = error
        if keep:
            self._parsed[key] = result
        return result

    def _parse_avro_at(self, text: str, path: str, commit: str
                       ) -> Schema | InvalidSchemaError:
        """An Avro version parsed with the named types the roots defined at ``commit``."""
        document = document_of(path)
        # A part of an AsyncAPI document reads the named types its document carried then too.
        key = commit if document == path else f"{commit}:{document}"
        index = self._avro_at.get(key)
        if index is None:
            from schemalint.formats.avro.index import AvroNameIndex

            files = self._files_at_commits()
            pairs = [(found, decoded)
                     for found in self.git.list_files(commit, list(self.config.roots))
                     if found.endswith(".avsc")
                     and (decoded := files.text(commit, found)) is not None]
            if document != path:
                pairs.extend((part.path, part_text) for part, part_text in
                             _document_files_or_none(document, files.text(commit, document)
                                                     or "", partial(files.text, commit))
                             if part.schema_type is SchemaType.AVRO and part.role is None)
            index = AvroNameIndex(pairs)
            self._avro_at[key] = index
        try:
            return parse_with_config(self.config, text, SchemaType.AVRO, path, lambda: index)
        except InvalidSchemaError as error:
            return error

    def _parse_json_at(self, text: str, path: str, commit: str
                       ) -> Schema | InvalidSchemaError:
        """A JSON Schema version parsed with its ``$ref``s read from the files of ``commit``
        (a part of an AsyncAPI document: with the schemas its document carried then)."""
        files = self._files_at_commits()
        named, read = None, files.reader(commit)
        document = document_of(path)
        if document != path:
            key = f"{commit}:{document}"
            if key not in self._exported_at:
                exported, texts = None, {}
                for part, part_text in _document_files_or_none(
                        document, files.text(commit, document) or "",
                        partial(files.text, commit)):
                    exported = _exported_json(exported, self.root, part)
                    texts[part.path] = part_text
                self._exported_at[key] = exported, texts
            exported, texts = self._exported_at[key]
            if exported is not None and (named := exported.named(path)):
                read = exported.reader(texts.get, read)
        try:
            return parse_with_config(self.config, text, SchemaType.JSON, path,
                                     json_ids=files.json_ids(commit, self.config.roots),
                                     json_files=read, published=True, json_named=named)
        except InvalidSchemaError as error:
            return error

    def _files_at_commits(self) -> CommitFiles:
        """The files of past commits, for versions that read other files (one ``cat-file``
        started when first asked)."""
        if self._commit_files is None:
            from schemalint.history_files import CommitFiles

            self._commit_files = CommitFiles(self.git, self.root)
        return self._commit_files

    def _avro_resolver(self) -> SchemaResolver:
        if self._resolver is None:
            self._resolver = LazyAvroIndex(self.texts)
        return self._resolver


# Subjects from this many on are checked in two processes (``_Checker._in_two``).
_PARALLEL_FROM = 200

# What a forked process checks: the checker as it was, its share, and the lineages.
_FORKED: tuple[_Checker, Sequence[SubjectFiles], AgainstSpec,
               dict[str, list[BlobVersion]]] | None = None

# A lint entry without its schemas (which a process sends back as texts): the entry, the
# schema type, and the current and previous schemas' (text, path).
_EntryParts = tuple[Any, SchemaType, tuple[str, str], tuple[str, str] | None]
# Per subject of a share, its findings, its lint entry, and what replay did with it.
_Share = list[tuple[list[Finding], _EntryParts | None, Replayed | None, Any]]


def _halves(subjects: Sequence[SubjectFiles], work: Sequence[int]
            ) -> tuple[list[SubjectFiles], list[SubjectFiles]]:
    """``subjects`` in two shares of about equal ``work``, each in their order (the largest
    first, each to the share with less so far), the lighter first: the process that takes it
    then reads the other's lint entries again."""
    loads = [0, 0]
    share_of = [0] * len(subjects)
    for index in sorted(range(len(subjects)), key=lambda index: -work[index]):
        lighter = 0 if loads[0] <= loads[1] else 1
        share_of[index] = lighter
        loads[lighter] += work[index]
    first = 0 if loads[0] <= loads[1] else 1
    return ([subject for subject, share in zip(subjects, share_of, strict=True)
             if share == first],
            [subject for subject, share in zip(subjects, share_of, strict=True)
             if share != first])


def _check_forked_share() -> _Share:
    """In a forked process: check the share ``_FORKED`` gives."""
    assert _FORKED is not None
    checker, share, against, lineages = _FORKED
    # The git processes are the parent's: this process asks its own.
    checker._objects = None
    if checker._commit_files is not None:
        checker._commit_files.forget()
    checker.git.forget_started()
    try:
        return checker._check_share(share, against, lineages)
    finally:
        # The git processes this process started end with it.
        if checker._objects is not None:
            checker._objects.close()
        if checker._commit_files is not None:
            checker._commit_files.close()


def _entry_parts(entry: Any) -> _EntryParts:
    # Of the previous versions, the project rules read a key subject's alone (KEY001).
    previous = entry.previous if entry.key else None
    return (entry._replace(schema=None, previous=None), entry.schema.schema_type,
            (entry.schema.text, entry.schema.path),
            (previous.text, previous.path) if previous is not None else None)


# A ``history-since`` (None: all history), its subjects, and the ``git log`` that reads them.
_LogPlan = tuple[str | None, list[SubjectFiles], tuple[str, ...]]


def _git_blob_id(text: str) -> str:
    """The id git gives a file of ``text``, written in UTF-8."""
    data = text.encode("utf-8", "surrogatepass")
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def _reads_other_files(text: str, parsed: Schema | InvalidSchemaError) -> bool:
    """Whether a JSON Schema version may have read other files through ``$ref`` (or failed
    to): only those are read again with the files of their commit."""
    return "$ref" in text and (not isinstance(parsed, Schema) or bool(parsed.references))


def _avro_type_file(found: SchemaFile | None) -> bool:
    """An Avro file other schemas refer to: its subject is the full name of its type."""
    return found is not None and found.role is None and found.schema_type is SchemaType.AVRO


_IMPORT = lazy_compile(r'^\s*import\s+(?:public\s+|weak\s+)?"([^"]+)"', re.MULTILINE)


def _imported(text: str, files: Mapping[str, str]) -> dict[str, str]:
    """The ``files`` a .proto text imports, directly or through one of them."""
    found: dict[str, str] = {}
    pending = _IMPORT.findall(text)
    while pending:
        name = pending.pop()
        if name in files and name not in found:
            found[name] = files[name]
            pending.extend(_IMPORT.findall(files[name]))
    return found


def _joined(folder: str, name: str) -> str:
    """``name`` under the repository-relative ``folder`` (``.`` or "" being the top)."""
    normal = folder.strip().strip("/").removeprefix("./")
    return name if normal in ("", ".") else f"{normal}/{name}"


def _exported_json(exported: ExportedJson | None, root: Path, part: SchemaFile
                   ) -> ExportedJson:
    """``exported`` (a new one where None) with ``part``, a schema of an exported AsyncAPI
    document."""
    if exported is None:
        from schemalint.sources.asyncapi import ExportedJson

        exported = ExportedJson(root)
    exported.add(part.path, part.schema_type, part.file, part.files)
    return exported


def _document_files_or_none(path: str, text: str, read: Callable[[str], str | None]
                            ) -> list[tuple[SchemaFile, str]]:
    """The schemas of a past version of an AsyncAPI document; none where it does not read."""
    from schemalint.project import document_files

    try:
        return [(part, part_text) for part, part_text in document_files(path, text, read)[0]
                if isinstance(part_text, str)]
    except SchemalintError:
        return []


def _decode_or_none(data: bytes | None, path: str) -> str | None:
    if data is None:
        return None
    try:
        return decode_schema_bytes(data, path)
    except SchemalintError:
        return None


def _with_subject(finding: Finding, subject: str) -> Finding:
    return finding if finding.subject else _replace(finding, subject=subject)


def _replace(finding: Finding, **changes: object) -> Finding:
    return replace(finding, **changes)  # type: ignore[arg-type]

