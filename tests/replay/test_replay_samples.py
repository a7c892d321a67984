"""Recorded events under ``samples/<subject>/``, replayed end to end in real git
repositories: Avro object container files written by fastavro's container writer, events in
Avro's JSON encoding (``v<N>.jsonl``), and Confluent wire-format payloads made by the
confluent-kafka serializer against the embedded registry on loopback."""

from __future__ import annotations

import datetime as dt
import decimal
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import fastavro
import pytest
from cli_runner import run_cli
from gitrepo import GitRepo

sys.path.insert(0, str(Path(__file__).parents[1] / "registry" / "server"))

from registry_harness import Server, free_port, start_server

VALUE = "schemas/readings/value.avsc"
SUBJECT = "readings-value"
SAMPLES = f"samples/{SUBJECT}"


def reading(*fields: dict[str, Any]) -> dict[str, Any]:
    # confluentinc/kafka-tutorials, commit 6225e7c1957911520391c7fe0e857138638714fe:
    # sliding-windows/.../temperature_reading.avsc, a reading and what it measured.
    return {"type": "record", "name": "TemperatureReading", "namespace": "io.confluent",
            "doc": "A temperature was read.", "fields": [
                {"name": "sensor", "type": "string", "doc": "Who read it."}, *fields]}


def field(name: str, kind: Any) -> dict[str, Any]:
    return {"name": name, "type": kind, "doc": f"The {name}."}


def logical(primitive: str, name: str, **extra: Any) -> dict[str, Any]:
    return {"type": primitive, "logicalType": name, **extra}


class Break(NamedTuple):
    """A change the schemas allow and the data does not, and one event that shows it."""

    old: dict[str, Any]  # the field as version 1 declares it
    new: dict[str, Any]  # as the changed schema declares it
    written: Any  # the field's value as a producer hands it to fastavro's container writer
    encoded: Any  # as Avro's JSON encoding writes it (a v1.jsonl line)
    code: str


# The fields' shapes: apache/avro, commit 87212a6d47247a30dff247d16386d722c56d4390,
# lang/java/avro/src/test/resources/TestRecordWithLogicalTypes.avsc (d: date, ts:
# timestamp-millis); the payload and the price are the bytes and decimal.
BREAKS = {
    "bytes to string, an event that is not UTF-8": Break(
        field("payload", "bytes"), field("payload", "string"), b"\xff\xfe", "\u00ff\u00fe",
        "REPLAY001"),
    "timestamp-millis to timestamp-micros": Break(
        field("ts", logical("long", "timestamp-millis")),
        field("ts", logical("long", "timestamp-micros")),
        dt.datetime(2024, 2, 29, 12, tzinfo=dt.timezone.utc), 1709208000000, "REPLAY002"),
    "date to timestamp-millis": Break(
        field("d", logical("int", "date")), field("d", logical("long", "timestamp-millis")),
        dt.date(2024, 2, 29), 19782, "REPLAY002"),
    "decimal scale 2 to 3": Break(
        field("price", logical("bytes", "decimal", precision=9, scale=2)),
        field("price", logical("bytes", "decimal", precision=9, scale=3)),
        decimal.Decimal("12.34"), "\u0004\u00d2", "REPLAY002"),
}


def container(schema: dict[str, Any], records: list[dict[str, Any]]) -> bytes:
    out = io.BytesIO()
    fastavro.writer(out, fastavro.parse_schema(schema), records, codec="deflate")
    return out.getvalue()


def write_bytes(repo: GitRepo, relative: str, data: bytes) -> None:
    path = repo.path / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def recorded_findings(result: Any) -> list[dict[str, Any]]:
    return [finding for finding in json.loads(result.stdout)["findings"]
            if "A recorded event" in finding["message"]]


