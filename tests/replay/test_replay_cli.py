"""``schemalint replay`` and ``check --replay`` end to end, in real git repositories: the
findings, their versions and places, every output format, and the exit codes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cli_runner import run_cli
from gitrepo import GitRepo

VALUE = "schemas/readings/value.avsc"
JSON_VALUE = "schemas/clicks/value.schema.json"


def reading(timestamp: str = "timestamp-millis", **extra: Any) -> dict[str, Any]:
    # confluentinc/kafka-tutorials, commit 6225e7c1957911520391c7fe0e857138638714fe:
    # sliding-windows/.../temperature_reading.avsc, a reading and its time.
    return {"type": "record", "name": "TemperatureReading", "namespace": "io.confluent",
            "doc": "A temperature was read.", "fields": [
                {"name": "temperature", "type": "double", "doc": "Degrees."},
                {"name": "timestamp", "type": {"type": "long", "logicalType": timestamp},
                 "doc": "When it was read."}, *extra.get("fields", [])]}


OPTIONAL = {"name": "unit", "type": ["null", "string"], "default": None, "doc": "The unit."}


@pytest.fixture
def published(repo: GitRepo) -> GitRepo:
    repo.write(VALUE, reading())
    repo.commit("v1")
    return repo


@pytest.mark.parametrize("args", [
    ("replay", "--against", "main"), ("replay", "--all"), ("replay", VALUE),
    ("check", "--replay", "--against", "main"),
])
def test_millis_to_micros_is_found_and_fails_the_run(published: GitRepo,
                                                     args: tuple[str, ...]) -> None:
    published.write(VALUE, reading("timestamp-micros"))
    result = run_cli(published.path, *args, "--format", "concise")
    assert result.returncode == 1, result.stderr
    line = next(line for line in result.stdout.splitlines() if "REPLAY002" in line)
    ref = "main" if "main" in args else "HEAD"
    assert line.startswith(f"{VALUE}:") and "version 1 (" in line and f", {ref})" in line
    assert "field 'timestamp'" in line and "timestamp-micros" in line


@pytest.mark.parametrize("args", [("replay", "--against", "main"),
                                  ("check", "--replay", "--against", "main")])
def test_a_safe_change_passes(published: GitRepo, args: tuple[str, ...]) -> None:
    published.write(VALUE, reading(fields=[OPTIONAL]))
    result = run_cli(published.path, *args, "--format", "concise")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "REPLAY" not in result.stdout


def test_a_break_the_schema_check_reports_is_not_reported_again_by_replay(
        published: GitRepo) -> None:
    """A field added without a default: READER_FIELD_MISSING_DEFAULT_VALUE says it, and the
    events that show it (REPLAY001) are the same finding, at the same field, direction and
    version. ``replay`` alone, which shows no schema-level finding, keeps it."""
    required = {"name": "unit", "type": "string", "doc": "The unit."}
    published.write(VALUE, reading(fields=[required]))
    checked = run_cli(published.path, "check", "--replay", "--against", "main",
                      "--format", "json")
    codes = [finding["code"] for finding in json.loads(checked.stdout)["findings"]]
    assert "READER_FIELD_MISSING_DEFAULT_VALUE" in codes and "REPLAY001" not in codes, codes
    replayed = run_cli(published.path, "replay", "--against", "main", "--format", "json")
    assert [finding["code"] for finding in json.loads(replayed.stdout)["findings"]] == [
        "REPLAY001"]


def test_check_without_replay_accepts_the_break(published: GitRepo) -> None:
    published.write(VALUE, reading("timestamp-micros"))
    result = run_cli(published.path, "check", "--against", "main", "--format", "concise")
    assert "REPLAY" not in result.stdout


def test_json_output_carries_the_finding_and_its_place(published: GitRepo) -> None:
    published.write(VALUE, reading("timestamp-micros"))
    result = run_cli(published.path, "replay", "--against", "main", "--format", "json")
    assert result.returncode == 1
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["code"], finding["direction"], finding["pointer"], finding["subject"],
            finding["against"]["version"]) == (
        "REPLAY002", "backward", "/fields/1", "readings-value", 1)
    text = (published.path / VALUE).read_text()
    # The field's object, where its declaration opens.
    opening = text.rindex("{", 0, text.index('"name": "timestamp"'))
    assert finding["line"] == text[:opening].count("\n") + 1


@pytest.mark.parametrize("output", ["full", "concise", "github", "sarif", "markdown"])
def test_every_output_format_reports_it(published: GitRepo, output: str) -> None:
    published.write(VALUE, reading("timestamp-micros"))
    result = run_cli(published.path, "replay", "--against", "main", "--format", output)
    assert result.returncode == 1 and "REPLAY002" in result.stdout


def test_a_seed_and_count_are_taken_and_a_bad_count_is_a_usage_error(
        published: GitRepo) -> None:
    published.write(VALUE, reading("timestamp-micros"))
    first = run_cli(published.path, "replay", "--all", "--count", "5", "--seed", "3",
                    "--format", "json")
    assert first.stdout == run_cli(published.path, "replay", "--all", "--count", "5",
                                   "--seed", "3", "--format", "json").stdout
    assert run_cli(published.path, "replay", "--all", "--count", "0").returncode == 2


def test_a_schema_that_does_not_parse_is_exit_2(published: GitRepo) -> None:
    published.write(VALUE, '{"type": "record", "name": ')
    assert run_cli(published.path, "replay", "--against", "main").returncode == 2


def clicks(at_format: str = "date", **extra: Any) -> dict[str, Any]:
    # mozilla-services/mozilla-pipeline-schemas, branch generated-schemas, commit
    # 19c97f5cd31cffddb9074782ac69c31fb5170ff4: eng-workflow/build/build.1.schema.json, a
    # ``time`` string with a format.
    return {"$schema": "http://json-schema.org/draft-07/schema#", "title": "Click",
            "type": "object", "properties": {"url": {"type": "string"},
                                             "time": {"type": "string", "format": at_format},
                                             **extra}}


@pytest.fixture
def published_json(repo: GitRepo) -> GitRepo:
    repo.write(JSON_VALUE, clicks())
    repo.commit("v1")
    return repo


@pytest.mark.parametrize("args", [("replay", "--against", "main"),
                                  ("check", "--replay", "--against", "main")])
def test_a_json_schema_break_on_data_is_found_and_fails_the_run(
        published_json: GitRepo, args: tuple[str, ...]) -> None:
    published_json.write(JSON_VALUE, clicks("date-time"))
    result = run_cli(published_json.path, *args, "--format", "json")
    assert result.returncode == 1, result.stderr
    assert "not replayed" not in result.stderr
    (finding,) = [finding for finding in json.loads(result.stdout)["findings"]
                  if finding["code"].startswith("REPLAY")]
    assert (finding["code"], finding["pointer"], finding["subject"]) == (
        "REPLAY002", "/properties/time", "clicks-value")
    assert "(a date), read as a date-time" in finding["message"]


@pytest.mark.parametrize("args", [("replay", "--against", "main"),
                                  ("check", "--replay", "--against", "main")])
def test_a_json_schema_change_safe_on_data_passes(published_json: GitRepo,
                                                  args: tuple[str, ...]) -> None:
    # The format dropped (the same string) and the url described: safe on data and schemas.
    changed = clicks()
    changed["properties"] = {"url": {"type": "string", "description": "The page."},
                             "time": {"type": "string"}}
    published_json.write(JSON_VALUE, changed)
    result = run_cli(published_json.path, *args, "--format", "concise")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "REPLAY" not in result.stdout and "not replayed" not in result.stderr


def test_a_json_schema_subject_is_replayed_not_skipped(published_json: GitRepo) -> None:
    published_json.write(JSON_VALUE, clicks(note={"type": "string"}))
    result = run_cli(published_json.path, "replay", "--against", "main")
    assert "not replayed" not in result.stderr
    assert "No subject replayed" not in result.stdout


def test_a_json_schema_change_in_a_referenced_file_is_replayed_in_each_subject(
        repo: GitRepo) -> None:
    # wikimedia/schemas-event-primary at 43aeb4abccaa542eb56491489eb830d6459453a6: every
    # event references jsonschema/fragment/common (its ``meta.dt``) from another file.
    common = "schemas/common/meta.schema.json"
    meta = {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
            "properties": {"dt": {"type": "string", "format": "date"}}, "required": ["dt"]}
    repo.write(common, meta)
    repo.write(JSON_VALUE, {"$schema": "http://json-schema.org/draft-07/schema#",
                            "type": "object", "required": ["meta"], "properties": {
                                "meta": {"$ref": "../common/meta.schema.json"},
                                "url": {"type": "string"}}})
    repo.commit("v1")
    repo.write(common, {**meta, "properties": {"dt": {"type": "string",
                                                      "format": "date-time"}}})
    result = run_cli(repo.path, "replay", "--against", "main", "--format", "json")
    assert result.returncode == 1, result.stderr
    found = {(finding["path"], finding["pointer"], finding["code"],
              finding["message"].partition(": written")[0].rpartition(" at ")[2])
             for finding in json.loads(result.stdout)["findings"]}
    assert found == {(JSON_VALUE, "/properties/meta", "REPLAY002", "field 'meta.dt'"),
                     (common, "/properties/dt", "REPLAY002", "field 'dt'")}


@pytest.mark.parametrize("code", ["REPLAY001", "REPLAY002"])
def test_explain_describes_the_codes(code: str) -> None:
    from pathlib import Path

    result = run_cli(Path.cwd(), "explain", code)
    assert result.returncode == 0 and code in result.stdout and "fastavro" in result.stdout


def test_allow_breaking_sanctions_a_replay_finding(published: GitRepo) -> None:
    from schemalint.api import parse_schema
    from schemalint.sanction import identity_hash

    published.write(VALUE, reading("timestamp-micros"))
    digest = identity_hash(parse_schema((published.path / VALUE).read_text(), path=VALUE))
    published.write("schemalint.toml", (
        f'[[allow-breaking]]\nsubject = "readings-value"\nschema = "{digest}"\n'
        'reason = "every consumer migrated in ADR-7"\nexpires = "2999-01-31"\n'))
    result = run_cli(published.path, "replay", "--against", "main", "--format", "json")
    (finding,) = json.loads(result.stdout)["findings"]
    assert (result.returncode, finding["code"], finding["severity"]) == (0, "REPLAY002", "info")
    assert "Sanctioned by [[allow-breaking]]" in finding["message"]
