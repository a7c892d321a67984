"""Messages of JSON Schema findings: what breaks, for whom, the fix; pinned by a golden file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from golden import assert_golden

from schemalint import check_compatibility
from schemalint.formats.jsonschema import ENGINE
from schemalint.formats.jsonschema.messages import confluent_description

FIXTURES = Path(__file__).parents[2] / "fixtures" / "jsonschema"
PAIRS: list[list[Any]] = json.loads((FIXTURES / "difference_pairs.json").read_text())


def _messages() -> str:
    lines = []
    for name, original, update, _ in PAIRS:
        old = ENGINE.parse(json.dumps(original))
        new = ENGINE.parse(json.dumps(update))
        for incompatibility in ENGINE.incompatibilities(new, old):
            if incompatibility.code != name:
                continue
            for backward in (True, False):
                lines.append(ENGINE.describe(incompatibility, backward=backward,
                                             against="version 3 (main)"))
    return "\n".join(lines) + "\n"


def test_messages_match_the_golden_file() -> None:
    assert_golden(FIXTURES / "messages.golden.txt", _messages())


def test_message_says_who_breaks_in_each_direction() -> None:
    old = {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"],
           "additionalProperties": False}
    new = {"type": "object", "properties": {"a": {"type": "string"}},
           "additionalProperties": False}
    backward = check_compatibility(old, [new], level="BACKWARD", schema_type="JSON")
    forward = check_compatibility(new, [old], level="FORWARD", schema_type="JSON")
    assert [f.code for f in backward.findings] == ["REQUIRED_ATTRIBUTE_ADDED"]
    assert [f.code for f in forward.findings] == ["REQUIRED_ATTRIBUTE_ADDED"]
    assert "consumers using the new schema cannot read data valid under version 1" in \
        backward.findings[0].message
    assert "consumers still on version 1 cannot read data valid under the new schema" in \
        forward.findings[0].message
    assert "required in the new schema" in backward.findings[0].message
    assert "required in the old schema" in forward.findings[0].message
    assert backward.findings[0].message.startswith("Property 'a' made required: ")
    assert forward.findings[0].message.startswith("Property 'a' no longer required: ")


_METHOD = {"type": "string", "enum": ["CARD", "BANK_TRANSFER"]}


@pytest.mark.parametrize(("old", "new", "level", "code", "message"), [
    # Confluent reads "type" beside "enum" as an allOf of the two: an enum value removed is a
    # change of its branches, said here in the enum's words, with the code once.
    ({"type": "object", "properties": {"method": _METHOD}},
     {"type": "object", "properties": {"method": {**_METHOD, "enum": ["CARD"]}}},
     "BACKWARD", "COMBINED_TYPE_SUBSCHEMAS_CHANGED",
     "Enum value 'BANK_TRANSFER' removed from property 'method': consumers using the new "
     "schema cannot read data valid under version 1: the new schema rejects values the old "
     "schema allows. Fix: add 'BANK_TRANSFER' back to the enum (deprecate it in the "
     "description rather than remove it)."),
    ({"type": "object", "properties": {"method": {**_METHOD, "enum": ["CARD"]}}},
     {"type": "object", "properties": {"method": _METHOD}},
     "FORWARD", "COMBINED_TYPE_SUBSCHEMAS_CHANGED",
     "Enum value 'BANK_TRANSFER' added to property 'method': consumers still on version 1 "
     "cannot read data valid under the new schema: the old schema rejects values the new "
     "schema allows. Fix: consumers on the old schema reject 'BANK_TRANSFER': publish the new "
     "values under a new subject, or sanction the change with [[allow-breaking]] once every "
     "consumer accepts them."),
    # An optional property added to a closed object: Confluent's type says "removed" (seen
    # from the old reader), the message says what happened and whom it breaks.
    ({"type": "object", "properties": {"id": {"type": "string"}},
      "additionalProperties": False},
     {"type": "object", "properties": {"id": {"type": "string"}, "note": {"type": "string"}},
      "additionalProperties": False},
     "FULL_TRANSITIVE", "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL",
     "Property 'note' added to a closed object: consumers still on version 1 cannot read "
     "data valid under the new schema: the old schema lacks a property the new schema "
     "declares and rejects undeclared properties, so data carrying it is rejected. Fix: a "
     "closed object "
     "(additionalProperties: false) cannot gain a property at a FORWARD or FULL level: "
     "publish the new shape under a new subject, or sanction the change with "
     "[[allow-breaking]] once every consumer has it."),
    # An object that gained a top-level oneOf is a combination to Confluent: said as such,
    # not "from object to object" (RedHatInsights/event-schemas, schemas/events/v1/events.json,
    # 57a59d5).
    ({"type": "object", "properties": {"data": {"type": "object"}}},
     {"type": "object", "properties": {"data": {"type": "object"}},
      "oneOf": [{"required": ["data"]}, {"properties": {"data": {"required": ["a"]}}}]},
     "BACKWARD", "TYPE_CHANGED",
     "The type of the top level changed from object to object with oneOf: consumers using the "
     "new schema cannot read data valid under version 1: the type differs between the old "
     "schema and the new schema, so values of the old schema's type are rejected. Fix: keep "
     "the old type, or accept both (anyOf)."),
])
def test_message_names_what_changed(old: dict[str, Any], new: dict[str, Any], level: str,
                                    code: str, message: str) -> None:
    result = check_compatibility(new, [old], level=level, schema_type="JSON")
    assert [(f.code, f.message) for f in result.findings] == [(code, message)]


def test_every_incompatible_difference_has_a_confluent_description() -> None:
    for name, original, update, _ in PAIRS:
        found = ENGINE.incompatibilities(ENGINE.parse(json.dumps(update)),
                                         ENGINE.parse(json.dumps(original)))
        for incompatibility in found:
            if incompatibility.code in ("SCHEMA_ADDED",):
                continue  # Confluent has no description template for this type
            assert incompatibility.detail == confluent_description(
                incompatibility.code, incompatibility.name_path)
            assert incompatibility.detail, name


def test_findings_anchor_in_the_new_file_on_both_legs() -> None:
    old_text = '{\n  "type": "object",\n  "properties": {\n    "a": {"type": "string"}\n  }\n}'
    new_text = ('{\n  "type": "object",\n  "properties": {\n    "a": {"type": "string"},\n'
                '    "b": {"type": "integer"}\n  },\n  "additionalProperties": false\n}')
    result = check_compatibility(new_text, [old_text], level="FULL", schema_type="JSON")
    places = sorted((f.direction.value if f.direction else "", f.code, f.line, f.column)
                    for f in result.findings)
    assert places == [
        ("backward", "ADDITIONAL_PROPERTIES_REMOVED", 7, 3),
        ("backward", "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", 5, 5),
    ]
