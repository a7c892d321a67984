"""The project's schema files and the registry subjects they map to.

A file maps to a subject by a strategy, as Confluent's serializers name subjects:

- ``topic`` (default): ``<root>/<topic>/value.avsc`` → ``<topic>-value``, ``key.avsc`` →
  ``<topic>-key``. Nested folders join with dots (``schemas/acme/orders/`` → ``acme.orders``).
  A file named after its subject, ``<topic>-value.avsc`` or ``<topic>-key.avsc``, names its
  topic itself, wherever it lies.
- ``record``: the fully qualified record name (JSON Schema: its ``title``).
- ``topic-record``: ``<topic>-<record full name>``.
- explicit ``[[subjects]]`` entries with a ``file`` win over the strategy.

Versioned files (``value.v1.avsc``, ``value.v2.avsc`` side by side, and the other layouts of
``schemalint.versions``) are one subject whose history they are; the highest version is the
current one. A folder of versions (``mediawiki/revision/create/1.1.0.yaml``) is the schema
``value`` of its folder: ``mediawiki.revision.create-value`` under ``topic``; so are versions
named after their folder (``telemetry/main/main.4.schema.json`` → ``telemetry.main-value``;
where the layout is not read as versions, ``telemetry.main.4-value``, a major version).
A Protobuf file whose import path registries know themselves (a copy of
``google/protobuf/*.proto`` or ``google/type/*.proto``) is no schema of the project.
Any other Avro file is a named type other schemas refer to: it is its own subject, named by
its full name (a file whose top level is no named type, such as a union of records, by its
file name).

An AsyncAPI document holds one schema per message (``document_files``): a file, one subject,
except an AsyncAPI document, which holds one subject per message.

One subject, one file: the files of two lineages (two plain files, or versions of two stems)
that map to one subject are a conflict, kept on the subject for ``check`` to report; copies
with the same text are one schema, not a conflict.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from schemalint.config import Config
from schemalint.errors import SchemalintError
from schemalint.model import SchemaType
from schemalint.sources.files import guess_schema_type
from schemalint.versions import DEFAULT_PATTERNS, FileVersion, VersionPattern, versioned_name

if TYPE_CHECKING:
    from schemalint.sources.asyncapi import FileRead

# ``value.avsc`` in the topic's folder, or a file named after its subject: ``orders-value.avsc``
# (``<topic>-key``/``<topic>-value``, as DRIVER-EU/avro-schemas names them) is topic ``orders``.
_ROLE = re.compile(r"^(?:(?P<topic>.+)-)?(?P<role>key|value)(?:\.schema)?"
                   r"\.(?:avsc|json|proto|yaml|yml)$")


class SchemaFile(NamedTuple):
    """One schema file of the project, as the strategy sees it."""

    path: str
    schema_type: SchemaType
    topic: str | None
    role: str | None  # "key", "value", or None for a referenced named type
    version: FileVersion | None = None  # of a versioned file (name.vN.ext, 1.1.0.yaml, ...)
    stem: str = ""  # path without the version: groups versioned files
    import_path: str = ""  # the path relative to its root, as a .proto import names it
    alias: bool = False  # current.yaml / latest.yaml beside a folder of versions
    # An AsyncAPI message's name: its record name where the payload names none.
    message: str = ""
    # A schema an exported AsyncAPI document carries for others (``sources.asyncapi``): the
    # file it was exported from, which names its subject as that file would; and, for a JSON
    # Schema, each file its $refs name (as written) with the file of the schema carried for it.
    file: str = ""
    files: tuple[tuple[str, str], ...] = ()


@dataclass
class SubjectFiles:
    """The files behind one subject: one current file, or a run of versioned files."""

    subject: str
    schema_type: SchemaType
    topic: str | None
    role: str | None
    path: str
    versioned: list[tuple[FileVersion, str]] = field(default_factory=list)
    # Other names of the current version (a folder's current.yaml): read by none.
    aliases: list[str] = field(default_factory=list)
    # Files of other lineages that map to this subject with another text: which one the
    # subject holds is undecidable, so none is checked or registered.
    conflicts: list[str] = field(default_factory=list)
    # Plain files with the very text of ``path``: one schema, checked once.
    copies: list[str] = field(default_factory=list)

    @property
    def is_versioned(self) -> bool:
        return bool(self.versioned)

    @property
    def paths(self) -> list[str]:
        files = [path for _, path in self.versioned] or [self.path]
        return [*files, *(alias for alias in self.aliases if alias not in files)]

    @property
    def every_path(self) -> list[str]:
        """Every file that maps to the subject: its own, its copies and its conflicts."""
        return [*self.paths, *self.copies, *self.conflicts]


def classify(path: str, roots: Iterable[str], text: str | None = None,
             versioned: Sequence[VersionPattern] = DEFAULT_PATTERNS) -> SchemaFile | None:
    """What a repository-relative path is, or None when it is not a schema under a root.

    ``versioned``: the layouts of versioned files (``Config.versioned``)."""
    # Plain string work: this runs for every file of the repository on every hook call.
    root = next((r for r in map(_normal_root, roots) if not r or path.startswith(r + "/")), None)
    if root is None:
        return None
    schema_type = guess_schema_type(path, text)
    if schema_type is None:
        return None
    folder, _, name = path.rpartition("/")
    version, base, alias = versioned_name(name, versioned)
    relative_dir = folder[len(root) + 1:] if root else folder
    import_path = path[len(root) + 1:] if root else path
    if schema_type is SchemaType.PROTOBUF and _known_import(import_path):
        # A copy of a file the registry knows itself (google-cloudevents' third_party/
        # googleapis/google/type/*.proto): serializers never register it; imports still
        # find it under the root.
        return None
    if not base:
        # The folder is the schema, its files the versions: the folder's value (or key,
        # where the folder is named so).
        parent, _, last = relative_dir.rpartition("/")
        named_role = last in ("key", "value")
        folder_topic = (parent if named_role else relative_dir).replace("/", ".") or None
        return SchemaFile(path, schema_type, folder_topic, last if named_role else "value",
                          version, folder, import_path, alias)
    role_match = _ROLE.match(base)
    stem = f"{folder}/{base}" if folder else base
    role = role_match.group("role") if role_match else None
    named_topic = role_match.group("topic") if role_match else None
    topic = named_topic or relative_dir.replace("/", ".") or None
    folder_name = relative_dir.rpartition("/")[2]
    if role is None and relative_dir:
        named = _unsuffixed(base)
        major = named[len(folder_name) + 1:] if named.startswith(f"{folder_name}.") else ""
        if version is not None and named == folder_name:
            # Versions named after their folder (mozilla-pipeline-schemas' ``telemetry/main/
            # main.4.schema.json``) are the folder's schema, as a folder of semver versions is.
            role = "value"
        elif version is None and major.isdigit():
            # Where such files are not versions (a layout that evolves each in place), each
            # is a major version of its own: ``telemetry.main.4-value``.
            role, topic = "value", f"{topic}.{major}"
    return SchemaFile(path, schema_type, topic, role, version, stem, import_path)


_SCHEMA_SUFFIXES = (".schema.json", ".json", ".avsc", ".proto", ".yaml", ".yml")


def _unsuffixed(name: str) -> str:
    return next((name[: -len(suffix)] for suffix in _SCHEMA_SUFFIXES if name.endswith(suffix)),
                name)


def _normal_root(root: str) -> str:
    normal = root.strip().strip("/")
    return "" if normal in ("", ".") else normal.removeprefix("./")


def record_name(schema_type: SchemaType, text: str | None) -> str | None:
    """The full name of the top-level record (Avro) or the ``title`` (JSON Schema)."""
    if text is None:
        return None
    if schema_type is SchemaType.PROTOBUF:
        from schemalint.formats.protobuf import first_message_name

        return first_message_name(text)
    try:
        if schema_type is SchemaType.AVRO:
            from schemalint.sourcemap import without_comments

            text = without_comments(text)
        document = json.loads(text)
    except ValueError:
        return None
    if schema_type is SchemaType.AVRO:
        return _avro_full_name(document)
    if schema_type is SchemaType.JSON and isinstance(document, dict):
        title = document.get("title")
        return title if isinstance(title, str) else None
    return None


def _avro_full_name(document: object) -> str | None:
    if not isinstance(document, dict):
        return None
    name = document.get("name")
    if not isinstance(name, str) or document.get("type") not in ("record", "enum", "fixed",
                                                                  "error"):
        return None
    namespace = document.get("namespace")
    if "." in name or not isinstance(namespace, str) or not namespace:
        return name
    return f"{namespace}.{name}"


def map_subjects(files: Iterable[SchemaFile], config: Config,
                 texts: Mapping[str, str | None]) -> dict[str, SubjectFiles]:
    """Group schema files into subjects by the configured strategy.

    The versions of one stem are one subject's history. A second lineage mapping to a taken
    subject is recorded on it (``copies`` or ``conflicts``), never merged into its history.
    """
    explicit = {entry.file: entry.subject for entry in config.subjects if entry.file}
    grouped: dict[str, SubjectFiles] = {}
    stems: dict[str, str] = {}  # subject -> the stem of its own lineage
    # Per subject, the files of each lineage other than the subject's own, by stem.
    others: dict[str, dict[str, list[SchemaFile]]] = {}
    # A folder's current.yaml comes before its versions, which take the subject over.
    for schema_file in sorted(files, key=_version_order):
        if config.protobuf_include and schema_file.schema_type is SchemaType.PROTOBUF:
            schema_file = _with_include(schema_file, config.protobuf_include)
        subject = explicit.get(schema_file.path) or explicit.get(schema_file.stem)
        if subject is None:
            subject = _strategy_subject(schema_file, config.strategy, texts)
        if subject is None:
            continue
        entry = grouped.get(subject)
        if entry is None:
            entry = SubjectFiles(subject, schema_file.schema_type, schema_file.topic,
                                 schema_file.role, schema_file.path)
            grouped[subject] = entry
            stems[subject] = schema_file.stem
        elif stems[subject] != schema_file.stem:
            others.setdefault(subject, {}).setdefault(schema_file.stem, []).append(schema_file)
            continue
        if schema_file.version is not None:
            entry.versioned.append((schema_file.version, schema_file.path))
            entry.versioned.sort()
            entry.path = entry.versioned[-1][1]
        elif schema_file.alias:
            entry.aliases.append(schema_file.path)
        else:
            entry.path = schema_file.path
    for subject, lineages in others.items():
        entry = grouped[subject]
        for lineage in lineages.values():
            paths = [f.path for f in lineage]
            if _same_plain_text(entry, lineage, texts):
                entry.copies.extend(paths)
            else:
                entry.conflicts.extend(paths)
    return grouped


def _same_plain_text(entry: SubjectFiles, lineage: list[SchemaFile],
                     texts: Mapping[str, str | None]) -> bool:
    if entry.is_versioned or len(lineage) != 1 or lineage[0].version is not None:
        return False
    mine, theirs = texts.get(entry.path), texts.get(lineage[0].path)
    return mine is not None and mine == theirs


def _version_order(schema_file: SchemaFile) -> tuple[str, bool, tuple[int, ...], str]:
    version = schema_file.version
    return (schema_file.stem, version is not None, version.key if version else (),
            schema_file.path)


def _with_include(schema_file: SchemaFile, include: tuple[str, ...]) -> SchemaFile:
    """The file with its import path taken from ``[protobuf] include``."""
    from schemalint.formats.protobuf.names import import_path

    found = import_path(schema_file.path, include)
    return schema_file._replace(import_path=found) if found is not None else schema_file


def _strategy_subject(schema_file: SchemaFile, strategy: str,
                      texts: Mapping[str, str | None]) -> str | None:
    # Texts are read only where the strategy needs a name from inside the file.
    if schema_file.role is None:
        # A schema other schemas refer to is its own subject, as Confluent's serializers
        # register references: an Avro named type by its full name, a JSON Schema file by
        # its file name. An Avro file no name can refer to (a top-level union of records, as
        # Confluent registers several event types in one subject) or one that does not parse
        # is named by its file name too (the versions of one stem by the stem's): it is
        # still a schema to check, never dropped.
        if schema_file.schema_type is SchemaType.AVRO:
            return (record_name(schema_file.schema_type, texts.get(schema_file.path))
                    or _file_name_subject(schema_file.file or schema_file.stem))
        if schema_file.schema_type is SchemaType.JSON:
            from schemalint.formats.jsonschema.parse import reference_subject

            return reference_subject(schema_file.file or schema_file.stem)
        if schema_file.schema_type is SchemaType.PROTOBUF:
            # Its import path: what importers name it by, and Confluent's reference subject
            # (none for a file the registry knows itself, as [protobuf] include names it).
            return None if _known_import(schema_file.import_path) else \
                schema_file.import_path
        return None
    if strategy == "topic":
        return f"{schema_file.topic}-{schema_file.role}" if schema_file.topic else None
    name = (record_name(schema_file.schema_type, texts.get(schema_file.path))
            or schema_file.message or None)
    if name is None:
        return None
    if strategy == "record":
        return name
    return f"{schema_file.topic}-{name}" if schema_file.topic else None


def document_files(path: str, text: str, read: FileRead | None = None
                   ) -> tuple[list[tuple[SchemaFile, str | SchemalintError]], frozenset[str]]:
    """The schemas of the AsyncAPI document at ``path``, each with its text (or why it
    cannot be read): one per message payload and Kafka key, the topic its channel's
    (``sources.asyncapi``); and the other files its ``$ref``s read (through ``read``)."""
    from schemalint.sources.asyncapi import document_reading

    payloads, read_files = document_reading(path, text, read)
    return [(SchemaFile(payload.path, payload.schema_type, payload.topic, payload.role,
                        stem=payload.path, import_path=payload.import_path,
                        message=payload.message, file=payload.file, files=payload.files),
             payload.problem or payload.text)
            for payload in payloads], read_files


def _known_import(import_path: str) -> bool:
    from schemalint.formats.protobuf.names import is_known_import

    return is_known_import(import_path)


def _file_name_subject(path: str) -> str:
    name = path.rpartition("/")[2]
    return name[:-len(".avsc")] if name.lower().endswith(".avsc") else name


def subject_of(schema_file: SchemaFile, config: Config, text: str | None) -> str | None:
    """The subject one file maps to by itself, its content being ``text``: its
    ``[[subjects]]`` entry, else the strategy (what ``map_subjects`` decides per file)."""
    explicit = {entry.file: entry.subject for entry in config.subjects if entry.file}
    if config.protobuf_include and schema_file.schema_type is SchemaType.PROTOBUF:
        schema_file = _with_include(schema_file, config.protobuf_include)
    return (explicit.get(schema_file.path) or explicit.get(schema_file.stem)
            or _strategy_subject(schema_file, config.strategy, {schema_file.path: text}))
