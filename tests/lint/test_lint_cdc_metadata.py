"""CDC001/CDC002 on topic kinds, and MET001–MET003."""

from __future__ import annotations

from typing import Any

import pytest
from lint_helpers import DATA, codes, lint, load, record

from schemalint.lint.engine import lint_schema
from schemalint.lint.settings import LintSettings, TopicSettings

CDC_TOPIC = LintSettings(select=("CDC001", "CDC002", "MET"),
                         topics=(TopicSettings(match="dbserver1.*", kind="cdc"),))


@pytest.mark.parametrize("file", ["debezium-mysql-envelope.avsc", "debezium-unwrapped-row.avsc",
                                  "fivetran-row.json"])
def test_cdc_and_metadata_rules_are_off_on_cdc_topics(file: str) -> None:
    schema = load(DATA / "cdc" / file)
    assert lint_schema(schema, topic="dbserver1.inventory.customers", settings=CDC_TOPIC) == []
    assert lint_schema(schema, topic="customers", settings=CDC_TOPIC) != []


def test_cdc001_names_the_outbox_router_for_outbox_table_changes() -> None:
    schema = load(DATA / "cdc" / "outbox-table-change-record.avsc")
    findings = lint_schema(schema, settings=LintSettings(select=("CDC001",)))
    assert codes(findings) == ["CDC001"]
    assert "outbox event router" in findings[0].message
    assert (findings[0].line, findings[0].column) == (1, 1)


def test_cdc002_points_at_the_first_replication_column() -> None:
    schema = load(DATA / "cdc" / "fivetran-row.json")
    findings = lint_schema(schema, settings=LintSettings(select=("CDC002",)))
    assert findings[0].pointer == "/properties/_fivetran_synced"
    assert findings[0].line is not None


EVENT_ID: dict[str, Any] = {"name": "event_id", "type": "string"}
OCCURRED: dict[str, Any] = {"name": "occurred_at", "type": "long"}
CORRELATION: dict[str, Any] = {"name": "correlationId", "type": "string"}
ORDER_ID: dict[str, Any] = {"name": "order_id", "type": "string"}


@pytest.mark.parametrize(("fields", "expected"), [
    ((ORDER_ID,), ["MET001", "MET002", "MET003"]),
    ((EVENT_ID, ORDER_ID), ["MET002", "MET003"]),
    ((EVENT_ID, OCCURRED, ORDER_ID), ["MET003"]),
    ((EVENT_ID, OCCURRED, CORRELATION, ORDER_ID), []),
    (({"name": "eventId", "type": "string"}, {"name": "placedAt", "type": "long"},
      {"name": "causation_id", "type": "string"}), []),
])
def test_metadata_rules_look_for_id_time_and_correlation(
        fields: tuple[dict[str, Any], ...], expected: list[str]) -> None:
    findings = lint(record("OrderPlaced", *fields), select=("MET",))
    assert sorted(codes(findings)) == expected


def test_the_metadata_rules_are_off_by_default() -> None:
    # Many projects carry an event's id and time outside its payload: MET001-MET003 are in
    # the strict preset.
    found = codes(lint(record("OrderPlaced", ORDER_ID)))
    assert [code for code in found if code.startswith("MET")] == []
    strict = codes(lint(record("OrderPlaced", ORDER_ID), select=("ALL",)))
    assert [code for code in strict if code.startswith("MET")] == ["MET001", "MET002", "MET003"]


def test_zalando_metadata_object_is_recognised() -> None:
    schema = {"title": "OrderShipped", "type": "object", "properties": {
        "metadata": {"type": "object", "properties": {
            "eid": {"type": "string"}, "occurred_at": {"type": "string"}}},
        "order_number": {"type": "string"}}}
    assert lint(schema, "json", select=("MET001", "MET002")) == []


@pytest.mark.parametrize("file", ["cloudevents-envelope.json", "cloudevents-envelope.avsc",
                                  "cloudevents-order-placed.avsc"])
def test_cloudevents_attributes_are_recognised(file: str) -> None:
    schema = load(DATA / "cdc" / file)
    assert lint_schema(schema, settings=LintSettings(select=("MET001", "MET002"))) == []


def test_metadata_rules_are_off_where_metadata_travels_in_headers() -> None:
    settings = LintSettings(select=("MET",),
                            topics=(TopicSettings(match="orders", metadata="headers"),))
    assert lint(record("OrderPlaced", ORDER_ID), topic="orders", settings=settings) == []


def test_metadata_names_are_configurable() -> None:
    settings = LintSettings(select=("MET001",), id_fields=("message_guid",))
    assert lint(record("OrderPlaced", {"name": "messageGuid", "type": "string"}),
                settings=settings) == []
    assert codes(lint(record("OrderPlaced", EVENT_ID), settings=settings)) == ["MET001"]


def test_key_schemas_need_no_metadata() -> None:
    assert lint(record("OrderKey", ORDER_ID), subject="orders-key", select=("MET",)) == []
