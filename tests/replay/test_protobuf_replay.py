"""Protobuf replay through the protobuf runtime: messages serialized with the writer's
descriptor and parsed with the reader's. Each data-level break is found by generated
messages, whether or not the registry's check accepts the change, and each change safe on
data gives no finding.

Cases are minimal messages of shapes from public repositories, named in the table:
confluentinc/kafka-tutorials at 6225e7c1957911520391c7fe0e857138638714fe,
``_includes/tutorials/serialization/kstreams/code/src/main/proto/movie.proto`` (``Movie``:
an ``int64 movie_id``, an ``int32 release_year``) and
``_includes/tutorials/multiple-event-types/kafka/code/src/main/proto/purchase.proto`` and
``customer-event.proto`` (``Purchase``, a ``oneof`` of messages); open-telemetry/
opentelemetry-proto at ac2c4b5d1f3a6079de62f9afec860158ecc8af09,
``opentelemetry/proto/trace/v1/trace.proto`` (``Span``: ``bytes trace_id``, ``fixed32
flags``, ``fixed64 start_time_unix_nano``, the ``SpanKind`` enum, repeated ``Event``s) and
``opentelemetry/proto/common/v1/common.proto`` (``AnyValue``: a ``oneof`` of scalars and the
messages that hold ``AnyValue`` again).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import pytest

from schemalint.api import check_compatibility, parse_schema
from schemalint.compat import PreviousVersion
from schemalint.model import Against, Direction, Level, Schema
from schemalint.replay import REPLAY001, REPLAY002, replay_subject
from schemalint.replay.protobuf import version
from schemalint.replay.protobuf.codec import proto_codec
from schemalint.replay.protobuf.generate import generate_messages

MOVIE = "kafka-tutorials@6225e7c:serialization/.../proto/movie.proto"
PURCHASE = "kafka-tutorials@6225e7c:multiple-event-types/.../proto/purchase.proto"
EVENTS = "kafka-tutorials@6225e7c:multiple-event-types/.../proto/customer-event.proto"
TRACE = "opentelemetry-proto@ac2c4b5:opentelemetry/proto/trace/v1/trace.proto"
COMMON = "opentelemetry-proto@ac2c4b5:opentelemetry/proto/common/v1/common.proto"

PROTO3 = 'syntax = "proto3";\npackage io.confluent.developer.proto;\n\n'
PROTO2 = 'syntax = "proto2";\npackage io.confluent.developer.proto;\n\n'


def movie(*fields: str, syntax: str = PROTO3, more: str = "") -> str:
    body = "".join(f"  {field};\n" for field in fields)
    return f"{syntax}message Movie {{\n{body}}}\n{more}"


KIND = "enum SpanKind {{ SPAN_KIND_UNSPECIFIED = 0; SPAN_KIND_INTERNAL = 1;{} }}\n"
SERVER = KIND.format(" SPAN_KIND_SERVER = 2;")
NO_SERVER = KIND.format("")
KEY_VALUE = "message KeyValue { string key = 1; int64 value = 2; }\n"
EVENT = "message Event { fixed64 time_unix_nano = 1; string name = 2; }\n"


class Case(NamedTuple):
    source: str
    old: str
    new: str
    # (code, direction, field) of every finding at the level.
    found: frozenset[tuple[str, Direction, str]]
    accepted: bool  # whether the registry's check accepts the change (at the level)
    level: Level = Level.BACKWARD


BACK, FORTH = Direction.BACKWARD, Direction.FORWARD


def finds(*found: tuple[str, Direction, str]) -> frozenset[tuple[str, Direction, str]]:
    return frozenset(found)


BREAKS = {
    "int64 to int32: large values come back truncated": Case(
        MOVIE, movie("int64 movie_id = 1"), movie("int32 movie_id = 1"),
        finds((REPLAY002, BACK, "movie_id")), accepted=True),
    "int32 to uint32: negatives read as large positives": Case(
        MOVIE, movie("int32 release_year = 3"), movie("uint32 release_year = 3"),
        finds((REPLAY002, BACK, "release_year")), accepted=True),
    "uint64 to int64: the upper half reads negative": Case(
        MOVIE, movie("uint64 movie_id = 1"), movie("int64 movie_id = 1"),
        finds((REPLAY002, BACK, "movie_id")), accepted=True),
    "sint32 to int32: zigzag read as a plain varint": Case(
        MOVIE, movie("sint32 release_year = 3"), movie("int32 release_year = 3"),
        finds((REPLAY002, BACK, "release_year")), accepted=False),
    "fixed32 to sfixed32: the upper half reads negative": Case(
        TRACE, movie("fixed32 flags = 16"), movie("sfixed32 flags = 16"),
        finds((REPLAY002, BACK, "flags")), accepted=True),
    "fixed64 to sfixed64, in a repeated message": Case(
        TRACE, movie("repeated Event events = 11", more=EVENT),
        movie("repeated Event events = 11", more=EVENT.replace("fixed64", "sfixed64")),
        finds((REPLAY002, BACK, "events[].time_unix_nano")), accepted=True),
    "bytes to string in proto3: bytes that are not UTF-8 fail the parse": Case(
        TRACE, movie("bytes trace_id = 1"), movie("string trace_id = 1"),
        finds((REPLAY001, BACK, "trace_id")), accepted=True),
    "bytes to string in proto2: parsed, but not the bytes written": Case(
        TRACE, movie("optional bytes trace_id = 1", syntax=PROTO2),
        movie("optional string trace_id = 1", syntax=PROTO2),
        finds((REPLAY002, BACK, "trace_id")), accepted=True),
    "an enum value removed (proto3, open): the number the reader does not know": Case(
        TRACE, movie("SpanKind kind = 6", more=SERVER), movie("SpanKind kind = 6", more=NO_SERVER),
        finds((REPLAY002, BACK, "kind")), accepted=True),
    "an enum value removed (proto2, closed): the field reads as its default": Case(
        TRACE, movie("optional SpanKind kind = 6", syntax=PROTO2, more=SERVER),
        movie("optional SpanKind kind = 6", syntax=PROTO2, more=NO_SERVER),
        finds((REPLAY002, BACK, "kind")), accepted=True),
    "an enum value added, read by old consumers (FULL)": Case(
        TRACE, movie("SpanKind kind = 6", more=NO_SERVER), movie("SpanKind kind = 6", more=SERVER),
        finds((REPLAY002, FORTH, "kind")), accepted=True, level=Level.FULL),
    "an enum value removed (proto2), in a map's values: the entry is dropped": Case(
        TRACE, movie("map<string, SpanKind> kinds = 6", syntax=PROTO2, more=SERVER),
        movie("map<string, SpanKind> kinds = 6", syntax=PROTO2, more=NO_SERVER),
        finds((REPLAY002, BACK, "kinds")), accepted=True),
    "int64 to int32 in a required field of a repeated group (proto2)": Case(
        TRACE, movie("repeated group Event = 11 { required int64 time_unix_nano = 1; }",
                     syntax=PROTO2),
        movie("repeated group Event = 11 { required int32 time_unix_nano = 1; }",
              syntax=PROTO2),
        finds((REPLAY002, BACK, "event[].time_unix_nano")), accepted=True),
    "int64 to int32 in a message reached both directly and through a recursion": Case(
        MOVIE, movie("Movie sequel = 1", "Rating rating = 2",
                     more="message Rating { int64 stars = 1; }\n"),
        movie("Movie sequel = 1", "Rating rating = 2",
              more="message Rating { int32 stars = 1; }\n"),
        finds((REPLAY002, BACK, "rating.stars"), (REPLAY002, BACK, "sequel.rating.stars")),
        accepted=True),
    "int32 to an enum (proto3): a number the reader's enum does not name": Case(
        TRACE, movie("int32 kind = 6", more=SERVER), movie("SpanKind kind = 6", more=SERVER),
        finds((REPLAY002, BACK, "kind")), accepted=True),
    "a proto2 default changed: an absent field means another value": Case(
        MOVIE, movie("optional int32 release_year = 3 [default = 1970]", syntax=PROTO2),
        movie("optional int32 release_year = 3 [default = 2000]", syntax=PROTO2),
        finds((REPLAY002, BACK, "release_year")), accepted=True),
    "repeated key-value messages read as a map: a key written twice keeps the last": Case(
        COMMON, movie("repeated KeyValue attributes = 9", more=KEY_VALUE),
        movie("map<string, int64> attributes = 9", more=KEY_VALUE),
        finds((REPLAY002, BACK, "attributes")), accepted=False),
    "repeated to singular string: the last value wins": Case(
        PURCHASE, movie("repeated string item = 1"), movie("string item = 1"),
        finds((REPLAY002, BACK, "item")), accepted=True),
    "repeated to singular int64: the packed run is an unknown field": Case(
        MOVIE, movie("repeated int64 movie_id = 1"), movie("int64 movie_id = 1"),
        finds((REPLAY002, BACK, "movie_id")), accepted=True),
    "a message field to bytes: readable, as bytes": Case(
        EVENTS, movie("Purchase purchase = 1", more="message Purchase { string item = 1; }\n"),
        movie("bytes purchase = 1", more="message Purchase { string item = 1; }\n"),
        finds((REPLAY002, BACK, "purchase")), accepted=False),
    "bytes to a message field: bytes that do not parse fail": Case(
        EVENTS, movie("bytes purchase = 1", more="message Purchase { string item = 1; }\n"),
        movie("Purchase purchase = 1", more="message Purchase { string item = 1; }\n"),
        finds((REPLAY001, BACK, "purchase")), accepted=False),
    "int32 to string: the wire type differs, the value is left unknown": Case(
        MOVIE, movie("int32 release_year = 3"), movie("string release_year = 3"),
        finds((REPLAY002, BACK, "release_year")), accepted=False),
    "two fields moved into one oneof: only the last one set survives": Case(
        PURCHASE, movie("string item = 1", "double amount = 2"),
        movie("oneof line { string item = 1; double amount = 2; }"),
        finds((REPLAY002, BACK, "item")), accepted=False),
    "two message fields moved into one oneof: the first one set reads absent": Case(
        EVENTS, movie("Purchase purchase = 1", "Pageview pageview = 2",
                      more="message Purchase { string item = 1; }\n"
                           "message Pageview { string url = 1; }\n"),
        movie("oneof action { Purchase purchase = 1; Pageview pageview = 2; }",
              more="message Purchase { string item = 1; }\nmessage Pageview { string url = 1; }\n"),
        finds((REPLAY002, BACK, "purchase")), accepted=False),
    "a field made required (proto2): Java's parser fails where it is absent": Case(
        MOVIE, movie("optional int32 release_year = 3", syntax=PROTO2),
        movie("required int32 release_year = 3", syntax=PROTO2),
        finds((REPLAY001, BACK, "release_year")), accepted=False),
}

SAFE = {
    "a field added": Case(
        MOVIE, movie("int64 movie_id = 1"), movie("int64 movie_id = 1", "string title = 2"),
        finds(), accepted=True, level=Level.FULL),
    "a field removed": Case(
        MOVIE, movie("int64 movie_id = 1", "string title = 2"), movie("int64 movie_id = 1"),
        finds(), accepted=True, level=Level.FULL),
    "a field renamed, its number kept": Case(
        MOVIE, movie("int64 movie_id = 1"), movie("int64 id = 1"), finds(), accepted=True,
        level=Level.FULL),
    "int32 to int64: negatives are written sign-extended, read the same": Case(
        MOVIE, movie("int32 release_year = 3"), movie("int64 release_year = 3"), finds(),
        accepted=True),
    "uint32 to uint64 and sint32 to sint64": Case(
        MOVIE, movie("uint32 a = 1", "sint32 b = 2"), movie("uint64 a = 1", "sint64 b = 2"),
        finds(), accepted=True),
    "bool to int32": Case(MOVIE, movie("bool a = 1"), movie("int32 a = 1"), finds(),
                          accepted=True),
    "an enum to int32 and int64: its numbers read as numbers": Case(
        TRACE, movie("SpanKind kind = 6", "SpanKind other = 7", more=SERVER),
        movie("int32 kind = 6", "int64 other = 7", more=SERVER), finds(), accepted=True),
    "string to bytes: the same bytes": Case(
        PURCHASE, movie("string item = 1"), movie("bytes item = 1"), finds(), accepted=True),
    "an enum value added": Case(
        TRACE, movie("SpanKind kind = 6", more=NO_SERVER), movie("SpanKind kind = 6", more=SERVER),
        finds(), accepted=True),
    "a map read as repeated key-value messages: its entries on the wire": Case(
        COMMON, movie("map<string, int64> attributes = 9", more=KEY_VALUE),
        movie("repeated KeyValue attributes = 9", more=KEY_VALUE), finds(), accepted=False),
    "singular to repeated string: the value read as its one element": Case(
        PURCHASE, movie("string item = 1"), movie("repeated string item = 1"), finds(),
        accepted=True),
    "proto3 optional added to a field (presence)": Case(
        MOVIE, movie("int32 release_year = 3"), movie("optional int32 release_year = 3"),
        finds(), accepted=True, level=Level.FULL),
    "a recursive oneof of scalars and messages, a field added": Case(
        COMMON,
        PROTO3 + "message AnyValue { oneof value { string string_value = 1; bool bool_value "
        "= 2; int64 int_value = 3; double double_value = 4; ArrayValue array_value = 5; "
        "bytes bytes_value = 7; } }\nmessage ArrayValue { repeated AnyValue values = 1; }\n",
        PROTO3 + "message AnyValue { oneof value { string string_value = 1; bool bool_value "
        "= 2; int64 int_value = 3; double double_value = 4; ArrayValue array_value = 5; "
        "bytes bytes_value = 7; } map<string, AnyValue> labels = 8; }\n"
        "message ArrayValue { repeated AnyValue values = 1; }\n",
        finds(), accepted=True, level=Level.FULL),
    "well-known types as ordinary messages": Case(
        TRACE,
        PROTO3 + 'import "google/protobuf/timestamp.proto";\nimport '
        '"google/protobuf/struct.proto";\nmessage Span { google.protobuf.Timestamp start = 1;'
        " google.protobuf.Struct attributes = 2; }\n",
        PROTO3 + 'import "google/protobuf/timestamp.proto";\nimport '
        '"google/protobuf/struct.proto";\nmessage Span { google.protobuf.Timestamp start = 1;'
        " google.protobuf.Struct attributes = 2; string name = 5; }\n",
        finds(), accepted=True, level=Level.FULL),
}


def versions(case: Case) -> tuple[Schema, list[PreviousVersion]]:
    old = parse_schema(case.old, "PROTOBUF", path="old.proto")
    new = parse_schema(case.new, "PROTOBUF", path="schemas/movies/value.proto")
    return new, [PreviousVersion(old, Against(ref="main", version=1))]


def found(case: Case) -> set[tuple[str, Direction, str]]:
    new, history = versions(case)
    return {(f.code, f.direction, f.name_path.partition("@")[0])
            for f in replay_subject(new, history, case.level, subject="movies-value")
            if f.direction is not None}


@pytest.mark.parametrize("case", BREAKS.values(), ids=BREAKS.keys())
def test_each_data_level_break_is_found_by_replay(case: Case) -> None:
    assert check_compatibility(case.new, [case.old], case.level,
                               schema_type="PROTOBUF").compatible is case.accepted
    assert found(case) == set(case.found)


@pytest.mark.parametrize("case", SAFE.values(), ids=SAFE.keys())
def test_a_change_safe_on_data_gives_no_finding(case: Case) -> None:
    assert check_compatibility(case.new, [case.old], case.level,
                               schema_type="PROTOBUF").compatible is case.accepted
    assert found(case) == set()


def test_a_finding_names_versions_values_and_anchors_at_the_field() -> None:
    new, history = versions(BREAKS["int64 to int32: large values come back truncated"])
    (finding,) = replay_subject(new, history, Level.BACKWARD, subject="movies-value")
    line = next(number for number, text in enumerate(new.text.splitlines(), start=1)
                if "movie_id" in text)
    assert (finding.path, finding.pointer, finding.line, finding.column) == (
        "schemas/movies/value.proto", "/Movie/1", line, 3)
    assert "version 1 (main)" in finding.message and "field 'movie_id'" in finding.message
    assert "written as 2147483648, read as -2147483648" in finding.message
    assert "new number" in finding.message


def test_a_nested_field_anchors_at_its_own_message() -> None:
    case = BREAKS["fixed64 to sfixed64, in a repeated message"]
    new, history = versions(case)
    (finding,) = replay_subject(new, history, Level.BACKWARD)
    assert finding.pointer == "/Event/1"
    assert new.text.splitlines()[finding.line - 1].startswith("message Event")


def test_the_runtimes_error_is_quoted() -> None:
    new, history = versions(
        BREAKS["bytes to string in proto3: bytes that are not UTF-8 fail the parse"])
    (finding,) = replay_subject(new, history, Level.BACKWARD)
    assert "written as b'\\xff\\xfe\\xfd'" in finding.message
    assert "not UTF-8" in finding.message and "DecodeError" in finding.message


def test_events_are_deterministic_for_a_seed_and_differ_across_seeds() -> None:
    schema = parse_schema(movie("int64 movie_id = 1", "string title = 2",
                                "map<string, double> ratings = 4"), "PROTOBUF", path="m.proto")

    def written(seed: int) -> list[bytes]:
        return [data for _, data in version(schema, 40, seed).written]

    assert written(7) == written(7)
    assert written(7) != written(8)


EDGES = movie(
    "int32 i32 = 1", "int64 i64 = 2", "uint32 u32 = 3", "uint64 u64 = 4", "sint32 s32 = 5",
    "fixed64 f64 = 6", "float f = 7", "double d = 8", "bytes b = 9", "string s = 10",
    "SpanKind kind = 11", "optional int32 maybe = 12",
    "oneof value { string text = 13; Movie inner = 14; }", "repeated int32 packed = 15",
    "map<string, int64> labels = 16", more=SERVER)


def test_generated_messages_cover_the_edges() -> None:
    codec = proto_codec(parse_schema(EDGES, "PROTOBUF", path="m.proto"))
    messages = generate_messages(codec.descriptor, codec.message_class, 40, 0)

    def seen(name: str) -> list[object]:
        return [getattr(message, name) for message in messages]

    assert {-(2**31), 2**31 - 1} <= set(seen("i32"))
    assert {-(2**63), 2**63 - 1} <= set(seen("i64"))
    assert {2**32 - 1} <= set(seen("u32")) and {2**64 - 1} <= set(seen("u64"))
    assert {math.inf, -math.inf} <= set(seen("d")) and any(math.isnan(v) for v in seen("f"))
    assert 0.10000000149011612 in seen("f")  # 0.1 as a float holds it
    assert any(not _utf8(value) for value in seen("b")) and b"" in seen("b")
    assert "x" * 1024 in seen("s")
    assert {0, 1, 2, 3} <= set(seen("kind"))  # every value, and one SpanKind does not name
    assert {message.HasField("maybe") for message in messages} == {True, False}
    assert {message.WhichOneof("value") for message in messages} == {"text", "inner", None}
    assert {len(value) for value in seen("packed")} >= {0, 1, 3}
    assert any(len(value) > 1 for value in seen("labels"))
    # A recursive message nests in itself, and stops there (RECURSION).
    assert any(message.inner.i64 for message in messages)
    assert not any(message.inner.HasField("inner") for message in messages)


def _utf8(value: object) -> bool:
    assert isinstance(value, bytes)
    try:
        value.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_recorded_messages_are_replayed_instead_of_generated_ones() -> None:
    old = parse_schema(movie("int64 movie_id = 1"), "PROTOBUF", path="old.proto")
    new = parse_schema(movie("int32 movie_id = 1"), "PROTOBUF", path="new.proto")
    from schemalint.replay.protobuf import first_breaks

    writer = version(old, None, 0)
    small = writer.codec.message_class(movie_id=42).SerializeToString()
    large = writer.codec.message_class(movie_id=2**40 + 7).SerializeToString()
    assert list(first_breaks(version(old, None, 0, [small]), version(new, None, 0))) == []
    (found_break,) = first_breaks(version(old, None, 0, [small, large]),
                                  version(new, None, 0))
    assert (found_break.code, found_break.written, found_break.read) == (
        REPLAY002, str(2**40 + 7), "7")


def test_a_file_without_a_message_has_nothing_to_replay() -> None:
    only_enums = PROTO3 + "enum Genre { GENRE_UNSPECIFIED = 0; DRAMA = 1; }\n"
    new, history = versions(Case(MOVIE, only_enums, only_enums.replace(" DRAMA = 1;", ""),
                                 finds(), accepted=True))
    assert replay_subject(new, history, Level.FULL) == []


def test_the_api_replays_protobuf_text() -> None:
    import schemalint

    old = movie("int64 movie_id = 1")
    (finding,) = schemalint.replay(movie("int32 movie_id = 1"), [old], "BACKWARD", "PROTOBUF")
    assert (finding.code, finding.pointer) == (REPLAY002, "/Movie/1")
    assert schemalint.replay(movie("int64 movie_id = 1", "string title = 2"), [old],
                             "FULL", "PROTOBUF") == []


def test_a_long_chain_of_message_types_replays_to_the_nesting_bound() -> None:
    # Hundreds of message types each holding the next: generation, the proofs and the
    # judge stay within the nesting bound and Python's stack.
    chain = "".join(f"message M{index} {{ M{index + 1} next = 1; int64 v = 2; }}\n"
                    for index in range(300)) + "message M300 { int64 v = 1; }\n"
    old = PROTO3 + chain
    new = old.replace("message M3 { M4 next = 1; int64 v", "message M3 { M4 next = 1; int32 v")
    findings = replay_subject(parse_schema(new, "PROTOBUF", path="new.proto"),
                              [PreviousVersion(parse_schema(old, "PROTOBUF", path="old.proto"),
                                               Against(version=1))], Level.FULL)
    # int64 read as int32 breaks; int32 read as int64 (forward) does not.
    assert {f.name_path for f in findings} == {"next.next.next.v@backward"}