@pytest.mark.parametrize("kind", ["avro", "jsonl"])
@pytest.mark.parametrize("case", BREAKS.values(), ids=list(BREAKS))
def test_each_data_level_break_is_found_by_recorded_events(repo: GitRepo, case: Break,
                                                           kind: str) -> None:
    old = reading(case.old)
    repo.write(VALUE, old)
    repo.commit("v1")
    repo.write(VALUE, reading(case.new))
    name = case.old["name"]
    if kind == "avro":
        write_bytes(repo, f"{SAMPLES}/recorded.avro",
                    container(old, [{"sensor": "s-1", name: case.written}]))
        place = f"{SAMPLES}/recorded.avro, record 1"
    else:
        repo.write(f"{SAMPLES}/v1.jsonl", json.dumps({"sensor": "s-1", name: case.encoded}))
        place = f"{SAMPLES}/v1.jsonl, line 1"
    result = run_cli(repo.path, "replay", "--against", "main", "--format", "json")
    assert result.returncode == 1, result.stderr
    (finding,) = recorded_findings(result)
    assert finding["code"] == case.code
    assert finding["path"] == VALUE and finding["against"]["version"] == 1
    assert f"({place}) written by version 1" in finding["message"]
    assert f"field '{name}'" in finding["message"]


def test_a_change_safe_on_data_gives_no_finding_from_recorded_events(repo: GitRepo) -> None:
    old = reading(field("count", "int"), field("tags", {"type": "array", "items": "string"}),
                  field("note", ["null", "string"]) | {"default": None})
    repo.write(VALUE, old)
    repo.commit("v1")
    new = reading(field("count", "long"), field("tags", {"type": "array", "items": "string"}),
                  field("note", ["null", "string"]) | {"default": None},
                  field("unit", ["null", "string"]) | {"default": None})
    repo.write(VALUE, new)
    repo.write(f"{SAMPLES}/v1.jsonl", "\n".join([
        '{"sensor": "s-1", "count": 2147483647, "tags": [], "note": null}',
        '{"sensor": "s-2", "count": -1, "tags": ["a", ""], "note": {"string": "\u00e9"}}']))
    write_bytes(repo, f"{SAMPLES}/v1.avro", container(old, [
        {"sensor": "s-3", "count": 0, "tags": ["x"], "note": "n"}]))
    result = run_cli(repo.path, "replay", "--against", "main", "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["findings"] == []


# A sample its own version cannot read: (file, content, line of the finding, what it says).
UNREADABLE = {
    "a line that is not an event of its version": (
        "v1.jsonl", '{"sensor": "s-1", "ts": 1}\n{"sensor": "s-2", "ts": "yesterday"}\n', 2,
        "at field 'ts': expected an Avro long"),
    "a line that is not JSON": ("v1.jsonl", '{"sensor": "s-1", "ts": 1}\n{"sensor"\n', 2,
                                "not JSON"),
    "a union value without its branch": (
        "v1.jsonl", '{"sensor": "s-1", "ts": 1, "unit": "C"}\n', 1,
        "at field 'unit': expected a union branch"),
    "a file named for no version": ("v7.jsonl", '{"sensor": "s-1", "ts": 1}\n', None,
                                    "the subject has no version 7"),
    "a file named for none at all": ("events.jsonl", '{"sensor": "s-1", "ts": 1}\n', None,
                                     "names no version"),
    "a container file that is none": ("broken.avro", "Obj\x01 not a container", None,
                                      "not an Avro object container file"),
    "a payload without the magic byte": ("payload.bin", "\x01\x00\x00\x00\x01", None,
                                         "not a Confluent wire-format payload"),
}


@pytest.mark.parametrize(("name", "content", "line", "says"), UNREADABLE.values(),
                         ids=list(UNREADABLE))
def test_a_sample_its_own_version_cannot_read_is_reported_at_its_line(
        repo: GitRepo, name: str, content: str, line: int | None, says: str) -> None:
    schema = reading(field("ts", "long"), field("unit", ["null", "string"]) | {"default": None})
    repo.write(VALUE, schema)
    repo.commit("v1")
    repo.write(VALUE, reading(field("ts", "long")))
    write_bytes(repo, f"{SAMPLES}/{name}", content.encode("latin-1"))
    args = ("--registry", "http://127.0.0.1:1") if name.endswith(".bin") else ()
    result = run_cli(repo.path, "replay", "--against", "main", *args, "--format", "json")
    assert result.returncode == 1, result.stdout + result.stderr
    (finding,) = [found for found in json.loads(result.stdout)["findings"]
                  if found["code"] == "REPLAY003"]
    assert (finding["path"], finding["line"], finding["subject"]) == (
        f"{SAMPLES}/{name}", line, SUBJECT)
    assert says in finding["message"], finding["message"]


def test_a_writer_schema_that_is_no_version_is_replayed_and_named_by_its_file(
        repo: GitRepo) -> None:
    repo.write(VALUE, reading(field("payload", "bytes")))
    repo.commit("v1")
    repo.write(VALUE, reading(field("payload", "string")))
    # Written by a producer whose schema never reached the repository (a field more).
    elsewhere = reading(field("payload", "bytes"), field("extra", "int"))
    write_bytes(repo, f"{SAMPLES}/producer.avro", container(
        elsewhere, [{"sensor": "s", "payload": b"\x80", "extra": 1}]))
    result = run_cli(repo.path, "replay", "--against", "main", "--count", "1",
                     "--format", "json")
    (finding,) = recorded_findings(result)
    assert finding["code"] == "REPLAY001"
    assert f"({SAMPLES}/producer.avro, record 1) written by a writer schema that is no " \
           "version of the subject" in finding["message"]
    assert finding["against"] == {"path": f"{SAMPLES}/producer.avro"}


def test_forward_replays_the_new_versions_recorded_events_with_old_readers(
        repo: GitRepo) -> None:
    repo.write("schemalint.toml", 'compatibility = "FORWARD"\n')
    repo.write(VALUE, reading(field("ts", logical("long", "timestamp-micros"))))
    repo.commit("v1")
    repo.write(VALUE, reading(field("ts", logical("long", "timestamp-millis"))))
    # Version 2 is the changed schema: its events are read by version 1's consumers.
    repo.write(f"{SAMPLES}/v2.jsonl", '{"sensor": "s-1", "ts": 1709208000000}\n')
    result = run_cli(repo.path, "replay", "--against", "main", "--format", "json")
    (finding,) = recorded_findings(result)
    assert (finding["code"], finding["direction"]) == ("REPLAY002", "forward")
    assert "read by consumers on version 1" in finding["message"]


def test_recorded_events_of_versions_the_level_does_not_pair_are_not_replayed(
        repo: GitRepo) -> None:
    repo.write(VALUE, reading(field("payload", "bytes")))
    repo.commit("v1")
    repo.write(VALUE, reading(field("payload", "bytes"), field("n", "int") | {"default": 0}))
    repo.commit("v2")
    # BACKWARD (not transitive) pairs the new schema with version 2 alone.
    repo.write(VALUE, reading(field("payload", "string"), field("n", "int") | {"default": 0}))
    repo.write(f"{SAMPLES}/v1.jsonl", '{"sensor": "s", "payload": "\u00ff"}\n')
    backward = run_cli(repo.path, "replay", "--against", "main", "--format", "json")
    assert recorded_findings(backward) == []
    repo.write("schemalint.toml", 'compatibility = "BACKWARD_TRANSITIVE"\n')
    transitive = run_cli(repo.path, "replay", "--against", "main", "--format", "json")
    (finding,) = recorded_findings(transitive)
    assert finding["against"]["version"] == 1


@pytest.mark.parametrize("where", ["config", "option"])
def test_the_samples_folder_is_configured_or_given(repo: GitRepo, where: str) -> None:
    repo.write(VALUE, reading(field("payload", "bytes")))
    repo.commit("v1")
    repo.write(VALUE, reading(field("payload", "string")))
    repo.write(f"recorded/{SUBJECT}/v1.jsonl", '{"sensor": "s", "payload": "\u00ff"}\n')
    args: tuple[str, ...] = ()
    if where == "config":
        repo.write("schemalint.toml", '[replay]\nsamples = "recorded"\n')
    else:
        args = ("--samples", "recorded")
    result = run_cli(repo.path, "replay", "--against", "main", *args, "--format", "json")
    assert [finding["code"] for finding in recorded_findings(result)] == ["REPLAY001"]
    checked = run_cli(repo.path, "check", "--replay", "--against", "main", *args,
                      "--format", "json")
    assert [finding["code"] for finding in recorded_findings(checked)] == ["REPLAY001"]


def test_a_samples_folder_that_is_not_there_is_a_usage_error(repo: GitRepo) -> None:
    repo.write(VALUE, reading())
    repo.commit("v1")
    result = run_cli(repo.path, "replay", "--all", "--samples", "nowhere")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].endswith("--samples nowhere: no such folder")


