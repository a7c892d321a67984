"""Replay through fastavro's real writer and reader: each data-level break Confluent accepts
is found by generated events, and each change safe on data gives no finding.

Cases are minimal records of shapes from public repositories, named in the table:
apache/avro ``lang/java/avro/src/test/resources/TestRecordWithLogicalTypes.avsc`` at
87212a6d47247a30dff247d16386d722c56d4390 (a ``timestamp-millis`` ``ts``, a ``date`` ``d``,
``time-millis`` ``t``, a nullable string ``s``), confluentinc/kafka-tutorials
``_includes/tutorials/sliding-windows/kstreams/code/src/main/avro/temperature_reading.avsc``
at 6225e7c1957911520391c7fe0e857138638714fe (a ``long`` ``timestamp``).
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

import pytest

from schemalint.api import check_compatibility, parse_schema
from schemalint.compat import PreviousVersion
from schemalint.model import Against, Direction, Level, Schema
from schemalint.replay import DEFAULT_SEED, REPLAY001, REPLAY002, replay_subject
from schemalint.replay import avro as avro_replay
from schemalint.replay.avro import version as avro_version
from schemalint.replay.avro.codec import avro_codec, decode, encode
from schemalint.replay.avro.generate import generate_events, untagged

AVRO = "avro@87212a6d47247a30dff247d16386d722c56d4390:TestRecordWithLogicalTypes.avsc"
TUTORIALS = "kafka-tutorials@6225e7c1957911520391c7fe0e857138638714fe:temperature_reading.avsc"


def record(*fields: dict[str, Any], name: str = "TestRecordWithLogicalTypes") -> str:
    return json.dumps({"type": "record", "name": name, "namespace": "org.apache.avro.specific",
                       "fields": list(fields)})


def field(name: str, kind: Any, **more: Any) -> dict[str, Any]:
    return {"name": name, "type": kind, **more}


def logical(base: str, kind: str, **more: Any) -> dict[str, Any]:
    return {"type": base, "logicalType": kind, **more}


DECIMAL = {"precision": 9, "scale": 2}


class Case(NamedTuple):
    source: str
    old: str
    new: str
    # (code, direction, field) of every finding at BACKWARD.
    found: tuple[tuple[str, Direction, str], ...]


BACK = Direction.BACKWARD

BREAKS = {
    "bytes to string: bytes that are not UTF-8 fail the reader": Case(
        AVRO, record(field("s", "bytes")), record(field("s", "string")),
        ((REPLAY001, BACK, "s"),)),
    "bytes to string inside a union": Case(
        AVRO, record(field("s", ["null", "bytes"], default=None)),
        record(field("s", ["null", "string"], default=None)), ((REPLAY001, BACK, "s"),)),
    "timestamp-millis to timestamp-micros: every old time 1,000 times too near": Case(
        AVRO, record(field("ts", logical("long", "timestamp-millis"))),
        record(field("ts", logical("long", "timestamp-micros"))), ((REPLAY002, BACK, "ts"),)),
    "date to timestamp-millis": Case(
        AVRO, record(field("d", logical("int", "date"))),
        record(field("d", logical("long", "timestamp-millis"))), ((REPLAY002, BACK, "d"),)),
    "a decimal's scale changing": Case(
        AVRO, record(field("bd", logical("bytes", "decimal", **DECIMAL))),
        record(field("bd", logical("bytes", "decimal", precision=9, scale=3))),
        ((REPLAY002, BACK, "bd"),)),
    "a decimal's scale changing on a fixed, in an array": Case(
        AVRO, record(field("bd", {"type": "array", "items": {
            "type": "fixed", "name": "Amount", "size": 8, "logicalType": "decimal",
            "precision": 12, "scale": 2}})),
        record(field("bd", {"type": "array", "items": {
            "type": "fixed", "name": "Amount", "size": 8, "logicalType": "decimal",
            "precision": 12, "scale": 4}})), ((REPLAY002, BACK, "bd[]"),)),
    "a decimal fastavro refuses (scale over precision), read as a string": Case(
        AVRO, record(field("bd", logical("bytes", "decimal", precision=2, scale=5))),
        record(field("bd", "string")), ((REPLAY001, BACK, "bd"),)),
    "timestamp-millis to timestamp-micros in a nested record": Case(
        AVRO, record(field("reading", {"type": "record", "name": "Reading", "fields": [
            field("timestamp", logical("long", "timestamp-millis"))]})),
        record(field("reading", {"type": "record", "name": "Reading", "fields": [
            field("timestamp", logical("long", "timestamp-micros"))]})),
        ((REPLAY002, BACK, "reading.timestamp"),)),
}

SAFE = {
    "int to long to float to double": Case(
        AVRO, record(field("i32", "int"), field("i64", "long"), field("f32", "float")),
        record(field("i32", "long"), field("i64", "double"), field("f32", "double")), ()),
    "int to float, int64 limits included": Case(
        AVRO, record(field("i64", "long")), record(field("i64", "float")), ()),
    "string to bytes": Case(AVRO, record(field("s", "string")), record(field("s", "bytes")), ()),
    "an optional field added with a default": Case(
        AVRO, record(field("b", "boolean")),
        record(field("b", "boolean"), field("s", ["null", "string"], default=None)), ()),
    "a field removed": Case(
        AVRO, record(field("b", "boolean"), field("t", logical("int", "time-millis"))),
        record(field("b", "boolean")), ()),
    "an enum symbol added": Case(
        AVRO, record(field("unit", {"type": "enum", "name": "Unit", "symbols": ["C", "F"]})),
        record(field("unit", {"type": "enum", "name": "Unit", "symbols": ["C", "F", "K"]})),
        ()),
    "a logical type added over the same long": Case(
        TUTORIALS, record(field("timestamp", "long"), name="TemperatureReading"),
        record(field("timestamp", logical("long", "timestamp-millis")),
               name="TemperatureReading"), ()),
    "a decimal's precision raised": Case(
        AVRO, record(field("bd", logical("bytes", "decimal", **DECIMAL))),
        record(field("bd", logical("bytes", "decimal", precision=12, scale=2))), ()),
    "a recursive record, maps and arrays, unchanged but for a doc": Case(
        AVRO, record(field("next", ["null", "TestRecordWithLogicalTypes"], default=None),
                     field("m", {"type": "map", "values": ["null", "double", "bytes"]}),
                     field("a", {"type": "array", "items": "float"})),
        record(field("next", ["null", "TestRecordWithLogicalTypes"], default=None),
               field("m", {"type": "map", "values": ["null", "double", "bytes"]}),
               field("a", {"type": "array", "items": "float"}, doc="readings")), ()),
    "a union widened": Case(
        AVRO, record(field("s", ["null", "string"], default=None)),
        record(field("s", ["null", "string", "long"], default=None)), ()),
}


def versions(case: Case) -> tuple[Schema, list[PreviousVersion]]:
    old = parse_schema(case.old, path="old.avsc")
    new = parse_schema(case.new, path="schemas/new.avsc")
    return new, [PreviousVersion(old, Against(ref="main", version=1))]


def found(case: Case, level: Level = Level.BACKWARD) -> set[tuple[str, Direction, str]]:
    new, history = versions(case)
    findings = replay_subject(new, history, level, subject="readings-value")
    return {(f.code, f.direction, f.name_path.partition("@")[0]) for f in findings
            if f.direction is not None}


@pytest.mark.parametrize("case", BREAKS.values(), ids=BREAKS.keys())
def test_each_break_the_registry_accepts_is_found_by_replay(case: Case) -> None:
    assert check_compatibility(case.new, [case.old], "BACKWARD").compatible
    assert found(case) == set(case.found)


@pytest.mark.parametrize("case", SAFE.values(), ids=SAFE.keys())
def test_a_change_safe_on_data_gives_no_finding(case: Case) -> None:
    assert check_compatibility(case.new, [case.old], "BACKWARD").compatible
    assert found(case) == set()


def test_an_added_enum_symbol_read_by_an_old_reader_takes_its_default() -> None:
    old = record(field("unit", {"type": "enum", "name": "Unit", "symbols": ["C", "F"],
                                "default": "C"}))
    new = record(field("unit", {"type": "enum", "name": "Unit", "symbols": ["C", "F", "K"],
                                "default": "C"}))
    assert found(Case(AVRO, old, new, ()), Level.FULL) == set()
    without_default = old.replace(', "default": "C"', "")
    assert found(Case(AVRO, without_default, new, ()), Level.FULL) == {
        (REPLAY001, Direction.FORWARD, "unit")}


def test_a_finding_names_versions_values_and_anchors_at_the_field() -> None:
    case = BREAKS["timestamp-millis to timestamp-micros: every old time 1,000 times too near"]
    new, history = versions(case)
    history = [PreviousVersion(history[0].schema, Against(ref="main", version=2,
                                                          commit="a9fa1e2" + "0" * 33))]
    (finding,) = replay_subject(new, history, Level.BACKWARD, subject="readings-value")
    assert (finding.path, finding.line, finding.column, finding.pointer) == (
        "schemas/new.avsc", 1, new.text.index('{"name": "ts"') + 1, "/fields/0")
    assert finding.against == history[0].against
    assert "version 2 (a9fa1e2, main)" in finding.message
    assert "field 'ts'" in finding.message
    assert "written as 2024-02-29T12:00:00Z (timestamp-millis 1709208000000)" in finding.message
    assert "read as 1970-01-20T18:46:48Z (timestamp-micros 1709208000000)" in finding.message
    assert "add a new field" in finding.message


def test_a_decoder_error_is_quoted() -> None:
    new, history = versions(BREAKS["bytes to string: bytes that are not UTF-8 fail the reader"])
    (finding,) = replay_subject(new, history, Level.BACKWARD)
    assert "written as b'\\xff\\xfe\\xfd'" in finding.message
    assert "UnicodeDecodeError" in finding.message


@pytest.mark.parametrize("level, directions", [
    (Level.BACKWARD, {Direction.BACKWARD}), (Level.FORWARD, {Direction.FORWARD}),
    (Level.FULL, {Direction.BACKWARD, Direction.FORWARD}), (Level.NONE, set()),
])
def test_the_level_decides_the_directions(level: Level, directions: set[Direction]) -> None:
    case = BREAKS["timestamp-millis to timestamp-micros: every old time 1,000 times too near"]
    assert {direction for _, direction, _ in found(case, level)} == directions


MILLIS = record(field("ts", logical("long", "timestamp-millis")))
MICROS = record(field("ts", logical("long", "timestamp-micros")))


@pytest.mark.parametrize("level, every_version, replayed", [
    (Level.BACKWARD, False, [3]),
    (Level.BACKWARD_TRANSITIVE, False, [3, 1]),
    (Level.BACKWARD, True, [3, 1]),
])
def test_transitive_levels_and_replayed_topics_replay_every_old_version(
        level: Level, every_version: bool, replayed: list[int]) -> None:
    # Versions 1 and 3 wrote millis, version 2 micros: the new schema reads micros.
    history = [PreviousVersion(parse_schema(text, path="v.avsc"), Against(version=number))
               for number, text in ((1, MILLIS), (2, MICROS), (3, MILLIS))]
    findings = replay_subject(parse_schema(MICROS, path="new.avsc"), history, level,
                              every_version=every_version)
    assert [f.against.version for f in findings if f.against] == replayed


def test_events_are_deterministic_for_a_seed_and_differ_across_seeds() -> None:
    schema = parse_schema(record(field("i64", "long"), field("s", ["null", "string", "bytes"]),
                                 field("m", {"type": "map", "values": "double"})), path="x.avsc")
    codec = avro_codec(schema)

    def events(seed: int) -> list[bytes]:
        return [encode(codec, event)
                for event in generate_events(codec.logical, codec.named, 60, seed)]

    assert events(7) == events(7)
    assert events(7) != events(8)


NAME = {"type": "enum", "name": "Kind", "symbols": ["A", "B", "C"]}
EDGES = record(
    field("u", ["null", "int", "string", NAME]), field("i", "int"), field("l", "long"),
    field("f", "float"), field("d", "double"), field("b", "bytes"),
    field("day", logical("int", "date")))


def test_generated_events_cover_the_edges() -> None:
    codec = avro_codec(parse_schema(EDGES, path="x.avsc"))
    events = generate_events(codec.logical, codec.named, 24, 0)
    seen = {name: [untagged(event[name]) for event in events]
            for name in ("u", "i", "l", "f", "d", "b", "day")}
    assert {event["u"][0] for event in events} == {
        "null", "int", "string", "org.apache.avro.specific.Kind"}
    assert {"A", "B", "C"} <= set(seen["u"])
    assert {-(2**31), 2**31 - 1} <= set(seen["i"]) and {-(2**63), 2**63 - 1} <= set(seen["l"])
    assert {float("inf"), float("-inf")} <= set(seen["d"]) and any(
        value != value for value in seen["f"])
    assert any(not _utf8(value) for value in seen["b"]) and b"" in seen["b"]
    assert {0, -1, 11016, 19782} <= set(seen["day"])  # the epoch, before it, leap days
    for event in events:  # fastavro writes and reads every one
        assert untagged(event).keys() == decode(encode(codec, event), codec, codec).keys()


def _utf8(value: bytes) -> bool:
    try:
        value.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@pytest.mark.parametrize("old, new, expected", [
    # Shared fields alike and the reader's new one defaulted: proved on the schemas.
    (record(field("b", "boolean")),
     record(field("b", "boolean"), field("s", ["null", "string"], default=None)), set()),
    # The reader's new field has no default: events are replayed, and the reader fails.
    (record(field("b", "boolean")), record(field("b", "boolean"), field("i32", "int")),
     {(REPLAY001, BACK, "i32")}),
    # A shared field of one type by name, the named type defined differently elsewhere.
    (record(field("a", {"type": "enum", "name": "Unit", "symbols": ["C", "F"]}),
            field("v", "Unit")),
     record(field("z", {"type": "enum", "name": "Unit", "symbols": ["C"]}, default="C"),
            field("v", "Unit")),
     {(REPLAY001, BACK, "v")}),
])
def test_what_the_schemas_prove_is_not_replayed_and_the_rest_is(
        old: str, new: str, expected: set[tuple[str, Direction, str]]) -> None:
    assert found(Case(AVRO, old, new, ())) >= expected
    assert expected or not found(Case(AVRO, old, new, ()))


INTEROP = "avro@87212a6d47247a30dff247d16386d722c56d4390:share/test/schemas/interop.avsc"
SPEC = ("avro@87212a6d47247a30dff247d16386d722c56d4390:"
        "doc/content/en/docs/++version++/Specification/_index.md (LongList)")


def node(label: str) -> dict[str, Any]:
    """interop.avsc's recursive ``Node``, its label of type ``label``."""
    return {"type": "record", "name": "Node", "fields": [
        field("label", label), field("children", {"type": "array", "items": "Node"})]}


