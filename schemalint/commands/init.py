"""``schemalint init``: a commented configuration for the repository it finds.

It reads what git would commit (``git ls-files --cached --others --exclude-standard``; every
file outside a repository), leaves out schema files in test and fixture folders, and chooses:

- roots: for Avro and JSON Schema, the highest folders that hold schemas and no test schema;
  for Protobuf, the folder imports are written from (``-I``), so that a file's path under its
  root is its import path, the subject Confluent's serializers register it under.
- the strategy, from how files are named (``key``/``value`` files mean topic naming).
- a ``[[subjects]]`` entry for each file that would share a subject with another file.

What it writes is decided by pure functions of the listed files and their texts.
"""

from __future__ import annotations

import json
import os
import textwrap
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from schemalint.config import Config
from schemalint.formats.protobuf.names import is_known_import
from schemalint.model import SchemaType
from schemalint.project import SchemaFile, classify, map_subjects, record_name
from schemalint.sources.files import guess_schema_type, is_asyncapi_document
from schemalint.versions import (
    DEFAULT_PATTERNS,
    DEFAULT_VERSIONED,
    VersionPattern,
    compile_patterns,
    versioned_name,
)

SCHEMA_SUFFIXES = (".avsc", ".json", ".proto", ".yaml", ".yml")
# Avro IDL and protocol files: schemas, in forms schemalint does not read (yet).
UNREAD_AVRO_SUFFIXES = (".avdl", ".avpr")
# Folders whose schemas exist to test code, not to be registered.
TEST_FOLDERS = frozenset({"test", "tests", "testing", "testdata", "test-data", "test_data",
                          "__tests__", "fixture", "fixtures", "__fixtures__", "testfixtures"})
# Outside a git repository: folders never worth reading.
SKIP = {".git", ".venv", "venv", "node_modules", "build", "dist", "target", "__pycache__"}


@dataclass
class Layout:
    """What ``init`` found: schema roots, formats, how files are named, and what it left out."""

    roots: list[str] = field(default_factory=list)
    formats: Counter[str] = field(default_factory=Counter)
    role_files: int = 0
    other_files: int = 0
    versioned_files: int = 0
    test_files: int = 0  # schema files in test and fixture folders, left out
    # (file, subject): files that would share a subject with another file under the strategy.
    subjects: list[tuple[str, str]] = field(default_factory=list)
    strategy: str = "topic"
    # The versioned layouts to read, where not the defaults (some evolve in place).
    versioned: tuple[str, ...] | None = None
    # Avro IDL and protocol files outside test folders, which no root reads.
    unread: list[str] = field(default_factory=list)
    asyncapi_documents: int = 0  # each a subject per message (``sources.asyncapi``)


def naming_strategy(role_files: int, other_files: int) -> str:
    # key.avsc/value.avsc files mean topic naming; files named after records mean record.
    return "topic" if role_files >= other_files or not other_files else "record"


def detect(root: Path) -> Layout:
    """The layout of the repository at ``root``: its files listed and read, then ``plan``."""
    texts: dict[str, str | None] = {}
    unread: list[str] = []
    for relative in repository_files(root):
        if relative.lower().endswith(SCHEMA_SUFFIXES):
            texts[relative] = _read(root / relative)
        elif relative.lower().endswith(UNREAD_AVRO_SUFFIXES) and not is_test_path(relative):
            unread.append(relative)
    layout = plan(texts, edited_in_place(root, texts))
    layout.unread = unread
    if unread and not layout.formats:
        # Nothing readable: roots name the IDL's folders, so that ``check`` says what it
        # found there and why it reads none of it, not that a folder is missing.
        layout.roots = ordered_roots(highest_clean_folder(path, ()) for path in unread)
    return layout


_UNREAD_KINDS = {"avdl": "Avro IDL", "avpr": "Avro protocol"}


