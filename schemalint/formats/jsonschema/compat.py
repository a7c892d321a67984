"""Confluent's JSON Schema verdict: the diff's incompatible differences, as findings' input."""

from __future__ import annotations

import weakref
from typing import Any

from schemalint.errors import InvalidSchemaError, invalid_schema
from schemalint.formats.jsonschema.content_model import UnsafePattern
from schemalint.formats.jsonschema.diff import compatible_nodes, diff_nodes
from schemalint.formats.jsonschema.difference import STRICT, Difference, compatible_set
from schemalint.formats.jsonschema.messages import confluent_description
from schemalint.formats.jsonschema.parse import INVALID_SCHEMA, ParsedJsonSchema, build_model
from schemalint.formats.jsonschema.wording import value_at
from schemalint.model import Finding, Incompatibility, Schema, Severity
from schemalint.patterns import Budget
from schemalint.sourcemap import NOTHING, node_at


def model_of(schema: Schema | ParsedJsonSchema | Any) -> ParsedJsonSchema:
    """The diff's model of a parsed ``Schema``, or of a plain document (``dict``/``bool``)."""
    if isinstance(schema, Schema):
        parsed = schema.parsed
        if not isinstance(parsed, ParsedJsonSchema):
            raise TypeError(f"not a JSON Schema: {schema.schema_type.value}")
        return parsed
    if isinstance(schema, ParsedJsonSchema):
        return schema
    return build_model(schema)


def diff(original: Schema | Any, update: Schema | Any, policy: str = STRICT) -> list[Difference]:
    """Every difference Confluent's diff reports from ``original`` to ``update``.

    A backward check (the reader is the new schema) is ``diff(original=old, update=new)``.
    The policy matters to the differences too: it decides which nested comparisons count as
    compatible (a union branch, a covering schema of a partially open content model).
    """
    before, after = model_of(original), model_of(update)
    # Kept on the update's model while the original's lives (forgotten with it, before its id
    # can be reused): a check, its diff and its report compare the same two versions in the
    # same ways, and a schema compared with each version of a long history keeps none of them.
    key = (id(before), policy)
    known = after.diffs.get(key)
    if known is None:
        try:
            with Budget().running():
                known = after.diffs[key] = diff_nodes(before.root, after.root, policy)
        except UnsafePattern as unsafe:
            raise _unsafe_pattern(unsafe, update, original) from None
        weakref.finalize(before, after.diffs.pop, key, None)
    return list(known)


def _unsafe_pattern(unsafe: UnsafePattern, *candidates: Schema | Any) -> InvalidSchemaError:
    """An INVALID_SCHEMA error at the pattern, in the first schema that holds its pointer
    (the update's, when both versions hold it)."""
    message = f"{unsafe} (at {unsafe.pointer or '/'})"
    schemas = [item for item in candidates if isinstance(item, Schema)]
    for schema in schemas:
        line, column = schema.locate(unsafe.pointer)
        if line is not None and node_at(schema.document, unsafe.pointer) is not NOTHING:
            return invalid_schema(message, schema.path, pointer=unsafe.pointer, line=line,
                                  column=column)
    return invalid_schema(message, schemas[0].path if schemas else None,
                          pointer=unsafe.pointer, line=1, column=1)


def reads(reader: Schema, writer: Schema, *, policy: str = STRICT) -> bool:
    """Whether ``reader`` reads data valid under ``writer``: ``incompatibilities``' verdict
    alone, which the diff can give at its first incompatible difference."""
    before, after = model_of(writer), model_of(reader)
    known = after.diffs.get((id(before), policy))
    try:
        if known is None:
            with Budget().running():
                return compatible_nodes(before.root, after.root, policy)
    except RecursionError:
        raise _too_deep(reader) from None
    except UnsafePattern as unsafe:
        raise _unsafe_pattern(unsafe, reader, writer) from None
    accepted = compatible_set(policy)
    return all(item.type in accepted for item in known)


def incompatibilities(reader: Schema, writer: Schema, *,
                      policy: str = STRICT) -> list[Incompatibility]:
    """Why ``reader`` cannot read data valid under ``writer``; empty when it can."""
    accepted = compatible_set(policy)
    try:
        differences = diff(writer, reader, policy)
    except RecursionError:
        raise _too_deep(reader) from None
    reader_document, writer_document = model_of(reader).document, model_of(writer).document
    found = []
    for item in differences:
        if item.type in accepted:
            continue
        found.append(Incompatibility(
            code=item.type,
            reader_pointer=item.update_pointer,
            writer_pointer=item.original_pointer,
            name_path=item.path,
            detail=confluent_description(item.type, item.path),
            reader_name=value_at(reader_document, item.update_pointer),
            writer_name=value_at(writer_document, item.original_pointer),
        ))
    return found


def _too_deep(reader: Schema) -> InvalidSchemaError:
    return InvalidSchemaError(Finding(
        code=INVALID_SCHEMA, severity=Severity.ERROR,
        message="schema nested too deeply to compare", path=reader.path, line=1, column=1,
    ))
