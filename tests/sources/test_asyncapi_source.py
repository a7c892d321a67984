"""AsyncAPI documents as a source: each message payload (and Kafka key) a subject, the
channel's address its topic, its versions cut from the document's git history.

The documents are a few lines each, in the shapes of the public examples named in the
tables; every case runs on a real git repository in a temporary folder.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml
from cli_runner import run_cli
from gitrepo import GitRepo

from schemalint.config import load_config
from schemalint.model import SchemaType
from schemalint.pipeline.check import CheckRequest, run_check
from schemalint.sourcemap import without_comments

# asyncapi/spec at the v3.0.0 tag (d78dcea): examples/streetlights-kafka-asyncapi.yml,
# adeo-kafka-request-reply-asyncapi.yml (Avro via a Multi Format Schema Object), and the
# specification itself, spec/asyncapi.md.
SPEC = "asyncapi/spec@d78dcea (v3.0.0) "
# asyncapi/spec at the v2.6.0 tag (1824379): examples/streetlights-kafka.yml (channel keys,
# messageTraits), gitter-streaming.yml and spec/asyncapi.md (a message's schemaFormat).
SPEC_2 = "asyncapi/spec@1824379 (v2.6.0) "

ORDER = {"type": "object", "properties": {"id": {"type": "string"},
                                         "amount": {"type": "number"}}, "required": ["id"]}
AVRO_ORDER = {"type": "record", "name": "Order", "namespace": "com.shop",
              "fields": [{"name": "id", "type": "string"}]}


def v3(channels: dict[str, Any], messages: dict[str, Any] | None = None,
       schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    document: dict[str, Any] = {"asyncapi": "3.0.0", "info": {"title": "Shop",
                                                             "version": "1.0.0"},
                                "channels": channels}
    components = {key: value for key, value in (("messages", messages), ("schemas", schemas))
                  if value}
    if components:
        document["components"] = components
    return document


def v2(channels: dict[str, Any], messages: dict[str, Any] | None = None,
       schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    return {**v3(channels, messages, schemas), "asyncapi": "2.6.0"}


def write_document(repo: GitRepo, path: str, document: dict[str, Any]) -> None:
    text = (json.dumps(document, indent=2) if path.endswith(".json")
            else yaml.safe_dump(document, sort_keys=False))
    repo.write(path, text)


def subjects_of(repo: GitRepo) -> dict[str, tuple[SchemaType, Any]]:
    """Every subject a ``check --all`` reads, with its format and its schema as JSON."""
    outcome = run_check(load_config(repo.path), CheckRequest(all=True, lint=False))
    assert outcome.checked, outcome.nothing_checked
    return {name: (state.files.schema_type, json.loads(without_comments(state.current.text))
                   if state.current is not None and state.files.schema_type
                   is not SchemaType.PROTOBUF else None)
            for name, state in outcome.subjects.items()}


def project(tmp_path: Path, strategy: str = "topic") -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.write("schemalint.toml", f'roots = ["asyncapi"]\nstrategy = "{strategy}"\n')
    return repo


class Subjects(NamedTuple):
    source: str
    path: str
    document: dict[str, Any]
    strategy: str
    expected: dict[str, tuple[SchemaType, Any]]


SUBJECTS = {
    "3.0 YAML: a message by $ref into components, its payload by $ref, a Kafka key": Subjects(
        f"{SPEC}examples/streetlights-kafka-asyncapi.yml (address, components/messages)",
        "asyncapi/shop.yaml",
        v3({"orders": {"address": "shop.orders",
                       "messages": {"placed": {"$ref": "#/components/messages/OrderPlaced"}}}},
           {"OrderPlaced": {"payload": {"$ref": "#/components/schemas/Order"},
                            "bindings": {"kafka": {"key": {"type": "string"}}}}},
           {"Order": ORDER}),
        "topic", {"shop.orders-value": (SchemaType.JSON, ORDER),
                  "shop.orders-key": (SchemaType.JSON, {"type": "string"})}),
    "3.0 JSON: two channels, two subjects": Subjects(
        f"{SPEC}examples/streetlights-kafka-asyncapi.yml, written as JSON", "asyncapi/shop.json",
        v3({"orders": {"address": "shop.orders", "messages": {"placed": {"payload": ORDER}}},
            "refunds": {"address": "shop.refunds",
                        "messages": {"refunded": {"payload": {"type": "object"}}}}}),
        "topic", {"shop.orders-value": (SchemaType.JSON, ORDER),
                  "shop.refunds-value": (SchemaType.JSON, {"type": "object"})}),
    "3.0: a null address is the channel's id; a Kafka binding's topic wins": Subjects(
        f"{SPEC}spec/asyncapi.md (a null address) and asyncapi/bindings kafka/README.md "
        "(the channel binding's topic)", "asyncapi/shop.yaml",
        v3({"orders": {"address": None, "messages": {"placed": {"payload": ORDER}}},
            "refunds": {"address": "refunds/{region}",
                        "bindings": {"kafka": {"topic": "shop.refunds"}},
                        "messages": {"refunded": {"payload": {"type": "object"}}}}}),
        "topic", {"orders-value": (SchemaType.JSON, ORDER),
                  "shop.refunds-value": (SchemaType.JSON, {"type": "object"})}),
    "3.0: Avro through a Multi Format Schema Object": Subjects(
        f"{SPEC}examples/adeo-kafka-request-reply-asyncapi.yml (schemaFormat "
        "application/vnd.apache.avro;version=1.9.0)", "asyncapi/shop.yaml",
        v3({"orders": {"address": "shop.orders", "messages": {"placed": {"payload": {
            "schemaFormat": "application/vnd.apache.avro+json;version=1.9.0",
            "schema": {"$ref": "#/components/schemas/Order"}}}}}},
           schemas={"Order": AVRO_ORDER}),
        "topic", {"shop.orders-value": (SchemaType.AVRO, AVRO_ORDER)}),
    "3.0: an Avro key named by its type's name, as schemalint asyncapi writes it": Subjects(
        "schemalint asyncapi's export of schemas/orders/key.avsc (\"string\")",
        "asyncapi/shop.yaml",
        v3({"orders": {"address": "shop.orders", "messages": {"placed": {
            "payload": {"schemaFormat": "application/vnd.apache.avro;version=1.9.0",
                        "schema": AVRO_ORDER},
            "bindings": {"kafka": {"key": {
                "schemaFormat": "application/vnd.apache.avro;version=1.9.0",
                "schema": "string"}}}}}}}),
        "topic", {"shop.orders-value": (SchemaType.AVRO, AVRO_ORDER),
                  "shop.orders-key": (SchemaType.AVRO, "string")}),
    "2.6 YAML: the channel's name is the topic; publish and subscribe name one message":
        Subjects(f"{SPEC_2}examples/streetlights-kafka.yml", "asyncapi/shop.yaml",
                 v2({"shop.orders": {
                     "publish": {"message": {"$ref": "#/components/messages/OrderPlaced"}},
                     "subscribe": {"message": {"$ref": "#/components/messages/OrderPlaced"}}}},
                    {"OrderPlaced": {"payload": ORDER}}),
                 "topic", {"shop.orders-value": (SchemaType.JSON, ORDER)}),
    "2.6 JSON: Avro by the message's schemaFormat": Subjects(
        f"{SPEC_2}spec/asyncapi.md (the Message Object's schemaFormat example)",
        "asyncapi/shop.json",
        v2({"shop.orders": {"subscribe": {"message": {
            "schemaFormat": "application/vnd.apache.avro;version=1.9.0",
            "payload": AVRO_ORDER}}}}),
        "topic", {"shop.orders-value": (SchemaType.AVRO, AVRO_ORDER)}),
    "2.6: the schemaFormat and the Kafka key from the message's traits": Subjects(
        f"{SPEC_2}examples/streetlights-kafka.yml (messageTraits: commonHeaders)",
        "asyncapi/shop.yaml",
        {**v2({"shop.orders": {"subscribe": {"message": {
            "traits": [{"$ref": "#/components/messageTraits/avroKeyed"}],
            "payload": AVRO_ORDER}}}}),
         "components": {"messageTraits": {"avroKeyed": {
             "schemaFormat": "application/vnd.apache.avro;version=1.9.0",
             "bindings": {"kafka": {"key": {"type": "string"}}}}}}},
        "topic", {"shop.orders-value": (SchemaType.AVRO, AVRO_ORDER),
                  "shop.orders-key": (SchemaType.JSON, {"type": "string"})}),
    "2.6: several messages on one channel, each its own subject under topic-record": Subjects(
        f"{SPEC_2}examples/gitter-streaming.yml (a oneOf of messages)", "asyncapi/shop.yaml",
        v2({"shop.orders": {"subscribe": {"message": {"oneOf": [
            {"$ref": "#/components/messages/OrderPlaced"},
            {"$ref": "#/components/messages/OrderShipped"}]}}}},
           {"OrderPlaced": {"name": "OrderPlaced", "payload": ORDER},
            "OrderShipped": {"name": "OrderShipped",
                             "payload": {"title": "com.shop.Shipped", "type": "object"}}}),
        "topic-record", {
            "shop.orders-OrderPlaced": (SchemaType.JSON, ORDER),
            "shop.orders-com.shop.Shipped": (SchemaType.JSON,
                                             {"title": "com.shop.Shipped", "type": "object"})}),
    "1.x: topics after the baseTopic, the operation the message": Subjects(
        "asyncapi/spec@83d6ecc examples/1.2.0/streetlights.yml", "asyncapi/shop.yaml",
        {"asyncapi": "1.2.0", "info": {"title": "Shop", "version": "1.0.0"},
         "baseTopic": "shop", "topics": {"orders": {"publish": {
             "$ref": "#/components/messages/OrderPlaced"}}},
         "components": {"messages": {"OrderPlaced": {"payload": ORDER}}}},
        "topic", {"shop.orders-value": (SchemaType.JSON, ORDER)}),
    "a $ref within the payload stays a $ref, from the payload's root": Subjects(
        "a schema that refers to itself (a tree of categories)", "asyncapi/shop.yaml",
        v3({"categories": {"address": "shop.categories", "messages": {"changed": {
            "payload": {"$ref": "#/components/schemas/Category"}}}}},
           schemas={"Category": {"type": "object", "properties": {
               "children": {"type": "array",
                            "items": {"$ref": "#/components/schemas/Category"}}}}}),
        "topic", {"shop.categories-value": (SchemaType.JSON, {
            "type": "object", "properties": {"children": {
                "type": "array", "items": {"$ref": "#"}}}})}),
    "a recursive $ref outside the payload goes under definitions": Subjects(
        "two schemas that refer to each other (a category and its parent)",
        "asyncapi/shop.yaml",
        v3({"categories": {"address": "shop.categories", "messages": {"changed": {
            "payload": {"type": "object", "properties": {
                "category": {"$ref": "#/components/schemas/Category"}}}}}}},
           schemas={"Category": {"type": "object", "properties": {
               "parent": {"$ref": "#/components/schemas/Category"}}}}),
        "topic", {"shop.categories-value": (SchemaType.JSON, {
            "type": "object", "properties": {"category": {
                "type": "object", "properties": {"parent": {"$ref": "#/definitions/Category"}}}},
            "definitions": {"Category": {"type": "object", "properties": {
                "parent": {"$ref": "#/definitions/Category"}}}}})}),
}


@pytest.mark.parametrize("case", SUBJECTS.values(), ids=SUBJECTS.keys())
def test_each_message_of_a_document_is_a_subject(tmp_path: Path, case: Subjects) -> None:
    repo = project(tmp_path, case.strategy)
    write_document(repo, case.path, case.document)
    repo.commit("the document")

    assert subjects_of(repo) == case.expected


BREAKING_BEFORE = """\
asyncapi: 3.0.0
info:
  title: Shop
  version: 1.0.0
