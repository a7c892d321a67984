"""Messages for JSON Schema incompatibilities: what breaks, for whom, and the fix.

Each message names Confluent's difference type and path. ``confluent_description`` restates
the registry's own description template (its ``%s`` are the two schemas' roles).
"""

from __future__ import annotations

from schemalint.formats.jsonschema import difference as d
from schemalint.formats.jsonschema.wording import change, enum_difference, quoted
from schemalint.model import Incompatibility

_KEYWORD_ADDED = {
    d.MAXIMUM_ADDED, d.MINIMUM_ADDED, d.EXCLUSIVE_MAXIMUM_ADDED, d.EXCLUSIVE_MINIMUM_ADDED,
    d.MULTIPLE_OF_ADDED, d.MAX_LENGTH_ADDED, d.MIN_LENGTH_ADDED, d.PATTERN_ADDED,
    d.REQUIRED_ATTRIBUTE_ADDED, d.MAX_PROPERTIES_ADDED, d.MIN_PROPERTIES_ADDED,
    d.DEPENDENCY_ARRAY_ADDED, d.DEPENDENCY_SCHEMA_ADDED, d.MAX_ITEMS_ADDED, d.MIN_ITEMS_ADDED,
    d.MAX_CONTAINS_ADDED, d.MIN_CONTAINS_ADDED, d.UNIQUE_ITEMS_ADDED,
    d.ADDITIONAL_ITEMS_REMOVED, d.ADDITIONAL_PROPERTIES_REMOVED,
    d.UNEVALUATED_PROPERTIES_REMOVED, d.UNEVALUATED_ITEMS_REMOVED,
}
_VALUE_INCREASED = {
    d.MIN_LENGTH_INCREASED, d.MINIMUM_INCREASED, d.EXCLUSIVE_MINIMUM_INCREASED,
    d.MIN_PROPERTIES_INCREASED, d.MULTIPLE_OF_EXPANDED, d.MIN_ITEMS_INCREASED,
    d.MIN_CONTAINS_INCREASED,
}
_VALUE_DECREASED = {
    d.MAX_LENGTH_DECREASED, d.MAXIMUM_DECREASED, d.MAX_ITEMS_DECREASED,
    d.MAX_CONTAINS_DECREASED, d.EXCLUSIVE_MAXIMUM_DECREASED, d.MAX_PROPERTIES_DECREASED,
}
_NARROWED = {
    d.ADDITIONAL_ITEMS_NARROWED, d.ENUM_ARRAY_NARROWED, d.SUM_TYPE_NARROWED,
    d.ADDITIONAL_PROPERTIES_NARROWED, d.UNEVALUATED_PROPERTIES_NARROWED,
    d.UNEVALUATED_ITEMS_NARROWED,
}
_VALUE_CHANGED = {d.PATTERN_CHANGED, d.MULTIPLE_OF_CHANGED, d.DEPENDENCY_ARRAY_CHANGED}
_TYPE_CHANGED = {
    d.TYPE_CHANGED, d.TYPE_NARROWED, d.COMBINED_TYPE_CHANGED,
    d.COMBINED_TYPE_SUBSCHEMAS_CHANGED, d.ENUM_ARRAY_CHANGED,
}
_EXTENDED = {
    d.DEPENDENCY_ARRAY_EXTENDED, d.PRODUCT_TYPE_EXTENDED, d.SUM_TYPE_EXTENDED,
    d.NOT_TYPE_EXTENDED,
}
_ADDED_TO_OPEN = {
    d.REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL,
    d.REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL,
    d.OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL, d.ITEM_ADDED_TO_OPEN_CONTENT_MODEL,
}


