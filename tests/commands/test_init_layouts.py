"""``init`` on the shapes of public schema repositories: the roots, strategy and subjects it
writes, and that ``check --all`` with that config then checks the real schemas and nothing
else, with no error that comes from the layout.

Each case is a few lines reproducing a repository's shape; ``source`` names it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field

import pytest
from gitrepo import GitRepo
from layout_cases import avro, init_and_check, proto

from schemalint.commands.init import edited_in_place, plan
from schemalint.config import load_config
from schemalint.project import classify, map_subjects

OTEL = "open-telemetry/opentelemetry-proto@ac2c4b5d"
TUTORIALS = "confluentinc/kafka-tutorials@6225e7c1"
EXAMPLES = "confluentinc/examples@4f840b64"
AVRO = "apache/avro@87212a6d"
MOZILLA = "mozilla-services/mozilla-pipeline-schemas@88a4adfc"
WIKIMEDIA = "wikimedia/schemas-event-primary@43aeb4ab"


def wikimedia_versions(folder: str, title: str, version: str, ref: str = "") -> dict[str, str]:
    """A Wikimedia schema folder: the version, and current.yaml and latest.yaml as copies."""
    text = (f"title: {title}\n$id: /{title}/{version}\n"
            "$schema: https://json-schema.org/draft-07/schema#\ntype: object\n"
            + (f"allOf:\n  - $ref: {ref}\n" if ref else "")
            + "properties:\n  dt:\n    type: string\n    description: When.\n")
    return {f"{folder}/{name}": text for name in (f"{version}.yaml", "current.yaml",
                                                 "latest.yaml")}


YAML_EVENT = ("title: mediawiki/revision/create\n$id: /mediawiki/revision/create/1.0.0\n"
              "$schema: https://json-schema.org/draft-07/schema#\ntype: object\n"
              "additionalProperties: false\nproperties:\n  page_id:\n    type: integer\n")

JSON_SCHEMA = json.dumps({"$schema": "http://json-schema.org/draft-07/schema#",
                          "title": "main", "type": "object"})


@dataclass
class Case:
    source: str
    files: dict[str, str]
    roots: list[str]
    strategy: str
    subjects: dict[str, str] = field(default_factory=dict)  # [[subjects]] file → subject
    checked: int = 0  # schemas check --all checks with the written config
    subject_of: dict[str, str] = field(default_factory=dict)  # file → its subject
    gitignore: str = ""


CASES = {
    # opentelemetry/proto/trace/v1/trace.proto imports "opentelemetry/proto/common/v1/
    # common.proto": imports are written from the repository's top, so the root is "." and
    # the subject of common.proto is its import path (roots = ["opentelemetry"] made it
    # "proto/common/v1/common.proto"). The collector service file is imported by nothing:
    # its package matches its folders (opentelemetry/proto/collector/trace/v1).
    "protobuf imports from the top": Case(
        OTEL + " opentelemetry/proto/{common,trace,collector/trace}/v1/*.proto",
        {"opentelemetry/proto/common/v1/common.proto":
             proto("opentelemetry.proto.common.v1", "AnyValue"),
         "opentelemetry/proto/trace/v1/trace.proto":
             proto("opentelemetry.proto.trace.v1", "TracesData",
                   "opentelemetry/proto/common/v1/common.proto"),
         "opentelemetry/proto/collector/trace/v1/trace_service.proto":
             proto("opentelemetry.proto.collector.trace.v1", "TracesExported",
                   "opentelemetry/proto/trace/v1/trace.proto"),
         "examples/trace.json": '{"resourceSpans": []}'},
        roots=["."], strategy="record", checked=3,
        subject_of={"opentelemetry/proto/common/v1/common.proto":
                        "opentelemetry/proto/common/v1/common.proto"}),
    # .../multiple-event-types/kafka/code/src/main/proto/customer-event.proto imports its
    # siblings as "purchase.proto": their folder is the root (a root above it made the import
    # unresolvable: INVALID_SCHEMA), while the Avro schemas keep the highest clean folder.
    "protobuf sibling imports": Case(
        TUTORIALS + " _includes/tutorials/multiple-event-types/kafka/code/src/main/*",
        {"_includes/tutorials/multi/kafka/code/src/main/proto/customer-event.proto":
             proto("io.confluent.developer.proto", "CustomerEvent", "purchase.proto"),
         "_includes/tutorials/multi/kafka/code/src/main/proto/purchase.proto":
             proto("io.confluent.developer.proto", "Purchase"),
         "_includes/tutorials/multi/kafka/code/src/main/avro/purchase.avsc":
             avro("Purchase", "io.confluent.developer.avro", "item")},
        roots=["_includes/tutorials/multi/kafka/code/src/main/proto", "_includes"],
        strategy="record", checked=3),
    # lang/java/avro/src/test/resources/*.avsc and share/test/schemas/*.avsc are test
    # fixtures beside share/schemas/org/apache/avro/ipc/*.avsc: roots = ["lang", "share"]
    # checked 64 of them.
    "test folders left out": Case(
        AVRO + " share/schemas, share/test/schemas, lang/java/avro/src/test/resources",
        {"share/schemas/org/apache/avro/ipc/HandshakeRequest.avsc":
             avro("HandshakeRequest", "org.apache.avro.ipc", "clientHash"),
         "share/test/schemas/FooBarSpecificRecord.avsc":
             avro("FooBarSpecificRecord", "org.apache.avro", "id"),
         "lang/java/avro/src/test/resources/SchemaBuilder.avsc":
             avro("RecordAll", "org.apache.avro", "x"),
         "lang/js/test/dat/Person.avsc": avro("Person", "org.apache.avro", "name")},
        roots=["share/schemas"], strategy="record", checked=1),
    # What .gitignore hides is no schema folder.
    "ignored folders left out": Case(
        "issue 16 (generated code beside the schemas)",
        {"schemas/orders/value.avsc": avro("OrderPlaced", "com.acme", "order_id"),
         "generated/orders/value.avsc": avro("OrderPlaced", "com.acme", "order_id")},
        roots=["schemas"], strategy="topic", checked=1, gitignore="generated/\n"),
    # One record, other content, in two projects of one repository:
    # clients/cloud/java-springboot/src/main/avro/DataRecordAvro.avsc and
    # clients/cloud/java/src/main/resources/avro/io/confluent/examples/clients/cloud/
    # DataRecordAvro.avsc. Under the record strategy they were one subject (one checked).
    "one record in two folders": Case(
        EXAMPLES + " clients/cloud/{java,java-springboot}/**/DataRecordAvro.avsc",
        {"clients/cloud/java-springboot/src/main/avro/DataRecordAvro.avsc":
             avro("DataRecordAvro", "io.confluent.examples.clients.cloud", "count"),
         "clients/cloud/java/src/main/avro/DataRecordAvro.avsc":
             avro("DataRecordAvro", "io.confluent.examples.clients.cloud", "count", "extra")},
        roots=["clients"], strategy="topic-record",
        subjects={"clients/cloud/java-springboot/src/main/avro/DataRecordAvro.avsc":
                      "cloud.java-springboot.src.main.avro-"
                      "io.confluent.examples.clients.cloud.DataRecordAvro",
                  "clients/cloud/java/src/main/avro/DataRecordAvro.avsc":
                      "cloud.java.src.main.avro-io.confluent.examples.clients.cloud."
                      "DataRecordAvro"},
        checked=2),
    # Folders of semver versions with current.yaml and latest.yaml beside them, the page
    # schema reaching the fragment (YAML only) by a root-relative $ref its $id answers:
    # check found the $ref unresolvable, as YAML $ids were not read (42 INVALID_SCHEMA on
    # the repository after init).
    "a folder of versions in YAML": Case(
        WIKIMEDIA + " jsonschema/fragment/common/, jsonschema/mediawiki/api/request/",
        {**wikimedia_versions("jsonschema/fragment/common", "fragment/common", "1.0.0"),
         **wikimedia_versions("jsonschema/mediawiki/api/request", "mediawiki/api/request",
                              "1.0.0", ref="/fragment/common/1.0.0")},
        roots=["jsonschema"], strategy="topic", checked=2),
    # schemas/ holds the JSON Schemas; templates/ their sources, validation/ sample payloads.
    "a schemas folder wins": Case(
        MOZILLA + " schemas/telemetry/main, templates/telemetry/main, validation/telemetry",
        {"schemas/telemetry/main/main.4.schema.json": JSON_SCHEMA,
         "templates/telemetry/main/main.4.schema.json": JSON_SCHEMA,
         "validation/telemetry/main.4.sample.pass.json": '{"payload": {}}'},
        roots=["schemas"], strategy="topic", checked=1),
    # jsonschema/<stream>/<semver>.yaml with current.yaml beside the versions (which holds
    # the unresolved $refs its tooling expands): one subject per folder, no entry per file.
    "a folder of YAML versions with its current.yaml": Case(
        WIKIMEDIA + " jsonschema/mediawiki/revision/create/{1.0.0,1.1.0,current}.yaml",
        {"jsonschema/mediawiki/revision/create/1.0.0.yaml": YAML_EVENT,
         "jsonschema/mediawiki/revision/create/1.1.0.yaml": YAML_EVENT + "  rev_id:\n"
                                                             "    type: integer\n",
         "jsonschema/mediawiki/revision/create/current.yaml":
             YAML_EVENT + "  meta:\n    $ref: /fragment/common/2.0.0\n"},
        roots=["jsonschema"], strategy="topic", checked=1,
        subject_of={"jsonschema/mediawiki/revision/create/1.1.0.yaml":
                    "mediawiki.revision.create-value"}),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_init_chooses_roots_strategy_and_subjects(case: Case) -> None:
    texts = {path: text for path, text in case.files.items()
             if not case.gitignore or not path.startswith(case.gitignore.strip())}
    layout = plan(texts)
    assert layout.roots == case.roots
    assert layout.strategy == case.strategy
    assert dict(layout.subjects) == case.subjects


LAYOUT_ERRORS = {"INVALID_SCHEMA", "SUB001"}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_written_config_checks_the_real_schemas(repo: GitRepo, case: Case) -> None:
    for path, text in case.files.items():
        repo.write(path, text)
    if case.gitignore:
        repo.write(".gitignore", case.gitignore)
    repo.commit("schemas")
    init, report = init_and_check(repo)
    assert init.returncode == 0, init.stderr
    summary = report["summary"]
    assert isinstance(summary, dict) and summary["checked"] == case.checked, report
    findings = report["findings"]
    assert isinstance(findings, list)
    assert not [f for f in findings if f["code"] in LAYOUT_ERRORS], findings
    config = load_config(repo.path)
    classified = [classify(path, config.roots, text) for path, text in case.files.items()]
    mapped = map_subjects([f for f in classified if f], config, case.files)
    for path, subject in case.subject_of.items():
        assert mapped[subject].path == path
    assert not [f for f in findings if any(part in f["path"] for part in
                                           ("/test/", "templates/", "generated/"))]


EXISTING = [
    # (file, its text, what the error names)
    ("pyproject.toml", '[project]\nname = "x"\n\n[tool.schemalint]\nroots = ["events"]\n',
     "its [tool.schemalint] table rules here"),
    ("schemalint.toml", 'roots = ["events"]\n', "this file rules here"),
]


@pytest.mark.parametrize(("name", "text", "rules"), EXISTING, ids=[e[0] for e in EXISTING])
def test_an_existing_configuration_is_read_and_left_alone(repo: GitRepo, name: str,
                                                           text: str, rules: str) -> None:
    repo.write(name, text)
    repo.write("schemas/orders/value.avsc", avro("OrderPlaced", "com.acme", "order_id"))
    repo.commit("configured")
    result = subprocess.run([sys.executable, "-m", "schemalint", "init"], cwd=repo.path,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert result.stderr == (f"schemalint: error: {repo.path / name}: schemalint is configured "
                             f"already: {rules}; nothing written (--force writes "
                             f"{repo.path / 'schemalint.toml'} anyway)\n")
    assert repo.git("status", "--porcelain") == ""
    printed = subprocess.run([sys.executable, "-m", "schemalint", "init", "--print"],
                             cwd=repo.path, capture_output=True, text=True, check=False)
    assert printed.returncode == 0 and 'roots = ["schemas"]' in printed.stdout
    forced = subprocess.run([sys.executable, "-m", "schemalint", "init", "--force"],
                            cwd=repo.path, capture_output=True, text=True, check=False)
    assert forced.returncode == 0, forced.stderr
    assert 'roots = ["schemas"]' in (repo.path / "schemalint.toml").read_text()
    if name == "pyproject.toml":
        assert "takes precedence over [tool.schemalint]" in forced.stdout


# mozilla-services/mozilla-pipeline-schemas, branch generated-schemas (19c97f5c): every
# schemas/<namespace>/<doctype>/<doctype>.<N>.schema.json is regenerated in place, commit
# after commit; N is a major version (a table of its own), not a published snapshot.
MOZILLA_MAIN = "schemas/telemetry/main/main.4.schema.json"


def mozilla_schema(*properties: str) -> str:
    return json.dumps({"$schema": "http://json-schema.org/draft-04/schema#", "title": "main",
                       "type": "object", "additionalProperties": False,
                       "properties": {name: {"type": "string"} for name in properties}})


def test_versions_edited_in_place_are_major_versions_evolving_in_git(repo: GitRepo) -> None:
    repo.write(MOZILLA_MAIN, mozilla_schema("client_id"))
    repo.commit("generated")
    for added in ("payload", "environment", "metadata"):  # a median of 9 edits a file there
        repo.write(MOZILLA_MAIN, mozilla_schema("client_id", added))
        base = repo.commit("regenerated in place")
    init = subprocess.run([sys.executable, "-m", "schemalint", "init"], cwd=repo.path,
                          capture_output=True, text=True, check=False)
    assert init.returncode == 0, init.stderr
    config = load_config(repo.path)
    found = classify(MOZILLA_MAIN, config.roots, None, config.versioned)
    assert found is not None and (found.topic, found.role, found.version) == (
        "telemetry.main.4", "value", None)
    repo.write(MOZILLA_MAIN, mozilla_schema("client_id", "ping_info"))  # metadata dropped
    check = subprocess.run([sys.executable, "-m", "schemalint", "check", "--against", base,
                            "--format", "json", "--select", "SUB"], cwd=repo.path,
                           capture_output=True, text=True, check=False)
    findings = json.loads(check.stdout)["findings"]
    assert ("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", "telemetry.main.4-value") in {
        (f["code"], f["subject"]) for f in findings}
    assert "VERSION_EDITED" not in {f["code"] for f in findings}


def test_versions_never_edited_stay_versions() -> None:
    texts = {"schemas/telemetry/main/main.4.schema.json": mozilla_schema("client_id"),
             "schemas/telemetry/main/main.5.schema.json": mozilla_schema("client_id", "x")}
    assert plan(texts).versioned is None
    assert plan(texts, frozenset(texts)).versioned is not None


# wikimedia/schemas-event-primary (43aeb4ab): bae8d93 rematerialised every published
# <semver>.yaml once (numeric bounds); a few were fixed once more. Upkeep of published
# versions: they stay versions, not files evolving in place.
@pytest.mark.parametrize(("edits", "evolving"), [
    pytest.param(1, False, id="one mass rewrite (wikimedia bae8d93)"),
    pytest.param(2, False, id="a rewrite and a fix"),
    pytest.param(3, True, id="edited again and again (mozilla-pipeline-schemas)"),
])
def test_only_files_edited_again_and_again_evolve_in_place(
        repo: GitRepo, edits: int, evolving: bool) -> None:
    paths = ["jsonschema/mediawiki/page/delete/1.0.0.yaml",
             "jsonschema/mediawiki/page/move/1.0.0.yaml"]
    texts = {path: YAML_EVENT for path in paths}
    for path, text in texts.items():
        repo.write(path, text)
    repo.commit("published")
    for edit in range(edits):
        for path in paths:
            repo.write(path, YAML_EVENT + f"  rev_{edit}:\n    type: integer\n")
        repo.commit("rematerialised")
    assert (edited_in_place(repo.path, paths) == frozenset(paths)) is evolving


# getsentry/sentry-kafka-schemas (864953d): 35 `<topic>.v1.schema.json`, none with a v2,
# each changed by commits of its own (from 1 to 35 times): every one a major version
# evolving in place, never VERSION_EDITED.
@pytest.mark.parametrize(("files", "edited", "evolving"), [
    pytest.param(["schemas/events.v1.schema.json", "schemas/spans.v1.schema.json"],
                 ["schemas/events.v1.schema.json"], {"schemas/events.v1.schema.json"},
                 id="the only version of its name, edited once (sentry-kafka-schemas)"),
    pytest.param(["schemas/events.v1.schema.json", "schemas/events.v2.schema.json"],
                 ["schemas/events.v1.schema.json"], set(),
                 id="a version with a later one beside it, fixed once"),
])
def test_the_only_version_of_a_name_edited_by_its_own_commit_evolves_in_place(
        repo: GitRepo, files: list[str], edited: list[str], evolving: set[str]) -> None:
    for path in files:
        repo.write(path, {"title": "event", "type": "object"})
    repo.commit("published")
    for path in edited:
        repo.write(path, {"title": "event", "type": "object",
                          "properties": {"id": {"type": "string"}}})
        repo.commit("changed in place")
    assert edited_in_place(repo.path, files) == evolving


def test_a_test_folder_among_schema_folders_holds_schemas() -> None:
    # wikimedia/schemas-event-primary (43aeb4ab): jsonschema/test/event/ is the test
    # stream's schema, beside jsonschema/mediawiki/ and seven more folders; leaving it out
    # split the root in nine and dropped the "mediawiki." prefix from every subject.
    texts = {**wikimedia_versions("jsonschema/test/event", "test/event", "1.0.0"),
             **wikimedia_versions("jsonschema/mediawiki/page/delete", "mediawiki/page/delete",
                                  "1.0.0"),
             **wikimedia_versions("jsonschema/fragment/common", "fragment/common", "1.0.0")}
    layout = plan(texts)
    assert (layout.roots, layout.test_files) == (["jsonschema"], 0)