channels:
  orders:
    address: shop.orders
    messages:
      placed:
        $ref: '#/components/messages/OrderPlaced'
components:
  messages:
    OrderPlaced:
      payload:
        $ref: '#/components/schemas/Order'
  schemas:
    Order:
      type: object
      properties:
        id:
          type: string
        amount:
          type: number
      required: [id]
"""


class Change(NamedTuple):
    source: str
    after: str
    exit_code: int
    codes: list[tuple[str, int | None, str]]  # code, line in the document, subject
    output: str  # what the concise report says, beside the findings


CHANGES = {
    "a payload property made required: the break, at its line in the document": Change(
        f"{SPEC}examples/streetlights-kafka-asyncapi.yml, a required property added",
        BREAKING_BEFORE.replace("required: [id]", "required: [id, amount]"), 1,
        [("REQUIRED_ATTRIBUTE_ADDED", 24, "shop.orders-value")], "1 error"),
    "the document edited elsewhere: no new version of the payload": Change(
        f"{SPEC}examples/streetlights-kafka-asyncapi.yml, info edited",
        BREAKING_BEFORE.replace("title: Shop", "title: Shop API\n  description: Orders"), 0,
        [], "in 1 schema"),
    "a message added beside: a new subject, nothing broken": Change(
        f"{SPEC}examples/streetlights-kafka-asyncapi.yml, a channel added",
        BREAKING_BEFORE.replace("components:\n", "  refunds:\n    address: shop.refunds\n"
                                "    messages:\n      refunded:\n        payload:\n"
                                "          type: object\ncomponents:\n"), 0, [],
        "in 2 schemas"),
    "a channel removed: its subject stays in the registry": Change(
        "asyncapi/spec@41bcfb2 (remove base channel): channels renamed, 4 subjects removed",
        BREAKING_BEFORE.replace("  orders:\n    address: shop.orders\n", "  orders:\n"
                                "    address: shop.orders.v2\n"), 1,
        [("SUBJECT_REMOVED", 17, "shop.orders-value")], "1 error"),
}


@pytest.mark.parametrize("case", CHANGES.values(), ids=CHANGES.keys())
def test_a_documents_history_gives_each_subject_its_versions(tmp_path: Path,
                                                             case: Change) -> None:
    repo = project(tmp_path)
    repo.write("asyncapi/shop.yaml", BREAKING_BEFORE)
    repo.commit("the document")
    repo.write("asyncapi/shop.yaml", case.after)

    result = run_cli(repo.path, "check", "--format", "json", "--select", "DOC")
    report = json.loads(result.stdout)
    found = [(f["code"], f["line"], f["subject"]) for f in report["findings"]
             if f["code"] != "DOC001"]
    assert (result.returncode, found) == (case.exit_code, case.codes), result.stdout
    assert all(f["path"] == "asyncapi/shop.yaml" for f in report["findings"])
    concise = run_cli(repo.path, "check", "--select", "DOC")
    assert case.output in concise.stdout, concise.stdout

    repo.commit("the change")
    against = run_cli(repo.path, "check", "--against", "HEAD~1", "--format", "json",
                      "--select", "DOC")
    assert against.returncode == case.exit_code, against.stdout


def test_an_edit_outside_every_payload_over_many_commits_is_no_new_version(
        tmp_path: Path) -> None:
    repo = project(tmp_path)
    repo.write("asyncapi/shop.yaml", BREAKING_BEFORE)
    repo.commit("one")
    for index in range(3):
        repo.write("asyncapi/shop.yaml",
                   BREAKING_BEFORE.replace("version: 1.0.0", f"version: 1.0.{index + 1}"))
        repo.commit(f"info {index}")
    repo.write("asyncapi/shop.yaml", BREAKING_BEFORE.replace("type: number", "type: string"))

    result = run_cli(repo.path, "check", "--all", "--format", "json", "--select", "DOC")
    breaks = [f for f in json.loads(result.stdout)["findings"] if f["code"] != "DOC001"]
    # Compared with the one version the payload had, version 1, at the first commit.
    assert [(f["line"], f["against"]["version"]) for f in breaks] == [(22, 1)], result.stdout


def test_several_messages_on_one_channel_under_topic_are_one_subject_conflict(
        tmp_path: Path) -> None:
    repo = project(tmp_path)
    write_document(repo, "asyncapi/shop.yaml", v3({"orders": {
        "address": "shop.orders",
        "messages": {"placed": {"payload": ORDER},
                     "shipped": {"payload": {"type": "object"}}}}}))
    repo.commit("two messages")

    result = run_cli(repo.path, "check", "--all")

    assert result.returncode == 2, result.stdout
    conflict = [line for line in result.stdout.splitlines() if "SUBJECT_CONFLICT" in line]
    assert len(conflict) == 2
    assert conflict[0].startswith("asyncapi/shop.yaml:")
    for named in ("channels/orders/messages/placed/payload",
                  "channels/orders/messages/shipped/payload", "'shop.orders-value'",
                  'strategy = "topic-record"'):
        assert named in conflict[0], conflict[0]


MALFORMED = {
    "YAML that does not parse": ("asyncapi/shop.yaml",
                                 "asyncapi: 3.0.0\nchannels:\n  orders: [\n", 4),
    "JSON that does not parse": ("asyncapi/shop.json",
                                 '{\n  "asyncapi": "2.6.0",\n  "channels": {,}\n}\n', 3),
    "a $ref to nothing": ("asyncapi/shop.yaml",
                          "asyncapi: 3.0.0\nchannels:\n  orders:\n    messages:\n"
                          "      placed:\n        $ref: '#/components/messages/Nope'\n", 6),
    "a schemaFormat schemalint does not read": (
        "asyncapi/shop.yaml",
        "asyncapi: 2.6.0\nchannels:\n  orders:\n    publish:\n      message:\n"
        "        schemaFormat: application/raml+yaml;version=1.0\n"
        "        payload:\n          type: string\n", 7),
}


@pytest.mark.parametrize(("path", "text", "line"), MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_document_is_bad_input_with_its_file_and_line(
        tmp_path: Path, path: str, text: str, line: int) -> None:
    repo = project(tmp_path)
    repo.write(path, text)
    repo.commit("broken")

    result = run_cli(repo.path, "check", "--all")

    assert result.returncode == 2, result.stdout + result.stderr
    assert f"{path}:{line}:" in result.stdout + result.stderr, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_a_payload_that_cannot_be_read_is_its_subjects_error_and_the_others_are_checked(
        tmp_path: Path) -> None:
    # asyncapi/spec@d78dcea examples/adeo-kafka-request-reply-asyncapi.yml: an Avro payload
    # whose schema is a $ref to https://www.asyncapi.com/resources/casestudies/adeo/....avsc
    repo = project(tmp_path)
    repo.write("asyncapi/shop.yaml", BREAKING_BEFORE.replace(
        "components:\n", "  costs:\n    address: shop.costs\n    messages:\n      costed:\n"
        "        payload:\n          schemaFormat: application/vnd.apache.avro;version=1.9.0\n"
        "          schema:\n            $ref: https://example.com/CostingRequest.avsc\n"
        "components:\n"))
    repo.commit("the document")

    result = run_cli(repo.path, "check", "--all", "--format", "json", "--select", "DOC")

    assert result.returncode == 2, result.stdout + result.stderr
    report = json.loads(result.stdout)
    errors = [(f["code"], f["path"], f["line"], f["subject"]) for f in report["findings"]
              if f["severity"] == "error"]
    assert errors == [("INVALID_SCHEMA", "asyncapi/shop.yaml", 18, "shop.costs-value")]
    assert "reads no schema from the network" in report["findings"][0]["message"] or any(
        "reads no schema from the network" in f["message"] for f in report["findings"])
    assert report["summary"]["checked"] == 2


def test_a_document_is_never_taken_for_a_json_schema_nor_noted_unread(tmp_path: Path) -> None:
    repo = project(tmp_path)
    # A JSON document that declares a $schema (of AsyncAPI's own) beside its asyncapi key.
    write_document(repo, "asyncapi/shop.json", {
        "$schema": "https://asyncapi.com/definitions/3.0.0/asyncapi.json",
        **v3({"orders": {"address": "shop.orders", "messages": {"placed": {"payload": ORDER}}}
              })})
    repo.commit("the document")

    result = run_cli(repo.path, "check", "--all")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "not read" not in result.stdout + result.stderr
    assert "in 1 schema" in result.stdout


def test_diff_shows_a_payloads_change_at_its_document(tmp_path: Path) -> None:
    repo = project(tmp_path)
    repo.write("asyncapi/shop.yaml", BREAKING_BEFORE)
    repo.commit("the document")
    repo.write("asyncapi/shop.yaml", BREAKING_BEFORE.replace("required: [id]",
                                                             "required: [id, amount]"))

    result = run_cli(repo.path, "diff", "--format", "json")

    assert result.returncode == 0, result.stdout + result.stderr
    (subject,) = json.loads(result.stdout)["subjects"]
    assert (subject["subject"], subject["path"], subject["verdict"]) == (
        "shop.orders-value", "asyncapi/shop.yaml", "breaking")


HOOKS = {
    "schemalint (against HEAD)": ((), 1, "asyncapi/shop.yaml:24:"),
    "schemalint-lint (pre-commit passes the file, --against none)": (
        ("--against", "none"), 0, "in 1 schema"),
}


@pytest.mark.parametrize(("options", "exit_code", "said"), HOOKS.values(), ids=HOOKS.keys())
def test_a_hook_given_the_document_checks_its_messages(
        tmp_path: Path, options: tuple[str, ...], exit_code: int, said: str) -> None:
    repo = project(tmp_path)
    repo.write("asyncapi/shop.yaml", BREAKING_BEFORE)
    repo.commit("the document")
    repo.write("asyncapi/shop.yaml", BREAKING_BEFORE.replace("required: [id]",
                                                             "required: [id, amount]"))

    result = run_cli(repo.path, "check", *options, "--select", "DOC", "asyncapi/shop.yaml")

    assert result.returncode == exit_code, result.stdout + result.stderr
    assert said in result.stdout


INIT = {
    "one message a channel: the topic strategy": (
        v3({"orders": {"address": "shop.orders", "messages": {"placed": {"payload": ORDER}}}}),
        "topic", 1),
    "a channel of several messages: topic-record, which names each apart": (
        v2({"shop.orders": {"subscribe": {"message": {"oneOf": [
            {"name": "OrderPlaced", "payload": ORDER},
            {"name": "OrderShipped", "payload": {"type": "object"}}]}}}}),
        "topic-record", 2),
}


@pytest.mark.parametrize(("document", "strategy", "checked"), INIT.values(), ids=INIT.keys())
def test_init_reads_a_repository_of_documents(tmp_path: Path, document: dict[str, Any],
                                              strategy: str, checked: int) -> None:
    repo = GitRepo(tmp_path / "repo")
    write_document(repo, "contracts/shop.yaml", document)
    repo.commit("the document")

    assert run_cli(repo.path, "init").returncode == 0
    config = (repo.path / "schemalint.toml").read_text()
    assert 'roots = ["contracts"]' in config and f'strategy = "{strategy}"' in config
    assert "1 AsyncAPI documents" in config

    result = run_cli(repo.path, "check", "--all", "--select", "DOC")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"in {checked} schema" in result.stdout


SHARED_DOCUMENT = """\
asyncapi: 3.0.0
info:
  title: Comments
  version: 1.0.0
