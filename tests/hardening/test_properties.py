"""Invariants that hold for every schema, checked on generated ones (hypothesis).

Budgets come from the ``ci`` profile (tests/hardening/conftest.py); the heavier properties
take a fraction of it so the module stays within a few seconds.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import (
    HOSTILE_TEXT,
    avro_evolutions,
    avro_records,
    json_schemas,
    json_values,
    schema_like_json,
)

from schemalint.api import check_compatibility, parse_schema
from schemalint.errors import InvalidSchemaError
from schemalint.model import Against, Direction, Finding, Level, Severity
from schemalint.report import REPORTERS, ReportContext
from schemalint.sourcemap import JsonSyntaxError, _loads_iteratively, loads

# The JSON Schema differ raises the recursion limit for recursive schemas (on purpose).
pytestmark = pytest.mark.filterwarnings("ignore:The recursion limit will not be reset")

LEVELS = [level for level in Level if level is not Level.NONE]
BASE = settings()
HEAVY = settings(max_examples=max(10, BASE.max_examples // 2))


def compatible(new: Any, previous: list[Any], level: Level, kind: str) -> bool:
    return check_compatibility(new, previous, level, kind).compatible


@given(avro_records())
def test_every_avro_schema_is_compatible_with_itself_at_every_level(schema: Any) -> None:
    for level in LEVELS:
        assert compatible(schema, [schema, schema], level, "AVRO"), level


@given(json_schemas())
def test_every_json_schema_is_compatible_with_itself_at_every_level(schema: Any) -> None:
    for level in LEVELS:
        assert compatible(schema, [schema, schema], level, "JSON"), level


@st.composite
def avro_histories(draw: st.DrawFn) -> list[Any]:
    first = draw(avro_records())
    second = draw(avro_evolutions(first))
    third = draw(avro_evolutions(second))
    return [first, second, third]


@st.composite
def json_histories(draw: st.DrawFn) -> list[Any]:
    return [draw(json_schemas()) for _ in range(3)]


def _level_invariants(history: list[Any], kind: str) -> None:
    *previous, new = history
    verdict = {level: compatible(new, previous, level, kind) for level in LEVELS}
    for plain in (Level.BACKWARD, Level.FORWARD, Level.FULL):
        transitive = Level(plain.value + "_TRANSITIVE")
        # transitive levels are at least as strict
        assert not verdict[transitive] or verdict[plain], (plain, history)
    assert verdict[Level.FULL] == (verdict[Level.BACKWARD] and verdict[Level.FORWARD])
    assert verdict[Level.FULL_TRANSITIVE] == (verdict[Level.BACKWARD_TRANSITIVE]
                                              and verdict[Level.FORWARD_TRANSITIVE])


@HEAVY
@given(avro_histories())
def test_avro_levels_relate_as_confluent_defines_them(history: list[Any]) -> None:
    _level_invariants(history, "AVRO")


@HEAVY
@given(json_histories())
def test_json_schema_levels_relate_as_confluent_defines_them(history: list[Any]) -> None:
    _level_invariants(history, "JSON")


@pytest.mark.parametrize("kind", ["AVRO", "JSON"])
@given(document=st.one_of(schema_like_json, json_values), other=schema_like_json)
def test_engines_raise_only_invalid_schema_on_parseable_input(kind: str, document: Any,
                                                              other: Any) -> None:
    try:
        schema = parse_schema(json.dumps(document), kind, path="generated")
        assert isinstance(schema.identity, str)
    except InvalidSchemaError as error:
        assert error.finding.code == "INVALID_SCHEMA"
        return
    try:
        previous = parse_schema(json.dumps(other), kind, path="other")
    except InvalidSchemaError:
        previous = schema
    for level in (Level.BACKWARD, Level.FULL_TRANSITIVE):
        with contextlib.suppress(InvalidSchemaError):
            check_compatibility(schema, [previous], level, kind)


_findings = st.builds(
    Finding,
    code=st.sampled_from(["INVALID_SCHEMA", "TYPE_MISMATCH", "DOC001"]),
    severity=st.sampled_from(list(Severity)),
    message=HOSTILE_TEXT,
    path=st.none() | HOSTILE_TEXT,
    line=st.none() | st.integers(1, 10**6),
    column=st.none() | st.integers(1, 10**4),
    pointer=HOSTILE_TEXT,
    subject=st.none() | HOSTILE_TEXT,
    level=st.none() | st.sampled_from(list(Level)),
    direction=st.none() | st.sampled_from(list(Direction)),
    against=st.none() | st.builds(Against, ref=st.none() | HOSTILE_TEXT,
                                  version=st.none() | st.integers(1, 99)),
    name_path=HOSTILE_TEXT,
)


@given(st.lists(_findings, max_size=8), st.integers(0, 50))
def test_the_json_reports_always_parse(findings: list[Finding], checked: int) -> None:
    for name in ("json", "sarif"):
        text = REPORTERS[name](findings, ReportContext(checked=checked))
        text.encode("utf-8")
        document = json.loads(text)
        if name == "json":
            assert sorted(item["message"] for item in document["findings"]) == sorted(
                finding.message for finding in findings)


@given(json_values)
def test_the_iterative_reader_agrees_with_the_c_scanner(value: Any) -> None:
    text = json.dumps(value, indent=None if isinstance(value, list) else 1)
    assert _loads_iteratively(text) == loads(text) == json.loads(text)


@given(st.text(alphabet='{}[]:,"01aeNIlnrstu.-\\ \n', max_size=30))
def test_the_iterative_reader_rejects_what_the_c_scanner_rejects(text: str) -> None:
    try:
        expected: Any = ("ok", loads(text))
    except JsonSyntaxError:
        expected = ("error",)
    try:
        actual: Any = ("ok", _loads_iteratively(text))
    except JsonSyntaxError:
        actual = ("error",)
    assert actual == expected
