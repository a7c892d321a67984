"""Any JSON value that reaches the rules is linted without an exception."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from lint_helpers import make_schema

from schemalint.model import Level
from schemalint.rules.engine import lint_schema
from schemalint.rules.settings import LintSettings, TopicSettings

KEYS = st.sampled_from([
    "type", "name", "namespace", "fields", "items", "values", "symbols", "default", "aliases",
    "logicalType", "precision", "scale", "properties", "title", "required", "allOf", "oneOf",
    "anyOf", "$ref", "additionalProperties", "x-schemalint", "ignore", "before", "after", "op",
    "source", "data", "metadata", "EVT001", "record", "enum", "object", "connect.name",
])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), KEYS,
                    st.sampled_from(["record", "enum", "object", "#/properties", "#/x"]))
JSON = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=5)), max_leaves=25)
ALL = LintSettings(select=("ALL",), compatibility=Level.FULL,
                   topics=(TopicSettings(match="*", flavor="notification"),))


@settings(max_examples=150, deadline=None)
@given(document=JSON, kind=st.sampled_from(["avro", "json"]))
def test_rules_never_raise_on_any_json(document: Any, kind: str) -> None:
    schema = make_schema(json.dumps(document), kind)
    previous = make_schema(json.dumps(document), kind)
    findings = lint_schema(schema, topic="orders.SendEmail", settings=ALL, previous=previous)
    assert all(finding.code for finding in findings)


@settings(max_examples=300, deadline=None)
@given(name=st.text(alphabet=st.sampled_from("abAB.-_/:{}0v9 éSendOrderPlaced"), max_size=30))
def test_any_name_is_classified_and_proposals_are_text(name: str) -> None:
    findings = lint_schema(make_schema(json.dumps({"type": "object", "title": name}), "json"),
                           topic=name, settings=ALL)
    assert all(isinstance(finding.message, str) for finding in findings)


def test_recursive_records_are_linted() -> None:
    tree = {"type": "record", "name": "Node", "namespace": "com.acme", "fields": [
        {"name": "data", "type": ["null", "Node"], "default": None},
        {"name": "children", "type": {"type": "array", "items": "Node"}}]}
    json_tree = {"title": "Node", "type": "object", "properties": {
        "data": {"$ref": "#"}, "children": {"type": "array", "items": {"$ref": "#"}}}}
    for document, kind in ((tree, "avro"), (json_tree, "json")):
        schema = make_schema(json.dumps(document), kind)
        assert isinstance(lint_schema(schema, topic="nodes", settings=ALL, previous=schema), list)
