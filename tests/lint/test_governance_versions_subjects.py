"""VER001 needless version bumps, SUB001 subjects against the strategy."""

from __future__ import annotations

import json
from typing import Any

import pytest
from lint_helpers import codes, configured, lint, make_schema, record

from schemalint.api import parse_schema
from schemalint.lint.engine import lint_project
from schemalint.lint.rule_model import LintEntry
from schemalint.lint.rules.subjects.SUB001 import expected_subject
from schemalint.lint.rules.versioning.VER001 import split_version
from schemalint.lint.settings import LintSettings
from schemalint.model import Level, Schema

V1 = record("OrderPlaced", {"name": "order_id", "type": "string"})
COMPATIBLE = record("OrderPlaced", {"name": "order_id", "type": "string"},
                    {"name": "note", "type": ["null", "string"], "default": None})
BREAKING = record("OrderPlaced", {"name": "order_id", "type": "long"})


def parsed(document: dict[str, Any]) -> Schema:
    return parse_schema(json.dumps(document))


@pytest.mark.parametrize(("name", "base", "version", "role"), [
    ("orders-value", "orders", 1, "value"),
    ("orders.v2-value", "orders", 2, "value"),
    ("orders-v3-key", "orders", 3, "key"),
    ("v2.orders-value", "orders", 2, "value"),
    ("com.acme.orders.v2.OrderPlaced", "com.acme.orders.OrderPlaced", 2, ""),
    ("orders.vip-value", "orders.vip", 1, "value"),
    ("service2-value", "service2", 1, "value"),
])
def test_split_version(name: str, base: str, version: int, role: str) -> None:
    assert tuple(split_version(name)) == (base, version, role)


def bump(new: dict[str, Any], *, new_subject: str = "orders.v2-value",
         level: Level | None = None) -> list[str]:
    found = lint_project([LintEntry(parsed(V1), subject="orders-value", level=level),
                          LintEntry(parsed(new), subject=new_subject)],
                         LintSettings(select=("VER001",)))
    return [f"{f.code}:{f.subject}" for f in found]


def test_ver001_flags_a_new_version_for_a_compatible_change() -> None:
    assert bump(COMPATIBLE) == ["VER001:orders.v2-value"]
    assert bump(COMPATIBLE, new_subject="orders-v2-value") == ["VER001:orders-v2-value"]


def test_ver001_is_quiet_for_a_breaking_change_and_unrelated_subjects() -> None:
    assert bump(BREAKING) == []
    assert bump(COMPATIBLE, new_subject="payments.v2-value") == []
    assert bump(COMPATIBLE, new_subject="orders.v2-key") == []


def test_ver001_uses_backward_when_the_level_is_none() -> None:
    assert bump(BREAKING, level=Level.NONE) == []
    assert bump(COMPATIBLE, level=Level.NONE) == ["VER001:orders.v2-value"]


def test_ver001_chains_versions() -> None:
    v3 = record("OrderPlaced", {"name": "order_id", "type": "long"},
                {"name": "note", "type": ["null", "string"], "default": None})
    found = lint_project([LintEntry(parsed(V1), subject="orders.v1-value"),
                          LintEntry(parsed(COMPATIBLE), subject="orders.v2-value"),
                          LintEntry(parsed(v3), subject="orders.v3-value")],
                         LintSettings(select=("VER001",)))
    assert [f.subject for f in found] == ["orders.v2-value"]


@pytest.mark.parametrize(("strategy", "topic", "role", "record_name", "expected"), [
    ("topic", "orders", "value", "com.acme.OrderPlaced", "orders-value"),
    ("topic", "orders", None, "com.acme.OrderPlaced", None),
    ("record", "orders", "value", "com.acme.OrderPlaced", "com.acme.OrderPlaced"),
    ("topic-record", "orders", "value", "com.acme.OrderPlaced", "orders-com.acme.OrderPlaced"),
])
def test_expected_subject(strategy: str, topic: str, role: str | None, record_name: str,
                          expected: str | None) -> None:
    assert expected_subject(strategy, topic, role, record_name) == expected


ORDER = record("OrderPlaced", {"name": "order_id", "type": "string"}, namespace="com.acme")


@pytest.mark.parametrize(("strategy", "subject", "flagged"), [
    ("record", "orders-value", True),
    ("record", "com.acme.OrderPlaced", False),
    ("topic", "orders-value", False),
    ("topic", "orders-events", True),
    ("topic-record", "orders-com.acme.OrderPlaced", False),
    ("topic-record", "orders-OrderPlaced", True),
    # Another topic than the folder's: smartcontractkit/chainlink-protos@06ed99d5 has
    # bridge_status/v1/job_info.proto in data-feeds/ and workflows/, one record in each.
    ("topic-record", "orders.workflows-com.acme.OrderPlaced", False),
    ("topic-record", "-com.acme.OrderPlaced", True),
])
def test_sub001_explicit_subject_against_the_strategy(strategy: str, subject: str,
                                                      flagged: bool) -> None:
    settings = LintSettings(select=("SUB001",), strategy=strategy,
                            explicit_subjects={subject: "schemas/orders/value.avsc"})
    findings = lint(ORDER, topic="orders", subject=subject, settings=settings)
    assert (codes(findings) == ["SUB001"]) is flagged


def test_sub001_only_judges_explicit_entries_and_files_the_strategy_names() -> None:
    derived = LintSettings(select=("SUB001",), strategy="record")
    assert lint(ORDER, topic="orders", subject="whatever", settings=derived) == []
    legacy = LintSettings(select=("SUB001",), strategy="topic",
                          explicit_subjects={"orders-value": "schemas/legacy/orders.avsc"})
    assert lint(ORDER, topic="legacy", subject="orders-value", settings=legacy) == []


def test_sub001_reads_strategy_and_subjects_from_configuration() -> None:
    settings = configured({"strategy": "record", "subjects": [
        {"subject": "orders-value", "file": "schemas/orders/value.avsc"},
        {"subject": "legacy"}]})
    assert settings.strategy == "record"
    assert settings.explicit_subjects == {"orders-value": "schemas/orders/value.avsc",
                                          "legacy": ""}


CANCELLED = record("OrderCancelled", {"name": "order_id", "type": "string"},
                   namespace="com.acme")


@pytest.mark.parametrize(("current", "previous", "flagged"), [
    (CANCELLED, ORDER, True),
    (ORDER, ORDER, False),
    ({**CANCELLED, "aliases": ["OrderPlaced"]}, ORDER, False),
    ({**ORDER, "namespace": "com.acme.orders"}, ORDER, False),
    ([ORDER, CANCELLED], ORDER, False),
    (ORDER, [ORDER, CANCELLED], False),
])
def test_sub001_unrelated_record_replacing_another_under_topic(
        current: Any, previous: Any, flagged: bool) -> None:
    findings = lint(current, topic="orders", subject="orders-value",
                    previous=make_schema(previous), select=("SUB001",))
    assert (codes(findings) == ["SUB001"]) is flagged


def test_sub001_replacement_is_fine_under_topic_record() -> None:
    settings = LintSettings(select=("SUB001",), strategy="topic-record")
    assert lint(CANCELLED, topic="orders", subject="orders-value", settings=settings,
                previous=make_schema(ORDER)) == []
