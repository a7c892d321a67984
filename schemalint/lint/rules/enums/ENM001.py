"""ENM001: enum symbols not in UPPER_SNAKE_CASE (Protobuf: or without the enum's prefix)."""

from __future__ import annotations

from collections.abc import Iterator

from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.model import SchemaType, Severity
from schemalint.regexes import lazy_compile
from schemalint.sourcemap import join_pointer
from schemalint.view import Element

_UPPER_SNAKE = lazy_compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")
# JSON Schema enum values that read as symbols; others ("1.0", "application/json") are data.
_SYMBOL_LIKE = lazy_compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_CAMEL_BOUNDARY = lazy_compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def proto_prefix(enum_name: str) -> str:
    """The value prefix Protobuf's style guide asks for: ``OrderStatus`` → ``ORDER_STATUS_``."""
    return _CAMEL_BOUNDARY.sub("_", enum_name).upper() + "_"


def _proto_enum_hit(element: Element) -> Hit | None:
    values = list(zip(element.values, element.value_numbers, strict=True))
    if not values:
        return None
    label = element.name_path or element.name
    prefix = proto_prefix(element.name)
    bad = [(name, number) for name, number in values if not _UPPER_SNAKE.match(name)]
    if bad:
        problem = "not in UPPER_SNAKE_CASE"
        fix = f"Use UPPER_SNAKE_CASE with the prefix '{prefix}'"
    else:
        bad = [(name, number) for name, number in values if not name.startswith(prefix)]
        if not bad:
            return None
        problem = f"without the prefix '{prefix}'"
        fix = (f"Prefix every value with '{prefix}': Protobuf scopes enum values beside their "
               "enum, so two enums of one package cannot both have an 'UNKNOWN', and "
               "generated code loses the enum's name")
    shown = ", ".join(f"'{name}'" for name, _ in bad[:5])
    more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
    return Hit(f"{element.pointer}/{bad[0][1]}", (
        f"Enum '{label}' has values {problem} ({shown}{more}): generated code turns them into "
        f"constants, and a project that mixes styles makes every consumer map them. {fix} "
        "in new enums (renaming a published value breaks JSON readers, which use the names)."
    ), f"{label}:symbols")


def check_enum_symbols(ctx: SchemaContext) -> Iterator[Hit]:
    avro = ctx.schema.schema_type is SchemaType.AVRO
    proto = ctx.schema.schema_type is SchemaType.PROTOBUF
    for element in ctx.schema.view.elements:
        if element.kind != "enum":
            continue
        if proto:
            hit = _proto_enum_hit(element)
            if hit is not None:
                yield hit
            continue
        key = "symbols" if avro else "enum"
        values = element.values
        strings = [value for value in values if isinstance(value, str)]
        if not avro and (len(strings) != len(values)
                         or not all(_SYMBOL_LIKE.match(value) for value in strings)):
            continue
        bad = [(index, value) for index, value in enumerate(values)
               if isinstance(value, str) and not _UPPER_SNAKE.match(value)]
        if not bad:
            continue
        shown = ", ".join(f"'{value}'" for _, value in bad[:5])
        more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
        label = element.name_path or element.name or "enum"
        yield Hit(join_pointer(element.pointer, key, bad[0][0]), (
            f"Enum '{label}' has symbols not in UPPER_SNAKE_CASE ({shown}{more}): generated "
            "code turns symbols into constants, and a project that mixes styles makes every "
            "consumer map them. Use UPPER_SNAKE_CASE for new enums (renaming a published "
            "symbol is a breaking change)."
        ), f"{label}:symbols")


ENM001 = Rule(
    code="ENM001", name="enum-symbol-case", default=None,
    when_selected=Severity.INFO,
    summary="Enum symbols not in UPPER_SNAKE_CASE (Protobuf: or without the enum's prefix).",
    check_schema=check_enum_symbols,
    doc=RuleDoc(
        what=("Avro enum symbols, and JSON Schema `enum` lists whose values all read as "
              "symbols (letters, digits, `_`), for UPPER_SNAKE_CASE; one finding per enum, "
              "at its first offending symbol. Protobuf enum values, as the Protobuf style "
              "guide and `buf lint` want them: UPPER_SNAKE_CASE and prefixed with the enum's "
              "name in UPPER_SNAKE_CASE (`enum OrderStatus { ORDER_STATUS_UNSPECIFIED = 0; "
              "ORDER_STATUS_OPEN = 1; }`). A missing enum default is EVO's concern, not "
              "this rule's. "
              "Off by default (the strict preset): lower-case JSON Schema enum values "
              "are data as often as symbols."),
        why=("Enum symbols become constants in generated code; one style across the "
             "project spares every consumer a mapping table."),
        bad='{"type": "enum", "name": "Channel", "symbols": ["web", "Mobile"]}',
        good='{"type": "enum", "name": "Channel", "symbols": ["WEB", "MOBILE"]}',
        fix=("Use UPPER_SNAKE_CASE in new enums; renaming a published symbol breaks "
             "readers, so do it with a new enum or field."),
    ),
)
