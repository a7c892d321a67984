"""The AsyncAPI document ``schemalint asyncapi`` writes, read back as a source in a fresh
repository, gives the same subjects with the same schemas, by identity and references.

The mapping the exporter (``schemalint.catalog.asyncapi``) and the reader
(``schemalint.sources.asyncapi``) share: a channel per topic, ``address`` the topic; a message
per value subject, its payload a Multi Format Schema Object; the key subject the message's
Kafka binding ``key``. Under ``strategy = "topic"`` the reader names them ``<address>-value``
and ``<address>-key``, the subjects they were exported from.

A subject other schemas reference is no message of any channel: an Avro named type of its
own file (``schemas/common/Address.avsc``, subject ``com.acme.common.Address``) or an
imported ``.proto``. The document carries it in ``components/schemas`` marked with its
subject, and the schema that references it carries, beside the standalone payload the
AsyncAPI parser reads (the named type written in place), the registry's form
(``x-schemalint-schema``, the type named) and references (``x-schemalint-references``): read
back, the named type is a subject of its own and the schema references it, as the registry
holds them.

So does a JSON Schema file another's ``$ref`` names (a subject named by its file), the
``$ref`` kept as written in the registry's form and read as that file; and an imported
``.proto`` (named by its import path), which serves the imports of the files importing it.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml
from cli_runner import run_cli
from gitrepo import GitRepo

from schemalint.config import load_config
from schemalint.pipeline.check import CheckRequest, run_check

sys.path.append(str(Path(__file__).parents[1] / "catalog"))
sys.path.append(str(Path(__file__).parents[1] / "registry" / "server"))

from registry_harness import start_server
from test_asyncapi_export import validate

EXAMPLE = Path(__file__).parents[2] / "schemas"

CUSTOMER = {
    "$schema": "http://json-schema.org/draft-07/schema#", "title": "CustomerRegistered",
    "type": "object", "additionalProperties": False,
    "properties": {"id": {"type": "string"}, "address": {"$ref": "#/definitions/address"}},
    "definitions": {"address": {"type": "object", "properties": {"city": {"type": "string"}}}},
}
# confluentinc/examples, commit 4f840b64820e151497652cb34a4e8e3f48611ead:
# clients/avro/src/main/resources/avro/io/confluent/examples/clients/basicavro/Payment.avsc
# in shape (a record of a few primitives), as a named type an order references from its own
# file.
MONEY = {"type": "record", "name": "Money", "namespace": "com.shop.common",
         "fields": [{"name": "cents", "type": "long"}, {"name": "currency", "type": "string"}]}
ORDER = {"type": "record", "name": "OrderPlaced", "namespace": "com.shop",
         "fields": [{"name": "id", "type": "string"},
                    {"name": "total", "type": "com.shop.common.Money"},
                    {"name": "refund", "type": ["null", "com.shop.common.Money"],
                     "default": None}]}
# open-telemetry/opentelemetry-proto, commit ac2c4b5d1f3a6079de62f9afec860158ecc8af09:
# opentelemetry/proto/logs/v1/logs.proto importing opentelemetry/proto/common/v1/common.proto
# for a message type, cut to a few lines.
AMOUNT = """\
syntax = "proto3";
package shop.common;

message Amount {
  int64 cents = 1;
}
"""
PAYMENT = """\
syntax = "proto3";
package shop.payments;

import "common/amount.proto";

