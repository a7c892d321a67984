"""``Schema.view``: one read-only view of a schema, built by its format once, the same
questions answered alike for Avro, JSON Schema and Protobuf."""

from __future__ import annotations

import json
from typing import Any

import pytest

from schemalint.api import parse_schema
from schemalint.model import Schema, SchemaType
from schemalint.sourcemap import SourceMap
from schemalint.view import EMPTY_VIEW, Element

AVRO = json.dumps({
    "type": "record", "name": "OrderPlaced", "namespace": "acme", "doc": "An order.",
    "fields": [
        {"name": "order_id", "type": "string", "doc": "Its id."},
        {"name": "note", "type": ["null", "string"], "default": None},
        {"name": "placed_at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "status", "type": {"type": "enum", "name": "Status",
                                    "symbols": ["OPEN", "CLOSED"]}},
        {"name": "line", "type": {"type": "record", "name": "Line",
                                  "fields": [{"name": "sku", "type": "string"}]}},
    ]})
JSON = json.dumps({
    "title": "OrderPlaced", "type": "object", "description": "An order.",
    "properties": {
        "order_id": {"type": "string", "description": "Its id."},
        "note": {"type": ["string", "null"], "default": None},
        "placed_at": {"type": "string", "format": "date-time"},
        "status": {"enum": ["OPEN", "CLOSED"]},
        "line": {"type": "object", "properties": {"sku": {"type": "string"}}},
    }})
PROTO = """syntax = "proto3";
package acme;
import "google/protobuf/timestamp.proto";
// An order.
message OrderPlaced {
  // Its id.
  string order_id = 1;
  optional string note = 2;
  google.protobuf.Timestamp placed_at = 3;
  Status status = 4;
  Line line = 5;
  message Line { string sku = 1; }
  enum Status { STATUS_OPEN = 0; STATUS_CLOSED = 1; }
}
"""
SOURCES = {SchemaType.AVRO: AVRO, SchemaType.JSON: JSON, SchemaType.PROTOBUF: PROTO}


def _view_of(kind: SchemaType) -> Schema:
    return parse_schema(SOURCES[kind], kind, path=f"schemas/orders/value.{kind.value}")


def _field(schema: Schema, name: str) -> Element:
    return schema.view.roots[0].fields[name]


# (format, field, kinds, logical, doc, nullable, has default, Protobuf number)
FIELDS = [
    (SchemaType.AVRO, "order_id", {"string"}, None, "Its id.", False, False, None),
    (SchemaType.AVRO, "note", {"null", "string"}, None, None, True, True, None),
    (SchemaType.AVRO, "placed_at", {"long"}, "timestamp-millis", None, False, False, None),
    (SchemaType.AVRO, "status", {"enum"}, None, None, False, False, None),
    (SchemaType.AVRO, "line", {"record"}, None, None, False, False, None),
    (SchemaType.JSON, "order_id", {"string"}, None, "Its id.", False, False, None),
    (SchemaType.JSON, "note", {"null", "string"}, None, None, True, True, None),
    (SchemaType.JSON, "placed_at", {"string"}, "date-time", None, False, False, None),
    (SchemaType.JSON, "status", {"enum"}, None, None, False, False, None),
    (SchemaType.JSON, "line", {"record"}, None, None, False, False, None),
    (SchemaType.PROTOBUF, "order_id", {"string"}, None, "Its id.", False, False, 1),
    (SchemaType.PROTOBUF, "note", {"null", "string"}, None, None, True, False, 2),
    (SchemaType.PROTOBUF, "placed_at", {"long", "null"}, "google.protobuf.Timestamp", None,
     True, False, 3),
    (SchemaType.PROTOBUF, "status", {"enum"}, None, None, False, False, 4),
    (SchemaType.PROTOBUF, "line", {"record", "null"}, None, None, True, False, 5),
]


@pytest.mark.parametrize(("kind", "name", "kinds", "logical", "doc", "nullable", "default",
                          "number"), FIELDS, ids=[f"{row[0].value} {row[1]}" for row in FIELDS])
def test_a_field_reads_alike_in_every_format(kind: SchemaType, name: str, kinds: set[str],
                                             logical: str | None, doc: str | None,
                                             nullable: bool, default: bool,
                                             number: int | None) -> None:
    item = _field(_view_of(kind), name)
    assert (set(item.kinds), item.logical, item.doc, item.nullable, item.has_default,
            item.number) == (kinds, logical, doc, nullable, default, number)


# (format, root name, root pointer, nested record's pointer, its name path, its field's)
ROOTS = [
    (SchemaType.AVRO, "acme.OrderPlaced", "", "/fields/4/type", "OrderPlaced.line",
     "OrderPlaced.line.sku"),
    (SchemaType.JSON, "OrderPlaced", "", "/properties/line", "OrderPlaced.line",
     "OrderPlaced.line.sku"),
    (SchemaType.PROTOBUF, "acme.OrderPlaced", "/OrderPlaced", "/OrderPlaced/Line",
     "OrderPlaced.line", "OrderPlaced.line.sku"),
]