def long_list(value: Any) -> str:
    """The specification's linked list, its value of type ``value``."""
    return json.dumps({"type": "record", "name": "LongList", "fields": [
        field("value", value), field("next", ["null", "LongList"], default=None)]})


# Each break once per field path and direction, however deep the events nest the field
# (a recursive type) and however many events break there.
ONCE = {
    "a recursive record in an array: the label's break, not one per depth": Case(
        INTEROP, record(field("recordField", node("bytes"))),
        record(field("recordField", node("string"))),
        ((REPLAY001, BACK, "recordField.label"),)),
    "a linked list: the value's break, not one per link": Case(
        SPEC, long_list("bytes"), long_list("string"), ((REPLAY001, BACK, "value"),)),
    "a linked list of times whose unit changed: each direction once": Case(
        SPEC, long_list(logical("long", "timestamp-millis")),
        long_list(logical("long", "timestamp-micros")),
        ((REPLAY002, Direction.FORWARD, "value"), (REPLAY002, BACK, "value"))),
}


@pytest.mark.parametrize("case", ONCE.values(), ids=ONCE.keys())
def test_a_break_is_one_finding_per_field_path_and_direction(case: Case) -> None:
    new, history = versions(case)
    findings = replay_subject(new, history, Level.FULL, subject="readings-value")
    assert sorted((f.code, f.direction, f.name_path.partition("@")[0]) for f in findings
                  if f.direction is not None) == sorted(case.found)


