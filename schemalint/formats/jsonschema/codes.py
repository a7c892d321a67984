"""What each JSON Schema difference type means, for ``schemalint explain`` and docs/codes.md.

Confluent's JSON Schema diff names ~130 types; most are one keyword and what happened to it
(``MAX_LENGTH_DECREASED``), said here from the keyword and the verb, and the others one by
one. Each type's example is a minimal change (``schemalint/data/examples.json``) that
reports it; the good example is a change BACKWARD accepts, the bad one a change it refuses.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from schemalint.formats.jsonschema import difference as d
from schemalint.formats.jsonschema.compat import diff
from schemalint.formats.jsonschema.messages import confluent_description, explanation
from schemalint.model import CodeDoc

EXAMPLES_FILE = Path(__file__).parents[2] / "data" / "examples.json"

_KEYWORDS = {
    "MAX_LENGTH": "`maxLength` (the longest string allowed)",
    "MIN_LENGTH": "`minLength` (the shortest string allowed)",
    "PATTERN": "`pattern` (the regular expression strings must match)",
    "MAXIMUM": "`maximum` (the largest number allowed)",
    "MINIMUM": "`minimum` (the smallest number allowed)",
    "EXCLUSIVE_MAXIMUM": "`exclusiveMaximum` (the bound numbers must stay below)",
    "EXCLUSIVE_MINIMUM": "`exclusiveMinimum` (the bound numbers must stay above)",
    "MULTIPLE_OF": "`multipleOf` (what numbers must be a multiple of)",
    "MAX_PROPERTIES": "`maxProperties` (the most properties an object may have)",
    "MIN_PROPERTIES": "`minProperties` (the fewest properties an object may have)",
    "MAX_ITEMS": "`maxItems` (the longest array allowed)",
    "MIN_ITEMS": "`minItems` (the shortest array allowed)",
    "MAX_CONTAINS": "`maxContains` (the most items that may match `contains`)",
    "MIN_CONTAINS": "`minContains` (the fewest items that must match `contains`)",
    "UNIQUE_ITEMS": "`uniqueItems` (array items must all differ)",
    "ADDITIONAL_PROPERTIES": "`additionalProperties` (what undeclared properties may hold)",
    "UNEVALUATED_PROPERTIES": "`unevaluatedProperties` (what unevaluated properties may hold)",
    "ADDITIONAL_ITEMS": "`additionalItems` (what items past a tuple's positions may hold)",
    "UNEVALUATED_ITEMS": "`unevaluatedItems` (what unevaluated array items may hold)",
    "DEPENDENCY_ARRAY": "a property dependency (`dependencies`/`dependentRequired`: the "
                        "properties another one requires)",
    "DEPENDENCY_SCHEMA": "a schema dependency (`dependencies`/`dependentSchemas`: a schema "
                         "another property's presence imposes)",
    "ENUM_ARRAY": "`enum` (or `const`: the values allowed)",
    "TYPE": "`type`",
    "COMBINED_TYPE": "a combination (`anyOf`, `oneOf`, `allOf`)",
    "PRODUCT_TYPE": "an `allOf` (every branch must match)",
    "SUM_TYPE": "an `anyOf` or `oneOf` (one branch must match)",
    "NOT_TYPE": "a `not` (what must not match)",
    "SCHEMA": "a subschema (`items`, a property's schema, …)",
    "REQUIRED_ATTRIBUTE": "a name in `required`",
}
_VERBS = {
    "ADDED": "added", "REMOVED": "removed", "INCREASED": "raised", "DECREASED": "lowered",
    "CHANGED": "changed", "EXTENDED": "extended: it allows more (values, types or branches)",
    "NARROWED": "narrowed: it allows less (values, types or branches)",
    "EXPANDED": "changed to a multiple of the old value",
    "REDUCED": "changed to a divisor of the old value",
}
_SUMMARIES = {
    d.ID_CHANGED: "The schema's `$id` changed.",
    d.DESCRIPTION_CHANGED: "A `description` changed.",
    d.TITLE_CHANGED: "A `title` changed.",
    d.DEFAULT_CHANGED: "A `default` changed.",
    d.TYPE_NARROWED: "`type` narrowed: `number` became `integer`, or a type left a list.",
    d.COMBINED_TYPE_SUBSCHEMAS_CHANGED: (
        "The branches of a combination no longer match one for one, as when an `enum` beside "
        "a `type` loses a value (Confluent reads the two as an `allOf`)."),
    d.REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED: "A property with a `default` became required.",
    d.REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: (
        "A required property declared on an open object (undeclared properties allowed)."),
    d.REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL: (
        "A required property with a `default` declared on an open object."),
    d.OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: (
        "An optional property declared on an open object (undeclared properties allowed)."),
    d.PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL: (
        "A property that accepts anything (`{}`) declared on an open object."),
    d.REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL: (
        "A required property added to a closed or partially open object."),
    d.REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL: (
        "A required property with a `default` added to a closed or partially open object."),
    d.OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL: (
        "An optional property added to a closed or partially open object."),
    d.PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL: "A property removed from an open object.",
    d.PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL: (
        "A property declared `false` (never allowed) removed from a closed object."),
    d.PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL: (
        "A property missing from a closed object (`additionalProperties: false`) that the "
        "other schema declares: removed by the new schema, or, seen from old consumers, added "
        "by it."),
    d.PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: (
        "A property removed whose values the object's `patternProperties` or "
        "`additionalProperties` schema still accepts."),
    d.PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: (
        "A property removed whose values the object's `patternProperties` or "
        "`additionalProperties` schema rejects."),
    d.PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: (
        "A property declared that accepts every value the object's `patternProperties` or "
        "`additionalProperties` schema allowed under its name."),
    d.PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: (
        "A property declared that rejects values the object's `patternProperties` or "
        "`additionalProperties` schema allowed under its name."),
    d.ITEM_ADDED_TO_OPEN_CONTENT_MODEL: "A tuple position added to an open tuple.",
    d.ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL: (
        "A tuple position that accepts anything (`{}`) added to an open tuple."),
    d.ITEM_ADDED_TO_CLOSED_CONTENT_MODEL: "A tuple position added to a closed tuple.",
    d.ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL: "A tuple position removed from an open tuple.",
    d.ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL: (
        "A tuple position declared `false` removed from a closed tuple."),
    d.ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL: (
        "A tuple position missing from a closed tuple that the other schema has."),
    d.ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: (
        "A tuple position removed whose values the `additionalItems` schema still accepts."),
    d.ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: (
        "A tuple position removed whose values the `additionalItems` schema rejects."),
    d.ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: (
        "A tuple position added that accepts every value `additionalItems` allowed there."),
    d.ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: (
        "A tuple position added that rejects values `additionalItems` allowed there."),
}
# A good example where the change the other way round is no better.
_GOOD = {
    d.TYPE_CHANGED: ('{"type": "string"}', '{"type": ["string", "boolean"]}'),
    d.PATTERN_CHANGED: ('{"type": "string", "pattern": "^a"}', '{"type": "string"}'),
    d.MULTIPLE_OF_CHANGED: ('{"type": "number", "multipleOf": 4}',
                            '{"type": "number", "multipleOf": 2}'),
    d.ENUM_ARRAY_CHANGED: ('{"enum": ["a", "b"]}', '{"enum": ["a", "b", "c"]}'),
    d.DEPENDENCY_ARRAY_CHANGED: ('{"type": "object", "dependencies": {"a": ["b", "c"]}}',
                                 '{"type": "object", "dependencies": {"a": ["b"]}}'),
    d.COMBINED_TYPE_CHANGED: ('{"oneOf": [{"type": "string"}, {"type": "integer"}]}',
                              '{"anyOf": [{"type": "string"}, {"type": "integer"}]}'),
    d.COMBINED_TYPE_SUBSCHEMAS_CHANGED: (
        '{"oneOf": [{"type": "string"}, {"type": "integer"}]}',
        '{"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "boolean"}]}'),
    d.PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL: (
        '{"type": "object", "properties": {"a": {"type": "string"}}, '
        '"additionalProperties": false}',
        '{"type": "object", "properties": {"a": {"type": "string", "description": '
        '"Deprecated: no longer written."}}, "additionalProperties": false}'),
}
# What a reader of the code most needs besides: the changes it is reported for.
_ALSO = {
    d.PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL: (
        " Under FORWARD and FULL levels adding a property to a closed object is reported as "
        "this type: old consumers, whose closed schema lacks the property, reject new events "
        "that carry it. A closed object can gain no property there; publish the new shape "
        "under a new subject."),
    d.ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL: (
        " Under FORWARD and FULL levels adding a position to a closed tuple is reported as "
        "this type: old consumers reject new events that carry it."),
    d.COMBINED_TYPE_SUBSCHEMAS_CHANGED: (
        " Removing a value from an `enum` that sits beside a `type` is reported as this type: "
        "new consumers reject old events holding the value."),
}
# A good example that is the minimal change of a compatible type next to it.
_GOOD_AS = {
    d.PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL:
        d.PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL,
    d.PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL:
        d.PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL,
    d.ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL:
        d.ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL,
    d.ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL:
        d.ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL,
    d.REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL:
        d.REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL,
}
_ROLES = {"reader": "the new schema", "writer": "the old schema"}


def summary(code: str) -> str:
    """One sentence: what the difference type says changed."""
    if code in _SUMMARIES:
        return _SUMMARIES[code]
    subject, _, verb = code.rpartition("_")
    if subject in _KEYWORDS and verb in _VERBS:
        text = f"{_KEYWORDS[subject]} {_VERBS[verb]}."
        return text[:1].upper() + text[1:]
    raise KeyError(code)


@functools.cache
def examples() -> dict[str, tuple[str, str]]:
    """Each reported type's minimal change: (old schema, new schema)."""
    data = json.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))
    return {code: (old, new) for code, (old, new) in data["JSON"].items()}


