"""The governance rules on odd input, other schema types, configuration and orphans."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from lint_helpers import configured, lenient_schema

from schemalint.config import config_schema
from schemalint.lint.engine import lint_project, lint_schema
from schemalint.lint.registry import RULES_BY_CODE
from schemalint.lint.rule_model import LintEntry
from schemalint.lint.rules.orphans.ORP001 import orphan_findings
from schemalint.lint.settings import LintSettings
from schemalint.model import Schema, SchemaType, Severity
from schemalint.project import SubjectFiles
from schemalint.sourcemap import SourceMap

GOVERNANCE = ("TOP001", "TOP002", "TOP003", "OWN001", "DOC001", "FLD001", "FLD002", "FLD003",
              "ENM001", "UNI001", "ORD001", "VER001", "SUB001", "PII001", "CE001", "CE002",
              "EXM001", "ORP001")
DEFAULTS = {"TOP001": "error", "TOP002": "warning", "TOP003": None, "OWN001": None,
            "DOC001": "warning", "FLD001": None, "FLD002": None, "FLD003": None,
            "ENM001": None, "UNI001": None, "ORD001": "warning", "VER001": None,
            "SUB001": "error", "PII001": "warning", "CE001": "error", "CE002": "warning",
            "EXM001": "error", "ORP001": "info"}
STRICT = LintSettings(select=("ALL",), topic_pattern="{domain}.{kind}.{name}")


@pytest.mark.parametrize("code", GOVERNANCE)
def test_codes_and_default_severities(code: str) -> None:
    rule = RULES_BY_CODE[code]
    default = rule.default.value if rule.default is not None else None
    assert default == DEFAULTS[code]
    assert rule.severity_when_selected in (Severity.ERROR, Severity.WARNING, Severity.INFO)
    assert all((rule.doc.what, rule.doc.why, rule.doc.bad, rule.doc.good, rule.doc.fix))


def test_off_rules_name_their_severity_when_selected() -> None:
    assert RULES_BY_CODE["OWN001"].severity_when_selected is Severity.WARNING
    assert RULES_BY_CODE["UNI001"].severity_when_selected is Severity.INFO


@pytest.mark.parametrize("document", [
    "string", ["null", "string"], [], {}, {"type": "record"}, {"type": "record", "name": "A"},
    {"type": "record", "name": "A", "fields": "x"},
    {"type": "record", "name": "A", "fields": [1, {"name": 2}, {"name": "b"}]},
    {"type": "enum", "name": "E", "symbols": "x"},
    {"type": "record", "name": "A", "fields": [{"name": "a", "type": {"type": "array"}}]},
])
def test_odd_avro_documents_do_not_crash(document: Any) -> None:
    lint_schema(lenient_schema(json.dumps(document)), topic="a.b_c", subject="a.b_c-value",
                settings=STRICT)


@pytest.mark.parametrize("document", [
    True, {}, {"properties": []}, {"properties": {"a": True, "b": 1}},
    {"type": "object", "properties": {"a": {"$ref": "#/nowhere"}}},
    {"$ref": "#"}, {"$defs": {"a": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"},
    {"$schema": "https://example.com/unknown", "default": 1, "type": "string"},
    {"enum": "x"}, {"type": "object", "properties": {"a": {"enum": [None, "a"]}}},
    {"items": [{"default": 1, "type": "string"}]},
])
def test_odd_json_documents_do_not_crash(document: Any) -> None:
    schema = lenient_schema(json.dumps(document), "json")
    lint_schema(schema, topic="a", subject="a-value", settings=STRICT)


def test_a_protobuf_schema_without_its_model_gets_topic_findings_only() -> None:
    text = 'syntax = "proto3"; message OrderPlaced { string email = 1; }'
    schema = Schema(schema_type=SchemaType.PROTOBUF, text=text, path="schemas/o/value.proto",
                    document=None, parsed=None, identity=text, source=SourceMap("{}"))
    governance = LintSettings(select=GOVERNANCE)
    found = lint_schema(schema, topic="orders", subject="orders-value", settings=governance)
    assert [(f.code, f.pointer) for f in found] == [("OWN001", "")]
    project = lint_project([LintEntry(schema, "orders-value", "orders"),
                            LintEntry(schema, "orders.v2-value", "orders.v2")], governance)
    # Topics without keys, asked for by name; nothing that reads the missing model.
    assert [(f.code, f.subject) for f in project] == [("ORD001", "orders-value"),
                                                      ("ORD001", "orders.v2-value")]


ORDERS = SubjectFiles("orders-value", SchemaType.AVRO, "orders", "value",
                      "schemas/orders/value.avsc", copies=["schemas/orders/copy.avsc"],
                      conflicts=["schemas/orders/value.json"])


@pytest.mark.parametrize(("files", "subjects", "orphans"), [
    (["schemas/value.avsc", "schemas/orders/value.avsc", "schemas/legacy/x.json"], [ORDERS],
     ["schemas/legacy/x.json", "schemas/value.avsc"]),
    # A subject reaches its copies and the conflicting files it sets aside.
    (["schemas/orders/copy.avsc", "schemas/orders/value.json"], [ORDERS], []),
    (["schemas/orders/copy.avsc"], [], ["schemas/orders/copy.avsc"]),
])
def test_orphans_are_the_files_no_subject_maps(files: list[str], subjects: list[SubjectFiles],
                                               orphans: list[str]) -> None:
    findings = orphan_findings(files, subjects)
    assert [(f.code, f.path, f.severity.value) for f in findings] == [
        ("ORP001", path, "info") for path in orphans]


def test_orphans_follow_the_ignores() -> None:
    ignored = LintSettings(per_file_ignores={"schemas/legacy/*": ("ORP",)})
    assert [f.path for f in orphan_findings(["schemas/legacy/x.json"], [], ignored)] == []
    assert orphan_findings(["a.avsc"], [], LintSettings(ignore=("ORP001",))) == []


CONFIG: dict[str, Any] = {
    "topic-naming": {"pattern": "{domain}.{kind}.{name}.v{version}"},
    "docs": {"min-length": 10, "exempt": ["*.id"]},
    "fields": {"case": "snake", "time-suffixes": ["_at", "_on"]},
    "pii": {"patterns": ["email"], "classified": ["Customer.email"]},
    "topics": [{"match": "orders", "owner": "team-checkout", "audience": "public",
                "key-fields": ["order_id"]}],
}


def test_every_key_the_rules_read_is_in_the_config_schema() -> None:
    jsonschema.Draft202012Validator(config_schema()).validate(CONFIG)
    settings = configured(CONFIG)
    assert settings.topic_pattern == "{domain}.{kind}.{name}.v{version}"
    assert (settings.docs_min_length, settings.docs_exempt) == (10, ("*.id",))
    assert (settings.field_case, settings.time_suffixes) == ("snake", ("_at", "_on"))
    assert settings.topics[0].key_fields == ("order_id",)


@pytest.mark.parametrize("bad", [
    {"fields": {"case": "kebab"}}, {"docs": {"min-length": 0}},
    {"topics": [{"match": "x", "audience": "world"}]}, {"pii": {"unknown": []}},
])
def test_the_config_schema_rejects_bad_values(bad: dict[str, Any]) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(config_schema()).validate(bad)
