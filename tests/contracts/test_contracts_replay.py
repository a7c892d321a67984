"""Replay through each consumer's reader schema (``check --replay``, ``replay``): the events
of the new version, generated and recorded, decoded with every reader schema under
consumers/<consumer>/ by the format's own rules. A break is a CON001 naming the consumer,
with replay's evidence, where the schemas alone passed; nothing where the schemas already
named that consumer at that field. Field lists are not replayed."""

from __future__ import annotations

import json
import re
from typing import Any, NamedTuple

import pytest
from cli_runner import run_cli
from gitrepo import GitRepo

AVRO = "schemas/orders/value.avsc"
JSON = "schemas/orders/value.schema.json"
PROTO = "schemas/orders/value.proto"


def order(*fields: tuple[str, Any]) -> dict[str, Any]:
    # confluentinc/examples, commit 2a3ba2a5e7dbd8ba8d1d12ae2f48ef4af1fca2ca:
    # clients/avro/src/main/resources/avro/io/confluent/examples/clients/basicavro/
    # Payment.avsc: a record of an id and an amount; the other fields are this test's.
    return {"type": "record", "name": "Order", "namespace": "io.confluent.examples",
            "doc": "An order was placed.",
            "fields": [{"name": name, "type": type_, "doc": f"The {name}."}
                       for name, type_ in fields]}


ID = ("id", "string")
NOTE_TEXT, NOTE_BYTES = ("note", "string"), ("note", "bytes")
MILLIS = ("ts", {"type": "long", "logicalType": "timestamp-millis"})
MICROS = ("ts", {"type": "long", "logicalType": "timestamp-micros"})


def json_schema(properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
            "properties": {"id": {"type": "string"}, **properties}, "required": ["id"],
            **extra}


BLOB_BASE64 = {"blob": {"type": "string", "contentEncoding": "base64"}}
BLOB_TEXT = {"blob": {"type": "string"}}


def proto(delta: str, more: str = "") -> str:
    return (f'syntax = "proto3";\npackage acme;\nmessage Order {{\n  string id = 1;\n'
            f'  {delta} delta = 2;\n{more}}}\n')


class Case(NamedTuple):
    v1: Any
    v2: Any
    readers: dict[str, Any]
    # Per CON001 (consumer, replay code or None for a finding on the schemas, field).
    expected: set[tuple[str, str | None, str]]
    path: str = AVRO
    config: str = ""


CASES = {
    "Avro bytes that are not UTF-8, read as the consumer's string": Case(
        order(ID, NOTE_TEXT), order(ID, NOTE_BYTES),
        {"consumers/billing/orders-value.avsc": order(ID, NOTE_TEXT)},
        {("billing", "REPLAY001", "note")}),
    "Avro timestamp-millis written as micros: another instant for the consumer": Case(
        order(ID, MILLIS), order(ID, MICROS),
        {"consumers/billing/orders-value.avsc": order(ID, MILLIS)},
        {("billing", "REPLAY002", "ts")}),
    "each consumer named, the one that reads fine not": Case(
        order(ID, NOTE_TEXT), order(ID, NOTE_BYTES),
        {"consumers/billing/orders-value.avsc": order(ID, NOTE_TEXT),
         "consumers/audit/orders-value.avsc": order(ID)},
        {("billing", "REPLAY001", "note")}),
    "a reader that reads the new version as written: nothing": Case(
        order(ID, NOTE_TEXT), order(ID, NOTE_TEXT, ("extra", ["null", "string"])),
        {"consumers/billing/orders-value.avsc": order(ID, NOTE_TEXT)}, set()),
    "JSON Schema: a dropped contentEncoding the consumer still decodes": Case(
        json_schema(BLOB_BASE64), json_schema(BLOB_TEXT),
        {"consumers/ledger/orders-value.schema.json": json_schema(BLOB_BASE64)},
        {("ledger", "REPLAY002", "blob")}, path=JSON),
    "JSON Schema: a closed reader meeting a new property, named once, by the schemas": Case(
        json_schema({}), json_schema({"note": {"type": "string"}}),
        {"consumers/ledger/orders-value.schema.json": json_schema(
            {}, additionalProperties=False)},
        {("ledger", None, "ADDITIONAL_PROPERTIES_REMOVED"),
         ("ledger", None, "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL")}, path=JSON),
    "Protobuf: an int32 the consumer reads as uint32, negative values": Case(
        proto("int32"), proto("int32", "  string note = 3;\n"),
        {"consumers/ledger/orders-value.proto": proto("uint32")},
        {("ledger", "REPLAY002", "delta")}, path=PROTO),
    "a field list is not replayed": Case(
        order(ID, NOTE_TEXT), order(ID, NOTE_BYTES), {},
        set(), config='[[consumers]]\nname = "crm"\nsubjects = ["orders-value"]\n'
                      'reads = ["note"]\n'),
}


def _written(content: Any) -> str | dict[str, Any]:
    return content if isinstance(content, str) else dict(content)


