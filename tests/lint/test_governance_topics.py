"""TOP001–TOP003 on topic names, and OWN001 on topic owners."""

from __future__ import annotations

from typing import Any

import pytest
from lint_helpers import codes, configured, lint, record

from schemalint.errors import ConfigError
from schemalint.lint.rules.topics import illegal_topic
from schemalint.lint.rules.topics.TOP002 import compile_pattern
from schemalint.lint.rules.topics.TOP003 import risky_topic
from schemalint.lint.settings import LintSettings, TopicSettings

EVENT = record("OrderPlaced", {"name": "order_id", "type": "string", "doc": "The order."},
               namespace="com.acme")


def top(topic: str | None, *, subject: str | None = None, settings: LintSettings | None = None,
        schema: dict[str, Any] = EVENT) -> list[str]:
    chosen = settings or LintSettings(select=("TOP",))
    return codes(lint(schema, topic=topic, subject=subject, settings=chosen))


@pytest.mark.parametrize("name", [
    "orders placed", "orders/placed", "orders:placed", "ordérs", "orders\t", "", ".", "..",
    "a" * 250, "orders,eu",
])
def test_top001_flags_names_kafka_refuses(name: str) -> None:
    assert illegal_topic(name) is not None
    assert top(name) == ["TOP001"]


@pytest.mark.parametrize("name", [
    "orders", "orders.placed.v1", "orders-placed", "Orders_Placed", "a" * 249, "...", ".a",
    "a..b", "0", "_orders", "-",
])
def test_top001_accepts_what_kafka_accepts(name: str) -> None:
    assert illegal_topic(name) is None
    assert "TOP001" not in top(name)


@pytest.mark.parametrize(("name", "expected"), [
    ("orders.placed_v1", ["TOP003"]),
    ("__orders", ["TOP003"]),
    ("__consumer_offsets", ["TOP003"]),
    ("orders_placed", []),
    ("orders.placed", []),
    ("_orders", []),
    ("orders placed_x.y", ["TOP001"]),  # illegal: TOP001 alone reports it
])
def test_top003_flags_legal_but_risky_names(name: str, expected: list[str]) -> None:
    assert top(name) == expected


def test_top003_message_names_the_metric_collision() -> None:
    why = risky_topic("orders.eu_west")
    assert why is not None and "orders_eu_west" in why


def test_topic_comes_from_the_subject_when_no_topic_is_given() -> None:
    assert top(None, subject="bad topic-value") == ["TOP001"]
    assert top(None, subject=None) == []


def test_topic_rules_report_once_per_topic_on_the_value_schema() -> None:
    assert top("bad topic", subject="bad topic-key") == []
    assert top("bad topic", subject="bad topic-value") == ["TOP001"]


def test_a_referenced_types_folder_is_not_a_topic() -> None:
    address = record("Address", {"name": "city", "type": "string"}, namespace="com.acme.x")
    assert top("com mon", subject="com.acme.x.Address", schema=address) == []


PATTERN = "{domain}.{kind}.{name}.v{version}"


def naming(*topics: TopicSettings, pattern: str = PATTERN) -> LintSettings:
    return LintSettings(select=("TOP",), topic_pattern=pattern, topics=topics)


@pytest.mark.parametrize(("topic", "expected"), [
    ("sales.events.order-placed.v1", []),
    ("sales.events.order-placed", ["TOP002"]),
    ("sales.events.order-placed.vx", ["TOP002"]),
    ("sales.events.order.placed.v1", ["TOP002"]),
    ("sales.stuff.order-placed.v1", []),  # a kind word schemalint does not know
    ("orders", ["TOP002"]),
])
def test_top002_checks_the_configured_pattern(topic: str, expected: list[str]) -> None:
    assert top(topic, settings=naming()) == expected


def test_top002_is_silent_without_a_pattern() -> None:
    assert top("anything.goes") == []


def test_top002_kind_segment_against_declared_kind() -> None:
    declared = naming(TopicSettings(match="sales.cmd.*", kind="event"))
    assert top("sales.cmd.place-order.v1", settings=declared,
               schema=record("PlaceOrder", {"name": "id", "type": "string"})) == ["TOP002"]
    agreeing = naming(TopicSettings(match="sales.cmd.*", kind="command"))
    assert top("sales.cmd.place-order.v1", settings=agreeing,
               schema=record("PlaceOrder", {"name": "id", "type": "string"})) == []