def unread_note(layout: Layout) -> str | None:
    """What ``init`` says of the Avro IDL and protocol files it found and cannot read."""
    if not layout.unread:
        return None
    kinds = Counter(path.rpartition(".")[2].lower() for path in layout.unread)
    found = " and ".join(f"{count} .{suffix} ({_UNREAD_KINDS[suffix]})"
                         for suffix, count in sorted(kinds.items()))
    return (f"{found} files found, which schemalint does not read: generate .avsc files from "
            f"them (avro-tools idl2schemata, or the avro-maven-plugin's idl-protocol goal), "
            f"commit them and add their folder to roots.")


# Edits after which a versioned-looking file is evolving in place (see ``edited_in_place``).
EVOLVING_EDITS = 3


def edited_in_place(root: Path, paths: Iterable[str]) -> frozenset[str]:
    """The versioned-looking files (``main.4.schema.json``) git history shows edited again
    and again after they were added: a layout that evolves each such file in place, a major
    version each. One or two edits are upkeep of published versions, not evolution: one
    commit that rewrites every version file (Wikimedia's bae8d93 rematerialised them all
    to add numeric bounds) or a fix; mozilla-pipeline-schemas' files are edited a median of
    9 times each."""
    from schemalint.sources.git import Git

    series: dict[str, tuple[str, str]] = {}
    for path in paths:
        folder, _, name = path.rpartition("/")
        versioned = versioned_name(name, DEFAULT_PATTERNS)
        if versioned.version is not None:
            series[path] = (folder, versioned.base)
    git = Git(root)
    if not series or not git.is_repository() or git.head() is None:
        return frozenset()
    output = git.run("log", "--diff-filter=M", "--format=%x00", "--name-only", "--", *series,
                     check=False)
    commits = [[path for path in chunk.split() if path in series]
               for chunk in output.decode("utf-8", "replace").split("\0")]
    edits = Counter(path for paths_edited in commits for path in paths_edited)
    # A file that is the only version of its name (getsentry/sentry-kafka-schemas' 35
    # `<topic>.v1.schema.json`, none with a v2 beside it) has nowhere else a change could go:
    # one edit of its own is evolution in place. A commit that rewrites most version files
    # at once (Wikimedia's bae8d93) is upkeep, and counts for none of them here.
    own_edits = Counter(path for paths_edited in commits
                        if 2 * len(paths_edited) <= len(series) or len(paths_edited) == 1
                        for path in paths_edited)
    versions = Counter(series.values())
    return frozenset(path for path, count in edits.items() if count >= EVOLVING_EDITS or (
        versions[series[path]] == 1 and own_edits[path] >= 1))


def plan(texts: Mapping[str, str | None], edited: frozenset[str] = frozenset()) -> Layout:
    """The layout for these files (repository-relative path → text, None when unreadable);
    ``edited``: versioned-looking files that history shows edited in place."""
    layout = Layout()
    kinds = {path: kind for path, text in texts.items()
             if (kind := guess_schema_type(path, text)) is not None}
    tests = test_fixtures(kinds)
    kept = {path: kind for path, kind in kinds.items() if path not in tests}
    layout.test_files = len(tests)
    layout.versioned = versions_evolved_in_place(kept, edited)
    patterns = compile_patterns(layout.versioned) if layout.versioned is not None \
        else DEFAULT_PATTERNS
    proto = {path: texts[path] or "" for path, kind in kept.items()
             if kind is SchemaType.PROTOBUF}
    proto_roots = {path: root for path, root in protobuf_roots(proto).items()
                   if not is_known_import(path if root == "." else path[len(root) + 1:])}
    documents = {path: text or "" for path, text in texts.items()
                 if path not in kinds and not is_test_path(path)
                 and is_asyncapi_document(path, text)}
    other_roots = {highest_clean_folder(path, tests) for path in (*kept, *documents)
                   if path not in proto}
    if "schemas" in other_roots:
        other_roots = {"schemas"}
    layout.roots = ordered_roots({*other_roots, *proto_roots.values()})
    for path, kind in sorted(kept.items()):
        classified = classify(path, layout.roots, texts.get(path), patterns)
        if classified is None:
            continue
        layout.formats[kind.value] += 1
        if classified.role:
            layout.role_files += 1
        else:
            layout.other_files += 1
        if classified.version is not None:
            layout.versioned_files += 1
    shared_topic = _count_documents(layout, documents, texts.get)
    layout.strategy = naming_strategy(layout.role_files, layout.other_files)
    if shared_topic:
        # A channel carrying several messages: Confluent's TopicNameStrategy holds one of
        # them; topic-record names each apart.
        layout.strategy = "topic-record"
    layout.subjects = separate_shared_subjects(kept, texts, layout.roots, layout.strategy,
                                               patterns)
    if layout.subjects and layout.strategy == "record":
        # One record defined differently in several folders: Confluent's topic-record
        # strategy is the one that names them apart (by topic, here their folder).
        layout.strategy = "topic-record"
    return layout