@pytest.mark.parametrize(("kind", "name", "pointer", "nested", "nested_path", "leaf_path"),
                         ROOTS, ids=[row[0].value for row in ROOTS])
def test_the_top_level_record_reaches_its_nested_records(
        kind: SchemaType, name: str, pointer: str, nested: str, nested_path: str,
        leaf_path: str) -> None:
    schema = _view_of(kind)
    root = schema.view.roots[0]
    assert (root.name, root.pointer, schema.view.root_names) == (name, pointer, (name,))
    line = root.nested("line")
    assert line is not None
    assert (line.pointer, line.name_path, line.fields["sku"].name_path) == (
        nested, nested_path, leaf_path)
    assert [record.name_path for record in root.walk()] == ["OrderPlaced", nested_path]


# (format, declared name paths of records and enums, the enum's values)
DECLARED = [
    (SchemaType.AVRO, ["OrderPlaced", "OrderPlaced.status.Status", "OrderPlaced.line.Line"],
     ("OPEN", "CLOSED")),
    (SchemaType.JSON, ["OrderPlaced", "OrderPlaced.status", "OrderPlaced.line"],
     ("OPEN", "CLOSED")),
    (SchemaType.PROTOBUF, ["OrderPlaced", "OrderPlaced.Line", "OrderPlaced.Status"],
     ("STATUS_OPEN", "STATUS_CLOSED")),
]


@pytest.mark.parametrize(("kind", "paths", "values"), DECLARED,
                         ids=[row[0].value for row in DECLARED])
def test_every_record_and_enum_is_declared_once_with_its_values(
        kind: SchemaType, paths: list[str], values: tuple[str, ...]) -> None:
    view = _view_of(kind).view
    declared = [item for item in view.elements if item.kind != "field"]
    assert [item.name_path for item in declared] == paths
    assert [item.values for item in declared if item.kind == "enum"] == [values]
    assert declared[0].doc == "An order."
    assert len(view.fields) == 6


@pytest.mark.parametrize("kind", list(SchemaType), ids=lambda kind: kind.value)
def test_the_view_is_built_once_and_kept_on_the_schema(kind: SchemaType) -> None:
    schema = _view_of(kind)
    view = schema.view
    assert schema.view is view
    assert view.elements is view.elements and view.roots is view.roots


def test_avro_root_names_are_read_without_the_fields() -> None:
    view = _view_of(SchemaType.AVRO).view
    assert view.root_names == ("acme.OrderPlaced",)
    assert view._elements is None and view._roots is None


def test_a_union_of_records_has_each_for_a_root() -> None:
    text = json.dumps([
        {"type": "record", "name": "Placed", "namespace": "acme", "fields": []},
        {"type": "record", "name": "Cancelled", "namespace": "acme", "fields": []}])
    view = parse_schema(text, SchemaType.AVRO).view
    assert [root.name for root in view.roots] == ["acme.Placed", "acme.Cancelled"]
    assert view.root_names == ("acme.Placed", "acme.Cancelled")


def _nested(depth: int) -> Any:
    node: Any = {"type": "string"}
    for _ in range(depth):
        node = {"type": "object", "properties": {"a": node}}
    return node


def test_a_schema_nested_beyond_the_stack_has_an_empty_view() -> None:
    import sys

    schema = parse_schema(json.dumps(_nested(400)), SchemaType.JSON)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(250)
    try:
        assert (schema.view.elements, schema.view.roots) == ((), ())
    finally:
        sys.setrecursionlimit(limit)


def test_a_schema_no_format_built_has_the_empty_view() -> None:
    text = '{"type": "string"}'
    schema = Schema(schema_type=SchemaType.AVRO, text=text, path=None, document="string",
                    parsed=None, identity=text, source=SourceMap(text))
    assert schema.view is EMPTY_VIEW
    assert (EMPTY_VIEW.elements, EMPTY_VIEW.roots, EMPTY_VIEW.root_names) == ((), (), ())


@pytest.mark.parametrize(("kind", "text", "without_source_info", "known"), [
    (SchemaType.AVRO, AVRO, False, True),
    (SchemaType.JSON, JSON, False, True),
    (SchemaType.PROTOBUF, PROTO, False, True),
    # Compiled without source info (as a descriptor may come): a missing comment is unknown.
    (SchemaType.PROTOBUF, PROTO, True, False),
], ids=["avro", "json", "protobuf", "protobuf without source info"])
def test_docs_are_known_unless_the_compiler_dropped_them(
        kind: SchemaType, text: str, without_source_info: bool, known: bool) -> None:
    from schemalint.formats.protobuf.locations import SourceInfo

    schema = parse_schema(text, kind)
    if without_source_info:
        schema.parsed.source_info = SourceInfo(b"")
    assert schema.view.docs_known is known


