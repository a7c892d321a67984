"""DOC001: records, enums and fields without documentation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lint_helpers import configured, lint

from schemalint.lint.settings import LintSettings
from schemalint.model import Finding

DOCUMENTED: dict[str, Any] = {
    "type": "record", "name": "OrderPlaced", "namespace": "com.acme", "doc": "An order.",
    "fields": [
        {"name": "order_id", "type": "string", "doc": "The order."},
        {"name": "channel", "doc": "Where.", "type": {
            "type": "enum", "name": "Channel", "symbols": ["WEB"], "doc": "Sales channels."}},
        {"name": "lines", "doc": "What.", "type": {"type": "array", "items": {
            "type": "record", "name": "Line", "doc": "One line.",
            "fields": [{"name": "sku", "type": "string", "doc": "Stock unit."}]}}},
    ]}


def doc_findings(schema: Any, kind: str = "avro", **settings: Any) -> list[Finding]:
    return lint(schema, kind, settings=LintSettings(select=("DOC001",), **settings))


def pointers(findings: list[Finding]) -> list[str]:
    return [finding.pointer for finding in findings]


def without(path: list[Any], key: str = "doc") -> dict[str, Any]:
    """DOCUMENTED with the doc at ``path`` removed."""
    import copy

    schema = copy.deepcopy(DOCUMENTED)
    node: Any = schema
    for part in path:
        node = node[part]
    del node[key]
    return schema


def test_a_documented_avro_schema_passes() -> None:
    assert doc_findings(DOCUMENTED) == []


@pytest.mark.parametrize(("path", "pointer"), [
    ([], ""),
    (["fields", 0], "/fields/0"),
    (["fields", 1, "type"], "/fields/1/type"),
    (["fields", 2, "type", "items"], "/fields/2/type/items"),
    (["fields", 2, "type", "items", "fields", 0], "/fields/2/type/items/fields/0"),
])
def test_each_missing_avro_doc_is_reported_where_it_belongs(path: list[Any],
                                                            pointer: str) -> None:
    assert pointers(doc_findings(without(path))) == [pointer]


def test_blank_doc_counts_as_missing() -> None:
    schema = without(["fields", 0])
    schema["fields"][0]["doc"] = "   "
    assert pointers(doc_findings(schema)) == ["/fields/0"]


def test_min_length() -> None:
    findings = doc_findings(DOCUMENTED, docs_min_length=8)
    # "Where." and "What." are shorter than 8; "One line." and "Sales channels." are not.
    assert pointers(findings) == ["/fields/1"]
    assert "2 of 4 fields have no doc (or one shorter than [docs] min-length = 8): " \
        "'OrderPlaced.channel', 'OrderPlaced.lines'." in findings[0].message


# (globs, where the one finding is, what its message counts)
@pytest.mark.parametrize(("globs", "expected", "counted"), [
    (("OrderPlaced.channel",), ["/fields/1/type"], "The enum 'OrderPlaced.channel.Channel'"),
    (("*.channel", "Channel"), [], ""),
    (("com.acme.Channel", "*channel"), [], ""),
    (("schemas/test/*",), [], ""),
    (("Other*",), ["/fields/1"], "1 of 1 enums and 1 of 4 fields have no doc"),
])
def test_exemptions_by_glob(globs: tuple[str, ...], expected: list[str], counted: str) -> None:
    schema = without(["fields", 1])
    del schema["fields"][1]["type"]["doc"]
    findings = doc_findings(schema, docs_exempt=globs)
    assert pointers(findings) == expected
    assert all(counted in finding.message for finding in findings)


JSON: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#", "title": "CustomerRegistered",
    "description": "A customer registered.", "type": "object",
    "properties": {
        "customer_id": {"type": "string", "description": "The customer."},
        "address": {"$ref": "#/definitions/Address"},
        "tier": {"type": "string", "enum": ["GOLD"], "description": "Loyalty tier."},
        "tags": {"type": "array", "description": "Labels.",
                 "items": {"type": "object", "properties": {
                     "label": {"type": "string", "description": "A label."}}}},
    },
    "definitions": {"Address": {"type": "object", "description": "A postal address.",
                                "properties": {"city": {"type": "string",
                                                        "description": "City."}}}},
}


def test_a_documented_json_schema_passes() -> None:
    assert doc_findings(JSON, "json") == []


def test_json_schema_missing_descriptions() -> None:
    import copy

    schema = copy.deepcopy(JSON)
    del schema["description"]
    del schema["properties"]["tags"]["items"]["properties"]["label"]["description"]
    del schema["definitions"]["Address"]["description"]
    del schema["properties"]["tier"]["description"]
    # One finding, at the first; the property that refers to the undocumented definition
    # passes, as the definition's properties are documented.
    [finding] = doc_findings(schema, "json")
    assert finding.pointer == ""
    assert "2 of 2 records and 2 of 6 fields have no description" in finding.message


def test_a_ref_to_another_file_is_documented_there(tmp_path: Path) -> None:
    (tmp_path / "schemas/test").mkdir(parents=True)
    (tmp_path / "schemas/test/address.schema.json").write_text(
        '{"title": "Address", "type": "object"}', encoding="utf-8")
    schema = {"title": "X", "description": "An x.", "type": "object",
              "properties": {"address": {"$ref": "address.schema.json"}}}
    found = lint(schema, "json", settings=LintSettings(select=("DOC001",)), root=tmp_path,
                 path="schemas/test/value.json")
    assert found == []


def test_doc001_is_on_by_default() -> None:
    codes = [f.code for f in lint(without(["fields", 0]))]
    assert "DOC001" in codes


def test_settings_from_configuration() -> None:
    settings = configured({"docs": {"min-length": 12, "exempt": ["*.id"]}})
    assert settings.docs_min_length == 12 and settings.docs_exempt == ("*.id",)
    alias = configured({"docs": {"exemptions": ["*.id"]}})
    assert alias.docs_exempt == ("*.id",)