def _count_documents(layout: Layout, documents: Mapping[str, str],
                     root_read: Callable[[str], str | None]) -> bool:
    """Count the AsyncAPI documents' schemas into ``layout``; whether a channel of one
    carries several messages."""
    from schemalint.errors import SchemalintError
    from schemalint.project import document_files

    shared = False
    for path, text in sorted(documents.items()):
        try:
            parts = [part for part, _ in document_files(path, text, root_read)[0]]
        except SchemalintError:
            parts = []  # ``check`` says what is wrong with it, with its line
        layout.asyncapi_documents += 1
        layout.formats.update(part.schema_type.value for part in parts)
        # The schemas an exported document carries for others (no role) are named the same
        # under every strategy: they decide none.
        roles = [(part.topic, part.role) for part in parts if part.role is not None]
        layout.role_files += len(roles)
        shared = shared or len(set(roles)) < len(roles)
    return shared


def versions_evolved_in_place(files: Iterable[str], edited: frozenset[str]
                              ) -> tuple[str, ...] | None:
    """The versioned layouts to read, where history shows a default layout's files edited
    in place (most of them): those are major versions evolving in git, not published
    versions that must not change; None to keep the defaults."""
    dropped = []
    for pattern in DEFAULT_VERSIONED:
        compiled = compile_patterns([pattern])
        matching = [path for path in files
                    if versioned_name(path.rpartition("/")[2], compiled).version is not None]
        if matching and 2 * sum(path in edited for path in matching) > len(matching):
            dropped.append(pattern)
    if not dropped:
        return None
    return tuple(pattern for pattern in DEFAULT_VERSIONED if pattern not in dropped)


def repository_files(root: Path) -> list[str]:
    """What git would commit (tracked, and new files not ignored); every file elsewhere."""
    from schemalint.sources.git import Git

    git = Git(root)
    if git.is_repository():
        # Files outside a sparse checkout are not on disk to be read: init plans from the rest.
        tracked, untracked, _ = git.work_tree_files(["."])
        return sorted({*tracked, *untracked})
    found: list[str] = []
    for folder, folders, files in os.walk(root):
        folders[:] = [name for name in folders if name not in SKIP and not name.startswith(".")]
        found.extend(Path(folder, name).relative_to(root).as_posix() for name in files)
    return sorted(found)


def is_test_path(path: str) -> bool:
    return any(part.lower() in TEST_FOLDERS for part in path.split("/")[:-1])


