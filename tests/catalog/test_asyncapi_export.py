"""``schemalint asyncapi --out FILE``: the project as an AsyncAPI 3.0 document, which the
official parser (``@asyncapi/parser`` with its Avro and Protobuf schema parsers, pinned in
tests/node) validates with no error, carrying each schema as the registry would take it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from cli_runner import run_cli
from gitrepo import GitRepo
from tools import require_tool

from schemalint.catalog.asyncapi import (
    SCHEMAS_POINTER,
    json_with_document_refs,
    json_with_schema_refs,
)
from schemalint.config import load_config
from schemalint.model import Schema, SchemaType
from schemalint.pipeline.check import CheckRequest, run_check
from schemalint.replay.avro.codec import AvroCodec, avro_codec
from schemalint.workspace import parse_with_config

NODE_DIR = Path(__file__).parents[1] / "node"
REPOSITORY = Path(__file__).parents[2]


def validate(document: Path) -> list[dict[str, str]]:
    """The parser's diagnostics of ``document``; fails the test on any error."""
    node = require_tool("node", "the official AsyncAPI parser runs on node")
    require_tool(NODE_DIR / "node_modules" / "@asyncapi" / "parser",
                 "run `npm ci --prefix tests/node` (./scripts/check does)")
    require_tool(NODE_DIR / "node_modules" / "@asyncapi" / "avro-schema-parser",
                 "run `npm ci --prefix tests/node` (./scripts/check does)")
    require_tool(NODE_DIR / "node_modules" / "@asyncapi" / "protobuf-schema-parser",
                 "run `npm ci --prefix tests/node` (./scripts/check does)")
    completed = subprocess.run([node, str(NODE_DIR / "validate_asyncapi.js"), str(document)],
                               capture_output=True, text=True, timeout=120, check=False)
    result = json.loads(completed.stdout)
    errors = [item for item in result["diagnostics"] if item["severity"] == "error"]
    assert result["parsed"] and not errors and completed.returncode == 0, errors
    return list(result["diagnostics"])


def field(name: str, type_: Any, doc: str | None = None) -> dict[str, Any]:
    return {"name": name, "type": type_, "doc": doc or f"The {name}."}


# confluentinc/examples, commit 4f840b64820e151497652cb34a4e8e3f48611ead:
# clients/avro/src/main/resources/avro/io/confluent/examples/clients/basicavro/Payment.avsc
# in shape (a record of a few primitives), here an order that uses a Money type of its own
# file, as a named type other schemas reference.
MONEY = {"type": "record", "name": "Money", "namespace": "com.acme.common",
         "doc": "An amount in one currency.",
         "fields": [field("amount_cents", "long"), field("currency", "string")]}
ORDER = {"type": "record", "name": "OrderPlaced", "namespace": "com.acme.orders",
         "doc": "A customer placed an order.\nIt now awaits payment.",
         "fields": [field("order_id", "string"),
                    field("total", "com.acme.common.Money"),
                    field("refund", ["null", "com.acme.common.Money"]),
                    field("status", {"type": "enum", "name": "Status",
                                     "symbols": ["NEW", "PAID"]})]}
ORDER_KEY = {"type": "record", "name": "OrderKey", "namespace": "com.acme.orders",
             "fields": [field("order_id", "string")]}
# wikimedia/schemas-event-primary, commit 43aeb4abccaa542eb56491489eb830d6459453a6:
# jsonschema/mediawiki/page/change/current.yaml in shape (draft-07, a $ref within the
# schema, #/properties/revision, and $refs to fragments of other files).
CUSTOMER = {
    "$schema": "http://json-schema.org/draft-07/schema#", "title": "CustomerRegistered",
    "description": "A customer created an account.", "type": "object",
    "properties": {"customer_id": {"type": "string"},
                   "address": {"$ref": "#/definitions/Address"},
                   "meta": {"$ref": "common.schema.json#/definitions/Meta"}},
    "definitions": {"Address": {"type": "object", "properties": {
        "city": {"type": "string"}, "next": {"$ref": "#/definitions/Address"}}}},
    "required": ["customer_id"]}
COMMON = {"$schema": "http://json-schema.org/draft-07/schema#", "definitions": {
    "Meta": {"type": "object", "properties": {"dt": {"type": "string",
                                                      "format": "date-time"}}}}}
