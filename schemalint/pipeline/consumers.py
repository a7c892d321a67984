"""The project's consumer contracts, read for ``check`` and ``schemalint consumers``.

Contracts are written in two places: reader schemas by convention,
``consumers/<consumer>/<subject>.avsc|.schema.json|.json|.yaml|.proto`` (a JSON Schema in
YAML, as the project's own may be), and ``[[consumers]]``
entries naming a consumer's owner, whether its contract is pending, and, where it has no
reader schema, the subjects and fields it reads. This module reads them (the files at the
edge) and hands ``schemalint.contracts`` what to judge.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from schemalint.compat import PreviousVersion
from schemalint.config import Config
from schemalint.contracts.judge import (
    Contract,
    ReplayedRead,
    incompatibility_key,
    judge,
    missing_reader,
    read_keys,
    replayed,
    stale_subject,
    subjectless,
)
from schemalint.errors import InvalidSchemaError, SchemalintError
from schemalint.model import Against, Direction, Finding, Schema, SchemaType
from schemalint.sources.files import read_schema_text

if TYPE_CHECKING:
    from schemalint.replay.subject import ReaderBreak

CONSUMERS_FOLDER = "consumers"
# The longest suffix first: a .schema.json is a JSON Schema named without it.
READER_SUFFIXES: tuple[tuple[str, SchemaType], ...] = (
    (".schema.json", SchemaType.JSON), (".avsc", SchemaType.AVRO),
    (".json", SchemaType.JSON), (".yaml", SchemaType.JSON), (".yml", SchemaType.JSON),
    (".proto", SchemaType.PROTOBUF))

Parse = Callable[[SchemaType, str, str], "Schema | InvalidSchemaError"]


def declares_consumers(config: Config) -> bool:
    """Whether the project declares any consumer: the test ``check`` makes before loading
    anything of the contracts."""
    return bool(config.consumers) or (config.root / config.contracts_folder).is_dir()


class ReaderFile(NamedTuple):
    consumer: str
    subject: str
    path: str  # repository-relative
    schema_type: SchemaType


def reader_files(root: Path, contracts_folder: str = CONSUMERS_FOLDER) -> list[ReaderFile]:
    """The reader schemas under ``consumers/`` (or the folder ``[contracts] folder`` names):
    one folder per consumer, one file per subject it reads, named after the subject; a
    subject named like a path (a Protobuf import path, ``acme/orders.proto``) is a path
    under the consumer's folder (``consumers/billing/acme/orders.proto.proto``)."""
    contracts_folder = contracts_folder.strip("/")
    folder = root / contracts_folder
    found: list[ReaderFile] = []
    if not folder.is_dir():
        return found
    for consumer in sorted(folder.iterdir()):
        if not consumer.is_dir() or consumer.name.startswith("."):
            continue
        for file in sorted(consumer.rglob("*")):
            relative = file.relative_to(consumer).as_posix()
            named = reader_subject(relative)
            if named is not None and file.is_file() and not relative.startswith("."):
                found.append(ReaderFile(consumer.name, named[0],
                                        f"{contracts_folder}/{consumer.name}/{relative}",
                                        named[1]))
    return found


def reader_subject(file_name: str) -> tuple[str, SchemaType] | None:
    """The subject a reader schema's file name names, and its format."""
    for suffix, schema_type in READER_SUFFIXES:
        if file_name.endswith(suffix) and len(file_name) > len(suffix):
            return file_name[: -len(suffix)], schema_type
    return None


def reader_type(path: str) -> SchemaType | None:
    """A reader schema's format, by its file's suffix."""
    named = reader_subject(path.rpartition("/")[2])
    return named[1] if named is not None else None


def named_reader_files(config: Config) -> list[ReaderFile]:
    """The reader schemas ``[[consumers]]`` entries name by subject (``reader-schemas``),
    wherever the consumer's code keeps them."""
    return [ReaderFile(entry.name, subject, path, schema_type)
            for entry in config.consumers for subject, path in entry.reader_schemas.items()
            if (schema_type := reader_type(path)) is not None]


