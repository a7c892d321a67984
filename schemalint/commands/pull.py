"""``schemalint pull``: write a registry's subjects into the project, to adopt a registry.

Each subject goes to the file the project already maps it to, else to the file the ``topic``
layout gives it (``<topic>-value`` → ``<root>/<topic>/value.avsc``, ``.schema.json`` or
``.proto`` by its type; a referenced named type → ``<root>/<full name>.avsc``; an imported
.proto file → ``<root>/<import path>``, where the importing files find it). ``--versions all``
writes every live version as versioned files (``value.v1.avsc`` …) so the repository's history
is the registry's; ``latest`` only the newest. Imported .proto files are the exception: only
their latest version is written, since an ``import`` names one path.

The levels come too, into the configuration: a global level other than the project's as
``compatibility``, a subject's own as its ``[[subjects]]`` entry, so that ``sync`` right after
finds the registry as the repository describes it. A level the configuration states and that is
stricter than the registry's is kept (``sync`` then raises the registry to it): a round trip
never weakens a contract.
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from schemalint.config import Config
from schemalint.config_edit import SubjectLevel, record_levels
from schemalint.errors import UsageError
from schemalint.model import Level
from schemalint.project import SubjectFiles, classify, map_subjects
from schemalint.registry.client import RegisteredSchema, RegistryClient
from schemalint.registry.target import Connection
from schemalint.sources.files import read_schema_text
from schemalint.sync import registry_level
from schemalint.versions import DEFAULT_PATTERNS, versioned_name

_EXTENSIONS = {"AVRO": ".avsc", "JSON": ".schema.json", "PROTOBUF": ".proto"}


@dataclass(frozen=True)
class PullRequest:
    connection: Connection
    subjects: Sequence[str] = ()
    versions: str = "all"  # all | latest


@dataclass
class PullOutcome:
    written: list[str] = field(default_factory=list)  # repository-relative paths
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "subject: why"
    recorded: list[str] = field(default_factory=list)  # levels written into the config
    kept: list[str] = field(default_factory=list)  # stricter levels the config keeps
    config: str | None = None  # the configuration file written, repository-relative


def run_pull(config: Config, request: PullRequest,
             client: RegistryClient | None = None) -> PullOutcome:
    if request.versions not in ("all", "latest"):
        raise UsageError(f"--versions: expected all or latest, got {request.versions!r}")
    own = client is None
    client = client or RegistryClient(request.connection)
    try:
        return _pull(config, request, client)
    finally:
        if own:
            client.close()


def _pull(config: Config, request: PullRequest, client: RegistryClient) -> PullOutcome:
    prefix = request.connection.subject_prefix
    # Read first: an API that answers every path with an empty list is no registry, and its
    # answer here, not a config object, says so.
    global_level = registry_level(client, None)[0]
    names = [name for name in client.subjects(prefix)
             if not request.subjects
             or any(fnmatch.fnmatchcase(name, glob) for glob in request.subjects)]
    existing = _project_subjects(config)
    outcome = PullOutcome()
    pending = list(names)
    fetched: dict[str, list[RegisteredSchema]] = {}
    while pending:
        name = pending.pop(0)
        if name in fetched:
            continue
        numbers = client.versions(name)
        if request.versions == "latest":
            numbers = numbers[-1:]
        schemas = [s for s in (client.version(name, n) for n in numbers) if s is not None]
        fetched[name] = schemas
        # A referenced subject is pulled too: the schema does not parse without it.
        pending.extend(ref.subject for s in schemas for ref in s.references
                       if ref.subject not in fetched)
    imported = _import_names(fetched)
    placements: list[tuple[str, RegisteredSchema]] = []
    pulled: dict[str, PulledSubject] = {}
    for name, schemas in fetched.items():
        if not schemas:
            continue
        known = existing.get(name)
        if known is None and name in imported:
            placed = _imported_placement(config, imported[name], schemas, outcome)
        elif known is not None and known.is_versioned and not _numbered_v(known.path):
            outcome.skipped.append(f"{name}: its versions are files named {known.path} and "
                                   "the like; pull writes no version into that layout")
            continue
        else:
            placed = _placement(config, name, schemas, known)
        placements.extend(placed)
        classified = classify(placed[0][0], config.roots) if placed else None
        topic = known.topic if known is not None else classified.topic if classified else None
        level, policy = registry_level(client, name)
        pulled[name] = PulledSubject(topic, schemas[-1].schema_type == "JSON", level, policy)
    # Every answer is read before anything is written: a registry that fails half-way
    # leaves the project as it was.
    choice = levels_to_record(config, global_level, pulled)
    for path, schema in placements:
        _write(config, path, schema, outcome)
    written = record_levels(config.source, config.root, choice.compatibility, choice.subjects)
    if written is not None:
        outcome.config = _relative(config, written)
        outcome.recorded = list(choice.described)
    outcome.kept = list(choice.kept)
    return outcome


def _numbered_v(path: str) -> bool:
    """Whether a versioned file is named ``name.vN.ext``: the layout pull writes."""
    return versioned_name(path.rpartition("/")[2], DEFAULT_PATTERNS[:1]).version is not None


# ---- levels -------------------------------------------------------------------------------

@dataclass(frozen=True)
class PulledSubject:
    """What the level decision needs of one pulled subject."""

    topic: str | None
    is_json: bool
    level: Level | None  # the registry's, its own or inherited
    policy: str | None  # the registry's JSON Schema compatibility policy


@dataclass(frozen=True)
class LevelChoice:
    compatibility: Level | None = None  # the project level to record
    subjects: tuple[SubjectLevel, ...] = ()
    described: tuple[str, ...] = ()  # one line per recorded level
    kept: tuple[str, ...] = ()  # one line per registry level the config's stricter one beats


def levels_to_record(config: Config, global_level: Level | None,
                     pulled: Mapping[str, PulledSubject]) -> LevelChoice:
    """The levels to write so the configuration gives each subject the registry's level.
    Where the configuration states a level at least as strict as the registry's, it stays."""
    described: list[str] = []
    kept: list[str] = []
    project, project_stated = config.compatibility, "compatibility" in config.stated
    compatibility = None
    global_kept = False
    if global_level is not None and global_level is not project:
        if project_stated and project.at_least_as_strict_as(global_level):
            global_kept = True
            kept.append(f"compatibility: the registry's global level {global_level.value} is "
                        f"weaker than the configured {project.value}; kept {project.value}")
        else:
            compatibility = project = global_level
            # The registry's word now, not the user's: a subject's own level may differ.
            project_stated = False
            described.append(f'compatibility = "{global_level.value}" (the registry\'s global '
                             "level)")
    subjects: list[SubjectLevel] = []
    for name in sorted(pulled):
        subject = pulled[name]
        level, stated = _configured_level(config, name, subject.topic, project, project_stated)
        record_level = None
        if subject.level is not None and subject.level is not level:
            if stated and level.at_least_as_strict_as(subject.level):
                # The global line says it for every subject that inherits the global level.
                if not (global_kept and level is project and subject.level is global_level):
                    kept.append(f"{name}: the registry's level {subject.level.value} is "
                                f"weaker than the configured {level.value}; kept "
                                f"{level.value} (sync raises the registry to it)")
            else:
                record_level = subject.level
        record_policy = _policy_to_record(config, name, subject)
        if record_level is None and record_policy is None:
            continue
        subjects.append(SubjectLevel(name, record_level, record_policy))
        said = [f'compatibility = "{record_level.value}"'] if record_level else []
        said += [f'json-policy = "{record_policy}"'] if record_policy else []
        described.append(f"[[subjects]] {name}: {', '.join(said)}")
    return LevelChoice(compatibility, tuple(subjects), tuple(described), tuple(kept))


