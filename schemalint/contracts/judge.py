"""A new version of a subject judged by the contracts of its declared consumers.

A contract is a reader schema, judged by the format's own resolution rules (the consumer's
schema as reader, the new schema as writer: the engines of the compatibility check), or a
list of fields, each of which the new version must still have (an Avro alias of the old
name finds it) with a type the consumer reads: the previous version is the schema the
consumer reads with, and the engine's findings from it to the new version that touch a
field read are the consumer's. Findings anchor in the new schema.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import NamedTuple

from schemalint.compat import PreviousVersion
from schemalint.contracts.codes import CON001, CON002
from schemalint.contracts.paths import Spot, locate, names_touch, path_names
from schemalint.formats import get_engine
from schemalint.model import Finding, Incompatibility, Schema, SchemaType, Severity

# The Avro code for a field the writer no longer has: a rename through an alias is found.
_FIELD_MISSING = "READER_FIELD_MISSING_DEFAULT_VALUE"


class Contract(NamedTuple):
    """What one consumer reads of one subject."""

    consumer: str
    subject: str
    owner: str | None = None
    # The fields it reads (``customer.email``, ``items[].sku``), where it has no reader
    # schema.
    reads: tuple[str, ...] = ()
    # Its reader schema's file, ``consumers/<consumer>/<subject>.<ext>``, and the schema.
    reader_file: str | None = None
    reader: Schema | None = None
    pending: bool = False
    # Where the contract is written: the reader schema's file, or the configuration file
    # and the line of its entry.
    origin: str | None = None
    line: int | None = None

    @property
    def who(self) -> str:
        owner = f"owner {self.owner}" if self.owner else "no owner declared"
        return f"Consumer '{self.consumer}' ({owner})"


class Verdict(NamedTuple):
    findings: list[Finding]
    # What the contract reads among the previous version's incompatibilities with the new
    # one, as (code, pointer in the new schema, last name): a compatibility finding no
    # contract reads says so.
    reads: frozenset[tuple[str, str, str]]


def incompatibility_key(code: str, pointer: str, name_path: str) -> tuple[str, str, str]:
    """How an engine's incompatibility and the compatibility finding made of it are told
    apart from the others: code, place in the new schema, the element's last name."""
    return code, pointer, name_path.rsplit(".", 1)[-1].split("|", 1)[0]


def judge(contract: Contract, new: Schema, history: Sequence[PreviousVersion], *,
          policy: str = "STRICT") -> Verdict:
    """Whether ``contract``'s consumer reads events of ``new``; ``history`` holds the
    subject's versions before it, oldest first. A pending contract's CON001 is a warning
    until some version of ``history`` satisfied it."""
    verdict = _judge(contract, new, history[-1].schema if history else None, policy)
    return verdict._replace(findings=_pending(contract, verdict.findings, history, policy))


def read_keys(contract: Contract, new: Schema, previous: Schema | None, *,
              policy: str = "STRICT") -> frozenset[tuple[str, str, str]]:
    """What ``contract`` reads among ``previous``'s incompatibilities (as reader) with
    ``new``, as ``Verdict.reads`` holds them: a reader schema's are its own, whatever the
    version; a field list's are those on the way to a field it reads in ``previous``."""
    return _judge(contract, new, previous, policy).reads


class ReplayedRead(NamedTuple):
    """Where events of the new version broke as a consumer's reader schema read them
    (replay): the code replay found (REPLAY001 the reader failed, REPLAY002 it read another
    value), the field as a path (``items[].sku``; empty for the event), its pointer in the
    new schema, and what happened, in words."""

    code: str
    field: str
    pointer: str
    what: str


def replayed(contract: Contract, new: Schema, history: Sequence[PreviousVersion],
             reads: Sequence[ReplayedRead], static: Sequence[Finding], *,
             policy: str = "STRICT") -> list[Finding]:
    """CON001 for each break replay found reading ``new``'s events with ``contract``'s
    reader schema, but where ``static`` (the contract's findings on the schemas) already
    names the consumer at that field or, for a break of the whole event, at all: the
    schemas said it first."""
    if not reads or contract.reader is None:
        return []
    known = [finding.pointer or "" for finding in static
             if finding.code == CON001 and finding.name_path is not None
             and finding.name_path.startswith(f"{contract.consumer}:")]
    findings = [
        _finding(contract, new, read.pointer,
                 f"{contract.consumer}:replay:{read.field}:{read.code}",
                 f"{contract.who} cannot read the new version of '{contract.subject}' with its "
                 f"reader schema {contract.reader.path} (replayed, {read.code}): {read.what} "
                 "Keep the field's type and meaning as the consumer reads them, "
                 "or agree the change with the owner and update the reader schema first.")
        for read in reads
        if not any(_covers(pointer, read) for pointer in known)]
    return _pending(contract, findings, history, policy)


