"""The evolution rules read their walk off the one the governance rules share.

Where that is allowed (a schema the Avro engine parsed, without fixed types), the walk read
off ``walk.elements`` must be exactly the evolution rules' own: the same named types and
fields, in the same order, with the same records, pointers and name paths.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from strategies import avro_records

from schemalint.api import parse_schema
from schemalint.errors import InvalidSchemaError
from schemalint.lint.rules.evolution import _walk_all
from schemalint.lint.rules.evolution.EVO002 import _from_elements

FIXTURES = sorted((Path(__file__).parents[1] / "fixtures").rglob("*.avsc"))
NESTED = {
    "type": "record", "name": "Outer", "namespace": "com.acme", "fields": [
        {"name": "inner", "type": ["null", {"type": "record", "name": "Inner", "fields": [
            {"name": "tags", "type": {"type": "array", "items": {
                "type": "record", "name": "Tag", "fields": [{"name": "v", "type": "string"}]}}},
            {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["A"]}}]}]},
        {"name": "by_key", "type": {"type": "map", "values": "Inner"}},
        {"name": "failure", "type": {"type": "error", "name": "Failure", "fields": [
            {"name": "code", "type": "int"}]}}]}


def _assert_same_walk(document: Any) -> None:
    try:
        schema = parse_schema(json.dumps(document), "AVRO")
    except InvalidSchemaError:
        return
    derived = _from_elements(schema)
    if derived is not None:
        assert derived == _walk_all(schema.document)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.name)
def test_fixtures(path: Path) -> None:
    try:
        document = json.loads(path.read_text())
    except ValueError:
        return
    _assert_same_walk(document)


def test_nested_records_unions_arrays_maps_enums_and_errors() -> None:
    schema = parse_schema(json.dumps(NESTED), "AVRO")
    assert _from_elements(schema) is not None
    _assert_same_walk(NESTED)


@given(avro_records())
def test_generated_records(document: Any) -> None:
    _assert_same_walk(document)
