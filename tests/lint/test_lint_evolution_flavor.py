"""EVO001–EVO007 and FLV001/FLV002."""

from __future__ import annotations

from typing import Any

import pytest
from lint_helpers import codes, lint, make_schema, record

from schemalint.lint.engine import lint_schema
from schemalint.lint.settings import LintSettings, TopicSettings
from schemalint.model import Level


def _decimal(precision: int, scale: int) -> dict[str, Any]:
    return {"type": "bytes", "logicalType": "decimal", "precision": precision, "scale": scale}


def _ts(unit: str) -> dict[str, Any]:
    return {"type": "long", "logicalType": f"timestamp-{unit}"}


@pytest.mark.parametrize(("old", "new"), [
    (_decimal(10, 2), _decimal(10, 4)),
    (_decimal(10, 2), _decimal(12, 2)),
    (_ts("millis"), _ts("micros")),
    ({"type": "int", "logicalType": "date"}, _ts("millis")),
    ("long", _ts("millis")),
    (["null", _ts("micros")], ["null", _ts("millis")]),
])
def test_evo001_flags_logical_type_changes(old: Any, new: Any) -> None:
    previous = make_schema(record("Payment", {"name": "amount", "type": old}))
    findings = lint(record("Payment", {"name": "amount", "type": new}),
                    select=("EVO001",), previous=previous)
    assert codes(findings) == ["EVO001"]
    assert findings[0].pointer == "/fields/0/type"


@pytest.mark.parametrize(("old", "new"), [
    (_decimal(10, 2), _decimal(10, 2)),
    ("int", "long"),
    ("string", {"type": "string", "logicalType": "uuid"}),
])
def test_evo001_passes_unchanged_logical_types(old: Any, new: Any) -> None:
    previous = make_schema(record("Payment", {"name": "amount", "type": old}))
    assert lint(record("Payment", {"name": "amount", "type": new}),
                select=("EVO001",), previous=previous) == []


# The previous version's text as written: whether it holds a type written inline is first
# read off the text, and must not miss one however the text spells it.
@pytest.mark.parametrize("previous_text", [
    '{"type": "record", "name": "Payment", "fields": [{"name": "amount",'
    ' "type": {"type": "long", "logicalType": "timestamp-millis"}}]}',
    '{"type": "record", "name": "Payment", "fields": [{"name": "amount",'
    ' "type" :\n  {"type": "long", "logicalType": "timestamp-millis"}}]}',
    '{"type": "record", "name": "Payment", "fields": [{"name": "amount",'
    ' "typ\\u0065": {"type": "long", "logicalType": "timestamp-millis"}}]}',
], ids=["inline", "spaced", "escaped key"])
def test_evo001_flags_a_logical_type_dropped_for_a_named_type(previous_text: str) -> None:
    findings = lint(record("Payment", {"name": "amount", "type": "long"}),
                    select=("EVO001",), previous=make_schema(previous_text))
    assert [(f.code, f.pointer) for f in findings] == [("EVO001", "/fields/0/type")]


def test_evo001_needs_a_previous_version() -> None:
    assert lint(record("Payment", {"name": "amount", "type": _ts("millis")}),
                select=("EVO001",)) == []


def test_evo002_flags_renames_through_aliases() -> None:
    previous = make_schema(record("Customer", {"name": "client_id", "type": "string"}))
    renamed = record("Customer", {"name": "customer_id", "type": "string",
                                  "aliases": ["client_id"]})
    findings = lint(renamed, select=("EVO002",), previous=previous)
    assert codes(findings) == ["EVO002"]
    assert "fastavro" in findings[0].message
    unrelated = record("Customer", {"name": "client_id", "type": "string"},
                       {"name": "x", "type": "string", "aliases": ["y"]})
    assert lint(unrelated, select=("EVO002",), previous=previous) == []


@pytest.mark.parametrize(("enum", "expected"), [
    ({"type": "enum", "name": "Status", "symbols": ["A", "B"]}, ["EVO003"]),
    ({"type": "enum", "name": "Status", "symbols": ["U", "A"], "default": "U"}, []),
])
def test_evo003_flags_enums_without_default(enum: dict[str, Any], expected: list[str]) -> None:
    assert codes(lint(record("Order", {"name": "status", "type": enum}),
                      select=("EVO003",))) == expected


@pytest.mark.parametrize(("union", "default", "expected"), [
    (["string", "null"], None, ["EVO004"]),
    (["null", "string"], "x", ["EVO004"]),
    (["int", "null"], True, ["EVO004"]),
    (["null", "string"], None, []),
    (["string", "null"], "x", []),
    (["long", "null"], 3, []),
])
def test_evo004_union_default_must_match_the_first_branch(
        union: list[Any], default: Any, expected: list[str]) -> None:
    field = {"name": "note", "type": union, "default": default}
    assert codes(lint(record("Order", field), select=("EVO004",))) == expected