def _setup(repo: GitRepo, case: Case) -> None:
    repo.write(case.path, _written(case.v1))
    if case.config:
        repo.write("schemalint.toml", case.config)
    for path, content in case.readers.items():
        repo.write(path, _written(content))
    repo.commit("v1 and its consumers")
    repo.write(case.path, _written(case.v2))


_REPLAYED = re.compile(r"\(replayed, (REPLAY00[12])\): .* at field '([^']*)'")
_ON_SCHEMAS = re.compile(r"reader schema \S+ \(([A-Z_]+)\)")


def _consumers_named(findings: list[dict[str, Any]]) -> set[tuple[str, str | None, str]]:
    """Per CON001: the consumer, and replay's code and field, or the schemas' code."""
    named: set[tuple[str, str | None, str]] = set()
    for finding in findings:
        if finding["code"] != "CON001":
            continue
        message = finding["message"]
        consumer = message.split("'")[1]
        replayed = _REPLAYED.search(message)
        if replayed:
            named.add((consumer, replayed.group(1), replayed.group(2)))
        else:
            on_schemas = _ON_SCHEMAS.search(message)
            named.add((consumer, None, on_schemas.group(1) if on_schemas else message))
    return named


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_check_replay_reads_the_new_events_with_each_reader_schema(
        repo: GitRepo, case: Case) -> None:
    _setup(repo, case)
    result = run_cli(repo.path, "check", "--replay", "--format", "json")
    assert result.returncode in (0, 1), result.stdout + result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert _consumers_named(findings) == case.expected, findings
    for finding in findings:
        if finding["code"] == "CON001":
            assert finding["path"] == case.path and finding["line"] is not None
            assert finding["severity"] == "error"


@pytest.mark.parametrize("case", [CASES["Avro bytes that are not UTF-8, read as the "
                                        "consumer's string"]])
def test_without_replay_the_schemas_alone_pass(repo: GitRepo, case: Case) -> None:
    _setup(repo, case)
    result = run_cli(repo.path, "check", "--format", "json")
    assert result.returncode == 0, result.stdout
    assert not [f for f in json.loads(result.stdout)["findings"] if f["code"] == "CON001"]


def test_the_replay_command_names_the_consumer(repo: GitRepo) -> None:
    _setup(repo, CASES["Avro timestamp-millis written as micros: another instant for the "
                       "consumer"])
    result = run_cli(repo.path, "replay", "--format", "concise")
    assert result.returncode == 1, result.stdout + result.stderr
    con = [line for line in result.stdout.splitlines() if "CON001" in line]
    assert len(con) == 1, result.stdout
    assert con[0].startswith(f"{AVRO}:") and "Consumer 'billing'" in con[0]
    assert "(replayed, REPLAY002)" in con[0] and "field 'ts'" in con[0]


def test_recorded_events_of_the_new_version_are_read_with_the_reader_schema(
        repo: GitRepo) -> None:
    _setup(repo, CASES["Avro bytes that are not UTF-8, read as the consumer's string"])
    # Version 2 is the one being written; Avro's JSON encoding writes bytes as code points.
    repo.write("samples/orders-value/v2.jsonl",
               '{"id": "a", "note": "ok"}\n{"id": "b", "note": "\\u00ff"}\n')
    result = run_cli(repo.path, "check", "--replay", "--format", "json")
    assert result.returncode == 1, result.stdout + result.stderr
    con = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "CON001"]
    assert len(con) == 1, con
    assert "a recorded event of the new version (samples/orders-value/v2.jsonl, line 2)" \
        in con[0]["message"]


def test_a_pending_reader_breaks_as_a_warning(repo: GitRepo) -> None:
    case = CASES["Avro bytes that are not UTF-8, read as the consumer's string"]
    _setup(repo, case._replace(config='[[consumers]]\nname = "billing"\npending = true\n'
                                      'owner = "@acme/billing"\n',
                               readers={"consumers/billing/orders-value.avsc": order(
                                   ID, NOTE_TEXT, ("coupon", "string"))}))
    result = run_cli(repo.path, "check", "--replay", "--format", "json")
    con = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "CON001"]
    assert {(f["severity"], "(replayed, " in f["message"]) for f in con} == {
        ("warning", False), ("warning", True)}, con
    assert all("owner @acme/billing" in f["message"] for f in con)
    assert result.returncode == 0


@pytest.mark.parametrize("command", [("check", "--replay"), ("replay",)])
def test_a_new_reader_schema_of_an_unchanged_subject_is_replayed(
        repo: GitRepo, command: tuple[str, ...]) -> None:
    repo.write(AVRO, order(ID, NOTE_BYTES))
    repo.commit("v1")
    # The subject did not change; billing's new reader schema reads its bytes as a string.
    repo.write("consumers/billing/orders-value.avsc", order(ID, NOTE_TEXT))
    result = run_cli(repo.path, *command, "--format", "json")
    assert result.returncode == 1, result.stdout + result.stderr
    assert _consumers_named(json.loads(result.stdout)["findings"]) == {
        ("billing", "REPLAY001", "note")}
