"""``schemalint replay``'s speed.

(a) Events replayed per second against a plain fastavro loop over the same schemas and
    events in the same run: the plain loop writes each event with ``schemaless_writer`` and
    reads it with ``schemaless_reader`` (writer and reader schemas); replay generates the
    events, writes, reads and judges each. Target: at least half the plain loop's speed.
(p) Protobuf messages replayed per second against a plain protobuf-runtime loop over the same
    messages in the same run: the plain loop serializes each message with the writer's class
    and parses it with the reader's; replay serializes, parses and judges each.
(b) The time ``check --replay`` adds to ``check --all`` (the command, run as users run it) on
    the benchmark repository
    (``repo_generator.py``: SUBJECTS subjects of VERSIONS versions at FULL_TRANSITIVE), its
    every subject given one more version in the working tree, so that each is checked and
    replayed against all its versions both ways: once a version that adds an optional field,
    once one that annotates a string field as a uuid (both what the schemas prove needs no
    events), once one that reads a string field as bytes (every pair replayed event by
    event, and every old reader failing on bytes that are not UTF-8: one REPLAY001 per
    subject and old version). Target: under 2x. Wall time and CPU time (the command's and its
    second process's) are both given: on a machine others load, CPU time is the steadier
    figure.

(c) JSON Schema: instances replayed per second against a plain loop validating the same
    instances under the reader with jsonschema, in the same run.
(d) The time ``check --replay`` adds per JSON Schema subject, on the benchmark repository
    made of JSON Schema subjects (``repo_generator.py --format json``).

    python benchmarks/replay.py [--subjects 1000] [--versions 10] [--runs 3] [--rounds 20]
                                [--format avro|json|protobuf|all]
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import fastavro

sys.path.insert(0, str(Path(__file__).parent))

from repo_generator import generate, json_schema, schema

from schemalint.api import parse_schema
from schemalint.config import load_config
from schemalint.model import Severity
from schemalint.pipeline.check import CheckRequest, run_check
from schemalint.replay.avro import RANDOM_EVENTS, WriterVersion, first_breaks, forget
from schemalint.replay.avro.codec import avro_codec
from schemalint.replay.avro.generate import covering_count, generate_events
from schemalint.replay.jsonschema import RANDOM_EVENTS as JSON_RANDOM
from schemalint.replay.jsonschema import WriterVersion as JsonWriter
from schemalint.replay.jsonschema import first_breaks as json_first_breaks
from schemalint.replay.jsonschema.generate import generate_instances
from schemalint.replay.jsonschema.validation import JsonVersion

# apache/avro lang/java/avro/src/test/resources/TestRecordWithLogicalTypes.avsc at
# 87212a6d47247a30dff247d16386d722c56d4390, its decimal a plain decimal (Java's big-decimal
# aside), and a version with one optional field more.
LOGICAL = {"type": "record", "name": "TestRecordWithLogicalTypes",
           "namespace": "org.apache.avro.specific", "fields": [
               {"name": "b", "type": "boolean"}, {"name": "i32", "type": "int"},
               {"name": "i64", "type": "long"}, {"name": "f32", "type": "float"},
               {"name": "f64", "type": "double"},
               {"name": "s", "type": ["null", "string"], "default": None},
               {"name": "d", "type": {"type": "int", "logicalType": "date"}},
               {"name": "t", "type": {"type": "int", "logicalType": "time-millis"}},
               {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-millis"}},
               {"name": "bd", "type": {"type": "bytes", "logicalType": "decimal",
                                       "precision": 9, "scale": 2}}]}
NESTED = {"type": "record", "name": "Order", "namespace": "shop", "fields": [
    {"name": "id", "type": "string"},
    {"name": "lines", "type": {"type": "array", "items": {
        "type": "record", "name": "Line", "fields": [
            {"name": "sku", "type": "string"}, {"name": "quantity", "type": "int"},
            {"name": "price", "type": ["null", "double"], "default": None}]}}},
    {"name": "attributes", "type": {"type": "map", "values": "string"}},
    {"name": "status", "type": {"type": "enum", "name": "Status",
                                "symbols": ["PLACED", "PAID", "SHIPPED"]}}]}


def _added(document: dict[str, object]) -> dict[str, object]:
    fields = [*document["fields"], {"name": "note", "type": ["null", "string"],  # type: ignore[misc]
                                    "default": None}]
    return {**document, "fields": fields}


def _as_bytes(document: dict[str, object]) -> dict[str, object]:
    """The version with its first attribute read as bytes: safe on data backward (a string
    reads as its UTF-8 bytes), not forward (an old reader fails on bytes that are not
    UTF-8), and a shared field whose type changed, so every pair is replayed event by
    event."""
    fields = [{**field, "type": "bytes"} if field["name"] == "attribute_0" else field
              for field in document["fields"]]  # type: ignore[attr-defined]
    return {**document, "fields": fields}


PAIRS = {
    "benchmark repository subject, v1 read by v10": (schema(0, 1), schema(0, 10)),
    "benchmark repository subject, v1 read by v10 reading a string as bytes": (
        schema(0, 1), _as_bytes(schema(0, 10))),
    "logical types (apache/avro)": (LOGICAL, _added(LOGICAL)),
    "nested record, array, map, enum": (NESTED, _added(NESTED)),
}


# wikimedia/schemas-event-primary jsonschema/fragment/common/current.yaml at
# 43aeb4abccaa542eb56491489eb830d6459453a6: the common ``meta`` of every event (its id, time,
# stream, domain), and a version with one optional property more.
WIKIMEDIA_COMMON: dict[str, object] = {
    "$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "properties": {
        "$schema": {"type": "string"},
        "meta": {"type": "object", "properties": {
            "uri": {"type": "string", "format": "uri-reference", "maxLength": 8192},
            "request_id": {"type": "string"},
            "id": {"type": "string"},
            "dt": {"type": "string", "format": "date-time", "maxLength": 128},
            "domain": {"type": "string", "minLength": 1},
            "stream": {"type": "string", "minLength": 1}},
            "required": ["id", "dt", "stream"]},
        "dt": {"type": "string", "format": "date-time", "maxLength": 128}},
    "required": ["$schema", "meta"]}


def _json_added(document: dict[str, object]) -> dict[str, object]:
    properties = {**document["properties"], "note": {"type": ["string", "null"]}}  # type: ignore[dict-item]
    return {**document, "properties": properties}


JSON_PAIRS = {
    "benchmark repository subject, v1 read by v10": (json_schema(0, 1), json_schema(0, 10)),
    "event meta (wikimedia)": (WIKIMEDIA_COMMON, _json_added(WIKIMEDIA_COMMON)),
}


def events_per_second(rounds: int) -> None:
    print(f"(a) events per second, the default count per writer, {rounds} rounds "
          "(best round; same schemas, same events, same run):")
    for name, (old, new) in PAIRS.items():
        writer = avro_codec(parse_schema(json.dumps(old), path="old.avsc"))
        reader = avro_codec(parse_schema(json.dumps(new), path="new.avsc"))
        count = covering_count(writer.logical, writer.named) + RANDOM_EVENTS
        events = generate_events(writer.logical, writer.named, count, 0)
        plain, replay, generating = [], [], []
        for _ in range(rounds):
            started = time.perf_counter()
            for event in events:
                out = io.BytesIO()
                fastavro.schemaless_writer(out, writer.raw, event)
                fastavro.schemaless_reader(io.BytesIO(out.getvalue()), writer.raw, reader.raw)
            plain.append(time.perf_counter() - started)
            forget()  # nothing kept from the round before
            started = time.perf_counter()
            # Writing, reading and judging each event: replay's work on events it is given.
            found = list(first_breaks(WriterVersion(writer, count, 0, events),
                                      WriterVersion(reader, count, 0)))
            replay.append(time.perf_counter() - started)
            assert not found, found
            started = time.perf_counter()
            generate_events(writer.logical, writer.named, count, 0)
            generating.append(time.perf_counter() - started)
        plain_rate, replay_rate = len(events) / min(plain), len(events) / min(replay)
        with_generation = len(events) / (min(replay) + min(generating))
        print(f"    {name} ({count} events)\n"
              f"      fastavro {plain_rate:8,.0f}/s  replay {replay_rate:8,.0f}/s "
              f"(ratio {replay_rate / plain_rate:.2f}); generating the events too "
              f"{with_generation:8,.0f}/s (ratio {with_generation / plain_rate:.2f})")


# confluentinc/kafka-tutorials _includes/tutorials/serialization/kstreams/code/src/main/proto/
# movie.proto at 6225e7c1957911520391c7fe0e857138638714fe, and a span shaped as
# open-telemetry/opentelemetry-proto's opentelemetry/proto/trace/v1/trace.proto at
# ac2c4b5d1f3a6079de62f9afec860158ecc8af09 (nested events, attributes of a recursive value).
MOVIE = ('syntax = "proto3";\npackage io.confluent.developer.proto;\n'
         "message Movie {\n  int64 movie_id = 1;\n  string title = 2;\n"
         "  int32 release_year = 3;\n}\n")
SPAN = ('syntax = "proto3";\npackage opentelemetry.proto.trace.v1;\n'
        "message Span {\n  bytes trace_id = 1;\n  bytes span_id = 2;\n  string name = 5;\n"
        "  fixed32 flags = 16;\n  SpanKind kind = 6;\n  fixed64 start_time_unix_nano = 7;\n"
        "  repeated KeyValue attributes = 9;\n  uint32 dropped_attributes_count = 10;\n"
        "  message Event {\n    fixed64 time_unix_nano = 1;\n    string name = 2;\n"
        "    repeated KeyValue attributes = 3;\n  }\n  repeated Event events = 11;\n"
        "  enum SpanKind { SPAN_KIND_UNSPECIFIED = 0; SPAN_KIND_INTERNAL = 1; "
        "SPAN_KIND_SERVER = 2; }\n}\n"
        "message KeyValue {\n  string key = 1;\n  AnyValue value = 2;\n}\n"
        "message AnyValue {\n  oneof value {\n    string string_value = 1;\n"
        "    bool bool_value = 2;\n    int64 int_value = 3;\n    double double_value = 4;\n"
        "    ArrayValue array_value = 5;\n    bytes bytes_value = 7;\n  }\n}\n"
        "message ArrayValue {\n  repeated AnyValue values = 1;\n}\n")


def _added_field(text: str, message: str, number: int) -> str:
    return text.replace(f"message {message} {{\n",
                        f"message {message} {{\n  string note = {number};\n", 1)


PROTOBUF_PAIRS = {
    "Movie (kafka-tutorials), a field added": (MOVIE, _added_field(MOVIE, "Movie", 4)),
    "Movie, int64 movie_id read as int32 (breaks)": (
        MOVIE, MOVIE.replace("int64 movie_id", "int32 movie_id")),
    "span (opentelemetry-proto), a field added": (SPAN, _added_field(SPAN, "Span", 20)),
    "span, its events' fixed64 times read as sfixed64 (breaks)": (
        SPAN, SPAN.replace("fixed64 time_unix_nano", "sfixed64 time_unix_nano")),
}


def protobuf_messages_per_second(rounds: int) -> None:
    from schemalint.replay.protobuf import RANDOM_EVENTS as PROTOBUF_RANDOM
    from schemalint.replay.protobuf import WriterVersion as ProtoVersion
    from schemalint.replay.protobuf import first_breaks as proto_breaks
    from schemalint.replay.protobuf.codec import proto_codec
    from schemalint.replay.protobuf.generate import covering_count as proto_covering
    from schemalint.replay.protobuf.generate import generate_messages

    print(f"(p) Protobuf messages per second, the default count per writer, {rounds} rounds "
          "(best round; same descriptors, same messages, same run):")
    for name, (old, new) in PROTOBUF_PAIRS.items():
        writer = proto_codec(parse_schema(old, "PROTOBUF", path="old.proto"))
        reader = proto_codec(parse_schema(new, "PROTOBUF", path="new.proto"))
        assert writer is not None and reader is not None
        count = proto_covering(writer.descriptor) + PROTOBUF_RANDOM
        messages = generate_messages(writer.descriptor, writer.message_class, count, 0)
        plain, replay, generating = [], [], []
        for _ in range(rounds):
            started = time.perf_counter()
            for message in messages:
                reader.message_class.FromString(message.SerializeToString())
            plain.append(time.perf_counter() - started)
            started = time.perf_counter()
            # Serializing, parsing and judging each message: replay's work on messages given.
            found = list(proto_breaks(ProtoVersion(writer, count, 0, messages),
                                      ProtoVersion(reader, count, 0)))
            replay.append(time.perf_counter() - started)
            started = time.perf_counter()
            generate_messages(writer.descriptor, writer.message_class, count, 0)
            generating.append(time.perf_counter() - started)
        plain_rate, replay_rate = len(messages) / min(plain), len(messages) / min(replay)
        with_generation = len(messages) / (min(replay) + min(generating))
        size = sum(message.ByteSize() for message in messages) // len(messages)
        print(f"    {name} ({count} messages, {size} bytes on average, {len(found)} breaks)\n"
              f"      runtime {plain_rate:9,.0f}/s  replay {replay_rate:9,.0f}/s "
              f"(ratio {replay_rate / plain_rate:.2f}); generating the messages too "
              f"{with_generation:9,.0f}/s (ratio {with_generation / plain_rate:.2f})")


def _retyped(document: dict[str, object]) -> dict[str, object]:
    """The version with its first attribute a string annotated ``uuid``: safe both ways on
    data, but a shared field whose type changed, so every pair is replayed event by event,
    and judged field by field (the logical types differ)."""
    uuid = {"type": "string", "logicalType": "uuid"}
    fields = [{**field, "type": uuid} if field["name"] == "attribute_0" else field
              for field in document["fields"]]  # type: ignore[attr-defined]
    return {**document, "fields": fields}


def _cpu_seconds() -> float:
    """CPU time of the commands this process ran and waited for (with the check's second
    process): what a run costs whatever else the machine runs meanwhile."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