def writer(text: str) -> Any:
    return avro_version(parse_schema(text, path="v.avsc"), None, DEFAULT_SEED)


# (old field type, new field type, whether the schemas alone prove events read as written).
PROVED = {
    "a string annotated uuid": ("string", logical("string", "uuid"), True),
    "a long annotated timestamp-millis": ("long", logical("long", "timestamp-millis"), True),
    "a decimal's precision raised": (logical("bytes", "decimal", **DECIMAL),
                                     logical("bytes", "decimal", precision=12, scale=2), True),
    "a date kept, a doc added": (logical("int", "date"), logical("int", "date", doc="day"),
                                 True),
    "timestamp-millis to timestamp-micros": (logical("long", "timestamp-millis"),
                                             logical("long", "timestamp-micros"), False),
    "an instant read as a local time": (logical("long", "timestamp-millis"),
                                        logical("long", "local-timestamp-millis"), False),
    "a decimal's scale changing": (logical("bytes", "decimal", **DECIMAL),
                                   logical("bytes", "decimal", precision=9, scale=3), False),
    "string to bytes": ("string", "bytes", False),
}


@pytest.mark.parametrize("old, new, proved", PROVED.values(), ids=PROVED.keys())
def test_what_the_schemas_prove_of_a_logical_type_replay_agrees_with(
        old: Any, new: Any, proved: bool) -> None:
    before = writer(record(field("b", "boolean"), field("x", old)))
    after = writer(record(field("b", "boolean"), field("x", new)))
    for one, other in ((before, after), (after, before)):
        assert avro_replay.reads_as_written(one, other) is proved
        if proved:  # sound: the events, written and read, say so too
            assert list(avro_replay.first_breaks(one, other)) == []


