"""The REST surface over real HTTP: statuses, Confluent error codes, response shapes."""

from __future__ import annotations

import base64
import json
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import pytest
from registry_harness import V1_JSON, Server, fixture_text, start_server

ORDER_V1 = fixture_text("json/order_v1.json")
ORDER_V2 = fixture_text("json/order_v2_optional_note.json")
ORDER_ID_INTEGER = fixture_text("json/order_id_as_integer.json")
ORDER_OPEN_V1 = fixture_text("json/order_open_v1.json")
ORDER_OPEN_V2 = fixture_text("json/order_open_v2_note.json")
USER_V1 = fixture_text("avro/user_v1.avsc")
USER_V1_REFORMATTED = fixture_text("avro/user_v1_reformatted.avsc")
USER_V2 = fixture_text("avro/user_v2_optional_email.avsc")
USER_V3_REQUIRED_AGE = fixture_text("avro/user_v3_required_age.avsc")
USER_ID_STRING = fixture_text("avro/user_id_as_string.avsc")
ADDRESS = fixture_text("avro/address.avsc")
CUSTOMER = fixture_text("avro/customer_with_address.avsc")


def variant(text: str, tag: str, *, reorder: bool = False) -> str:
    """The schema with a doc naming the test, so that tests sharing a server never share ids;
    ``reorder`` writes the same schema with its attributes in another order."""
    document = json.loads(text)
    document["doc"] = tag
    if reorder:
        document = dict(reversed(list(document.items())))
    return json.dumps(document, indent=3 if reorder else None)


def register(http: httpx.Client, subject: str, schema: str, **extra: Any) -> httpx.Response:
    query = extra.pop("query", "")
    return http.post(f"/subjects/{subject}/versions{query}", json={"schema": schema, **extra})


def error_code(response: httpx.Response) -> int:
    body = response.json()
    assert set(body) == {"error_code", "message"}
    return int(body["error_code"])


def test_liveness_answers_empty_object(http: httpx.Client) -> None:
    assert http.get("/").json() == {}
    assert http.post("/", content=b"").json() == {}


def test_new_schema_gets_a_new_id_and_the_same_schema_again_creates_nothing(
        http: httpx.Client, subject: str) -> None:
    first = register(http, subject, variant(USER_V1, subject))
    assert first.status_code == 200
    assert first.headers["content-type"] == V1_JSON
    again = register(http, subject, variant(USER_V1, subject, reorder=True))
    assert again.json()["id"] == first.json()["id"]
    assert http.get(f"/subjects/{subject}/versions").json() == [1]
    second = register(http, subject, USER_V2)
    assert second.json()["id"] > first.json()["id"]
    assert second.json()["version"] == 2


def test_same_schema_in_another_subject_reuses_the_id_with_its_own_version(
        http: httpx.Client, subject: str) -> None:
    first = register(http, subject, variant(USER_V1, subject)).json()
    other = register(http, subject + "-other", variant(USER_V1, subject, reorder=True)).json()
    assert other["id"] == first["id"]
    assert other["version"] == 1
    subjects_of_id = http.get(f"/schemas/ids/{first['id']}/subjects").json()
    assert subjects_of_id == sorted([subject, subject + "-other"])
    assert http.get(f"/schemas/ids/{first['id']}/versions").json() == [
        {"subject": name, "version": 1} for name in sorted([subject, subject + "-other"])]


def test_stored_schema_is_the_canonical_string(http: httpx.Client, subject: str) -> None:
    schema_id = register(http, subject, USER_V1_REFORMATTED).json()["id"]
    stored = http.get(f"/schemas/ids/{schema_id}").json()
    assert stored == {"schemaType": "AVRO", "schema": (
        '{"type":"record","name":"User","namespace":"com.acme","fields":'
        '[{"name":"id","type":"long"},{"name":"name","type":"string"}]}')}
    raw = http.get(f"/schemas/ids/{schema_id}/schema")
    assert raw.text == stored["schema"]