def _configured_level(config: Config, subject: str, topic: str | None, project: Level,
                      project_stated: bool) -> tuple[Level, bool]:
    """The level the configuration gives ``subject`` (as ``Config.level_for`` does, with
    ``project`` as the project level), and whether a key states it."""
    entry = config.subject_settings(subject)
    if entry is not None and entry.compatibility is not None:
        return entry.compatibility, True
    topic_entry = config.topic_settings(topic)
    if topic_entry is not None and topic_entry.compatibility is not None:
        return topic_entry.compatibility, True
    return project, project_stated


def _policy_to_record(config: Config, name: str, subject: PulledSubject) -> str | None:
    """The registry's JSON Schema policy when the configuration gives another and states
    none of its own (no order of strictness decides between two stated policies)."""
    policy = (subject.policy or "STRICT").upper()
    if not subject.is_json or policy not in ("STRICT", "LENIENT") or \
            policy == config.policy_for(name, subject.topic):
        return None
    entry = config.subject_settings(name)
    topic_entry = config.topic_settings(subject.topic)
    stated = (entry is not None and entry.json_policy is not None) or \
        (topic_entry is not None and topic_entry.json_policy is not None) or \
        "json-policy" in config.stated
    return None if stated else policy.lower()


def _relative(config: Config, path: Path) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)


