"""FLD001 field name case, FLD002 time fields, FLD003 one type per field name."""

from __future__ import annotations

from typing import Any

import pytest
from lint_helpers import codes, lint, make_schema, record

from schemalint.lint.engine import lint_project
from schemalint.lint.rule_model import LintEntry
from schemalint.lint.rules.fields import name_case
from schemalint.lint.rules.fields.FLD001 import majority_case
from schemalint.lint.settings import LintSettings
from schemalint.model import Finding


def field(name: str, kind: Any = "string") -> dict[str, Any]:
    return {"name": name, "type": kind}


def fld(schema: Any, code: str, kind: str = "avro", **settings: Any) -> list[Finding]:
    return lint(schema, kind, settings=LintSettings(select=(code,), **settings))


@pytest.mark.parametrize(("name", "case"), [
    ("order_id", "snake"), ("orderId", "camel"), ("amount", "both"), ("line1", "both"),
    ("address_line_1", "snake"), ("userID", "camel"), ("OrderId", "neither"),
    ("order-id", "neither"), ("order_Id", "neither"), ("ORDER_ID", "neither"),
    ("__op", "both"), ("_fivetran_synced", "snake"),
])
def test_name_case(name: str, case: str) -> None:
    assert name_case(name) == case


def test_majority_ignores_single_words_and_ties() -> None:
    assert majority_case(["a_b", "c_d", "eF", "amount"]) == "snake"
    assert majority_case(["a_b", "cD"]) is None
    assert majority_case(["amount", "total"]) is None


@pytest.mark.parametrize(("case", "names", "flagged"), [
    ("snake", ["order_id", "customerId", "amount"], ["customerId"]),
    ("camel", ["order_id", "customerId", "amount"], ["order_id"]),
    ("camel", ["OrderId"], ["OrderId"]),
    ("snake", ["amount", "total"], []),
])
def test_fld001_with_configured_case(case: str, names: list[str], flagged: list[str]) -> None:
    schema = record("OrderPlaced", *(field(name) for name in names))
    findings = fld(schema, "FLD001", field_case=case)
    assert [f.name_path.split(".")[-1].removesuffix(":case") for f in findings] == flagged


def test_fld001_without_case_reports_names_in_neither_case_and_the_local_minority() -> None:
    schema = record("OrderPlaced", field("order_id"), field("Customer_Id"), field("orderTotal"))
    # snake and camel tie here: only the name in neither case is reported.
    assert [f.pointer for f in fld(schema, "FLD001")] == ["/fields/1"]


def entry(*names: str, subject: str) -> LintEntry:
    return LintEntry(make_schema(record("E", *(field(name) for name in names))),
                     subject=subject)


def test_fld001_infers_the_project_majority_across_schemas() -> None:
    entries = [entry("order_id", "placed_at", subject="orders-value"),
               entry("payment_id", "amount_cents", subject="payments-value"),
               entry("shipmentId", "order_id", subject="shipping-value")]
    findings = lint_project(entries, LintSettings(select=("FLD001",)))
    assert [(f.subject, f.pointer) for f in findings] == [("shipping-value", "/fields/0")]
    assert "majority" in findings[0].message


def test_fld001_project_pass_is_quiet_on_a_tie_and_when_case_is_set() -> None:
    tie = [entry("order_id", subject="a-value"), entry("orderId", subject="b-value")]
    assert lint_project(tie, LintSettings(select=("FLD001",))) == []
    assert lint_project(tie, LintSettings(select=("FLD001",), field_case="snake")) == []


def test_fld001_respects_naming_allow() -> None:
    schema = record("OrderPlaced", field("order_id"), field("ID"))
    assert fld(schema, "FLD001", allow=("ID",)) == []


def test_fld001_json_schema_properties() -> None:
    schema = {"type": "object", "properties": {"orderId": {"type": "string"},
                                                 "customer_id": {"type": "string"}}}
    assert [f.pointer for f in fld(schema, "FLD001", "json", field_case="camel")] == [
        "/properties/customer_id"]


TS = {"type": "long", "logicalType": "timestamp-millis"}


@pytest.mark.parametrize(("item", "flagged"), [
    (field("created_at", TS), False),
    (field("createdAt", TS), False),
    (field("created", TS), True),
    (field("event_time", TS), True),
    (field("created_at", "long"), True),
    (field("created_at", ["null", "string"]), True),
    (field("created_at", {"type": "int", "logicalType": "date"}), False),
    (field("look_at", "boolean"), False),
    (field("format", "string"), False),
    (field("ts_ms", "long"), False),
])
def test_fld002_avro(item: dict[str, Any], flagged: bool) -> None:
    assert (codes(fld(record("E", item), "FLD002")) == ["FLD002"]) is flagged


