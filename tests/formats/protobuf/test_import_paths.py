"""Protobuf imports as real repositories lay them out: ``[protobuf] include``, sibling
imports, subjects named by import path, and the imports registries resolve themselves,
compiled offline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run_cli
from gitrepo import GitRepo

pytest.importorskip("grpc_tools", reason="needs the schemalint[protobuf] extra (grpcio-tools)")

from schemalint.config import parse_config
from schemalint.formats.protobuf import ENGINE, ProtoContext, is_known_import
from schemalint.project import classify, map_subjects
from schemalint.workspace import LazyTexts

# Reduced from open-telemetry/opentelemetry-proto at ac2c4b5d1f3a6079de62f9afec860158ecc8af09:
# opentelemetry/proto/common/v1/common.proto and opentelemetry/proto/resource/v1/resource.proto
# (imported as "opentelemetry/proto/common/v1/common.proto", from the repository root).
OTEL = {
    "opentelemetry/proto/common/v1/common.proto": (
        'syntax = "proto3";\npackage opentelemetry.proto.common.v1;\n'
        "message KeyValue {\n  string key = 1;\n}\n"),
    "opentelemetry/proto/resource/v1/resource.proto": (
        'syntax = "proto3";\npackage opentelemetry.proto.resource.v1;\n'
        'import "opentelemetry/proto/common/v1/common.proto";\n'
        "message Resource {\n  repeated opentelemetry.proto.common.v1.KeyValue attributes = 1;\n"
        "}\n"),
}
# Reduced from confluentinc/kafka-tutorials at 3ff4874084d1ff516642ac202154b0a391221b54:
# _includes/tutorials/multiple-event-types/kafka/code/src/main/proto/customer-event.proto
# imports "purchase.proto", the file beside it (Gradle's src/main/proto layout).
SIBLINGS = {
    "schemas/customers/value.proto": (
        'syntax = "proto3";\npackage io.confluent.developer.proto;\nimport "purchase.proto";\n'
        "message CustomerEvent {\n  oneof action {\n    Purchase purchase = 1;\n  }\n"
        "  string id = 3;\n}\n"),
    "schemas/customers/purchase.proto": (
        'syntax = "proto3";\npackage io.confluent.developer.proto;\n'
        "message Purchase {\n  string item = 1;\n}\n"),
}

# name → (files, config, file → subject it maps to)
LAYOUTS: dict[str, tuple[dict[str, str], str, dict[str, str]]] = {
    "OpenTelemetry, include the repository root: subjects are import paths": (
        OTEL, 'roots = ["opentelemetry"]\n[protobuf]\ninclude = ["."]\n',
        {path: path for path in OTEL}),
    "OpenTelemetry, roots only: paths relative to the root": (
        OTEL, 'roots = ["opentelemetry"]\n',
        {path: path.removeprefix("opentelemetry/") for path in OTEL}),
    "OpenTelemetry, the root at the repository root": (
        OTEL, 'roots = ["."]\n', {path: path for path in OTEL}),
    "siblings, their folder included: subjects are what the import says": (
        SIBLINGS, 'roots = ["schemas"]\n[protobuf]\ninclude = ["schemas/customers"]\n',
        {"schemas/customers/value.proto": "customers-value",
         "schemas/customers/purchase.proto": "purchase.proto"}),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_a_proto_file_is_the_subject_its_import_path_names(tmp_path: Path, layout: str) -> None:
    files, settings, expected = LAYOUTS[layout]
    (tmp_path / "schemalint.toml").write_text("version = 1\n" + settings)
    config = parse_config(tmp_path / "schemalint.toml")
    texts = LazyTexts(lambda path: files.get(path))
    for path in files:
        texts.add(path)
    classified = [found for path in files
                  if (found := classify(path, config.roots, files[path])) is not None]
    subjects = map_subjects(classified, config, texts)
    assert {entry.path: name for name, entry in subjects.items()} == expected


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_layout_compiles_and_names_references_by_import_path(
        repo: GitRepo, layout: str) -> None:
    files, settings, _ = LAYOUTS[layout]
    repo.write("schemalint.toml", "version = 1\n" + settings)
    for path, text in files.items():
        repo.write(path, text)
    repo.commit()
    result = run_cli(repo.path, "check", "--all", "--format", "json")
    assert result.returncode in (0, 1), result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert not [f for f in report["findings"] if f["code"] == "INVALID_SCHEMA"], report
    assert report["summary"]["checked"] == len(files)


def test_an_import_beside_the_file_compiles_without_config(repo: GitRepo) -> None:
    for path, text in SIBLINGS.items():
        repo.write(path, text)
    repo.commit()
    result = run_cli(repo.path, "check", "--all", "--format", "concise")
    assert "INVALID_SCHEMA" not in result.stdout, result.stdout
    schema = ENGINE.parse(SIBLINGS["schemas/customers/value.proto"],
                          path="schemas/customers/value.proto",
                          resolver=ProtoContext(root=repo.path, include=("schemas", ".")))
    assert [(r.name, r.path) for r in schema.references] == [
        ("purchase.proto", "schemas/customers/purchase.proto")]


def test_include_is_a_config_key_with_a_line_when_wrong(tmp_path: Path) -> None:
    from schemalint.errors import ConfigError

    (tmp_path / "schemalint.toml").write_text('version = 1\n[protobuf]\ninclude = ["a", "b"]\n')
    assert parse_config(tmp_path / "schemalint.toml").protobuf_include == ("a", "b")
    (tmp_path / "schemalint.toml").write_text('version = 1\n[protobuf]\ninclude = "a"\n')
    with pytest.raises(ConfigError) as caught:
        parse_config(tmp_path / "schemalint.toml")
    assert caught.value.line == 3


# Confluent's ProtobufSchema.KNOWN_DEPENDENCIES (confluentinc/schema-registry,
# protobuf-provider/.../ProtobufSchema.java at 007c5065b8ce9403eb7a6fc422d4d2ef1c54c7a6):
# the registry resolves these itself, so they are no references. Every other import is one,
# google/api/* included, even though schemalint compiles it offline.
IMPORTS: dict[str, tuple[str, str, bool]] = {
    "google/protobuf/timestamp.proto": ("google.protobuf.Timestamp", "grpcio-tools", True),
    "google/protobuf/struct.proto": ("google.protobuf.Struct", "grpcio-tools", True),
    "google/type/money.proto": ("google.type.Money", "googleapis-common-protos", True),
    "google/type/date.proto": ("google.type.Date", "googleapis-common-protos", True),
    "google/type/postal_address.proto": ("google.type.PostalAddress",
                                         "googleapis-common-protos", True),
    "google/type/localized_text.proto": ("google.type.LocalizedText",
                                         "googleapis-common-protos", False),
    "google/api/http.proto": ("google.api.HttpRule", "googleapis-common-protos", False),
    "google/rpc/status.proto": ("google.rpc.Status", "googleapis-common-protos", False),
}


@pytest.mark.parametrize("name", sorted(IMPORTS))
def test_imports_registries_know_compile_offline(name: str) -> None:
    type_name, _package, known = IMPORTS[name]
    text = (f'syntax = "proto3";\nimport "{name}";\n'
            f"message Event {{\n  {type_name} value = 1;\n}}\n")
    # Text with no file behind it and no include folder: only what is bundled resolves.
    schema = ENGINE.parse(text, resolver=ProtoContext(include=()))
    assert is_known_import(name) is known
    assert [reference.name for reference in schema.references] == ([] if known else [name])


def test_an_annotation_from_google_api_compiles_offline() -> None:
    text = ('syntax = "proto3";\nimport "google/api/field_behavior.proto";\n'
            "message Event {\n  string id = 1 [(google.api.field_behavior) = REQUIRED];\n}\n")
    schema = ENGINE.parse(text, resolver=ProtoContext(include=()))
    assert [reference.name for reference in schema.references] == [
        "google/api/field_behavior.proto"]