def test_top002_command_topic_carrying_a_past_tense_event() -> None:
    assert top("sales.cmd.order.v1", settings=naming()) == ["TOP002"]
    command = record("PlaceOrder", {"name": "order_id", "type": "string"})
    assert top("sales.cmd.order.v1", settings=naming(), schema=command) == []


def test_top002_event_topic_carrying_cdc_rows() -> None:
    row = {"type": "record", "name": "Envelope", "namespace": "dbserver1.inventory.orders",
           "fields": [{"name": "before", "type": ["null", "string"]},
                      {"name": "after", "type": ["null", "string"]},
                      {"name": "op", "type": "string"}, {"name": "ts_ms", "type": "long"}]}
    assert top("sales.events.orders.v1", settings=naming(), schema=row) == ["TOP002"]
    assert top("sales.cdc.orders.v1", settings=naming(), schema=row) == []


def test_pattern_segments_do_not_cross_dots() -> None:
    compiled = compile_pattern("{domain}.{name}")
    assert compiled.regex.match("a.b") and not compiled.regex.match("a.b.c")
    assert compiled.segments == ("domain", "name")


def test_own001_is_off_by_default_and_warns_when_selected() -> None:
    assert "OWN001" not in codes(lint(EVENT, topic="orders", subject="orders-value"))
    findings = lint(EVENT, topic="orders", subject="orders-value",
                    settings=LintSettings(select=("OWN001",)))
    assert codes(findings) == ["OWN001"]
    assert findings[0].severity.value == "warning"


@pytest.mark.parametrize(("topics", "expected"), [
    ((), ["OWN001"]),
    ((TopicSettings(match="orders", kind="event"),), ["OWN001"]),
    ((TopicSettings(match="orders", owner="team-checkout"),), []),
    ((TopicSettings(match="orders", kind="event"),
      TopicSettings(match="ord*", owner="team-checkout")), []),
    ((TopicSettings(match="payments", owner="team-pay"),), ["OWN001"]),
])
def test_own001_looks_for_an_owner_in_matching_topics(
        topics: tuple[TopicSettings, ...], expected: list[str]) -> None:
    settings = LintSettings(select=("OWN001",), topics=topics)
    assert codes(lint(EVENT, topic="orders", subject="orders-value",
                      settings=settings)) == expected
    assert codes(lint(EVENT, topic="orders", subject="orders-key", settings=settings)) == []


def test_own001_reads_owner_and_audience_from_configuration() -> None:
    settings = configured({"topics": [
        {"match": "orders", "owner": "team-checkout", "audience": "company"}]})
    assert settings.topics[0].owner == "team-checkout"
    assert settings.topics[0].audience == "company"
    with pytest.raises(ConfigError, match=r'topics\.0\.audience: "world" is not one of'):
        configured({"topics": [{"match": "orders", "audience": "world"}]})


def test_top002_an_entry_without_kind_declares_nothing() -> None:
    settings = configured({"topic-naming": {"pattern": PATTERN}, "lint": {
        "select": ["TOP"]}, "topics": [{"match": "sales.cmd.*", "owner": "team-sales"}]})
    command = record("PlaceOrder", {"name": "order_id", "type": "string"})
    assert top("sales.cmd.order.v1", settings=settings, schema=command) == []
    declared = configured({"topic-naming": {"pattern": PATTERN}, "lint": {
        "select": ["TOP"]}, "topics": [{"match": "sales.cmd.*", "kind": "event"}]})
    assert top("sales.cmd.order.v1", settings=declared, schema=command) == ["TOP002"]


def test_top002_pattern_as_a_regular_expression() -> None:
    settings = naming(pattern=r"^(?P<domain>[a-z]+)\.(?P<kind>[a-z]+)\.[a-z-]+$")
    assert top("sales.events.order-placed", settings=settings) == []
    assert top("sales.events.OrderPlaced", settings=settings) == ["TOP002"]
    assert top("sales.cmd.order", settings=settings) == ["TOP002"]  # OrderPlaced is a fact
