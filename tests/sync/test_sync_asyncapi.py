"""An AsyncAPI document synced into the real embedded registry on loopback: each message's
payload (and Kafka key) registered under its subject, in the format its schemaFormat names,
one version per distinct payload of the document's history."""

from __future__ import annotations

import json

from cli_runner import run_cli
from conftest import Project, registered
from registry_harness import Server

# In the shape of asyncapi/spec@d78dcea examples/adeo-kafka-request-reply-asyncapi.yml:
# an Avro payload in a Multi Format Schema Object, a JSON Schema payload, a Kafka key.
DOCUMENT = """\
asyncapi: 3.0.0
info:
  title: Shop
  version: 1.0.0
channels:
  orders:
    address: shop.orders
    messages:
      placed:
        payload:
          type: object
          properties:
            id:
              type: string
        bindings:
          kafka:
            key:
              type: string
  prices:
    address: shop.prices
    messages:
      changed:
        payload:
          schemaFormat: application/vnd.apache.avro+json;version=1.9.0
          schema:
            type: record
            name: PriceChanged
            namespace: com.shop
            fields:
              - name: sku
                type: string
"""


def test_each_payload_registers_under_its_subject_and_history_gives_its_versions(
        project: Project, registry: Server) -> None:
    project.configure()
    project.write("schemas/shop.yaml", DOCUMENT)
    project.commit("the document")
    # An edit that leaves the payloads as they were, then one that adds an optional field.
    project.write("schemas/shop.yaml", DOCUMENT.replace("version: 1.0.0", "version: 1.1.0"))
    project.commit("info")
    project.write("schemas/shop.yaml", DOCUMENT.replace(
        "                type: string\n",
        "                type: string\n              - name: currency\n"
        "                type: [\"null\", string]\n                default: null\n"))
    project.commit("a currency")

    assert project.sync(registry.url).exit_code(check=False) == 0

    orders = registered(registry, "shop.orders-value")
    assert [(v.get("schemaType"), json.loads(v["schema"])) for v in orders] == [
        ("JSON", {"type": "object", "properties": {"id": {"type": "string"}}})]
    assert [json.loads(v["schema"]) for v in registered(registry, "shop.orders-key")] == [
        {"type": "string"}]
    prices = registered(registry, "shop.prices-value")
    assert [v.get("schemaType", "AVRO") for v in prices] == ["AVRO", "AVRO"]
    assert [[f["name"] for f in json.loads(v["schema"])["fields"]] for v in prices] == [
        ["sku"], ["sku", "currency"]]

    again = run_cli(project.path, "sync", "--registry", registry.url, "--check")
    assert again.returncode == 0, again.stdout + again.stderr
    assert project.sync(registry.url).writes == 0


def test_a_message_that_cannot_be_read_is_named_with_why_and_nothing_of_it_is_registered(
        project: Project, registry: Server) -> None:
    # asyncapi/spec@d78dcea examples/adeo-kafka-request-reply-asyncapi.yml: an Avro payload
    # given as a $ref to a URL.
    project.configure()
    project.write("schemas/shop.yaml", DOCUMENT.replace(
        "          schema:\n            type: record\n",
        "          schema:\n            $ref: https://example.com/PriceChanged.avsc\n"
        "            type: record\n"))
    project.commit("the document")

    result = run_cli(project.path, "sync", "--registry", registry.url)

    said = " ".join((result.stdout + result.stderr).split())  # as wrapped in the table
    assert result.returncode == 2, said
    assert "1 refused" in said and "reads no schema from the network" in said
    assert registered(registry, "shop.prices-value") == []
    assert len(registered(registry, "shop.orders-value")) == 1  # the others are synced
