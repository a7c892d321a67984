"""Shapes of public repositories the AsyncAPI export met, each cut to a few lines: the
document validates with the official parser, and each schema is still the file's."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from cli_runner import run_cli
from gitrepo import GitRepo
from test_asyncapi_export import expanded, project_schemas, validate

from schemalint.catalog.asyncapi import proto_with_root
from schemalint.config import load_config
from schemalint.model import SchemaType
from schemalint.replay.avro.codec import avro_codec
from schemalint.workspace import parse_with_config

# open-telemetry/opentelemetry-proto, commit ac2c4b5d1f3a6079de62f9afec860158ecc8af09:
# opentelemetry/proto/common/v1/common.proto (several messages, the first used by the
# others), opentelemetry/proto/logs/v1/logs.proto (importing it) and
# opentelemetry/proto/collector/logs/v1/logs_service.proto (importing that, a request and a
# response), read with `schemalint init`'s `strategy = "record"`: every file a subject named
# by its import path, none on a topic. The export wrote no message at all, then the parser
# refused the imports, then the files of several root messages.
COMMON = """syntax = "proto3";
package acme.common.v1;

// A value of any kind.
message AnyValue {
  oneof value { string string_value = 1; ArrayValue array_value = 2; }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message EntityRef { string type = 1; }
"""
LOGS = """syntax = "proto3";
package acme.logs.v1;

import "acme/common/v1/common.proto";

message LogsData { repeated LogRecord records = 1; }
message LogRecord { repeated acme.common.v1.KeyValue attributes = 1; }
"""
SERVICE = """syntax = "proto3";
package acme.collector.logs.v1;

import "acme/logs/v1/logs.proto";

// What an exporter sends.
message ExportLogsServiceRequest { repeated acme.logs.v1.LogsData data = 1; }
message ExportLogsServiceResponse { int64 rejected = 1; }
"""
FILES = {"proto/acme/common/v1/common.proto": COMMON, "proto/acme/logs/v1/logs.proto": LOGS,
         "proto/acme/collector/logs/v1/logs_service.proto": SERVICE}


@pytest.fixture
def protos(repo: GitRepo) -> GitRepo:
    for path, text in FILES.items():
        repo.write(path, text)
    repo.write("schemalint.toml", 'roots = ["proto"]\nstrategy = "record"\n')
    repo.commit("a library of protos")
    return repo


def test_protobuf_files_of_no_topic_importing_others_validate(protos: GitRepo) -> None:
    out = protos.path.parent / "asyncapi.yaml"
    result = run_cli(protos.path, "asyncapi", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"Wrote AsyncAPI 3.0.0 to {out}: 0 channels, 1 message, 0 operations.",
        "1 message on no channel: no topic is known for subjects the strategy names by "
        "record or import path (see docs/asyncapi.md)."]
    document = yaml.safe_load(out.read_text())
    service = "acme_collector_logs_v1_logs_service.proto"
    # The one file nothing imports is the message; the others travel as its imports. Each is
    # named by its import path, its subject.
    assert list(document["components"]["messages"]) == [service]
    schemas = document["components"]["schemas"]
    assert {name: schemas[name].get("x-schemalint-import") for name in schemas} == {
        service: "acme/collector/logs/v1/logs_service.proto",
        "acme_logs_v1_logs.proto": "acme/logs/v1/logs.proto",
        "acme_common_v1_common.proto": "acme/common/v1/common.proto"}
    validate(out)


# This test's own case: a payload whose first message the others use, so two messages are
# roots for the parser, neither the first; marked, the parser takes the first of them.
HOLDER = """syntax = "proto3";
package acme.orders.v1;

message Money { int64 cents = 1; }
message OrderPlaced { Money total = 1; }
message OrderRefunded { Money amount = 1; }
"""


@pytest.mark.parametrize(("path", "text", "marked"), [
    # Confluent's record, the first message, is the parser's root: the first marked.
    ("proto/acme/collector/logs/v1/logs_service.proto", SERVICE,
     ["ExportLogsServiceRequest", "ExportLogsServiceResponse"]),
    ("proto/acme/common/v1/common.proto", COMMON,
     ["AnyValue", "ArrayValue", "KeyValue", "EntityRef"]),
    ("proto/acme/orders/v1/orders.proto", HOLDER, ["Money", "OrderPlaced", "OrderRefunded"]),
])
def test_the_root_message_is_marked_in_a_comment_the_identity_ignores(
        protos: GitRepo, path: str, text: str, marked: list[str]) -> None:
    protos.write(path, text)
    protos.commit("the file")
    exported = proto_with_root(text)
    lines = exported.splitlines()
    assert [lines[index + 1].split()[1] for index, line in enumerate(lines)
            if line.strip() == "// @RootNode"] == marked
    written = project_schemas(protos)[path.removeprefix("proto/")]
    config = load_config(protos.path)
    assert parse_with_config(config, exported, SchemaType.PROTOBUF, path).identity == \
        written.identity
    out = protos.path.parent / "asyncapi.yaml"
    assert run_cli(protos.path, "asyncapi", "--out", str(out)).returncode == 0
    validate(out)


@pytest.mark.parametrize("text", [
    'syntax = "proto3";\nmessage Only { string id = 1; }\n',
    # Already marked by its authors.
    'syntax = "proto3";\nmessage A { B b = 1; }\n// @RootNode\nmessage B { string id = 1; }\n',
    'syntax = "proto3";\nenum Kind { KIND_UNSPECIFIED = 0; }\n',
])
def test_a_file_the_parser_reads_as_it_is_is_left_as_it_is(text: str) -> None:
    assert proto_with_root(text) == text


# apache/avro, commit 87212a6d47247a30dff247d16386d722c56d4390: share/test/schemas/
# weather.avsc names its record "test.Weather", which the parser's Avro meta-schema refuses
# (a name has no dot there): the name is written apart from its namespace.
WEATHER = {"type": "record", "name": "test.Weather", "doc": "A weather reading.",
           "fields": [{"name": "station", "type": "string", "order": "ignore"},
                      {"name": "time", "type": "long"}, {"name": "temp", "type": "int"}]}
# A type of no namespace within a record of one: its namespace stated empty.
NO_NAMESPACE = {"type": "record", "name": "Outer", "namespace": "a.b", "fields": [
    {"name": "inner", "type": {"type": "record", "name": "Inner", "namespace": "",
                               "fields": [{"name": "x", "type": "int"}]}},
    {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["A"]}},
    {"name": "same", "type": "a.b.Kind"}]}


@pytest.mark.parametrize(("document", "written"), [
    (WEATHER, {"name": "Weather", "namespace": "test"}),
    (NO_NAMESPACE, {"name": "Outer", "namespace": "a.b", "inner": {
        "name": "Inner", "namespace": ""}, "same": "a.b.Kind"}),
])
def test_avro_names_are_written_as_the_parser_reads_them(
        repo: GitRepo, document: dict[str, Any], written: dict[str, Any]) -> None:
    repo.write("schemas/events/value.avsc", document)
    repo.commit("one event")
    out = repo.path.parent / "asyncapi.yaml"
    assert run_cli(repo.path, "asyncapi", "--out", str(out)).returncode == 0
    carried = yaml.safe_load(out.read_text())["components"]["schemas"]["events-value"]
    schema = carried["schema"]
    fields = {field["name"]: field["type"] for field in schema["fields"]}
    assert {key: schema.get(key) for key in ("name", "namespace")} == {
        "name": written["name"], "namespace": written["namespace"]}
    for field, expected in written.items():
        if field in fields:
            shown = fields[field]
            assert (shown if isinstance(shown, str) else
                    {key: shown.get(key) for key in ("name", "namespace")}) == expected
    validate(out)
    file_schema = project_schemas(repo)["events-value"]
    exported = parse_with_config(load_config(repo.path), json.dumps(schema), SchemaType.AVRO,
                                 "schemas/events/value.avsc")
    assert expanded(avro_codec(exported)) == expanded(avro_codec(file_schema))


def test_a_type_of_no_namespace_named_from_within_one_stays_so(repo: GitRepo) -> None:
    # As Java finds it (fastavro does not, so no codec compares it here).
    fields = [*NO_NAMESPACE["fields"], {"name": "again", "type": "Inner"}]
    repo.write("schemas/events/value.avsc", {**NO_NAMESPACE, "fields": fields})
    repo.commit("one event")
    out = repo.path.parent / "asyncapi.yaml"
    assert run_cli(repo.path, "asyncapi", "--out", str(out)).returncode == 0
    schema = yaml.safe_load(out.read_text())["components"]["schemas"]["events-value"]["schema"]
    assert schema["fields"][-1] == {"name": "again", "type": "Inner"}
    validate(out)