def test_version_entity_fields_and_version_aliases(http: httpx.Client, subject: str) -> None:
    register(http, subject, USER_V1)
    schema_id = register(http, subject, USER_V2).json()["id"]
    latest = http.get(f"/subjects/{subject}/versions/latest").json()
    assert set(latest) == {"subject", "version", "id", "schemaType", "schema"}
    assert (latest["subject"], latest["version"], latest["id"]) == (subject, 2, schema_id)
    assert http.get(f"/subjects/{subject}/versions/-1").json() == latest
    assert http.get(f"/subjects/{subject}/versions/2").json() == latest
    assert json.loads(http.get(f"/subjects/{subject}/versions/1/schema").text)["name"] == "User"


@pytest.mark.parametrize(("path", "status", "code"), [
    ("/subjects/{s}/versions/0", 422, 42202),
    ("/subjects/{s}/versions/-2", 422, 42202),
    ("/subjects/{s}/versions/abc", 422, 42202),
    ("/subjects/{s}/versions/2147483648", 422, 42202),
    ("/subjects/{s}/versions/9", 404, 40402),
    ("/subjects/{s}-missing/versions/1", 404, 40401),
    ("/subjects/{s}-missing/versions", 404, 40401),
    ("/schemas/ids/987654", 404, 40403),
    ("/schemas/ids/987654/subjects", 404, 40403),
    ("/schemas/ids/987654/versions", 404, 40403),
    ("/schemas/ids/abc", 404, 404),
    ("/config/{s}", 404, 40408),
    ("/mode/{s}", 404, 40409),
    ("/no/such/route", 404, 404),
])
def test_lookups_that_fail_say_why(http: httpx.Client, subject: str, path: str, status: int,
                                   code: int) -> None:
    register(http, subject, USER_V1)
    response = http.get(path.format(s=subject))
    assert response.status_code == status
    assert error_code(response) == code


def test_wrong_method_is_a_json_405(http: httpx.Client) -> None:
    response = http.patch("/subjects")
    assert response.status_code == 405
    assert error_code(response) == 405


def test_incompatible_registration_is_a_409_with_confluents_message(
        http: httpx.Client, subject: str) -> None:
    register(http, subject, USER_V1)
    response = register(http, subject, USER_V3_REQUIRED_AGE)
    assert response.status_code == 409
    assert error_code(response) == 409
    message = response.json()["message"]
    assert message.startswith("Schema being registered is incompatible with an earlier schema "
                              f'for subject "{subject}", details: [')
    assert "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE'" in message
    assert "{oldSchemaVersion: 1}" in message
    assert message.endswith("{validateFields: 'false', compatibility: 'BACKWARD'}]")
    assert http.get(f"/subjects/{subject}/versions").json() == [1]


def test_lookup_finds_the_version_or_says_what_is_missing(http: httpx.Client,
                                                          subject: str) -> None:
    schema_id = register(http, subject, USER_V1).json()["id"]
    found = http.post(f"/subjects/{subject}?normalize=False", json={"schema": USER_V1_REFORMATTED})
    assert found.json() == {"subject": subject, "version": 1, "id": schema_id,
                            "schemaType": "AVRO",
                            "schema": http.get(f"/schemas/ids/{schema_id}").json()["schema"]}
    missing_schema = http.post(f"/subjects/{subject}", json={"schema": USER_V2})
    assert (missing_schema.status_code, error_code(missing_schema)) == (404, 40403)
    missing_subject = http.post(f"/subjects/{subject}-none", json={"schema": USER_V1})
    assert (missing_subject.status_code, error_code(missing_subject)) == (404, 40401)


def test_schema_types_and_contexts(http: httpx.Client) -> None:
    assert sorted(http.get("/schemas/types").json()) == ["AVRO", "JSON", "PROTOBUF"]
    assert http.get("/contexts").json() == ["."]


def test_an_unknown_schema_type_is_42201(http: httpx.Client, subject: str) -> None:
    response = register(http, subject, 'syntax = "proto3";', schemaType="THRIFT")
    assert (response.status_code, error_code(response)) == (422, 42201)
    assert "Invalid schema type THRIFT" in response.json()["message"]


def test_invalid_schema_is_42201(http: httpx.Client, subject: str) -> None:
    response = register(http, subject, fixture_text("avro/not_a_schema.avsc"))
    assert (response.status_code, error_code(response)) == (422, 42201)