@pytest.mark.parametrize(("prop", "flagged"), [
    ({"type": "string", "format": "date-time"}, True),  # named "created"
])
def test_fld002_json_timestamp_without_suffix(prop: dict[str, Any], flagged: bool) -> None:
    schema = {"type": "object", "properties": {"created": prop}}
    assert (codes(fld(schema, "FLD002", "json")) == ["FLD002"]) is flagged


@pytest.mark.parametrize(("prop", "flagged"), [
    ({"type": "string"}, True),
    ({"type": "integer"}, True),
    ({"type": "string", "format": "date-time"}, False),
    ({"type": "string", "format": "date"}, False),
])
def test_fld002_json_time_named_field(prop: dict[str, Any], flagged: bool) -> None:
    schema = {"type": "object", "properties": {"shipped_at": prop}}
    assert (codes(fld(schema, "FLD002", "json")) == ["FLD002"]) is flagged


def test_fld002_custom_suffixes_and_cloudevents_time() -> None:
    assert fld(record("E", field("created_on", TS)), "FLD002", time_suffixes=("_on",)) == []
    assert codes(fld(record("E", field("created_at", TS)), "FLD002",
                     time_suffixes=("_on",))) == ["FLD002"]
    ce = {"type": "object", "properties": {"specversion": {"type": "string"},
                                            "time": {"type": "string", "format": "date-time"}}}
    assert fld(ce, "FLD002", "json") == []


def typed(name: str, kind: Any, subject: str, schema_kind: str = "avro") -> LintEntry:
    if schema_kind == "avro":
        return LintEntry(make_schema(record("E", field(name, kind))), subject=subject)
    return LintEntry(make_schema({"type": "object", "properties": {name: kind}}, "json"),
                     subject=subject)


def test_fld003_flags_the_less_common_type() -> None:
    entries = [typed("customer_id", "string", "a-value"), typed("customer_id", "string", "b-value"),
               typed("customer_id", "long", "c-value")]
    findings = lint_project(entries, LintSettings(select=("FLD003",)))
    assert [(f.code, f.subject) for f in findings] == [("FLD003", "c-value")]
    assert "string elsewhere" in findings[0].message


@pytest.mark.parametrize(("first", "second"), [
    (("quantity", "int", "avro"), ("quantity", {"type": "integer"}, "json")),
    (("quantity", "int", "avro"), ("quantity", "long", "avro")),
    (("occurred_at", TS, "avro"), ("occurred_at", {"type": "string", "format": "date-time"},
                                   "json")),
    (("channel", {"type": "enum", "name": "C", "symbols": ["A"]}, "avro"),
     ("channel", {"type": "string"}, "json")),
    (("note", ["null", "string"], "avro"), ("note", "string", "avro")),
])
def test_fld003_compares_type_families_across_formats(first: tuple[str, Any, str],
                                                      second: tuple[str, Any, str]) -> None:
    entries = [typed(first[0], first[1], "a-value", first[2]),
               typed(second[0], second[1], "b-value", second[2])]
    assert lint_project(entries, LintSettings(select=("FLD003",))) == []


def test_fld003_within_one_schema_and_on_a_tie() -> None:
    schema = record("E", field("id", "string"),
                    field("inner", record("Inner", field("id", "long"))))
    findings = lint_project([LintEntry(make_schema(schema), subject="a-value")],
                            LintSettings(select=("FLD003",)))
    assert [f.pointer for f in findings] == ["/fields/1/type/fields/0"]


def test_fld001_a_schema_linted_alone_stands_for_the_project() -> None:
    schema = record("OrderPlaced", field("order_id"), field("placed_at"), field("customerId"))
    assert [f.pointer for f in fld(schema, "FLD001")] == ["/fields/2"]
    # In a project run the project pass judges the majority: the schema pass leaves it.
    in_project = fld(schema, "FLD001", project_subjects=frozenset({"orders-value"}))
    assert in_project == []


def test_fld001_project_and_schema_passes_do_not_repeat_each_other() -> None:
    from schemalint.lint.engine import lint_schema

    entries = [entry("order_id", "placed_at", "customerId", subject="orders-value")]
    settings = LintSettings(select=("FLD001",), project_subjects=frozenset({"orders-value"}))
    both = [*lint_schema(entries[0].schema, subject="orders-value", settings=settings),
            *lint_project(entries, settings)]
    assert [f.pointer for f in both] == ["/fields/2"]


def test_fld001_leaves_names_other_specifications_fix() -> None:
    schema = {"type": "object", "properties": {"$schema": {"type": "string"},
                                                 "@type": {"type": "string"},
                                                 "order_id": {"type": "string"}}}
    assert fld(schema, "FLD001", "json") == []