def confluent_description(kind: str, path: str) -> str:
    """Confluent's description of a difference; ``%s`` stand for the two schemas' roles."""
    if kind in _KEYWORD_ADDED:
        return f"The keyword at path '{path}' in the %s schema is not present in the %s schema"
    if kind in _VALUE_INCREASED:
        return (f"The value at path '{path}' in the %s schema is more than its value in the "
                "%s schema")
    if kind in _VALUE_DECREASED:
        return (f"The value at path '{path}' in the %s schema is less than its value in the "
                "%s schema")
    if kind in _VALUE_CHANGED:
        return f"The value at path '{path}' is different between the %s and %s schema"
    if kind in _NARROWED:
        return (f"An array or combined type at path '{path}' has fewer elements in the %s "
                "schema than the %s schema")
    if kind in _EXTENDED:
        return (f"An array or combined type at path '{path}' has more elements in the %s "
                "schema than the %s schema")
    if kind in _TYPE_CHANGED:
        return f"A type at path '{path}' is different between the %s schema and the %s schema"
    if kind in _ADDED_TO_OPEN:
        return (f"The %s schema has an open content model and has a property or item at path "
                f"'{path}' which is missing in the %s schema")
    if kind == d.REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL:
        return (f"The %s schema has an unopen content model and has a required property at "
                f"path '{path}' which is missing in the %s schema")
    if kind in (d.PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL,
                d.ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL):
        return (f"The %s has a closed content model and is missing a property or item present "
                f"at path '{path}' in the %s schema")
    if kind in (d.PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL,
                d.ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL):
        return (f"A property or item is missing in the %s schema but present at path '{path}' "
                "in the %s schema and is not covered by its partially open content model")
    if kind in (d.PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL,
                d.ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL):
        return (f"The %s schema has a property or item at path '{path}' which is missing in "
                "the %s schema and is not covered by its partially open content model")
    return ""


