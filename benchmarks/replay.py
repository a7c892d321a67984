"""``schemalint replay``'s speed.

(a) Events replayed per second against a plain fastavro loop over the same schemas and
    events in the same run: the plain loop writes each event with ``schemaless_writer`` and
    reads it with ``schemaless_reader`` (writer and reader schemas); replay generates the
    events, writes, reads and judges each. Target: at least half the plain loop's speed.
(b) The time ``check --replay`` adds to ``check --all`` on the benchmark repository
    (``repo_generator.py``: SUBJECTS subjects of VERSIONS versions at FULL_TRANSITIVE), its
    every subject given one more version in the working tree, so that each is checked and
    replayed against all its versions both ways: once a version that adds an optional field
    (what the schemas prove needs no events), once one that annotates a string field as a
    uuid (every pair replayed event by event). Target: under 2x.

(c) JSON Schema: instances replayed per second against a plain loop validating the same
    instances under the reader with jsonschema, in the same run.
(d) The time ``check --replay`` adds per JSON Schema subject, on the benchmark repository
    made of JSON Schema subjects (``repo_generator.py --format json``).

    python benchmarks/replay.py [--subjects 1000] [--versions 10] [--runs 3] [--rounds 20]
                                [--format avro|json|both]
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import statistics
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
from schemalint.replay.avro import RANDOM_EVENTS, WriterVersion, first_breaks
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


PAIRS = {
    "benchmark repository subject, v1 read by v10": (schema(0, 1), schema(0, 10)),
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


def _retyped(document: dict[str, object]) -> dict[str, object]:
    """The version with its first attribute a string annotated ``uuid``: safe both ways on
    data, but a shared field whose type changed, so every pair is replayed event by event,
    and judged field by field (the logical types differ)."""
    uuid = {"type": "string", "logicalType": "uuid"}
    fields = [{**field, "type": uuid} if field["name"] == "attribute_0" else field
              for field in document["fields"]]  # type: ignore[attr-defined]
    return {**document, "fields": fields}


def check_overhead(subjects: int, versions: int, runs: int) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="schemalint-replay-bench-"))
    try:
        repo = workdir / "repo"
        generate(repo, subjects, versions)
        print(f"(b) check --all on {subjects} subjects x {versions + 1} versions at "
              f"FULL_TRANSITIVE (median of {runs}, interleaved):")
        for variant, change in (("an optional field added", lambda document: document),
                                ("a string field annotated uuid", _retyped)):
            for subject in range(subjects):
                (repo / "schemas" / f"topic-{subject}" / "value.avsc").write_text(
                    json.dumps(change(schema(subject, versions + 1)), indent=2) + "\n")
            config = load_config(repo)
            samples: dict[bool, list[float]] = {False: [], True: []}
            for _ in range(runs):
                for replay in (False, True):
                    started = time.perf_counter()
                    outcome = run_check(config, CheckRequest(all=True, replay=replay,
                                                             keep_subjects=False))
                    samples[replay].append(time.perf_counter() - started)
                    assert outcome.checked == subjects and not any(
                        finding.code.startswith("REPLAY") for finding in outcome.findings)
            plain, replayed = (statistics.median(samples[flag]) for flag in (False, True))
            print(f"    the new version: {variant}")
            print(f"      check --all            {plain:7.2f} s")
            print(f"      check --all --replay   {replayed:7.2f} s   ratio "
                  f"{replayed / plain:.2f}x")
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
    parser.add_argument("--format", choices=("avro", "json", "both"), default="both")
    args = parser.parse_args()
    if args.format in ("avro", "both"):
        events_per_second(args.rounds)
        check_overhead(args.subjects, args.versions, args.runs)
    if args.format in ("json", "both"):
        json_instances_per_second(args.rounds)
        json_check_overhead(args.subjects, args.versions, args.runs)


if __name__ == "__main__":
    main()
