"""The real confluent-kafka client and serializers against the real server."""

from __future__ import annotations

import json
import struct
from collections.abc import Iterator

import pytest
from registry_harness import Server, fixture_text

pytest.importorskip("confluent_kafka.schema_registry",
                    reason="needs the dev dependency confluent-kafka[schemaregistry,avro,json]")

from confluent_kafka.schema_registry import (
    Schema,
    SchemaReference,
    SchemaRegistryClient,
    SchemaRegistryError,
)
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.json_schema import (
    JSONDeserializer,
    JSONSerializer,
)
from confluent_kafka.serialization import MessageField, SerializationContext

USER_V1 = fixture_text("avro/user_v1.avsc")
USER_V2 = fixture_text("avro/user_v2_optional_email.avsc")
USER_V3_REQUIRED_AGE = fixture_text("avro/user_v3_required_age.avsc")
ORDER_V1 = fixture_text("json/order_v1.json")
ORDER_V2 = fixture_text("json/order_v2_optional_note.json")
ORDER_ID_INTEGER = fixture_text("json/order_id_as_integer.json")


def server_url(client: SchemaRegistryClient) -> str:
    return str(client.config()["url"])


@pytest.fixture
def client(server: Server) -> Iterator[SchemaRegistryClient]:
    yield SchemaRegistryClient({"url": server.url, "max.retries": 0})


def test_register_get_latest_lookup_and_delete(client: SchemaRegistryClient,
                                               subject: str) -> None:
    schema_id = client.register_schema(subject, Schema(USER_V1, "AVRO"))
    fetched = client.get_schema(schema_id)
    assert fetched.schema_type == "AVRO"
    assert json.loads(fetched.schema_str)["name"] == "User"
    latest = client.get_latest_version(subject)
    assert (latest.schema_id, latest.version, latest.subject) == (schema_id, 1, subject)
    found = client.lookup_schema(subject, Schema(USER_V1, "AVRO"))
    assert (found.schema_id, found.version) == (schema_id, 1)
    second = client.register_schema(subject, Schema(USER_V2, "AVRO"))
    assert client.get_versions(subject) == [1, 2]
    assert client.get_version(subject, 2).schema_id == second
    assert client.delete_version(subject, 2) == 2
    assert client.delete_subject(subject) == [1]
    assert client.delete_subject(subject, permanent=True) == [1, 2]
    client.clear_caches()
    with pytest.raises(SchemaRegistryError) as missing:
        client.get_latest_version(subject)
    assert (missing.value.http_status_code, missing.value.error_code) == (404, 40401)


def test_compatibility_settings_and_checks(client: SchemaRegistryClient, subject: str) -> None:
    client.register_schema(subject, Schema(USER_V1, "AVRO"))
    assert client.test_compatibility(subject, Schema(USER_V2, "AVRO")) is True
    assert client.test_compatibility(subject, Schema(USER_V3_REQUIRED_AGE, "AVRO")) is False
    with pytest.raises(SchemaRegistryError) as refused:
        client.register_schema(subject, Schema(USER_V3_REQUIRED_AGE, "AVRO"))
    assert (refused.value.http_status_code, refused.value.error_code) == (409, 409)
    assert client.set_compatibility(subject, "FORWARD") == {"compatibility": "FORWARD"}
    assert client.get_compatibility(subject) == "FORWARD"
    # FORWARD: old readers must read new data; a new required field is fine, a removed one not.
    assert client.test_compatibility(subject, Schema(USER_V3_REQUIRED_AGE, "AVRO")) is True
    assert client.register_schema(subject, Schema(USER_V3_REQUIRED_AGE, "AVRO")) > 0


def test_avro_serializer_round_trip(client: SchemaRegistryClient, subject: str) -> None:
    topic = subject.removesuffix("-value")
    context = SerializationContext(topic, MessageField.VALUE)
    serializer = AvroSerializer(client, USER_V1)
    payload = serializer({"id": 42, "name": "Ada"}, context)
    assert payload is not None
    magic, schema_id = struct.unpack(">bI", payload[:5])
    assert magic == 0
    assert client.get_latest_version(f"{topic}-value").schema_id == schema_id
    fresh_client = SchemaRegistryClient({"url": server_url(client)})
    deserializer = AvroDeserializer(fresh_client)
    assert deserializer(payload, context) == {"id": 42, "name": "Ada"}


