"""Consumer contracts judged by ``check``, end to end in real git repositories: a subject's
version 1 is committed with the contracts, version 2 is written, and ``check`` names the
consumers it breaks (CON001), the stale contracts (CON002), and the exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from cli_runner import run_cli
from gitrepo import GitRepo

AVRO = "schemas/orders/value.avsc"
JSON = "schemas/orders/value.schema.json"
PROTO = "schemas/orders/value.proto"


def field(name: str, type_: Any, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": type_, "doc": f"The {name}.", **extra}


def order(*fields: dict[str, Any]) -> dict[str, Any]:
    # confluentinc/examples, commit 2a3ba2a5e7dbd8ba8d1d12ae2f48ef4af1fca2ca:
    # clients/avro/src/main/resources/avro/io/confluent/examples/clients/basicavro/
    # Payment.avsc: an id and an amount; the customer, lines and attributes are this test's.
    return {"type": "record", "name": "Order", "namespace": "io.confluent.examples",
            "doc": "An order was placed.", "fields": list(fields)}


def customer(*fields: dict[str, Any]) -> dict[str, Any]:
    return {"type": "record", "name": "Customer", "doc": "Who ordered.", "fields": list(fields)}


def line(*fields: dict[str, Any]) -> dict[str, Any]:
    return {"type": "record", "name": "Line", "doc": "One line.", "fields": list(fields)}


ID = field("id", "string")
AMOUNT = field("amount", "double")
EMAIL = field("email", "string")
CUSTOMER = field("customer", customer(EMAIL))
LINES = field("lines", {"type": "array", "items": line(field("sku", "string"),
                                                       field("qty", "int"))})
V1 = order(ID, AMOUNT, CUSTOMER, LINES)


def consumer(name: str, reads: list[str], *, owner: str = "", pending: bool = False,
             subjects: tuple[str, ...] = ("orders-value",)) -> str:
    return "\n".join([
        "[[consumers]]", f'name = "{name}"', *([f'owner = "{owner}"'] if owner else []),
        f"subjects = {json.dumps(list(subjects))}", f"reads = {json.dumps(reads)}",
        *(["pending = true"] if pending else []), "", ""])


BILLING = consumer("billing", ["id", "amount"], owner="@acme/billing")
CRM = consumer("crm", ["id", "customer.email"], owner="team-crm")
PICKING = consumer("picking", ["lines[].sku", "lines.qty"], owner="team-warehouse")


class Case(NamedTuple):
    v1: Any
    v2: Any
    config: str
    # Expected (code, severity, consumer named) of every CON finding.
    expected: set[tuple[str, str, str]]
    exit_code: int
    readers: dict[str, Any] = {}  # noqa: RUF012 - read only
    path: str = AVRO


CASES = {
    "a field BACKWARD lets go that billing reads: billing only": Case(
        V1, order(ID, CUSTOMER, LINES), BILLING + CRM,
        {("CON001", "error", "billing")}, 1),
    "a field no contract reads: removed quietly": Case(
        order(ID, AMOUNT, CUSTOMER, LINES, field("note", "string", default="")),
        V1, BILLING + CRM + PICKING, set(), 0),
    "a nested field read by crm": Case(
        V1, order(ID, AMOUNT, field("customer", customer()), LINES), BILLING + CRM,
        {("CON001", "error", "crm")}, 1),
    "a field of an array's items, with and without []": Case(
        V1, order(ID, AMOUNT, CUSTOMER, field("lines", {"type": "array", "items": line(
            field("sku", "string"), field("qty", "long"))})), PICKING + BILLING,
        {("CON001", "error", "picking")}, 1),
    "an array's items keep what picking reads": Case(
        V1, order(ID, AMOUNT, CUSTOMER, field("lines", {"type": "array", "items": line(
            field("sku", "string"), field("qty", "int"),
            field("note", ["null", "string"], default=None))})), PICKING, set(), 0),
    "a map's values": Case(
        order(ID, field("tags", {"type": "map", "values": customer(EMAIL)})),
        order(ID, field("tags", {"type": "map", "values": customer()})),
        consumer("tagger", ["tags[].email"]), {("CON001", "error", "tagger")}, 1),
    "a field renamed with an alias of the name read is found": Case(
        V1, order(ID, AMOUNT, field("customer", customer(
            field("email_address", "string", aliases=["email"]))), LINES),
        CRM, set(), 0),
    "a record turned into a string": Case(
        V1, order(ID, AMOUNT, field("customer", "string"), LINES),
        CRM + '[[subjects]]\nsubject = "orders-value"\ncompatibility = "NONE"\n',
        {("CON001", "error", "crm")}, 1),
    "a required field made nullable breaks the Avro reader of it": Case(
        V1, order(ID, field("amount", ["null", "double"], default=None), CUSTOMER, LINES),
        BILLING + CRM, {("CON001", "error", "billing")}, 1),
    "an Avro reader schema that needs the removed field": Case(
        V1, order(ID, CUSTOMER, LINES), "",
        {("CON001", "error", "shipping")}, 1,
        readers={"consumers/shipping/orders-value.avsc": order(ID, AMOUNT)}),
    "an Avro reader schema with a default for it": Case(
        V1, order(ID, CUSTOMER, LINES), "", set(), 0,
        readers={"consumers/shipping/orders-value.avsc": order(
            ID, field("amount", "double", default=0.0))}),
    "an Avro reader schema with an owner from [[consumers]]": Case(
        V1, order(ID, CUSTOMER, LINES),
        '[[consumers]]\nname = "shipping"\nowner = "@acme/shipping"\n',
        {("CON001", "error", "shipping")}, 1,
        readers={"consumers/shipping/orders-value.avsc": order(ID, AMOUNT)}),
    "a JSON Schema reader schema of integers, the writer widened to numbers": Case(
        {"type": "object", "properties": {"id": {"type": "string"},
                                          "amount": {"type": "integer"}}},
        {"type": "object", "properties": {"id": {"type": "string"},
                                          "amount": {"type": "number"}}},
        "", {("CON001", "error", "ledger")}, 1,
        readers={"consumers/ledger/orders-value.schema.json": {
            "type": "object", "properties": {"amount": {"type": "integer"}}}},
        path=JSON),
    "a JSON Schema field list through an array": Case(
        {"type": "object", "properties": {"lines": {"type": "array", "items": {
            "type": "object", "properties": {"sku": {"type": "string"}}}}}},
        {"type": "object", "properties": {"lines": {"type": "array", "items": {
            "type": "object", "properties": {"sku": {"type": "integer"}}}}}},
        consumer("picking", ["lines[].sku"])
        + '[[subjects]]\nsubject = "orders-value"\ncompatibility = "NONE"\n',
        {("CON001", "error", "picking")}, 1, path=JSON),
    "a Protobuf reader schema of a field whose type changed": Case(
        'syntax = "proto3";\npackage acme;\nmessage Order {\n  string id = 1;\n'
        '  int64 amount = 2;\n}\n',
        'syntax = "proto3";\npackage acme;\nmessage Order {\n  string id = 1;\n'
        '  string amount = 2;\n}\n',
        '[[subjects]]\nsubject = "orders-value"\ncompatibility = "NONE"\n',
        {("CON001", "error", "ledger")}, 1,
        readers={"consumers/ledger/orders-value.proto":
                 'syntax = "proto3";\npackage acme;\nmessage Order {\n  int64 amount = 2;\n}\n'},
        path=PROTO),
    "a Protobuf field list: a nested field removed": Case(
        'syntax = "proto3";\npackage acme;\nmessage Order {\n  string id = 1;\n'
        '  Customer customer = 2;\n}\nmessage Customer {\n  string email = 1;\n}\n',
        'syntax = "proto3";\npackage acme;\nmessage Order {\n  string id = 1;\n'
        '  Customer customer = 2;\n}\nmessage Customer {\n  reserved 1;\n}\n',
        CRM, {("CON001", "error", "crm")}, 1, path=PROTO),
    # open-telemetry/opentelemetry-proto, commit 99fc853dbaf89c0f4da412ef194c9c0125f0d2be:
    # opentelemetry/proto/profiles/v1development/profiles.proto renamed a field, keeping
    # its number; the wire names it by number, and a consumer of it reads on.
    "a Protobuf field list: a nested field renamed, its number kept": Case(
        'syntax = "proto3";\npackage acme;\nmessage Order {\n  string id = 1;\n'
        '  Customer customer = 2;\n}\nmessage Customer {\n  string email = 1;\n}\n',
        'syntax = "proto3";\npackage acme;\nmessage Order {\n  string id = 1;\n'
        '  Customer customer = 2;\n}\nmessage Customer {\n  string email_address = 1;\n}\n',
        CRM, set(), 0, path=PROTO),
    "a Protobuf field list: a field renamed and its type changed": Case(
        'syntax = "proto3";\npackage acme;\nmessage Order {\n  string id = 1;\n'
        '  Customer customer = 2;\n}\nmessage Customer {\n  string email = 1;\n}\n',
        'syntax = "proto3";\npackage acme;\nmessage Order {\n  string id = 1;\n'
        '  Customer customer = 2;\n}\nmessage Customer {\n  int64 email_id = 1;\n}\n',
        CRM + '[[subjects]]\nsubject = "orders-value"\ncompatibility = "NONE"\n',
        {("CON001", "error", "crm")}, 1, path=PROTO),
    "a stale field: a warning, the run passes": Case(
        V1, order(ID, AMOUNT, CUSTOMER, LINES, field("note", ["null", "string"],
                                                     default=None)),
        consumer("crm", ["id", "customer.phone"]), {("CON002", "warning", "crm")}, 0),
    "a pending contract no version has satisfied: a warning": Case(
        V1, order(ID, CUSTOMER, LINES), '[[consumers]]\nname = "returns"\npending = true\n',
        {("CON001", "warning", "returns")}, 0,
        readers={"consumers/returns/orders-value.avsc": order(
            ID, field("return_reason", "string"))}),
    "a pending contract version 1 satisfied: an error": Case(
        V1, order(ID, CUSTOMER, LINES),
        '[[consumers]]\nname = "returns"\npending = true\n',
        {("CON001", "error", "returns")}, 1,
        readers={"consumers/returns/orders-value.avsc": order(ID, AMOUNT)}),
}


def _written(content: Any) -> str | dict[str, Any]:
    return content if isinstance(content, str) else dict(content)


def _contract_findings(repo: GitRepo, *args: str) -> tuple[int, list[dict[str, Any]]]:
    result = run_cli(repo.path, "check", *args, "--format", "json")
    assert result.returncode in (0, 1), result.stdout + result.stderr
    findings = json.loads(result.stdout)["findings"]
    return result.returncode, findings


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_each_consumer_is_judged_by_its_contract(repo: GitRepo, case: Case) -> None:
    repo.write(case.path, _written(case.v1))
    if case.config:
        repo.write("schemalint.toml", case.config)
    for path, content in case.readers.items():
        repo.write(path, _written(content))
    repo.commit("v1 and its consumers")
    repo.write(case.path, _written(case.v2))
    code, findings = _contract_findings(repo)
    found = {(f["code"], f["severity"], f["message"].split("'")[1])
             for f in findings if f["code"].startswith("CON")}
    assert found == case.expected, findings
    assert code == case.exit_code, findings
    for finding in findings:
        if finding["code"] == "CON001":
            # Anchored in the new schema, at a line of it.
            assert finding["path"] == case.path and finding["line"] is not None
            assert finding["subject"] == "orders-value"


def test_the_message_names_the_consumer_its_owner_the_field_and_the_place(
        repo: GitRepo) -> None:
    repo.write(AVRO, V1)
    repo.write("schemalint.toml", CRM)
    repo.commit("v1")
    repo.write(AVRO, order(ID, AMOUNT, field("customer", customer()), LINES))
    result = run_cli(repo.path, "check", "--format", "concise")
    assert result.returncode == 1
    con = [line for line in result.stdout.splitlines() if "CON001" in line]
    # The field 'customer', whose record lost the field: line 17 of the new file.
    assert con == [
        f"{AVRO}:17:5: error: CON001 Consumer 'crm' (owner team-crm) cannot read the new "
        "version of 'orders-value': it reads 'customer.email', and the new version has no "
        "field 'email' where the version before had it. Keep the field (deprecate it first) "
        "until the consumer stops reading it, or rename it with an alias of the old name "
        "(Avro)."], result.stdout


@pytest.mark.parametrize(("config", "readers", "stale"), [
    (consumer("crm", ["id"], subjects=("order-value",)), {}, "crm"),
    ("", {"consumers/crm/customers-value.avsc": order(ID)}, "crm"),
    # An entry with no subject and no reader schema guards nothing.
    ('[[consumers]]\nname = "audit"\nowner = "team-audit"\n', {}, "audit"),
])
def test_a_contract_naming_no_subject_is_stale_under_all(
        repo: GitRepo, config: str, readers: dict[str, Any], stale: str) -> None:
    repo.write(AVRO, V1)
    repo.write("schemalint.toml", config)
    for path, content in readers.items():
        repo.write(path, content)
    repo.commit("v1")
    code, findings = _contract_findings(repo, "--all")
    assert [(f["code"], f["message"].split("'")[1]) for f in findings
            if f["code"].startswith("CON")] == [("CON002", stale)]
    assert code == 0
    # Unchanged since HEAD: a run over the changes does not report it again.
    assert not [f for f in _contract_findings(repo)[1] if f["code"].startswith("CON")]


def test_a_new_contract_is_judged_against_the_current_schema(repo: GitRepo) -> None:
    repo.write(AVRO, order(ID, CUSTOMER))
    repo.commit("v1")
    # The subject did not change; the contract is new, and reads a field the schema lacks.
    repo.write("consumers/billing/orders-value.avsc", order(ID, AMOUNT))
    code, findings = _contract_findings(repo)
    assert [(f["code"], f["message"].split("'")[1]) for f in findings
            if f["code"].startswith("CON")] == [("CON001", "billing")]
    assert code == 1


@pytest.mark.parametrize(("config", "noted"), [
    # Nobody declared reads the field removed: the break stands, and says so.
    (consumer("crm", ["customer.email"]), True),
    # billing reads it: no such note (and a CON001 for billing).
    (BILLING, False),
])
def test_a_forward_break_no_declared_consumer_reads_says_so(
        repo: GitRepo, config: str, noted: bool) -> None:
    repo.write(AVRO, V1)
    repo.write("schemalint.toml", config + '[[subjects]]\nsubject = "orders-value"\n'
               'compatibility = "FORWARD"\n')
    repo.commit("v1")
    repo.write(AVRO, order(ID, CUSTOMER, LINES))
    code, findings = _contract_findings(repo)
    compatibility = [f for f in findings if f["code"] == "READER_FIELD_MISSING_DEFAULT_VALUE"]
    assert len(compatibility) == 1 and code == 1
    assert ("No declared consumer of 'orders-value'" in compatibility[0]["message"]) is noted


def test_an_unreadable_reader_schema_is_bad_input(repo: GitRepo) -> None:
    repo.write(AVRO, V1)
    repo.commit("v1")
    repo.write(AVRO, order(ID, CUSTOMER, LINES))
    repo.write("consumers/billing/orders-value.avsc", '{"type": "record", "name": ')
    result = run_cli(repo.path, "check", "--format", "concise")
    assert result.returncode == 2
    assert "consumers/billing/orders-value.avsc:1:" in result.stdout
    assert "INVALID_SCHEMA" in result.stdout


def test_a_check_without_consumers_loads_nothing_of_them(repo: GitRepo) -> None:
    repo.write(AVRO, V1)
    repo.commit("v1")
    repo.write(AVRO, order(ID, AMOUNT, CUSTOMER, LINES, field("note", ["null", "string"],
                                                              default=None)))
    script = ("import sys\nfrom schemalint.cli.entry import main\n"
              "try:\n    main(['check', '--format', 'concise'])\nexcept SystemExit:\n    pass\n"
              "print(sorted(m for m in sys.modules if m.startswith(("
              "'schemalint.contracts.judge', 'schemalint.contracts.paths', "
              "'schemalint.pipeline.consumers'))))\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=repo.path,
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout + result.stderr


def test_the_codes_are_explained() -> None:
    for code in ("CON001", "CON002"):
        result = run_cli(Path.cwd(), "explain", code)
        assert result.returncode == 0, result.stderr
        assert result.stdout.split()[0] == code and "How to fix" in result.stdout


def test_reader_schemas_under_a_root_of_the_whole_repository_are_no_subjects(
        repo: GitRepo) -> None:
    repo.write("orders/value.avsc", order(ID, AMOUNT))
    repo.write("schemalint.toml", 'roots = ["."]\n')
    repo.write("consumers/billing/orders-value.avsc", order(ID, AMOUNT))
    repo.commit("v1")
    repo.write("orders/value.avsc", order(ID))
    code, findings = _contract_findings(repo, "--all")
    assert {(f["code"], f["subject"]) for f in findings} == {("CON001", "orders-value")}
    assert code == 1


# Reduced from open-telemetry/opentelemetry-proto at ac2c4b5d1f3a6079de62f9afec860158ecc8af09:
# opentelemetry/proto/trace/v1/trace.proto, a subject named by its import path.
TRACE = "opentelemetry/proto/trace/v1/trace.proto"


def trace(span_name: str) -> str:
    return ('syntax = "proto3";\npackage opentelemetry.proto.trace.v1;\n'
            "message TracesData {\n  repeated Span spans = 1;\n}\n"
            f"message Span {{\n  bytes trace_id = 1;\n  {span_name} name = 5;\n}}\n")


@pytest.mark.parametrize(("config", "readers"), [
    # A reader schema of a subject named like a path: the path under the consumer's folder.
    ("", {f"consumers/indexer/{TRACE}.proto": trace("string")}),
    (consumer("indexer", ["spans[].name"], subjects=(TRACE,)), {}),
])
def test_a_protobuf_subject_named_by_its_import_path(
        repo: GitRepo, config: str, readers: dict[str, str]) -> None:
    repo.write(TRACE, trace("string"))
    repo.write("schemalint.toml", 'roots = ["opentelemetry"]\n[protobuf]\ninclude = ["."]\n'
               '[[subjects]]\nsubject = "' + TRACE + '"\ncompatibility = "NONE"\n' + config)
    for path, content in readers.items():
        repo.write(path, content)
    repo.commit("v1")
    repo.write(TRACE, trace("int64"))
    code, findings = _contract_findings(repo)
    assert [(f["code"], f["path"], f["line"]) for f in findings
            if f["code"].startswith("CON")] == [("CON001", TRACE, 8)], findings
    assert code == 1


def test_the_hooks_command_line_judges_the_contracts(repo: GitRepo) -> None:
    # `schemalint check`, as .pre-commit-hooks.yaml runs it, on a staged change.
    repo.write(AVRO, V1)
    repo.write("schemalint.toml", BILLING)
    repo.commit("v1")
    repo.write(AVRO, order(ID, CUSTOMER, LINES))
    repo.git("add", AVRO)
    result = run_cli(repo.path, "check")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "CON001 Consumer 'billing' (owner @acme/billing)" in result.stdout


def test_a_field_list_through_a_ref_to_another_file(repo: GitRepo) -> None:
    draft = "http://json-schema.org/draft-07/schema#"
    repo.write(JSON, {"$schema": draft, "type": "object", "properties": {
        "id": {"type": "string"}, "customer": {"$ref": "../shared/customer.schema.json"}}})
    customer_file = "schemas/shared/customer.schema.json"
    repo.write(customer_file, {"$schema": draft, "type": "object",
                               "properties": {"email": {"type": "string"}}})
    repo.write("schemalint.toml", CRM)
    repo.commit("v1")
    # Found through the $ref: no stale contract.
    assert not [f for f in _contract_findings(repo, "--all")[1] if f["code"].startswith("CON")]
    repo.write(customer_file, {"$schema": draft, "type": "object",
                               "properties": {"phone": {"type": "string"}}})
    code, findings = _contract_findings(repo)
    # Anchored at the $ref in the subject's own file.
    assert [(f["code"], f["path"], f["pointer"]) for f in findings
            if f["code"].startswith("CON")] == [("CON001", JSON, "/properties/customer")]
    assert code == 1


def test_a_field_list_through_an_avro_type_of_another_file(repo: GitRepo) -> None:
    repo.write(AVRO, {**order(ID, field("customer", "io.confluent.examples.Customer"))})
    shared = "schemas/shared/Customer.avsc"
    repo.write(shared, {**customer(EMAIL), "namespace": "io.confluent.examples"})
    repo.write("schemalint.toml", CRM)
    repo.commit("v1")
    assert not [f for f in _contract_findings(repo, "--all")[1] if f["code"].startswith("CON")]
    repo.write(shared, {**customer(field("phone", "string", default="")),
                        "namespace": "io.confluent.examples"})
    code, findings = _contract_findings(repo)
    # Anchored at the field of the subject's own file that holds the other file's record.
    assert [(f["code"], f["path"], f["pointer"]) for f in findings
            if f["code"].startswith("CON")] == [("CON001", AVRO, "/fields/1")]
    assert code == 1
