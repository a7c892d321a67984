"""EVO003: an enum without an enum default cannot gain symbols safely."""

from __future__ import annotations

from collections.abc import Iterator

from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.lint.rules.evolution import _avro, _named
from schemalint.model import Severity


def check_enum_default(ctx: SchemaContext) -> Iterator[Hit]:
    if not _avro(ctx):
        return
    for named in _named(ctx.schema):
        if named.kind == "enum" and "default" not in named.declaration:
            yield Hit(named.pointer, (
                f"Enum '{named.full_name}' has no enum default: the day a symbol is added, "
                "every consumer still on this schema fails to read records that use it. Add "
                "\"default\" naming a fallback symbol (such as \"UNKNOWN\") now, before "
                "consumers depend on the enum."
            ), named.name_path)


EVO003 = Rule(
    code="EVO003", name="enum-without-default", default=Severity.WARNING,
    summary="An enum without an enum default cannot gain symbols safely.",
    check_schema=check_enum_default,
    doc=RuleDoc(
        what="Avro enum types without a `default` symbol.",
        why=("A reader whose enum lacks a symbol the writer used fails unless its enum has a "
             "default; without one, adding a symbol breaks every consumer not yet upgraded."),
        bad='{"type": "enum", "name": "Status", "symbols": ["OPEN", "CLOSED"]}',
        good=('{"type": "enum", "name": "Status", "symbols": ["UNKNOWN", "OPEN", "CLOSED"], '
              '"default": "UNKNOWN"}'),
        fix="Add a fallback symbol and name it as the enum's `default`.",
    ),
)