def check_overhead(subjects: int, versions: int, runs: int) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="schemalint-replay-bench-"))
    try:
        repo = workdir / "repo"
        generate(repo, subjects, versions)
        print(f"(b) check --all on {subjects} subjects x {versions + 1} versions at "
              f"FULL_TRANSITIVE (median of {runs}, interleaved):")
        for variant, change, breaks in (
                ("an optional field added", lambda document: document, 0),
                ("a string field annotated uuid", _retyped, 0),
                ("a string field read as bytes", _as_bytes, subjects * versions)):
            for subject in range(subjects):
                (repo / "schemas" / f"topic-{subject}" / "value.avsc").write_text(
                    json.dumps(change(schema(subject, versions + 1)), indent=2) + "\n")
            samples: dict[bool, list[float]] = {False: [], True: []}
            cpu: dict[bool, list[float]] = {False: [], True: []}
            for _ in range(runs):
                for replay in (False, True):
                    command = [sys.executable, "-m", "schemalint", "check", "--all",
                               "--format", "json", *(["--replay"] if replay else [])]
                    started, used = time.perf_counter(), _cpu_seconds()
                    result = subprocess.run(command, cwd=repo, capture_output=True, text=True,
                                            check=False)
                    samples[replay].append(time.perf_counter() - started)
                    cpu[replay].append(_cpu_seconds() - used)
                    report = json.loads(result.stdout)
                    assert report["summary"]["checked"] == subjects and sum(
                        finding["code"].startswith("REPLAY") for finding in report["findings"]
                    ) == (breaks if replay else 0), result.stderr
            plain, replayed = (statistics.median(samples[flag]) for flag in (False, True))
            plain_cpu, replayed_cpu = (statistics.median(cpu[flag]) for flag in (False, True))
            print(f"    the new version: {variant}")
            print(f"      check --all            {plain:7.2f} s  (CPU {plain_cpu:6.2f} s)")
            print(f"      check --all --replay   {replayed:7.2f} s  (CPU {replayed_cpu:6.2f} s)"
                  f"   ratio {replayed / plain:.2f}x (CPU {replayed_cpu / plain_cpu:.2f}x)")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def json_instances_per_second(rounds: int) -> None:
    print(f"(c) JSON Schema instances per second, the default count per writer, {rounds} "
          "rounds (best round; same schemas, same instances, same run): a plain loop "
          "validating each instance under the reader with jsonschema, against replay's "
          "reading and judging of each:")
    for name, (old, new) in JSON_PAIRS.items():
        writer = JsonVersion(parse_schema(json.dumps(old), "JSON", path="old.schema.json"))
        reader = JsonVersion(parse_schema(json.dumps(new), "JSON", path="new.schema.json"))
        root = (writer.document, writer.resolver)
        count = None
        instances = generate_instances(root, count, 0, JSON_RANDOM, writer.accepts)
        plain, replay, generating = [], [], []
        for _ in range(rounds):
            started = time.perf_counter()
            for instance in instances:
                reader.validator.is_valid(instance)
            plain.append(time.perf_counter() - started)
            started = time.perf_counter()
            found = list(json_first_breaks(JsonWriter(writer, count, 0, instances),
                                           JsonWriter(reader, count, 0)))
            replay.append(time.perf_counter() - started)
            assert not found, found
            started = time.perf_counter()
            generate_instances(root, count, 0, JSON_RANDOM, writer.accepts)
            generating.append(time.perf_counter() - started)
        plain_rate, replay_rate = len(instances) / min(plain), len(instances) / min(replay)
        with_generation = len(instances) / (min(replay) + min(generating))
        print(f"    {name} ({len(instances)} instances)\n"
              f"      jsonschema {plain_rate:8,.0f}/s  replay {replay_rate:8,.0f}/s "
              f"(ratio {replay_rate / plain_rate:.2f}); generating the instances too "
              f"{with_generation:8,.0f}/s (ratio {with_generation / plain_rate:.2f})")


