"""EVO008, EVO009: Protobuf field numbers freed without ``reserved``, and numbers reused.

A Protobuf reader knows a field by its number only. Old data stays in the topic and comes
back on every replay, so a number once used must never mean anything else; ``reserved`` is
how a file says so, and protoc then refuses any later field with that number or name.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from schemalint.model import Schema, SchemaType, Severity
from schemalint.rules.base import Hit, Rule, RuleDoc, SchemaContext


class _Message(NamedTuple):
    full_name: str
    local: str
    pointer: str
    fields: dict[int, tuple[str, str, bool]]
    reserved_numbers: tuple[tuple[int, int], ...]
    reserved_names: frozenset[str]

    def reserves(self, number: int) -> bool:
        return any(first <= number <= last for first, last in self.reserved_numbers)

    def numbered(self, name: str) -> int | None:
        return next((number for number, field in self.fields.items() if field[0] == name), None)


def _messages(schema: Schema | None) -> dict[str, _Message] | None:
    """The file's messages (nested ones included) by full name; None for other schemas."""
    if schema is None or schema.schema_type is not SchemaType.PROTOBUF or schema.parsed is None:
        return None
    # Imported here: the Protobuf model needs the protobuf package, an optional extra.
    from schemalint.rules.protoview import (
        every_message,
        local_name,
        message_pointer,
        proto_model,
    )

    model = proto_model(schema)
    if model is None:
        return None
    package = model.file.package
    found: dict[str, _Message] = {}
    for message in every_message(model.file):
        fields = {item.number: (item.name, str(item.type), item.label == "repeated")
                  for item in message.fields}
        found[message.full_name] = _Message(
            message.full_name, local_name(message.full_name, package),
            message_pointer(message.full_name, package), fields, message.reserved_numbers,
            frozenset(message.reserved_names))
    return found


def _pairs(ctx: SchemaContext) -> Iterator[tuple[_Message, _Message]]:
    """(previous, new) for every message both versions declare."""
    new = _messages(ctx.schema)
    old = _messages(ctx.previous)
    if new is None or old is None:
        return
    for full_name, message in new.items():
        before = old.get(full_name)
        if before is not None:
            yield before, message


def _declaration(field: tuple[str, str, bool], number: int) -> str:
    name, kind, repeated = field
    return f"{'repeated ' if repeated else ''}{kind} {name} = {number}"


# EVO008 ---------------------------------------------------------------------------------

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


# EVO009 ---------------------------------------------------------------------------------

def _reuse_reason(now: _Message, old: tuple[str, str, bool],
                  new: tuple[str, str, bool]) -> str | None:
    """Why the field now at the old field's number is another field; None for a rename."""
    old_name = old[0]
    if old_name == new[0]:
        return None
    moved = now.numbered(old_name)
    if moved is not None:
        return f"'{old_name}' lives on as number {moved}"
    if old_name in now.reserved_names:
        return f"the new version reserves the name '{old_name}'"
    if old[1:] != new[1:]:
        return "name and type both change"
    return None


def check_number_reused(ctx: SchemaContext) -> Iterator[Hit]:
    for before, now in _pairs(ctx):
        for number, field in now.fields.items():
            old = before.fields.get(number)
            if old is None:
                if before.reserves(number):
                    yield Hit(f"{now.pointer}/{number}", (
                        f"Field '{field[0]}' of '{now.local}' takes number {number}, which the "
                        "previous version reserved: the field that had it was removed, and "
                        "its data is still in the topic and in every replay, where readers "
                        f"of this version decode it as '{field[0]}'. Give '{field[0]}' a "
                        f"fresh number and keep {number} reserved."
                    ), f"{now.local}.{field[0]}:reused")
                continue
            reason = _reuse_reason(now, old, field)
            if reason is None:
                continue
            if now.numbered(old[0]) is not None:
                fix = (f"Keep '{old[0]}' on number {number} and give '{field[0]}' a number "
                       "never used in the message.")
            else:
                fix = (f"Give '{field[0]}' a number never used in the message, and add "
                       f"`reserved {number}; reserved \"{old[0]}\";` instead.")
            yield Hit(f"{now.pointer}/{number}", (
                f"Number {number} of '{now.local}' was '{_declaration(old, number)}' and is "
                f"now '{_declaration(field, number)}' ({reason}): readers know fields by "
                "number, so data written with the old field (still in the topic, and in "
                "every replay) is decoded as the new one. Where the wire types agree "
                "(string/bytes, int32/int64/bool/enum …) the registry accepts the change and "
                f"nothing fails: values are silently misread. {fix}"
            ), f"{now.local}.{number}:reused")


_PROTO_ONLY = ("Protobuf schemas with a previous version only; messages are matched by full "
               "name, nested ones included.")

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

EVO009 = Rule(
    code="EVO009", name="field-number-reused", default=Severity.ERROR,
    summary="A Protobuf field number reused for a different field.",
    check_schema=check_number_reused,
    doc=RuleDoc(
        what=("Numbers whose field in the new version is another field than in the previous "
              "one: the old name moved to another number, the old name is now reserved, or "
              "name and type (or repeated-ness) both change; and fields taking a number the "
              "previous version reserved. A change of name alone is a rename and passes, as "
              "does a change of type alone (the compatibility check judges that). "
              + _PROTO_ONLY),
        why=("Readers know a field by its number, so the old data still in the topic (and "
             "in every replay) decodes as the new field. Confluent's check compares fields by "
             "number and accepts wire-compatible type changes (string and bytes; int32, "
             "int64, uint32, uint64, bool and enum …), so a reuse between such types is "
             "registered and then misread without an error."),
        bad=('v1 message Customer { string email = 3; }\n'
             'v2 message Customer { reserved "email"; bytes avatar = 3; }'),
        good='v2 message Customer { reserved 3; reserved "email"; bytes avatar = 4; }',
        fix=("Give the new field a number never used in the message, and reserve the old "
             "number and name."),
    ),
)
