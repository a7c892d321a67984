"""How a project's subjects group into topics (``schemalint.topics``), and that the
catalogue and the AsyncAPI export both show that one grouping.

Each case is a real git repository in a temporary folder, its subjects read by the check
pipeline as every command reads them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml
from gitrepo import GitRepo

from schemalint.commands.asyncapi import export_asyncapi
from schemalint.commands.catalog import build
from schemalint.config import load_config
from schemalint.pipeline.check import CheckRequest, run_check
from schemalint.pipeline.consumers import contract_specs
from schemalint.topics import ProjectTopic, TopicSubject, project_topics


def record(name: str, *fields: str) -> dict[str, Any]:
    return {"type": "record", "name": name, "namespace": "com.acme",
            "fields": [{"name": field, "type": "string"} for field in fields]}


def reference(name: str, field: str, type_name: str) -> dict[str, Any]:
    return {"type": "record", "name": name, "namespace": "com.acme",
            "fields": [{"name": "order_id", "type": "string"},
                       {"name": field, "type": type_name}]}


ADDRESS = record("Address", "city")
ORDER_KEY = record("OrderKey", "order_id")
# Two event types on one topic, as topic-record names them apart: confluentinc/examples
# (4f840b6) clients/avro's Payment.avsc in shape.
PLACED = reference("OrderPlaced", "ship_to", "com.acme.Address")
CANCELLED = record("OrderCancelled", "order_id", "reason")
ORDERS_TOPIC = """
[[topics]]
match = "orders"
kind = "event"
flavor = "notification"
owner = "team-orders"
compatibility = "FORWARD"
producers = ["order-service", "legacy-shop"]
"""


def consumer(name: str, subjects: list[str], owner: str | None = None) -> str:
    return (f'\n[[consumers]]\nname = "{name}"\n' + (f'owner = "{owner}"\n' if owner else "")
            + f"subjects = {subjects!r}\nreads = [\"order_id\"]\n").replace("'", '"')


def asyncapi_document() -> str:
    # asyncapi/spec at v3.0.0 (d78dcea): examples/streetlights-kafka-asyncapi.yml in shape,
    # a message's Kafka key from adeo-kafka-request-reply-asyncapi.yml.
    order = {"type": "object", "properties": {"order_id": {"type": "string"}}}
    key = {"type": "object", "properties": {"order_id": {"type": "string"}}}
    return yaml.safe_dump({
        "asyncapi": "3.0.0", "info": {"title": "Shop", "version": "1.0.0"},
        "channels": {
            "placed": {"address": "shop.orders", "messages": {"OrderPlaced": {
                "payload": order, "bindings": {"kafka": {"key": key}}}}},
            "refunds": {"address": "shop.refunds", "messages": {"RefundIssued": {
                "payload": {"type": "object",
                            "properties": {"refund_id": {"type": "string"}}}}}},
        }}, sort_keys=False)


class Expected(NamedTuple):
    values: tuple[str, ...]
    key: str | None
    subjects: tuple[str, ...]  # every subject filed under it: values, key, types
    kind: str
    level: str
    producers: tuple[str, ...]
    readers: dict[str, tuple[str, ...]]  # declared consumer → the subjects it reads


class Case(NamedTuple):
    files: dict[str, Any]
    config: str
    topics: dict[str, Expected]


CASES = {
    "topic strategy: <topic>-value and <topic>-key; a folder of referenced types is a topic "
    "of no message (schemalint's own schemas/common)": Case(
        {"schemas/orders/value.avsc": PLACED, "schemas/orders/key.avsc": ORDER_KEY,
         "schemas/common/Address.avsc": ADDRESS},
        'roots = ["schemas"]\n' + ORDERS_TOPIC
        + consumer("billing", ["orders-value"], "team-billing")
        + consumer("geo", ["com.acme.Address"]),
        {"common": Expected((), None, ("com.acme.Address",), "event", "BACKWARD", (),
                            {"geo": ("com.acme.Address",)}),
         "orders": Expected(("orders-value",), "orders-key", ("orders-key", "orders-value"),
                            "event", "FORWARD", ("order-service", "legacy-shop"),
                            {"billing": ("orders-value",)})}),
    "record strategy with [[topics]]: two record types on one topic, a type beside them "
    "filed under it, a consumer of two of its subjects listed once": Case(
        {"schemas/orders/value.avsc": PLACED, "schemas/orders-value.avsc": CANCELLED,
         "schemas/orders/key.avsc": ORDER_KEY, "schemas/orders/Address.avsc": ADDRESS},
        'roots = ["schemas"]\nstrategy = "record"\n' + ORDERS_TOPIC
        + consumer("billing", ["com.acme.OrderPlaced", "com.acme.OrderCancelled"],
                   "team-billing")
        + consumer("geo", ["com.acme.Address"]),
        {"orders": Expected(
            ("com.acme.OrderCancelled", "com.acme.OrderPlaced"), "com.acme.OrderKey",
            ("com.acme.Address", "com.acme.OrderCancelled", "com.acme.OrderKey",
             "com.acme.OrderPlaced"),
            "event", "FORWARD", ("order-service", "legacy-shop"),
            {"billing": ("com.acme.OrderCancelled", "com.acme.OrderPlaced"),
             "geo": ("com.acme.Address",)})}),
    "topic-record: <topic>-<record> for each value and the key; a referenced type by its "
    "name": Case(
        {"schemas/orders/value.avsc": PLACED, "schemas/orders-value.avsc": CANCELLED,
         "schemas/orders/key.avsc": ORDER_KEY, "schemas/orders/Address.avsc": ADDRESS},
        'roots = ["schemas"]\nstrategy = "topic-record"\n' + ORDERS_TOPIC,
        {"orders": Expected(
            ("orders-com.acme.OrderCancelled", "orders-com.acme.OrderPlaced"),
            "orders-com.acme.OrderKey",
            ("com.acme.Address", "orders-com.acme.OrderCancelled", "orders-com.acme.OrderKey",
             "orders-com.acme.OrderPlaced"),
            "event", "FORWARD", ("order-service", "legacy-shop"), {})}),
    "a key-only topic: its level and [[topics]] entry still its own": Case(
        {"schemas/audit/key.avsc": record("AuditKey", "id")},
        'roots = ["schemas"]\ncompatibility = "FULL"\n[[topics]]\nmatch = "audit"\n'
        'kind = "cdc"\nkey-fields = ["id"]\nproducers = ["audit-db"]\n'
        + consumer("auditor", ["audit-key"]),
        {"audit": Expected((), "audit-key", ("audit-key",), "cdc", "FULL", ("audit-db",),
                           {"auditor": ("audit-key",)})}),
    "an AsyncAPI document: each channel's address a topic, its payload and Kafka key the "
    "subjects": Case(
        {"contracts/shop.yaml": asyncapi_document()},
        'roots = ["contracts"]\n[[topics]]\nmatch = "shop.*"\nkind = "command"\n'
        'producers = ["shop"]\n' + consumer("ledger", ["shop.refunds-value"], "team-money"),
        {"shop.orders": Expected(("shop.orders-value",), "shop.orders-key",
                                 ("shop.orders-key", "shop.orders-value"), "command",
                                 "BACKWARD", ("shop",), {}),
         "shop.refunds": Expected(("shop.refunds-value",), None, ("shop.refunds-value",),
                                  "command", "BACKWARD", ("shop",),
                                  {"ledger": ("shop.refunds-value",)})}),
}


def project(tmp_path: Path, case: Case) -> Path:
    repo = GitRepo(tmp_path / "repo")
    for path, content in case.files.items():
        repo.write(path, content)
    repo.write("schemalint.toml", case.config)
    repo.commit("the project")
    return repo.path


def topics_of(root: Path) -> dict[str, ProjectTopic]:
    config = load_config(root)
    outcome = run_check(config, CheckRequest(all=True, against="none", lint=False,
                                             keep_subjects=True))
    assert not outcome.findings, outcome.findings
    found = project_topics(config, (TopicSubject(name, state.files.topic, state.files.role)
                                    for name, state in outcome.subjects.items()),
                           contract_specs(config))
    return {topic.name: topic for topic in found}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_subjects_group_into_topics(tmp_path: Path, case: Case) -> None:
    topics = topics_of(project(tmp_path, case))
    assert {name: Expected(topic.values, topic.key, topic.subjects, topic.kind,
                           topic.level.value, topic.producers,
                           {reader.name: reader.subjects for reader in topic.readers})
            for name, topic in topics.items()} == case.topics


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_catalogue_and_the_export_show_the_same_topics(tmp_path: Path, case: Case
                                                          ) -> None:
    root = project(tmp_path, case)
    topics = topics_of(root)
    config = load_config(root)
    catalog, unreadable = build(config)
    assert not unreadable
    assert {t.name: (t.subjects, t.kind, t.level, t.producers,
                     tuple(c.name for c in t.consumers)) for t in catalog.topics} == {
        name: (topic.subjects, topic.kind, topic.level.value, topic.producers,
               tuple(reader.name for reader in topic.readers))
        for name, topic in topics.items()}
    document = export_asyncapi(config).document
    # A channel for each topic with a message, a message for each value, and a receive
    # operation for each consumer of one of its messages.
    with_messages = {name: topic for name, topic in topics.items()
                     if topic.values or topic.key}
    assert {channel["address"]: (sorted(channel["messages"]),
                                 channel["x-schemalint-compatibility"])
            for channel in document["channels"].values()} == {
        name: (sorted(topic.values), topic.level.value)
        for name, topic in with_messages.items()}
    receivers = {(operation["x-schemalint-service"],
                  operation["channel"]["$ref"].rpartition("/")[2])
                 for operation in document.get("operations", {}).values()
                 if operation["action"] == "receive"}
    assert receivers == {
        (reader.name, name) for name, topic in with_messages.items()
        for reader in topic.readers
        if set(reader.subjects) & {*topic.values, *filter(None, [topic.key])}}