def contract_specs(config: Config, readers: Sequence[ReaderFile] | None = None
                   ) -> dict[str, list[Contract]]:
    """Every contract of the project by subject, its reader schema named, not parsed. A
    reader schema an entry names for a subject is that consumer's contract of it, before
    one under the contracts folder and before the entry's field list."""
    settings = {entry.name: entry for entry in config.consumers}
    named = named_reader_files(config)
    by_name = {(reader.consumer, reader.subject) for reader in named}
    contracts: dict[str, list[Contract]] = {}
    found = reader_files(config.root, config.contracts_folder) if readers is None else readers
    for reader in [*(reader for reader in found
                     if (reader.consumer, reader.subject) not in by_name), *named]:
        entry = settings.get(reader.consumer)
        contracts.setdefault(reader.subject, []).append(Contract(
            reader.consumer, reader.subject, owner=entry.owner if entry else None,
            pending=entry.pending if entry else False, reader_file=reader.path,
            origin=reader.path, line=1))
    origin = _config_path(config)
    for entry in config.consumers:
        for subject in entry.subjects:
            if (entry.name, subject) in by_name:
                continue
            contracts.setdefault(subject, []).append(Contract(
                entry.name, subject, owner=entry.owner, reads=entry.reads,
                pending=entry.pending, origin=origin, line=entry.line))
    return contracts


def _config_path(config: Config) -> str | None:
    source = config.source
    if source is None:
        return None
    try:
        return source.relative_to(config.root).as_posix()
    except ValueError:
        return str(source)


