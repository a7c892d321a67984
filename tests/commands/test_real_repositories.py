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


# JSON Schema versions from git read their $refs with the files of their commit, as the
# registry holds each version with the references of its time. Each step of a history is
# the files it writes (a str: a link to that name; None: the file removed).
DRAFT_07 = "http://json-schema.org/draft-07/schema#"

# wikimedia/schemas-event-primary at 43aeb4abccaa542eb56491489eb830d6459453a6:
# jsonschema/mediawiki/page/change/current.yaml ($id /mediawiki/page/change/1.2.0) refers to
# `$ref: /fragment/common/2.0.0`, served by `[json] ref-map = { "/" = "jsonschema/" }` from
# jsonschema/fragment/common/2.0.0, a link to 2.0.0.yaml (written as JSON here).
WIKIMEDIA = "wikimedia/schemas-event-primary@43aeb4ab"
PAGE = "jsonschema/mediawiki/page/change/value.schema.json"
WIKIMEDIA_CONFIG = ('roots = ["jsonschema/mediawiki"]\n\n'
                    '[json]\nref-map = { "/" = "jsonschema/" }\n')


def fragment(path: str) -> dict[str, Any]:
    """A fragment at jsonschema/<path>.json and the link beside it named without extension,
    as Wikimedia keeps them."""
    name = path.rsplit("/", 1)[-1]
    return {f"jsonschema/{path}.json": {
                "$schema": DRAFT_07, "type": "object", "properties": {"dt": {"type": "string"}}},
            f"jsonschema/{path}": f"{name}.json"}


def page(ref: str, page_id: str = "integer", **extra: Any) -> dict[str, Any]:
    return {"$id": "/mediawiki/page/change/1.2.0", "$schema": DRAFT_07, "type": "object",
            "allOf": [{"$ref": ref}],
            "properties": {"page_id": {"type": page_id}, **extra}}


# RedHatInsights/event-schemas at 9ecda06a: schemas/apps/advisor/v1/
# advisor-recommendations.json ($id https://console.redhat.com/api/schemas/apps/advisor/v1/
# advisor-recommendations.json) refers to `../../../core/v1/rhel_system.json#/definitions/
# RhelSystem`: relative to its $id, the URL schemas/core/v1/rhel_system.json declares as its.
REDHAT = "RedHatInsights/event-schemas@9ecda06a"
RECOMMENDATIONS = "schemas/apps/advisor/v1/advisor-recommendations.json"
RHEL_SYSTEM = "schemas/core/v1/rhel_system.json"
CONSOLE = "https://console.redhat.com/api/schemas/"


def rhel_system(path: str = RHEL_SYSTEM, inventory_id: str = "string") -> dict[str, Any]:
    return {path: {"$schema": DRAFT_07, "$id": CONSOLE + path.removeprefix("schemas/"),
                   "definitions": {"RhelSystem": {
                       "type": "object", "properties": {"inventory_id": {"type": inventory_id}},
                       "required": ["inventory_id"]}}}}


def recommendations(system: str = RHEL_SYSTEM, **extra: Any) -> dict[str, Any]:
    relative = "../../../" + system.removeprefix("schemas/")
    return {RECOMMENDATIONS: {
        "$schema": DRAFT_07, "$id": CONSOLE + RECOMMENDATIONS.removeprefix("schemas/"),
        "type": "object", "required": ["system"],
        "properties": {"system": {"$ref": f"{relative}#/definitions/RhelSystem"}, **extra}}}


class HistoryCase(NamedTuple):
    source: str
    config: str
    # The commits, oldest first; the check is against the one before the last.
    steps: list[dict[str, Any]]
    path: str
    # (code, version compared with) of every finding on ``path`` that breaks compatibility.
    expected: set[tuple[str, int]]


MOVED = "fragment/common/2.0.0"
HISTORY_CASES = {
    "a root-relative $ref's fragment moved after version 2: compared with version 2":
    HistoryCase(
        WIKIMEDIA, WIKIMEDIA_CONFIG,
        [{**fragment(MOVED), PAGE: page(f"/{MOVED}")},
         {PAGE: page(f"/{MOVED}", title={"type": "string"})},
         {f"jsonschema/{MOVED}.json": None, f"jsonschema/{MOVED}": None,
          **fragment("fragment/base/2.0.0"),
          PAGE: page("/fragment/base/2.0.0", title={"type": "integer"})}],
        PAGE, {("COMBINED_TYPE_SUBSCHEMAS_CHANGED", 2)}),
    "a relative $ref's file renamed after version 2: compared with version 2": HistoryCase(
        REDHAT, 'roots = ["schemas"]\n',
        [{**rhel_system(), **recommendations()},
         recommendations(note={"type": "string"}),
         {RHEL_SYSTEM: None, **rhel_system("schemas/core/v1/system.json"),
          **recommendations("schemas/core/v1/system.json", note={"type": "integer"})}],
        RECOMMENDATIONS, {("TYPE_CHANGED", 2)}),
    "a relative $ref's file changed: the old version reads it as it was": HistoryCase(
        REDHAT, 'roots = ["schemas"]\n',
        [{**rhel_system(), **recommendations()},
         {**rhel_system(inventory_id="integer"),
          **recommendations(note={"type": "string"})}],
        RECOMMENDATIONS,
        {("TYPE_CHANGED", 1), ("OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", 1)}),
}


@pytest.mark.parametrize("case", HISTORY_CASES.values(), ids=list(HISTORY_CASES))
def test_json_schema_versions_are_read_with_the_references_of_their_time(
        repo: GitRepo, case: HistoryCase) -> None:
    repo.write("schemalint.toml", case.config)
    commits = []
    for step in case.steps:
        for path, content in step.items():
            if content is None:
                repo.remove(path)
            elif isinstance(content, str):
                (repo.path / path).symlink_to(content)
            else:
                repo.write(path, content)
        commits.append(repo.commit())
    result = run_cli(repo.path, "check", "--against", commits[-2], "--format", "json",
                     "--select", "SUB")
    findings = json.loads(result.stdout)["findings"]
    assert {(f["code"], f["against"]["version"]) for f in findings
            if f["path"] == case.path and f.get("level")} == case.expected, result.stdout
