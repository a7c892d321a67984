"""EVO005: a record, enum or fixed type without a namespace."""

from __future__ import annotations

from collections.abc import Iterator

from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.lint.rules.evolution import _avro, _named
from schemalint.model import SchemaType, Severity


def _proto_package(ctx: SchemaContext) -> Iterator[Hit]:
    # The first message's full name is its name alone when the file declares no package.
    names = ctx.schema.view.root_names
    if not names or names[0] is None or "." in names[0]:
        return
    first = names[0]
    yield Hit("", (
        f"The file declares no package: the full name of its message '{first}' is global, so "
        "it collides with any other file's message of the same name once files import each "
        "other or share a registry's references, and the record name subject strategies put "
        "unrelated schemas under one subject. Add a package (package acme.orders;)."
    ), "package")


def check_namespace(ctx: SchemaContext) -> Iterator[Hit]:
    if ctx.schema.schema_type is SchemaType.PROTOBUF:
        yield from _proto_package(ctx)
        return
    if not _avro(ctx):
        return
    for named in _named(ctx.schema):
        if "." not in named.full_name:
            yield Hit(named.pointer, (
                f"Named type '{named.full_name}' has no namespace: its full name is global, so "
                "it collides with any other schema's type of the same name when schemas "
                "reference each other, and the record name subject strategies put unrelated "
                "schemas under one subject. Add a namespace to the top-level type (nested "
                "types inherit it)."
            ), named.name_path)


EVO005 = Rule(
    code="EVO005", name="named-type-without-namespace", default=Severity.WARNING,
    summary="A record, enum or fixed type without a namespace.",
    check_schema=check_namespace,
    doc=RuleDoc(
        what=("Avro named types whose full name has no namespace, declared or inherited; "
              "Protobuf files without a `package`."),
        why=("Full names are global: without a namespace two teams' `Address` types collide "
             "as soon as schemas reference each other, and record-name subject strategies "
             "file unrelated schemas under one subject."),
        bad='{"type": "record", "name": "OrderPlaced", "fields": [...]}',
        good='{"type": "record", "name": "OrderPlaced", "namespace": "com.acme.orders", ...}',
        fix="Add a namespace to the top-level type; nested types inherit it.",
    ),
)