def test_a_wire_format_sample_without_a_registry_is_named_not_passed_over(
        repo: GitRepo) -> None:
    repo.write(VALUE, reading(field("ts", "long")))
    repo.commit("v1")
    repo.write(VALUE, reading(field("ts", "long"), field("n", "int") | {"default": 0}))
    write_bytes(repo, f"{SAMPLES}/event.bin", b"\x00\x00\x00\x00\x01\x02s\x02")
    for args in (("replay",), ("check", "--replay")):
        result = run_cli(repo.path, *args, "--against", "main")
        assert result.returncode == 0, result.stdout + result.stderr
        assert (f"schemalint: note: {SAMPLES}/event.bin: not replayed, a wire-format sample "
                "names a schema id that only a registry resolves (--registry URL)"
                ) in result.stderr.splitlines()


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(tmp_path_factory.mktemp("registry") / "registry.db")
    yield running
    running.stop()


def serialized(url: str, topic: str, schema: dict[str, Any], event: dict[str, Any]) -> bytes:
    """The bytes the confluent-kafka Avro serializer puts on the topic (registering the
    schema under ``<topic>-value``)."""
    serialization = pytest.importorskip(
        "confluent_kafka.serialization",
        reason="needs the dev dependency confluent-kafka[schemaregistry,avro]")
    from confluent_kafka.schema_registry import SchemaRegistryClient
    from confluent_kafka.schema_registry.avro import AvroSerializer

    client = SchemaRegistryClient({"url": url})
    serializer = AvroSerializer(client, json.dumps(schema))
    data = serializer(event, serialization.SerializationContext(
        topic, serialization.MessageField.VALUE))
    assert data is not None
    return bytes(data)