channels:
  commentLiked:
    address: comment.liked
    messages:
      commentLiked:
        $ref: '../common/messages.yaml#/commentLiked'
"""
SHARED_MESSAGES = """\
commentLiked:
  payload:
    $ref: './schemas.yaml#/commentLikedPayload'
"""
SHARED_SCHEMAS = """\
commentLikedPayload:
  type: object
  properties:
    commentId:
      type: string
"""


def test_messages_and_schemas_of_other_files_are_read_as_of_each_commit(
        tmp_path: Path) -> None:
    # asyncapi/spec@d78dcea examples/social-media/: each service's asyncapi.yaml names its
    # messages in ../common/messages.yaml, whose payloads are in ./schemas.yaml.
    repo = GitRepo(tmp_path / "repo")
    repo.write("schemalint.toml", 'roots = ["social-media"]\n')
    repo.write("social-media/backend/asyncapi.yaml", SHARED_DOCUMENT)
    repo.write("social-media/common/messages.yaml", SHARED_MESSAGES)
    repo.write("social-media/common/schemas.yaml", SHARED_SCHEMAS)
    repo.commit("the services")

    clean = run_cli(repo.path, "check", "--all", "--select", "DOC")
    assert clean.returncode == 0 and "in 1 schema" in clean.stdout, clean.stdout + clean.stderr
    assert "not read" not in clean.stdout + clean.stderr

    # Only the shared schemas change: the document's subject is read again, and breaks.
    repo.write("social-media/common/schemas.yaml",
               SHARED_SCHEMAS + "  required: [commentId]\n")
    result = run_cli(repo.path, "check", "--format", "json", "--select", "DOC")

    findings = json.loads(result.stdout)["findings"]
    assert result.returncode == 1, result.stdout
    # Anchored in the document being checked, at the message that leads to the other file.
    assert [(f["code"], f["path"], f["line"]) for f in findings if f["code"] != "DOC001"] == [
        ("REQUIRED_ATTRIBUTE_ADDED", "social-media/backend/asyncapi.yaml", 9)]


def test_a_document_whose_channels_carry_no_message_is_named_not_read(tmp_path: Path) -> None:
    # ekozynin/asyncapi-kafka-template@99b880e examples/example.yaml: a 2.1.0 channel names
    # its message under an extension, x-message, which no AsyncAPI reader reads.
    repo = project(tmp_path)
    write_document(repo, "asyncapi/topology.yaml", {
        **v2({"example-channel": {"x-message": {"$ref": "#/components/messages/Example"}}},
             {"Example": {"payload": ORDER}}), "asyncapi": "2.1.0"})
    write_document(repo, "asyncapi/shop.yaml", v3({"orders": {
        "address": "shop.orders", "messages": {"placed": {"payload": ORDER}}}}))
    repo.commit("two documents")

    result = run_cli(repo.path, "check", "--all", "--select", "DOC")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "in 1 schema" in result.stdout
    assert "not read" in result.stderr and "asyncapi/topology.yaml" in result.stderr


def test_an_avro_payload_in_a_file_of_its_own_is_read_through_its_ref(tmp_path: Path) -> None:
    # ekozynin/asyncapi-kafka-template@99b880e examples/example.yaml: an Avro message whose
    # payload is `$ref: '../schemas/ExampleMessage.avsc'`, the .avsc beside the documents.
    repo = project(tmp_path)
    repo.write("asyncapi/schemas/Order.avsc", "/* Licensed under the Apache License */\n"
               + json.dumps(AVRO_ORDER))
    write_document(repo, "asyncapi/shop.yaml", v2({"shop.orders": {"subscribe": {"message": {
        "schemaFormat": "application/vnd.apache.avro+json;version=1.9.0",
        "payload": {"$ref": "./schemas/Order.avsc"}}}}}))
    repo.commit("a document and its Avro schema")

    # The .avsc is a subject of its own too, by its full name, as any Avro file is.
    assert subjects_of(repo) == {"shop.orders-value": (SchemaType.AVRO, AVRO_ORDER),
                                 "com.shop.Order": (SchemaType.AVRO, AVRO_ORDER)}