def test_evo005_flags_named_types_without_namespace() -> None:
    bare = {"type": "record", "name": "Order", "fields": [
        {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["A"]}}]}
    assert codes(lint(bare, select=("EVO005",))) == ["EVO005", "EVO005"]
    assert lint(record("Order", {"name": "status", "type": {
        "type": "enum", "name": "Status", "symbols": ["A"]}}), select=("EVO005",)) == []


@pytest.mark.parametrize(("level", "expected"), [
    (Level.FORWARD, ["EVO006"]), (Level.FULL_TRANSITIVE, ["EVO006"]),
    (Level.BACKWARD, []), (Level.NONE, []),
])
def test_evo006_fields_added_without_default_under_forward(level: Level,
                                                           expected: list[str]) -> None:
    settings = LintSettings(select=("EVO006",), compatibility=level)
    before = make_schema(record("Order", {"name": "id", "type": "string"}))
    schema = record("Order", {"name": "id", "type": "string"},
                    {"name": "code", "type": "string"},
                    {"name": "note", "type": ["null", "string"], "default": None})
    findings = lint(schema, settings=settings, previous=before)
    assert codes(findings) == expected
    assert all(f.name_path == "Order.code" for f in findings)


def test_evo006_leaves_a_subjects_first_version_alone() -> None:
    settings = LintSettings(select=("EVO006",), compatibility=Level.FULL)
    assert lint(record("Order", {"name": "id", "type": "string"}), settings=settings) == []


def test_evo006_json_newly_required_properties_under_forward() -> None:
    settings = LintSettings(select=("EVO006",),
                            topics=(TopicSettings(match="o", compatibility=Level.FULL),))
    before = make_schema({"type": "object", "properties": {"id": {"type": "string"}}}, "json")
    schema = {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}
    findings = lint(schema, "json", topic="o", settings=settings, previous=before)
    assert codes(findings) == ["EVO006"]
    assert findings[0].pointer == "/required/0"


@pytest.mark.parametrize(("schema", "expected"), [
    ({"type": "object", "properties": {"id": {"type": "string"}}}, ["EVO007"]),
    ({"type": "object", "properties": {"id": {"type": "string"}},
      "additionalProperties": False}, []),
    ({"type": "object", "properties": {}, "patternProperties": {"^x": {}}}, []),
    ({"type": "object", "properties": {"a": {"type": "object", "properties": {}}},
      "additionalProperties": False}, ["EVO007"]),
])
def test_evo007_open_content_models_under_strict(schema: dict[str, Any],
                                                 expected: list[str]) -> None:
    assert codes(lint(schema, "json", select=("EVO007",))) == expected


def test_evo007_is_quiet_under_the_lenient_policy() -> None:
    settings = LintSettings(select=("EVO007",), json_policy="lenient")
    assert lint({"type": "object", "properties": {}}, "json", settings=settings) == []


def _flavored(flavor: str) -> LintSettings:
    return LintSettings(select=("FLV",),
                        topics=(TopicSettings(match="customers", flavor=flavor),))  # type: ignore[arg-type]


THIN = record("CustomerUpdated", {"name": "customer_id", "type": "string"},
              {"name": "updated_at", "type": "long"})
FAT = record("CustomerUpdated", {"name": "customer_id", "type": "string"},
             *({"name": name, "type": "string"} for name in
               ("name", "email", "phone", "street", "city", "country")))


@pytest.mark.parametrize(("flavor", "schema", "expected"), [
    ("state-transfer", THIN, ["FLV001"]),
    ("state-transfer", FAT, []),
    ("notification", FAT, ["FLV002"]),
    ("notification", THIN, []),
    ("sourcing", THIN, []),
])
def test_flavor_rules(flavor: str, schema: dict[str, Any], expected: list[str]) -> None:
    assert codes(lint(schema, topic="customers", settings=_flavored(flavor))) == expected


def test_flavor_rules_need_a_declared_flavor() -> None:
    assert lint(THIN, topic="customers", select=("FLV",)) == []


def test_a_level_given_by_the_caller_overrides_the_topic_settings() -> None:
    before = make_schema(record("Order"))
    schema = record("Order", {"name": "id", "type": "string"})
    assert codes(lint(schema, select=("EVO006",), previous=before)) == []
    findings = lint_schema(make_schema(schema), settings=LintSettings(select=("EVO006",)),
                           level=Level.FORWARD_TRANSITIVE, previous=before)
    assert codes(findings) == ["EVO006"]