def test_config_get_and_put_use_different_keys(own_server: Server, subject: str) -> None:
    with own_server.client() as http:
        assert http.get("/config").json() == {"compatibilityLevel": "BACKWARD"}
        assert http.put("/config", json={"compatibility": "full"}).json() == {
            "compatibility": "FULL"}
        assert http.get("/config").json() == {"compatibilityLevel": "FULL"}
        # A subject that does not exist yet may still be configured.
        assert http.put(f"/config/{subject}", json={"compatibility": "NONE"}).json() == {
            "compatibility": "NONE"}
        assert http.get(f"/config/{subject}").json() == {"compatibilityLevel": "NONE"}
        unset = http.get(f"/config/{subject}-unset")
        assert (unset.status_code, error_code(unset)) == (404, 40408)
        assert http.get(f"/config/{subject}-unset?defaultToGlobal=true").json() == {
            "compatibilityLevel": "FULL"}
        assert http.delete(f"/config/{subject}").json() == {"compatibilityLevel": "NONE"}
        gone = http.delete(f"/config/{subject}")
        assert (gone.status_code, error_code(gone)) == (404, 40401)
        assert http.delete("/config").json() == {"compatibilityLevel": "FULL"}
        assert http.get("/config").json() == {"compatibilityLevel": "BACKWARD"}


def test_config_policy_and_normalize_are_kept(http: httpx.Client, subject: str) -> None:
    answer = http.put(f"/config/{subject}", json={"compatibility": "BACKWARD",
                                                  "compatibilityPolicy": "lenient",
                                                  "normalize": True})
    assert answer.json() == {"compatibility": "BACKWARD", "compatibilityPolicy": "LENIENT",
                             "normalize": True}
    assert http.get(f"/config/{subject}").json() == {"compatibilityLevel": "BACKWARD",
                                                     "compatibilityPolicy": "LENIENT",
                                                     "normalize": True}
    # A field sent as null is cleared; fields not sent are kept.
    assert http.put(f"/config/{subject}", json={"normalize": None}).json() == {
        "compatibility": "BACKWARD", "compatibilityPolicy": "LENIENT"}


def test_config_default_and_override_metadata_apply_on_register(http: httpx.Client,
                                                                subject: str) -> None:
    http.put(f"/config/{subject}", json={
        "defaultMetadata": {"properties": {"owner": "team-a", "tier": "1"}},
        "overrideMetadata": {"properties": {"tier": "2"}}})
    register(http, subject, variant(USER_V1, subject),
             metadata={"properties": {"owner": "team-b"}})
    entity = http.get(f"/subjects/{subject}/versions/1").json()
    assert entity["metadata"] == {"properties": {"owner": "team-b", "tier": "2"}}


def test_unknown_level_is_42203(http: httpx.Client, subject: str) -> None:
    response = http.put(f"/config/{subject}", json={"compatibility": "SIDEWAYS"})
    assert (response.status_code, error_code(response)) == (422, 42203)


def test_subject_level_decides_the_check(http: httpx.Client, subject: str) -> None:
    register(http, subject, USER_V1)
    http.put(f"/config/{subject}", json={"compatibility": "NONE"})
    assert register(http, subject, USER_ID_STRING).status_code == 200


def test_mode_readonly_refuses_writes(own_server: Server, subject: str) -> None:
    with own_server.client() as http:
        assert http.get("/mode").json() == {"mode": "READWRITE"}
        assert http.put(f"/mode/{subject}", json={"mode": "READONLY"}).json() == {
            "mode": "READONLY"}
        assert http.get(f"/mode/{subject}").json() == {"mode": "READONLY"}
        refused = register(http, subject, USER_V1)
        assert (refused.status_code, error_code(refused)) == (422, 42205)
        invalid = http.put("/mode", json={"mode": "SLEEPY"})
        assert (invalid.status_code, error_code(invalid)) == (422, 42204)
        assert http.delete(f"/mode/{subject}").json() == {"mode": "READONLY"}
        assert register(http, subject, USER_V1).status_code == 200
        refused_import = http.put("/mode", json={"mode": "IMPORT"})
        assert (refused_import.status_code, error_code(refused_import)) == (422, 42205)


