"""Defects met running schemalint over public schema repositories, each reduced to its shape.

Every case names the repository, commit and paths it comes from; the evaluation that found
them is ``benchmarks/real_repositories.py``.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

import pytest
from cli_runner import run_cli
from gitrepo import GitRepo

# confluentinc/examples, commit 73efb410 ("Resolve merge conflict"): the three Payment*.avsc
# files of clients/avro/src/main/resources/avro/io/confluent/examples/clients/basicavro are
# left empty, each its own [[subjects]] entry as init writes them.
EXAMPLES = "confluentinc/examples@73efb410"
BASIC_AVRO = "clients/avro/src/main/resources/avro/io/confluent/examples/clients/basicavro"


class Case(NamedTuple):
    source: str
    config: str
    before: dict[str, Any]
    after: dict[str, Any]
    # (code, path) of every finding, each once.
    expected: list[tuple[str, str]]


PAYMENT = {"type": "record", "name": "Payment",
           "namespace": "io.confluent.examples.clients.basicavro",
           "fields": [{"name": "id", "type": "string"}, {"name": "amount", "type": "double"}]}
SUBJECTS = "".join(
    f'[[subjects]]\nsubject = "{name}-value"\nfile = "{BASIC_AVRO}/{name}.avsc"\n'
    for name in ("Payment", "Payment2a", "Payment2b"))

CASES = {
    "files emptied alike each report their own invalid schema": Case(
        f"{EXAMPLES}: {BASIC_AVRO}/Payment.avsc, Payment2a.avsc, Payment2b.avsc",
        f'roots = ["clients"]\n{SUBJECTS}',
        {f"{BASIC_AVRO}/{name}.avsc": PAYMENT for name in ("Payment", "Payment2a",
                                                          "Payment2b")},
        {f"{BASIC_AVRO}/{name}.avsc": "" for name in ("Payment", "Payment2a", "Payment2b")},
        [("INVALID_SCHEMA", f"{BASIC_AVRO}/{name}.avsc")
         for name in ("Payment", "Payment2a", "Payment2b")]),
}


@pytest.mark.parametrize("case", CASES.values(), ids=list(CASES))
def test_a_change_met_in_a_public_repository(repo: GitRepo, case: Case) -> None:
    repo.write("schemalint.toml", case.config)
    for path, content in case.before.items():
        repo.write(path, content)
    base = repo.commit("before")
    for path, content in case.after.items():
        repo.write(path, content)
    repo.commit("after")
    result = run_cli(repo.path, "check", "--against", base, "--format", "json",
                     "--select", "SUB")
    findings = json.loads(result.stdout)["findings"]
    assert sorted((f["code"], f["path"]) for f in findings) == sorted(case.expected)


# open-telemetry/opentelemetry-proto, commit 1e69bf2e ("Delete deprecated
# InstrumentationLibrary-related fields and messages"): common.proto loses a message that
# earlier versions of metrics.proto used. Those versions must be read with the common.proto
# of their time; compiled against today's, they were lost, and the check compared with a
# version years old.
OTEL_COMMON = "opentelemetry/proto/common/v1/common.proto"
OTEL_METRICS = "opentelemetry/proto/metrics/v1/metrics.proto"


def common_proto(*messages: str) -> str:
    return ('syntax = "proto3";\npackage opentelemetry.proto.common.v1;\n'
            + "".join(f"message {name} {{ string name = 1; }}\n" for name in messages))


def metrics_proto(*fields: str) -> str:
    return ('syntax = "proto3";\npackage opentelemetry.proto.metrics.v1;\n'
            f'import "{OTEL_COMMON}";\nmessage MetricsData {{\n'
            + "".join(f"  {field};\n" for field in fields) + "}\n")


LIBRARY = "opentelemetry.proto.common.v1.InstrumentationLibrary library = 1"
SCOPE = "opentelemetry.proto.common.v1.InstrumentationScope scope = 2"


def test_protobuf_versions_are_read_with_the_imports_of_their_time(repo: GitRepo) -> None:
    repo.write("schemalint.toml", 'roots = ["."]\n')
    repo.write(OTEL_COMMON, common_proto("InstrumentationLibrary", "InstrumentationScope"))
    repo.write(OTEL_METRICS, metrics_proto("string name = 3"))
    repo.commit("version 1: uses nothing of common.proto")
    repo.write(OTEL_METRICS, metrics_proto(LIBRARY, SCOPE, "string name = 3"))
    base = repo.commit("version 2: uses InstrumentationLibrary")
    repo.write(OTEL_COMMON, common_proto("InstrumentationScope"))
    repo.write(OTEL_METRICS, metrics_proto(SCOPE, "int64 name = 3"))
    repo.commit("the library message deleted, and a field changes its kind")
    result = run_cli(repo.path, "check", "--against", base, "--format", "json", "--select", "SUB")
    findings = json.loads(result.stdout)["findings"]
    assert [(f["code"], f["path"], f["against"]["version"]) for f in findings
            if f["path"] == OTEL_METRICS] == [("FIELD_SCALAR_KIND_CHANGED", OTEL_METRICS, 2)]


# The same shape in Avro: a named type of another file is renamed (an Address becomes a
# PostalAddress, as confluentinc/demo-scene's shared types were reorganised); versions that
# used the old name read with the files of their commit, not lost from the history. (The
# rename itself breaks: Avro resolves a union's records by full name.)
ADDRESS = "schemas/common/address.avsc"
ORDER_VALUE = "schemas/orders/value.avsc"


def address(name: str) -> dict[str, Any]:
    return {"type": "record", "name": name, "namespace": "com.acme",
            "fields": [{"name": "city", "type": "string"}]}


def order(id_type: str, address_type: str | None = None) -> dict[str, Any]:
    fields: list[dict[str, Any]] = [{"name": "id", "type": id_type}]
    if address_type:
        fields.append({"name": "address", "type": ["null", address_type], "default": None})
    return {"type": "record", "name": "OrderPlaced", "namespace": "com.acme", "fields": fields}


def test_avro_versions_are_read_with_the_named_types_of_their_time(repo: GitRepo) -> None:
    repo.write(ADDRESS, address("Address"))
    repo.write(ORDER_VALUE, order("string"))
    repo.commit("version 1")
    repo.write(ORDER_VALUE, order("string", "com.acme.Address"))
    base = repo.commit("version 2 uses com.acme.Address")
    repo.write(ADDRESS, address("PostalAddress"))
    repo.write(ORDER_VALUE, order("int", "com.acme.PostalAddress"))
    repo.commit("the type renamed, and the id changes its type")
    result = run_cli(repo.path, "check", "--against", base, "--format", "json", "--select", "SUB")
    findings = json.loads(result.stdout)["findings"]
    assert {(f["code"], f["against"]["version"]) for f in findings
            if f["path"] == ORDER_VALUE and f.get("level")} == {
                ("TYPE_MISMATCH", 2), ("MISSING_UNION_BRANCH", 2)}