class ConsumerBook:
    """Every contract of the project, by subject; reader schemas parsed when first needed."""

    def __init__(self, config: Config, parse: Parse) -> None:
        self.config = config
        self.parse = parse
        self.readers = reader_files(config.root, config.contracts_folder)
        # The reader schemas [[consumers]] entries name: their file → the entry's line.
        self.named = {path: entry.line for entry in config.consumers
                      for path in entry.reader_schemas.values()}
        # Reader schemas that could not be read: INVALID_SCHEMA findings, each once.
        self.problems: list[Finding] = []
        self._contracts: dict[str, list[Contract]] | None = None
        self._parsed: dict[str, Schema | None] = {}

    @property
    def config_path(self) -> str | None:
        return _config_path(self.config)

    def specs(self) -> dict[str, list[Contract]]:
        """Every contract by subject, reader schemas not yet parsed."""
        if self._contracts is None:
            self._contracts = contract_specs(self.config, self.readers)
        return self._contracts

    def contracts(self, subject: str) -> list[Contract]:
        """The contracts of ``subject``, reader schemas parsed (one that cannot be, or that
        the configuration names and does not exist, is left out, and reported)."""
        found = []
        for contract in self.specs().get(subject, ()):
            if contract.reader_file is not None:
                reader = self._reader(contract)
                if reader is None:
                    continue
                contract = contract._replace(reader=reader)
            found.append(contract)
        return found

    def contract_paths(self) -> list[str]:
        """The files and folders contracts are written in, repository-relative: the
        contracts folder, the reader schemas the configuration names, the configuration."""
        folder = self.config.contracts_folder.strip("/")
        config_path = self.config_path
        return [*([folder] if (self.config.root / folder).is_dir() else []),
                *sorted(self.named),
                *([config_path] if config_path and not Path(config_path).is_absolute()
                  else [])]

    def _reader(self, contract: Contract) -> Schema | None:
        path = contract.reader_file
        assert path is not None
        if path in self._parsed:
            return self._parsed[path]
        if path in self.named and not (self.config.root / path).is_file():
            self.problems.append(missing_reader(contract._replace(
                origin=self.config_path, line=self.named[path]), path))
            self._parsed[path] = None
            return None
        named = (contract.subject, reader_type(path))
        assert named[1] is not None
        try:
            text = read_schema_text(self.config.root / path, path)
        except SchemalintError as error:
            from schemalint.errors import invalid_schema

            parsed: Schema | InvalidSchemaError = invalid_schema(
                error.message, path, line=error.line, column=error.column)
        else:
            parsed = self.parse(named[1], text, path)
        if isinstance(parsed, InvalidSchemaError):
            self.problems.append(replace(parsed.finding, subject=named[0]))
            self._parsed[path] = None
        else:
            self._parsed[path] = parsed
        return self._parsed[path]

    def judge(self, subject: str, current: Schema, history: Sequence[PreviousVersion],
              policy: str, compatibility: list[Finding]) -> tuple[list[Finding], list[Finding]]:
        """The contract findings of ``current``, and the compatibility findings with a note
        on each FORWARD one that no declared consumer reads."""
        contracts = self.contracts(subject)
        findings: list[Finding] = []
        reads: set[tuple[str, str, str]] = set()
        judged_all = True
        for contract in contracts:
            if contract.reader is None and not contract.reads:
                judged_all = False  # a consumer that names no field may read any
                continue
            verdict = judge(contract, current, history, policy=policy)
            findings.extend(verdict.findings)
            reads.update(verdict.reads)
        findings.extend(self.problems)
        self.problems.clear()
        if not contracts or not judged_all:
            return findings, compatibility
        names = ", ".join(sorted({contract.consumer for contract in contracts}))
        # Only the forward direction is the declared consumers' concern: old readers reading
        # the new version's events. Backward (the new schema reading old events) is the
        # producer's own. Each forward finding is weighed against the version it compared.
        versions = {previous.against: previous.schema for previous in history}
        read: dict[Against | None, set[tuple[str, str, str]]] = {
            history[-1].against if history else None: reads}

        def read_against(against: Against | None) -> set[tuple[str, str, str]]:
            if against not in read:
                read[against] = {key for contract in contracts for key in read_keys(
                    contract, current, versions.get(against) if against else None,
                    policy=policy)}
            return read[against]

        return findings, [
            replace(finding, message=_unread_note(finding, subject, names))
            if finding.direction is Direction.FORWARD and finding.against in versions
            and incompatibility_key(finding.code, finding.pointer, finding.name_path)
            not in read_against(finding.against)
            else finding for finding in compatibility]

    def replay(self, subject: str, current: Schema, history: Sequence[PreviousVersion],
               policy: str, static: Sequence[Finding],
               read_with: Callable[[Schema], Sequence[ReaderBreak]]) -> list[Finding]:
        """CON001 for each consumer whose reader schema fails on, or reads another value
        from, the events of ``current`` (``read_with`` replays them through a reader), but
        where ``static``, the contract findings on the schemas, named it first. Field lists
        are not replayed: they name fields, not how the consumer decodes them."""
        findings: list[Finding] = []
        for contract in self.contracts(subject):
            if contract.reader is None:
                continue
            reads = [ReplayedRead(found.code, found.field, found.pointer, found.what)
                     for found in read_with(contract.reader)]
            findings.extend(replayed(contract, current, history, reads, static,
                                     policy=policy))
        findings.extend(self.problems)
        self.problems.clear()
        return findings

    def stale_subjects(self, subjects: Iterable[str], changed: Callable[[str], bool]
                       ) -> list[Finding]:
        """CON002 for each contract naming a subject no schema file maps to, where the
        contract's file is one ``changed`` says changed."""
        known = set(subjects)
        stale = [stale_subject(contract) for subject, contracts in sorted(self.specs().items())
                 if subject not in known for contract in contracts
                 if changed(contract.origin or "")]
        with_readers = {reader.consumer for reader in self.readers}
        origin = self.config_path
        if origin is not None and changed(origin):
            # An entry naming no subject, with no reader schema either, guards nothing.
            stale += [subjectless(Contract(entry.name, "", owner=entry.owner, origin=origin,
                                           line=entry.line),
                                  folder=self.config.contracts_folder.strip("/"))
                      for entry in self.config.consumers
                      if not entry.subjects and not entry.reader_schemas
                      and entry.name not in with_readers]
        return stale

    def changed_contracts(self, changed: Callable[[str], bool]) -> Mapping[str, list[str]]:
        """Per subject, the consumers whose contract of it is written in a changed file."""
        found: dict[str, list[str]] = {}
        for subject, contracts in self.specs().items():
            for contract in contracts:
                if changed(contract.origin or ""):
                    found.setdefault(subject, []).append(contract.consumer)
        return found


def _unread_note(finding: Finding, subject: str, consumers: str) -> str:
    return (f"{finding.message} No declared consumer of '{subject}' ({consumers}) reads what "
            "this change breaks: the registry still refuses it at this level. To proceed, "
            "sanction it with an [[allow-breaking]] entry, or publish the change under a new "
            "subject.")