def _reported(old: str, new: str) -> list[str]:
    return sorted({item.type for item in diff(json.loads(old), json.loads(new))})


def _pair(old: str, new: str) -> str:
    return f"old: {old}\nnew: {new}"


def doc(code: str) -> CodeDoc:
    old, new = examples()[code]
    reverse = _reported(new, old)
    reverse_breaks = any(t not in d.COMPATIBLE_STRICT for t in reverse)
    other_way = ("the example, new to old, reports " + ", ".join(f"`{t}`" for t in reverse)
                 + (" (which breaks old consumers)" if reverse_breaks else " (accepted)"))
    described = confluent_description(code, "…").replace("%s", "new", 1).replace("%s", "old", 1)
    what = summary(code) + (f" Confluent's description: \"{described}\"." if described else "")
    if code not in d.COMPATIBLE_STRICT:
        reason, fix = explanation(code)
        lenient = " The LENIENT policy accepts it." if code in d.COMPATIBLE_LENIENT else ""
        why = (f"Under BACKWARD levels it breaks new consumers (reading with the new schema): "
               f"{reason.format(**_ROLES)}.{lenient} Under FORWARD and FULL levels the change "
               f"is also compared the other way round: {other_way}.{_ALSO.get(code, '')}")
        good = _GOOD.get(code) or (examples()[_GOOD_AS[code]] if code in _GOOD_AS
                                    else (new, old))
        return CodeDoc(what, why, _pair(old, new), _pair(*good),
                       fix[:1].upper() + fix[1:] + ".")
    why = ("New consumers read every event the old schema accepts, so BACKWARD levels accept "
           "it. Under FORWARD and FULL levels it is compared the other way round too: "
           f"{other_way}.")
    bad = _pair(new, old) if reverse_breaks else \
        "None: Confluent accepts this change both ways, at every level."
    fix = ("Nothing to fix under BACKWARD. Under FORWARD or FULL, old consumers must accept "
           "what the new schema allows: see the other way round." if reverse_breaks else
           "Nothing to fix.")
    return CodeDoc(what, why, bad, _pair(old, new), fix)


def docs() -> dict[str, tuple[str, CodeDoc]]:
    """Every type the diff reports: its summary and its documentation."""
    return {code: (summary(code), doc(code)) for code in sorted(d.REPORTED_TYPES)}
