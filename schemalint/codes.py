"""What every finding code means: the catalogue behind SARIF rules, annotations and docs.

Lint rules document themselves (``schemalint.lint``); this module holds the codes that are
not lint rules (input errors, compatibility types, project checks) and answers for both.
"""

from __future__ import annotations

from collections.abc import Iterable

from schemalint.model import CodeInfo, Severity
from schemalint.replay.judge import REPLAY_CODES

_AVRO_FIX = ("Confluent Schema Registry runs Apache Avro's schema resolution: make the change "
             "one Avro can resolve, publish it as a new subject, or sanction it with "
             "[[allow-breaking]].")

CATALOGUE: dict[str, CodeInfo] = {info.code: info for info in (
    CodeInfo("INVALID_SCHEMA", "invalid-schema",
             "The file cannot be read as a schema of its format.",
             "The registry would refuse it (42201) and nothing can be checked. Fix the error at "
             "the line shown."),
    CodeInfo("INVALID_DEFAULT", "invalid-default",
             "A default value does not match its field's type.",
             "Avro's Java parser rejects such defaults when it validates them, as new Confluent "
             "versions do; a reader that needs the default fails. Use a value of the field's "
             "type; for a union, of its first branch."),
    CodeInfo("READER_FIELD_MISSING_DEFAULT_VALUE", "reader-field-missing-default-value",
             "A field the reader expects is absent from the writer's data and has no default.",
             "Give the field a default, or keep the field in the writer. " + _AVRO_FIX),
    CodeInfo("TYPE_MISMATCH", "type-mismatch",
             "A type changed in a way Avro cannot promote.",
             "Avro promotes int to long, float and double, long to float and double, float to "
             "double, and string and bytes both ways; nothing else. " + _AVRO_FIX),
    CodeInfo("NAME_MISMATCH", "name-mismatch",
             "A record, enum or fixed type changed its name.",
             "Keep the name, or list the old full name in the type's aliases. " + _AVRO_FIX),
    CodeInfo("MISSING_ENUM_SYMBOLS", "missing-enum-symbols",
             "The reader's enum lacks symbols the writer may send.",
             "Keep the symbols, or give the reader's enum a default symbol. " + _AVRO_FIX),
    CodeInfo("MISSING_UNION_BRANCH", "missing-union-branch",
             "The reader's union lacks a branch the writer may send.",
             "Keep the branch in the union. " + _AVRO_FIX),
    CodeInfo("FIXED_SIZE_MISMATCH", "fixed-size-mismatch",
             "A fixed type changed its size.",
             "A fixed type's size is part of its encoding; keep it. " + _AVRO_FIX),
    CodeInfo("SCHEMA_TYPE_CHANGED", "schema-type-changed",
             "The schema's format changed (Avro, JSON Schema, Protobuf).",
             "No reader can read across formats. Publish the new format under a new subject."),
    CodeInfo("SUBJECT_REMOVED", "subject-removed",
             "A schema file was removed or renamed away, but its subject stays in the registry.",
             "Consumers still read the subject's events from the log. Restore the file, or mark "
             "the subject retired = true in [[subjects]] once no producer writes it."),
    CodeInfo("SUBJECT_CONFLICT", "subject-conflict",
             "Two schema files map to one subject, so neither is checked or registered.",
             "A subject holds one schema's history; two files of one subject (one file name "
             "in two folders, one Avro full name with two contents) leave it undecided which "
             "is the subject. Give each file its own subject with a [[subjects]] entry, or lay "
             "the files out, or choose a strategy, that names them apart. The run exits 2."),
    CodeInfo("VERSION_EDITED", "version-edited",
             "A published versioned file (name.vN) was edited.",
             "That version is already registered and its data is on the log. Put the change "
             "in a new file with the next version number."),
    CodeInfo("ALLOW_BREAKING_EXPIRED", "allow-breaking-expired",
             "An [[allow-breaking]] entry is past its expiry date.",
             "Its breaking change is reported again. Land it before the date, or review it and "
             "extend the date.", Severity.WARNING),
    CodeInfo("ALLOW_BREAKING_STALE", "allow-breaking-stale",
             "An [[allow-breaking]] entry names a schema the subject no longer has.",
             "The schema changed since the entry was written, so it no longer applies. Remove "
             "it.", Severity.WARNING),
    *REPLAY_CODES,
)}


def describe_code(code: str) -> CodeInfo:
    """What ``code`` means, from the catalogue, the lint rules, or a generic description."""
    known = CATALOGUE.get(code)
    if known is not None:
        return known
    rule = _lint_rule(code)
    if rule is not None:
        return rule
    return CodeInfo(code, code.lower().replace("_", "-"),
                    f"An incompatible change of type {code}, as Confluent Schema Registry "
                    "classifies it.",
                    "Consumers on one side of the change cannot read the other side's data. "
                    "Undo the change, publish it under a new subject, or sanction it with "
                    "[[allow-breaking]].")


def _lint_rule(code: str) -> CodeInfo | None:
    from schemalint.lint.registry import get_rule

    rule = get_rule(code)
    if rule is None:
        return None
    return CodeInfo(rule.code, rule.name, rule.summary,
                    f"{rule.doc.why} How to fix: {rule.doc.fix}", rule.severity_when_selected)


def describe_codes(codes: Iterable[str]) -> dict[str, CodeInfo]:
    """What each code means, as data for a reporter that describes its rules (SARIF)."""
    return {code: describe_code(code) for code in sorted(set(codes))}
