"""Inline suppressions, baselines, and the generated rule reference."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from lint_helpers import codes, lint, record

from schemalint.errors import ConfigError, UsageError
from schemalint.lint.baseline import filter_baselined, parse_baseline, read_baseline, write_baseline
from schemalint.lint.docs import explain, render_rules_markdown, rules_json, rules_table
from schemalint.lint.suppression import strip_suppressions
from schemalint.model import Against, Direction, Finding, Level, Severity

DOCS = Path(__file__).parents[2] / "docs" / "rules.md"


def _suppressed(ignore: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {**record("SendEmail", {"name": "to", "type": "string"}),
            "x-schemalint": {"ignore": ignore}, **extra}


def test_an_avro_record_attribute_suppresses_with_a_reason() -> None:
    assert lint(_suppressed({"EVT001": "legacy topic, ADR-12"}), select=("EVT001",)) == []


def test_a_json_schema_keyword_suppresses_inside_its_subschema_only() -> None:
    schema = {"title": "Order", "type": "object", "properties": {
        "a": {"type": "object", "properties": {}, "x-schemalint": {"ignore": {
            "EVO007": "closed by the gateway"}}},
        "b": {"type": "object", "properties": {}}}, "additionalProperties": False}
    findings = lint(schema, "json", select=("EVO007",))
    assert [f.pointer for f in findings] == ["/properties/b"]


def test_an_avro_field_attribute_covers_that_field() -> None:
    schema = record("Order", {"name": "status", "x-schemalint": {"ignore": {
        "EVO003": "closed set"}}, "type": {"type": "enum", "name": "S", "symbols": ["A"]}})
    assert lint(schema, select=("EVO003",)) == []


@pytest.mark.parametrize("reason", ["", "   ", None, 3])
def test_a_suppression_without_reason_is_reported_and_not_honoured(reason: Any) -> None:
    findings = lint(_suppressed({"EVT001": reason}), select=("EVT001", "SUP"))
    assert sorted(codes(findings)) == ["EVT001", "SUP001"]
    sup = next(f for f in findings if f.code == "SUP001")
    assert sup.pointer == "/x-schemalint/ignore/EVT001"


def test_a_malformed_suppression_is_reported() -> None:
    findings = lint(_suppressed({}, **{"x-schemalint": ["EVT001"]}), select=("SUP",))
    assert codes(findings) == ["SUP001"]


@pytest.mark.parametrize("code", ["CDC001", "XYZ999"])
def test_a_suppression_that_suppresses_nothing_is_reported(code: str) -> None:
    findings = lint(_suppressed({"EVT001": "legacy", code: "just in case"}),
                    select=("EVT001", "CDC001", "SUP"))
    assert codes(findings) == ["SUP002"]
    assert code in findings[0].message


def test_a_suppression_of_a_rule_not_selected_is_not_judged() -> None:
    assert lint(_suppressed({"MET003": "flows are traced in headers"}),
                select=("SUP",)) == []


def test_strip_suppressions_removes_only_schemalints_keyword() -> None:
    document = {"type": "object", "x-schemalint": {"ignore": {"EVO007": "x"}},
                "properties": {"x-schemalint": {"type": "string"},
                               "a": {"type": "object", "x-schemalint": {}}}}
    assert strip_suppressions(document) == {
        "type": "object",
        "properties": {"x-schemalint": {"type": "string"}, "a": {"type": "object"}}}
    plain = {"type": "record", "name": "A", "fields": []}
    assert strip_suppressions(plain) is plain


def _identity(document: Any, kind: str) -> str:
    from schemalint.api import parse_schema
    return parse_schema(json.dumps(document), kind).identity


_PLAIN = record("SendEmail", {"name": "to", "type": "string"})
_REASON = {"ignore": {"EVT001": "legacy topic, ADR-12"}}


@pytest.mark.parametrize(("plain", "suppressed", "kind"), [
    (_PLAIN, {**_PLAIN, "x-schemalint": _REASON}, "avro"),
    (_PLAIN, {**_PLAIN, "fields": [{"name": "to", "type": "string", "x-schemalint": _REASON}]},
     "avro"),
    ({"title": "SendEmail", "type": "object"},
     {"title": "SendEmail", "type": "object", "x-schemalint": _REASON}, "json"),
])
def test_adding_a_suppression_keeps_the_registry_identity(
        plain: dict[str, Any], suppressed: dict[str, Any], kind: str) -> None:
    assert _identity(suppressed, kind) == _identity(plain, kind)


def _compat_finding() -> Finding:
    return Finding("READER_FIELD_MISSING_DEFAULT_VALUE", Severity.ERROR, "m", path="a.avsc",
                   subject="a-value", level=Level.BACKWARD, direction=Direction.BACKWARD,
                   against=Against(version=1), name_path="A.x")


def test_a_baseline_silences_known_lint_findings_but_never_compatibility(
        tmp_path: Path) -> None:
    old = lint(record("SendEmail"), subject="mail-value", select=("EVT001",))
    baseline = tmp_path / "baseline.json"
    assert write_baseline(baseline, [*old, _compat_finding()]) == 1
    known = read_baseline(baseline)
    new = lint(record("ChargeCard"), subject="card-value", select=("EVT001",))
    kept = filter_baselined([*old, *new, _compat_finding()], known)
    assert [f.code for f in kept] == ["EVT001", "READER_FIELD_MISSING_DEFAULT_VALUE"]
    assert kept[0].subject == "card-value"


@pytest.mark.parametrize(("text", "line"), [
    ('{"version": 1,\n "findings": [}', 2),
    ('{"version": 2, "findings": []}', 1),
])
def test_a_broken_baseline_is_a_one_line_error_with_its_place(text: str, line: int) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_baseline(text, "baseline.json")
    assert raised.value.line == line
    assert str(raised.value).startswith(f"baseline.json:{line}")


def test_the_rule_reference_is_generated_and_up_to_date() -> None:
    assert DOCS.read_text(encoding="utf-8") == render_rules_markdown(), (
        "docs/rules.md is out of date: regenerate it with "
        "python -c 'from schemalint.lint.docs import render_rules_markdown as r; "
        "print(r(), end=\"\")' > docs/rules.md")


def test_explain_renders_the_fixed_headings() -> None:
    text = explain("evt001")
    for heading in ("What it checks", "Why", "Bad", "Good", "How to fix"):
        assert f"## {heading}" in text
    with pytest.raises(UsageError, match="unknown rule code"):
        explain("NOPE1")


def test_the_rules_table_lists_every_rule_with_its_default() -> None:
    rows = {row["code"]: row for row in rules_table()}
    assert rows["MET003"]["default"] == "off" and rows["MET003"]["when_selected"] == "warning"
    assert rows["KEY001"]["scope"] == "project" and rows["EVT002"]["scope"] == "schema+project"
    assert all("doc" in row for row in rules_json())