CUSTOMER_KEY = {"$schema": "http://json-schema.org/draft-07/schema#", "type": "string"}
# open-telemetry/opentelemetry-proto, commit ac2c4b5d1f3a6079de62f9afec860158ecc8af09:
# opentelemetry/proto/logs/v1/logs.proto in shape (proto3, a package, a message with an
# enum); here with a well-known type's import, which the parser knows itself.
PAYMENT = """syntax = "proto3";
package acme.payments.v1;

import "google/protobuf/timestamp.proto";

// A payment was captured.
message PaymentCaptured {
  string payment_id = 1;
  int64 amount_cents = 2;
  google.protobuf.Timestamp captured_at = 3;
  enum Method { METHOD_UNSPECIFIED = 0; CARD = 1; }
  Method method = 4;
}
"""
CONFIG = """\
[[topics]]
match = "orders"
kind = "event"
flavor = "notification"
owner = "team-orders"
producers = ["order-service", "back-office"]

[[topics]]
match = "payments"
kind = "command"
producers = ["checkout"]

[[consumers]]
name = "billing"
owner = "@acme/billing"
subjects = ["orders-value", "payments-value"]
reads = ["order_id"]
"""


@pytest.fixture
def project(repo: GitRepo) -> GitRepo:
    repo.write("schemas/common/Money.avsc", MONEY)
    repo.write("schemas/orders/value.avsc", ORDER)
    repo.write("schemas/orders/key.avsc", ORDER_KEY)
    repo.write("schemas/customers/value.schema.json", CUSTOMER)
    repo.write("schemas/customers/key.schema.json", CUSTOMER_KEY)
    repo.write("schemas/customers/common.schema.json", COMMON)
    repo.write("schemas/payments/value.proto", PAYMENT)
    repo.write("consumers/crm/customers-value.schema.json", {
        "$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
        "properties": {"customer_id": {"type": "string"}}})
    repo.write("schemalint.toml", CONFIG)
    repo.commit("three formats, keys, producers and consumers")
    return repo


