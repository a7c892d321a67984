"""EVO006: a field added without a default on a FORWARD-including level can never be removed."""

from __future__ import annotations

from collections.abc import Iterator

from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.lint.rules.evolution import _avro, _json_objects, _previous_fields
from schemalint.model import Direction, SchemaType, Severity
from schemalint.sourcemap import join_pointer


def check_forward_removable(ctx: SchemaContext) -> Iterator[Hit]:
    # Only what this version adds: flagging every existing required field would bury the
    # one decision the author can still change.
    if Direction.FORWARD not in ctx.level.directions or ctx.previous is None:
        return
    level = ctx.level.value
    if _avro(ctx):
        before = _previous_fields(ctx)
        for item in ctx.schema.view.fields:
            if "default" not in item.declaration and before.of(item) is None:
                yield Hit(item.pointer, (
                    f"Field '{item.name_path}' is added without a default on a subject at "
                    f"{level}: consumers on this version will need it to read new data, so it "
                    "can never be removed. Give it a default now if it may ever be dropped."
                ), item.name_path)
        return
    if ctx.schema.schema_type is not SchemaType.JSON:
        return
    required_before = {
        (record.name_path, name) for root in ctx.previous.view.roots for record in root.walk()
        for name in (record.declaration.get("required") or ()) if isinstance(name, str)
    }
    for record in _json_objects(ctx.schema):
        required = record.declaration.get("required")
        if not isinstance(required, list):
            continue
        for index, name in enumerate(required):
            if not isinstance(name, str) or (record.name_path, name) in required_before:
                continue
            path = f"{record.name_path}.{name}" if record.name_path else name
            yield Hit(join_pointer(record.pointer, "required", index), (
                f"Property '{path}' becomes required on a subject at {level}: consumers on "
                "this version will reject data without it, so it can never be removed. Make "
                "it optional now if it may ever be dropped."
            ), path)


EVO006 = Rule(
    code="EVO006", name="field-not-removable-under-forward", default=Severity.WARNING,
    summary="A field added without a default on a FORWARD-including level can never be removed.",
    check_schema=check_forward_removable,
    doc=RuleDoc(
        what=("On subjects at FORWARD, FULL or their transitive forms: Avro fields this "
              "version adds without a default, and JSON Schema properties it newly lists in "
              "`required`. A subject's first version is not checked."),
        why=("Forward compatibility means consumers on this version must read data written "
             "by later ones; a later version that drops a field they need without a default "
             "is refused, so such a field is there for good."),
        bad='{"name": "legacy_code", "type": "string"}',
        good='{"name": "legacy_code", "type": ["null", "string"], "default": null}',
        fix="Give fields that may be dropped some day a default now (or make them optional).",
    ),
)