@pytest.mark.parametrize("case", [BREAKS["timestamp-millis to timestamp-micros"],
                                  BREAKS["bytes to string, an event that is not UTF-8"]],
                         ids=["millis to micros", "bytes to string"])
def test_wire_format_payloads_are_resolved_through_the_registry(
        repo: GitRepo, registry: Server, case: Break) -> None:
    old = reading(case.old)
    repo.write(VALUE, old)
    repo.commit("v1")
    repo.write(VALUE, reading(case.new))
    name = case.old["name"]
    data = serialized(registry.url, f"readings-{case.code}-{name}", old,
                      {"sensor": "s-1", name: case.written})
    write_bytes(repo, f"{SAMPLES}/{name}.bin", data)
    result = run_cli(repo.path, "replay", "--against", "main", "--registry", registry.url,
                     "--format", "json")
    assert result.returncode == 1, result.stderr
    (finding,) = recorded_findings(result)
    assert finding["code"] == case.code and finding["against"]["version"] == 1
    assert f"({SAMPLES}/{name}.bin, payload) written by version 1" in finding["message"]


def test_a_schema_id_the_registry_lacks_is_reported(repo: GitRepo, registry: Server) -> None:
    repo.write(VALUE, reading(field("ts", "long")))
    repo.commit("v1")
    repo.write(VALUE, reading(field("ts", "long"), field("n", "int") | {"default": 0}))
    write_bytes(repo, f"{SAMPLES}/event.bin", b"\x00\x00\x0f\x42\x3f\x02s\x02")
    result = run_cli(repo.path, "replay", "--against", "main", "--registry", registry.url,
                     "--format", "json")
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["code"] == "REPLAY003"
    assert "the registry has no schema id 999999" in finding["message"]


