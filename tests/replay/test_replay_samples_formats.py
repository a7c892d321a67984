"""Recorded events of every format made into the events its replay module is given (what
``FormatReplay.version``'s ``events`` holds): JSON Schema instances, Protobuf messages in
proto3's JSON mapping or serialized, Avro values with their union branches; and what no
version of the subject can read reported at its file and line (REPLAY003)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from schemalint.compat import PreviousVersion
from schemalint.formats import get_engine
from schemalint.model import Against, SchemaType
from schemalint.replay.samples import RegisteredText, SampleFile, read_samples

# open-telemetry/opentelemetry-proto, commit ac2c4b5d1f3a6079de62f9afec860158ecc8af09:
# opentelemetry/proto/common/v1/common.proto's KeyValue, an int64 in place of its AnyValue
# (an int64 is what proto3's JSON mapping writes as a string).
PROTO = ('syntax = "proto3";\npackage demo;\n'
         'message KeyValue {\n  string key = 1;\n  int64 value = 2;\n}\n')
# A click: a required string and an integer.
JSON_SCHEMA = json.dumps({"$schema": "http://json-schema.org/draft-07/schema#",
                          "title": "click", "type": "object", "required": ["url"],
                          "properties": {"url": {"type": "string"},
                                         "count": {"type": "integer"}}})
AVRO = json.dumps({"type": "record", "name": "R", "fields": [
    {"name": "n", "type": ["null", "int", "long"]}]})


def wire(schema_id: int, payload: bytes, indexes: bytes = b"") -> bytes:
    return b"\x00" + schema_id.to_bytes(4, "big") + indexes + payload


# (format, schema text, sample name, its bytes, the events read, the REPLAY003 lines and
# what they say)
CASES: dict[str, tuple[SchemaType, str, str, bytes, list[Any], list[tuple[int | None, str]]]] = {
    "JSON Schema: each line an instance": (
        SchemaType.JSON, JSON_SCHEMA, "v1.jsonl",
        b'{"url": "https://a", "count": 2}\n\n{"url": "https://b"}\n',
        [{"url": "https://a", "count": 2}, {"url": "https://b"}], []),
    "JSON Schema: a line that is not JSON": (
        SchemaType.JSON, JSON_SCHEMA, "v1.jsonl", b'{"url": "x"}\n{"url"\n',
        [{"url": "x"}], [(2, "not JSON")]),
    "JSON Schema: a wire-format payload is the instance's text": (
        SchemaType.JSON, JSON_SCHEMA, "e.bin", wire(7, b'{"url": "u"}'), [{"url": "u"}], []),
    "Protobuf: a line is the JSON mapping": (
        SchemaType.PROTOBUF, PROTO, "v1.jsonl", b'{"key": "k", "value": "9007199254740993"}\n',
        [{"key": "k", "value": "9007199254740993"}], []),
    "Protobuf: a line its own message refuses": (
        SchemaType.PROTOBUF, PROTO, "v1.jsonl", b'{"key": "k", "colour": "red"}\n', [],
        [(1, "its own version cannot read it: ParseError")]),
    "Protobuf: a line that is no message": (
        SchemaType.PROTOBUF, PROTO, "v1.jsonl", b'["k"]\n', [], [(1, "not a JSON object")]),
    "Protobuf: a payload after the first message's index": (
        SchemaType.PROTOBUF, PROTO, "e.bin", wire(7, b"\x0a\x01k\x10\x02", b"\x00"),
        [b"\x0a\x01k\x10\x02"], []),
    "Protobuf: another message's index": (
        SchemaType.PROTOBUF, PROTO, "e.bin", wire(7, b"\x0a\x01k", b"\x02\x02"), [],
        [(None, "message indexes [1]")]),
    "Avro: a payload its schema id's schema leaves bytes of": (
        SchemaType.AVRO, AVRO, "e.bin", wire(7, b"\x02\x04\x00"), [],
        [(None, "1 byte left over")]),
    "Avro: a payload with its branch": (
        SchemaType.AVRO, AVRO, "e.bin", wire(7, b"\x04\x04"), [{"n": ("long", 2)}], []),
    "a schema id of another format": (
        SchemaType.AVRO, AVRO, "e.bin", wire(8, b"\x00"), [],
        [(None, "schema id 8 is a JSON schema, the subject's are AVRO")]),
}


@pytest.mark.parametrize(("kind", "text", "name", "data", "events", "unreadable"),
                         CASES.values(), ids=list(CASES))
def test_samples_become_their_formats_events(kind: SchemaType, text: str, name: str,
                                             data: bytes, events: list[Any],
                                             unreadable: list[tuple[int | None, str]]) -> None:
    schema = get_engine(kind).parse(text, path="schemas/s")
    history = [PreviousVersion(schema, Against(version=1))]
    new = get_engine(kind).parse(text, path="schemas/s")
    ids = {7: RegisteredText(kind.value, text), 8: RegisteredText("JSON", JSON_SCHEMA)}
    recorded, findings = read_samples(new, history, [SampleFile(f"samples/s/{name}", data)],
                                      ids, "s")
    assert [event for sample in recorded for event in sample.events] == events
    assert [(finding.line, finding.code) for finding in findings] == [
        (line, "REPLAY003") for line, _ in unreadable]
    for finding, (_, says) in zip(findings, unreadable, strict=True):
        assert says in finding.message, finding.message
    # An id's schema equal to version 1 names that version.
    assert all(sample.against == Against(version=1) for sample in recorded
               if name.endswith(".bin"))



def _json_schema(payload: dict[str, Any]) -> str:
    return json.dumps({"$schema": "http://json-schema.org/draft-07/schema#", "title": "upload",
                       "type": "object", "properties": {"payload": payload}})


# The data-level breaks of issue 21 shown by a recorded event, not a generated one: (format,
# the old schema, the new one, the recorded line of the old version, the code, what the
# finding quotes).
RECORDED_BREAKS = {
    # An int64 beyond 32 bits (proto3's JSON mapping writes it as a string) read by an int32.
    "Protobuf int64 to int32": (
        SchemaType.PROTOBUF, PROTO, PROTO.replace("int64 value", "int32 value"),
        b'{"key": "k", "value": "9007199254740993"}\n', "REPLAY002", "9007199254740993"),
    # A negative int32 read by a uint32: a large positive.
    "Protobuf int32 to uint32": (
        SchemaType.PROTOBUF, PROTO.replace("int64 value", "int32 value"),
        PROTO.replace("int64 value", "uint32 value"),
        b'{"key": "k", "value": -5}\n', "REPLAY002", "4294967291"),
    # Base64 text read as the plain text it is, once the reader drops contentEncoding (a
    # keyword the schema-level check does not weigh).
    "JSON Schema contentEncoding dropped": (
        SchemaType.JSON, _json_schema({"type": "string", "contentEncoding": "base64"}),
        _json_schema({"type": "string"}), b'{"payload": "aGVsbG8="}\n', "REPLAY002",
        "base64"),
}


@pytest.mark.parametrize(("kind", "old_text", "new_text", "line", "code", "quoted"),
                         RECORDED_BREAKS.values(), ids=list(RECORDED_BREAKS))
def test_a_recorded_event_shows_the_break_through_the_new_reader(
        kind: SchemaType, old_text: str, new_text: str, line: bytes, code: str,
        quoted: str) -> None:
    from schemalint.model import Level
    from schemalint.replay import replay_subject

    engine = get_engine(kind)
    old = engine.parse(old_text, path="schemas/s")
    new = engine.parse(new_text, path="schemas/s")
    history = [PreviousVersion(old, Against(version=1))]
    recorded, unreadable = read_samples(new, history, [SampleFile("samples/s/v1.jsonl", line)],
                                        {}, "s")
    assert unreadable == []
    found = [finding for finding in replay_subject(new, history, Level.BACKWARD, subject="s",
                                                   count=0, recorded=recorded)]
    assert [finding.code for finding in found] == [code], [f.message for f in found]
    assert "samples/s/v1.jsonl" in found[0].message and quoted in found[0].message, \
        found[0].message
