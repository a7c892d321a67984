"""``schemalint consumers``: who reads what (each declared consumer, its owner, the subjects
it reads and the fields or reader schema it reads them by), and with ``unused`` the fields
of each subject no declared consumer reads: the candidates for removal.

The subjects and their current schemas come from the check pipeline (every subject, no
history); the contracts from ``pipeline.consumers``. It returns what it found and prints
nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from schemalint.config import Config
from schemalint.contracts.judge import Contract
from schemalint.contracts.paths import field_paths, path_names
from schemalint.errors import INPUT_ERROR_CODES, InvalidSchemaError, UsageError
from schemalint.model import Change, Finding, Schema, SchemaType, Severity
from schemalint.pipeline.check import CheckOutcome, CheckRequest, run_check
from schemalint.pipeline.consumers import ConsumerBook
from schemalint.sources.git import Git
from schemalint.workspace import parse_with_config


class ConsumersRequest(NamedTuple):
    subjects: Sequence[str] = ()  # empty: every subject a consumer reads
    unused: bool = False


class Reading(NamedTuple):
    """One consumer reading one subject."""

    consumer: str
    owner: str | None
    subject: str
    # The fields it reads, or its reader schema's file.
    reads: tuple[str, ...]
    reader: str | None
    pending: bool

    def to_json(self) -> dict[str, object]:
        return {"consumer": self.consumer, "owner": self.owner, "subject": self.subject,
                "reads": list(self.reads), "reader_schema": self.reader,
                "pending": self.pending}


class Affected(NamedTuple):
    """One consumer of one changed subject, and whether it reads the new version."""

    subject: str
    consumer: str
    owner: str | None
    breaks: bool = False
    pending: bool = False  # its contract is pending: a break is a warning, for now
    why: str = ""  # the first reason it cannot read the new version


class ConsumersResult(NamedTuple):
    readings: list[Reading]
    # With ``unused``: per subject, the field paths no declared consumer reads.
    unused: dict[str, list[str]]
    # What made the input unusable (a schema or reader schema that cannot be read).
    findings: list[Finding]


def consumers(config: Config, request: ConsumersRequest, git: Git | None = None
              ) -> ConsumersResult:
    """Who reads what of the subjects ``request`` names."""
    outcome = run_check(config, CheckRequest(all=True, against="none", lint=False,
                                             keep_subjects=True), git)
    findings = [finding for finding in outcome.findings if finding.code in INPUT_ERROR_CODES]

    book = ConsumerBook(config, _parser(config))
    contracts = book.specs()
    unknown = [subject for subject in request.subjects
               if subject not in outcome.schemas and subject not in contracts]
    if unknown:
        raise UsageError(f"no subject {', '.join(map(repr, unknown))}: neither a schema file "
                         "nor a consumer contract names it")
    wanted = list(request.subjects) or sorted(contracts)
    readings = [_reading(contract) for subject in wanted
                for contract in contracts.get(subject, ())]
    unused: dict[str, list[str]] = {}
    if request.unused:
        for subject in wanted:
            current = outcome.schemas.get(subject)
            if current is not None:
                unused[subject] = unread_fields(current, book.contracts(subject))
    findings.extend(book.problems)
    return ConsumersResult(readings, unused, findings)


def _parser(config: Config) -> Callable[[SchemaType, str, str], Schema | InvalidSchemaError]:
    """Reader schemas parsed as the project's schemas are."""
    def parse(schema_type: SchemaType, text: str, path: str) -> Schema | InvalidSchemaError:
        try:
            return parse_with_config(config, text, schema_type, path)
        except InvalidSchemaError as error:
            return error
    return parse


# A consumer reading a change: its name and its owner.
Reader = tuple[str, "str | None"]


class ChangeReaders:
    """Per change of a subject, the declared consumers that read what it touches (for
    ``diff``); nothing where the project declares no consumer."""

    def __init__(self, config: Config) -> None:
        from schemalint.pipeline.consumers import declares_consumers

        self.book = ConsumerBook(config, _parser(config)) if declares_consumers(config) \
            else None

    def __call__(self, subject: str, old: Schema, new: Schema, changes: Sequence[Change]
                 ) -> list[tuple[Reader, ...]]:
        if self.book is None:
            return []
        from schemalint.contracts.affected import readers_of

        return [tuple((contract.consumer, contract.owner) for contract in readers)
                for readers in readers_of(changes, old, new, self.book.contracts(subject))]


def _reading(contract: Contract) -> Reading:
    return Reading(contract.consumer, contract.owner, contract.subject, contract.reads,
                   contract.reader_file, contract.pending)


def unread_fields(schema: Schema, contracts: Sequence[Contract]) -> list[str]:
    """The field paths of ``schema`` no contract reads: a path in ``reads`` reads the records
    on its way and everything within it; a reader schema reads the fields it declares, by
    name, and the records on their way; a consumer declaring neither may read anything."""
    whole: set[tuple[str, ...]] = set()  # read with everything within
    declared: set[tuple[str, ...]] = set()  # read as declared, the fields within listed
    for contract in contracts:
        if contract.reader is not None:
            declared.update(path_names(path) for path, _ in field_paths(contract.reader))
        elif contract.reads or contract.reader_file is not None:
            whole.update(path_names(path) for path in contract.reads)
        else:
            return []
    unread = []
    for path, _ in field_paths(schema):
        names = path_names(path)
        if not any(names[:len(taken)] == taken for taken in whole) and not any(
                taken[:len(names)] == names for taken in (*whole, *declared)):
            unread.append(path)
    return unread


def affected_consumers(config: Config, outcome: CheckOutcome) -> list[Affected]:
    """Each declared consumer of each subject ``outcome`` checked a new version of, with its
    verdict from the run's CON001 findings."""
    from schemalint.contracts.codes import CON001
    from schemalint.pipeline.consumers import contract_specs, declares_consumers

    if not declares_consumers(config):
        return []
    broken: dict[tuple[str, str], Finding] = {}
    for finding in outcome.findings:
        if finding.code == CON001 and finding.subject:
            broken.setdefault((finding.subject, finding.name_path.split(":", 1)[0]), finding)
    contracts = contract_specs(config)
    rows = []
    for subject, state in sorted(outcome.subjects.items()):
        if state.current is None or state.existing is not None:
            continue
        for contract in contracts.get(subject, ()):
            found = broken.get((subject, contract.consumer))
            rows.append(Affected(subject, contract.consumer, contract.owner) if found is None
                        else Affected(subject, contract.consumer, contract.owner, True,
                                      found.severity is not Severity.ERROR,
                                      found.message.split(": ", 1)[-1]))
    return rows
