"""``schemalint sync``: bring a registry up to date with the repository's schema log."""

from __future__ import annotations

import datetime as dt
import fnmatch
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from schemalint.api import parse_schema
from schemalint.config import Config
from schemalint.deepstack import call_with_deep_stack
from schemalint.errors import INPUT_ERROR_CODES, InvalidSchemaError
from schemalint.model import ExitCode, Schema, SchemaType, Severity
from schemalint.pipeline.check import (
    CheckOutcome,
    CheckRequest,
    SubjectState,
    run_check,
)
from schemalint.project import classify, map_subjects
from schemalint.registry.client import RegistryClient
from schemalint.registry.target import Connection
from schemalint.sanction import identity_hash
from schemalint.sources.git import Git
from schemalint.sync import (
    Action,
    Applier,
    LogVersion,
    ReferenceVersions,
    Step,
    SubjectLog,
    SubjectPlan,
    dependency_waves,
    observe,
    plan_subject,
    run_waves,
)
from schemalint.workspace import parse_with_config


class Progress(Protocol):
    def start(self, total: int, label: str) -> None: ...

    def advance(self) -> None: ...

    def retrying(self, reason: str) -> None: ...


@dataclass(frozen=True)
class SyncRequest:
    connection: Connection
    dry_run: bool = False
    check: bool = False
    subjects: Sequence[str] = ()  # globs; empty: every managed subject
    prune: bool = False
    concurrency: int = 8
    against: str | None = None
    allow_weaker_levels: bool = False  # lower a registry's level (see sync.plan_subject)


@dataclass
class SyncOutcome:
    plans: list[SubjectPlan] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)  # the plan, or after apply what happened
    applied: bool = False
    writes: int = 0
    requests: int = 0

    @property
    def differs(self) -> bool:
        return any(step.action.changes for step in self.steps)

    def exit_code(self, check: bool) -> ExitCode:
        if any(plan.log.unusable is not None for plan in self.plans):
            # An input that cannot be read or parsed, as for every command; the other
            # subjects were still planned (and synced) without it.
            return ExitCode.INVALID_INPUT
        if check and self.differs:
            return ExitCode.FINDINGS
        conflict = (Action.REFUSED, Action.DRIFT, Action.WEAKER_LEVEL)
        return ExitCode.FINDINGS if any(s.action in conflict for s in self.steps) \
            else ExitCode.OK


def run_sync(config: Config, request: SyncRequest, progress: Progress | None = None,
             client: RegistryClient | None = None) -> SyncOutcome:
    # Reading the schemas runs on a deep stack, as ``check`` does on the command line (a
    # schema may nest thousands of levels); the registry's answers are read on ordinary ones.
    outcome = call_with_deep_stack(
        lambda: run_check(config, CheckRequest(all=True, against=request.against)))
    logs = build_logs(config, outcome, request.connection.subject_prefix, request.subjects)
    own = client is None
    client = client or RegistryClient(
        request.connection, max_connections=max(1, request.concurrency),
        on_retry=progress.retrying if progress is not None else None)
    try:
        return _Sync(config, request, client, logs, progress).run()
    finally:
        if own:
            client.close()