// A payment was captured.
message PaymentCaptured {
  string id = 1;
  shop.common.Amount amount = 2;
  repeated string tags = 3;
}
"""
# This test's own case: a property that is a ``$ref`` to a file of shared definitions, with a
# fragment, and one without.
BILLED = {"$schema": "http://json-schema.org/draft-07/schema#", "title": "CustomerBilled",
          "type": "object",
          "properties": {"amount": {"$ref": "../common/money.schema.json"},
                         "refund": {"$ref": "../common/money.schema.json#/definitions/cents"}}}
SHARED_MONEY = {"$schema": "http://json-schema.org/draft-07/schema#", "title": "Money",
                "type": "object", "properties": {"cents": {"$ref": "#/definitions/cents"}},
                "definitions": {"cents": {"type": "integer"}}}
THREE_FORMATS: dict[str, Any] = {
    "schemas/common/Money.avsc": MONEY,
    "schemas/orders/value.avsc": ORDER, "schemas/orders/key.avsc": '"string"',
    "schemas/customers/value.schema.json": CUSTOMER,
    "schemas/customers/key.schema.json": {"type": "string"},
    "schemas/common/money.schema.json": SHARED_MONEY,
    "schemas/billing/value.schema.json": BILLED,
    "schemas/common/amount.proto": AMOUNT,
    "schemas/payments/value.proto": PAYMENT,
}

Subjects = dict[str, tuple[str | None, list[tuple[str, str]], str | None]]


def subjects(repo: Path) -> Subjects:
    """Each subject's current identity, references (name, subject), and what the registry
    tells its versions by (``version_key``: the identity with what each reference resolved
    to; compared within one run)."""
    outcome = run_check(load_config(repo), CheckRequest(all=True, lint=False))
    errors = [finding for finding in outcome.findings if finding.severity.value == "error"]
    assert not errors, errors
    return {name: (state.current.identity,
                   [(ref.name, ref.subject) for ref in state.current.references],
                   state.current.version_key())
            if state.current is not None else (None, [], None)
            for name, state in outcome.subjects.items()}


def source_repo(tmp_path: Path, files: dict[str, Any]) -> GitRepo:
    source = GitRepo(tmp_path / "source")
    for path, content in files.items():
        source.write(path, content if isinstance(content, str) else json.dumps(content))
    source.write("schemalint.toml", 'roots = ["schemas"]\n')
    source.commit("the schemas")
    return source


def example_repo(tmp_path: Path) -> GitRepo:
    source = GitRepo(tmp_path / "source")
    shutil.copytree(EXAMPLE, source.path / "schemas")
    source.write("schemalint.toml", 'roots = ["schemas"]\n')
    source.commit("the example schemas")
    return source


def export(tmp_path: Path, source: GitRepo) -> Path:
    out = tmp_path / "asyncapi.yaml"
    exported = run_cli(source.path, "asyncapi", "--out", str(out))
    assert exported.returncode == 0, exported.stdout + exported.stderr
    return out


def fresh_repo(tmp_path: Path, document: str) -> GitRepo:
    fresh = GitRepo(tmp_path / "fresh")
    fresh.write("schemalint.toml", 'roots = ["contracts"]\nstrategy = "topic"\n')
    fresh.write("contracts/asyncapi.yaml", document)
    fresh.commit("the exported document")
    return fresh


def read_back(tmp_path: Path, source: GitRepo) -> Subjects:
    return subjects(fresh_repo(tmp_path, export(tmp_path, source).read_text()).path)


def test_the_example_project_reads_back_as_the_subjects_it_was_exported_from(
        tmp_path: Path) -> None:
    source = example_repo(tmp_path)
    original, back = subjects(source.path), read_back(tmp_path, source)
    assert back == original
    assert back["shipping-value"][1] == [("com.acme.common.Address",
                                          "com.acme.common.Address")]
    assert len(back) == 9
    validate(tmp_path / "asyncapi.yaml")


def test_all_three_formats_read_back_with_their_identities_and_references(
        tmp_path: Path) -> None:
    source = source_repo(tmp_path, THREE_FORMATS)
    original, back = subjects(source.path), read_back(tmp_path, source)
    assert sorted(original) == ["billing-value", "com.shop.common.Money", "common/amount.proto",
                                "customers-key", "customers-value", "money", "orders-key",
                                "orders-value", "payments-value"]
    assert back == original
    assert {name: references for name, (_, references, _) in back.items() if references} == {
        "billing-value": [("../common/money.schema.json", "money")],
        "orders-value": [("com.shop.common.Money", "com.shop.common.Money")],
        "payments-value": [("common/amount.proto", "common/amount.proto")]}
    validate(tmp_path / "asyncapi.yaml")


def test_a_topic_with_a_key_and_no_value_reads_back_as_its_key_subject(
        tmp_path: Path) -> None:
    # DRIVER-EU/avro-schemas registers its shared key schema as edxl-de-key, a topic with a
    # key and no value: its channel has no message, and the key came back named by its
    # record until the reader put a carried key or value back on its channel.
    key = {"type": "record", "name": "EDXLDistribution", "namespace": "eu.driver.model.edxl",
           "fields": [{"name": "distributionID", "type": "string"}]}
    heartbeat = {"type": "record", "name": "Heartbeat", "namespace": "eu.driver.model.core",
                 "fields": [{"name": "id", "type": "string"}]}
    source = source_repo(tmp_path, {"schemas/edxl-de/key.avsc": key,
                                    "schemas/heartbeat/value.avsc": heartbeat})
    original, back = subjects(source.path), read_back(tmp_path, source)
    assert sorted(original) == ["edxl-de-key", "heartbeat-value"]
    assert back == original
    validate(tmp_path / "asyncapi.yaml")


def test_a_local_ref_written_after_its_siblings_keeps_its_place(tmp_path: Path) -> None:
    # RedHatInsights/event-schemas, schemas/apps/export-service/v1/resource-request.json
    # (b547bbb): "$ref" after "description" and "type". A JSON Schema's identity is its
    # text, key order included; the read-back put the $ref first.
    exported = {"$schema": "http://json-schema.org/draft-07/schema#", "title": "ExportRequest",
                "type": "object",
                "properties": {"resource_request": {
                    "description": "A request for data to be exported", "type": "object",
                    "$ref": "#/definitions/ResourceRequest"}},
                "definitions": {"ResourceRequest": {
                    "type": "object", "properties": {"uuid": {"type": "string"}}}}}
    source = source_repo(tmp_path, {"schemas/exports/value.schema.json": exported})
    assert read_back(tmp_path, source) == subjects(source.path)


def test_init_on_an_exported_document_keeps_the_topic_strategy(tmp_path: Path) -> None:
    document = export(tmp_path, source_repo(tmp_path, THREE_FORMATS)).read_text()
    repo = GitRepo(tmp_path / "contracts")
    repo.write("contracts/asyncapi.yaml", document)
    repo.commit("the exported document")

    initialised = run_cli(repo.path, "init")

    assert initialised.returncode == 0, initialised.stdout + initialised.stderr
    # Its three carried schemas are no channel's: no topic carries several messages.
    assert 'strategy = "topic"' in (repo.path / "schemalint.toml").read_text()


def test_a_carried_file_named_out_of_the_repository_is_no_file(tmp_path: Path) -> None:
    document = yaml.safe_load(export(tmp_path, source_repo(tmp_path, THREE_FORMATS))
                              .read_text())
    document["components"]["schemas"]["money"]["x-schemalint-path"] = "../../money.schema.json"
    fresh = fresh_repo(tmp_path, yaml.safe_dump(document, sort_keys=False))
    outcome = run_check(load_config(fresh.path), CheckRequest(all=True, lint=False))
    # The $ref then reads beside the document, where there is no such file.
    assert [(finding.code, finding.subject) for finding in outcome.findings
            if finding.severity.value == "error"] == [("INVALID_SCHEMA", "billing-value")]
    assert "money" not in outcome.subjects


# open-telemetry/opentelemetry-proto, commit ac2c4b5d1f3a6079de62f9afec860158ecc8af09:
# opentelemetry/proto/collector/logs/v1/logs_service.proto importing
# opentelemetry/proto/logs/v1/logs.proto importing opentelemetry/proto/common/v1/common.proto,
# read under `schemalint init`'s `strategy = "record"`: every file a subject named by its import
# path, on no topic; cut to a few lines.
LIBRARY = {
    "proto/acme/common/v1/common.proto":
        'syntax = "proto3";\npackage acme.common.v1;\n\nmessage KeyValue { string key = 1; }\n',
    "proto/acme/logs/v1/logs.proto":
        'syntax = "proto3";\npackage acme.logs.v1;\n\nimport "acme/common/v1/common.proto";\n\n'
        "message LogRecord { repeated acme.common.v1.KeyValue attributes = 1; }\n",
    "proto/acme/collector/logs/v1/logs_service.proto":
        'syntax = "proto3";\npackage acme.collector.logs.v1;\n\nimport "acme/logs/v1/logs.proto";\n'
        "\nmessage ExportLogsServiceRequest { repeated acme.logs.v1.LogRecord records = 1; }\n",
}


def test_a_library_of_protos_on_no_topic_reads_back_as_its_subjects(tmp_path: Path) -> None:
    source = GitRepo(tmp_path / "source")
    for path, text in LIBRARY.items():
        source.write(path, text)
    source.write("schemalint.toml", 'roots = ["proto"]\nstrategy = "record"\n')
    source.commit("a library of protos")
    original, back = subjects(source.path), read_back(tmp_path, source)
    assert sorted(original) == ["acme/collector/logs/v1/logs_service.proto",
                                "acme/common/v1/common.proto", "acme/logs/v1/logs.proto"]
    assert back == original
    validate(tmp_path / "asyncapi.yaml")


def without_extensions(node: Any) -> Any:
    """The document as a tool other than schemalint would write it: no ``x-schemalint-*``."""
    if isinstance(node, dict):
        return {key: without_extensions(value) for key, value in node.items()
                if not key.startswith("x-schemalint-")}
    if isinstance(node, list):
        return [without_extensions(item) for item in node]
    return node


def test_a_document_without_the_extensions_reads_its_payloads_as_the_parser_does(
        tmp_path: Path) -> None:
    source = example_repo(tmp_path)
    original = subjects(source.path)
    document = yaml.safe_load(export(tmp_path, source).read_text())
    stripped = yaml.safe_dump(without_extensions(document), sort_keys=False)
    back = subjects(fresh_repo(tmp_path, stripped).path)
    # The named type is written in place: no subject of its own, no reference.
    assert set(back) == set(original) - {"com.acme.common.Address"}
    assert {name for name in back if back[name] != original[name]} == {"shipping-value"}
    assert back["shipping-value"][1] == []


# This test's own case: a payload names a type another message's payload defines. The
# AsyncAPI parser reads each payload alone, so the name is undefined; only the schemas an
# export marks with their subject are named types of their own.
BORROWING = """\
asyncapi: 3.0.0
info: {title: Shop, version: 1.0.0}
channels:
  prices:
    address: prices
    messages:
      changed:
        payload:
          schemaFormat: application/vnd.apache.avro;version=1.9.0
          schema: {type: record, name: Price, namespace: com.shop,
                   fields: [{name: cents, type: long}]}
  orders:
    address: orders
    messages:
      placed:
        payload:
          schemaFormat: application/vnd.apache.avro;version=1.9.0
          schema: {type: record, name: Order, namespace: com.shop,
                   fields: [{name: total, type: com.shop.Price}]}
