"""Shapes met in public repositories nobody had tried schemalint on.

Each case is a few lines reproducing what one repository holds; ``source`` names the
repository, the commit and the paths. What ``init`` writes for it, and what ``check --all``
then checks with that configuration, are pinned: which files are schemas, which subjects
they are, and that no error comes from the layout itself.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field

import pytest
from gitrepo import GitRepo
from layout_cases import avro, init_and_check, proto

from schemalint.config import load_config
from schemalint.project import classify, map_subjects
from schemalint.sources.files import guess_schema_type


def avro_indented(name: str, namespace: str, *fields: str) -> str:
    """An Avro record laid out over lines, as these repositories write them."""
    return avro(name, namespace, *fields, indent=2)


MOMENTO = "momentohq/client-protos@6295b59d"
CHAINLINK = "smartcontractkit/chainlink-protos@06ed99d5"
DRIVER = "DRIVER-EU/avro-schemas@cb61a6a6"
CLOUDEVENTS = "googleapis/google-cloudevents@6fda292a"
IGLU = "snowplow/iglu-central@cbac22ed"


# (source, path, text, whether it is a JSON Schema)
JSON_FILES = [
    (MOMENTO + " javascript/tsconfig.json", "javascript/tsconfig.json",
     '{\n  "compilerOptions": {\n    "target": "ES2015",\n    // a comment\n    "strict": true\n'
     '  },\n  "$schema": "https://json.schemastore.org/tsconfig"\n}\n', False),
    (CHAINLINK + " .changeset/config.json", ".changeset/config.json",
     '{"$schema": "https://unpkg.com/@changesets/config@3.0.3/schema.json", "access": '
     '"public", "baseBranch": "main"}', False),
    (CLOUDEVENTS + " jsonschema/catalog.json", "jsonschema/catalog.json",
     '{"$schema": "https://json.schemastore.org/schema-catalog", "version": 1, "schemas": []}',
     False),
    (CLOUDEVENTS + " jsonschema/google/events/cloud/pubsub/v1/MessagePublishedData.json",
     "jsonschema/MessagePublishedData.json",
     '{"$id": "https://googleapis.github.io/x.json", "$schema": '
     '"http://json-schema.org/draft-04/schema#", "$ref": "#/definitions/M"}', True),
    (IGLU + " schemas/com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1 "
     "(a self-describing meta-schema)", "schemas/link_click.json",
     '{"$schema": "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/'
     'jsonschema/1-0-0#", "self": {}, "type": "object", "properties": {}}', True),
    ("a JSON Schema that does not parse is still one, to be reported", "schemas/a.json",
     '{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": }', True),
]


@pytest.mark.parametrize(("source", "path", "text", "is_schema"), JSON_FILES,
                         ids=[case[0] for case in JSON_FILES])
def test_a_json_file_declaring_a_configuration_schema_is_no_schema(
        source: str, path: str, text: str, is_schema: bool) -> None:
    assert (guess_schema_type(path, text) is not None) is is_schema


@dataclass
class Case:
    source: str
    files: dict[str, str]
    roots: list[str]
    strategy: str
    subject_of: dict[str, str] = field(default_factory=dict)  # file → its subject
    subjects: dict[str, str] = field(default_factory=dict)  # [[subjects]] file → subject
    checked: int = 0  # schemas check --all checks with the written config
    unchecked: list[str] = field(default_factory=list)  # files that are no subject's


CASES = {
    # core/heartbeat/system_heartbeat-value.avsc: "these schema's are named TOPIC_NAME-key
    # and TOPIC_NAME-value" (the repository's README). They were record-named types under
    # the record strategy, and init's [[subjects]] for two of them failed SUB001.
    "files named after their subject": Case(
        DRIVER + " core/heartbeat/*-value.avsc, edxl-de/edxl-de-key.avsc",
        {"core/heartbeat/system_heartbeat-value.avsc":
             avro_indented("Heartbeat", "eu.driver.model.core", "id"),
         "core/heartbeat/system_admin_heartbeat-value.avsc":
             avro_indented("AdminHeartbeat", "eu.driver.model.core", "id"),
         "edxl-de/edxl-de-key.avsc":
             avro_indented("EDXLDistribution", "eu.driver.model.edxl", "id")},
        roots=["core", "edxl-de"], strategy="topic",
        subject_of={"core/heartbeat/system_heartbeat-value.avsc": "system_heartbeat-value",
                    "core/heartbeat/system_admin_heartbeat-value.avsc":
                        "system_admin_heartbeat-value",
                    "edxl-de/edxl-de-key.avsc": "edxl-de-key"},
        checked=3),
    # javascript/tsconfig.json names its own schema with "$schema" (and holds // comments):
    # it was a JSON Schema root, an INVALID_SCHEMA and exit 2. kotlin/android/google-protos/
    # google/protobuf/descriptor.proto is a copy of a well-known type: a root of its own
    # and a subject the registry never holds.
    "configuration files and a copied well-known type": Case(
        MOMENTO + " javascript/tsconfig.json, kotlin/android/google-protos, proto/",
        {"javascript/tsconfig.json": JSON_FILES[0][2],
         "kotlin/android/google-protos/google/protobuf/descriptor.proto":
             proto("google.protobuf", "FileDescriptorSet"),
         "proto/cacheclient.proto": proto("cache_client", "_GetResponse")},
        roots=["proto"], strategy="record",
        subject_of={"proto/cacheclient.proto": "cacheclient.proto"}, checked=1,
        unchecked=["kotlin/android/google-protos/google/protobuf/descriptor.proto"]),
    # third_party/googleapis holds google/rpc/status.proto (a reference the events import)
    # beside google/type/*.proto, which registries know themselves: those were 14 subjects
    # with 3,000 lint findings on Google's own files, or ORP001 notes.
    "vendored googleapis": Case(
        CLOUDEVENTS + " third_party/googleapis/google/{rpc,type}, proto/google/events",
        {"third_party/googleapis/google/type/month.proto": proto("google.type", "Month"),
         "third_party/googleapis/google/rpc/status.proto": proto("google.rpc", "Status"),
         "proto/google/events/cloud/audit/v1/data.proto":
             proto("google.events.cloud.audit.v1", "LogEntryData", "google/rpc/status.proto",
                   "google/type/month.proto")},
        roots=["third_party/googleapis", "proto"], strategy="record",
        subject_of={"third_party/googleapis/google/rpc/status.proto": "google/rpc/status.proto",
                    "proto/google/events/cloud/audit/v1/data.proto":
                        "google/events/cloud/audit/v1/data.proto"},
        checked=2, unchecked=["third_party/googleapis/google/type/month.proto"]),
    # data-feeds/bridge_status/v1/job_info.proto and workflows/bridge_status/v1/job_info.proto:
    # one import path, package and first message in two projects, with other content. init
    # named them apart with the import path as record ("bridge_status.v1.data-feeds-
    # bridge_status/v1/job_info.proto"), which SUB001 then failed, 12 errors on init's own
    # configuration.
    "one import path in two projects": Case(
        CHAINLINK + " {data-feeds,workflows}/bridge_status/v1/job_info.proto",
        {"data-feeds/bridge_status/v1/job_info.proto": proto("bridge_status.v1", "JobInfo"),
         "workflows/bridge_status/v1/job_info.proto":
             proto("bridge_status.v1", "JobInfo").replace("string id = 1;",
                                                          "string id = 1;\n  int64 at = 2;")},
        roots=["data-feeds", "workflows"], strategy="topic-record",
        subjects={"data-feeds/bridge_status/v1/job_info.proto":
                      "bridge_status.v1.data-feeds-bridge_status.v1.JobInfo",
                  "workflows/bridge_status/v1/job_info.proto":
                      "bridge_status.v1.workflows-bridge_status.v1.JobInfo"},
        subject_of={"data-feeds/bridge_status/v1/job_info.proto":
                        "bridge_status.v1.data-feeds-bridge_status.v1.JobInfo",
                    "workflows/bridge_status/v1/job_info.proto":
                        "bridge_status.v1.workflows-bridge_status.v1.JobInfo"},
        checked=2),
}


LAYOUT_ERRORS = {"INVALID_SCHEMA", "SUB001", "SUBJECT_CONFLICT"}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_init_then_check_reads_the_layout(repo: GitRepo, case: Case) -> None:
    for path, text in case.files.items():
        repo.write(path, text)
    repo.commit("schemas")
    init, report = init_and_check(repo)
    assert init.returncode == 0, init.stderr
    config = load_config(repo.path)
    assert list(config.roots) == case.roots
    assert config.strategy == case.strategy
    assert {entry.file: entry.subject for entry in config.subjects} == case.subjects
    summary = report["summary"]
    assert isinstance(summary, dict) and summary["checked"] == case.checked, report
    findings = report["findings"]
    assert isinstance(findings, list)
    assert not [f for f in findings if f["code"] in LAYOUT_ERRORS], findings
    assert not [f for f in findings if f["path"] in case.unchecked], findings
    classified = [classify(path, config.roots, text) for path, text in case.files.items()]
    mapped = map_subjects([f for f in classified if f], config, case.files)
    assert {mapped[subject].path: subject for subject in mapped} == case.subject_of


REDHAT = "RedHatInsights/event-schemas@265e53ff"
EVENTS_ID = "https://console.redhat.com/api/schemas/events/v1/events.json"
# schemas/events/v1/events.json ($id under https://console.redhat.com/api/schemas/) refers to
# "../../apps/export-service/export-request.json", whose own $id says .../v1/...: no $id
# serves the URL the reference makes; the repository's validator (scripts/validate.js) maps
# the URL prefix to its schemas/ folder. The error named only the relative reference, so
# which prefix to map was left to guess.
REDHAT_FILES = {
    "schemas/events/v1/events.json": {
        "$schema": "http://json-schema.org/draft-07/schema#", "$id": EVENTS_ID,
        "title": "Event", "type": "object",
        "properties": {"data": {"$ref": "../../apps/export-service/export-request.json"}}},
    "schemas/apps/export-service/export-request.json": {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://console.redhat.com/api/schemas/apps/export-service/v1/"
               "export-request.json",
        "title": "ExportRequested", "type": "object",
        "properties": {"id": {"type": "string"}}},
}


@pytest.mark.parametrize(("ref_map", "error"), [
    ("", "remote $ref '../../apps/export-service/export-request.json' (https://console.redhat"
         ".com/api/schemas/apps/export-service/export-request.json by the $id) is not fetched;"
         " map its URL prefix to a local folder with [json] ref-map"),
    ('{ "https://console.redhat.com/api/schemas/" = "schemas/" }', None),
], ids=["unmapped", "ref-map"])
def test_a_relative_ref_under_a_url_id_is_named_by_its_url(
        repo: GitRepo, ref_map: str, error: str | None) -> None:
    for path, document in REDHAT_FILES.items():
        repo.write(path, document)
    repo.write("schemalint.toml", 'version = 1\nroots = ["schemas"]\nstrategy = "record"\n'
               + (f"[json]\nref-map = {ref_map}\n" if ref_map else ""))
    repo.commit(REDHAT)
    check = subprocess.run([sys.executable, "-m", "schemalint", "check", "--all", "--format",
                            "json"], cwd=repo.path, capture_output=True, text=True,
                           check=False)
    invalid = [f["message"] for f in json.loads(check.stdout)["findings"]
               if f["code"] == "INVALID_SCHEMA"]
    assert invalid == ([error] if error else [])


def test_a_layout_of_files_without_extension_is_named_not_passed_over(repo: GitRepo) -> None:
    # snowplow/iglu-central@cbac22ed: schemas/<vendor>/<name>/jsonschema/<SchemaVer>, JSON
    # Schemas in files without an extension, a layout schemalint does not read. The error
    # said "none of its 679 files is a schema" and named none of them.
    schema = {"$schema": "http://json-schema.org/draft-04/schema#", "type": "object"}
    for name in ("com.adjust/install", "com.acme/link_click"):
        repo.write(f"schemas/{name}/jsonschema/1-0-0", schema)
    repo.write("schemalint.toml", 'version = 1\nroots = ["schemas"]\n')
    repo.commit(IGLU)
    check = subprocess.run([sys.executable, "-m", "schemalint", "check", "--all"],
                           cwd=repo.path, capture_output=True, text=True, check=False)
    assert (check.returncode, check.stdout) == (2, "")
    assert check.stderr == (
        "schemalint: error: schemalint.toml:2: no schema under schemas: none of its 2 files is "
        "a schema (schemas/com.acme/link_click/jsonschema/1-0-0, schemas/com.adjust/install/"
        "jsonschema/1-0-0); schemalint reads .avsc, .json with $schema, .schema.json, a JSON "
        "Schema in .yaml, an AsyncAPI document and .proto\n")