class _Sync:
    def __init__(self, config: Config, request: SyncRequest, client: RegistryClient,
                 logs: dict[str, SubjectLog], progress: Progress | None) -> None:
        self.config = config
        self.request = request
        self.client = client
        self.logs = logs
        self.progress = progress
        self.refs = ReferenceVersions(client)
        self.waves = dependency_waves(logs)
        self._lock = threading.Lock()

    def run(self) -> SyncOutcome:
        writes_before = self.client.counters.writes
        plans: dict[str, SubjectPlan] = {}

        def plan_one(name: str) -> None:
            log = self.logs[name]
            observed = observe(self.client, log, self.refs)
            if observed.latest is not None:
                self.refs.set(name, observed.latest)
            plan = plan_subject(log, observed, self.request.allow_weaker_levels)
            # Read by the subjects referring to this one, planned in later waves.
            self.refs.learn(plan)
            with self._lock:
                plans[name] = plan
            self._tick()

        self._start(len(self.logs), "reading the registry")
        run_waves(self.waves, plan_one, self.request.concurrency)
        ordered = [plans[name] for wave in self.waves for name in wave]
        prune = self._prune_steps() if self.request.prune else []
        outcome = SyncOutcome(plans=ordered, steps=prune + [s for p in ordered for s in p.steps])
        if self.request.dry_run or self.request.check:
            outcome.requests = self.client.counters.requests
            return outcome
        outcome.steps = self._apply(plans, prune)
        outcome.applied = True
        outcome.writes = self.client.counters.writes - writes_before
        outcome.requests = self.client.counters.requests
        return outcome

    def _apply(self, plans: Mapping[str, SubjectPlan], prune: list[Step]) -> list[Step]:
        done: list[Step] = []
        for step in prune:
            versions = self.client.delete_subject(step.subject)
            done.append(Step(step.subject, Action.PRUNE,
                             f"soft-deleted versions {', '.join(map(str, versions))}"))
        applier = Applier(self.client, self.refs, self.request.allow_weaker_levels)
        results: dict[str, list[Step]] = {}

        def apply_one(name: str) -> None:
            plan = plans[name]
            if any(s.action in (Action.CREATE, Action.SET_LEVEL) for s in plan.steps):
                steps = applier.apply(plan)
            else:
                steps = list(plan.steps)
            with self._lock:
                results[name] = steps
            self._tick()

        self._start(len(plans), "syncing")
        run_waves(self.waves, apply_one, self.request.concurrency)
        return done + [s for wave in self.waves for name in wave for s in results[name]]

    def _prune_steps(self) -> list[Step]:
        prefix = self.request.connection.subject_prefix
        once = historic_subjects(self.config) - set(self.logs)
        registered = set(self.client.subjects(prefix))
        chosen = sorted(s for s in once & registered
                        if s.startswith(prefix) and _selected(s, self.request.subjects))
        return [Step(s, Action.PRUNE, "no file defines it any more: soft-delete every version")
                for s in chosen]

    def _start(self, total: int, label: str) -> None:
        if self.progress is not None:
            self.progress.start(total, label)

    def _tick(self) -> None:
        if self.progress is not None:
            with self._lock:
                self.progress.advance()


# ---- the log of each subject, from what check saw -------------------------------------------

def build_logs(config: Config, outcome: CheckOutcome, prefix: str,
               globs: Sequence[str]) -> dict[str, SubjectLog]:
    """Per managed subject (within ``prefix``, matching ``globs``, plus what they reference)."""
    states = {name: state for name, state in outcome.subjects.items()
              if name.startswith(prefix)}
    by_path = {path: name for name, state in states.items() for path in state.files.paths}
    errors: dict[str, list[str]] = {}
    invalid: dict[str, str] = {}
    for finding in outcome.findings:
        if finding.subject and finding.severity is Severity.ERROR:
            errors.setdefault(finding.subject, []).append(f"{finding.code}: {finding.message}")
        if finding.code in INPUT_ERROR_CODES and finding.path:
            invalid.setdefault(finding.path, str(InvalidSchemaError(finding)))
            # A message of an AsyncAPI document: the document holds other subjects too.
            invalid.setdefault(f"subject:{finding.subject}", str(InvalidSchemaError(finding)))
    logs: dict[str, SubjectLog] = {}
    extra: dict[str, SubjectLog] = {}
    for name, state in states.items():
        logs[name] = _subject_log(config, name, state, errors.get(name, []), by_path, extra,
                                  invalid.get(state.files.path) or invalid.get(f"subject:{name}"))
    logs.update({k: v for k, v in extra.items() if k not in logs})
    wanted = {name for name in logs if _selected(name, globs)}
    queue = list(wanted)
    while queue:
        for version in logs[queue.pop()].versions:
            for _, referenced in version.references:
                if referenced in logs and referenced not in wanted:
                    wanted.add(referenced)
                    queue.append(referenced)
    return {name: logs[name] for name in sorted(wanted)}


def _selected(name: str, globs: Sequence[str]) -> bool:
    return not globs or any(fnmatch.fnmatchcase(name, glob) for glob in globs)


def _subject_log(config: Config, name: str, state: SubjectState, errors: list[str],
                 by_path: Mapping[str, str], extra: dict[str, SubjectLog],
                 invalid: str | None = None) -> SubjectLog:
    files = state.files
    if state.current is None:
        return SubjectLog(name, files.schema_type, state.level, state.policy, files.path, (),
                          unusable=f"cannot be used, so nothing is registered: "
                          f"{invalid or files.path}")
    schemas = [p.schema for p in state.history] + [state.current]
    blocked = None
    if errors:
        blocked = f"has error findings and is never registered: {errors[0]}" + (
            f" (and {len(errors) - 1} more)" if len(errors) > 1 else "")
    # An expired entry sanctions nothing: the version it named is refused as any break is.
    today = dt.date.today()
    sanctions = {entry.schema: entry.reason for entry in config.allow_breaking
                 if entry.subject == name and (entry.expires is None or today <= entry.expires)}
    versions = tuple(
        LogVersion(schema, _references(config, schema, files.path, by_path, extra),
                   blocked if index == len(schemas) - 1 else None,
                   sanctions.get(identity_hash(schema)) if sanctions else None)
        for index, schema in enumerate(schemas))
    reverted: tuple[LogVersion, ...] = ()
    earlier = next((index for index, previous in enumerate(state.full_history)
                    if previous.schema.same_version(state.current)), None)
    if earlier is not None:
        after = state.full_history[earlier + 1:]
        reverted = tuple(LogVersion(p.schema, _references(config, p.schema, files.path,
                                                          by_path, extra)) for p in after)
    return SubjectLog(name, files.schema_type, state.level, state.policy, files.path, versions,
                      reverted)


