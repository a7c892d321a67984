"""ENM001 enum symbols, UNI001 wide unions, ORD001 keys and ordering."""

from __future__ import annotations

from typing import Any

import pytest
from lint_helpers import codes, lint, make_schema, record

from schemalint.lint.engine import lint_project
from schemalint.lint.rule_model import LintEntry
from schemalint.lint.settings import LintSettings, TopicSettings


def enum(*symbols: str) -> dict[str, Any]:
    return record("E", {"name": "channel", "type": {"type": "enum", "name": "Channel",
                                                    "symbols": list(symbols)}})


@pytest.mark.parametrize(("symbols", "flagged"), [
    (("WEB", "MOBILE_APP", "STORE2"), False),
    (("web", "MOBILE"), True),
    (("Web",), True),
    (("MOBILE__APP",), True),
    (("_WEB",), True),
])
def test_enm001_avro_symbols(symbols: tuple[str, ...], flagged: bool) -> None:
    findings = lint(enum(*symbols), select=("ENM001",))
    assert (codes(findings) == ["ENM001"]) is flagged


def test_enm001_one_finding_per_enum_at_its_first_offender() -> None:
    findings = lint(enum("WEB", "mobile", "store"), select=("ENM001",))
    assert [f.pointer for f in findings] == ["/fields/0/type/symbols/1"]
    assert findings[0].severity.value == "info"
    assert "'mobile', 'store'" in findings[0].message


@pytest.mark.parametrize(("values", "flagged"), [
    (["web", "mobile"], True),
    (["WEB", "MOBILE"], False),
    (["1.0"], False),
    (["application/json", "text/plain"], False),
    (["en-US", "de-DE"], False),
    ([1, 2], False),
])
def test_enm001_json_enums_that_read_as_symbols(values: list[Any], flagged: bool) -> None:
    schema = {"type": "object", "properties": {"channel": {"enum": values}}}
    assert (codes(lint(schema, "json", select=("ENM001",))) == ["ENM001"]) is flagged


@pytest.mark.parametrize(("kind", "flagged"), [
    (["null", "string"], False),
    (["string", "null"], False),
    (["string"], False),
    (["null", "int", "string"], True),
    (["int", "string"], True),
    ({"type": "array", "items": ["int", "string"]}, True),
    ({"type": "map", "values": ["null", "long"]}, False),
])
def test_uni001(kind: Any, flagged: bool) -> None:
    schema = record("E", {"name": "amount", "type": kind})
    assert (codes(lint(schema, select=("UNI001",))) == ["UNI001"]) is flagged


def test_uni001_is_off_by_default_and_skips_a_top_level_union() -> None:
    wide = record("E", {"name": "amount", "type": ["null", "int", "string"]})
    assert "UNI001" not in codes(lint(wide))
    root = [record("A", {"name": "x", "type": "string"}),
            record("B", {"name": "y", "type": "string"})]
    assert lint(root, select=("UNI001",)) == []


ORDER = record("OrderPlaced", {"name": "event_id", "type": "string"},
               {"name": "order_id", "type": "string"},
               {"name": "occurred_at", "type": {"type": "long",
                                                "logicalType": "timestamp-millis"}})


def key(*fields: dict[str, Any]) -> dict[str, Any]:
    return record("OrderKey", *fields)


@pytest.mark.parametrize(("fields", "flagged"), [
    (({"name": "order_id", "type": "string"},), False),
    (({"name": "event_id", "type": "string"},), True),
    (({"name": "eventId", "type": "string"},), True),
    (({"name": "order_id", "type": "string"},
      {"name": "created", "type": {"type": "long", "logicalType": "timestamp-millis"}}), True),
    (({"name": "timestamp", "type": "long"},), True),
])
def test_ord001_key_that_scatters(fields: tuple[dict[str, Any], ...], flagged: bool) -> None:
    findings = lint(key(*fields), topic="orders", subject="orders-key", select=("ORD001",))
    assert (codes(findings) == ["ORD001"]) is flagged


