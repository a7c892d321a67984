"""``schemalint consumers``: who reads what, as a table and as JSON, and with ``--unused``
the fields of each subject no declared consumer reads."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cli_runner import run_cli
from gitrepo import GitRepo

AVRO = "schemas/orders/value.avsc"


def field(name: str, type_: Any) -> dict[str, Any]:
    return {"name": name, "type": type_, "doc": f"The {name}."}


def record(name: str, *fields: dict[str, Any]) -> dict[str, Any]:
    return {"type": "record", "name": name, "doc": f"A {name}.", "fields": list(fields)}


# confluentinc/kafka-tutorials, commit 6225e7c1957911520391c7fe0e857138638714fe:
# _includes/tutorials/joining-stream-table/ksql/code/src/order.avsc (an order with its
# customer) in shape; the lines and attributes are this test's.
ORDER = record(
    "Order", field("order_id", "string"), field("amount_cents", "long"),
    field("customer", record("Customer", field("email", "string"), field("phone", "string"))),
    field("lines", {"type": "array", "items": record("Line", field("sku", "string"),
                                                     field("qty", "int"))}),
    field("attributes", {"type": "map", "values": "string"}))

BILLING = ('[[consumers]]\nname = "billing"\nowner = "@acme/billing"\n'
           'subjects = ["orders-value"]\nreads = ["order_id", "amount_cents"]\n\n')
PICKING = ('[[consumers]]\nname = "picking"\nowner = "team-warehouse"\n'
           'subjects = ["orders-value"]\nreads = ["lines.sku", "customer"]\n\n')
AUDIT = '[[consumers]]\nname = "audit"\nsubjects = ["orders-value"]\n\n'
CRM_READER = {"consumers/crm/orders-value.avsc": record(
    "Order", field("customer", record("Customer", field("email", "string"))))}


@pytest.fixture
def project(repo: GitRepo) -> GitRepo:
    repo.write(AVRO, ORDER)
    repo.write("schemas/payments/value.avsc", record("Payment", field("id", "string")))
    repo.commit("orders and payments")
    return repo


def test_the_table_names_each_consumer_its_owner_and_what_it_reads(project: GitRepo) -> None:
    project.write("schemalint.toml", BILLING + PICKING)
    for path, content in CRM_READER.items():
        project.write(path, content)
    result = run_cli(project.path, "consumers")
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines()]
    assert rows == [
        ["consumer", "owner", "subject", "reads"],
        ["crm", "-", "orders-value", "consumers/crm/orders-value.avsc"],
        ["billing", "@acme/billing", "orders-value", "order_id,", "amount_cents"],
        ["picking", "team-warehouse", "orders-value", "lines.sku,", "customer"],
    ]


def test_json_lists_readings_of_the_subjects_asked(project: GitRepo) -> None:
    project.write("schemalint.toml", BILLING + '[[consumers]]\nname = "ledger"\n'
                  'subjects = ["payments-value"]\nreads = ["id"]\npending = true\n')
    result = run_cli(project.path, "consumers", "payments-value", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"version": 1, "consumers": [
        {"consumer": "ledger", "owner": None, "subject": "payments-value", "reads": ["id"],
         "reader_schema": None, "pending": True}]}


@pytest.mark.parametrize(("config", "readers", "unused"), [
    # Field lists: a record read whole reads its fields; lines.sku reads lines[].sku.
    (BILLING + PICKING, {}, ["lines[].qty", "attributes"]),
    (BILLING, {}, ["customer", "customer.email", "customer.phone", "lines", "lines[].sku",
                   "lines[].qty", "attributes"]),
    # A reader schema reads its fields by name (and the records on their way).
    (BILLING, CRM_READER, ["customer.phone", "lines", "lines[].sku", "lines[].qty",
                           "attributes"]),
    # A consumer naming no field may read any: none is unused.
    (BILLING + AUDIT, {}, []),
])
def test_unused_lists_the_fields_no_declared_consumer_reads(
        project: GitRepo, config: str, readers: dict[str, Any], unused: list[str]) -> None:
    project.write("schemalint.toml", config)
    for path, content in readers.items():
        project.write(path, content)
    result = run_cli(project.path, "consumers", "--unused", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["unused"] == {"orders-value": unused}
    table = run_cli(project.path, "consumers", "--unused")
    listed = [line.split()[1] for line in table.stdout.splitlines()[1:]] if unused else []
    assert listed == unused, table.stdout


@pytest.mark.parametrize(("args", "config", "code", "says"), [
    (("nope-value",), BILLING, 2, "no subject 'nope-value'"),
    ((), "", 0, "No consumer declared"),
])
def test_what_it_says_when_there_is_nothing_to_show(
        project: GitRepo, args: tuple[str, ...], config: str, code: int, says: str) -> None:
    project.write("schemalint.toml", config)
    result = run_cli(project.path, "consumers", *args)
    assert result.returncode == code
    assert says in result.stdout + result.stderr


def test_an_unreadable_reader_schema_is_named_and_exits_2(project: GitRepo) -> None:
    project.write("consumers/crm/orders-value.avsc", '{"type": "record",')
    result = run_cli(project.path, "consumers", "--unused")
    assert result.returncode == 2
    assert "consumers/crm/orders-value.avsc:" in result.stderr
    assert "INVALID_SCHEMA" in result.stderr


# open-telemetry/opentelemetry-proto, commit c0a98a1847d3124ac5f9ecd02d0e2d2732bbb590:
# opentelemetry/proto/common/v1/common.proto, where AnyValue holds an ArrayValue of
# AnyValues, a recursive message that sent the walk of --unused round for ever. Cut to the
# recursion; Avro's linked list the same.
RECURSIVE = {
    "opentelemetry.proto": (
        "schemas/common/value.proto",
        'syntax = "proto3";\npackage acme;\nmessage AnyValue {\n  oneof value {\n'
        '    string string_value = 1;\n    ArrayValue array_value = 5;\n  }\n}\n'
        "message ArrayValue {\n  repeated AnyValue values = 1;\n}\n",
        ["array_value.values[].string_value"], "common-value", ["string_value"]),
    "an Avro linked list": (
        "schemas/common/value.avsc",
        {"type": "record", "name": "Node", "doc": "A node.", "fields": [
            {"name": "label", "type": "string", "doc": "Its label."},
            {"name": "next", "type": ["null", "Node"], "default": None, "doc": "The next."}]},
        ["label"], "common-value", ["next"]),
}


@pytest.mark.parametrize(("path", "schema", "reads", "subject", "unused"),
                         RECURSIVE.values(), ids=RECURSIVE.keys())
def test_unused_ends_each_path_at_a_recursive_record(
        repo: GitRepo, path: str, schema: Any, reads: list[str], subject: str,
        unused: list[str]) -> None:
    repo.write(path, schema)
    repo.write("schemalint.toml", "\n".join([
        "[[consumers]]", 'name = "reader"', f'subjects = ["{subject}"]',
        f"reads = {json.dumps(reads)}", ""]))
    repo.commit("v1")
    result = run_cli(repo.path, "consumers", "--unused", "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["unused"] == {subject: unused}
