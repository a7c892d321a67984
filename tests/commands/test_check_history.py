"""History as the registry sees it, on real git repositories made in temporary folders.

Registering a schema whose identity equals any live version of its subject registers nothing
(Confluent's ``KafkaSchemaRegistry.register`` returns the existing id before any
compatibility check), so such a schema is no new version and is not checked again. Every
other new schema is checked against the latest version. Cases taken from a public
repository name it: repository, path and commit.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import partial
from typing import Any, NamedTuple

import pytest
from gitrepo import GitRepo

from schemalint.commands.diff import run_diff
from schemalint.config import load_config
from schemalint.errors import UnreachableError
from schemalint.model import Against, Finding
from schemalint.pipeline.check import CheckRequest, run_check

VALUE = "schemas/orders/value.avsc"
# One commit: path -> content (a dict is written as indented JSON; None removes the file).
Commit = Mapping[str, "str | dict[str, Any] | None"]


def record(*fields: dict[str, Any], name: str = "OrderPlaced", doc: str | None = None
           ) -> dict[str, Any]:
    found: dict[str, Any] = {"type": "record", "name": name, "namespace": "com.acme.orders"}
    if doc is not None:
        found["doc"] = doc
    return {**found, "fields": list(fields)}


ID = {"name": "order_id", "type": "string"}
NOTE_DEFAULT = {"name": "note", "type": "string", "default": ""}
NOTE = {"name": "note", "type": "string"}
AMOUNT_INT = {"name": "amount", "type": "int"}
AMOUNT_LONG = {"name": "amount", "type": "long"}
AMOUNT_INT_DEFAULT = {"name": "amount", "type": "int", "default": 0}

JSON_V1 = {"$schema": "http://json-schema.org/draft-07/schema#", "title": "CustomerRegistered",
           "type": "object", "properties": {"id": {"type": "string"}},
           "additionalProperties": False}
JSON_V2 = {**JSON_V1, "properties": {"id": {"type": "integer"}}}

# open-telemetry/opentelemetry-proto, opentelemetry/proto/trace/v1/trace.proto: 3d65c49
# ("Use fixed64 fields instead of []byte for trace and span ids") broke the wire format;
# 06be550 ("Update SpanKind comments") then edited only comments, and was reported as that
# break again.
SPAN_BYTES = ('syntax = "proto3";\npackage acme.trace;\n\n// A span.\nmessage Span {\n'
              '  bytes trace_id = 1;\n}\n')
SPAN_FIXED = ('syntax = "proto3";\npackage acme.trace;\n\n// A span.\nmessage Span {\n'
              '  fixed64 trace_id = 1;\n}\n')
SPAN_FIXED_COMMENTED = SPAN_FIXED.replace("// A span.", "/* A span: one operation of a trace,\n"
                                          " * named by its trace id. */")


def build(repo: GitRepo, commits: list[Commit], config: str = "") -> list[str]:
    """Commit each step in turn; the commit ids, oldest first."""
    repo.write("schemalint.toml", config)
    shas = []
    for step in commits:
        for path, content in step.items():
            if content is None:
                repo.remove(path)
            else:
                repo.write(path, content)
        shas.append(repo.commit())
    return shas


def edit(repo: GitRepo, change: Commit) -> None:
    for path, content in change.items():
        if content is None:
            repo.remove(path)
        else:
            repo.write(path, content)


def findings(repo: GitRepo, **request: Any) -> list[Finding]:
    outcome = run_check(load_config(repo.path), CheckRequest(lint=False, **request))
    return sorted(outcome.findings, key=lambda f: (f.code, f.path or ""))


# ---- a schema equal to a version the subject has is no new version ---------------------------

@pytest.mark.parametrize(("config", "commits", "current", "request_"), [
    pytest.param("", [{VALUE: record(ID, AMOUNT_LONG)}, {VALUE: record(ID, AMOUNT_INT)}], {},
                 {"all": True}, id="unchanged file under --all: the latest version"),
    pytest.param("", [{"schemas/trace/value.proto": SPAN_BYTES},
                      {"schemas/trace/value.proto": SPAN_FIXED}],
                 {"schemas/trace/value.proto": SPAN_FIXED_COMMENTED}, {},
                 id="Protobuf comments only, after a break (opentelemetry-proto 06be550)"),
    pytest.param("", [{VALUE: record(ID)}, {VALUE: record(ID, NOTE)},
                      {VALUE: record(ID, NOTE, AMOUNT_INT_DEFAULT)}],
                 {VALUE: record(ID, NOTE)}, {},
                 id="revert to a version before the latest, which broke its own predecessor"),
    pytest.param('compatibility = "FULL_TRANSITIVE"\n',
                 [{VALUE: record(ID)}, {VALUE: record(ID, AMOUNT_LONG)},
                  {VALUE: record(ID, NOTE_DEFAULT)}],
                 {VALUE: record(ID)}, {}, id="revert to the first version, transitive level"),
    pytest.param("", [{"schemas/customers/value.schema.json": JSON_V1},
                      {"schemas/customers/value.schema.json": JSON_V2}],
                 {"schemas/customers/value.schema.json": json.dumps(JSON_V2)}, {},
                 id="JSON Schema whitespace only, after a break"),
    pytest.param("", [{VALUE: record(ID, AMOUNT_LONG)}, {VALUE: record(ID, AMOUNT_INT)}],
                 {VALUE: json.dumps({"fields": [ID, AMOUNT_INT], "namespace": "com.acme.orders",
                                     "name": "OrderPlaced", "type": "record"})}, {},
                 id="Avro attributes reordered, after a break"),
    pytest.param('compatibility = "FORWARD"\n',
                 [{"schemas/orders/value.v1.avsc": record(ID, AMOUNT_LONG),
                   "schemas/orders/value.v2.avsc": record(ID, AMOUNT_INT)}],
                 {"schemas/orders/value.v3.avsc": record(ID, AMOUNT_LONG)}, {},
                 id="a versioned file that copies an earlier version"),
])
def test_a_schema_equal_to_any_version_of_its_subject_is_not_checked_again(
        repo: GitRepo, config: str, commits: list[Commit], current: Commit,
        request_: dict[str, Any]) -> None:
    build(repo, commits, config)
    edit(repo, current)
    assert [(f.code, f.path) for f in findings(repo, **request_)] == []


def test_an_unchanged_schema_is_still_linted(repo: GitRepo) -> None:
    build(repo, [{VALUE: record(ID, name="SendEmail")}])
    outcome = run_check(load_config(repo.path), CheckRequest(all=True))
    codes = {finding.code for finding in outcome.findings}
    assert "EVT001" in codes
    assert not any(finding.against for finding in outcome.findings)


@pytest.mark.parametrize(("config", "expected"), [
    # The registry's latest after the revert is still B (registering A again returned A's
    # id), so C is checked against B, where note is known: compatible.
    pytest.param("", [], id="non-transitive: against the registry's latest, not git's parent"),
    pytest.param('compatibility = "BACKWARD_TRANSITIVE"\n',
                 [("READER_FIELD_MISSING_DEFAULT_VALUE", 1)], id="transitive: every version"),
])
def test_after_a_revert_a_new_schema_is_checked_against_the_latest_version(
        repo: GitRepo, config: str, expected: list[tuple[str, int]]) -> None:
    build(repo, [{VALUE: record(ID)}, {VALUE: record(ID, NOTE_DEFAULT)}, {VALUE: record(ID)}],
          config)
    repo.write(VALUE, record(ID, NOTE))
    assert [(f.code, f.against.version if f.against else None)
            for f in findings(repo)] == expected


@pytest.mark.parametrize(("before", "after", "same"), [
    # Protobuf: ProtobufSchemaUtils.toString prints Wire's parse tree: comments vanish,
    # options stay.
    pytest.param(SPAN_FIXED, SPAN_FIXED_COMMENTED, True, id="Protobuf comments"),
    pytest.param(SPAN_FIXED, SPAN_FIXED.replace("trace_id = 1;",
                                                "trace_id = 1 [deprecated = true];"),
                 False, id="Protobuf options"),
    # JSON Schema: Jackson re-serialises the tree compactly, keys in their order.
    pytest.param(json.dumps(JSON_V1, indent=4), json.dumps(JSON_V1), True,
                 id="JSON Schema whitespace"),
    pytest.param(json.dumps(JSON_V1), json.dumps(dict(reversed(list(JSON_V1.items())))),
                 False, id="JSON Schema key order"),
    # Avro: Schema.toString(): attribute order and whitespace vanish, docs stay.
    pytest.param(json.dumps(record(ID)), json.dumps(dict(reversed(list(record(ID).items())))),
                 True, id="Avro attribute order"),
    pytest.param(json.dumps(record(ID)), json.dumps(record(ID, doc="An order was placed.")),
                 False, id="Avro docs"),
])
def test_identity_keeps_what_confluents_canonical_string_keeps(
        repo: GitRepo, before: str, after: str, same: bool) -> None:
    path = ("schemas/trace/value.proto" if before.startswith("syntax") else
            "schemas/customers/value.schema.json" if "$schema" in before else VALUE)
    build(repo, [{path: before}])
    repo.write(path, after)
    outcome = run_check(load_config(repo.path), CheckRequest(lint=False))
    state = next(iter(outcome.subjects.values()))
    assert (state.existing is not None) is same


@pytest.mark.parametrize(("current", "expected"), [
    # The last "type" wins, as Jackson reads it: the published version's id is an integer.
    pytest.param(JSON_V2, [], id="equal to the version as the registry read it"),
    pytest.param(JSON_V1, ["TYPE_CHANGED"], id="checked against the version as read"),
])
def test_a_published_json_version_with_a_duplicate_key_reads_as_the_registry_read_it(
        repo: GitRepo, current: dict[str, Any], expected: list[str]) -> None:
    path = "schemas/customers/value.schema.json"
    published = json.dumps(JSON_V2).replace('"type": "integer"',
                                            '"type": "string", "type": "integer"')
    build(repo, [{path: published}])
    repo.write(path, current)
    assert [f.code for f in findings(repo)] == expected


# ---- a file as its newest version left it ----------------------------------------------------

JSON_VALUE = "schemas/customers/value.schema.json"


def drop_blob(repo: GitRepo, spec: str) -> None:
    """Delete the object ``spec`` (``REV:PATH``) names from the repository: history whose
    trees name a blob the clone lacks, so that reading it fails."""
    sha = repo.git("rev-parse", spec)
    (repo.path / ".git" / "objects" / sha[:2] / sha[2:]).unlink()


@pytest.mark.parametrize(("config", "path", "oldest", "newest", "reads"), [
    # The file's text is its newest version's, and that text alone makes the version: the
    # registry registers nothing, so no older version is read, not even to find an equal one.
    pytest.param("", JSON_VALUE, JSON_V1, JSON_V2, False,
                 id="JSON Schema after a break: nothing older read"),
    pytest.param("", JSON_VALUE, "{ not JSON", JSON_V2, False,
                 id="JSON Schema whose oldest version does not parse"),
    # Each version is compared, or an equal key is not an equal document: history is read.
    pytest.param('compatibility = "BACKWARD_TRANSITIVE"\n', JSON_VALUE, JSON_V1, JSON_V2,
                 True, id="JSON Schema on a transitive level"),
    pytest.param("[registry]\nnormalize = true\n", JSON_VALUE, JSON_V1, JSON_V2, True,
                 id="JSON Schema with normalize (key order does not count)"),
    pytest.param("", VALUE, record(ID, AMOUNT_LONG), record(ID, AMOUNT_INT), True,
                 id="Avro (docs do not count)"),
])
def test_a_file_as_its_newest_version_left_it_reads_older_versions_only_where_needed(
        repo: GitRepo, config: str, path: str, oldest: str | dict[str, Any],
        newest: dict[str, Any], reads: bool) -> None:
    build(repo, [{path: oldest}, {path: newest}], config)
    drop_blob(repo, f"HEAD~1:{path}")
    check = partial(findings, repo, all=True, keep_subjects=False)
    if reads:
        with pytest.raises(UnreachableError, match="is missing"):
            check()
    else:
        assert check() == []


def test_a_file_whose_ref_is_written_with_an_escape_still_reads_its_history(
        repo: GitRepo) -> None:
    # "\u0024ref" is "$ref": the version holds what the other file was at its commit.
    common = "schemas/customers/common.schema.json"
    escaped = json.dumps({**JSON_V1, "properties": {"id": {"$ref": "common.schema.json"}}}
                         ).replace("$ref", "\\u0024ref")
    build(repo, [{common: {"type": "string"}, JSON_VALUE: JSON_V1}, {JSON_VALUE: escaped}])
    drop_blob(repo, f"HEAD~1:{JSON_VALUE}")
    with pytest.raises(UnreachableError, match="is missing"):
        findings(repo, all=True, keep_subjects=False)


def test_a_file_as_its_newest_version_left_it_is_linted_as_the_whole_history_lints_it(
        repo: GitRepo) -> None:
    # The first version equal to the file is an older one written otherwise, the one the
    # whole history (sync's reading) finds: the same document, so the same findings.
    build(repo, [{JSON_VALUE: json.dumps(JSON_V2, indent=4)}, {JSON_VALUE: JSON_V1},
                 {JSON_VALUE: JSON_V2}])
    config = load_config(repo.path)
    whole = run_check(config, CheckRequest(all=True, keep_subjects=True))
    assert whole.subjects["customers-value"].existing is not None
    assert whole.findings
    assert run_check(config, CheckRequest(all=True, keep_subjects=False)).findings == \
        whole.findings


# ---- a finding names the version as a person looks it up --------------------------------------

def test_a_finding_names_the_version_by_its_first_commit_and_the_ref(repo: GitRepo) -> None:
    first, second, _ = build(repo, [
        {VALUE: record(ID, AMOUNT_LONG)},
        {VALUE: record(ID, AMOUNT_INT)},
        {VALUE: json.dumps(record(ID, AMOUNT_INT))},  # reformatted: still version 2
    ])
    repo.git("branch", "release")
    repo.write(VALUE, record(ID, AMOUNT_LONG, NOTE))
    against = next(f.against for f in findings(repo, against="release") if f.against)
    assert against == Against(ref="release", version=2, path=VALUE, commit=second)
    assert against.describe() == f"version 2 ({second[:7]}, release)"
    head = repo.git("rev-parse", "HEAD")
    by_sha = [f for f in findings(repo, against=head) if f.against]
    assert by_sha and all(head not in f.message and second not in f.message for f in by_sha)
    assert f"version 2 ({second[:7]}, {head[:7]})" in by_sha[0].message
    assert all(f.message.count(second[:7]) == 1 for f in by_sha)
    assert first != second


def test_a_version_merged_in_is_dated_by_the_merge_on_the_first_parent(repo: GitRepo) -> None:
    build(repo, [{VALUE: record(ID, AMOUNT_LONG)}])
    repo.git("checkout", "-q", "-b", "feature")
    repo.write(VALUE, record(ID, AMOUNT_INT))
    repo.commit("on the branch")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "-m", "merge feature", "feature")
    merge = repo.git("rev-parse", "HEAD")
    repo.write(VALUE, record(ID, {"name": "amount", "type": "string"}))
    [found] = [f for f in findings(repo) if f.against]
    assert (found.against.version, found.against.commit) == (2, merge)


@pytest.mark.parametrize(("against", "described"), [
    (Against(ref="main", version=2, commit="a9fa1e2" + "0" * 33), "version 2 (a9fa1e2, main)"),
    # The GitHub Action passes the base as a full SHA: both commits short, each once.
    (Against(ref="3f4e5d6" + "1" * 33, version=2, commit="a9fa1e2" + "0" * 33),
     "version 2 (a9fa1e2, 3f4e5d6)"),
    (Against(ref="a9fa1e2" + "0" * 33, version=2, commit="a9fa1e2" + "0" * 33),
     "version 2 (a9fa1e2)"),
    (Against(ref="registry:prod", version=3), "version 3 (registry:prod)"),
    (Against(ref="main", version=1, path="schemas/orders/value.v1.avsc"),
     "version 1 (value.v1.avsc, main)"),
    # wikimedia/schemas-event-primary: the third version of a folder of semver versions.
    (Against(ref="HEAD~20", version=3, path="jsonschema/mediawiki/revision/create/1.2.0.yaml"),
     "version 3 (1.2.0.yaml, HEAD~20)"),
    (Against(path="old.avsc", version=1), "version 1 (old.avsc)"),
    (Against(), "the previous version"),
])
def test_against_describes_a_version_once(against: Against, described: str) -> None:
    assert against.describe() == described


# ---- a renamed record is another subject -------------------------------------------------------

@pytest.mark.parametrize(("config", "commits", "current", "expected"), [
    pytest.param('strategy = "record"\n', [{VALUE: record(ID, AMOUNT_LONG)}],
                 {VALUE: record(ID, AMOUNT_INT, name="OrderCreated")},
                 [("SUBJECT_REMOVED", VALUE)], id="record renamed in its file"),
    pytest.param('strategy = "record"\n',
                 [{VALUE: record(ID, AMOUNT_LONG)},
                  {VALUE: record(ID, AMOUNT_INT, name="OrderCreated")}],
                 {VALUE: record(ID, AMOUNT_INT)},
                 [("SUBJECT_REMOVED", VALUE), ("TYPE_MISMATCH", VALUE)],
                 id="a name given back: only its own versions are its history"),
    pytest.param('strategy = "record"\n',
                 [{VALUE: record(ID, AMOUNT_LONG)},
                  {VALUE: None, "schemas/sales/value.avsc": record(ID, AMOUNT_LONG)}],
                 {"schemas/sales/value.avsc": record(ID, AMOUNT_INT)},
                 [("TYPE_MISMATCH", "schemas/sales/value.avsc")],
                 id="file moved, record kept: the history follows"),
    pytest.param('strategy = "topic-record"\ncompatibility = "BACKWARD_TRANSITIVE"\n',
                 [{VALUE: record(ID, AMOUNT_LONG, NOTE_DEFAULT)},
                  {VALUE: None, "schemas/sales/value.avsc": record(ID, AMOUNT_INT, NOTE_DEFAULT)}],
                 {"schemas/sales/value.avsc": record(ID, AMOUNT_INT, NOTE_DEFAULT,
                                                     {"name": "channel", "type": "int",
                                                      "default": 0})},
                 [], id="topic-record: moved to another topic, only the new topic's versions"),
    # open-telemetry/opentelemetry-proto d785e67 renamed
    # opentelemetry/proto/profiles/v1experimental/profiles.proto to .../v1development/: a
    # Protobuf file's subject is its import path, so it is another subject from then on.
    pytest.param('strategy = "record"\ncompatibility = "BACKWARD_TRANSITIVE"\n',
                 [{"schemas/profiles/v1experimental/profiles.proto": SPAN_BYTES},
                  {"schemas/profiles/v1experimental/profiles.proto": None,
                   "schemas/profiles/v1development/profiles.proto": SPAN_FIXED}],
                 {"schemas/profiles/v1development/profiles.proto": SPAN_FIXED_COMMENTED.replace(
                     "}", "  string name = 2;\n}")},
                 [], id="Protobuf file moved: a new import path (opentelemetry-proto d785e67)"),
])
def test_under_record_strategies_each_subject_has_only_its_own_versions(
        repo: GitRepo, config: str, commits: list[Commit], current: Commit,
        expected: list[tuple[str, str]]) -> None:
    build(repo, commits, config)
    edit(repo, current)
    assert [(f.code, f.path) for f in findings(repo)] == expected


# ---- diff and check agree on what a change is -------------------------------------------------

V1, V2 = "schemas/orders/value.v1.avsc", "schemas/orders/value.v2.avsc"


@pytest.mark.parametrize(("published", "change", "edited", "diffs"), [
    pytest.param({V1: record(ID)}, {V1: record(ID, NOTE_DEFAULT)}, [V1],
                 [("orders-value", V1, "edited", "breaking")], id="the one version edited"),
    pytest.param({V1: record(ID), V2: record(ID, NOTE_DEFAULT)}, {V1: record(ID, AMOUNT_INT)},
                 [V1], [("orders-value", V1, "edited", "breaking"),
                        ("orders-value", V2, "changed", "compatible")],
                 id="an older version edited"),
    pytest.param({V1: record(ID)}, {V2: record(ID, NOTE_DEFAULT)}, [],
                 [("orders-value", V2, "changed", "compatible")], id="a new version added"),
])
def test_diff_and_check_agree_on_an_edited_published_version(
        repo: GitRepo, published: Commit, change: Commit, edited: list[str],
        diffs: list[tuple[str, str, str, str]]) -> None:
    build(repo, [published])
    edit(repo, change)
    assert [f.path for f in findings(repo) if f.code == "VERSION_EDITED"] == edited
    outcome = run_diff(load_config(repo.path))
    assert [(d.subject, d.path, d.status, d.verdict) for d in outcome.subjects] == diffs


# ---- a version's identity includes what it references -----------------------------------------
#
# Confluent digests each reference's name, subject and version with the schema's text
# (``MD5.ofSchema``), and a referenced subject's version follows its content: registering an
# unchanged file whose referenced file changed is a new version of its subject, checked against
# the latest. Each format: the referencing file, the referenced file, and the referenced file's
# versions (the first; changed compatibly; changed incompatibly for the referencing schema, with
# what that finds on it; changed in comments or whitespace only).

class References(NamedTuple):
    config: str
    referencing: str
    referencing_text: str
    referenced: str
    first: str
    compatible: str
    incompatible: str
    breaks: list[str]
    cosmetic: str


# open-telemetry/opentelemetry-proto at ac2c4b5d1f3a6079de62f9afec860158ecc8af09:
# opentelemetry/proto/trace/v1/trace.proto imports opentelemetry/proto/common/v1/common.proto,
# and 2c8b633 ("[resource] introduce reference based attributes") added `int32 key_ref = 3;`
# to KeyValue there without touching trace.proto.
COMMON_PROTO = ('syntax = "proto3";\npackage acme.common;\n\nmessage KeyValue {\n'
                '  string key = 1;\n  string value = 2;\n}\n')
PROTOBUF_REFERENCES = References(
    config="", referencing="schemas/spans/value.proto",
    referencing_text=('syntax = "proto3";\npackage acme.trace;\n\n'
                      'import "common/common.proto";\n\nmessage Span {\n'
                      '  repeated acme.common.KeyValue attributes = 1;\n}\n'),
    referenced="schemas/common/common.proto", first=COMMON_PROTO,
    compatible=COMMON_PROTO.replace("  string value = 2;\n",
                                    "  string value = 2;\n  int32 key_ref = 3;\n"),
    incompatible=COMMON_PROTO.replace("string value = 2;", "int64 value = 2;"),
    breaks=["FIELD_NAMED_TYPE_CHANGED", "FIELD_SCALAR_KIND_CHANGED"],
    cosmetic=COMMON_PROTO.replace("message KeyValue {",
                                  "// A key and its value.\nmessage KeyValue {"))

# wikimedia/schemas-event-primary at 43aeb4abccaa542eb56491489eb830d6459453a6:
# jsonschema/mediawiki/page/change/current.yaml refers to `$ref: /fragment/common/2.0.0`,
# served by `[json] ref-map = { "/" = "jsonschema/" }` from jsonschema/fragment/common/2.0.0.
FRAGMENT = {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
            "properties": {"dt": {"type": "string"}}}
JSON_REFERENCES = References(
    config='roots = ["jsonschema/mediawiki"]\n\n[json]\nref-map = { "/" = "jsonschema/" }\n',
    referencing="jsonschema/mediawiki/page/change/value.schema.json",
    referencing_text=json.dumps({
        "$id": "/mediawiki/page/change/1.2.0",
        "$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
        "properties": {"meta": {"$ref": "/fragment/common/2.0.0"},
                       "page_id": {"type": "integer"}}}, indent=2),
    referenced="jsonschema/fragment/common/2.0.0", first=json.dumps(FRAGMENT, indent=2),
    compatible=json.dumps({**FRAGMENT, "properties": {"dt": {
        "type": "string", "description": "When the event happened (ISO-8601)."}}}),
    incompatible=json.dumps({**FRAGMENT, "properties": {"dt": {"type": "integer"}}}),
    breaks=["TYPE_CHANGED"], cosmetic=json.dumps(FRAGMENT))

# confluentinc/kafka-tutorials at 6225e7c1957911520391c7fe0e857138638714fe:
# _includes/tutorials/multiple-event-types/kafka/code/src/main/avro/all-events.avsc names
# io.confluent.developer.avro.Purchase, defined in purchase.avsc beside it.
MONEY = {"type": "record", "name": "Money", "namespace": "com.acme.types",
         "fields": [{"name": "units", "type": "long"}]}
AVRO_REFERENCES = References(
    config="", referencing=VALUE,
    referencing_text=json.dumps(record(ID, {"name": "total", "type": "com.acme.types.Money"}),
                                indent=2),
    referenced="schemas/types/money.avsc", first=json.dumps(MONEY, indent=2),
    compatible=json.dumps({**MONEY, "fields": [
        *MONEY["fields"], {"name": "currency", "type": "string", "default": "EUR"}]}),
    incompatible=json.dumps({**MONEY, "fields": [{"name": "units", "type": "int"}]}),
    breaks=["TYPE_MISMATCH"],
    cosmetic="// An amount of money.\n" + json.dumps(MONEY))

REFERENCES = {"protobuf": PROTOBUF_REFERENCES, "json": JSON_REFERENCES,
              "avro": AVRO_REFERENCES}


@pytest.mark.parametrize("keep_subjects", [True, False], ids=["whole history", "hook"])
@pytest.mark.parametrize(("format_", "published", "now", "new_version", "finds"), [
    pytest.param(name, ["first"], change, new, finds, id=f"{name}: {label}")
    for name in REFERENCES
    for label, change, new, finds in [
        ("referenced file changed compatibly", "compatible", True, False),
        ("referenced file changed incompatibly", "incompatible", True, True),
        ("referenced file changed in comments or whitespace only", "cosmetic", False, False),
    ]
] + [
    pytest.param(name, ["first", "compatible"], "first", False, False,
                 id=f"{name}: referenced file reverted") for name in REFERENCES
])
def test_an_unchanged_file_whose_reference_changed_is_a_new_version(
        repo: GitRepo, keep_subjects: bool, format_: str, published: list[str], now: str,
        new_version: bool, finds: bool) -> None:
    case = REFERENCES[format_]
    first, *later = [{case.referenced: getattr(case, step)} for step in published]
    build(repo, [{**first, case.referencing: case.referencing_text}, *later], case.config)
    repo.write(case.referenced, getattr(case, now))

    outcome = run_check(load_config(repo.path), CheckRequest(
        all=True, lint=False, keep_subjects=keep_subjects))

    on_referencing = sorted((f.code, f.path, f.against.version if f.against else None)
                            for f in outcome.findings
                            if f.path == case.referencing)
    assert on_referencing == ([(code, case.referencing, 1) for code in case.breaks]
                              if finds else [])
    if keep_subjects:
        states = {state.files.path: state for state in outcome.subjects.values()}
        existing = states[case.referencing].existing
        assert (existing is None) is new_version
        assert existing is None or existing.against.version == 1
        if case.referenced in states:
            assert (states[case.referenced].existing is None) is (now != "first"
                                                                   and now != "cosmetic")


@pytest.mark.parametrize("format_", ["protobuf", "avro"])
def test_a_reference_records_the_digest_its_subject_is_known_by(repo: GitRepo,
                                                                format_: str) -> None:
    # Sync finds the referenced subject's version holding that content by this digest.
    case = REFERENCES[format_]
    build(repo, [{case.referenced: case.first, case.referencing: case.referencing_text}],
          case.config)
    repo.write(case.referenced, case.compatible)
    outcome = run_check(load_config(repo.path), CheckRequest(all=True, lint=False))
    current = {state.files.path: state.current for state in outcome.subjects.values()}
    referencing, referenced = current[case.referencing], current[case.referenced]
    assert referencing is not None and referenced is not None
    assert [digest for _, digest in referencing.referenced_digests()] == [
        referenced.reference_digest()]


# ---- a changed referenced file checks the subjects that reference it ------------------------
# A pull request that changes only the referenced file makes a new version of every subject
# referencing it; a run over the changed files checks those subjects too, and says why.

WHY_CHECKED = {
    "protobuf": "(checked because schemas/common/common.proto, which it imports, changed)",
    "json": "(checked because jsonschema/fragment/common/2.0.0, which it refers to, changed)",
    "avro": "(checked because schemas/types/money.avsc, which it refers to, changed)",
}


def pull_request(repo: GitRepo, case: References, change: str) -> None:
    """``main`` holds both files at their first versions; a branch changes the referenced."""
    build(repo, [{case.referenced: case.first, case.referencing: case.referencing_text}],
          case.config)
    repo.git("checkout", "-q", "-b", "change")
    repo.write(case.referenced, getattr(case, change))
    repo.commit("change the referenced file")


@pytest.mark.parametrize("format_", list(REFERENCES))
@pytest.mark.parametrize("keep_subjects", [True, False], ids=["sync", "check"])
def test_a_change_to_a_referenced_file_checks_the_subjects_referencing_it(
        repo: GitRepo, format_: str, keep_subjects: bool) -> None:
    case = REFERENCES[format_]
    pull_request(repo, case, "incompatible")

    outcome = run_check(load_config(repo.path), CheckRequest(
        against="main", lint=False, keep_subjects=keep_subjects))

    on_referencing = sorted((f.code, f.message.endswith(WHY_CHECKED[format_]))
                            for f in outcome.findings if f.path == case.referencing)
    assert on_referencing == [(code, True) for code in case.breaks]
    # The referenced file's own subject (where it is one) is checked too, and says nothing
    # of why: it changed.
    assert not any(WHY_CHECKED[format_] in f.message for f in outcome.findings
                   if f.path != case.referencing)
    assert outcome.checked == (2 if format_ != "json" else 1)


@pytest.mark.parametrize("format_", list(REFERENCES))
def test_a_compatible_change_to_a_referenced_file_checks_its_referencing_subject_quietly(
        repo: GitRepo, format_: str) -> None:
    case = REFERENCES[format_]
    pull_request(repo, case, "compatible")
    outcome = run_check(load_config(repo.path), CheckRequest(against="main"))
    assert case.referencing in {state.files.path for state in outcome.subjects.values()}
    # Its file did not change: what the rules find in it (as --all shows) is no news.
    assert [f for f in outcome.findings if f.path == case.referencing] == []
    everything = run_check(load_config(repo.path), CheckRequest(against="main", all=True))
    assert [f for f in everything.findings if f.path == case.referencing] != []


# A schema that names the changed file in its text without referencing it (an import of
# another file of that name, a description, a type of that name) is parsed and left out.
OTHER_COMMON = 'syntax = "proto3";\npackage acme.audit;\n\nmessage Actor {\n  string id = 1;\n}\n'
NOT_REFERENCING: dict[str, Commit] = {
    "protobuf": {"schemas/audit/common.proto": OTHER_COMMON, "schemas/audit/value.proto": (
        'syntax = "proto3";\npackage acme.audit;\n\nimport "audit/common.proto";\n\n'
        'message Audit {\n  acme.audit.Actor actor = 1;\n}\n')},
    "json": {"jsonschema/mediawiki/page/delete/value.schema.json": json.dumps({
        "$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
        "definitions": {"v": {"type": "string"}},
        "properties": {"version": {"$ref": "#/definitions/v", "description": "2.0.0"}}})},
    "avro": {"schemas/refunds/value.avsc": json.dumps(record(
        ID, {"name": "amount", "type": {"type": "record", "name": "Money",
                                        "fields": [{"name": "cents", "type": "long"}]}}))},
}


@pytest.mark.parametrize("format_", list(REFERENCES))
def test_a_change_to_a_file_nothing_references_checks_that_file_alone(
        repo: GitRepo, format_: str) -> None:
    case = REFERENCES[format_]
    unrelated = NOT_REFERENCING[format_]
    build(repo, [{case.referenced: case.first, **unrelated}], case.config)
    repo.git("checkout", "-q", "-b", "change")
    repo.write(case.referenced, case.incompatible)
    repo.commit("change the referenced file")

    outcome = run_check(load_config(repo.path), CheckRequest(against="main", lint=False))

    checked = {state.files.path for state in outcome.subjects.values()}
    assert checked == ({case.referenced} if format_ != "json" else set())


# ---- a referenced file's commits are versions of the subjects referencing it ----------------
# The registry holds a version of the referencing subject per version of its reference it was
# registered with: a commit that changed only the referenced file is one.

@pytest.mark.parametrize("format_", list(REFERENCES))
@pytest.mark.parametrize("keep_subjects", [True, False], ids=["sync", "check"])
def test_a_commit_changing_only_a_referenced_file_is_a_version_of_the_referencing_subject(
        repo: GitRepo, format_: str, keep_subjects: bool) -> None:
    case = REFERENCES[format_]
    first, second = build(repo, [
        {case.referenced: case.first, case.referencing: case.referencing_text},
        {case.referenced: case.compatible}], case.config)
    repo.write(case.referenced, case.incompatible)

    outcome = run_check(load_config(repo.path), CheckRequest(
        all=True, lint=False, keep_subjects=keep_subjects))

    against = {(f.against.version, f.against.commit) for f in outcome.findings
               if f.path == case.referencing and f.against is not None}
    assert against == {(2, second)}
    if keep_subjects:
        states = {state.files.path: state for state in outcome.subjects.values()}
        assert [(p.against.version, p.against.commit)
                for p in states[case.referencing].full_history] == [(1, first), (2, second)]


@pytest.mark.parametrize(("lineage", "commits", "referenced", "folded"), [
    pytest.param([("c1", "a")], ["c1", "c2", "c3"], {"c2", "c3"},
                 [("c1", "a"), ("c2", "a"), ("c3", "a")], id="two changes to the reference"),
    pytest.param([("c1", "a"), ("c3", "b")], ["c1", "c2", "c3", "c4"], {"c2", "c3", "c4"},
                 [("c1", "a"), ("c2", "a"), ("c3", "b"), ("c4", "b")],
                 id="one commit changing both is one candidate"),
    pytest.param([("c2", "a")], ["c1", "c2"], {"c1"}, [("c2", "a")],
                 id="a reference's change before the file existed is none of its versions"),
    pytest.param([("base", "a")], ["c1"], {"c1"}, [("base", "a"), ("c1", "a")],
                 id="a history-since base comes first"),
])
def test_fold_reference_commits(lineage: list[tuple[str, str]], commits: list[str],
                                referenced: set[str], folded: list[tuple[str, str]]) -> None:
    from schemalint.references import fold_reference_commits
    from schemalint.sources.git import BlobVersion

    entries = [BlobVersion(commit, blob, path="value.proto") for commit, blob in lineage]
    assert [(entry.commit, entry.blob) for entry in fold_reference_commits(
        entries, commits, referenced)] == folded


# A reference's reference: a commit that changed only it is a version of the subject too, as
# its reference moved on. opentelemetry-proto's collector/trace/v1/trace_service.proto imports
# trace/v1/trace.proto, which imports common/v1/common.proto; an Avro type whose field is a
# type of another file, whose field is Money.
SERVICE_PROTO = ('syntax = "proto3";\npackage acme.collector;\n\nimport "spans/value.proto";\n\n'
                 'message ExportRequest {\n  repeated acme.trace.Span spans = 1;\n}\n')
PRICE = {"type": "record", "name": "Price", "namespace": "com.acme.types",
         "fields": [{"name": "amount", "type": "com.acme.types.Money"}]}
THROUGH_ANOTHER_FILE: dict[str, tuple[Commit, str]] = {
    "protobuf": ({"schemas/collector/value.proto": SERVICE_PROTO},
                 "schemas/collector/value.proto"),
    "avro": ({"schemas/types/price.avsc": PRICE, "schemas/invoices/value.avsc": record(
        ID, {"name": "price", "type": "com.acme.types.Price"}, name="InvoiceSent")},
             "schemas/invoices/value.avsc"),
}


@pytest.mark.parametrize("format_", list(THROUGH_ANOTHER_FILE))
def test_a_commit_changing_a_reference_of_a_reference_is_a_version_too(
        repo: GitRepo, format_: str) -> None:
    case = REFERENCES[format_]
    files, far = THROUGH_ANOTHER_FILE[format_]
    first, second = build(repo, [
        {case.referenced: case.first, case.referencing: case.referencing_text, **files},
        {case.referenced: case.compatible}], case.config)
    repo.write(case.referenced, case.incompatible)

    outcome = run_check(load_config(repo.path), CheckRequest(all=True, lint=False))

    states = {state.files.path: state for state in outcome.subjects.values()}
    assert [(p.against.version, p.against.commit)
            for p in states[far].full_history] == [(1, first), (2, second)]


@pytest.mark.parametrize("format_", list(THROUGH_ANOTHER_FILE))
def test_a_change_to_a_reference_of_a_reference_checks_the_subject_and_says_through_what(
        repo: GitRepo, format_: str) -> None:
    case = REFERENCES[format_]
    files, far = THROUGH_ANOTHER_FILE[format_]
    build(repo, [{case.referenced: case.first, case.referencing: case.referencing_text,
                  **files}], case.config)
    repo.write(case.referenced, case.incompatible)

    outcome = run_check(load_config(repo.path), CheckRequest())

    checked = {state.files.path for state in outcome.subjects.values()}
    assert far in checked and case.referencing in checked
    # The Avro invoice breaks through Price; the Protobuf service's messages hold Span by
    # name, which the checker passes (what the service is compared with is pinned above).
    assert any(f.path == far for f in outcome.findings) is (format_ == "avro")
    through = {"protobuf": case.referencing, "avro": "schemas/types/price.avsc"}[format_]
    verb = {"protobuf": "imports", "avro": "refers to"}[format_]
    assert all(f.message.endswith(f"(checked because {case.referenced}, which it {verb} "
                                  f"through {through}, changed)")
               for f in outcome.findings if f.path == far)