def test_fixtures(paths: Iterable[str]) -> set[str]:
    """The schema files in test and fixture folders, but for a test folder that is one schema
    folder among several (Wikimedia's ``jsonschema/test`` beside ``jsonschema/mediawiki``
    and seven more): its schemas are the test streams' own, registered like the others.
    A test folder beside one schema folder (Maven's ``src/test`` beside ``src/main``,
    Apache Avro's ``share/test`` beside ``share/schemas``) holds fixtures."""
    paths = list(paths)
    tests = {path for path in paths if is_test_path(path)}
    folders_by_parent: dict[str, set[str]] = {}
    for path in paths:
        parts = path.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            folders_by_parent.setdefault("/".join(parts[:depth - 1]), set()).add(
                parts[depth - 1])
    kept_as_schemas = set()
    for path in tests:
        parts = path.split("/")[:-1]
        first = next(index for index, part in enumerate(parts) if part.lower() in TEST_FOLDERS)
        if any(part.lower() in TEST_FOLDERS for part in parts[first + 1:]):
            continue
        siblings = folders_by_parent.get("/".join(parts[:first]), set()) - {parts[first]}
        schema_siblings = {name for name in siblings if name.lower() not in TEST_FOLDERS}
        if len(schema_siblings) >= 2 and "main" not in schema_siblings:
            kept_as_schemas.add(path)
    return tests - kept_as_schemas


def highest_clean_folder(path: str, tests: Iterable[str]) -> str:
    """The highest folder above ``path`` that holds no test schema (``.`` at the top)."""
    parts = path.split("/")[:-1]
    for depth in range(1, len(parts) + 1):
        folder = "/".join(parts[:depth])
        if not any(test.startswith(folder + "/") for test in tests):
            return folder
    return "/".join(parts) or "."


def protobuf_roots(texts: Mapping[str, str]) -> dict[str, str]:
    """Each .proto file's import root: the folder its path is imported from.

    Evidence, strongest first: an import that names the file (resolved as protoc does,
    from the importing file's folder or a folder above it); the file's own imports (the
    folder they resolve from); a ``package`` that matches the folders (``acme.orders.v1``
    in ``acme/orders/v1/``); the file's own folder (where sibling imports resolve)."""
    from schemalint.formats.protobuf.names import package_and_imports

    roots: dict[str, str] = {}
    packages: dict[str, str] = {}
    for path, text in sorted(texts.items()):
        package, imports = package_and_imports(text)
        packages[path] = package
        for imported in imports:
            base = _import_base(path, imported, texts)
            if base is not None:
                target = imported if base == "." else f"{base}/{imported}"
                roots.setdefault(target, base)
                roots.setdefault(path, base)
    for path, package in packages.items():
        if path in roots:
            continue
        folder = path.rpartition("/")[0]
        package_folder = package.replace(".", "/")
        if package and (folder == package_folder or folder.endswith("/" + package_folder)):
            roots[path] = folder[: -len(package_folder)].rstrip("/") or "."
        else:
            roots[path] = folder or "."
    return roots


def _import_base(importer: str, imported: str, files: Mapping[str, str]) -> str | None:
    parts = importer.split("/")[:-1]
    for depth in range(len(parts), -1, -1):
        base = "/".join(parts[:depth])
        if (f"{base}/{imported}" if base else imported) in files:
            return base or "."
    return None


def ordered_roots(roots: Iterable[str]) -> list[str]:
    """Deepest first, ``.`` last: a file belongs to the first root above it."""
    return sorted(set(roots) or {"schemas"},
                  key=lambda root: (root == ".", -root.count("/"), root))


