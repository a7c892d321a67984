"""``schemalint check`` end to end, on real git repositories made in temporary folders."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from gitrepo import GIT_ENV, GitRepo

from schemalint.config import load_config
from schemalint.model import Level
from schemalint.pipeline.check import CheckRequest, run_check
from schemalint.sanction import identity_hash

VALUE = "schemas/orders/value.avsc"


def record(*fields: dict[str, Any], name: str = "OrderPlaced") -> dict[str, Any]:
    return {"type": "record", "name": name, "namespace": "com.acme.orders",
            "fields": list(fields)}


ID = {"name": "order_id", "type": "string"}
NOTE_DEFAULT = {"name": "note", "type": "string", "default": ""}
NOTE = {"name": "note", "type": "string"}
AMOUNT_INT = {"name": "amount", "type": "int"}
AMOUNT_LONG = {"name": "amount", "type": "long"}


def check(repo: GitRepo, *paths: str, all: bool = False, against: str | None = None,
          today: dt.date | None = None, lint: bool = False
          ) -> list[tuple[str, str | None, int | None]]:
    """Findings of a check run; lint is off unless asked, these tests pin compatibility."""
    config = load_config(repo.path)
    outcome = run_check(config, CheckRequest(paths=paths, all=all, against=against,
                                             today=today, lint=lint))
    return sorted((f.code, f.path, f.line) for f in outcome.findings)


def cli(repo: GitRepo, *args: str, env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "schemalint", *args], cwd=repo.path, capture_output=True,
        text=True, env={**GIT_ENV, **(env or {}), "PATH": "/usr/bin:/bin",
                        "PYTHONPATH": str(Path(__file__).parents[2])},
        check=False,
    )


def line_of(repo: GitRepo, path: str, needle: str) -> int:
    for number, line in enumerate((repo.path / path).read_text().splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_a_compatible_change_passes(repo: GitRepo) -> None:
    repo.write(VALUE, record(ID))
    repo.commit()
    repo.write(VALUE, record(ID, NOTE_DEFAULT))
    assert check(repo) == []


def test_a_breaking_change_is_found_on_the_line_of_the_field(repo: GitRepo) -> None:
    repo.write(VALUE, record(ID))
    repo.commit()
    repo.write(VALUE, record(ID, NOTE))
    line = line_of(repo, VALUE, '"note"')
    assert check(repo) == [("READER_FIELD_MISSING_DEFAULT_VALUE", VALUE, line - 1)]


def test_transitive_level_catches_what_the_latest_version_hides(repo: GitRepo) -> None:
    repo.write(VALUE, record(ID))
    repo.commit("v1")
    repo.write(VALUE, record(ID, NOTE_DEFAULT))
    repo.commit("v2")
    repo.write(VALUE, record(ID, NOTE))
    # BACKWARD checks v2 only, where note had a default: compatible.
    assert check(repo) == []
    repo.write("schemalint.toml", 'compatibility = "BACKWARD_TRANSITIVE"\n')
    findings = load_and_run(repo)
    assert [(f.code, f.against.version if f.against else None) for f in findings] == [
        ("READER_FIELD_MISSING_DEFAULT_VALUE", 1)]
    assert findings[0].level is Level.BACKWARD_TRANSITIVE
    assert findings[0].line == line_of(repo, VALUE, '"note"') - 1


def load_and_run(repo: GitRepo, **kwargs: Any) -> list[Any]:
    return run_check(load_config(repo.path), CheckRequest(lint=False, **kwargs)).findings


def test_reformatting_is_not_a_new_version(repo: GitRepo) -> None:
    repo.write("schemalint.toml", 'compatibility = "BACKWARD_TRANSITIVE"\n')
    repo.write(VALUE, record(ID, NOTE_DEFAULT))
    repo.commit("v1")
    repo.write(VALUE, json.dumps(record(ID, NOTE_DEFAULT)))  # whitespace only
    repo.commit("reformat")
    repo.write(VALUE, record(ID, NOTE))
    # One distinct version, which has the default: dropping the default is compatible.
    assert check(repo) == []


def test_removed_subject_is_an_error_unless_retired(repo: GitRepo) -> None:
    repo.write(VALUE, record(ID))
    repo.write("schemas/legacy/value.avsc", record(ID, name="Legacy"))
    repo.commit()
    repo.remove("schemas/legacy/value.avsc")
    assert check(repo) == [("SUBJECT_REMOVED", "schemas/legacy/value.avsc", None)]
    repo.write("schemalint.toml", '[[subjects]]\nsubject = "legacy-value"\nretired = true\n')
    assert check(repo) == []


JSON_EVENT = json.dumps({"$schema": "http://json-schema.org/draft-07/schema#",
                        "type": "object", "properties": {"id": {"type": "string"}}})


@pytest.mark.parametrize(("config", "gone", "kept"), [
    # A bare .json is a schema by its content; the subject comes from its folder.
    ("", "schemas/refunds/value.json", "schemas/orders/value.avsc"),
    # A type other schemas refer to is named by its full name, read from inside the file.
    ("", "schemas/common/money.avsc", "schemas/orders/value.avsc"),
    # Under a record strategy every subject is named from inside its file.
    ('strategy = "record"\n', "schemas/legacy/value.avsc", "schemas/orders/value.avsc"),
])
def test_removed_subjects_are_found_at_the_commit_however_they_are_named(
        repo: GitRepo, config: str, gone: str, kept: str) -> None:
    repo.write("schemalint.toml", config)
    repo.write(kept, record(ID))
    repo.write(gone, JSON_EVENT if gone.endswith(".json") else record(ID, name="Money"))
    repo.write("schemas/notes/readme.json", json.dumps({"not": "a schema"}))
    repo.commit()
    repo.remove(gone)
    repo.remove("schemas/notes/readme.json")
    assert check(repo, all=True) == [("SUBJECT_REMOVED", gone, None)]


def test_rename_under_topic_strategy_is_a_new_subject(repo: GitRepo) -> None:
    repo.write(VALUE, record(ID))
    repo.commit()
    (repo.path / "schemas/sales").mkdir(parents=True)
    repo.git("mv", VALUE, "schemas/sales/value.avsc")
    assert check(repo) == [("SUBJECT_REMOVED", VALUE, None)]


def test_rename_under_record_strategy_keeps_the_history(repo: GitRepo) -> None:
    repo.write("schemalint.toml", 'strategy = "record"\n')
    repo.write(VALUE, record(ID, AMOUNT_LONG))
    repo.commit()
    (repo.path / "schemas/sales").mkdir(parents=True)
    repo.git("mv", VALUE, "schemas/sales/value.avsc")
    repo.commit("move")
    repo.write("schemas/sales/value.avsc", record(ID, AMOUNT_INT))
    assert [code for code, _, _ in check(repo)] == ["TYPE_MISMATCH"]


def test_versioned_files_are_the_history(repo: GitRepo) -> None:
    repo.write("schemas/orders/value.v1.avsc", record(ID))
    repo.write("schemas/orders/value.v2.avsc", record(ID, NOTE_DEFAULT))
    repo.commit()
    repo.write("schemas/orders/value.v3.avsc", record(ID, NOTE_DEFAULT, AMOUNT_INT))
    v3 = "schemas/orders/value.v3.avsc"
    assert check(repo) == [("READER_FIELD_MISSING_DEFAULT_VALUE", v3,
                            line_of(repo, v3, '"amount"') - 1)]


def test_editing_a_published_version_file_is_an_error(repo: GitRepo) -> None:
    repo.write("schemas/orders/value.v1.avsc", record(ID))
    repo.write("schemas/orders/value.v2.avsc", record(ID, NOTE_DEFAULT))
    repo.commit()
    repo.write("schemas/orders/value.v1.avsc", record(ID, AMOUNT_INT))
    assert ("VERSION_EDITED", "schemas/orders/value.v1.avsc", 1) in check(repo)


def test_against_an_older_ref(repo: GitRepo) -> None:
    repo.write(VALUE, record(ID, AMOUNT_LONG))
    repo.commit("v1")
    repo.git("tag", "release-1")
    repo.write(VALUE, record(ID, AMOUNT_INT))
    repo.commit("v2")
    assert [code for code, _, _ in check(repo, against="release-1")] == ["TYPE_MISMATCH"]
    assert [code for code, _, _ in check(repo, against="HEAD~1")] == ["TYPE_MISMATCH"]


def test_detached_head(repo: GitRepo) -> None:
    repo.write(VALUE, record(ID, AMOUNT_LONG))
    first = repo.commit("v1")
    repo.write(VALUE, record(ID))
    repo.commit("v2")
    repo.git("checkout", "-q", "--detach", first)
    repo.write(VALUE, record(ID, AMOUNT_INT))
    assert [code for code, _, _ in check(repo)] == ["TYPE_MISMATCH"]


def test_pre_commit_refs_choose_the_change(repo: GitRepo, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    repo.write(VALUE, record(ID, AMOUNT_LONG))
    base = repo.commit("v1")
    repo.write(VALUE, record(ID, AMOUNT_INT))
    head = repo.commit("v2")
    assert check(repo) == []
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", base)
    monkeypatch.setenv("PRE_COMMIT_TO_REF", head)
    assert [code for code, _, _ in check(repo)] == ["TYPE_MISMATCH"]


def test_allow_breaking_sanctions_exactly_one_schema(repo: GitRepo) -> None:
    repo.write(VALUE, record(ID, AMOUNT_LONG))
    repo.commit()
    repo.write(VALUE, record(ID, AMOUNT_INT))
    config = load_config(repo.path)
    outcome = run_check(config, CheckRequest(lint=False))
    schema = outcome.schemas["orders-value"]
    assert schema is not None
    digest = identity_hash(schema)
    assert digest in outcome.findings[0].message
    entry = (f'[[allow-breaking]]\nsubject = "orders-value"\nschema = "{digest}"\n'
             f'reason = "approved in ADR-31"\nexpires = "2027-01-31"\n')
    repo.write("schemalint.toml", entry)
    sanctioned = load_and_run(repo, today=dt.date(2026, 12, 1))
    assert [(f.code, f.severity.value) for f in sanctioned] == [("TYPE_MISMATCH", "info")]
    assert "ADR-31" in sanctioned[0].message
    expired = check(repo, today=dt.date(2027, 2, 1))
    assert [code for code, _, _ in expired] == ["ALLOW_BREAKING_EXPIRED", "TYPE_MISMATCH"]
    repo.write(VALUE, record(ID, {"name": "amount", "type": "float"}))
    stale = check(repo, today=dt.date(2026, 12, 1))
    assert [code for code, _, _ in stale] == ["ALLOW_BREAKING_STALE"]


@pytest.mark.parametrize("config_file", ["schemalint.toml", "pyproject.toml"])
def test_the_allow_breaking_entry_a_break_prints_sanctions_it_when_pasted(
        repo: GitRepo, config_file: str) -> None:
    repo.write(config_file, "[tool.schemalint]\n" if config_file == "pyproject.toml" else "")
    repo.write(VALUE, record(ID, AMOUNT_LONG))
    repo.commit()
    repo.write(VALUE, record(ID, AMOUNT_INT))
    broken = load_and_run(repo, today=dt.date(2026, 12, 7))
    fix = broken[0].fix
    assert fix.startswith("[[tool.schemalint.allow-breaking]]\n" if config_file == "pyproject.toml"
                          else "[[allow-breaking]]\n"), fix
    assert 'expires = "2027-01-06"' in fix and config_file in broken[0].message
    repo.write(config_file, (repo.path / config_file).read_text() + "\n" + fix)
    sanctioned = load_and_run(repo, today=dt.date(2026, 12, 7))
    assert [(f.code, f.severity.value) for f in sanctioned] == [("TYPE_MISMATCH", "info")]


def test_history_since_cuts_older_versions(repo: GitRepo) -> None:
    repo.write("schemalint.toml", 'compatibility = "BACKWARD_TRANSITIVE"\n')
    repo.write(VALUE, record(ID))
    repo.commit("v1")
    repo.write(VALUE, record(ID, NOTE_DEFAULT))
    repo.commit("v2")
    repo.git("tag", "v2.0.0")
    repo.write(VALUE, record(ID, NOTE))
    assert [code for code, _, _ in check(repo)] == ["READER_FIELD_MISSING_DEFAULT_VALUE"]
    repo.write("schemalint.toml", 'compatibility = "BACKWARD_TRANSITIVE"\n[[subjects]]\n'
               'subject = "orders-value"\nhistory-since = "v2.0.0"\n')
    assert check(repo) == []


def test_shallow_clone_without_history_exits_3_with_the_fetch_to_run(
        repo: GitRepo, tmp_path: Path) -> None:
    repo.write("schemalint.toml", 'compatibility = "FULL_TRANSITIVE"\n')
    repo.write(VALUE, record(ID))
    repo.commit("v1")
    repo.write(VALUE, record(ID, NOTE_DEFAULT))
    repo.commit("v2")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)],
                   check=True, env={**GIT_ENV, "PATH": "/usr/bin:/bin"})
    (clone / VALUE).write_text(json.dumps(record(ID, NOTE_DEFAULT, AMOUNT_LONG)))
    shallow = GitRepo.__new__(GitRepo)
    shallow.path = clone
    result = cli(shallow, "check")
    assert result.returncode == 3, result.stderr
    assert "fetch-depth: 0" in result.stderr
    missing = cli(shallow, "check", "--against", "HEAD~1")
    assert missing.returncode == 3
    assert "HEAD~1" in missing.stderr


def test_cli_exit_codes_and_formats(repo: GitRepo) -> None:
    repo.write(VALUE, record(ID))
    repo.commit()
    repo.write(VALUE, record(ID, NOTE))
    broken = cli(repo, "check", "--format", "json")
    assert broken.returncode == 1
    document = json.loads(broken.stdout)
    compat = [f for f in document["findings"] if f.get("level")]
    assert [f["code"] for f in compat] == ["READER_FIELD_MISSING_DEFAULT_VALUE"]
    assert compat[0]["direction"] == "backward"
    assert cli(repo, "check", "--exit-zero").returncode == 0
    assert cli(repo, "check", "--against", "none").returncode == 0
    unknown = cli(repo, "check", "--against", "no-such-ref")
    assert unknown.returncode == 2
    assert unknown.stderr.count("\n") == 1 and "no-such-ref" in unknown.stderr
    repo.write(VALUE, "{not json")
    invalid = cli(repo, "check")
    assert invalid.returncode == 2
    assert f"{VALUE}:1:2: error: INVALID_SCHEMA" in invalid.stdout
    assert "Traceback" not in invalid.stderr


def test_a_repository_without_commits_checks_every_schema_as_new(repo: GitRepo) -> None:
    repo.write(VALUE, record(ID, NOTE))
    assert check(repo) == []


JSON_V1 = {"$schema": "http://json-schema.org/draft-07/schema#", "title": "CustomerRegistered",
           "type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}
JSON_OPEN_ADD = {**JSON_V1, "properties": {"id": {"type": "string"},
                                           "email": {"type": "string"}}}


def test_json_schema_follows_confluents_strict_and_lenient_policies(repo: GitRepo) -> None:
    path = "schemas/customers/value.schema.json"
    repo.write(path, JSON_V1)
    repo.commit()
    repo.write(path, JSON_OPEN_ADD)
    # Adding an optional property to an open content model: incompatible under STRICT.
    assert [code for code, _, _ in check(repo)] == [
        "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"]
    repo.write("schemalint.toml", 'json-policy = "lenient"\n')
    assert check(repo) == []


def test_json_schema_refs_to_other_files_resolve_within_the_repository(repo: GitRepo) -> None:
    path = "schemas/customers/value.schema.json"
    repo.write("schemas/shared/address.schema.json", {
        "$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
        "properties": {"city": {"type": "string"}}})
    with_ref = {**JSON_V1, "properties": {"id": {"type": "string"},
                                          "address": {"$ref": "../shared/address.schema.json"}}}
    repo.write(path, with_ref)
    repo.commit()
    repo.write("schemas/shared/address.schema.json", {
        "$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
        "properties": {"city": {"type": "integer"}}})
    # The referenced file is its own subject, checked when it changes; so is the subject
    # referencing it, whose new version holds it.
    assert [(code, where) for code, where, _ in check(repo)] == [
        ("TYPE_CHANGED", "schemas/customers/value.schema.json"),
        ("TYPE_CHANGED", "schemas/shared/address.schema.json")]
    repo.write(path, {**JSON_V1, "properties": {"address": {"$ref": "../../../etc/passwd"}}})
    assert [code for code, _, _ in check(repo, str(repo.path / path))] == ["INVALID_SCHEMA"]


def test_lint_runs_with_the_check_and_its_selection_comes_from_the_command_line(
        repo: GitRepo) -> None:
    repo.write(VALUE, record(ID, name="SendEmail"))
    codes = {code for code, _, _ in check(repo, lint=True)}
    assert "EVT001" in codes
    config = load_config(repo.path)
    only = run_check(config, CheckRequest(select=("EVT",)))
    assert {f.code for f in only.findings} == {"EVT001"}
    metadata = run_check(config, CheckRequest(select=("MET001", "MET002")))
    assert {f.code for f in metadata.findings} == {"MET001", "MET002"}
    ignored = run_check(config, CheckRequest(ignore=("EVT",)))
    assert not any(f.code.startswith("EVT") for f in ignored.findings)
    assert all(f.subject == "orders-value" for f in only.findings)


MONEY = 'syntax = "proto3";\npackage acme.common;\nmessage Money { string currency = 1; }\n'
ORDER_PROTO = ('syntax = "proto3";\npackage acme.orders;\nimport "common/money.proto";\n'
               'message OrderPlaced {\n  string order_id = 1;\n  acme.common.Money total = 2;\n}\n')


def test_protobuf_subjects_resolve_imports_from_the_roots(repo: GitRepo) -> None:
    repo.write("schemas/common/money.proto", MONEY)
    repo.write("schemas/orders/value.proto", ORDER_PROTO)
    repo.commit()
    repo.write("schemas/orders/value.proto", ORDER_PROTO.replace("string order_id",
                                                                 "int64 order_id"))
    assert check(repo) == [("FIELD_SCALAR_KIND_CHANGED", "schemas/orders/value.proto", 5)]
    outcome = run_check(load_config(repo.path), CheckRequest(all=True, lint=False))
    # The imported file is its own subject, named by its import path.
    assert set(outcome.subjects) == {"orders-value", "common/money.proto"}
