"""EVO002: a rename through aliases that non-Java readers ignore."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.lint.rules.evolution import (
    _AVRO_ONLY,
    PreviousFields,
    _avro,
    _named,
    _previous_fields,
)
from schemalint.model import SchemaType, Severity
from schemalint.sourcemap import join_pointer


def check_alias_rename(ctx: SchemaContext) -> Iterator[Hit]:
    if not _avro(ctx):
        return
    previous = ctx.previous
    compared = previous is not None and previous.schema_type is SchemaType.AVRO
    old_fields: PreviousFields | None = None
    old_types: set[str] = set()
    for item in ctx.schema.view.fields:
        aliases = item.declaration.get("aliases")
        if not isinstance(aliases, list) or not aliases:
            continue
        if compared and old_fields is None and previous is not None:  # once a field has aliases
            old_fields = _previous_fields(ctx)
            old_types = {named.full_name for named in _named(previous)}
        parent = item.name_path.rsplit(".", 1)[0]
        if old_fields is not None and not any(
                f"{parent}.{alias}" in old_fields or f"{parent}.{alias}" in old_types
                for alias in aliases):
            continue
        yield Hit(join_pointer(item.pointer, "aliases"), _alias_message(
            f"field '{item.name_path}'", aliases), item.name_path)
    for named in _named(ctx.schema):
        aliases = named.declaration.get("aliases")
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
