"""Any JSON value, and any Protobuf message protoc compiles, is linted without an exception."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from lint_helpers import lenient_schema, make_schema

from schemalint.api import parse_schema
from schemalint.errors import InvalidSchemaError
from schemalint.lint.engine import lint_project, lint_schema
from schemalint.lint.rule_model import LintEntry
from schemalint.lint.settings import LintSettings, TopicSettings
from schemalint.model import Level, Schema

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
    schema = lenient_schema(json.dumps(document), kind)
    previous = lenient_schema(json.dumps(document), kind)
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


# Protobuf: random messages, compiled by protoc, linted against random previous versions.

PROTO_NAMES = ["before", "after", "op", "source", "ts_ms", "__op", "email", "event_id",
               "occurred_at", "customerId", "Order_Id", "data", "metadata", "specversion", "id",
               "type", "payload", "schema", "email_verified", "created_at"]
PROTO_TYPES = ["string", "int32", "int64", "bool", "bytes", "double", "Inner", "Status",
               "Outer", "google.protobuf.Timestamp", "google.protobuf.StringValue",
               "google.protobuf.BoolValue", "google.protobuf.Any", "google.protobuf.Struct",
               "google.protobuf.Duration", "map<string, Inner>", "map<int64, Status>"]
PROTO_IMPORTS = "".join(f'import "google/protobuf/{name}.proto";\n' for name in (
    "timestamp", "wrappers", "any", "struct", "duration"))


@st.composite
def proto_files(draw: st.DrawFn) -> str:
    names = draw(st.lists(st.sampled_from(PROTO_NAMES), unique=True, max_size=8))
    numbers = draw(st.lists(st.integers(1, 20), unique=True, min_size=len(names),
                            max_size=len(names)))
    lines: list[str] = []
    oneof: list[str] = []
    for name, number in zip(names, numbers, strict=True):
        kind = draw(st.sampled_from(PROTO_TYPES))
        if kind.startswith("map") or draw(st.booleans()):
            lines.append(f"  {kind} {name} = {number};")
        elif kind != "Outer" and draw(st.booleans()):
            oneof.append(f"    {kind} {name} = {number};")
        else:
            label = draw(st.sampled_from(["optional ", "repeated "]))
            lines.append(f"  {label}{kind} {name} = {number};")
    if oneof:
        lines.append("  oneof choice {\n" + "\n".join(oneof) + "\n  }")
    free = [number for number in range(1, 24) if number not in numbers]
    reserved = draw(st.lists(st.sampled_from(free), unique=True, max_size=3))
    if reserved:
        lines.append(f"  reserved {', '.join(map(str, reserved))};")
    unused = [name for name in PROTO_NAMES if name not in names]
    reserved_names = draw(st.lists(st.sampled_from(unused), unique=True, max_size=2))
    if reserved_names:
        lines.append("  reserved " + ", ".join(f'"{name}"' for name in reserved_names) + ";")
    title = draw(st.sampled_from(["SendEmail", "OrderPlaced", "Envelope", "customers",
                                  "GetBalanceRequest"]))
    values = draw(st.lists(st.sampled_from(["STATUS_OPEN", "closed", "Open", "DONE"]),
                           unique=True, max_size=3))
    enum_body = " ".join(f"{value} = {index};" for index, value in
                         enumerate(["UNKNOWN", *values]))
    package = draw(st.sampled_from(["", "package acme.orders;\n"]))
    body = "\n".join(lines).replace("Outer", title)
    return (f'syntax = "proto3";\n{package}{PROTO_IMPORTS}message {title} {{\n{body}\n'
            f"  message Inner {{ {title} parent = 1; string email = 2; }}\n"
            f"  enum Status {{ {enum_body} }}\n}}\n")


def _compiled(text: str) -> Schema:
    try:
        return parse_schema(text, "PROTOBUF", path="schemas/orders/value.proto")
    except InvalidSchemaError:
        assume(False)
        raise


@settings(max_examples=40, deadline=None)
@given(text=proto_files(), before=proto_files())
def test_rules_never_raise_on_any_protobuf_message(text: str, before: str) -> None:
    schema, previous = _compiled(text), _compiled(before)
    for subject in ("orders-value", "orders-key"):
        findings = lint_schema(schema, subject=subject, topic="orders", settings=ALL,
                               previous=previous)
        assert all(finding.code and finding.line for finding in findings)
    unchanged = lint_schema(schema, topic="orders", settings=ALL, previous=schema)
    assert not {"EVO008", "EVO009"} & {finding.code for finding in unchanged}
    project = lint_project([LintEntry(schema, "orders-value", "orders", previous),
                            LintEntry(previous, "orders-key", "orders")], ALL)
    assert all(finding.code for finding in project)