def test_avro_reader_schema_resolves_old_data(client: SchemaRegistryClient,
                                              subject: str) -> None:
    topic = subject
    context = SerializationContext(topic, MessageField.VALUE)
    old_bytes = AvroSerializer(client, USER_V1)(
        {"id": 1, "name": "Old"}, context)
    AvroSerializer(client, USER_V2)(
        {"id": 2, "name": "New", "email": "n@example.com"}, context)
    reader = AvroDeserializer(client, USER_V2)
    assert reader(old_bytes, context) == {"id": 1, "name": "Old", "email": None}


def test_json_serializer_round_trip(client: SchemaRegistryClient, subject: str) -> None:
    context = SerializationContext(subject, MessageField.VALUE)
    serializer = JSONSerializer(ORDER_V1, client)
    payload = serializer({"id": "o-1", "amount": 9.5}, context)
    assert payload is not None
    _, schema_id = struct.unpack(">bI", payload[:5])
    registered = client.get_schema(schema_id)
    assert registered.schema_type == "JSON"
    deserializer = JSONDeserializer(None, schema_registry_client=client)
    assert deserializer(payload, context) == {"id": "o-1", "amount": 9.5}


def test_json_compatibility_through_the_client(client: SchemaRegistryClient,
                                               subject: str) -> None:
    client.register_schema(subject, Schema(ORDER_V1, "JSON"))
    assert client.test_compatibility(subject, Schema(ORDER_V2, "JSON")) is True
    assert client.test_compatibility(subject, Schema(ORDER_ID_INTEGER, "JSON")) is False
    second = client.register_schema(subject, Schema(ORDER_V2, "JSON"))
    assert client.get_latest_version(subject).schema_id == second


def test_references_through_the_client(client: SchemaRegistryClient, subject: str) -> None:
    address_subject = f"{subject}-address"
    client.register_schema(address_subject, Schema(fixture_text("avro/address.avsc"), "AVRO"))
    reference = SchemaReference("com.acme.Address", address_subject, 1)
    customer = Schema(fixture_text("avro/customer_with_address.avsc"), "AVRO", [reference])
    schema_id = client.register_schema(subject, customer)
    fetched = client.get_schema(schema_id)
    assert [(ref.name, ref.subject, ref.version) for ref in fetched.references] == [
        ("com.acme.Address", address_subject, 1)]
    assert client.get_referenced_by(address_subject, 1) == [schema_id]


# ---- Protobuf -------------------------------------------------------------------------------

MONEY_PROTO = fixture_text("protobuf/money.proto")
ORDER_PROTO_V1 = fixture_text("protobuf/order_v1.proto")
ORDER_PROTO_V2 = fixture_text("protobuf/order_v2_note.proto")
ORDER_PROTO_ID_INT = fixture_text("protobuf/order_id_as_int.proto")


def register_money(client: SchemaRegistryClient, subject: str) -> SchemaReference:
    money_subject = f"{subject}-money"
    client.register_schema(money_subject, Schema(MONEY_PROTO, "PROTOBUF"))
    return SchemaReference("common/money.proto", money_subject, 1)


def test_protobuf_register_lookup_and_compatibility_through_the_client(
        client: SchemaRegistryClient, subject: str) -> None:
    reference = register_money(client, subject)
    order = Schema(ORDER_PROTO_V1, "PROTOBUF", [reference])

    schema_id = client.register_schema(subject, order)

    fetched = client.get_schema(schema_id)
    assert (fetched.schema_type, fetched.schema_str) == ("PROTOBUF", ORDER_PROTO_V1)
    assert [(r.name, r.subject, r.version) for r in fetched.references] == [
        ("common/money.proto", reference.subject, 1)]
    found = client.lookup_schema(subject, order)
    assert (found.schema_id, found.version) == (schema_id, 1)
    assert client.test_compatibility(
        subject, Schema(ORDER_PROTO_V2, "PROTOBUF", [reference])) is True
    assert client.test_compatibility(
        subject, Schema(ORDER_PROTO_ID_INT, "PROTOBUF", [reference])) is False
    assert client.get_referenced_by(reference.subject, 1) == [schema_id]
