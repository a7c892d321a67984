"""EVO007: a JSON Schema object whose open content model blocks every future addition."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.lint.rules.evolution import _json_objects
from schemalint.model import Direction, SchemaType, Severity


def _open_content_model(raw: Mapping[str, Any]) -> bool:
    additional = raw.get("additionalProperties", True)
    unevaluated = raw.get("unevaluatedProperties", True)
    return additional is True and unevaluated is True and "patternProperties" not in raw


def check_open_content_model(ctx: SchemaContext) -> Iterator[Hit]:
    if ctx.schema.schema_type is not SchemaType.JSON or ctx.settings.json_policy != "strict":
        return
    if Direction.BACKWARD not in ctx.level.directions:
        return
    for record in _json_objects(ctx.schema):
        if not _open_content_model(record.declaration):
            continue
        name = record.name_path or "the root object"
        yield Hit(record.pointer, (
            f"'{name}' has an open content model (additionalProperties absent or true). Under "
            f"{ctx.level.value} with the STRICT policy, Confluent treats every property added "
            "to an open object as incompatible (OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL), "
            "so this schema can never gain a field. Set \"additionalProperties\": false now, "
            "while nobody depends on the extra properties."
        ), name)


EVO007 = Rule(
    code="EVO007", name="open-content-model-under-strict", default=None,
    when_selected=Severity.WARNING,
    summary="A JSON Schema object whose open content model blocks every future addition.",
    check_schema=check_open_content_model,
    doc=RuleDoc(
        what=("JSON Schema objects with an open content model (`additionalProperties` absent "
              "or true, no `patternProperties`, `unevaluatedProperties` absent or true) on "
              "subjects whose level includes BACKWARD, with `json-policy = \"strict\"`. "
              "Off by default (the strict preset): it reports every open object, nested "
              "ones included."),
        why=("Under Confluent's STRICT policy, adding any property to an open object is "
             "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL, an incompatible change: the "
             "schema can never gain a field."),
        bad='{"type": "object", "properties": {"id": {"type": "string"}}}',
        good=('{"type": "object", "properties": {"id": {"type": "string"}}, '
              '"additionalProperties": false}'),
        fix=("Close the content model with `\"additionalProperties\": false` while it is "
             "still safe, or set `json-policy = \"lenient\"` where the registry runs LENIENT."),
    ),
)
