"""Recorded Avro events become the events replay writes, branch for branch: the bytes a
writer put on the log and the same event in Avro's JSON encoding read back as the event
replay's generator made, union branches named (fastavro's tuple notation)."""

from __future__ import annotations

import io
import json
from typing import Any

import fastavro
import pytest

from schemalint.api import parse_schema
from schemalint.replay.avro.codec import avro_codec, encode
from schemalint.replay.avro.generate import covering_count, generate_events
from schemalint.replay.avro.recorded import AvroEvents, UnreadableEvent, container_events

SCHEMAS: dict[str, dict[str, Any]] = {
    # apache/avro, commit 87212a6d47247a30dff247d16386d722c56d4390:
    # lang/c/tests/schema_tests/pass/interop.avsc, every type and a recursive record.
    "apache/avro interop.avsc, recursive": {
        "type": "record", "name": "Interop", "namespace": "org.apache.avro", "fields": [
            {"name": "intField", "type": "int"}, {"name": "bytesField", "type": "bytes"},
            {"name": "mapField", "type": {"type": "map", "values": {
                "type": "record", "name": "Foo",
                "fields": [{"name": "label", "type": "string"}]}}},
            {"name": "unionField", "type": ["boolean", "double",
                                            {"type": "array", "items": "bytes"}]},
            {"name": "enumField", "type": {"type": "enum", "name": "Kind",
                                           "symbols": ["A", "B", "C"]}},
            {"name": "fixedField", "type": {"type": "fixed", "name": "MD5", "size": 16}},
            {"name": "recordField", "type": {"type": "record", "name": "Node", "fields": [
                {"name": "label", "type": "string"},
                {"name": "children", "type": {"type": "array", "items": "Node"}}]}}]},
    "apache/avro interop.avsc, without its recursive record": {
        "type": "record", "name": "Interop", "namespace": "org.apache.avro", "fields": [
            {"name": "unionField", "type": ["boolean", "double",
                                            {"type": "array", "items": "bytes"}]},
            {"name": "enumField", "type": {"type": "enum", "name": "Kind",
                                           "symbols": ["A", "B", "C"]}},
            {"name": "fixedField", "type": {"type": "fixed", "name": "MD5", "size": 16}}]},
    "branches a value alone cannot tell apart": {
        "type": "record", "name": "Outer", "namespace": "a.b", "fields": [
            {"name": "number", "type": ["null", "int", "long", "float", "double"]},
            {"name": "text", "type": ["string", "bytes"]},
            {"name": "shape", "type": [
                {"type": "record", "name": "In", "fields": [{"name": "x", "type": "int"}]},
                {"type": "map", "values": "int"}]}]},
    "a type in no namespace inside one that has one": {
        "type": "record", "name": "Outer", "namespace": "a.b", "fields": [
            {"name": "items", "type": {"type": "array", "items": ["null", {
                "type": "record", "name": "Bare", "namespace": "",
                "fields": [{"name": "y", "type": ["null", "long"]}]}]}}]},
    "logical types over unions": {
        "type": "record", "name": "Timed", "fields": [
            {"name": "at", "type": ["null", {"type": "long",
                                             "logicalType": "timestamp-millis"}]},
            {"name": "price", "type": {"type": "bytes", "logicalType": "decimal",
                                       "precision": 6, "scale": 2}}]},
}


def events_of(schema: dict[str, Any]) -> tuple[Any, list[Any], AvroEvents]:
    parsed = parse_schema(json.dumps(schema), path="s.avsc")
    codec = avro_codec(parsed)
    count = covering_count(codec.logical, codec.named) + 8
    return codec, generate_events(codec.logical, codec.named, count, 5), AvroEvents(parsed)


@pytest.mark.parametrize("schema", SCHEMAS.values(), ids=list(SCHEMAS))
def test_binary_events_read_back_with_their_branches(schema: dict[str, Any]) -> None:
    codec, events, reader = events_of(schema)
    # repr: NaN, which the generator writes, equals nothing.
    assert [repr(reader.from_binary(encode(codec, event))) for event in events] == \
        [repr(event) for event in events]


# fastavro's JSON writer, which writes the lines here, expands a recursive type without end.
NOT_RECURSIVE = {name: schema for name, schema in SCHEMAS.items()
                 if name != "apache/avro interop.avsc, recursive"}


@pytest.mark.parametrize("schema", NOT_RECURSIVE.values(), ids=list(NOT_RECURSIVE))
def test_events_in_the_json_encoding_read_back_with_their_branches(
        schema: dict[str, Any]) -> None:
    codec, events, reader = events_of(schema)
    lines = []
    for event in events:
        out = io.StringIO()
        fastavro.json_writer(out, codec.raw, [event])
        lines.append(out.getvalue().strip())
    assert [repr(reader.from_json(line)) for line in lines] == [repr(e) for e in events]


def test_a_container_files_records_are_its_writers_bytes() -> None:
    schema = SCHEMAS["branches a value alone cannot tell apart"]
    records = [{"number": 5, "text": b"\xff", "shape": {"k": 1}},
               {"number": None, "text": "t", "shape": ("a.b.In", {"x": 2})}]
    out = io.BytesIO()
    fastavro.writer(out, fastavro.parse_schema(schema), records, codec="deflate",
                    sync_interval=1)
    text, found = container_events(out.getvalue())
    assert json.loads(text)["name"] == "a.b.Outer"
    reader = AvroEvents(parse_schema(text, path="s.avsc"))
    assert [(position, reader.from_binary(data)) for position, data in found
            if isinstance(data, bytes)] == [
        (1, {"number": ("int", 5), "text": ("bytes", b"\xff"),
             "shape": ("map", {"k": 1})}),
        (2, {"number": ("null", None), "text": ("string", "t"),
             "shape": ("a.b.In", {"x": 2})})]


@pytest.mark.parametrize(("line", "says"), [
    ('{"number": 5, "text": {"string": "t"}, "shape": {"map": {}}}',
     "at field 'number': expected a union branch"),
    ('{"number": {"decimal": 5}, "text": {"string": "t"}, "shape": {"map": {}}}',
     "at field 'number': the union has no branch 'decimal'"),
    ('{"number": {"int": 2147483648}, "text": {"string": "t"}, "shape": {"map": {}}}',
     "at field 'number': expected an Avro int"),
    ('{"number": null, "text": {"bytes": "\\u0100"}, "shape": {"map": {}}}',
     "expected a string of code points 0-255"),
    ('{"number": null, "shape": {"map": {}}}', "field 'text' is missing and has no default"),
])
def test_an_event_the_schema_cannot_read_says_where(line: str, says: str) -> None:
    reader = AvroEvents(parse_schema(json.dumps(SCHEMAS[
        "branches a value alone cannot tell apart"]), path="s.avsc"))
    with pytest.raises(UnreadableEvent, match=says):
        reader.from_json(line)


def test_bytes_left_over_mean_another_schema_wrote_the_payload() -> None:
    reader = AvroEvents(parse_schema('{"type": "record", "name": "R", "fields": '
                                     '[{"name": "n", "type": "int"}]}', path="s.avsc"))
    assert reader.from_binary(b"\x02") == {"n": 1}
    with pytest.raises(UnreadableEvent, match="2 bytes left over"):
        reader.from_binary(b"\x02\x02\x02")