# What the change does, said with {reader} and {writer} ("the new schema" / "the old schema"
# on the backward leg, the other way round on the forward leg), and how to fix it.
_EXPLAIN: dict[str, tuple[str, str]] = {
    d.SCHEMA_ADDED: ("{reader} has a subschema where {writer} had none, so values {writer} "
                     "accepted can fail it", "drop the subschema or make it accept everything"),
    d.TYPE_CHANGED: ("the type differs between {writer} and {reader}, so values of {writer}'s "
                     "type are rejected", "keep the old type, or accept both (anyOf)"),
    d.TYPE_NARROWED: ("{writer} allows any number where {reader} requires an integer",
                      "keep 'number'"),
    d.ENUM_ARRAY_NARROWED: ("{reader}'s enum lacks values {writer}'s allows",
                            "keep every old value in the enum"),
    d.ENUM_ARRAY_CHANGED: ("the allowed values (enum or const) differ, so values {writer} "
                           "allows are rejected", "keep every old value allowed"),
    d.COMBINED_TYPE_CHANGED: ("the combination keyword (anyOf/oneOf/allOf) differs in a way "
                              "that rejects {writer}'s data", "keep the old keyword, or use anyOf"),
    d.COMBINED_TYPE_SUBSCHEMAS_CHANGED: ("the branches of {reader}'s combined schema do not "
                                         "match {writer}'s one for one",
                                         "keep each old branch, changed only compatibly"),
    d.SUM_TYPE_NARROWED: ("{reader}'s anyOf/oneOf has fewer branches than {writer}'s, so data "
                          "matching a missing branch is rejected", "keep the branch"),
    d.PRODUCT_TYPE_EXTENDED: ("{reader}'s allOf has more branches than {writer}'s, so data "
                              "must satisfy one more schema", "drop the extra allOf branch"),
    d.NOT_TYPE_EXTENDED: ("{reader}'s 'not' excludes values {writer} allows",
                          "exclude no more than before"),
    d.REQUIRED_ATTRIBUTE_ADDED: ("a property optional in {writer} is required in {reader}, so "
                                 "data without it is rejected",
                                 "keep it optional, or give it a default"),
    d.REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: (
        "{reader} declares a required property that {writer} left to its open content model, "
        "so data lacking it (or carrying it with another type) is rejected",
        "make it optional, or close the object with additionalProperties: false first"),
    d.REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL: (
        "{reader} declares a property that {writer}'s open content model allowed with any "
        "value, so data carrying it with another type is rejected (STRICT policy)",
        "use the LENIENT policy if producers never send undeclared properties, or close the "
        "object with additionalProperties: false first"),
    d.OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: (
        "{reader} declares a property that {writer}'s open content model allowed with any "
        "value, so data carrying it with another type is rejected (STRICT policy)",
        "use the LENIENT policy if producers never send undeclared properties, or close the "
        "object with additionalProperties: false first"),
    d.REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL: (
        "{reader} requires a property {writer} does not declare, so data without it is "
        "rejected", "make it optional, or give it a default"),
    d.PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL: (
        "{reader} lacks a property {writer} declares and rejects undeclared properties, so "
        "data carrying it is rejected",
        "keep the property (it can be deprecated), or allow additional properties"),
    d.PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: (
        "{reader}'s schema for a property rejects values {writer}'s patternProperties or "
        "additionalProperties schema allowed under that name",
        "make the property accept those values"),
    d.PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: (
        "a property {writer} declares falls under {reader}'s patternProperties or "
        "additionalProperties schema, which rejects its values",
        "keep the property, or widen the covering schema"),
    d.ITEM_ADDED_TO_OPEN_CONTENT_MODEL: (
        "{reader} constrains a tuple position that {writer} left open",
        "give the position an empty schema, or close the tuple first"),
    d.ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL: (
        "{reader} lacks a tuple position {writer} has and rejects extra items",
        "keep the position, or allow additional items"),
    d.ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: (
        "{reader}'s tuple position rejects values {writer}'s additional-items schema allowed",
        "make the position accept those values"),
    d.ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: (
        "a tuple position of {writer} falls under {reader}'s additional-items schema, which "
        "rejects its values", "keep the position, or widen the additional-items schema"),
    d.ADDITIONAL_PROPERTIES_REMOVED: ("{reader} rejects undeclared properties {writer} allows",
                                      "keep additional properties allowed"),
    d.ADDITIONAL_PROPERTIES_NARROWED: ("{reader} constrains undeclared properties {writer} "
                                       "allows freely", "keep additionalProperties absent or true"),
    d.UNEVALUATED_PROPERTIES_REMOVED: ("{reader} rejects unevaluated properties {writer} "
                                       "allows", "keep unevaluated properties allowed"),
    d.UNEVALUATED_PROPERTIES_NARROWED: ("{reader} constrains unevaluated properties {writer} "
                                        "allows freely",
                                        "keep unevaluatedProperties absent or true"),
    d.ADDITIONAL_ITEMS_REMOVED: ("{reader} rejects extra array items {writer} allows",
                                 "keep additional items allowed"),
    d.ADDITIONAL_ITEMS_NARROWED: ("{reader} constrains extra array items {writer} allows freely",
                                  "keep additional items unconstrained"),
    d.UNEVALUATED_ITEMS_REMOVED: ("{reader} rejects unevaluated array items {writer} allows",
                                  "keep unevaluated items allowed"),
    d.UNEVALUATED_ITEMS_NARROWED: ("{reader} constrains unevaluated array items {writer} "
                                   "allows freely", "keep unevaluated items unconstrained"),
    d.DEPENDENCY_ARRAY_ADDED: ("in {reader} a property requires others to be present",
                               "drop the dependency"),
    d.DEPENDENCY_ARRAY_EXTENDED: ("in {reader} a property requires more properties than in "
                                  "{writer}", "require no more than before"),
    d.DEPENDENCY_ARRAY_CHANGED: ("in {reader} a property requires other properties than in "
                                 "{writer}", "require no more than before"),
    d.DEPENDENCY_SCHEMA_ADDED: ("in {reader} a property's presence imposes a schema",
                                "drop the schema dependency"),
    d.PATTERN_ADDED: ("{reader} requires strings to match a pattern", "drop the pattern"),
    d.PATTERN_CHANGED: ("{reader}'s pattern differs from {writer}'s (any textual change "
                        "counts)", "keep the old pattern"),
    d.UNIQUE_ITEMS_ADDED: ("{reader} requires unique array items", "drop uniqueItems"),
    d.MULTIPLE_OF_CHANGED: ("{reader}'s multipleOf is not a divisor of {writer}'s",
                            "use a divisor of the old multipleOf"),
}