def test_compatibility_endpoints(http: httpx.Client, subject: str) -> None:
    missing = http.post(f"/compatibility/subjects/{subject}/versions/latest",
                        json={"schema": USER_V1})
    assert missing.json() == {"is_compatible": True}
    register(http, subject, USER_V1)
    good = http.post(f"/compatibility/subjects/{subject}/versions?verbose=TRUE",
                     json={"schema": USER_V2})
    assert good.json() == {"is_compatible": True, "messages": []}
    bad = http.post(f"/compatibility/subjects/{subject}/versions/1?verbose=true",
                    json={"schema": USER_ID_STRING}).json()
    assert bad["is_compatible"] is False
    assert bad["messages"][0].startswith("{errorType:'TYPE_MISMATCH'")
    assert http.post(f"/compatibility/subjects/{subject}/versions/latest",
                     json={"schema": USER_ID_STRING}).json() == {"is_compatible": False}
    no_version = http.post(f"/compatibility/subjects/{subject}/versions/7",
                           json={"schema": USER_V2})
    assert (no_version.status_code, error_code(no_version)) == (404, 40402)
    invalid = fixture_text("avro/not_a_schema.avsc")
    verbose_invalid = http.post(f"/compatibility/subjects/{subject}/versions?verbose=true",
                                json={"schema": invalid}).json()
    assert verbose_invalid["is_compatible"] is False
    assert len(verbose_invalid["messages"]) == 1
    plain_invalid = http.post(f"/compatibility/subjects/{subject}/versions",
                              json={"schema": invalid})
    assert (plain_invalid.status_code, error_code(plain_invalid)) == (422, 42201)


def test_soft_then_hard_delete_rules(http: httpx.Client, subject: str) -> None:
    register(http, subject, USER_V1)
    register(http, subject, USER_V2)
    not_soft = http.delete(f"/subjects/{subject}/versions/1?permanent=true")
    assert (not_soft.status_code, error_code(not_soft)) == (404, 40407)
    assert http.delete(f"/subjects/{subject}/versions/1").json() == 1
    again = http.delete(f"/subjects/{subject}/versions/1")
    assert (again.status_code, error_code(again)) == (404, 40406)
    assert http.get(f"/subjects/{subject}/versions").json() == [2]
    assert http.get(f"/subjects/{subject}/versions?deleted=True").json() == [1, 2]
    assert http.get(f"/subjects/{subject}/versions?deletedOnly=true").json() == [1]
    soft_version = http.get(f"/subjects/{subject}/versions/1")
    assert (soft_version.status_code, error_code(soft_version)) == (404, 40402)
    assert http.get(f"/subjects/{subject}/versions/1?deleted=true").json()["version"] == 1
    subject_not_soft = http.delete(f"/subjects/{subject}?permanent=true")
    assert (subject_not_soft.status_code, error_code(subject_not_soft)) == (404, 40405)
    assert http.delete(f"/subjects/{subject}").json() == [2]
    soft_subject = http.delete(f"/subjects/{subject}")
    assert (soft_subject.status_code, error_code(soft_subject)) == (404, 40404)
    assert subject not in http.get("/subjects").json()
    assert subject in http.get("/subjects?deleted=true").json()
    assert http.delete(f"/subjects/{subject}?permanent=true").json() == [1, 2]
    gone = http.delete(f"/subjects/{subject}")
    assert (gone.status_code, error_code(gone)) == (404, 40401)


def test_soft_deleted_schema_registered_again_keeps_its_id(http: httpx.Client,
                                                           subject: str) -> None:
    schema = variant(USER_V1, subject)
    schema_id = register(http, subject, schema).json()["id"]
    http.delete(f"/subjects/{subject}/versions/1")
    again = register(http, subject, schema).json()
    assert (again["id"], again["version"]) == (schema_id, 2)
    # A soft-deleted version's id still resolves.
    assert http.get(f"/schemas/ids/{schema_id}").status_code == 200