def separate_shared_subjects(kinds: Mapping[str, SchemaType], texts: Mapping[str, str | None],
                             roots: list[str], strategy: str,
                             patterns: Sequence[VersionPattern] = DEFAULT_PATTERNS
                             ) -> list[tuple[str, str]]:
    """A subject of its own for each file that would share one with another file.

    Named as Confluent's topic-record strategy names them, ``<topic>-<subject>`` with the
    file's folder as topic; files of one folder by what else tells them apart (the file
    name), which no strategy derives: the user has to choose there."""
    config = Config(root=Path(), roots=tuple(roots), strategy=strategy,
                    versioned=tuple(patterns))
    by_subject: dict[str, list[SchemaFile]] = {}
    for path in sorted(kinds):
        classified = classify(path, roots, texts.get(path), patterns)
        # A folder's versions and its current.yaml are one subject's files, not sharers.
        if classified is None or classified.version is not None or classified.alias:
            continue
        for subject in map_subjects([classified], config, texts):
            by_subject.setdefault(subject, []).append(classified)
    # Entries are named as topic-record names them: the record part is the record's full
    # name (a .proto file's first message, not the import path it shares with the other).
    entries: list[tuple[str, str]] = []
    for subject, files in sorted(by_subject.items()):
        if len(files) < 2:
            continue
        by_topic: dict[str | None, list[SchemaFile]] = {}
        for file in files:
            by_topic.setdefault(file.topic, []).append(file)
        for topic, together in by_topic.items():
            if len(together) == 1 and topic:
                record = _record(together[0], texts) or subject
                entries.append((together[0].path, f"{topic}-{record}"))
                continue
            apart = telling_apart([file.path for file in together])
            for file, distinct in zip(together, apart, strict=True):
                record = _record(file, texts) or subject
                entries.append((file.path, f"{topic}.{distinct}-{record}" if topic
                                else f"{distinct}-{record}"))
    return sorted(entries)


def _record(file: SchemaFile, texts: Mapping[str, str | None]) -> str | None:
    return record_name(file.schema_type, texts.get(file.path))


def telling_apart(paths: list[str]) -> list[str]:
    """For each path, the parts (folders and file name, no extension) the others lack."""
    split = [path.rsplit(".", 1)[0].split("/") for path in paths]
    prefix = 0
    while all(len(parts) > prefix + 1 for parts in split) and len(
            {parts[prefix] for parts in split}) == 1:
        prefix += 1
    suffix = 0
    while all(len(parts) > prefix + suffix + 1 for parts in split) and len(
            {parts[-1 - suffix] for parts in split}) == 1:
        suffix += 1
    return [".".join(parts[prefix:len(parts) - suffix]) for parts in split]


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def render_config(layout: Layout) -> str:
    formats = ", ".join(f"{count} {name}" for name, count in layout.formats.most_common())
    left_out = (f"; {layout.test_files} in test or fixture folders left out"
                if layout.test_files else "")
    roots = ", ".join(f'"{root}"' for root in layout.roots)
    found = formats or ("no schema files it reads" if layout.unread else "no schema files yet")
    if layout.asyncapi_documents:
        found += f" (the messages of {layout.asyncapi_documents} AsyncAPI documents)"
    note = unread_note(layout)
    unread = "".join(f"\n# {line}" for line in textwrap.wrap(note, 90)) if note else ""
    return f"""\
# schemalint configuration: https://github.com/schemalint/schemalint
# Found: {found}; {layout.versioned_files} versioned files{left_out}.{unread}
version = 1

# Folders that hold schemas. A .proto file's path under its root is its import path, and
# the subject it is registered under.
roots = [{roots}]

# How a file maps to a registry subject, as Confluent's serializers name subjects:
#   topic         schemas/<topic>/value.avsc -> <topic>-value (key.avsc -> <topic>-key)
#   record        the record's full name
#   topic-record  <topic>-<record full name>
strategy = "{layout.strategy}"
{_render_versioned(layout.versioned)}
# Confluent Schema Registry's default level. Topics whose consumers replay from the start
# need every old version readable: consider BACKWARD_TRANSITIVE or FULL_TRANSITIVE.
compatibility = "BACKWARD"

# JSON Schema: Confluent's STRICT policy (adding an optional property to an open object is
# incompatible) or LENIENT.
json-policy = "strict"

# Findings at or above this severity fail the run: error, warning or info.
fail-on = "error"

[lint]
# Empty: the default rules. ["ALL"]: the strict preset. `schemalint rules` lists them.
select = []
ignore = []

# Per-topic settings; the first matching entry wins.
# [[topics]]
# match = "payments.*"
# kind = "event"                  # event | command | cdc
# owner = "team-payments"        # who approves changes (OWN001)
# compatibility = "FULL_TRANSITIVE"
{_render_subjects(layout.subjects)}
# A consumer and what it reads, checked by `check` (CON001 when a change breaks it). Its reader
# schemas go in consumers/<name>/<subject>.avsc|.schema.json|.proto (or are named where its
# code keeps them, reader-schemas); without one, list the fields it reads: names through
# records, [] into an array's items or a map's values.
# [[consumers]]
# name = "billing"
# owner = "@acme/billing"         # a team, or a GitHub handle or team
# subjects = ["orders-value"]
# reads = ["order_id", "customer.email", "items[].sku"]
# pending = false                 # true: breaking it warns until a version has satisfied it
# reader-schemas = {{ "payments-value" = "services/billing/avro/Payment.avsc" }}
#
# The folder of consumers' reader schemas, if not consumers/:
# [contracts]
# folder = "contracts/consumers"

# A reviewed, one-off breaking change (the breaking finding prints the schema identity).
# [[allow-breaking]]
# subject = "orders-value"
# schema = "sha256:..."
# reason = "remove PII field, approved in ADR-31"
# expires = "2027-01-31"

# [registry]
# url-env = "SCHEMA_REGISTRY_URL"
# auth-env = "SCHEMA_REGISTRY_USER_INFO"
"""


