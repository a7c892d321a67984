"""confluent-kafka's Protobuf serializer and deserializer against the real server: real bytes."""

from __future__ import annotations

import importlib
import struct
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from registry_harness import FIXTURES, Server, fixture_text

pytest.importorskip("confluent_kafka.schema_registry.protobuf",
                    reason="needs the dev dependency confluent-kafka[protobuf] "
                           "(googleapis-common-protos)")

from confluent_kafka.schema_registry import Schema, SchemaReference, SchemaRegistryClient
from confluent_kafka.schema_registry.protobuf import (
    ProtobufDeserializer,
    ProtobufSerializer,
)
from confluent_kafka.serialization import MessageField, SerializationContext


@pytest.fixture(scope="module")
def order_module(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The generated Python class of the fixture's ``Order``, as a producer's build makes it."""
    from grpc_tools import protoc  # type: ignore[import-untyped]

    folder = tmp_path_factory.mktemp("generated")
    source, output = folder / "src", folder / "out"
    (source / "common").mkdir(parents=True)
    (source / "orders").mkdir()
    output.mkdir()
    (source / "common" / "money.proto").write_text(fixture_text("protobuf/money.proto"))
    (source / "orders" / "order.proto").write_text(fixture_text("protobuf/order_v1.proto"))
    well_known = Path(protoc.__file__).parent / "_proto"
    code = protoc.main(["protoc", f"-I{source}", f"-I{well_known}", f"--python_out={output}",
                        "common/money.proto", "orders/order.proto"])
    assert code == 0
    sys.path.insert(0, str(output))
    try:
        yield importlib.import_module("orders.order_pb2")
    finally:
        sys.path.remove(str(output))
        for name in ("orders.order_pb2", "orders", "common.money_pb2", "common"):
            sys.modules.pop(name, None)


def test_protobuf_serializer_and_deserializer_round_trip(
        server: Server, subject: str, order_module: ModuleType) -> None:
    client = SchemaRegistryClient({"url": server.url, "max.retries": 0})
    topic = subject
    money_subject = f"{subject}-money"
    client.register_schema(money_subject, Schema((FIXTURES / "protobuf/money.proto").read_text(),
                                                 "PROTOBUF"))
    reference = SchemaReference("common/money.proto", money_subject, 1)
    schema_id = client.register_schema(
        f"{topic}-value", Schema(fixture_text("protobuf/order_v1.proto"), "PROTOBUF", [reference]))
    context = SerializationContext(topic, MessageField.VALUE)
    # Schemas come from the registry (as sync puts them there), not from the producer.
    serializer = ProtobufSerializer(order_module.Order, client,
                                    {"auto.register.schemas": False, "use.latest.version": True})
    order = order_module.Order(id="o-1")
    order.total.currency = "EUR"
    order.total.units = 42
    order.placed_at.seconds = 1_700_000_000

    payload = serializer(order, context)

    assert payload is not None
    magic, written_id = struct.unpack(">bI", payload[:5])
    assert (magic, written_id) == (0, schema_id)
    reader_client = SchemaRegistryClient({"url": server.url})
    deserializer = ProtobufDeserializer(order_module.Order, {"use.deprecated.format": False},
                                        schema_registry_client=reader_client)
    read = deserializer(payload, context)
    assert read == order
    assert (read.total.currency, read.total.units, read.placed_at.seconds) == (
        "EUR", 42, 1_700_000_000)


def test_auto_registration_by_the_serializer_sends_descriptors_the_registry_prints(
        server: Server, subject: str, order_module: ModuleType) -> None:
    client = SchemaRegistryClient({"url": server.url, "max.retries": 0})
    context = SerializationContext(subject, MessageField.VALUE)
    # The client's defaults: it registers the imports (subject = import path), then the
    # message's file, each as a base64 FileDescriptorProto.
    serializer = ProtobufSerializer(order_module.Order, client)
    order = order_module.Order(id="o-2")
    order.total.units = 7

    payload = serializer(order, context)

    assert payload is not None
    _, schema_id = struct.unpack(">bI", payload[:5])
    registered = client.get_schema(schema_id)
    assert registered.schema_str.startswith('syntax = "proto3";')
    assert [(r.name, r.subject) for r in registered.references] == [
        ("common/money.proto", "common/money.proto")]
    found = client.lookup_schema(f"{subject}-value", Schema(
        fixture_text("protobuf/order_v1.proto"), "PROTOBUF", registered.references))
    assert found.schema_id == schema_id
    reader = ProtobufDeserializer(order_module.Order, {"use.deprecated.format": False},
                                  schema_registry_client=SchemaRegistryClient({"url": server.url}))
    assert reader(payload, context) == order
