"""EVO010: a Protobuf enum value removed without reserving its number."""

from __future__ import annotations

from collections.abc import Iterator

from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.lint.rules.evolution import _PROTO_ONLY
from schemalint.model import Schema, SchemaType, Severity
from schemalint.view import Element


def _enums(schema: Schema | None) -> dict[str, Element]:
    """The Protobuf enums the file declares (nested ones included), by full name."""
    if schema is None or schema.schema_type is not SchemaType.PROTOBUF or schema.parsed is None:
        return {}
    return {item.full_name: item for item in schema.view.elements if item.kind == "enum"}


def _reserves(enum: Element, number: int) -> bool:
    return any(first <= number <= last for first, last in enum.reserved_numbers)


def check_enum_value_removed(ctx: SchemaContext) -> Iterator[Hit]:
    before = _enums(ctx.previous)
    if not before:
        return
    for full_name, now in _enums(ctx.schema).items():
        old = before.get(full_name)
        if old is None:
            continue
        kept = set(now.value_numbers)
        for name, number in zip(old.values, old.value_numbers, strict=True):
            if number in kept or _reserves(now, number):
                continue
            reserve = f"reserved {number};"
            if name not in now.values and name not in now.reserved_names:
                reserve += f" reserved \"{name}\";"
            yield Hit(now.pointer, (
                f"Value '{name} = {number}' is removed from enum '{now.name_path}' without "
                f"reserving its number: the registry accepts the change, and readers of this "
                f"version see the old data still in the topic (and every replay) as a bare "
                f"{number}, until a later version gives {number} to another value and they "
                f"read it as that. Add `{reserve}` to '{now.name_path}'."
            ), f"{now.name_path}.{name}:removed")


EVO010 = Rule(
    code="EVO010", name="enum-value-removed-without-reserved", default=Severity.WARNING,
    summary="A Protobuf enum value removed without reserving its number.",
    check_schema=check_enum_value_removed,
    doc=RuleDoc(
        what=("Values of an enum of the previous version whose number no value of the new "
              "version has and no `reserved` range of the enum holds, as `buf breaking` "
              "judges them (ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED). A renamed value "
              "that keeps its number passes, as do values whose whole enum is removed. "
              "Reported on the enum, naming the removed value. " + _PROTO_ONLY),
        why=("Confluent's check accepts removing an enum value. Readers of the new version "
             "then decode the old data still in the topic, and every replay, as a bare "
             "number (proto3 keeps it as an unrecognised value, proto2 drops it to the "
             "unknown fields); a later version that gives the number to another value makes "
             "them read it as that value, without an error."),
        bad=('v1 enum Status { STATUS_UNSPECIFIED = 0; STATUS_ACTIVE = 1; '
             'STATUS_LEGACY = 2; }\n'
             'v2 enum Status { STATUS_UNSPECIFIED = 0; STATUS_ACTIVE = 1; }'),
        good=('v2 enum Status { reserved 2; reserved "STATUS_LEGACY"; '
              'STATUS_UNSPECIFIED = 0; STATUS_ACTIVE = 1; }'),
        fix=("Add `reserved <number>;` (and `reserved \"<NAME>\";`, which keeps JSON "
             "readers from meeting the name again) to the enum."),
    ),
)
