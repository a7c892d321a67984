"""Field lists through types defined in other files (an Avro record named by its full name,
a JSON Schema ``$ref`` to another file): a type change of the field read is the consumer's,
one of a field beside it in the same file is not, as for a type written in place. Inside
another file every field shares the referring field's pointer; the names decide."""

from __future__ import annotations

import json
from typing import Any, NamedTuple

import pytest
from cli_runner import run_cli
from gitrepo import GitRepo

AVRO = "schemas/orders/value.avsc"
AVRO_SHARED = "schemas/shared/Customer.avsc"
JSON = "schemas/orders/value.schema.json"
JSON_SHARED = "schemas/shared/customer.schema.json"
DRAFT = "http://json-schema.org/draft-07/schema#"


def avro_customer(email: str, age: str) -> dict[str, Any]:
    # confluentinc/examples, commit 2a3ba2a5e7dbd8ba8d1d12ae2f48ef4af1fca2ca:
    # clients/avro/src/main/resources/avro/io/confluent/examples/clients/basicavro/
    # Payment.avsc: its namespace; the customer record is this test's.
    return {"type": "record", "name": "Customer", "namespace": "io.confluent.examples",
            "doc": "Who ordered.", "fields": [
                {"name": "email", "type": email, "doc": "The email."},
                {"name": "age", "type": age, "doc": "The age."}]}


AVRO_ORDER = {"type": "record", "name": "Order", "namespace": "io.confluent.examples",
              "doc": "An order was placed.", "fields": [
                  {"name": "id", "type": "string", "doc": "The id."},
                  {"name": "customer", "type": "io.confluent.examples.Customer",
                   "doc": "Who ordered."}]}


def json_customer(email: str, age: str) -> dict[str, Any]:
    return {"$schema": DRAFT, "type": "object", "properties": {
        "email": {"type": email}, "age": {"type": age}}}


JSON_ORDER = {"$schema": DRAFT, "type": "object", "properties": {
    "id": {"type": "string"}, "customer": {"$ref": "../shared/customer.schema.json"}}}


class Case(NamedTuple):
    subject_file: str
    subject: dict[str, Any]
    shared_file: str
    before: dict[str, Any]
    after: dict[str, Any]
    reads: tuple[str, ...]
    broken: bool  # whether crm gets a CON001


CASES = {
    "Avro: the type of the field read, in the other file": Case(
        AVRO, AVRO_ORDER, AVRO_SHARED, avro_customer("string", "int"),
        avro_customer("int", "int"), ("customer.email",), True),
    "Avro: the type of a field beside it, in the other file": Case(
        AVRO, AVRO_ORDER, AVRO_SHARED, avro_customer("string", "int"),
        avro_customer("string", "string"), ("customer.email",), False),
    "Avro: the whole record read": Case(
        AVRO, AVRO_ORDER, AVRO_SHARED, avro_customer("string", "int"),
        avro_customer("string", "string"), ("customer",), True),
    "JSON Schema: the type of the property read, through the $ref": Case(
        JSON, JSON_ORDER, JSON_SHARED, json_customer("string", "integer"),
        json_customer("integer", "integer"), ("customer.email",), True),
    "JSON Schema: the type of a property beside it, through the $ref": Case(
        JSON, JSON_ORDER, JSON_SHARED, json_customer("string", "integer"),
        json_customer("string", "string"), ("customer.email",), False),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_type_change_in_another_file_is_matched_by_name(repo: GitRepo, case: Case) -> None:
    repo.write(case.subject_file, case.subject)
    repo.write(case.shared_file, case.before)
    repo.write("schemalint.toml", "\n".join([
        "[[consumers]]", 'name = "crm"', 'subjects = ["orders-value"]',
        f"reads = {json.dumps(list(case.reads))}", "", "[[subjects]]",
        'subject = "orders-value"', 'compatibility = "NONE"', ""]))
    repo.commit("v1")
    repo.write(case.shared_file, case.after)
    result = run_cli(repo.path, "check", "--format", "json")
    findings = json.loads(result.stdout)["findings"]
    con = [(f["code"], f["path"]) for f in findings if f["code"].startswith("CON")]
    assert con == ([("CON001", case.subject_file)] if case.broken else []), findings