def _import_names(fetched: dict[str, list[RegisteredSchema]]) -> dict[str, str]:
    """Protobuf subjects other schemas import, with the import path they are imported by
    (else, for a subject named like a .proto file, its own name)."""
    names: dict[str, str] = {}
    for schemas in fetched.values():
        for schema in schemas:
            if schema.schema_type != "PROTOBUF":
                continue
            for ref in schema.references:
                referenced = fetched.get(ref.subject)
                if referenced and referenced[-1].schema_type == "PROTOBUF":
                    names.setdefault(ref.subject, ref.name)
    for name, schemas in fetched.items():
        if schemas and schemas[-1].schema_type == "PROTOBUF" and name.endswith(".proto"):
            names.setdefault(name, name)
    return names


def _imported_placement(config: Config, import_name: str, schemas: list[RegisteredSchema],
                        outcome: PullOutcome) -> list[tuple[str, RegisteredSchema]]:
    """An imported .proto file goes where its import path finds it: ``<root>/<import path>``.
    Only the latest version: an import names one path, so versioned files would not resolve."""
    root = config.roots[0].strip("/") if config.roots else "schemas"
    latest = schemas[-1]
    if len(schemas) > 1:
        older = ", ".join(str(s.version) for s in schemas[:-1])
        outcome.skipped.append(f"{latest.subject}: version(s) {older} not written; an imported "
                               ".proto file keeps only its latest version at its import path")
    return [(f"{root}/{import_name}" if root else import_name, latest)]


def _project_subjects(config: Config) -> dict[str, SubjectFiles]:
    files = []
    texts: dict[str, str | None] = {}
    for root in config.roots:
        base = config.root / root
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if not path.is_file():
                continue
            relative = path.relative_to(config.root).as_posix()
            try:
                texts[relative] = read_schema_text(path, relative)
            except Exception:
                texts[relative] = None
            classified = classify(relative, config.roots, texts[relative], config.versioned)
            if classified is not None:
                files.append(classified)
    return map_subjects(files, config, texts)


def _placement(config: Config, name: str, schemas: list[RegisteredSchema],
               known: SubjectFiles | None) -> list[tuple[str, RegisteredSchema]]:
    latest = schemas[-1]
    if known is not None and not known.is_versioned:
        return [(known.path, latest)]
    if known is not None:
        stem, _, _ = known.versioned[0][1].rpartition(".v")
        extension = known.versioned[0][1][len(stem) + 2:].lstrip("0123456789")
    else:
        stem, extension = _default_stem(config, name), _EXTENSIONS.get(latest.schema_type,
                                                                      ".avsc")
        if len(schemas) == 1:
            return [(stem + extension, latest)]
    return [(f"{stem}.v{s.version}{extension}", s) for s in schemas]


def _default_stem(config: Config, name: str) -> str:
    root = config.roots[0].strip("/") if config.roots else "schemas"
    for role in ("value", "key"):
        if name.endswith(f"-{role}") and config.strategy == "topic":
            topic = name[: -len(role) - 1]
            return f"{root}/{topic.replace('.', '/')}/{role}"
    return f"{root}/{name}"


def _write(config: Config, relative: str, schema: RegisteredSchema,
           outcome: PullOutcome) -> None:
    text = _pretty(schema.schema)
    target = config.root / relative
    roots = [(config.root / root).resolve() for root in config.roots] or [config.root.resolve()]
    if not any(target.resolve().is_relative_to(root) for root in roots):
        # Subject and reference names come from the registry: none may place a file
        # outside the schema roots.
        outcome.skipped.append(f"{schema.subject}: {relative} would be outside the schema "
                               "roots")
        return
    if target.is_file() and _same(target.read_text(encoding="utf-8"), text):
        outcome.unchanged.append(relative)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(target)
    outcome.written.append(relative)


def _same(old: str, new: str) -> bool:
    """Equal up to whitespace, key order included: then the file is left as written."""
    try:
        return json.dumps(json.loads(old)) == json.dumps(json.loads(new))
    except ValueError:
        return old == new


def _pretty(text: str) -> str:
    try:
        # Whitespace never changes a schema's identity; key order is kept.
        return json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"
    except ValueError:
        return text if text.endswith("\n") else text + "\n"
