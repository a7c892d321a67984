"""KEY001 and CFG001: rules that look at versions and topics."""

from __future__ import annotations

import json

import pytest
from lint_helpers import codes, make_schema, record

from schemalint.lint.engine import lint_project
from schemalint.lint.rule_model import LintEntry
from schemalint.lint.settings import LintSettings, TopicSettings
from schemalint.model import Level, Schema

KEY_V1 = record("OrderKey", {"name": "id", "type": "string"})
KEY_V2 = record("OrderKey", {"name": "id", "type": "string"},
                {"name": "region", "type": "string", "default": "eu"})


def _key(new: dict[str, object], old: dict[str, object], *, same_identity: bool) -> LintEntry:
    previous = make_schema(old)
    schema = make_schema(new, path="schemas/orders/key.avsc")
    if same_identity:
        schema = Schema(schema.schema_type, schema.text, schema.path, schema.document,
                        None, previous.identity, schema.source)
    return LintEntry(schema, subject="orders-key", topic="orders", previous=previous)


def test_key001_reports_any_new_key_schema_version() -> None:
    findings = lint_project([_key(KEY_V2, KEY_V1, same_identity=False)])
    assert codes(findings) == ["KEY001"]
    assert findings[0].path == "schemas/orders/key.avsc"
    assert "partition" in findings[0].message


def test_key001_passes_a_key_identical_by_identity() -> None:
    assert lint_project([_key(KEY_V1, KEY_V1, same_identity=True)]) == []


def test_key001_ignores_value_subjects() -> None:
    entry = LintEntry(make_schema(KEY_V2), subject="orders-value", previous=make_schema(KEY_V1))
    assert lint_project([entry]) == []


def _avro_engine_available() -> bool:
    try:
        from schemalint.api import parse_schema
        parse_schema(json.dumps(KEY_V1))
    except Exception:
        return False
    return True


needs_avro = pytest.mark.skipif(not _avro_engine_available(),
                                reason="the Avro format engine is not in this tree")

V1 = record("OrderPlaced", {"name": "id", "type": "string"})
V2 = record("OrderPlaced", {"name": "id", "type": "string"},
            {"name": "note", "type": ["null", "string"], "default": None})
V3 = record("OrderPlaced", {"name": "id", "type": "string"},
            {"name": "note", "type": ["null", "string"], "default": None},
            {"name": "total", "type": "long", "default": 0})


# CFG001 is in the strict preset, off by default.
CFG = ("CFG001",)


def _parsed(document: dict[str, object]) -> Schema:
    from schemalint.api import parse_schema
    return parse_schema(json.dumps(document), path="schemas/orders/value.avsc")


@needs_avro
def test_cfg001_names_old_versions_the_latest_cannot_read() -> None:
    v2_with_qty = record("OrderPlaced", {"name": "id", "type": "string"},
                         {"name": "qty", "type": "int", "default": 1})
    v3 = record("OrderPlaced", {"name": "id", "type": "string"},
                {"name": "qty", "type": "int"})
    entry = LintEntry(_parsed(v3), subject="orders-value", topic="orders",
                      history=(_parsed(V1), _parsed(v2_with_qty)))
    assert lint_project([entry], LintSettings()) == []
    findings = lint_project([entry], LintSettings(select=CFG))
    assert codes(findings) == ["CFG001"]
    assert "version 1" in findings[0].message
    assert findings[0].severity.value == "info"


@needs_avro
@pytest.mark.parametrize("settings", [
    LintSettings(select=CFG, compatibility=Level.BACKWARD_TRANSITIVE),
    LintSettings(select=CFG, topics=(TopicSettings(match="orders", replay=False),)),
    LintSettings(select=CFG, topics=(TopicSettings(match="orders", kind="command"),)),
])
def test_cfg001_is_quiet_on_transitive_levels_and_topics_not_replayed(
        settings: LintSettings) -> None:
    v3 = record("OrderPlaced", {"name": "id", "type": "string"}, {"name": "qty", "type": "int"})
    v2 = record("OrderPlaced", {"name": "id", "type": "string"},
                {"name": "qty", "type": "int", "default": 1})
    entry = LintEntry(_parsed(v3), subject="orders-value", topic="orders",
                      history=(_parsed(V1), _parsed(v2)))
    assert lint_project([entry], settings) == []


@needs_avro
def test_cfg001_is_quiet_when_every_old_version_is_readable() -> None:
    entry = LintEntry(_parsed(V3), subject="orders-value", topic="orders",
                      history=(_parsed(V1), _parsed(V2)))
    assert lint_project([entry], LintSettings(select=CFG)) == []


@needs_avro
@pytest.mark.parametrize(("reads", "named"), [
    ((True, True), None),
    ((False, True), "version 1 "),
    ((True, False, False), "versions 2, 3 "),
    ((False,), None),  # one earlier version: the level itself compares with it
])
def test_cfg001_takes_the_verdicts_a_checker_judged_as_it_read_the_history(
        reads: tuple[bool, ...], named: str | None) -> None:
    # A checker reading a long git history keeps none of its versions: it passes, per version,
    # whether the new schema reads it, and only the latest version as ``history``.
    entry = LintEntry(_parsed(V3), subject="orders-value", topic="orders",
                      history=(_parsed(V2),), reads=reads)
    findings = lint_project([entry], LintSettings(select=CFG))
    assert [named in f.message for f in findings] == ([] if named is None else [True])


@pytest.mark.parametrize(("settings", "key", "judged"), [
    (LintSettings(select=CFG), False, True),
    (LintSettings(), False, False),
    (LintSettings(select=CFG), True, False),
    (LintSettings(select=CFG, compatibility=Level.FULL_TRANSITIVE), False, False),
    (LintSettings(select=CFG, topics=(TopicSettings(match="orders", replay=False),)), False,
     False),
    (LintSettings(select=("ALL",), ignore=CFG), False, False),
])
def test_replay_judged_is_where_cfg001_needs_verdicts(settings: LintSettings, key: bool,
                                                      judged: bool) -> None:
    from schemalint.lint.rules.config.CFG001 import replay_judged

    level = settings.compatibility
    assert replay_judged(settings, "orders", level, key) is judged