def _covers(pointer: str, read: ReplayedRead) -> bool:
    """Whether a finding on the schemas at ``pointer`` says what the replayed break says."""
    if not read.field:
        return True
    return bool(pointer) and (pointer == read.pointer or pointer.startswith(read.pointer + "/")
                              or read.pointer.startswith(pointer + "/"))


def _pending(contract: Contract, findings: list[Finding], history: Sequence[PreviousVersion],
             policy: str) -> list[Finding]:
    """``findings``, a pending contract's CON001 made a warning until some version of
    ``history`` satisfied the contract."""
    broken = [finding for finding in findings if finding.code == CON001]
    if not contract.pending or not broken:
        return findings
    satisfied = _satisfied_by(contract, history, policy)
    if satisfied is None:
        note = (" The contract is pending (pending = true) and no committed version of the "
                "subject has satisfied it yet: a warning until one does.")
        severity = Severity.WARNING
    else:
        note = (f" The contract is pending, but {satisfied.against.describe()} satisfied it: "
                "it is in force. Remove pending = true.")
        severity = Severity.ERROR
    return [_changed(finding, severity, finding.message + note) if finding.code == CON001
            else finding for finding in findings]


def _satisfied_by(contract: Contract, history: Sequence[PreviousVersion], policy: str
                  ) -> PreviousVersion | None:
    """The newest version of ``history`` the contract reads in full, if any."""
    for index in range(len(history) - 1, -1, -1):
        before = history[index - 1].schema if index else None
        found = _judge(contract, history[index].schema, before, policy).findings
        if not any(finding.code in (CON001, CON002) for finding in found):
            return history[index]
    return None


def _judge(contract: Contract, new: Schema, previous: Schema | None, policy: str) -> Verdict:
    if contract.reader is not None:
        return _judge_reader(contract, contract.reader, new, policy)
    return _judge_reads(contract, new, previous, policy)


def _judge_reader(contract: Contract, reader: Schema, new: Schema, policy: str) -> Verdict:
    if reader.schema_type is not new.schema_type:
        return Verdict([_finding(contract, new, "", f"{contract.consumer}:format", (
            f"{contract.who} cannot read the new version of '{contract.subject}': its reader "
            f"schema {reader.path} is {reader.schema_type.value} and the subject is "
            f"{new.schema_type.value}; no reader reads across formats."))], frozenset())
    engine = get_engine(new.schema_type)
    findings: list[Finding] = []
    reads: set[tuple[str, str, str]] = set()
    for incompatibility in engine.incompatibilities(reader, new, policy=policy):
        reads.add(incompatibility_key(incompatibility.code, incompatibility.writer_pointer,
                                      incompatibility.name_path))
        why = engine.describe(incompatibility, backward=False, against="the reader schema")
        findings.append(_finding(
            contract, new, incompatibility.writer_pointer,
            f"{contract.consumer}:{incompatibility.code}:{incompatibility.name_path}",
            f"{contract.who} cannot read the new version of '{contract.subject}' with its "
            f"reader schema {reader.path} ({incompatibility.code}): {why}"))
    return Verdict(findings, frozenset(reads))


def _judge_reads(contract: Contract, new: Schema, previous: Schema | None, policy: str
                 ) -> Verdict:
    findings: list[Finding] = []
    reads: set[tuple[str, str, str]] = set()
    if previous is not None and previous.schema_type is not new.schema_type:
        previous = None
    incompatibilities: Sequence[Incompatibility] = ()
    if previous is not None:
        incompatibilities = get_engine(new.schema_type).incompatibilities(
            previous, new, policy=policy)
    for path in contract.reads:
        before = locate(previous, path) if previous is not None else None
        now = locate(new, path, numbered=before)
        touching = [incompatibility for incompatibility in incompatibilities
                    if before is not None and before.found
                    and _touches(incompatibility, before, now, path_names(path),
                                 new.schema_type)]
        reads.update(incompatibility_key(i.code, i.writer_pointer, i.name_path)
                     for i in touching)
        if not now.found:
            findings.append(_missing(contract, new, path, now, before))
            continue
        engine = get_engine(new.schema_type)
        for incompatibility in touching:
            why = engine.describe(incompatibility, backward=False,
                                  against="the version before")
            findings.append(_finding(
                contract, new, incompatibility.writer_pointer,
                f"{contract.consumer}:{path}:{incompatibility.code}",
                f"{contract.who} cannot read the new version of '{contract.subject}': it "
                f"reads '{path}' ({incompatibility.code}): {why}"))
    return Verdict(findings, frozenset(reads))


