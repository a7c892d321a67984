"""``schemalint compat``: a new schema file against previous files, oldest first.

References to other files resolve as the registry resolves a schema's references, from what
the command line gives: ``--ref NAME=FILE`` names one (an Avro full name, a JSON Schema
``$ref`` as written, a Protobuf import path, as Confluent's reference names do) and
``--ref-path DIR`` searches a folder (Avro named types by full name, JSON Schemas by
``$id``, Protobuf imports as protoc's ``-I``). JSON ``$ref`` by relative path and Protobuf
imports also resolve from the current directory, and never from outside it and those
folders.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from schemalint.api import parse_schema
from schemalint.compat import PreviousVersion, check_level
from schemalint.errors import UsageError
from schemalint.formats import SchemaResolver, get_engine
from schemalint.model import Against, Finding, Level, Schema, SchemaType
from schemalint.sources.files import JSON_SCHEMA_SUFFIXES, guess_schema_type, read_schema_text

_SUFFIXES = {SchemaType.AVRO: (".avsc",), SchemaType.JSON: JSON_SCHEMA_SUFFIXES,
             SchemaType.PROTOBUF: (".proto",)}


@dataclass(frozen=True)
class References:
    """The references given on the command line: ``named`` (NAME → FILE, ``--ref``) and
    the folders searched (``--ref-path``), in order."""

    named: Mapping[str, Path] = field(default_factory=dict)
    folders: tuple[Path, ...] = ()


def parse_references(refs: Sequence[str], folders: Sequence[Path]) -> References:
    """``--ref NAME=FILE`` and ``--ref-path DIR`` values, or a ``UsageError`` naming one."""
    named: dict[str, Path] = {}
    for item in refs:
        name, equals, file = item.partition("=")
        if not equals or not name or not file:
            raise UsageError(f"--ref {item!r}: expected NAME=FILE (an Avro full name, a JSON "
                             "Schema $ref or a Protobuf import path, then the file)")
        if name in named:
            raise UsageError(f"--ref {name}: given twice")
        named[name] = Path(file)
    for folder in folders:
        if not folder.is_dir():
            raise UsageError(f"--ref-path {folder}: no such folder")
    return References(named, tuple(folders))


def compare_files(new: Path, old: Sequence[Path], level: Level, schema_type: SchemaType | None,
                  policy: str = "STRICT",
                  references: References = References()) -> list[Finding]:
    """Findings of ``new`` against ``old`` at ``level``: its parse findings, then compatibility."""
    new_text = read_schema_text(new, str(new))
    kind = schema_type or _infer(str(new), new_text)
    parse = _Parser(kind, references)
    new_schema = parse(new_text, new)
    history = []
    for version, path in enumerate(old, start=1):
        text = read_schema_text(path, str(path))
        history.append(PreviousVersion(parse(text, path),
                                       Against(path=str(path), version=version)))
    result = check_level(new_schema, history, level, policy=policy)
    return [*new_schema.findings, *result.findings]


class _Parser:
    """Parses the files of one ``compat`` run, resolving references as ``References`` say."""

    def __init__(self, kind: SchemaType, references: References) -> None:
        self.kind = kind
        self.references = references
        self.texts = {name: read_schema_text(path, str(path))
                      for name, path in references.named.items()}
        self._resolver: SchemaResolver | None = None

    def __call__(self, text: str, path: Path) -> Schema:
        return parse_schema(text, self.kind, path=str(path), resolver=self.resolver())

    def resolver(self) -> SchemaResolver | None:
        if self._resolver is None:
            self._resolver = self._build()
        return self._resolver

    def _build(self) -> SchemaResolver | None:
        get_engine(self.kind)  # a format whose extra is missing says so first
        if self.kind is SchemaType.AVRO:
            return self._avro()
        if self.kind is SchemaType.JSON:
            from schemalint.formats.jsonschema import JsonRefContext
            from schemalint.workspace import JsonIdIndex

            named = self.references.named

            def files() -> list[tuple[str, str | None]]:
                return [*((str(path), self.texts[name]) for name, path in named.items()),
                        *((str(path), _read_or_none(path)) for path in self._searched())]

            return JsonRefContext(root=Path.cwd(), named=named,
                                  allowed=self.references.folders,
                                  ids=JsonIdIndex(Path.cwd(), files))
        if self.kind is SchemaType.PROTOBUF:
            from schemalint.formats.protobuf import ProtoContext

            return ProtoContext(root=Path.cwd(),
                                include=(*(str(f) for f in self.references.folders), "."),
                                files=self.texts)
        return None

    def _avro(self) -> SchemaResolver:
        from schemalint.formats.avro.index import AvroNameIndex

        given = [(str(path), self.texts[name]) for name, path in
                 self.references.named.items()]
        searched = [(str(path), text) for path in self._searched()
                    for text in (_read_or_none(path),) if text is not None]
        index = AvroNameIndex([*given, *searched])
        for name, path in self.references.named.items():
            if str(path) not in index.paths_defining(name):
                raise UsageError(f"--ref {name}={path}: {path} does not define the Avro "
                                 f"type {name}")
        return index

    def _searched(self) -> Iterator[Path]:
        suffixes = _SUFFIXES[self.kind]
        for folder in self.references.folders:
            yield from sorted(path for path in folder.rglob("*")
                              if path.name.lower().endswith(suffixes) and path.is_file())


def _read_or_none(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _infer(path: str, text: str) -> SchemaType:
    guessed = guess_schema_type(path, text)
    if guessed is not None:
        return guessed
    return SchemaType.JSON if path.lower().endswith((".json", ".yaml", ".yml")) \
        else SchemaType.AVRO