def export(repo: GitRepo, name: str = "asyncapi.yaml") -> tuple[Path, dict[str, Any]]:
    out = repo.path.parent / name
    result = run_cli(repo.path, "asyncapi", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out, yaml.safe_load(out.read_text())


def test_the_document_of_three_formats_validates_with_the_official_parser(
        project: GitRepo) -> None:
    out, _ = export(project)
    assert validate(out) == [{
        "severity": "information", "code": "asyncapi-latest-version",
        "message": 'The latest version of AsyncAPi is not used. It is recommended update to '
                   'the "3.1.0" version.', "path": "asyncapi"}]


def test_the_json_document_validates_too(project: GitRepo) -> None:
    out, _ = export(project, "asyncapi.json")
    assert out.read_text().startswith("{")
    validate(out)


@pytest.mark.parametrize(("channel", "expected"), [
    ("orders", {"address": "orders",
                "messages": {"orders-value": {"$ref": "#/components/messages/orders-value"}},
                "bindings": {"kafka": {"topic": "orders", "bindingVersion": "0.5.0"}},
                "description": "Owned by team-orders.",
                "x-schemalint-kind": "event", "x-schemalint-flavor": "notification",
                "x-schemalint-owner": "team-orders",
                "x-schemalint-compatibility": "BACKWARD"}),
    ("payments", {"address": "payments",
                  "messages": {"payments-value": {
                      "$ref": "#/components/messages/payments-value"}},
                  "bindings": {"kafka": {"topic": "payments", "bindingVersion": "0.5.0"}},
                  "x-schemalint-kind": "command", "x-schemalint-compatibility": "BACKWARD"}),
    # No [[topics]] entry: no kind stated.
    ("customers", {"address": "customers",
                   "messages": {"customers-value": {
                       "$ref": "#/components/messages/customers-value"}},
                   "bindings": {"kafka": {"topic": "customers", "bindingVersion": "0.5.0"}},
                   "x-schemalint-compatibility": "BACKWARD"}),
])
def test_a_channel_per_topic(project: GitRepo, channel: str, expected: dict[str, Any]
                             ) -> None:
    _, document = export(project)
    assert sorted(document["channels"]) == ["customers", "orders", "payments"]
    assert document["channels"][channel] == expected


@pytest.mark.parametrize(("subject", "expected"), [
    ("orders-value", {
        "name": "orders-value", "title": "com.acme.orders.OrderPlaced",
        "summary": "A customer placed an order.",
        "description": "A customer placed an order.\nIt now awaits payment.",
        "contentType": "application/octet-stream",
        "payload": {"$ref": "#/components/schemas/orders-value"},
        "bindings": {"kafka": {"key": {"$ref": "#/components/schemas/orders-key"},
                               "schemaIdLocation": "payload",
                               "schemaLookupStrategy": "TopicNameStrategy",
                               "bindingVersion": "0.5.0"}},
        "tags": [{"name": "kind:event"}, {"name": "flavor:notification"}],
        "x-schemalint-subject": "orders-value"}),
    ("customers-value", {
        "name": "customers-value", "title": "CustomerRegistered",
        "summary": "A customer created an account.",
        "contentType": "application/octet-stream",
        "payload": {"$ref": "#/components/schemas/customers-value"},
        "bindings": {"kafka": {"key": {"$ref": "#/components/schemas/customers-key"},
                               "schemaIdLocation": "payload",
                               "schemaLookupStrategy": "TopicNameStrategy",
                               "bindingVersion": "0.5.0"}},
        "x-schemalint-subject": "customers-value"}),
    ("payments-value", {
        "name": "payments-value", "title": "acme.payments.v1.PaymentCaptured",
        "contentType": "application/octet-stream",
        "payload": {"$ref": "#/components/schemas/payments-value"},
        "bindings": {"kafka": {"schemaIdLocation": "payload",
                               "schemaLookupStrategy": "TopicNameStrategy",
                               "bindingVersion": "0.5.0"}},
        "tags": [{"name": "kind:command"}],
        "x-schemalint-subject": "payments-value"}),
])
def test_a_message_per_value_subject_with_the_key_schema_in_its_binding(
        project: GitRepo, subject: str, expected: dict[str, Any]) -> None:
    _, document = export(project)
    assert sorted(document["components"]["messages"]) == [
        "customers-value", "orders-value", "payments-value"]
    assert document["components"]["messages"][subject] == expected


def test_operations_from_producers_and_consumer_contracts(project: GitRepo) -> None:
    _, document = export(project)
    operations = {name: (operation["action"], operation["channel"]["$ref"],
                         [message["$ref"] for message in operation["messages"]],
                         operation.get("x-schemalint-owner"))
                  for name, operation in document["operations"].items()}
    assert operations == {
        "send-back-office-orders": ("send", "#/channels/orders",
                                    ["#/channels/orders/messages/orders-value"], None),
        "send-order-service-orders": ("send", "#/channels/orders",
                                      ["#/channels/orders/messages/orders-value"], None),
        "receive-billing-orders": ("receive", "#/channels/orders",
                                   ["#/channels/orders/messages/orders-value"],
                                   "@acme/billing"),
        "send-checkout-payments": ("send", "#/channels/payments",
                                   ["#/channels/payments/messages/payments-value"], None),
        "receive-billing-payments": ("receive", "#/channels/payments",
                                     ["#/channels/payments/messages/payments-value"],
                                     "@acme/billing"),
        "receive-crm-customers": ("receive", "#/channels/customers",
                                  ["#/channels/customers/messages/customers-value"], None),
    }


@pytest.mark.parametrize(("subject", "path", "schema_format"), [
    ("orders-value", "schemas/orders/value.avsc", "application/vnd.apache.avro;version=1.9.0"),
    ("orders-key", "schemas/orders/key.avsc", "application/vnd.apache.avro;version=1.9.0"),
    ("customers-value", "schemas/customers/value.schema.json",
     "application/schema+json;version=draft-07"),
    ("customers-key", "schemas/customers/key.schema.json",
     "application/schema+json;version=draft-07"),
    ("common", "schemas/customers/common.schema.json",
     "application/schema+json;version=draft-07"),
    ("payments-value", "schemas/payments/value.proto",
     "application/vnd.google.protobuf;version=3"),
])
def test_each_schema_is_carried_as_the_registry_takes_it(
        project: GitRepo, subject: str, path: str, schema_format: str) -> None:
    _, document = export(project)
    component = document["components"]["schemas"][subject]
    assert (component["schemaFormat"], component["x-schemalint-subject"],
            component["x-schemalint-path"]) == (schema_format, subject, path)
    written = project_schemas(project)[subject]
    carried = component["schema"]
    if written.schema_type is SchemaType.JSON:
        # The $refs back as the file wrote them.
        carried = json_with_schema_refs(carried, SCHEMAS_POINTER + subject,
                                        component.get("x-schemalint-refs", {}))
    text = carried if isinstance(carried, str) else json.dumps(carried)
    exported = parse_with_config(load_config(project.path), text, written.schema_type, path)
    if written.references and written.schema_type is SchemaType.AVRO:
        # Defined inline, the referenced types make the same schema as Avro resolves it.
        assert expanded(avro_codec(exported)) == expanded(avro_codec(written))
    else:
        assert exported.identity == written.identity


def expanded(codec: AvroCodec) -> Any:
    """The schema as fastavro resolves it, every named type written out where used (once on
    each path: a recursive type stays a name), without the keys fastavro adds."""
    def expand(node: Any, path: frozenset[str]) -> Any:
        if isinstance(node, str):
            return expand(codec.named[node], path | {node}) \
                if node in codec.named and node not in path else node
        if isinstance(node, list):
            return [expand(item, path) for item in node]
        inner = path | {node["name"]} if "fields" in node else path
        return {key: [{**item, "type": expand(item["type"], inner)} for item in value]
                if key == "fields" else expand(value, inner)
                if key in ("type", "items", "values") else value
                for key, value in node.items() if not key.startswith("__")}
    return expand(codec.logical, frozenset())


def project_schemas(repo: GitRepo) -> dict[str, Schema]:
    """Each subject's schema as ``check`` reads it."""
    outcome = run_check(load_config(repo.path), CheckRequest(all=True, against="none",
                                                            lint=False))
    return {subject: schema for subject, schema in outcome.schemas.items() if schema}


def test_an_avro_named_type_of_another_file_is_defined_where_first_used(
        project: GitRepo) -> None:
    _, document = export(project)
    fields = document["components"]["schemas"]["orders-value"]["schema"]["fields"]
    assert [item["type"] for item in fields[1:3]] == [
        {**MONEY, "namespace": "com.acme.common"}, ["null", "com.acme.common.Money"]]


def test_json_schema_refs_point_into_the_document(project: GitRepo) -> None:
    _, document = export(project)
    schema = document["components"]["schemas"]["customers-value"]["schema"]
    own = "#/components/schemas/customers-value/schema"
    assert (schema["properties"]["address"], schema["properties"]["meta"],
            schema["definitions"]["Address"]["properties"]["next"]) == (
        {"$ref": f"{own}/definitions/Address"},
        {"$ref": "#/components/schemas/common/schema/definitions/Meta"},
        {"$ref": f"{own}/definitions/Address"})


OWN = "#/components/schemas/orders-value"
OTHER = "#/components/schemas/common.json"


@pytest.mark.parametrize(("written", "in_document"), [
    ({"$ref": "#"}, {"$ref": f"{OWN}/schema"}),
    ({"$ref": "#/definitions/A"}, {"$ref": f"{OWN}/schema/definitions/A"}),
    ({"$ref": "common.json"}, {"$ref": f"{OTHER}/schema"}),
    ({"$ref": "common.json#/definitions/B"}, {"$ref": f"{OTHER}/schema/definitions/B"}),
    # An anchor, a file of no subject: kept as written.
    ({"$ref": "#money"}, {"$ref": "#money"}),
    ({"$ref": "elsewhere.json"}, {"$ref": "elsewhere.json"}),
    # Data, not schemas: no reference inside.
    ({"enum": [{"$ref": "#/a"}], "const": {"$ref": "#/b"}, "default": {"$ref": "#/c"}},
     {"enum": [{"$ref": "#/a"}], "const": {"$ref": "#/b"}, "default": {"$ref": "#/c"}}),
    ({"items": [{"$ref": "#/definitions/A"}]},
     {"items": [{"$ref": f"{OWN}/schema/definitions/A"}]}),
])
def test_json_refs_are_pointed_into_the_document_and_back(written: Any, in_document: Any
                                                           ) -> None:
    assert json_with_document_refs(written, OWN, {"common.json": OTHER}) == in_document
    assert json_with_schema_refs(in_document, OWN, {OTHER: "common.json"}) == written


@pytest.mark.parametrize("name", ["asyncapi.yaml", "asyncapi.json"])
def test_two_runs_write_the_same_bytes(project: GitRepo, name: str) -> None:
    out, _ = export(project, name)
    first = out.read_bytes()
    out.unlink()
    assert export(project, name)[0].read_bytes() == first


def test_out_dash_writes_json_on_stdout_and_the_summary_on_stderr(project: GitRepo) -> None:
    result = run_cli(project.path, "asyncapi", "--out", "-")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["asyncapi"] == "3.0.0"
    assert result.stderr == ("Wrote AsyncAPI 3.0.0 to stdout: 3 channels, 3 messages, "
                             "6 operations.\n")


def test_the_summary_names_the_file_and_counts(project: GitRepo) -> None:
    out = project.path.parent / "api.yml"
    result = run_cli(project.path, "asyncapi", "--out", str(out))
    assert (result.returncode, result.stdout) == (
        0, f"Wrote AsyncAPI 3.0.0 to {out}: 3 channels, 3 messages, 6 operations.\n")


@pytest.mark.parametrize(("change", "out", "message"), [
    ({}, "missing/asyncapi.yaml", "missing/asyncapi.yaml: cannot write AsyncAPI document: "
     "No such file or directory"),
    ({}, "schemas", "schemas: cannot write AsyncAPI document: Is a directory"),
    # Nothing to export is no green result.
    ({"schemalint.toml": 'roots = ["docs"]\n', "docs/README.md": "No schema here.\n"},
     "asyncapi.yaml", "schemalint.toml:1: no schema under docs"),
    ({"schemalint.toml": "strategy = 'nope'\n"}, "asyncapi.yaml", "schemalint.toml:1"),
    ({"schemas/orders/value.avsc": '{"type": "record", "name": "Broken"}'}, "asyncapi.yaml",
     "schemas/orders/value.avsc"),
])
def test_bad_input_exits_2_in_one_line_and_writes_nothing(
        project: GitRepo, change: dict[str, str], out: str, message: str) -> None:
    for path, text in change.items():
        project.write(path, text)
    target = project.path / out
    before = sorted(project.path.rglob("*"))
    result = run_cli(project.path, "asyncapi", "--out", out)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.startswith("schemalint: error: ")
    assert result.stdout == ""
    assert sorted(project.path.rglob("*")) == before
    assert not target.is_file()


def test_an_existing_document_is_kept_when_nothing_can_be_exported(project: GitRepo) -> None:
    out = project.path / "asyncapi.yaml"
    out.write_text("kept\n")
    project.write("schemas/orders/value.avsc", "{")
    assert run_cli(project.path, "asyncapi", "--out", str(out)).returncode == 2
    assert out.read_text() == "kept\n"


def test_the_example_repository_validates(tmp_path: Path) -> None:
    out = tmp_path / "asyncapi.yaml"
    result = run_cli(REPOSITORY, "asyncapi", "--out", str(out))
    assert result.returncode == 0, result.stderr
    document = yaml.safe_load(out.read_text())
    assert sorted(document["channels"]) == ["customers", "orders", "payments", "shipping"]
    validate(out)


@pytest.mark.parametrize(("strategy", "value", "key", "lookup"), [
    ("topic", "orders-value", "orders-key", "TopicNameStrategy"),
    ("record", "com.acme.orders.OrderPlaced", "com.acme.orders.OrderKey",
     "RecordNameStrategy"),
    ("topic-record", "orders-com.acme.orders.OrderPlaced", "orders-com.acme.orders.OrderKey",
     "TopicRecordNameStrategy"),
])
def test_the_topic_is_the_files_whatever_the_strategy_names_subjects_by(
        repo: GitRepo, strategy: str, value: str, key: str, lookup: str) -> None:
    repo.write("schemas/common/Money.avsc", MONEY)
    repo.write("schemas/orders/value.avsc", ORDER)
    repo.write("schemas/orders/key.avsc", ORDER_KEY)
    repo.write("schemalint.toml", f'strategy = "{strategy}"\n')
    repo.commit("orders")
    out, document = export(repo)
    assert document["channels"]["orders"]["messages"] == {
        value: {"$ref": f"#/components/messages/{value}"}}
    assert document["components"]["messages"][value]["bindings"]["kafka"] == {
        "key": {"$ref": f"#/components/schemas/{key}"}, "schemaIdLocation": "payload",
        "schemaLookupStrategy": lookup, "bindingVersion": "0.5.0"}
    validate(out)


def test_a_ref_to_another_topics_file_points_to_its_subject_and_is_kept_as_written(
        project: GitRepo) -> None:
    invoice = {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
               "properties": {"bill_to": {
                   "$ref": "../customers/value.schema.json#/definitions/Address"}}}
    project.write("schemas/invoices/value.schema.json", invoice)
    project.commit("invoices")
    out, document = export(project)
    component = document["components"]["schemas"]["invoices-value"]
    assert component["schema"]["properties"]["bill_to"] == {
        "$ref": "#/components/schemas/customers-value/schema/definitions/Address"}
    assert component["x-schemalint-refs"] == {
        "#/components/schemas/customers-value": "../customers/value.schema.json"}
    assert json_with_schema_refs(component["schema"], SCHEMAS_POINTER + "invoices-value",
                                 component["x-schemalint-refs"]) == invoice
    validate(out)
