"""PII001 personal data, CE001/CE002 CloudEvents envelopes, EXM001 examples and defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lint_helpers import DATA, codes, configured, lint, load, record

from schemalint.lint.engine import lint_schema
from schemalint.lint.rules.privacy.PII001 import matching_pattern
from schemalint.lint.settings import LintSettings, TopicSettings


@pytest.mark.parametrize(("name", "matched"), [
    ("email", True), ("customerEmail", True), ("email_address", True), ("phone_number", True),
    ("mobileNumber", True), ("ssn", True), ("customer_ssn", True), ("iban", True),
    ("card_number", True), ("creditCardNumber", True), ("billing_address", True),
    ("date_of_birth", True), ("dob", True), ("birthDate", True), ("first_name", True),
    ("passport_number", True),
    ("business_name", False), ("class_name", False), ("order_id", False),
    ("amount_cents", False), ("ribbon", False), ("country", False), ("doberman", False),
])
def test_default_patterns(name: str, matched: bool) -> None:
    assert (matching_pattern(name, LintSettings().pii_patterns) is not None) is matched


def pii(item: dict[str, Any], kind: str = "avro", **settings: Any) -> list[str]:
    schema: Any = record("CustomerRegistered", item) if kind == "avro" else {
        "type": "object", "properties": {item.pop("name"): item}}
    return codes(lint(schema, kind, settings=LintSettings(select=("PII001",), **settings)))


@pytest.mark.parametrize(("item", "flagged"), [
    ({"name": "email", "type": "string"}, True),
    ({"name": "email", "type": "string", "confluent:tags": ["PII"]}, False),
    ({"name": "email", "type": {"type": "string", "confluent:tags": ["PII"]}}, False),
    ({"name": "email", "type": "string", "confluent:tags": []}, True),
    ({"name": "email", "type": "string", "doc": "Contact address. PII."}, False),
    ({"name": "email", "type": "string", "doc": "Personal data: erase on request."}, False),
    ({"name": "email", "type": "string", "doc": "Where we send receipts."}, True),
    ({"name": "email_verified", "type": "boolean"}, False),
    ({"name": "order_id", "type": "string"}, False),
])
def test_pii001_avro(item: dict[str, Any], flagged: bool) -> None:
    assert (pii(item) == ["PII001"]) is flagged


@pytest.mark.parametrize(("item", "flagged"), [
    ({"name": "phone", "type": "string"}, True),
    ({"name": "phone", "type": "string", "confluent:tags": ["PII"]}, False),
    ({"name": "phone", "type": "string", "description": "Sensitive: PII."}, False),
])
def test_pii001_json_schema(item: dict[str, Any], flagged: bool) -> None:
    assert (pii(item, "json") == ["PII001"]) is flagged


@pytest.mark.parametrize("classified", [
    ("email",), ("CustomerRegistered.email",), ("*.email",), ("com.acme.CustomerRegistered.*",),
])
def test_pii001_classified_list(classified: tuple[str, ...]) -> None:
    assert pii({"name": "email", "type": "string"}, pii_classified=classified) == []


def test_pii001_custom_patterns_replace_the_defaults() -> None:
    assert pii({"name": "loyalty_number", "type": "string"},
               pii_patterns=("loyalty number",)) == ["PII001"]
    assert pii({"name": "email", "type": "string"}, pii_patterns=("loyalty",)) == []
    assert pii({"name": "tax_ref", "type": "string"}, pii_patterns=("*tax*",)) == ["PII001"]


def test_pii001_reads_configuration() -> None:
    settings = configured({"pii": {"patterns": ["email"], "classified": ["a.b"]}})
    assert settings.pii_patterns == ("email",) and settings.pii_classified == ("a.b",)


ENVELOPE: dict[str, Any] = {
    "title": "CloudEvent", "type": "object",
    "properties": {"specversion": {"type": "string"}, "id": {"type": "string"},
                   "source": {"type": "string"},
                   "type": {"type": "string", "const": "com.acme.orders.placed"},
                   "data": {"type": "object"}, "data_base64": {"type": "string"},
                   "traceparent": {"type": "string"}},
    "required": ["specversion", "id", "source", "type"],
}


def envelope(drop: tuple[str, ...] = (), **extra: Any) -> dict[str, Any]:
    properties = {k: v for k, v in ENVELOPE["properties"].items() if k not in drop}
    return {**ENVELOPE, "properties": {**properties, **extra}}


def ce(schema: Any, kind: str = "json", **settings: Any) -> list[str]:
    return codes(lint(schema, kind, settings=LintSettings(select=("CE",), **settings)))


@pytest.mark.parametrize(("schema", "expected"), [
    (envelope(), []),
    (envelope(("id",)), ["CE001"]),
    (envelope(("id", "source")), ["CE001"]),
    (envelope(("specversion",)), ["CE001"]),
    (envelope(correlation_id={"type": "string"}), ["CE001"]),
    (envelope(partitionKey={"type": "string"}), ["CE001"]),
    (envelope(verylongextensionname1={"type": "string"}), ["CE002"]),
    (envelope(type={"type": "string", "const": "order.placed"}), ["CE002"]),
    (envelope(type={"type": "string", "enum": ["com.acme.a.b", "placed"]}), ["CE002"]),
    (envelope(type={"type": "string", "const": "io.cloudevents.test"}), []),
    (envelope(type={"type": "string", "const": "de.acme.order"}), []),
])
def test_cloudevents_json_envelopes(schema: dict[str, Any], expected: list[str]) -> None:
    assert ce(schema) == expected


def test_cloudevents_rules_need_an_envelope() -> None:
    not_an_envelope = {"type": "object", "properties": {
        "id": {"type": "string"}, "type": {"type": "string"}, "Order_Id": {"type": "string"}}}
    assert ce(not_an_envelope) == []
    assert ce(record("OrderPlaced", {"name": "id", "type": "string"},
                     {"name": "type", "type": "string"}), "avro") == []


def test_an_envelope_without_specversion_is_recognised_by_its_other_attributes() -> None:
    assert ce(envelope(("specversion",))) == ["CE001"]


def test_binary_mode_and_the_avro_attribute_map_pass() -> None:
    headers = (TopicSettings(match="orders", metadata="headers"),)
    findings = lint_schema(load(DATA / "cdc" / "cloudevents-envelope.json"), topic="orders",
                           settings=LintSettings(select=("CE",), topics=headers))
    assert findings == []
    avro = load(DATA / "cdc" / "cloudevents-envelope.avsc")
    assert lint_schema(avro, settings=LintSettings(select=("CE",))) == []


def test_avro_structured_envelope() -> None:
    schema = record("CloudEvent", {"name": "specversion", "type": "string"},
                    {"name": "id", "type": "string"}, {"name": "type", "type": "string",
                                                       "default": "OrderPlaced"},
                    {"name": "data", "type": "bytes"})
    assert ce(schema, "avro") == ["CE001", "CE002"]


def test_project_fixture_envelope_passes() -> None:
    schema = load(DATA / "cdc" / "cloudevents-envelope.json")
    assert lint_schema(schema, settings=LintSettings(select=("CE001",))) == []


def exm(schema: dict[str, Any]) -> list[str]:
    return [f.pointer for f in lint(schema, "json", select=("EXM001",))]


@pytest.mark.parametrize(("schema", "pointers"), [
    ({"type": "integer", "minimum": 1, "default": 1, "examples": [3]}, []),
    ({"type": "integer", "minimum": 1, "default": 0}, ["/default"]),
    ({"type": "integer", "examples": [1, "two"]}, ["/examples/1"]),
    ({"type": "object", "properties": {"qty": {"type": "integer", "default": "1"}}},
     ["/properties/qty/default"]),
    ({"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}},
      "examples": [{"a": "x"}, {}]}, ["/examples/1"]),
    ({"$defs": {"Qty": {"type": "integer", "minimum": 0}},
      "type": "object", "properties": {"qty": {"$ref": "#/$defs/Qty", "default": -1}}},
     ["/properties/qty/default"]),
    ({"type": "string", "format": "email", "examples": ["not an email"]}, []),
    ({"type": "object", "properties": {"x": {"type": ["string", "null"], "default": None}}},
     []),
    ({"enum": [{"default": 5}], "type": "object"}, []),
])
def test_exm001(schema: dict[str, Any], pointers: list[str]) -> None:
    assert exm({"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}) == pointers


def test_exm001_leaves_a_ref_to_another_file_to_that_file(tmp_path: Path) -> None:
    (tmp_path / "schemas/test").mkdir(parents=True)
    (tmp_path / "schemas/test/other.json").write_text('{"type": "string"}', encoding="utf-8")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
              "properties": {"x": {"$ref": "other.json", "default": 1}}}
    found = lint(schema, "json", select=("EXM001",), root=tmp_path,
                 path="schemas/test/value.json")
    assert found == []


def test_exm001_defaults_to_draft_07_and_skips_avro() -> None:
    assert exm({"type": "integer", "default": "x"}) == ["/default"]
    assert lint(record("E", {"name": "a", "type": "int", "default": 1}),
                select=("EXM001",)) == []
