"""EVO002: a rename through aliases that non-Java readers ignore."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from schemalint.allocation import paused_gc
from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.lint.rules.evolution import (
    _AVRO_ONLY,
    AvroField,
    AvroNamed,
    _avro,
    _fields,
    _named,
    _previous_fields,
    _shares_elements,
    _walk_all,
)
from schemalint.lint.walk import elements
from schemalint.model import Schema, SchemaType, Severity
from schemalint.sourcemap import join_pointer


def walked(schema: Schema) -> list[AvroNamed | AvroField]:
    """The named types and fields of an Avro schema (walked again at each call)."""
    with paused_gc():
        return _from_elements(schema) or _walk_all(schema.document)


def _from_elements(schema: Schema) -> list[AvroNamed | AvroField] | None:
    """``_walk_all`` read off the governance walk (``walk.elements``) the other rules share,
    where the two agree: a schema the Avro engine parsed (every field named) without fixed
    types, which only this walk lists. None elsewhere."""
    if not _shares_elements(schema):
        return None
    found: list[AvroNamed | AvroField] = []
    records: dict[str, Mapping[str, Any]] = {}  # name path → record, for its fields
    for element in elements(schema):
        if element.kind == "field":
            record = records[element.base_path]
            found.append(AvroField(record, element.node, element.pointer, element.name_path))
        else:
            if element.kind == "record":
                records[element.name_path] = element.node
            found.append(AvroNamed(element.node, element.pointer, element.full_name,
                                   element.name_path))
    return found or None


def check_alias_rename(ctx: SchemaContext) -> Iterator[Hit]:
    if not _avro(ctx):
        return
    previous = ctx.previous
    compared = previous is not None and previous.schema_type is SchemaType.AVRO
    old_names: set[str] = set()
    for item in _fields(ctx):
        aliases = item.field.get("aliases")
        if not isinstance(aliases, list) or not aliases:
            continue
        if compared and not old_names and previous is not None:  # only once a field has aliases
            old_names = set(_previous_fields(ctx))
            old_names |= {named.full_name for named in walked(previous)
                          if isinstance(named, AvroNamed)}
        parent = item.name_path.rsplit(".", 1)[0]
        if compared and not any(f"{parent}.{alias}" in old_names for alias in aliases):
            continue
        yield Hit(join_pointer(item.pointer, "aliases"), _alias_message(
            f"field '{item.name_path}'", aliases), item.name_path)
    for named in _named(ctx):
        aliases = named.node.get("aliases")
        if isinstance(aliases, list) and aliases:
            yield Hit(join_pointer(named.pointer, "aliases"), _alias_message(
                f"type '{named.full_name}'", aliases), named.name_path)


def _alias_message(what: str, aliases: list[Any]) -> str:
    names = ", ".join(f"'{alias}'" for alias in aliases)
    return (f"The {what} is renamed through aliases ({names}). Java readers resolve aliases; "
            "readers in Python (fastavro), Go, JavaScript and .NET and most stream processors "
            "ignore them, so for those consumers the old field disappears and the new one "
            "takes its default. Add the new field beside the old one, deprecate the old one, "
            "and remove it when no consumer reads it.")


EVO002 = Rule(
    code="EVO002", name="alias-rename", default=Severity.WARNING,
    summary="A rename through aliases that non-Java readers ignore.",
    check_schema=check_alias_rename,
    doc=RuleDoc(
        what=("Fields and named types carrying `aliases`; with a previous version, only "
              "fields whose alias names a field of that version (a rename). " + _AVRO_ONLY),
        why=("Aliases are honoured by Java's schema resolution; fastavro, Go, JavaScript and "
             ".NET readers ignore them, so for those consumers a renamed field vanishes and "
             "the new one takes its default."),
        bad='{"name": "customer_id", "type": "string", "aliases": ["client_id"]}',
        good=('{"name": "client_id", "type": "string", "doc": "deprecated"}, '
              '{"name": "customer_id", "type": ["null", "string"], "default": null}'),
        fix="Add the new field beside the old one, then remove the old one when unused.",
    ),
)
