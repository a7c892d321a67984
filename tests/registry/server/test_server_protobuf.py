"""Protobuf over real HTTP: .proto texts, imports as references, Confluent's verdicts."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest
from google.protobuf import descriptor_pb2
from registry_harness import fixture_text

MONEY = fixture_text("protobuf/money.proto")
ORDER_V1 = fixture_text("protobuf/order_v1.proto")
ORDER_V1_REFORMATTED = fixture_text("protobuf/order_v1_reformatted.proto")
ORDER_V2 = fixture_text("protobuf/order_v2_note.proto")
ORDER_ID_INT = fixture_text("protobuf/order_id_as_int.proto")
ORDER_ID_MESSAGE = fixture_text("protobuf/order_id_as_message.proto")
STANDALONE = fixture_text("protobuf/standalone.proto")
SYNTAX_ERROR = fixture_text("protobuf/syntax_error.proto")
MONEY_IMPORT = "common/money.proto"


def post(http: httpx.Client, path: str, schema: str, references: list[dict[str, Any]] | None = None,
         **extra: Any) -> httpx.Response:
    body = {"schema": schema, "schemaType": "PROTOBUF", **extra}
    if references is not None:
        body["references"] = references
    return http.post(path, json=body)


def error_code(response: httpx.Response) -> int:
    return int(response.json()["error_code"])


def with_money(http: httpx.Client, subject: str) -> list[dict[str, Any]]:
    """Money registered under its own subject; the references that import it."""
    money_subject = f"{subject}-money"
    answer = post(http, f"/subjects/{money_subject}/versions", MONEY)
    assert answer.status_code == 200, answer.text
    return [{"name": MONEY_IMPORT, "subject": money_subject, "version": 1}]


def test_a_schema_without_imports_registers_and_comes_back_as_submitted(
        http: httpx.Client, subject: str) -> None:
    registered = post(http, f"/subjects/{subject}/versions", STANDALONE)
    assert registered.status_code == 200, registered.text
    schema_id = registered.json()["id"]

    by_id = http.get(f"/schemas/ids/{schema_id}").json()
    assert by_id == {"schemaType": "PROTOBUF", "schema": STANDALONE}
    version = http.get(f"/subjects/{subject}/versions/1").json()
    assert (version["schemaType"], version["schema"], version["id"]) == (
        "PROTOBUF", STANDALONE, schema_id)
    assert "references" not in version


def test_imports_resolve_through_references(http: httpx.Client, subject: str) -> None:
    references = with_money(http, subject)

    registered = post(http, f"/subjects/{subject}/versions", ORDER_V1, references)

    assert registered.status_code == 200, registered.text
    version = http.get(f"/subjects/{subject}/versions/latest").json()
    assert version["references"] == references
    assert version["schema"] == ORDER_V1
    money_subject = references[0]["subject"]
    assert http.get(f"/subjects/{money_subject}/versions/1/referencedby").json() == [
        registered.json()["id"]]


def test_an_import_without_a_reference_is_42201(http: httpx.Client, subject: str) -> None:
    response = post(http, f"/subjects/{subject}/versions", ORDER_V1)

    assert (response.status_code, error_code(response)) == (422, 42201)
    message = response.json()["message"]
    assert message.startswith("Invalid schema of type PROTOBUF, details: ")
    assert 'Import "common/money.proto" was not found' in message


def test_the_same_schema_written_differently_is_the_same_version(http: httpx.Client,
                                                                 subject: str) -> None:
    references = with_money(http, subject)
    first = post(http, f"/subjects/{subject}/versions", ORDER_V1, references).json()

    found = post(http, f"/subjects/{subject}", ORDER_V1_REFORMATTED, references)
    again = post(http, f"/subjects/{subject}/versions", ORDER_V1_REFORMATTED, references)

    assert found.status_code == 200, found.text
    assert (found.json()["id"], found.json()["version"]) == (first["id"], 1)
    assert found.json()["schema"] == ORDER_V1
    assert again.json()["id"] == first["id"]
    assert http.get(f"/subjects/{subject}/versions").json() == [1]


def test_lookup_with_other_references_is_another_schema(http: httpx.Client,
                                                         subject: str) -> None:
    references = with_money(http, subject)
    post(http, f"/subjects/{subject}/versions", ORDER_V1, references).raise_for_status()
    post(http, f"/subjects/{subject}-money/versions",
         MONEY.replace("int64 units = 2;", "int64 units = 2;\n  int32 nanos = 3;"))
    newer_money = [{**references[0], "version": 2}]

    missing = post(http, f"/subjects/{subject}", ORDER_V1, newer_money)

    assert (missing.status_code, error_code(missing)) == (404, 40403)


@pytest.mark.parametrize(("new", "compatible", "messages"), [
    (ORDER_V2, True, []),
    (ORDER_ID_INT, False, ['{errorType:"FIELD_SCALAR_KIND_CHANGED", description:"The kind '
                           "of a SCALAR field at path '#/Order/1' in the new schema does not "
                           'match its kind in the old schema"}']),
    (ORDER_ID_MESSAGE, False, ['{errorType:"FIELD_KIND_CHANGED", description:"The type of a '
                               "field at path '#/Order/1' in the new schema does not match the "
                               'old schema"}']),
], ids=["field added", "string to int64", "scalar to message"])
def test_compatibility_follows_confluents_protobuf_rules(
        http: httpx.Client, subject: str, new: str, compatible: bool,
        messages: list[str]) -> None:
    references = with_money(http, subject)
    post(http, f"/subjects/{subject}/versions", ORDER_V1, references).raise_for_status()

    verdict = post(http, f"/compatibility/subjects/{subject}/versions/latest?verbose=true", new,
                   references).json()
    registered = post(http, f"/subjects/{subject}/versions", new, references)

    assert verdict["is_compatible"] is compatible
    if compatible:
        assert registered.status_code == 200
        assert http.get(f"/subjects/{subject}/versions").json() == [1, 2]
    else:
        assert verdict["messages"][:len(messages)] == messages
        assert "{oldSchemaVersion: 1}" in verdict["messages"]
        assert (registered.status_code, error_code(registered)) == (409, 409)
        assert http.get(f"/subjects/{subject}/versions").json() == [1]


def test_serialized_format_is_the_compiled_descriptor(http: httpx.Client, subject: str) -> None:
    references = with_money(http, subject)
    schema_id = post(http, f"/subjects/{subject}/versions", ORDER_V1, references).json()["id"]

    for path in (f"/schemas/ids/{schema_id}", f"/subjects/{subject}/versions/1"):
        answer = http.get(path, params={"format": "serialized"}).json()
        descriptor = descriptor_pb2.FileDescriptorProto.FromString(
            base64.standard_b64decode(answer["schema"]))
        assert descriptor.package == "acme.orders"
        assert [m.name for m in descriptor.message_type] == ["Order"]
        assert list(descriptor.dependency) == [MONEY_IMPORT, "google/protobuf/timestamp.proto"]
        assert answer["references"] == references
    assert http.get(f"/schemas/ids/{schema_id}").json()["schema"] == ORDER_V1


def test_a_serialized_descriptor_is_stored_as_proto_text_and_is_the_same_schema(
        http: httpx.Client, subject: str) -> None:
    """What client serializers auto-register: base64 of the compiled FileDescriptorProto."""
    references = with_money(http, subject)
    first = post(http, f"/subjects/{subject}/versions", ORDER_V1, references).json()
    serialized = http.get(f"/schemas/ids/{first['id']}", params={"format": "serialized"}).json()

    again = post(http, f"/subjects/{subject}/versions", serialized["schema"], references)
    other = post(http, f"/subjects/{subject}-copy/versions", serialized["schema"], references)

    assert again.json()["id"] == first["id"]
    assert http.get(f"/subjects/{subject}/versions").json() == [1]
    printed = http.get(f"/schemas/ids/{other.json()['id']}").json()["schema"]
    assert printed.startswith('syntax = "proto3";')
    assert "message Order {" in printed and "acme.common.Money total = 2;" in printed


@pytest.mark.parametrize(("schema", "references", "fragment"), [
    (SYNTAX_ERROR, None, 'Expected ";" (line 5, column 1)'),
    ("AAAA", None, "neither .proto text nor a base64-encoded FileDescriptorProto"),
    (ORDER_V1, [{"name": "../../money.proto", "subject": "{money}", "version": 1}],
     "reference name '../../money.proto' is not a relative import path"),
    (ORDER_V1, [{"name": "/tmp/money.proto", "subject": "{money}", "version": 1}],
     "reference name '/tmp/money.proto' is not a relative import path"),
], ids=["syntax error", "base64 of no descriptor", "parent folder", "absolute path"])
def test_unusable_protobuf_requests_are_42201(http: httpx.Client, subject: str, schema: str,
                                              references: list[dict[str, Any]] | None,
                                              fragment: str) -> None:
    money_subject = with_money(http, subject)[0]["subject"]
    if references is not None:
        references = [{**ref, "subject": money_subject} for ref in references]

    response = post(http, f"/subjects/{subject}/versions", schema, references)

    assert (response.status_code, error_code(response)) == (422, 42201)
    assert fragment in response.json()["message"]
    assert http.get(f"/subjects/{subject}/versions").status_code == 404
