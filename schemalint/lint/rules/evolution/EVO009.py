"""EVO009: a Protobuf field number reused for a different field."""

from __future__ import annotations

from collections.abc import Iterator

from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.lint.rules.evolution import _PROTO_ONLY, _declaration, _Message, _pairs
from schemalint.model import Severity


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