def _references(config: Config, schema: Schema, path: str, by_path: Mapping[str, str],
                extra: dict[str, SubjectLog]) -> tuple[tuple[str, str], ...]:
    found: dict[str, str] = {}
    for ref in schema.references:
        subject = by_path.get(ref.path or "") or ref.subject
        if ref.path and ref.path not in by_path and schema.schema_type is SchemaType.JSON:
            _json_reference_log(config, ref.subject, ref.path, path, extra)
        if ref.path and ref.path not in by_path and schema.schema_type is SchemaType.PROTOBUF:
            _proto_reference_log(config, ref.subject, ref.path, by_path, extra)
        found.setdefault(ref.name, subject)
    return tuple(found.items())


def _proto_reference_log(config: Config, subject: str, ref_path: str,
                         by_path: Mapping[str, str], extra: dict[str, SubjectLog]) -> None:
    """A .proto file imported from outside the schema roots: its own subject, named by its
    import path, with one version (its imports get theirs in turn)."""
    if subject in extra:
        return
    level = config.level_for(subject, None)
    policy = config.policy_for(subject, None)
    try:
        text = (config.root / ref_path).read_text(encoding="utf-8")
        schema = parse_with_config(config, text, SchemaType.PROTOBUF, ref_path)
    except (OSError, UnicodeDecodeError, InvalidSchemaError) as error:
        extra[subject] = SubjectLog(subject, SchemaType.PROTOBUF, level, policy, ref_path, (),
                                    unusable=f"{ref_path} cannot be read: {error}")
        return
    # Claimed before its own imports are followed, so an import cycle ends here.
    extra[subject] = SubjectLog(subject, SchemaType.PROTOBUF, level, policy, ref_path, ())
    version = LogVersion(schema, _references(config, schema, ref_path, by_path, extra))
    extra[subject] = SubjectLog(subject, SchemaType.PROTOBUF, level, policy, ref_path,
                                (version,))


def _json_reference_log(config: Config, subject: str, ref_path: str, referrer: str,
                        extra: dict[str, SubjectLog]) -> None:
    """A JSON Schema file another one ``$ref``s: its own subject with one version."""
    if subject in extra:
        return
    candidates = [config.root / ref_path, config.root / Path(referrer).parent / ref_path]
    for candidate in candidates:
        if candidate.is_file():
            text = candidate.read_text(encoding="utf-8")
            level = config.level_for(subject, None)
            policy = config.policy_for(subject, None)
            try:
                schema = parse_schema(text, SchemaType.JSON, path=ref_path)
            except InvalidSchemaError as error:
                extra[subject] = SubjectLog(subject, SchemaType.JSON, level, policy, ref_path,
                                            (), unusable=str(error))
                return
            extra[subject] = SubjectLog(subject, SchemaType.JSON, level, policy, ref_path,
                                        (LogVersion(schema),))
            return


def historic_subjects(config: Config) -> set[str]:
    """Subjects a file removed from the repository once defined (git history only)."""
    git = Git(config.root)
    if not git.is_repository() or git.resolve("HEAD") is None:
        return set()
    roots = list(config.roots)
    output = git.run("log", "--no-renames", "--diff-filter=D", "--format=%x01%H",
                     "--name-only", "-z", "HEAD", "--", *roots)
    removed: dict[str, str] = {}
    commit = ""
    for token in output.decode("utf-8", "surrogateescape").split("\0"):
        for part in token.split("\n"):
            if part.startswith("\x01"):
                commit = part[1:]
            elif part and part not in removed:
                removed[part] = commit
    texts: dict[str, str | None] = {}
    for path, deleting in removed.items():
        data = git.read_paths(f"{deleting}^", [path]).get(path)
        texts[path] = data.decode("utf-8", "replace") if data is not None else None
    files = [f for f in (classify(p, roots, t, config.versioned) for p, t in texts.items())
             if f]
    return set(map_subjects(files, config, texts))
