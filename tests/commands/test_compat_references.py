"""``schemalint compat NEW OLD --ref NAME=FILE --ref-path DIR``: references resolved as the
registry resolves a schema's references (Avro named types by full name, JSON Schema ``$ref``,
Protobuf imports)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from cli_runner import run_cli

# Reduced from confluentinc/kafka-tutorials at 3ff4874084d1ff516642ac202154b0a391221b54,
# _includes/tutorials/multiple-event-types/kafka/code/src/main/avro/{all-events,purchase}.avsc
# and .../src/main/proto/{customer-event,purchase}.proto; the JSON Schema case from
# wikimedia/schemas-event-primary at 43aeb4abccaa542eb56491489eb830d6459453a6,
# jsonschema/mediawiki/page/change/current.yaml ($ref: /fragment/common/2.0.0#).
PURCHASE_AVRO = {"type": "record", "namespace": "io.confluent.developer.avro",
                 "name": "Purchase", "fields": [{"name": "item", "type": "string"}]}
PURCHASE_PROTO = ('syntax = "proto3";\npackage io.confluent.developer.proto;\n'
                  "message Purchase {\n  string item = 1;\n}\n")
COMMON_JSON = {"$id": "/fragment/common/2.0.0",
               "$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
               "properties": {"dt": {"type": "string"}}}


def _event_avro(extra: list[object]) -> str:
    return json.dumps(["io.confluent.developer.avro.Purchase", *extra])


def _event_proto(field: str) -> str:
    return ('syntax = "proto3";\npackage io.confluent.developer.proto;\n'
            'import "purchase.proto";\n'
            f"message CustomerEvent {{\n  oneof action {{\n    Purchase purchase = 1;\n  }}\n"
            f"  {field}\n}}\n")


def _page_json(page_type: str) -> str:
    return json.dumps({"$id": "/mediawiki/page/change/1.2.0",
                       "$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
                       "properties": {"common": {"$ref": "/fragment/common/2.0.0#"},
                                      "page_id": {"type": page_type}}})


# The files of each format: NEW, OLD (compatible with each other only where said), the
# referenced file kept under refs/, and the reference's name.
FORMATS = {
    "avro": ("new.avsc", _event_avro(["string"]), "old.avsc", _event_avro([]),
             "refs/purchase.avsc", json.dumps(PURCHASE_AVRO),
             "io.confluent.developer.avro.Purchase"),
    "protobuf": ("new.proto", _event_proto("string id = 3;"), "old.proto",
                 _event_proto("string id = 3;\n  int32 n = 4;"),
                 "refs/purchase.proto", PURCHASE_PROTO, "purchase.proto"),
    "json": ("new.json", _page_json("integer"), "old.json", _page_json("integer"),
             "refs/fragment/common.json", json.dumps(COMMON_JSON), "/fragment/common/2.0.0"),
    # As Wikimedia writes them: YAML, the fragment found by its $id under --ref-path too.
    "json in yaml": ("new.yaml", _page_json("integer"), "old.yaml", _page_json("integer"),
                     "refs/fragment/common/2.0.0.yaml", yaml.safe_dump(COMMON_JSON),
                     "/fragment/common/2.0.0"),
}

# name → (arguments after NEW OLD, with {file} and {name} for the reference, exit code,
# words of the output)
OPTIONS: dict[str, tuple[list[str], int, str]] = {
    "no reference given: the reference cannot be found": ([], 2, "INVALID_SCHEMA"),
    "--ref NAME=FILE": (["--ref", "{name}={file}"], 0, "All checks passed"),
    "--ref-path DIR": (["--ref-path", "refs"], 0, "All checks passed"),
    "--ref with no =": (["--ref", "{name}"], 2, "expected NAME=FILE"),
    "--ref to a missing file": (["--ref", "{name}=refs/missing"], 2, "refs/missing"),
    "--ref-path to a missing folder": (["--ref-path", "nothere"], 2, "no such folder"),
}


@pytest.mark.parametrize("option", sorted(OPTIONS))
@pytest.mark.parametrize("kind", sorted(FORMATS))
def test_references_given_to_compat(tmp_path: Path, kind: str, option: str) -> None:
    new, new_text, old, old_text, ref_file, ref_text, ref_name = FORMATS[kind]
    for path, text in ((new, new_text), (old, old_text), (ref_file, ref_text)):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    arguments, code, words = OPTIONS[option]
    given = [item.format(file=ref_file, name=ref_name) for item in arguments]
    result = run_cli(tmp_path, "compat", new, old, *given)
    output = result.stdout + result.stderr
    assert result.returncode == code, output
    assert words in output, output
    assert "Traceback" not in output


# (NEW, OLD) texts, NEW breaking backward against OLD, each reading the referenced file.
BREAKING = {
    "avro": (_event_avro([]), _event_avro(["string"])),  # a union branch removed
    "protobuf": (_event_proto("int64 id = 3;"), _event_proto("string id = 3;")),
    "json": (_page_json("string"), _page_json("integer")),
    "json in yaml": (_page_json("string"), _page_json("integer")),
}


@pytest.mark.parametrize("kind", sorted(FORMATS))
def test_a_breaking_change_is_found_through_the_references(tmp_path: Path, kind: str) -> None:
    new, _, old, _, ref_file, ref_text, _ = FORMATS[kind]
    new_text, old_text = BREAKING[kind]
    for path, text in ((new, new_text), (old, old_text), (ref_file, ref_text)):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    result = run_cli(tmp_path, "compat", new, old, "--ref-path", "refs")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "INVALID_SCHEMA" not in result.stdout


def test_a_ref_that_does_not_define_the_avro_type_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "new.avsc").write_text(_event_avro([]))
    (tmp_path / "purchase.avsc").write_text(json.dumps(PURCHASE_AVRO))
    result = run_cli(tmp_path, "compat", "new.avsc", "--ref",
                     "io.confluent.developer.avro.Pageview=purchase.avsc")
    assert result.returncode == 2
    assert "does not define the Avro type io.confluent.developer.avro.Pageview" in result.stderr