def _render_versioned(patterns: tuple[str, ...] | None) -> str:
    if patterns is None:
        return ""
    listed = "".join(f"    {json.dumps(pattern)},\n" for pattern in patterns)
    return ("\n# Files named like versions (main.4.schema.json) that history shows edited in "
            "place\n# are major versions evolving in git, one subject each "
            "(telemetry.main.4-value):\n# only these layouts are read as versions.\n"
            f"versioned = [\n{listed}]\n")


def _render_subjects(entries: list[tuple[str, str]]) -> str:
    if not entries:
        return ""
    lines = ["", "# These files would share one subject: each has its own here, named as the",
             "# topic-record strategy names it (the topic is the folder). Where files of one",
             "# folder share a record, no strategy tells them apart: keep one, or name each",
             "# as your registry does."]
    for path, subject in entries:
        lines += ["[[subjects]]", f"subject = {_toml_string(subject)}",
                  f"file = {_toml_string(path)}"]
    return "\n".join(lines) + "\n"


def _toml_string(value: str) -> str:
    import json

    return json.dumps(value)  # a JSON string is a TOML basic string for the text we write


def next_steps(layout: Layout) -> str:
    """What to do after ``init``: check the schemas found, or, where none were found, write
    the first one where the configuration looks (a check before that has nothing to check
    and says so with exit 2)."""
    if layout.formats:
        return NEXT_STEPS
    root = layout.roots[0] if layout.roots else "schemas"
    first = (f"  1. put a first schema in {root}/ ({root}/<topic>/value.avsc, "
             ".schema.json or .proto),\n     then: schemalint check --all\n")
    return NEXT_STEPS.replace(NEXT_STEPS.splitlines(keepends=True)[1], first)


NEXT_STEPS = """\
Next steps:
  1. schemalint check --all          check every subject against its git history
  2. add the pre-commit hook (.pre-commit-config.yaml):
       - repo: https://github.com/schemalint/schemalint
         rev: v0.1.0
         hooks:
           - id: schemalint
  3. add the GitHub Action to a workflow (with actions/checkout fetch-depth: 0):
       - uses: schemalint/schemalint@v0.1.0
"""


@dataclass(frozen=True)
class ExistingConfig:
    path: Path

    def rules(self) -> str:
        """Which configuration rules, in words."""
        from schemalint.config import PYPROJECT

        table = "its [tool.schemalint] table" if self.path.name == PYPROJECT else "this file"
        return f"schemalint is configured already: {table} rules here"


def existing_config(start: Path) -> ExistingConfig | None:
    """The configuration that rules at ``start`` (as every command finds it), if any."""
    from schemalint.config import find_config

    found = find_config(start.resolve())
    return ExistingConfig(found) if found is not None else None
