"""``schemalint pull``: write a registry's subjects into the project, to adopt a registry.

Each subject goes to the file the project already maps it to, else to the file the ``topic``
layout gives it (``<topic>-value`` → ``<root>/<topic>/value.avsc``, ``.schema.json`` or
``.proto`` by its type; a referenced named type → ``<root>/<full name>.avsc``; an imported
.proto file → ``<root>/<import path>``, where the importing files find it). ``--versions all``
writes every live version as versioned files (``value.v1.avsc`` …) so the repository's history
is the registry's; ``latest`` only the newest. Imported .proto files are the exception: only
their latest version is written, since an ``import`` names one path.
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from schemalint.config import Config
from schemalint.errors import UsageError
from schemalint.project import SubjectFiles, classify, map_subjects
from schemalint.registry.client import RegisteredSchema, RegistryClient
from schemalint.registry.target import Connection
from schemalint.sources.files import read_schema_text
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
        for path, schema in placed:
            _write(config, path, schema, outcome)
    return outcome


def _numbered_v(path: str) -> bool:
    """Whether a versioned file is named ``name.vN.ext``: the layout pull writes."""
    return versioned_name(path.rpartition("/")[2], DEFAULT_PATTERNS[:1]).version is not None


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


def render_pull(outcome: PullOutcome) -> str:
    lines = [f"wrote {path}" for path in outcome.written]
    lines += [f"skipped {why}" for why in outcome.skipped]
    lines.append(f"{len(outcome.written)} file(s) written, {len(outcome.unchanged)} unchanged")
    return "\n".join(lines) + "\n"
