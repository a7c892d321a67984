"""Sync replays each subject's own history, as the registry would have taken it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import Project, identity, texts
from registry_harness import Server

from schemalint.sync import Action

VALUE = "orders/value.avsc"


def record(name: str, *fields: dict[str, Any]) -> str:
    return json.dumps({"type": "record", "name": name, "namespace": "com.acme.orders",
                       "fields": [{"name": "order_id", "type": "string"}, *fields]})


NOTE = {"name": "note", "type": "string", "default": ""}
AMOUNT = {"name": "amount", "type": "long", "default": 0}


@pytest.mark.parametrize(("first", "then", "subjects"), [
    pytest.param(record("OrderPlaced"), record("OrderCreated", NOTE),
                 {"com.acme.orders.OrderPlaced": [record("OrderPlaced")],
                  "com.acme.orders.OrderCreated": [record("OrderCreated", NOTE)]},
                 id="record renamed in its file: the new name starts its own subject"),
    pytest.param(record("OrderPlaced"), record("OrderPlaced", NOTE),
                 {"com.acme.orders.OrderPlaced": [record("OrderPlaced"),
                                                  record("OrderPlaced", NOTE)]},
                 id="record kept: one subject, two versions"),
])
def test_sync_never_registers_one_record_under_another_records_subject(
        project: Project, registry: Server, first: str, then: str,
        subjects: dict[str, list[str]]) -> None:
    project.configure('strategy = "record"\n')
    project.write(f"schemas/{VALUE}", first)
    project.commit("first")
    project.sync(registry.url)
    project.write(f"schemas/{VALUE}", then)
    project.commit("then")

    project.sync(registry.url)

    for subject, versions in subjects.items():
        assert texts(registry, subject) == [identity(text) for text in versions], subject


@pytest.mark.parametrize(("synced_before", "registered", "action"), [
    # The registry holds both versions: registering v1 again would return its id.
    pytest.param(True, [record("OrderPlaced"), record("OrderPlaced", NOTE)], Action.REVERT,
                 id="the registry has every version: nothing is registered"),
    # A registry that never saw v2 gets the history up to the version the file is again.
    pytest.param(False, [record("OrderPlaced")], Action.CREATE,
                 id="a new registry: the log up to the restored version"),
])
def test_a_revert_registers_no_new_version(project: Project, registry: Server,
                                           synced_before: bool, registered: list[str],
                                           action: Action) -> None:
    project.write(f"schemas/{VALUE}", record("OrderPlaced"))
    project.commit("v1")
    project.write(f"schemas/{VALUE}", record("OrderPlaced", NOTE))
    project.commit("v2")
    if synced_before:
        project.sync(registry.url)
    project.write(f"schemas/{VALUE}", record("OrderPlaced"))
    project.commit("revert v2")

    outcome = project.sync(registry.url)

    assert texts(registry, "orders-value") == [identity(text) for text in registered]
    assert [step.action for step in outcome.steps if step.subject == "orders-value"] == [action]