"""


def test_a_type_another_messages_payload_defines_stays_undefined(tmp_path: Path) -> None:
    fresh = fresh_repo(tmp_path, BORROWING)
    outcome = run_check(load_config(fresh.path), CheckRequest(all=True, lint=False))
    assert [(finding.code, finding.subject) for finding in outcome.findings
            if finding.severity.value == "error"] == [("INVALID_SCHEMA", "orders-value")]


@pytest.mark.parametrize(("edited", "change"), [
    ("com.acme.common.Address", "field note added with a default  [Address.note]"),
    ("shipping-value", "field note added with a default  [ShipmentDispatched.note]"),
])
def test_a_read_back_document_edited_later_diffs_against_its_history(
        tmp_path: Path, edited: str, change: str) -> None:
    fresh = fresh_repo(tmp_path, export(tmp_path, example_repo(tmp_path)).read_text())
    document = yaml.safe_load((fresh.path / "contracts/asyncapi.yaml").read_text())
    component = document["components"]["schemas"][edited]
    note = {"name": "note", "type": ["null", "string"], "default": None}
    for key in ("schema", "x-schemalint-schema"):
        if key in component:
            component[key]["fields"].append(note)
    fresh.write("contracts/asyncapi.yaml", yaml.safe_dump(document, sort_keys=False))
    fresh.commit("a note")

    diffed = run_cli(fresh.path, "diff", "--against", "HEAD~1")

    assert diffed.returncode == 0, diffed.stdout + diffed.stderr
    assert change in diffed.stdout
    assert "new subject" not in diffed.stdout


def test_a_carried_json_schema_edited_later_is_a_new_version_of_those_referencing_it(
        tmp_path: Path) -> None:
    fresh = fresh_repo(tmp_path, export(tmp_path, source_repo(tmp_path, THREE_FORMATS))
                       .read_text())
    document = yaml.safe_load((fresh.path / "contracts/asyncapi.yaml").read_text())
    document["components"]["schemas"]["money"]["schema"]["properties"]["currency"] = {
        "type": "string"}
    fresh.write("contracts/asyncapi.yaml", yaml.safe_dump(document, sort_keys=False))
    fresh.commit("a currency")

    diffed = run_cli(fresh.path, "diff", "--against", "HEAD~1")

    assert diffed.returncode == 0, diffed.stdout + diffed.stderr
    changed = [line.split()[0] for line in diffed.stdout.splitlines()
               if line and not line.startswith(" ")]
    assert changed == ["billing-value", "money"]
    assert "optional property 'amount.currency' added" in diffed.stdout
    assert "new subject" not in diffed.stdout


FILES = {"three formats": THREE_FORMATS}
REFERENCED = [  # (the files, a subject referencing another, the reference)
    ("example", "shipping-value", ("com.acme.common.Address", "com.acme.common.Address")),
    ("three formats", "orders-value", ("com.shop.common.Money", "com.shop.common.Money")),
    ("three formats", "payments-value", ("common/amount.proto", "common/amount.proto")),
    # A JSON Schema's reference named by the path that climbs out of its folder.
    ("three formats", "billing-value", ("../common/money.schema.json", "money")),
]


@pytest.mark.parametrize(("files", "subject", "reference"), REFERENCED)
def test_sync_of_the_read_back_document_registers_the_referenced_subject_first(
        tmp_path: Path, files: str, subject: str, reference: tuple[str, str]) -> None:
    source = example_repo(tmp_path) if files == "example" else \
        source_repo(tmp_path, FILES[files])
    fresh = fresh_repo(tmp_path, export(tmp_path, source).read_text())
    name, referenced = reference
    server = start_server(tmp_path / "registry.db")
    try:
        synced = run_cli(fresh.path, "sync", "--registry", server.url)
        assert synced.returncode == 0, synced.stdout + synced.stderr
        with server.client() as http:
            first = http.get(f"/subjects/{quote(referenced, safe='')}/versions/1").json()
            then = http.get(f"/subjects/{quote(subject, safe='')}/versions/1").json()
    finally:
        server.stop()
    assert first["id"] < then["id"]
    assert then["references"] == [{"name": name, "subject": referenced, "version": 1}]