def test_ord001_key_fields_naming_the_event_id() -> None:
    settings = LintSettings(select=("ORD001",), topics=(
        TopicSettings(match="orders", key_fields=("event_id",)),))
    findings = lint(ORDER, topic="orders", subject="orders-value", settings=settings)
    assert [f.pointer for f in findings] == ["/fields/0"]
    fine = LintSettings(select=("ORD001",), topics=(
        TopicSettings(match="orders", key_fields=("order_id",)),))
    assert lint(ORDER, topic="orders", subject="orders-value", settings=fine) == []


@pytest.mark.parametrize(("extra", "flagged"), [
    (None, True),
    ({"name": "version", "type": "long"}, False),
    ({"name": "sequence_number", "type": "long"}, False),
    ({"name": "sequel", "type": "long"}, True),
    ({"name": "seq", "type": "long"}, False),
    ({"name": "entityRevision", "type": "long"}, False),
])
def test_ord001_state_transfer_needs_a_version(extra: dict[str, Any] | None,
                                               flagged: bool) -> None:
    fields = [{"name": "customer_id", "type": "string"}, {"name": "name", "type": "string"}]
    schema = record("CustomerUpdated", *fields, *([extra] if extra else []))
    settings = LintSettings(select=("ORD001",), topics=(
        TopicSettings(match="customers", flavor="state-transfer"),))
    findings = lint(schema, topic="customers", subject="customers-value", settings=settings)
    assert (codes(findings) == ["ORD001"]) is flagged
    # Not state transfer: no version needed.
    assert lint(schema, topic="customers", subject="customers-value",
                select=("ORD001",)) == []


def entries(*subjects: str) -> list[LintEntry]:
    return [LintEntry(make_schema(key({"name": "order_id", "type": "string"})
                                  if s.endswith("-key") else ORDER),
                      subject=s, topic=s.rsplit("-", 1)[0]) for s in subjects]


def test_ord001_event_topic_without_a_key() -> None:
    found = lint_project(entries("orders-value", "payments-value", "payments-key"),
                         LintSettings(select=("ORD001",)))
    assert [(f.code, f.subject) for f in found] == [("ORD001", "orders-value")]


def test_ord001_knows_the_projects_subjects_when_told() -> None:
    settings = LintSettings(select=("ORD001",), project_subjects=frozenset(
        {"orders-value", "orders-key"}))
    assert lint_project(entries("orders-value"), settings) == []
    told = LintSettings(select=("ORD001",), project_subjects=frozenset({"orders-value"}))
    assert codes(lint_project(entries("orders-value"), told)) == ["ORD001"]


@pytest.mark.parametrize("topic", [
    TopicSettings(match="orders", key_fields=("order_id",)),
    TopicSettings(match="orders", kind="command"),
    TopicSettings(match="orders", kind="cdc"),
])
def test_ord001_key_fields_or_other_kinds_pass(topic: TopicSettings) -> None:
    settings = LintSettings(select=("ORD001",), topics=(topic,),
                            project_subjects=frozenset({"orders-value"}))
    assert lint_project(entries("orders-value"), settings) == []


def test_ord001_without_evidence_of_keys_reports_only_when_asked_by_name() -> None:
    alone = entries("orders-value")
    assert "ORD001" not in codes(lint_project(alone, LintSettings()))
    assert codes(lint_project(alone, LintSettings(select=("ORD001",)))) == ["ORD001"]
    assert codes(lint_project(alone, LintSettings(extend_select=("ORD",)))) == ["ORD001"]


# (the project's subjects, whether the default set reports 'orders' for its missing key)
@pytest.mark.parametrize(("subjects", "flagged"), [
    # Wikimedia's and Mozilla's schema repositories register no key schema at all: their keys,
    # if any, are plain strings kept out of the registry.
    (("orders-value", "payments-value"), False),
    (("orders-value", "payments-value", "payments-key"), True),
    # DRIVER-EU/avro-schemas: 45 topics share one key schema (edxl-de-key.avsc), copied to
    # each <topic>-key at registration; the repository holds one key beside 45 values.
    (("orders-value", "payments-value", "shipments-value", "edxl-de-key"), False),
])
def test_ord001_in_the_default_set_judges_a_missing_key_where_the_project_keeps_keys(
        subjects: tuple[str, ...], flagged: bool) -> None:
    settings = LintSettings(project_subjects=frozenset(subjects))
    found = lint_project(entries(*[s for s in subjects if s.startswith("orders")]), settings)
    assert ("ORD001" in codes(found)) is flagged
