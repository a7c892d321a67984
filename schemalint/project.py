"""The project's schema files and the registry subjects they map to.

A file maps to a subject by a strategy, as Confluent's serializers name subjects:

- ``topic`` (default): ``<root>/<topic>/value.avsc`` → ``<topic>-value``, ``key.avsc`` →
  ``<topic>-key``. Nested folders join with dots (``schemas/acme/orders/`` → ``acme.orders``).
- ``record``: the fully qualified record name (JSON Schema: its ``title``).
- ``topic-record``: ``<topic>-<record full name>``.
- explicit ``[[subjects]]`` entries with a ``file`` win over the strategy.

Versioned files (``value.v1.avsc``, ``value.v2.avsc`` side by side) are one subject whose
history they are; the highest version is the current one. Any other Avro file is a named
type other schemas refer to: it is its own subject, named by its full name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from schemalint.config import Config
from schemalint.model import SchemaType
from schemalint.sources.files import guess_schema_type

_VERSIONED = re.compile(r"^(?P<stem>.+)\.v(?P<version>[0-9]+)(?P<suffix>\.schema\.json|\.avsc|"
                        r"\.json|\.proto)$")
_ROLE = re.compile(r"^(?P<role>key|value)(?:\.schema)?\.(?:avsc|json|proto)$")


class SchemaFile(NamedTuple):
    """One schema file of the project, as the strategy sees it."""

    path: str
    schema_type: SchemaType
    topic: str | None
    role: str | None  # "key", "value", or None for a referenced named type
    version: int | None = None  # N of a versioned file name.vN.ext
    stem: str = ""  # path without the .vN suffix and extension: groups versioned files
    import_path: str = ""  # the path relative to its root, as a .proto import names it


@dataclass
class SubjectFiles:
    """The files behind one subject: one current file, or a run of versioned files."""

    subject: str
    schema_type: SchemaType
    topic: str | None
    role: str | None
    path: str
    versioned: list[tuple[int, str]] = field(default_factory=list)

    @property
    def is_versioned(self) -> bool:
        return bool(self.versioned)

    @property
    def paths(self) -> list[str]:
        return [path for _, path in self.versioned] or [self.path]


def classify(path: str, roots: Iterable[str], text: str | None = None) -> SchemaFile | None:
    """What a repository-relative path is, or None when it is not a schema under a root."""
    # Plain string work: this runs for every file of the repository on every hook call.
    root = next((r for r in map(_normal_root, roots) if not r or path.startswith(r + "/")), None)
    if root is None:
        return None
    schema_type = guess_schema_type(path, text)
    if schema_type is None:
        return None
    folder, _, name = path.rpartition("/")
    version = None
    base = name
    versioned = _VERSIONED.match(name)
    if versioned:
        version = int(versioned.group("version"))
        base = versioned.group("stem") + versioned.group("suffix")
    relative_dir = folder[len(root) + 1:] if root else folder
    topic = relative_dir.replace("/", ".") or None
    role_match = _ROLE.match(base)
    role = role_match.group("role") if role_match else None
    stem = f"{folder}/{base}" if folder else base
    import_path = path[len(root) + 1:] if root else path
    return SchemaFile(path, schema_type, topic, role, version, stem, import_path)


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
    """Group schema files into subjects by the configured strategy."""
    explicit = {entry.file: entry.subject for entry in config.subjects if entry.file}
    grouped: dict[str, SubjectFiles] = {}
    for schema_file in sorted(files, key=lambda f: (f.stem, f.version or 0)):
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
        if schema_file.version is not None:
            entry.versioned.append((schema_file.version, schema_file.path))
            entry.versioned.sort()
            entry.path = entry.versioned[-1][1]
        else:
            entry.path = schema_file.path
    return grouped


def _strategy_subject(schema_file: SchemaFile, strategy: str,
                      texts: Mapping[str, str | None]) -> str | None:
    # Texts are read only where the strategy needs a name from inside the file.
    if schema_file.role is None:
        # A schema other schemas refer to is its own subject, as Confluent's serializers
        # register references: an Avro named type by its full name, a JSON Schema file by
        # its file name.
        if schema_file.schema_type is SchemaType.AVRO:
            return record_name(schema_file.schema_type, texts.get(schema_file.path))
        if schema_file.schema_type is SchemaType.JSON:
            from schemalint.formats.jsonschema.parse import reference_subject

            return reference_subject(schema_file.path)
        if schema_file.schema_type is SchemaType.PROTOBUF:
            # Its import path: what importers name it by, and Confluent's reference subject.
            return schema_file.import_path
        return None
    if strategy == "topic":
        return f"{schema_file.topic}-{schema_file.role}" if schema_file.topic else None
    name = record_name(schema_file.schema_type, texts.get(schema_file.path))
    if name is None:
        return None
    if strategy == "record":
        return name
    return f"{schema_file.topic}-{name}" if schema_file.topic else None


def subject_of(schema_file: SchemaFile, config: Config, text: str | None) -> str | None:
    """The subject one file maps to by itself, its content being ``text``: its
    ``[[subjects]]`` entry, else the strategy (what ``map_subjects`` decides per file)."""
    explicit = {entry.file: entry.subject for entry in config.subjects if entry.file}
    return (explicit.get(schema_file.path) or explicit.get(schema_file.stem)
            or _strategy_subject(schema_file, config.strategy, {schema_file.path: text}))
