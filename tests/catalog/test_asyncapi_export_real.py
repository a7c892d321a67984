"""Shapes of public repositories the AsyncAPI export met, each cut to a few lines: the
document validates with the official parser, and each schema is still the file's."""

from __future__ import annotations

import pytest
import yaml
from cli_runner import run_cli
from gitrepo import GitRepo
from test_asyncapi_export import project_schemas, validate

from schemalint.catalog.asyncapi import proto_with_root
from schemalint.config import load_config
from schemalint.model import SchemaType
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
    # The one file nothing imports is the message; the others travel as its imports.
    assert list(document["components"]["messages"]) == [service]
    schemas = document["components"]["schemas"]
    assert {name: schemas[name].get("x-schemalint-import") for name in schemas} == {
        service: None,
        "acme_logs_v1_logs.proto": "acme/logs/v1/logs.proto",
        "acme_common_v1_common.proto": "acme/common/v1/common.proto"}
    validate(out)


@pytest.mark.parametrize(("path", "library", "marked"), [
    # A payload: Confluent's record, the first message, is the parser's root.
    ("proto/acme/collector/logs/v1/logs_service.proto", False,
     ["ExportLogsServiceRequest"]),
    # An import: every top-level message may be the root; the parser takes the first no
    # other message uses.
    ("proto/acme/common/v1/common.proto", True,
     ["AnyValue", "ArrayValue", "KeyValue", "EntityRef"]),
])
def test_the_root_message_is_marked_in_a_comment_the_identity_ignores(
        protos: GitRepo, path: str, library: bool, marked: list[str]) -> None:
    text = FILES[path]
    exported = proto_with_root(text, library=library)
    lines = exported.splitlines()
    assert [lines[index + 1].split()[1] for index, line in enumerate(lines)
            if line.strip() == "// @RootNode"] == marked
    subject = path.removeprefix("proto/")
    written = project_schemas(protos)[subject]
    config = load_config(protos.path)
    assert parse_with_config(config, exported, SchemaType.PROTOBUF, path).identity == \
        written.identity


@pytest.mark.parametrize("text", [
    'syntax = "proto3";\nmessage Only { string id = 1; }\n',
    # Already marked by its authors.
    'syntax = "proto3";\nmessage A { B b = 1; }\n// @RootNode\nmessage B { string id = 1; }\n',
    'syntax = "proto3";\nenum Kind { KIND_UNSPECIFIED = 0; }\n',
])
def test_a_file_the_parser_reads_as_it_is_is_left_as_it_is(text: str) -> None:
    assert proto_with_root(text) == text