def _touches(incompatibility: Incompatibility, before: Spot, now: Spot,
             names: Sequence[str], schema_type: SchemaType) -> bool:
    """Whether an incompatibility of the previous version (as reader) with the new one is on
    the way to a field read, or within it; a field renamed with an alias is no missing
    field. Inside another file every field shares the referring field's pointer: there the
    names decide."""
    pointer = incompatibility.reader_pointer
    if incompatibility.code == _FIELD_MISSING and now.found and now.by_alias:
        return False
    leaf = before.pointer
    return (pointer == leaf or pointer.startswith(leaf + "/")
            or pointer in before.chain[:-1]) and (
        not before.outside or names_touch(schema_type, incompatibility.name_path, names))


def _missing(contract: Contract, new: Schema, path: str, now: Spot, before: Spot | None
             ) -> Finding:
    if before is not None and before.found:
        return _finding(contract, new, now.pointer, f"{contract.consumer}:{path}", (
            f"{contract.who} cannot read the new version of '{contract.subject}': it reads "
            f"'{path}', and the new version has no field '{now.missing}' where the version "
            "before had it. Keep the field (deprecate it first) until the consumer stops "
            "reading it, or rename it with an alias of the old name (Avro)."))
    return _stale(contract, f"{contract.consumer}:{path}", (
        f"{contract.who} reads '{path}' of '{contract.subject}', but neither the new version "
        f"nor the version before has a field '{now.missing}' there: the contract is stale. "
        "Correct the path, or remove it from reads."), new)


def _finding(contract: Contract, new: Schema, pointer: str, name_path: str, message: str
             ) -> Finding:
    line, column = new.locate(pointer)
    return Finding(code=CON001, severity=Severity.ERROR, message=message, path=new.path,
                   line=line, column=column, pointer=pointer, subject=contract.subject,
                   name_path=name_path)


def _stale(contract: Contract, name_path: str, message: str, new: Schema | None = None
           ) -> Finding:
    """A CON002 at the contract: its reader schema, or its entry in the configuration."""
    return Finding(code=CON002, severity=Severity.WARNING, message=message,
                   path=contract.origin if contract.origin else (new.path if new else None),
                   line=contract.line, column=1 if contract.line else None,
                   subject=contract.subject or None, name_path=name_path)


def stale_subject(contract: Contract) -> Finding:
    """CON002 for a contract naming a subject no schema file maps to."""
    return _stale(contract, f"{contract.consumer}:{contract.subject}", (
        f"{contract.who} declares that it reads '{contract.subject}', but no schema file maps "
        "to that subject: the contract is stale. Correct the subject's name, or remove the "
        "contract."))


def subjectless(contract: Contract, *, folder: str = "consumers") -> Finding:
    """CON002 for a ``[[consumers]]`` entry that names no subject and has no reader schema
    (``folder``: the contracts folder)."""
    return _stale(contract, f"{contract.consumer}:", (
        f"{contract.who} is declared, but its [[consumers]] entry names no subject and "
        f"{folder}/{contract.consumer}/ holds no reader schema: the contract guards nothing. "
        "Add subjects (and reads), or a reader schema."))


def missing_reader(contract: Contract, path: str) -> Finding:
    """CON002 for a reader schema a ``[[consumers]]`` entry names (``reader-schemas``) that
    does not exist, at the entry."""
    return _stale(contract, f"{contract.consumer}:{contract.subject}:{path}", (
        f"{contract.who} names {path} as its reader schema of '{contract.subject}' "
        "(reader-schemas), but there is no such file: the contract is stale. Correct the "
        "path, or remove it."))


def _changed(finding: Finding, severity: Severity, message: str) -> Finding:
    return replace(finding, severity=severity, message=message)
