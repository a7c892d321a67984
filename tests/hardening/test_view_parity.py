"""The schema view holds every element the rules' own walks find, as they find it.

Phase 1 of "one view of a schema": ``Schema.view`` is built by each format, while the rules
still read ``lint/walk.py`` (``elements``: every record, enum and field declared) and
``lint/shape.py`` (``root_shapes``: the top-level records and what they reach). Over every
schema the lint tests use (the case tables, the rule fixtures, ``tests/data``, the project's
``schemas/`` examples), each element of each walk must be in the view, in the same order,
with the same name, full name, name path, pointer, kinds, logical type, doc and position.

This test is the bridge for the rules' switch to the view: it is deleted with the old walks.

Where the old walks disagree with each other, the view keeps one reading, and the test says
which (``_OLD_SHAPE_READINGS``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml
from hypothesis import given
from strategies import avro_records, json_schemas

from schemalint.api import parse_schema
from schemalint.errors import InvalidSchemaError
from schemalint.lint.shape import Element as OldElement
from schemalint.lint.shape import Shape, root_shapes
from schemalint.lint.walk import elements
from schemalint.model import Schema, SchemaType
from schemalint.view import Element, Record

ROOT = Path(__file__).parents[2]
# Shapes the tables and fixtures hold few of: records named before they are defined, types
# defined twice, unions of named records, error types, ``$ref`` chains and ``allOf`` parts.
EDGES = [
    ("AVRO", '{"type": "record", "name": "A", "namespace": "n", "fields": ['
             '{"name": "later", "type": ["null", "B"], "default": null},'
             '{"name": "b", "type": {"type": "record", "name": "B", "doc": "the b",'
             ' "fields": [{"name": "x", "type": {"type": "long",'
             ' "logicalType": "timestamp-millis"}, "doc": "when"}]}},'
             '{"name": "again", "type": "B"},'
             '{"name": "e", "type": {"type": "error", "name": "E", "fields": []}},'
             '{"name": "named_error", "type": ["null", "E"], "default": null},'
             '{"name": "f", "type": {"type": "fixed", "name": "F", "size": 4}},'
             '{"name": "fs", "type": "F"},'
             '{"name": "m", "type": {"type": "map", "values": {"type": "enum",'
             ' "name": "S", "symbols": ["A"]}}},'
             '{"name": "row", "type": {"type": "string", "connect.name": "c.T"}}]}'),
    ("AVRO", '[{"type": "record", "name": "One", "fields": [{"name": "a", "type": "int"}]},'
             ' {"type": "record", "name": "Two", "fields": [{"name": "one", "type": "One"}]}]'),
    ("JSON", '{"title": "Order", "type": "object", "allOf": [{"$ref": "#/$defs/Base"}],'
             ' "properties": {"line": {"$ref": "#/$defs/Line"},'
             ' "either": {"oneOf": [{"type": "string", "format": "date-time"},'
             ' {"$ref": "#/$defs/Line"}]}, "status": {"enum": ["A", "B"]}},'
             ' "$defs": {"Base": {"properties": {"id": {"type": "string"}}},'
             ' "Line": {"$ref": "#/$defs/Item"},'
             ' "Item": {"type": "object", "description": "an item",'
             ' "properties": {"sku": {"type": "string"}}}}}'),
    ("JSON", '{"oneOf": [{"title": "A", "type": "object", "properties": {"a": {}}},'
             ' {"title": "B", "properties": {"b": {"type": ["string", "null"]}}}]}'),
    ("PROTOBUF", 'syntax = "proto3";\npackage acme;\nimport "google/protobuf/timestamp.proto";\n'
                 '// The order.\nmessage Order {\n  // Its id.\n  string id = 1;\n'
                 '  Line line = 2;\n  repeated Line lines = 3;\n  optional int64 n = 4;\n'
                 '  google.protobuf.Timestamp at = 5;\n  Status status = 6;\n'
                 '  message Line { string sku = 1; Order parent = 2; }\n}\n'
                 'enum Status { STATUS_UNKNOWN = 0; }\n'),
]
TYPES = {".avsc": SchemaType.AVRO, ".json": SchemaType.JSON, ".proto": SchemaType.PROTOBUF}


class Source(NamedTuple):
    label: str
    schema_type: SchemaType
    text: str
    path: str


def _type_of(path: str) -> SchemaType | None:
    return TYPES.get(Path(path).suffix)


def _files() -> Iterator[Source]:
    folders = ("tests/lint/fixtures", "tests/data", "schemas")
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*")):
            kind = _type_of(path.name)
            relative = str(path.relative_to(ROOT))
            if kind is not None and "sarif" not in relative:
                yield Source(relative, kind, path.read_text(encoding="utf-8"), relative)
    for table in sorted((ROOT / "tests/lint/cases").glob("*.yaml")):
        for case in yaml.safe_load(table.read_text(encoding="utf-8"))["cases"]:
            steps = [*(case.get("history") or []), case["files"]]
            for step, files in enumerate(steps):
                for relative, text in files.items():
                    kind = _type_of(relative)
                    if kind is not None:
                        label = f"{table.stem}: {case['name']} [{step}] {relative}"
                        yield Source(label, kind, text, relative)


def _parsed() -> list[tuple[str, Schema]]:
    found: list[tuple[str, Schema]] = []
    seen: set[tuple[SchemaType, str]] = set()
    edges = (Source(f"edge {index}", SchemaType.parse(kind), text, "")
             for index, (kind, text) in enumerate(EDGES))
    for source in (*edges, *_files()):
        if (source.schema_type, source.text) in seen:
            continue
        seen.add((source.schema_type, source.text))
        try:
            schema = parse_schema(source.text, source.schema_type, path=source.path or None)
        except InvalidSchemaError:
            continue  # the rules never see a schema the engine refuses
        found.append((source.label, schema))
    return found


SCHEMAS = _parsed()


def _element(schema: Schema, item: OldElement | Element) -> tuple[Any, ...]:
    return (item.kind, item.name, item.full_name, item.name_path, item.pointer,
            sorted(item.kinds), item.logical, item.doc, item.position,
            schema.locate(item.pointer))


@pytest.mark.parametrize(("label", "schema"), SCHEMAS, ids=[label for label, _ in SCHEMAS])
def test_every_declared_element_is_in_the_view(label: str, schema: Schema) -> None:
    _same_declared(schema)


def _same_declared(schema: Schema) -> None:
    old = [_element(schema, item) for item in elements(schema)]
    new = [_element(schema, item) for item in schema.view.elements]
    assert new == old
    assert schema.view.fields == tuple(item for item in schema.view.elements
                                       if item.kind == "field")


# Readings where ``shape`` disagreed with ``walk`` and with the engine, and the view follows
# the engine: a field holding an Avro error type is a record (``shape`` said "error" when the
# type was named rather than written inline); the fields of a Protobuf message the first
# message holds keep their comments (``shape`` dropped them).
_OLD_SHAPE_READINGS = {"error": "record"}


def _record(schema: Schema, record: Shape | Record, old: bool) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = [(record.name, record.pointer, record.name_path,
                                     schema.locate(record.pointer))]
    for name, item in record.fields.items():
        described = list(_element(schema, item))
        if old:
            described[5] = sorted(_OLD_SHAPE_READINGS.get(kind, kind) for kind in item.kinds)
        held = item.shape if isinstance(item, OldElement) else item.record
        found.append((name, *described, held.pointer if held is not None else None))
    return found


def _reached(schema: Schema, roots: Any, old: bool) -> list[list[tuple[Any, ...]]]:
    return [_record(schema, record, old) for root in roots for record in root.walk()]


@pytest.mark.parametrize(("label", "schema"), SCHEMAS, ids=[label for label, _ in SCHEMAS])
def test_every_reached_record_and_field_is_in_the_view(label: str, schema: Schema) -> None:
    _same_reached(schema)


def _same_reached(schema: Schema) -> None:
    old = _reached(schema, root_shapes(schema), old=True)
    new = _reached(schema, schema.view.roots, old=False)
    if schema.schema_type is SchemaType.PROTOBUF:
        # The view's reached fields keep their comments; compare the rest, and the comments
        # where the old reading had them.
        for old_record, new_record in zip(old, new, strict=True):
            for index, (before, after) in enumerate(zip(old_record[1:], new_record[1:],
                                                        strict=True), start=1):
                if before[8] is None:
                    new_record[index] = (*after[:8], None, *after[9:])
    assert new == old
    assert schema.view.root_names == tuple(shape.name for shape in root_shapes(schema))


def test_every_format_is_compared() -> None:
    counts = {kind: sum(schema.schema_type is kind for _, schema in SCHEMAS)
              for kind in SchemaType}
    assert all(count >= 20 for count in counts.values()), counts


def test_the_edge_cases_are_all_read() -> None:
    assert sum(label.startswith("edge ") for label, _ in SCHEMAS) == len(EDGES)


@given(avro_records())
def test_generated_avro_records(document: Any) -> None:
    _same_generated(document, SchemaType.AVRO)


@given(json_schemas())
def test_generated_json_schemas(document: Any) -> None:
    _same_generated(document, SchemaType.JSON)


def _same_generated(document: Any, kind: SchemaType) -> None:
    try:
        schema = parse_schema(document, kind)
    except InvalidSchemaError:
        return
    _same_declared(schema)
    _same_reached(schema)
