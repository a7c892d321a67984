"""EVO008: a Protobuf field removed without reserving its number and name."""

from __future__ import annotations

from collections.abc import Iterator

from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.lint.rules.evolution import _PROTO_ONLY, _declaration, _pairs
from schemalint.model import Severity


def check_removed_without_reserved(ctx: SchemaContext) -> Iterator[Hit]:
    for before, now in _pairs(ctx):
        for number, field in before.fields.items():
            if number in now.fields:
                continue  # still used: EVO009 judges what it means now
            name = field[0]
            missing: list[tuple[str, str]] = []
            if not now.reserves(number):
                missing.append((f"number ({number})", f"reserved {number};"))
            # A name still used by a field (renumbered) cannot be reserved.
            if name not in now.reserved_names and now.numbered(name) is None:
                missing.append((f"name ('{name}')", f"reserved \"{name}\";"))
            if not missing:
                continue
            what = " and ".join(part for part, _ in missing)
            add = " ".join(line for _, line in missing)
            them = "them" if len(missing) > 1 else "it"
            yield Hit(now.pointer, (
                f"Field '{name}' ({_declaration(field, number)}) is removed from "
                f"'{now.local}' without reserving its {what}: a later version can give "
                f"{them} to a new field, and readers then decode the old data still in the "
                "topic, or replayed, as that field (binary readers by number, JSON readers "
                f"by name). Add `{add}` to '{now.local}'."
            ), f"{now.local}.{name}:removed")


EVO008 = Rule(
    code="EVO008", name="field-removed-without-reserved", default=Severity.WARNING,
    summary="A Protobuf field removed without reserving its number and name.",
    check_schema=check_removed_without_reserved,
    doc=RuleDoc(
        what=("Fields of the previous version missing from the new one whose number is not "
              "in the message's `reserved` ranges, or whose name is not among its reserved "
              "names (a name a renumbered field still uses passes). Reported on the message, "
              "naming the removed field. " + _PROTO_ONLY),
        why=("Removing a field is compatible, and nothing stops the next change from giving "
             "its number or name to a new field; old data in the topic is then read as that "
             "field. `reserved` makes protoc refuse such a field for good."),
        bad=('v1 message OrderPlaced { string order_id = 1; string coupon = 2; }\n'
             'v2 message OrderPlaced { string order_id = 1; }'),
        good=('v2 message OrderPlaced { reserved 2; reserved "coupon"; '
              'string order_id = 1; }'),
        fix="Add `reserved <number>;` and `reserved \"<name>\";` to the message.",
    ),
)