def test_a_field_values_alone_are_those_of_the_whole_events() -> None:
    schema = parse_schema(EDGES, path="x.avsc")
    made = avro_version(schema, 30, 5)
    whole = avro_version(schema, 30, 5).events
    assert [made.event(index) for index in (0, 7, 29)] == [whole[0], whole[7], whole[29]]
    for name in ("u", "l", "b", "day"):
        assert made.field_values(name) == [event[name] for event in whole]


# A field whose type changed, in records the replay cannot cut to that field (it uses a
# named type another field defines, or the record itself): it is replayed whole, and found.
UNCUT = {
    "a named type defined by a field left out": Case(
        INTEROP,
        record(field("kind", {"type": "enum", "name": "Kind", "symbols": ["A", "B", "C"]}),
               field("pair", {"type": "record", "name": "Pair", "fields": [
                   field("kind", "Kind"), field("label", "bytes")]})),
        record(field("kind", {"type": "enum", "name": "Kind", "symbols": ["A", "B", "C"]}),
               field("pair", {"type": "record", "name": "Pair", "fields": [
                   field("kind", "Kind"), field("label", "string")]})),
        ((REPLAY001, BACK, "pair.label"),)),
    "the record itself": Case(SPEC, long_list("bytes"), long_list("string"),
                              ((REPLAY001, BACK, "value"),)),
}


@pytest.mark.parametrize("case", UNCUT.values(), ids=UNCUT.keys())
def test_a_record_that_cannot_be_cut_is_replayed_whole(case: Case) -> None:
    assert found(case) == set(case.found)


def test_a_break_every_old_version_shares_is_found_against_each() -> None:
    # Versions 1 and 2 differ in a field the new one keeps alike: the field that changed
    # breaks alike against both, and each is named.
    old = [record(field("s", "bytes"), field("b", "boolean")),
           record(field("s", "bytes"), field("b", "boolean"),
                  field("note", ["null", "string"], default=None))]
    history = [PreviousVersion(parse_schema(text, path="v.avsc"), Against(version=number))
               for number, text in enumerate(old, start=1)]
    new = parse_schema(record(field("s", "string"), field("b", "boolean")), path="new.avsc")
    findings = replay_subject(new, history, Level.BACKWARD_TRANSITIVE)
    assert [(f.code, f.name_path, f.against.version if f.against else None)
            for f in findings] == [(REPLAY001, "s@backward", 2), (REPLAY001, "s@backward", 1)]
    assert findings[0].message.replace("version 2", "version 1") == findings[1].message