def test_ids_are_never_reused_after_a_hard_delete(http: httpx.Client, subject: str) -> None:
    first = register(http, subject, variant(USER_V1, subject)).json()["id"]
    http.delete(f"/subjects/{subject}")
    http.delete(f"/subjects/{subject}?permanent=true")
    gone = http.get(f"/schemas/ids/{first}")
    assert (gone.status_code, error_code(gone)) == (404, 40403)
    fresh = register(http, subject, variant(USER_V2, subject)).json()
    assert fresh["id"] > first
    assert fresh["version"] == 1


def test_references_resolve_and_protect_what_they_reference(http: httpx.Client,
                                                            subject: str) -> None:
    address_subject = f"{subject}-address"
    address_id = register(http, address_subject, ADDRESS).json()["id"]
    reference = {"name": "com.acme.Address", "subject": address_subject, "version": 1}
    customer = register(http, subject, CUSTOMER, references=[reference])
    assert customer.status_code == 200, customer.text
    customer_id = customer.json()["id"]
    entity = http.get(f"/subjects/{subject}/versions/1").json()
    assert entity["references"] == [reference]
    assert http.get(f"/schemas/ids/{customer_id}").json()["references"] == [reference]
    assert http.get(f"/subjects/{address_subject}/versions/1/referencedby").json() == [
        customer_id]
    refused = http.delete(f"/subjects/{address_subject}/versions/1")
    assert (refused.status_code, error_code(refused)) == (422, 42206)
    refused_subject = http.delete(f"/subjects/{address_subject}")
    assert (refused_subject.status_code, error_code(refused_subject)) == (422, 42206)
    assert http.get(f"/schemas/ids/{address_id}").status_code == 200
    unresolved = register(http, subject + "-2", CUSTOMER)
    assert (unresolved.status_code, error_code(unresolved)) == (422, 42201)


def test_metadata_and_rule_set_are_stored_and_returned(http: httpx.Client,
                                                       subject: str) -> None:
    metadata = {"properties": {"owner": "payments", "confluent:reserved": ""},
                "tags": {"id": ["PII"]}}
    rule_set = {"domainRules": [{"name": "checkId", "kind": "CONDITION", "mode": "WRITE",
                                 "type": "CEL", "expr": "message.id > 0"}]}
    plain_id = register(http, subject + "-plain", USER_V1).json()["id"]
    answer = register(http, subject, USER_V1, metadata=metadata, ruleSet=rule_set).json()
    assert answer["id"] != plain_id
    entity = http.get(f"/subjects/{subject}/versions/latest").json()
    assert entity["metadata"] == metadata
    assert entity["ruleSet"] == rule_set
    by_id = http.get(f"/schemas/ids/{answer['id']}").json()
    assert (by_id["metadata"], by_id["ruleSet"]) == (metadata, rule_set)
    with_metadata = http.get(f"/subjects/{subject}/metadata?key=owner&value=payments")
    assert with_metadata.json()["version"] == 1


def test_subject_listing_filters(http: httpx.Client, subject: str) -> None:
    register(http, subject + "-a", USER_V1)
    register(http, subject + "-b", USER_V1)
    listed = http.get(f"/subjects?subjectPrefix={subject}").json()
    assert listed == [subject + "-a", subject + "-b"]
    assert http.get(f"/subjects?subjectPrefix={subject}&limit=1&offset=1").json() == [
        subject + "-b"]


def test_subject_names_may_contain_an_encoded_slash(http: httpx.Client, subject: str) -> None:
    name = f"{subject}/with/slashes"
    encoded = name.replace("/", "%2F")
    assert register(http, encoded, USER_V1).status_code == 200
    assert http.get(f"/subjects/{encoded}/versions").json() == [1]
    assert name in http.get("/subjects").json()


@pytest.mark.parametrize(("accept", "expected"), [
    (None, V1_JSON),
    ("application/json", "application/json"),
    ("application/vnd.schemaregistry+json", "application/vnd.schemaregistry+json"),
    ("application/vnd.schemaregistry.v1+json, application/json;q=0.9", V1_JSON),
    ("*/*", V1_JSON),
])
def test_response_media_type_follows_accept(server: Server, accept: str | None,
                                            expected: str) -> None:
    headers = {"Accept": accept} if accept else {}
    with server.client() as http:
        response = http.get("/subjects", headers=headers)
    assert response.headers["content-type"] == expected