def explanation(kind: str) -> tuple[str, str]:
    """Why ``kind`` breaks (said with {reader} and {writer}) and the fix on the backward leg."""
    found = _EXPLAIN.get(kind)
    if found is not None:
        return found
    if kind in _KEYWORD_ADDED:
        return ("{reader} has a constraint {writer} lacks, so data {writer} accepts can fail "
                "it", "drop the constraint")
    if kind in _VALUE_INCREASED:
        return ("{reader}'s lower bound is above {writer}'s, so values near it are rejected",
                "keep the old bound or lower it")
    if kind in _VALUE_DECREASED:
        return ("{reader}'s upper bound is below {writer}'s, so values near it are rejected",
                "keep the old bound or raise it")
    return ("{reader} rejects data {writer} accepts",
            "undo the change or make it only loosen the schema")


def describe(incompatibility: Incompatibility, *, backward: bool, against: str) -> str:
    """What changed, for whom it breaks, and the fix, for one incompatible difference."""
    kind = incompatibility.code
    path = incompatibility.name_path or "#/"
    old, new = ((incompatibility.writer_name, incompatibility.reader_name) if backward
                else (incompatibility.reader_name, incompatibility.writer_name))
    changed = change(kind, path, old, new, backward=backward)
    what, fix = explanation(kind)
    enum = _enum_values(kind, old, new)
    if enum is not None:
        removed = enum[0]
        what = "{reader} rejects values {writer} allows"
        fix = (f"add {removed} back to the enum (deprecate it in the description rather than "
               "remove it)") if removed else fix
    if backward:
        who = f"consumers using the new schema cannot read data valid under {against}"
        roles = {"reader": "the new schema", "writer": "the old schema"}
    else:
        who = f"consumers still on {against} cannot read data valid under the new schema"
        roles = {"reader": "the old schema", "writer": "the new schema"}
        fix = _forward_fix(kind, enum)
    return f"{_capitalized(changed)}: {who}: {what.format(**roles)}. Fix: {fix}."


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _enum_values(kind: str, old: str, new: str) -> tuple[str, str] | None:
    """The enum values the new version removed and added, quoted, when the change is one."""
    if kind not in (d.ENUM_ARRAY_NARROWED, d.ENUM_ARRAY_CHANGED,
                    d.COMBINED_TYPE_SUBSCHEMAS_CHANGED, d.TYPE_CHANGED):
        return None
    values = enum_difference(old, new)
    if values is None:
        return None
    removed, added = values
    return quoted(removed), quoted(added)


def _forward_fix(kind: str, enum: tuple[str, str] | None) -> str:
    # The fixes of ``_EXPLAIN`` are said of the new schema as a reader; as a writer the cure
    # is to accept no more than the old reader does, or to move consumers first.
    if enum is not None and enum[1]:
        return (f"consumers on the old schema reject {enum[1]}: publish the new values under "
                "a new subject, or sanction the change with [[allow-breaking]] once every "
                "consumer accepts them")
    if kind in (d.PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL,
                d.ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL):
        return ("a closed object (additionalProperties: false) cannot gain a property at a "
                "FORWARD or FULL level: publish the new shape under a new subject, or "
                "sanction the change with [[allow-breaking]] once every consumer has it")
    return ("make the new schema accept no more than the old one here, or upgrade every "
            "consumer before producers write with it")
