"""Every difference type Confluent's JSON Schema diff emits, from a minimal pair authored here."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from schemalint import check_compatibility
from schemalint.formats.jsonschema import ALL_TYPES, ENGINE, diff, is_compatible

FIXTURES = Path(__file__).parents[2] / "fixtures" / "jsonschema"
PAIRS: list[list[Any]] = json.loads((FIXTURES / "difference_pairs.json").read_text())

# Confluent's classification, restated from the reference notes (not from the code under test):
# what STRICT rejects, and what LENIENT additionally accepts.
INCOMPATIBLE_STRICT = {
    "SCHEMA_ADDED", "TYPE_NARROWED", "TYPE_CHANGED",
    "MAX_LENGTH_ADDED", "MAX_LENGTH_DECREASED", "MIN_LENGTH_ADDED", "MIN_LENGTH_INCREASED",
    "PATTERN_ADDED", "PATTERN_CHANGED",
    "MAXIMUM_ADDED", "MAXIMUM_DECREASED", "MINIMUM_ADDED", "MINIMUM_INCREASED",
    "EXCLUSIVE_MAXIMUM_ADDED", "EXCLUSIVE_MAXIMUM_DECREASED", "EXCLUSIVE_MINIMUM_ADDED",
    "EXCLUSIVE_MINIMUM_INCREASED", "MULTIPLE_OF_ADDED", "MULTIPLE_OF_EXPANDED",
    "MULTIPLE_OF_CHANGED",
    "REQUIRED_ATTRIBUTE_ADDED", "MAX_PROPERTIES_ADDED", "MAX_PROPERTIES_DECREASED",
    "MIN_PROPERTIES_ADDED", "MIN_PROPERTIES_INCREASED", "ADDITIONAL_PROPERTIES_REMOVED",
    "ADDITIONAL_PROPERTIES_NARROWED", "UNEVALUATED_PROPERTIES_REMOVED",
    "UNEVALUATED_PROPERTIES_NARROWED", "DEPENDENCY_ARRAY_ADDED", "DEPENDENCY_ARRAY_EXTENDED",
    "DEPENDENCY_ARRAY_CHANGED", "DEPENDENCY_SCHEMA_ADDED",
    "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
    "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL",
    "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
    "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL",
    "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL",
    "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "MAX_ITEMS_ADDED", "MAX_ITEMS_DECREASED", "MIN_ITEMS_ADDED", "MIN_ITEMS_INCREASED",
    "MAX_CONTAINS_ADDED", "MAX_CONTAINS_DECREASED", "MIN_CONTAINS_ADDED",
    "MIN_CONTAINS_INCREASED", "UNIQUE_ITEMS_ADDED", "ADDITIONAL_ITEMS_REMOVED",
    "ADDITIONAL_ITEMS_NARROWED", "UNEVALUATED_ITEMS_REMOVED", "UNEVALUATED_ITEMS_NARROWED",
    "ITEM_ADDED_TO_OPEN_CONTENT_MODEL", "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL",
    "ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "ENUM_ARRAY_NARROWED", "ENUM_ARRAY_CHANGED", "COMBINED_TYPE_CHANGED",
    "PRODUCT_TYPE_EXTENDED", "SUM_TYPE_NARROWED", "COMBINED_TYPE_SUBSCHEMAS_CHANGED",
    "NOT_TYPE_EXTENDED",
}
ACCEPTED_BY_LENIENT_ONLY = {
    "ADDITIONAL_PROPERTIES_NARROWED", "ADDITIONAL_PROPERTIES_REMOVED",
    "UNEVALUATED_PROPERTIES_NARROWED", "UNEVALUATED_PROPERTIES_REMOVED",
    "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL",
    "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL",
    "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
}
# Declared by Confluent, never produced by its diff.
NEVER_EMITTED = {"PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", "RESERVED_PROPERTY_REMOVED",
                 "RESERVED_PROPERTY_CONFLICTS_WITH_PROPERTY"}


def test_the_table_covers_every_difference_type() -> None:
    assert {row[0] for row in PAIRS} == ALL_TYPES - NEVER_EMITTED


@pytest.mark.parametrize(("name", "original", "update", "expected"), PAIRS,
                         ids=[row[0] for row in PAIRS])
def test_minimal_pair_gives_its_difference(name: str, original: Any, update: Any,
                                           expected: list[str]) -> None:
    found = diff(original, update)
    assert Counter(str(item) for item in found) == Counter(expected)
    assert name in {item.type for item in found}


@pytest.mark.parametrize(("name", "original", "update", "expected"), PAIRS,
                         ids=[row[0] for row in PAIRS])
def test_verdict_follows_confluent_classification(name: str, original: Any, update: Any,
                                                  expected: list[str]) -> None:
    strict = diff(original, update)
    types = {item.type for item in strict}
    assert is_compatible(strict) == (not types & INCOMPATIBLE_STRICT)
    lenient = diff(original, update, "LENIENT")
    assert is_compatible(lenient, "LENIENT") == (
        not {item.type for item in lenient} & (INCOMPATIBLE_STRICT - ACCEPTED_BY_LENIENT_ONLY))


@pytest.mark.parametrize("policy", ["STRICT", "LENIENT"])
@pytest.mark.parametrize(("name", "original", "update", "expected"), PAIRS,
                         ids=[row[0] for row in PAIRS])
def test_the_verdict_alone_is_the_full_diffs(name: str, original: Any, update: Any,
                                             expected: list[str], policy: str) -> None:
    # The reader is the update; each side parsed afresh, so no diff is known beforehand.
    def parsed(document: Any) -> Any:
        return ENGINE.parse(json.dumps(document))

    verdict = ENGINE.reads(parsed(update), parsed(original), policy=policy)
    assert verdict == (not ENGINE.incompatibilities(parsed(update), parsed(original),
                                                    policy=policy))


@pytest.mark.parametrize(("name", "original", "update", "expected"), PAIRS,
                         ids=[row[0] for row in PAIRS])
def test_backward_check_through_the_public_api(name: str, original: Any, update: Any,
                                               expected: list[str]) -> None:
    # BACKWARD: the new schema (update) reads data written with the old one (original).
    result = check_compatibility(update, [original], level="BACKWARD", schema_type="JSON")
    incompatible = sorted(item.split()[0] for item in expected
                          if item.split()[0] in INCOMPATIBLE_STRICT)
    assert sorted(finding.code for finding in result.findings) == incompatible
    assert result.compatible == (not incompatible)


@pytest.mark.parametrize(("name", "original", "update", "expected"), PAIRS,
                         ids=[row[0] for row in PAIRS])
def test_forward_check_diffs_the_other_way(name: str, original: Any, update: Any,
                                           expected: list[str]) -> None:
    # FORWARD with ``original`` as the new schema: the old reader (update) reads new data,
    # which is exactly the backward check above.
    forward = check_compatibility(original, [update], level="FORWARD", schema_type="JSON")
    backward = check_compatibility(update, [original], level="BACKWARD", schema_type="JSON")
    assert sorted(f.code for f in forward.findings) == sorted(f.code for f in backward.findings)
    assert all(f.direction is not None and f.direction.value == "forward"
               for f in forward.findings)


def test_strict_rejects_an_optional_property_added_to_an_open_object() -> None:
    old = {"type": "object", "properties": {"id": {"type": "string"}}}
    new = {"type": "object", "properties": {"id": {"type": "string"}, "note": {"type": "string"}}}
    strict = check_compatibility(new, [old], level="BACKWARD", schema_type="JSON")
    lenient = check_compatibility(new, [old], level="BACKWARD", schema_type="JSON",
                                  policy="lenient")
    assert [f.code for f in strict.findings] == ["OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"]
    assert lenient.compatible


def test_strict_accepts_an_optional_property_added_to_a_closed_object() -> None:
    old = {"type": "object", "properties": {"id": {"type": "string"}},
           "additionalProperties": False}
    new = {"type": "object", "additionalProperties": False,
           "properties": {"id": {"type": "string"}, "note": {"type": "string"}}}
    assert check_compatibility(new, [old], level="BACKWARD", schema_type="JSON").compatible
    # FULL also runs the forward leg: the old closed reader cannot read the new property.
    full = check_compatibility(new, [old], level="FULL", schema_type="JSON")
    assert [f.code for f in full.findings] == ["PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"]


@pytest.mark.parametrize("level", ["BACKWARD_TRANSITIVE", "FULL_TRANSITIVE"])
def test_transitive_levels_reach_older_versions(level: str) -> None:
    v1 = {"type": "object", "properties": {"n": {"type": "integer"}},
          "additionalProperties": False}
    v2 = {"type": "object", "properties": {"n": {"type": "integer"}, "m": {"type": "string"}},
          "additionalProperties": False}
    v3 = {"type": "object", "properties": {"n": {"type": "number"}, "m": {"type": "string"}},
          "additionalProperties": False}
    latest_only = check_compatibility(v3, [v1, v2], level="BACKWARD", schema_type="JSON")
    transitive = check_compatibility(v3, [v1, v2], level=level, schema_type="JSON")
    assert latest_only.compatible
    assert transitive.compatible is (level == "BACKWARD_TRANSITIVE")


TYPE_SHAPES = [
    # Everit's model: a list of types is a union, an enum beside a type is an allOf.
    ("type list widened", {"type": "string"}, {"type": ["string", "null"]},
     ["SUM_TYPE_EXTENDED #/"]),
    ("type list narrowed", {"type": ["string", "null"]}, {"type": "string"},
     ["TYPE_CHANGED #/"]),
    ("enum removed from typed schema", {"type": "string", "enum": ["a"]}, {"type": "string"},
     ["PRODUCT_TYPE_NARROWED #/"]),
    ("enum added to typed schema", {"type": "string"}, {"type": "string", "enum": ["a"]},
     ["TYPE_CHANGED #/"]),
    ("enum widened beside a type", {"type": "string", "enum": ["a"]},
     {"type": "string", "enum": ["a", "b"]}, ["ENUM_ARRAY_EXTENDED #/allOf/0/enum"]),
    ("enum widened beside a type (2020-12 order)",
     {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "string",
      "enum": ["a"]},
     {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "string",
      "enum": ["a", "b"]}, ["ENUM_ARRAY_EXTENDED #/allOf/1/enum"]),
    ("const changed", {"const": 1}, {"const": 2}, ["ENUM_ARRAY_CHANGED #/const"]),
    ("1 and 1.0 differ in an enum", {"enum": [1]}, {"enum": [1.0]},
     ["ENUM_ARRAY_CHANGED #/enum"]),
    ("anything may become the empty schema", {"type": "string", "maxLength": 3}, {}, []),
    ("the empty schema may not become a type", {}, {"type": "object"}, ["TYPE_CHANGED #/"]),
    ("false may become anything", False, {"type": "string"}, []),
    ("integer union branch widened", {"type": ["integer", "null"]},
     {"type": ["number", "null"]}, ["TYPE_EXTENDED #/anyOf/0"]),
    ("object default is never equal to itself", {"type": "object", "default": {}},
     {"type": "object", "default": {}}, ["DEFAULT_CHANGED #/"]),
    ("null default on the original side only", {"type": "string", "default": None},
     {"type": "string"}, []),
    ("multipleOf compares exact decimals", {"type": "number", "multipleOf": 0.5},
     {"type": "number", "multipleOf": 0.50}, []),
    ("multipleOf 0.5 to 10 is expanded", {"type": "number", "multipleOf": 0.5},
     {"type": "number", "multipleOf": 10}, ["MULTIPLE_OF_EXPANDED #/multipleOf"]),
    ("exclusiveMaximum lowered is compared with the update's maximum",
     {"type": "number", "exclusiveMaximum": 10},
     {"type": "number", "exclusiveMaximum": 5, "maximum": 20}, ["MAXIMUM_ADDED #/maximum"]),
    ("format is not compared", {"type": "string", "format": "date"},
     {"type": "string", "format": "date-time"}, []),
    ("a draft-04 boolean exclusiveMaximum is not compared",
     {"$schema": "http://json-schema.org/draft-04/schema#", "type": "number", "maximum": 3},
     {"$schema": "http://json-schema.org/draft-04/schema#", "type": "number", "maximum": 3,
      "exclusiveMaximum": True}, []),
    ("connect.type bytes on both sides", {"type": "string", "connect.type": "bytes"},
     {"type": "number", "connect.type": "bytes"}, []),
    ("not is compared reversed", {"not": {"type": "string"}}, {"not": {"type": "string"}},
     ["NOT_TYPE_NARROWED #/not"]),
    ("duplicate branches collapse", {"anyOf": [{"type": "string"}, {"type": "string"}]},
     {"anyOf": [{"type": "string"}]}, []),
    ("branch order does not matter",
     {"oneOf": [{"type": "string"}, {"type": "integer", "maximum": 3}]},
     {"oneOf": [{"type": "integer"}, {"type": "string"}]},
     ["MAXIMUM_REMOVED #/oneOf/1/maximum"]),
    ("unevaluatedProperties is unknown to draft 7", {"type": "object"},
     {"type": "object", "unevaluatedProperties": False}, []),
    ("$defs beside unevaluatedProperties hides it (2020-12)",
     {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
      "$defs": {"x": {"type": "string"}}},
     {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
      "$defs": {"x": {"type": "string"}}, "unevaluatedProperties": False}, []),
    ("dependentRequired is read as dependencies (2020-12)",
     {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"},
     {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
      "dependentRequired": {"a": ["b"]}}, ["DEPENDENCY_ARRAY_ADDED #/dependencies/a"]),
]


@pytest.mark.parametrize(("original", "update", "expected"),
                         [row[1:] for row in TYPE_SHAPES], ids=[row[0] for row in TYPE_SHAPES])
def test_everit_model_quirks(original: Any, update: Any, expected: list[str]) -> None:
    assert Counter(str(item) for item in diff(original, update)) == Counter(expected)


def test_several_changes_at_once_in_an_event_schema() -> None:
    old = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "OrderPlaced", "type": "object", "additionalProperties": False,
        "required": ["order_id", "amount"],
        "properties": {
            "order_id": {"type": "string", "pattern": "^o-"},
            "amount": {"$ref": "#/definitions/money"},
            "status": {"type": "string", "enum": ["NEW", "PAID"]},
            "lines": {"type": "array", "items": {"$ref": "#/definitions/line"}},
            "note": {"type": ["string", "null"]},
        },
        "definitions": {
            "money": {"type": "object", "required": ["units"],
                      "properties": {"units": {"type": "integer"},
                                     "currency": {"type": "string", "maxLength": 3}}},
            "line": {"type": "object", "properties": {"sku": {"type": "string"},
                                                      "qty": {"type": "integer",
                                                              "minimum": 1}}},
        },
    }
    new = json.loads(json.dumps(old))
    new["title"] = "OrderPlacedV2"
    new["properties"]["status"]["enum"].append("CANCELLED")
    new["properties"]["coupon"] = {"type": "string"}
    new["required"].append("coupon")
    del new["properties"]["note"]
    new["definitions"]["money"]["properties"]["units"]["type"] = "number"
    new["definitions"]["line"]["properties"]["qty"]["minimum"] = 2
    new["definitions"]["line"]["properties"]["gift"] = {"type": "boolean"}
    found = Counter(str(item) for item in diff(old, new))
    assert found == Counter([
        "TITLE_CHANGED #/",
        "ENUM_ARRAY_EXTENDED #/properties/status/allOf/0/enum",
        "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/coupon",
        "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL #/properties/note",
        "TYPE_EXTENDED #/properties/amount/properties/units",
        "MINIMUM_INCREASED #/properties/lines/items/properties/qty/minimum",
        "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/lines/items/properties/gift",
    ])
    result = check_compatibility(json.dumps(new, indent=2), [old], level="BACKWARD",
                                 schema_type="JSON")
    by_code = {finding.code: finding for finding in result.findings}
    assert set(by_code) == {"REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL",
                            "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL",
                            "MINIMUM_INCREASED", "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"}
    # Findings anchor in the new file: the added property where it stands, the removed one at
    # the nearest enclosing element, the changed bound inside the shared definition.
    assert by_code["REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"].pointer == \
        "/properties/coupon"
    assert by_code["PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"].pointer == "/properties/note"
    assert by_code["MINIMUM_INCREASED"].pointer == "/definitions/line/properties/qty/minimum"
    text = json.dumps(new, indent=2).splitlines()
    line = by_code["MINIMUM_INCREASED"].line
    assert line is not None and '"minimum": 2' in text[line - 1]
    removed = by_code["PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"]
    assert removed.line is not None and '"properties"' in text[removed.line - 1]


def test_the_differences_of_one_pair_are_found_once_and_handed_out_as_copies() -> None:
    from schemalint.formats.jsonschema import ENGINE

    old = ENGINE.parse('{"type": "object", "properties": {"a": {"type": "string"}}}')
    new = ENGINE.parse('{"type": "object", "properties": {"a": {"type": "integer"}}}')
    first = diff(old, new)
    first.clear()
    again = diff(old, new)
    assert [d.type for d in again] == ["TYPE_CHANGED"]
    assert again is not diff(old, new)
    assert len(new.parsed.diffs) == 1
    assert [d.type for d in diff(new, old)] == ["TYPE_CHANGED"]
    assert len(old.parsed.diffs) == 1 and len(new.parsed.diffs) == 1
    diff(old, new, "LENIENT")  # another policy, another entry
    assert len(new.parsed.diffs) == 2