def test_unacceptable_accept_is_406(http: httpx.Client) -> None:
    response = http.get("/subjects", headers={"Accept": "text/html"})
    assert (response.status_code, error_code(response)) == (406, 406)


def test_basic_auth_when_configured(tmp_path: Path) -> None:
    env = {"SCHEMALINT_REGISTRY_USER": "ci", "SCHEMALINT_REGISTRY_PASSWORD": "s3cret"}
    running = start_server(tmp_path / "auth.db", env=env)
    try:
        with running.client() as http:
            for path in ("/", "/subjects", "/config", "/no/such/route"):
                refused = http.get(path)
                assert (refused.status_code, error_code(refused)) == (401, 401)
            wrong = base64.b64encode(b"ci:wrong").decode()
            assert http.get("/subjects", headers={"Authorization": f"Basic {wrong}"}
                            ).status_code == 401
            assert http.get("/subjects", auth=("ci", "s3cret")).json() == []
    finally:
        running.stop()


def test_a_write_that_cannot_get_the_lock_is_50001(tmp_path: Path) -> None:
    running = start_server(tmp_path / "busy.db",
                           env={"SCHEMALINT_REGISTRY_BUSY_TIMEOUT_MS": "200"})
    holder = sqlite3.connect(running.db, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        with running.client() as http:
            response = register(http, "busy-value", USER_V1)
            assert (response.status_code, error_code(response)) == (500, 50001)
            holder.execute("ROLLBACK")
            assert register(http, "busy-value", USER_V1).status_code == 200
    finally:
        holder.close()
        running.stop()


def test_json_schema_registration_identity_and_messages(http: httpx.Client, subject: str) -> None:
    first = register(http, subject, ORDER_V1, schemaType="JSON").json()
    assert first["schemaType"] == "JSON"
    entity = http.get(f"/subjects/{subject}/versions/1").json()
    assert entity["schemaType"] == "JSON"
    assert entity["schema"] == json.dumps(json.loads(ORDER_V1), separators=(",", ":"))
    spaced = json.dumps(json.loads(ORDER_V1), indent=8)
    assert register(http, subject, spaced, schemaType="JSON").json()["id"] == first["id"]
    assert register(http, subject, ORDER_V2, schemaType="JSON").status_code == 200
    refused = register(http, subject, ORDER_ID_INTEGER, schemaType="JSON")
    assert (refused.status_code, error_code(refused)) == (409, 409)
    assert '{errorType:"TYPE_CHANGED", description:"' in refused.json()["message"]


def test_json_schema_key_order_matters_unless_normalized(http: httpx.Client,
                                                         subject: str) -> None:
    document = json.loads(ORDER_V1)
    reordered = json.dumps(dict(reversed(list(document.items()))))
    first = register(http, subject, ORDER_V1, schemaType="JSON").json()["id"]
    http.put(f"/config/{subject}", json={"compatibility": "NONE"})
    assert register(http, subject, reordered, schemaType="JSON").json()["id"] != first
    normalized = f"{subject}-normalized"
    one = register(http, normalized, ORDER_V1, schemaType="JSON", query="?normalize=true")
    two = register(http, normalized, reordered, schemaType="JSON", query="?normalize=True")
    assert one.json()["id"] == two.json()["id"]


def test_lenient_policy_relaxes_json_open_content_models(http: httpx.Client,
                                                         subject: str) -> None:
    register(http, subject, ORDER_OPEN_V1, schemaType="JSON")
    strict = register(http, subject, ORDER_OPEN_V2, schemaType="JSON")
    assert (strict.status_code, error_code(strict)) == (409, 409)
    assert "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL" in strict.json()["message"]
    http.put(f"/config/{subject}", json={"compatibilityPolicy": "LENIENT"})
    assert register(http, subject, ORDER_OPEN_V2, schemaType="JSON").status_code == 200


def test_json_references_resolve(http: httpx.Client, subject: str) -> None:
    address = json.dumps({"type": "object", "properties": {"street": {"type": "string"}}})
    register(http, f"{subject}-address", address, schemaType="JSON")
    customer = json.dumps({"type": "object",
                           "properties": {"home": {"$ref": "address.json"}}})
    reference = {"name": "address.json", "subject": f"{subject}-address", "version": 1}
    answer = register(http, subject, customer, schemaType="JSON", references=[reference])
    assert answer.status_code == 200, answer.text
    unresolved = register(http, f"{subject}-2", customer, schemaType="JSON")
    assert (unresolved.status_code, error_code(unresolved)) == (422, 42201)


@pytest.mark.parametrize("name", ["../common/address.json", "../../shared/common/address.json",
                                  "common/address.json"])
def test_json_references_resolve_by_a_name_relative_to_the_referring_file(
        http: httpx.Client, subject: str, name: str) -> None:
    # A repository's files name each other by relative path, and the serializers register
    # that path as the reference's name (schemas/orders/value.schema.json referencing
    # ../common/address.json); Confluent's registry resolves the $ref by that name.
    address = json.dumps({"type": "object", "properties": {"street": {"type": "string"}}})
    register(http, f"{subject}-address", address, schemaType="JSON")
    customer = json.dumps({"type": "object", "properties": {"home": {"$ref": name}}})
    reference = {"name": name, "subject": f"{subject}-address", "version": 1}
    answer = register(http, subject, customer, schemaType="JSON", references=[reference])
    assert answer.status_code == 200, answer.text


def test_full_level_reports_the_forward_leg_first(http: httpx.Client, subject: str) -> None:
    register(http, subject, USER_V2)
    http.put(f"/config/{subject}", json={"compatibility": "FULL"})
    # Dropping the optional email breaks nothing; adding a required age breaks backward.
    response = http.post(f"/compatibility/subjects/{subject}/versions?verbose=true",
                         json={"schema": USER_V3_REQUIRED_AGE}).json()
    assert response["is_compatible"] is False
    assert response["messages"][-1] == "{validateFields: 'false', compatibility: 'FULL'}"
    assert "{oldSchemaVersion: 1}" in response["messages"]


def test_contexts_are_listed_and_scope_settings(http: httpx.Client, subject: str) -> None:
    qualified = f":.staging:{subject}"
    assert register(http, qualified, USER_V1).status_code == 200
    assert ".staging" in http.get("/contexts").json()
    assert qualified in http.get("/subjects?subjectPrefix=:.staging:").json()
    assert http.put("/config/:.staging:", json={"compatibility": "NONE"}).status_code == 200
    assert http.get(f"/config/{qualified}?defaultToGlobal=true").json()[
        "compatibilityLevel"] == "NONE"
    busy = http.delete("/contexts/.staging")
    assert (busy.status_code, error_code(busy)) == (422, 42211)


def test_import_mode_keeps_given_ids_and_versions(own_server: Server) -> None:
    with own_server.client() as http:
        assert http.put("/mode", json={"mode": "IMPORT"}).json() == {"mode": "IMPORT"}
        imported = register(http, "imported", USER_V1, id=40, version=3).json()
        assert (imported["id"], imported["version"]) == (40, 3)
        not_read_write = register(http, "imported", USER_V2)
        assert (not_read_write.status_code, error_code(not_read_write)) == (422, 42205)
        http.put("/mode", json={"mode": "READWRITE"})
        with_id = register(http, "imported", USER_V2, id=41)
        assert (with_id.status_code, error_code(with_id)) == (422, 42205)
        after = register(http, "imported", USER_V2).json()
        assert (after["id"], after["version"]) == (41, 4)


def test_one_log_line_per_write(own_server: Server) -> None:
    with own_server.client() as http:
        register(http, "logged", USER_V1)
        register(http, "logged", USER_V1)  # the same schema again writes nothing
        http.get("/subjects/logged/versions/1")
        http.put("/config/logged", json={"compatibility": "NONE"})
        http.delete("/subjects/logged/versions/1")
    lines = [line for line in own_server.log.read_text().splitlines()
             if "schemalint.registry.server" in line]
    assert [line.split(" INFO schemalint.registry.server ")[1].split(" ")[0]
            for line in lines] == ["register", "config", "delete"]
