"""Messages for Avro incompatibilities: what breaks, for whom, and the fix.

``describe`` speaks to the person changing a schema; ``confluent_message`` renders the
string Confluent Schema Registry puts in its ``messages`` list for the same finding.
"""

from __future__ import annotations

from schemalint.formats.avro.compat import (
    FIXED_SIZE_MISMATCH,
    MISSING_ENUM_SYMBOLS,
    MISSING_UNION_BRANCH,
    NAME_MISMATCH,
    READER_FIELD_MATCHES_MULTIPLE_WRITER_FIELDS,
    READER_FIELD_MISSING_DEFAULT_VALUE,
    TYPE_MISMATCH,
    AvroIncompatibility,
)
from schemalint.model import Incompatibility


def _where(incompatibility: Incompatibility) -> str:
    path = incompatibility.name_path
    if incompatibility.code == MISSING_UNION_BRANCH and "|" in path:
        # The path ends with the writer's branch; the message names that type itself.
        path = path.rsplit("|", 1)[0]
    if not any(mark in path for mark in ".[{|"):
        return "the top level"
    return f"'{path}'"


def describe(incompatibility: Incompatibility, *, backward: bool, against: str) -> str:
    code = incompatibility.code
    reader, writer = incompatibility.reader_name, incompatibility.writer_name
    new, old = (reader, writer) if backward else (writer, reader)
    where = _where(incompatibility)
    if backward:
        who = f"consumers on the new schema cannot read events written with {against}"
    else:
        who = f"consumers still on {against} cannot read events written with the new schema"
    if code == READER_FIELD_MISSING_DEFAULT_VALUE:
        if backward:
            return (f"Field '{reader}' has no default and is missing in {against}: {who}. "
                    "Add a default (\"default\": null with a [\"null\", …] union, or a value "
                    "of the field's type), or, if it renames an old field, list the old name "
                    "in the field's \"aliases\".")
        return (f"Field '{reader}' of {against} has no default and is missing in the new "
                f"schema: {who}. Keep the field (deprecate it rather than remove it), or "
                "first publish a version that gives it a default and let consumers upgrade.")
    if code == TYPE_MISMATCH:
        return (f"The type at {where} changed from {old} in {against} to {new}: {who}. "
                "Avro promotes only int→long→float→double and string↔bytes. Keep the old "
                "type, or add a field with the new type and deprecate the old one.")
    if code == NAME_MISMATCH:
        fix = (f"Keep the name, or add \"aliases\": [\"{old}\"] to the new type."
               if backward else
               f"Keep the name '{old}' while consumers on {against} remain: they match by "
               "name, and aliases in the new schema do not help them.")
        return f"The named type at {where} is called '{new}' but was '{old}' in {against}: " \
               f"{who}. {fix}"
    if code == MISSING_ENUM_SYMBOLS:
        symbols = incompatibility.detail
        if backward:
            return (f"Enum '{new}' at {where} lacks the symbols {symbols} that {against} "
                    f"can write: {who}. Keep the symbols, or give the new enum a "
                    "\"default\" symbol for readers to use in place of unknown ones.")
        return (f"Enum '{new}' at {where} adds the symbols {symbols}, unknown to {against}: "
                f"{who}. Add symbols only once the enum consumers read with declares a "
                "\"default\" symbol.")
    if code == MISSING_UNION_BRANCH:
        lacking = writer
        if backward:
            return (f"The union at {where} has no branch for {lacking}, which {against} can "
                    f"write: {who}. Keep that branch in the union.")
        return (f"The new schema can write {lacking} at {where}, and the union in {against} "
                f"has no branch for it: {who}. Add the branch to consumers' schema first, "
                "or do not write that type.")
    if code == FIXED_SIZE_MISMATCH:
        expected, found = (part.split(": ")[-1] for part in
                           incompatibility.detail.split(", "))
        old_size, new_size = (expected, found) if backward else (found, expected)
        return (f"Fixed type '{new}' at {where} has size {new_size} but {old_size} in "
                f"{against}: {who}. A fixed size cannot change; add a new field instead.")
    if code == READER_FIELD_MATCHES_MULTIPLE_WRITER_FIELDS:
        schema = against if backward else "the new schema"
        return (f"Field '{reader}' at {where} matches several fields of {schema} through its "
                "name and aliases, so Confluent cannot check this pair (\"Unexpected "
                "exception during compatibility check\"). Remove the aliases that name "
                "other existing fields.")
    return f"{code} at {where}: {who}."


def confluent_message(incompatibility: Incompatibility, *, backward: bool) -> str:
    """The message Confluent Schema Registry reports for this incompatibility."""
    code = incompatibility.code
    detail = incompatibility.detail
    if code == READER_FIELD_MATCHES_MULTIPLE_WRITER_FIELDS:
        return f"Unexpected exception during compatibility check: {detail}"
    path = (incompatibility.location if isinstance(incompatibility, AvroIncompatibility)
            else incompatibility.reader_pointer or "/")
    reader, writer = ("new", "old") if backward else ("old", "new")
    templates = {
        FIXED_SIZE_MISMATCH: f"The size of FIXED type field at path '{path}' in the {reader} "
                             f"schema does not match with the {writer} schema",
        TYPE_MISMATCH: f"The type (path '{path}') of a field in the {reader} schema does not "
                       f"match with the {writer} schema",
        NAME_MISMATCH: f"The name of the schema has changed (path '{path}')",
        MISSING_ENUM_SYMBOLS: f"The {reader} schema is missing enum symbols '{detail}' at path "
                              f"'{path}' in the {writer} schema",
        MISSING_UNION_BRANCH: f"The {reader} schema is missing a type inside a union field at "
                              f"path '{path}' in the {writer} schema",
        READER_FIELD_MISSING_DEFAULT_VALUE: f"The field '{detail}' at path '{path}' in the "
                                            f"{reader} schema has no default value and is "
                                            f"missing in the {writer} schema",
    }
    description = templates.get(code, "")
    return (f"{{errorType:'{code}', description:'{description}', "
            f"additionalInfo:'{detail}'}}")
