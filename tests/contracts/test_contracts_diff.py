"""``schemalint diff`` names, beside each change, the declared consumers that read what it
touches and their owners: in the terminal, in Markdown and in JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cli_runner import run_cli
from gitrepo import GitRepo

AVRO = "schemas/orders/value.avsc"
PROTO = "schemas/orders/value.proto"
JSON_SCHEMA = "schemas/orders/value.schema.json"


def field(name: str, type_: Any, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": type_, "doc": f"The {name}.", **extra}


def order(*fields: dict[str, Any]) -> dict[str, Any]:
    return {"type": "record", "name": "Order", "doc": "An order.", "fields": list(fields)}


CUSTOMER = {"type": "record", "name": "Customer", "doc": "Who.", "fields": [
    field("email", "string"), field("phone", "string")]}
CONSUMERS = ('[[consumers]]\nname = "billing"\nowner = "@acme/billing"\n'
             'subjects = ["orders-value"]\nreads = ["id", "amount"]\n\n'
             '[[consumers]]\nname = "crm"\nsubjects = ["orders-value"]\n'
             'reads = ["customer.email"]\n')
READER = {"consumers/shipping/orders-value.avsc": order(field("id", "string"))}

# (format's file, version 1, version 2, the reader schemas) → per change (where, read by).
CASES = {
    "Avro: a top-level field and a nested one removed": (
        AVRO, order(field("id", "string"), field("amount", "long", default=0),
                    field("customer", CUSTOMER)),
        order(field("id", "string"),
              field("customer", {**CUSTOMER, "fields": [field("phone", "string")]})),
        READER, {"Order.amount": ["billing (@acme/billing)"],
                 "Order.customer.email": ["crm"]}),
    "Avro: a field no consumer reads": (
        AVRO, order(field("id", "string"), field("note", "string", default="")),
        order(field("id", "string")), READER, {"Order.note": []}),
    "Avro: a reader schema's field changes type": (
        AVRO, order(field("id", "string")), order(field("id", "long")), READER,
        {"Order.id": ["shipping", "billing (@acme/billing)"]}),
    "JSON Schema: a nested property removed": (
        JSON_SCHEMA, {"type": "object", "properties": {"id": {"type": "string"}, "customer": {
            "type": "object", "properties": {"email": {"type": "string"}}}}},
        {"type": "object", "properties": {"id": {"type": "string"}, "customer": {
            "type": "object", "properties": {}}}}, {},
        {"#/properties/customer/properties/email": ["crm"]}),
    "Protobuf: a field removed": (
        PROTO, 'syntax = "proto3";\nmessage Order {\n  string id = 1;\n  int64 amount = 2;\n}\n',
        'syntax = "proto3";\nmessage Order {\n  string id = 1;\n  reserved 2;\n}\n', {},
        {"#/Order/2": ["billing (@acme/billing)"]}),
}


def _text(content: Any) -> str:
    return content if isinstance(content, str) else json.dumps(content, indent=2)


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_each_change_names_the_consumers_reading_it(repo: GitRepo, case: Any) -> None:
    path, v1, v2, readers, expected = case
    repo.write(path, _text(v1))
    repo.write("schemalint.toml", CONSUMERS)
    for reader, content in readers.items():
        repo.write(reader, content)
    repo.commit("v1")
    repo.write(path, _text(v2))
    result = run_cli(repo.path, "diff", "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    changes = json.loads(result.stdout)["subjects"][0]["changes"]
    read_by = {change["path"]: [
        f"{reader['consumer']} ({reader['owner']})" if reader["owner"] else reader["consumer"]
        for reader in change["read_by"]] for change in changes}
    assert {key: value for key, value in read_by.items() if key in expected} == expected
    for key, names in expected.items():
        markdown = run_cli(repo.path, "diff", "--format", "markdown").stdout
        row = next(line for line in markdown.splitlines() if f"`{key}`" in line)
        # A subject none of whose changes is read has no read-by column.
        assert row.endswith(f"| {', '.join(names)} |" if names else "| 🟢 safe |"
                            ), row
        # The terminal wraps long rows beside the verdict column: read as words.
        full = run_cli(repo.path, "diff").stdout.split()
        words = full[full.index(f"[{key}]") + 1:][:12]
        assert ("read" in words) is bool(names), words
        assert all(word in words for word in ", ".join(names).split()), words


def test_without_consumers_the_changelog_is_as_before(repo: GitRepo) -> None:
    repo.write(AVRO, order(field("id", "string"), field("note", "string", default="")))
    repo.commit("v1")
    repo.write(AVRO, order(field("id", "string")))
    markdown = run_cli(repo.path, "diff", "--format", "markdown").stdout
    assert "| change | where | verdict |\n|---|---|---|\n" in markdown
    assert "read_by" not in run_cli(repo.path, "diff", "--format", "json").stdout


SHARED = "schemas/shared/customer.schema.json"


def customer_file(email: str, age: str) -> dict[str, Any]:
    return {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
            "properties": {"email": {"type": email}, "age": {"type": age}}}


@pytest.mark.parametrize(("after", "expected"), [
    (customer_file("integer", "integer"), {"#/properties/customer/properties/email": ["crm"]}),
    # A property beside the one read, in the same other file: nobody reads it.
    (customer_file("string", "string"), {"#/properties/customer/properties/age": []}),
])
def test_a_change_in_another_file_names_those_reading_it_by_name(
        repo: GitRepo, after: dict[str, Any], expected: dict[str, list[str]]) -> None:
    repo.write(JSON_SCHEMA, {
        "$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
        "properties": {"id": {"type": "string"},
                       "customer": {"$ref": "../shared/customer.schema.json"}}})
    repo.write(SHARED, customer_file("string", "integer"))
    repo.write("schemalint.toml", CONSUMERS)
    repo.commit("v1")
    repo.write(SHARED, after)
    result = run_cli(repo.path, "diff", "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    subject = next(entry for entry in json.loads(result.stdout)["subjects"]
                   if entry["subject"] == "orders-value")
    assert {change["path"]: [reader["consumer"] for reader in change.get("read_by", [])]
            for change in subject["changes"]} == expected