def _json_retyped(document: dict[str, object]) -> dict[str, object]:
    """The version with its first attribute given a ``uuid`` format: safe both ways on data,
    but a format the two versions name differently, so every pair is replayed instance by
    instance, and walked for the meaning of each string."""
    properties = {**document["properties"],  # type: ignore[dict-item]
                  "attribute_0": {"type": "string", "format": "uuid"}}
    return {**document, "properties": properties}


def json_check_overhead(subjects: int, versions: int, runs: int) -> None:
    """(d) The time ``check --replay`` adds per JSON Schema subject: the benchmark repository
    with JSON Schema subjects, each given a version more (once one that adds an optional
    property, which the schemas prove needs no instances; once one that gives a string
    property a format, every pair replayed instance by instance)."""
    workdir = Path(tempfile.mkdtemp(prefix="schemalint-replay-bench-json-"))
    try:
        repo = workdir / "repo"
        generate(repo, subjects, versions, "json")
        print(f"(d) check --all on {subjects} JSON Schema subjects x {versions + 1} versions "
              f"at FULL_TRANSITIVE (median of {runs}, interleaved; processor time of this "
              "process beside the wall time):")
        for variant, change in (("an optional property added", lambda document: document),
                                ("a string property given a uuid format", _json_retyped)):
            for subject in range(subjects):
                (repo / "schemas" / f"topic-{subject}" / "value.schema.json").write_text(
                    json.dumps(change(json_schema(subject, versions + 1)), indent=2) + "\n")
            config = load_config(repo)
            samples: dict[bool, list[float]] = {False: [], True: []}
            processor: dict[bool, list[float]] = {False: [], True: []}
            for _ in range(runs):
                for replay in (False, True):
                    started, used = time.perf_counter(), time.process_time()
                    outcome = run_check(config, CheckRequest(all=True, replay=replay,
                                                             keep_subjects=False))
                    samples[replay].append(time.perf_counter() - started)
                    processor[replay].append(time.process_time() - used)
                    # Lint's warnings aside (descriptions): no break, on schemas or data.
                    assert outcome.checked == subjects and not any(
                        finding.severity is Severity.ERROR for finding in outcome.findings)
            plain, replayed = (statistics.median(samples[flag]) for flag in (False, True))
            plain_cpu, replayed_cpu = (statistics.median(processor[flag])
                                       for flag in (False, True))
            print(f"    the new version: {variant}")
            print(f"      check --all            {plain:7.2f} s  ({plain_cpu:6.2f} s processor)")
            print(f"      check --all --replay   {replayed:7.2f} s  ({replayed_cpu:6.2f} s "
                  f"processor)   ratio {replayed / plain:.2f}x; replay "
                  f"{(replayed_cpu - plain_cpu) / subjects * 1000:.1f} ms processor per "
                  f"subject ({versions} old versions, both ways)")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subjects", type=int, default=1000)
    parser.add_argument("--versions", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--format", choices=("avro", "json", "protobuf", "all"), default="all")
    args = parser.parse_args()
    if args.format in ("avro", "all"):
        events_per_second(args.rounds)
        check_overhead(args.subjects, args.versions, args.runs)
    if args.format in ("protobuf", "all"):
        protobuf_messages_per_second(args.rounds)
    if args.format in ("json", "all"):
        json_instances_per_second(args.rounds)
        json_check_overhead(args.subjects, args.versions, args.runs)


if __name__ == "__main__":
    main()