def test_avro_fixed_types_are_declared_where_defined() -> None:
    text = json.dumps({"type": "record", "name": "Order", "namespace": "acme", "fields": [
        {"name": "digest", "type": {"type": "fixed", "name": "Digest", "size": 16,
                                    "doc": "A hash."}},
        {"name": "again", "type": ["null", "Digest"], "default": None},
        {"name": "codes", "type": {"type": "array", "items": {
            "type": "fixed", "name": "Code", "size": 2}}}]})
    view = parse_schema(text, SchemaType.AVRO).view
    assert [(item.kind, item.name_path, item.full_name, item.pointer, item.doc)
            for item in view.elements if item.kind != "field"] == [
        ("record", "Order", "acme.Order", "", None),
        ("fixed", "Order.digest.Digest", "acme.Digest", "/fields/0/type", "A hash."),
        ("fixed", "Order.codes.Code", "acme.Code", "/fields/2/type/items", None)]
    assert view.roots[0].fields["again"].kinds == {"null", "fixed"}


RESERVING = """syntax = "proto3";
package acme;
message Order {
  reserved 2, 5 to 7;
  reserved "old", "older";
  string id = 1;
  message Line { string sku = 1; }
  enum Status { STATUS_UNKNOWN = 0; STATUS_OPEN = 3; }
}
"""


@pytest.mark.parametrize(("name_path", "numbers", "names", "values", "value_numbers"), [
    ("Order", ((2, 2), (5, 7)), {"old", "older"}, (), ()),
    ("Order.Line", (), set(), (), ()),
    ("Order.Status", (), set(), ("STATUS_UNKNOWN", "STATUS_OPEN"), (0, 3)),
    ("Order.id", (), set(), (), ()),
])
def test_protobuf_declarations_keep_reserved_numbers_names_and_value_numbers(
        name_path: str, numbers: tuple[tuple[int, int], ...], names: set[str],
        values: tuple[str, ...], value_numbers: tuple[int, ...]) -> None:
    view = parse_schema(RESERVING, SchemaType.PROTOBUF).view
    found = next(item for item in view.elements if item.name_path == name_path)
    assert (found.reserved_numbers, found.reserved_names) == (numbers, names)
    assert (found.values, found.value_numbers) == (values, value_numbers)


@pytest.mark.parametrize(("source", "kind", "name_path", "field_type", "repeated"), [
    ('syntax = "proto3";\npackage acme;\nmessage Order { repeated string tags = 1; }\n',
     SchemaType.PROTOBUF, "Order.tags", "string", True),
    ('syntax = "proto3";\npackage acme;\nmessage Money { int64 cents = 1; }\n'
     "message Order { Money total = 2; }\n", SchemaType.PROTOBUF, "Order.total", "acme.Money",
     False),
    ('{"type": "record", "name": "Order", "fields": [{"name": "tags", "type": '
     '{"type": "array", "items": "string"}}]}', SchemaType.AVRO, "Order.tags", None, False),
])
def test_a_protobuf_field_keeps_its_compiled_type_and_label(
        source: str, kind: SchemaType, name_path: str, field_type: str | None,
        repeated: bool) -> None:
    view = parse_schema(source, kind).view
    found = next(item for item in view.elements if item.name_path == name_path)
    assert (found.field_type, found.repeated) == (field_type, repeated)


@pytest.mark.parametrize(("node", "children"), [
    ({"type": "string"}, []),
    ({"properties": {"a": {}}}, []),
    ({"$defs": {"A": {}}, "definitions": {"B": {}}},
     [("/$defs/A", "A"), ("/definitions/B", "B")]),
    ({"patternProperties": {"^x": {}}, "items": {}, "not": {}},
     [("/patternProperties/^x", None), ("/items", None), ("/not", None)]),
    ({"items": [{}, {}], "allOf": [{}], "oneOf": [{}, {}]},
     [("/items/0", None), ("/items/1", None), ("/allOf/0", None), ("/oneOf/0", None),
      ("/oneOf/1", None)]),
    ({"$defs": {"a/b": {}}}, [("/$defs/a~1b", "a/b")]),
])
def test_subschemas_are_those_under_keywords_with_their_pointers(
        node: dict[str, Any], children: list[tuple[str, str | None]]) -> None:
    from schemalint.formats.jsonschema.view import subschemas

    assert [(child.pointer, child.definition) for child in subschemas(node, "")] == children


@pytest.mark.parametrize(("field_type", "pointers"), [
    ("string", []),
    (["null", "string"], ["/fields/0/type"]),
    ({"type": "array", "items": ["long", "string"]}, ["/fields/0/type/items"]),
    ({"type": "map", "values": ["null", "long"]}, ["/fields/0/type/values"]),
    (["null", {"type": "array", "items": ["int", "string"]}],
     ["/fields/0/type", "/fields/0/type/1/items"]),
    # A record within declares its own fields: their unions are theirs.
    (["null", {"type": "record", "name": "Inner",
               "fields": [{"name": "x", "type": ["int", "string"]}]}], ["/fields/0/type"]),
])
def test_avro_unions_a_field_holds(field_type: Any, pointers: list[str]) -> None:
    from schemalint.formats.avro.view import unions_held

    text = json.dumps({"type": "record", "name": "R", "fields": [
        {"name": "f", "type": field_type}]})
    field = parse_schema(text, SchemaType.AVRO).view.fields[0]
    assert [pointer for pointer, _ in unions_held(field)] == pointers
