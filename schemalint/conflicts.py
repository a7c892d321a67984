"""SUBJECT_CONFLICT: files of two lineages that map to one subject.

A subject holds one schema's history. Two plain files, or the versions of two stems, that
the strategy maps to one subject would make one of them that history and leave the other
unchecked; which one is a guess. So neither is checked or registered, and every file is
named, with the two ways out: a ``[[subjects]]`` entry per file, or a layout or strategy
that names them apart.
"""

from __future__ import annotations

from schemalint.errors import SUBJECT_CONFLICT
from schemalint.model import Finding, SchemaType, Severity
from schemalint.project import SubjectFiles

__all__ = ["SUBJECT_CONFLICT", "conflict_findings"]

# How many other files a message names before it counts the rest.
_NAMED = 3

_EXTENSIONS = {SchemaType.AVRO: ".avsc", SchemaType.JSON: ".schema.json",
               SchemaType.PROTOBUF: ".proto"}


def conflict_findings(entry: SubjectFiles, strategy: str) -> list[Finding]:
    """One error per file mapped to ``entry``'s subject, each naming the others."""
    files = [*entry.paths, *entry.copies, *entry.conflicts]
    findings = []
    for path in files:
        others = [other for other in files if other != path]
        named = ", ".join(others[:_NAMED])
        if len(others) > _NAMED:
            named += f" and {len(others) - _NAMED} more"
        findings.append(Finding(
            code=SUBJECT_CONFLICT, severity=Severity.ERROR, path=path,
            subject=entry.subject, name_path=f"conflict:{path}",
            message=(
                f"{path} and {named} map to one subject, '{entry.subject}'"
                f"{_how_named(entry, strategy)}. A subject holds one schema's history, so "
                "none of these files is checked or registered. Give each file its own "
                f"subject with a [[subjects]] entry (subject = \"...\", file = \"{path}\"), "
                f"or {_other_naming(entry, strategy)}."
            ),
        ))
    return findings


def _how_named(entry: SubjectFiles, strategy: str) -> str:
    if entry.role is not None:
        return f" under the {strategy} strategy"
    if entry.schema_type is SchemaType.AVRO:
        return " (a file holding a named type is the subject of its full name)"
    if entry.schema_type is SchemaType.JSON:
        return " (a JSON Schema file outside a topic's key or value is the subject of its name)"
    return " (a .proto file outside a topic's key or value is the subject of its import path)"


def _other_naming(entry: SubjectFiles, strategy: str) -> str:
    if entry.role is None:
        extension = _EXTENSIONS[entry.schema_type]
        return (f"lay each out as its topic's value (<root>/<topic>/value{extension}, or "
                "key), which the topic strategy names by its folder, or rename one of them")
    if strategy == "topic":
        return ('choose strategy = "record" or "topic-record", which name subjects by the '
                "record inside each file")
    if strategy == "record":
        return ('choose strategy = "topic-record" or "topic", which keep each topic\'s '
                "subjects apart")
    return 'choose strategy = "topic", which keeps a topic\'s key and value apart'
