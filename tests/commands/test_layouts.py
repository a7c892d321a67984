"""The layouts real repositories use, end to end on real git repositories: JSON Schema in
YAML, and versioned files named as public schema repositories name them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli_runner import run_cli
from gitrepo import GitRepo

FIXTURES = Path(__file__).parents[1] / "fixtures" / "jsonschema" / "yaml"
WIKIMEDIA = "wikimedia/schemas-event-primary@43aeb4abccaa542eb56491489eb830d6459453a6"
MOZILLA = "mozilla-services/mozilla-pipeline-schemas@88a4adfc5"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text()


def avro(*fields: str, default: bool = True) -> str:
    return json.dumps({"type": "record", "name": "OrderPlaced", "namespace": "com.acme",
                       "fields": [{"name": "id", "type": "string"}] + [
                           {"name": name, "type": "string", **({"default": ""} if default
                                                               else {})}
                           for name in fields]})


def json_schema(*properties: str) -> str:
    return json.dumps({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
                       "additionalProperties": False,
                       "properties": {name: {"type": "string"} for name in properties}})


def check(repo: GitRepo, *args: str) -> tuple[int, list[dict[str, Any]], dict[str, Any]]:
    """Exit code, the compatibility and parse findings (lint codes have no underscore), and
    the summary of ``check --format json``."""
    result = run_cli(repo.path, "check", "--format", "json", *args)
    document = json.loads(result.stdout)
    return (result.returncode, [f for f in document["findings"] if "_" in f["code"]],
            document["summary"])


def findings(repo: GitRepo, *args: str) -> tuple[int, list[tuple[str, str, int, int]]]:
    """Exit code and (code, path, line, column) of every compatibility or parse finding."""
    code, found, _ = check(repo, *args)
    return code, sorted((f["code"], f["path"], f["line"], f["column"]) for f in found)


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    project = GitRepo(tmp_path / "repo")
    project.write("schemalint.toml", 'roots = ["schemas"]\n')
    return project


# (source, a first and a second version's paths, the first's text, a compatible and a
# breaking second text, the subject)
VERSIONED = [
    ("schemalint's name.vN", "schemas/orders/value.v1.avsc", "schemas/orders/value.v2.avsc",
     avro(), avro("note"), avro("note", default=False), "orders-value"),
    (f"{MOZILLA}, schemas/<namespace>/<doctype>/<doctype>.<N>.schema.json",
     "schemas/telemetry/event/event.1.schema.json",
     "schemas/telemetry/event/event.2.schema.json",
     json_schema("id"), json_schema("id", "note"), json_schema(), "telemetry.event-value"),
    ("name_vN.avsc", "schemas/orders/orders_v1.avsc", "schemas/orders/orders_v2.avsc",
     avro(), avro("note"), avro("note", default=False), "orders-value"),
    (f"{WIKIMEDIA}, jsonschema/test/event/<semver>.yaml", "schemas/test/event/1.0.0.yaml",
     "schemas/test/event/1.1.0.yaml", fixture("event_1.0.0.yaml"),
     fixture("event_1.1.0.yaml"), fixture("event_2.0.0_breaking.yaml"), "test.event-value"),
]
IDS = ["vN", "mozilla", "_vN", "wikimedia"]
CASE = ("source", "first", "second", "old", "compatible", "breaking", "subject")


@pytest.mark.parametrize(CASE, VERSIONED, ids=IDS)
def test_a_published_version_edited_is_version_edited_in_every_layout(
        repo: GitRepo, source: str, first: str, second: str, old: str, compatible: str,
        breaking: str, subject: str) -> None:
    repo.write(first, old)
    repo.write(second, compatible)
    repo.commit("two versions")
    repo.write(first, compatible)  # the published first version, edited

    code, found, summary = check(repo)

    assert code == 1
    assert [(f["code"], f["path"], f["subject"]) for f in found] == [
        ("VERSION_EDITED", first, subject)]
    assert summary["checked"] == 1


@pytest.mark.parametrize(CASE, VERSIONED, ids=IDS)
def test_versions_of_every_layout_are_one_subject_checked_newest_against_previous(
        repo: GitRepo, source: str, first: str, second: str, old: str, compatible: str,
        breaking: str, subject: str) -> None:
    repo.write(first, old)
    repo.write(second, compatible)
    repo.commit("two versions")
    assert check(repo, "--all")[:2] == (0, [])

    repo.write(second, breaking)
    repo.commit("the second version breaks the first")
    code, found, summary = check(repo, "--all")

    assert (code, summary["checked"]) == (1, 1)
    assert found and {(f["path"], f["subject"]) for f in found} == {(second, subject)}
    assert {f["against"]["path"] for f in found} == {first}


def test_semver_versions_order_by_number_and_links_are_no_subjects(repo: GitRepo) -> None:
    # As wikimedia/schemas-event-primary lays out jsonschema/test/event/ at 43aeb4a: the
    # versions, current.yaml they are made from, and latest / latest.yaml links to the newest.
    folder = repo.path / "schemas" / "test" / "event"
    repo.write("schemas/test/event/1.9.0.yaml", fixture("event_1.0.0.yaml"))
    repo.write("schemas/test/event/1.10.0.yaml", fixture("event_2.0.0_breaking.yaml"))
    repo.write("schemas/test/event/current.yaml", fixture("revision_create_current.yaml"))
    (folder / "latest.yaml").symlink_to("1.10.0.yaml")
    (folder / "latest").symlink_to("1.10.0.yaml")
    (folder / "1.10.0").symlink_to("1.10.0.yaml")
    repo.commit("versions and links")
    test_line = fixture("event_2.0.0_breaking.yaml").splitlines().index("  test:") + 1

    code, found, summary = check(repo, "--all")

    # 1.10.0 is the newest (not 1.9.0, as text order has it): it breaks 1.9.0, once.
    assert (code, summary["checked"]) == (1, 1)
    assert [(f["code"], f["path"], f["line"], f["column"], f["subject"]) for f in found] == [
        ("TYPE_CHANGED", "schemas/test/event/1.10.0.yaml", test_line, 3, "test.event-value")]
    # The links and current.yaml are that subject's: no subject, no finding of their own.
    result = run_cli(repo.path, "check", "--all", "--format", "json")
    assert {f["path"] for f in json.loads(result.stdout)["findings"]} == {
        "schemas/test/event/1.10.0.yaml"}


def test_a_yaml_schema_history_from_git_is_checked_as_json(repo: GitRepo) -> None:
    repo.write("schemas/test/event/value.yaml", fixture("event_1.0.0.yaml"))
    repo.commit("v1")
    # Comments and quoting change, the JSON it stands for does not: not a new version.
    repo.write("schemas/test/event/value.yaml",
               "# reformatted\n" + fixture("event_1.0.0.yaml").replace("'", '"'))
    assert findings(repo) == (0, [])
    repo.write("schemas/test/event/value.yaml", fixture("event_2.0.0_breaking.yaml"))
    code, found = findings(repo)
    assert code == 1
    assert [(c, line) for c, _, line, _ in found] == [
        ("TYPE_CHANGED", fixture("event_2.0.0_breaking.yaml").splitlines().index("  test:")
         + 1)]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("$schema: https://json-schema.org/draft-07/schema#\ntype: [object\n", 3,
         "invalid YAML"),
        ("$schema: https://json-schema.org/draft-07/schema#\ntype: object\ntype: string\n", 3,
         "duplicate key 'type'"),
    ],
    ids=["syntax", "duplicate key"],
)
def test_bad_yaml_is_one_line_naming_file_and_line_exit_2(repo: GitRepo, text: str,
                                                          line: int, message: str) -> None:
    repo.write("schemas/orders/value.yaml", text)
    result = run_cli(repo.path, "check", "--all")
    assert result.returncode == 2
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"schemas/orders/value.yaml:{line}:")
    assert message in first and "Traceback" not in result.stdout + result.stderr


def test_a_yaml_file_that_is_no_schema_is_data(repo: GitRepo) -> None:
    repo.write("schemas/orders/value.yaml", fixture("event_1.0.0.yaml"))
    repo.write("schemas/orders/ownership.yaml", "team: orders\nchannel: '#orders'\n")
    _, found, summary = check(repo, "--all")
    assert (found, summary["checked"]) == ([], 1)
    # A hook passes any staged file: a YAML file that is data is passed over, as a .json is.
    result = run_cli(repo.path, "check", "--against", "none", "schemas/orders/ownership.yaml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_diff_shows_a_yaml_version_as_check_sees_it(repo: GitRepo) -> None:
    repo.write("schemas/test/event/1.0.0.yaml", fixture("event_1.0.0.yaml"))
    repo.commit("1.0.0")
    repo.write("schemas/test/event/1.1.0.yaml", fixture("event_1.1.0.yaml"))
    compatible = run_cli(repo.path, "diff", "--format", "json")
    repo.write("schemas/test/event/2.0.0.yaml", fixture("event_2.0.0_breaking.yaml"))
    breaking = run_cli(repo.path, "diff", "--format", "json")

    def changes(result: object) -> list[tuple[str, str]]:
        document = json.loads(result.stdout)  # type: ignore[attr-defined]
        return [(subject["subject"], subject["path"]) for subject in document["subjects"]]

    assert changes(compatible) == [("test.event-value", "schemas/test/event/1.1.0.yaml")]
    assert changes(breaking) == [("test.event-value", "schemas/test/event/2.0.0.yaml")]
    assert "\"type-changed\"" in breaking.stdout and "type-changed" not in compatible.stdout


def test_compat_reads_two_yaml_files(tmp_path: Path) -> None:
    new, old = tmp_path / "2.0.0.yaml", tmp_path / "1.0.0.yaml"
    new.write_text(fixture("event_2.0.0_breaking.yaml"))
    old.write_text(fixture("event_1.0.0.yaml"))
    result = run_cli(tmp_path, "compat", str(new), str(old), "--level", "BACKWARD")
    assert result.returncode == 1
    assert f"{new}:29:3: error: TYPE_CHANGED" in result.stdout


@pytest.mark.parametrize(
    ("money", "expected"),
    [
        ("$schema: https://json-schema.org/draft-07/schema#\ntype: object\n"
         "properties:\n  cents: {type: integer}\n", []),
        ("type: object\ntype: string\n",
         [("INVALID_SCHEMA", "schemas/orders/value.yaml", 5, 5,
           "schemas/common/money.yaml:2:1: duplicate key 'type' in one YAML mapping")]),
    ],
    ids=["resolves", "placed error"],
)
def test_a_ref_to_a_yaml_file_reads_it_as_yaml(repo: GitRepo, money: str,
                                              expected: list[tuple[str, ...]]) -> None:
    repo.write("schemas/orders/value.yaml", "$schema: https://json-schema.org/draft-07/schema#\n"
               "type: object\nproperties:\n  amount:\n    $ref: ../common/money.yaml\n")
    repo.write("schemas/common/money.yaml", money)
    _, found, _ = check(repo, "--all")
    assert [(f["code"], f["path"], f["line"], f["column"], f["message"]) for f in found
            if f["path"] == "schemas/orders/value.yaml"] == expected