def test_an_unreachable_registry_is_exit_3(repo: GitRepo,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCHEMALINT_HTTP_RETRIES", "0")
    repo.write(VALUE, reading(field("ts", "long")))
    repo.commit("v1")
    repo.write(VALUE, reading(field("ts", "long"), field("n", "int") | {"default": 0}))
    write_bytes(repo, f"{SAMPLES}/event.bin", b"\x00\x00\x00\x00\x01\x02s\x02")
    result = run_cli(repo.path, "replay", "--against", "main", "--registry",
                     f"http://127.0.0.1:{free_port()}")
    assert result.returncode == 3, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("breaking_line", [1, 2, 5, 9])
def test_a_format_whose_breaks_name_no_event_still_names_the_first_recorded_one(
        monkeypatch: pytest.MonkeyPatch, breaking_line: int) -> None:
    from types import SimpleNamespace

    from schemalint.api import parse_schema
    from schemalint.compat import PreviousVersion
    from schemalint.model import Against, Level
    from schemalint.replay import subject
    from schemalint.replay.avro import first_breaks
    from schemalint.replay.formats import format_replay
    from schemalint.replay.samples import SampleFile, read_samples

    avro = format_replay(subject.SchemaType.AVRO)
    # The Avro module, but for breaks that do not say which event showed them.
    silent = SimpleNamespace(**{name: getattr(avro, name) for name in (
        "FIX", "version", "reads_as_written", "field_pointer")}, first_breaks=lambda w, r: (
        found._replace(event=None) for found in first_breaks(w, r)))
    monkeypatch.setattr(subject, "format_replay", lambda kind: silent)
    old = parse_schema(json.dumps(reading(field("payload", "bytes"))), path=VALUE)
    new = parse_schema(json.dumps(reading(field("payload", "string"))), path=VALUE)
    history = [PreviousVersion(old, Against(version=1))]
    lines = [json.dumps({"sensor": f"s-{line}", "payload": "\u00ff" if line >= breaking_line
                         else "ok"}) for line in range(1, 10)]
    recorded, _ = read_samples(new, history, [SampleFile(f"{SAMPLES}/v1.jsonl",
                                                         "\n".join(lines).encode())], {})
    (finding,) = [found for found in subject.replay_subject(
        new, history, Level.BACKWARD, count=1, recorded=recorded)
        if "recorded" in found.message]
    assert f"({SAMPLES}/v1.jsonl, line {breaking_line})" in finding.message


def test_explain_describes_an_unreadable_sample() -> None:
    result = run_cli(Path.cwd(), "explain", "REPLAY003")
    assert result.returncode == 0, result.stderr
    assert "REPLAY003" in result.stdout and "v<N>.jsonl" in result.stdout


def test_the_readme_links_the_replay_page() -> None:
    root = Path(__file__).parents[2]
    assert "(docs/replay.md)" in (root / "README.md").read_text()
    page = (root / "docs" / "replay.md").read_text()
    for heading in ("## What replay proves", "## Directions and levels",
                    "## The samples folder", "## Where fastavro differs from Java's readers",
                    "## Reading a finding", "## Costs"):
        assert heading in page


@pytest.mark.parametrize("args", [("--samples", "samples"), ("--registry", "http://127.0.0.1:1")])
def test_check_takes_samples_and_a_registry_only_with_replay(repo: GitRepo,
                                                             args: tuple[str, ...]) -> None:
    repo.write(VALUE, reading())
    repo.write(f"{SAMPLES}/v1.jsonl", "")
    repo.commit("v1")
    result = run_cli(repo.path, "check", "--all", *args)
    assert result.returncode == 2
    assert "--samples and --registry go with --replay" in result.stderr
