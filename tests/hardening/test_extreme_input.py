"""Valid but extreme schemas are handled normally (exit 0 or 1), in bounded memory.

Deep nesting, very wide records, very large files and recursive types, through the command
line (a process of its own, whose peak memory is measured) and through the API. Deeper
nesting than ``MAX_DEPTH`` is refused in the bad-input corpus.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from gitrepo import GitRepo
from hardening_support import (
    DRAFT_07,
    GIB,
    VALUE,
    assert_one_line_error,
    cli_measured,
    run_main,
)
from registry_harness import start_server

from schemalint.api import check_compatibility, parse_schema
from schemalint.errors import InvalidSchemaError
from schemalint.sourcemap import MAX_DEPTH


def nested_avro(json_depth: int) -> str:
    """A record whose one field nests arrays until the document is ``json_depth`` deep."""
    arrays = json_depth - 3  # the record object, its fields array, the field object
    inner = '"string"'
    for _ in range(arrays):
        inner = '{"type":"array","items":' + inner + "}"
    return '{"type":"record","name":"Deep","fields":[{"name":"f","type":' + inner + "}]}"


def nested_json_schema(json_depth: int) -> str:
    levels = (json_depth - 1) // 2  # each level: an object schema and its properties
    inner = '{"type":"string"}'
    for _ in range(levels):
        inner = '{"type":"object","properties":{"a":' + inner + "}}"
    return inner[:1] + f'"$schema":"{DRAFT_07}",' + inner[1:]


def depth_of(text: str) -> int:
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def wide_record(fields: int, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"type": "record", "name": "Wide", "namespace": "com.acme",
            "fields": [{"name": f"f{index}", "type": "string"} for index in range(fields)]
            + ([extra] if extra else [])}


def test_the_generators_reach_the_limit_exactly() -> None:
    assert depth_of(nested_avro(MAX_DEPTH)) == MAX_DEPTH
    assert MAX_DEPTH - 1 <= depth_of(nested_json_schema(MAX_DEPTH)) <= MAX_DEPTH


@pytest.mark.parametrize(("suffix", "make"), [(".avsc", nested_avro),
                                              (".schema.json", nested_json_schema)])
def test_nesting_as_deep_as_the_registry_reads_is_compared_normally(tmp_path: Path, suffix: str,
                                                          make: Any) -> None:
    old = tmp_path / f"old{suffix}"
    new = tmp_path / f"new{suffix}"
    old.write_text(make(MAX_DEPTH))
    new.write_text(make(MAX_DEPTH))
    result, peak = cli_measured(tmp_path, "compat", new.name, old.name,
                                "--level", "FULL_TRANSITIVE")
    assert result.returncode == 0, result.stdout + result.stderr
    assert peak < GIB


def test_nesting_as_deep_as_the_registry_reads_through_check_diff_and_a_planned_sync(
        repo: GitRepo, tmp_path: Path) -> None:
    repo.write(VALUE, nested_avro(MAX_DEPTH))
    repo.commit("deep")
    repo.write(VALUE, nested_avro(MAX_DEPTH).replace('"name":"f"', '"name":"g"', 1))
    registry = start_server(tmp_path / "registry.db")
    try:
        for command in (["check"], ["diff"],
                        ["sync", "--registry", registry.url, "--dry-run"]):
            result, peak = cli_measured(repo.path, *command)
            assert result.returncode in (0, 1), result.stdout + result.stderr
            assert "Traceback" not in result.stderr and "internal error" not in result.stderr
            assert "too deeply" not in result.stdout + result.stderr
            assert peak < GIB, (command, peak)
    finally:
        registry.stop()


@pytest.mark.parametrize("depth", [500, 2_000, 9_000, MAX_DEPTH + 1])
@pytest.mark.parametrize("kind", ["AVRO", "JSON"])
def test_the_api_never_raises_recursion_error_on_deep_input(depth: int, kind: str) -> None:
    """On the caller's own (small) stack: it works, or it is an ``InvalidSchemaError``."""
    text = nested_avro(depth) if kind == "AVRO" else nested_json_schema(depth)
    try:
        schema = parse_schema(text, kind)
        assert schema.identity
        result = check_compatibility(text, [text], "FULL_TRANSITIVE", kind)
    except InvalidSchemaError as error:
        assert "deep" in error.finding.message
    else:
        assert result.compatible


def nested_records(depth: int) -> str:
    """A record whose one field holds a record, ``depth`` records deep."""
    inner = f'{{"type":"record","name":"R{depth}","fields":[]}}'
    for level in range(depth - 1, 0, -1):
        inner = f'{{"type":"record","name":"R{level}","fields":[{{"name":"f","type":{inner}}}]}}'
    return inner


def test_linting_records_nested_beyond_the_callers_stack_never_raises() -> None:
    from schemalint.lint import lint_schema

    # Three levels of JSON a record: as deep as the registry reads.
    schema = parse_schema(nested_records(MAX_DEPTH // 3 - 1), "AVRO")
    assert isinstance(lint_schema(schema, previous=schema), list)


def test_a_record_with_a_hundred_thousand_fields(tmp_path: Path) -> None:
    old = tmp_path / "old.avsc"
    new = tmp_path / "new.avsc"
    old.write_text(json.dumps(wide_record(100_000)))
    new.write_text(json.dumps(wide_record(100_000, {"name": "added", "type": "int"})))
    result, peak = cli_measured(tmp_path, "compat", new.name, old.name)
    assert result.returncode == 1
    assert "READER_FIELD_MISSING_DEFAULT_VALUE" in result.stdout
    assert "added" in result.stdout
    assert peak < GIB


def fifty_megabytes() -> tuple[str, str]:
    """A record of 635,000 documented fields (over 50 MB), and the same with one more."""
    fields = [{"name": f"field_{index}", "type": "string", "doc": "x" * 24}
              for index in range(635_000)]
    document = {"type": "record", "name": "Big", "namespace": "com.acme", "fields": fields}
    old = json.dumps(document)
    fields.append({"name": "added", "type": "string", "default": ""})
    return old, json.dumps(document)


def test_a_fifty_megabyte_schema(tmp_path: Path) -> None:
    old_text, new_text = fifty_megabytes()
    old = tmp_path / "old.avsc"
    old.write_text(old_text)
    assert old.stat().st_size > 50_000_000
    (tmp_path / "new.avsc").write_text(new_text)
    result, peak = cli_measured(tmp_path, "compat", "new.avsc", "old.avsc",
                                "--level", "FULL")
    assert result.returncode == 0, (result.returncode, peak, result.stdout[-2000:],
                                    result.stderr[-2000:])
    assert peak < GIB, f"peak {peak / 2**20:.0f} MiB"


@pytest.fixture
def fifty_megabytes_changed(repo: GitRepo) -> GitRepo:
    """A repository whose 50 MB schema is committed, then given one more field."""
    old, new = fifty_megabytes()
    repo.write(VALUE, old)
    repo.commit("big")
    repo.write(VALUE, new)
    return repo


def test_a_fifty_megabyte_schema_through_the_diff(fifty_megabytes_changed: GitRepo) -> None:
    result, peak = cli_measured(fifty_megabytes_changed.path, "diff")
    assert result.returncode in (0, 1), (result.returncode, peak, result.stdout[-2000:],
                                         result.stderr[-2000:])
    assert "field added added with a default" in result.stdout, result.stdout[-2000:]
    assert peak < GIB, f"peak {peak / 2**20:.0f} MiB"


def test_a_fifty_megabyte_schema_through_check_and_a_planned_sync(
        fifty_megabytes_changed: GitRepo, tmp_path: Path) -> None:
    repo = fifty_megabytes_changed
    checked, peak = cli_measured(repo.path, "check")
    assert checked.returncode in (0, 1), (checked.returncode, peak, checked.stdout[-2000:],
                                          checked.stderr[-2000:])
    assert peak < GIB, f"check: peak {peak / 2**20:.0f} MiB"
    registry = start_server(tmp_path / "registry.db")
    try:
        planned, peak = cli_measured(repo.path, "sync", "--registry", registry.url,
                                     "--dry-run")
    finally:
        registry.stop()
    assert planned.returncode == 0, (planned.returncode, planned.stdout[-2000:],
                                     planned.stderr[-2000:])
    assert "orders-value" in planned.stdout
    assert peak < GIB, f"sync --dry-run: peak {peak / 2**20:.0f} MiB"


RECURSIVE_AVRO = {
    "self through a union and an array": {
        "type": "record", "name": "Node", "namespace": "com.acme", "fields": [
            {"name": "next", "type": ["null", "Node"], "default": None},
            {"name": "children", "type": {"type": "array", "items": "Node"}},
            {"name": "index", "type": {"type": "map", "values": "Node"}}]},
    "mutually recursive": {
        "type": "record", "name": "Tree", "namespace": "com.acme", "fields": [
            {"name": "forest", "type": ["null", {
                "type": "record", "name": "Forest", "fields": [
                    {"name": "trees", "type": {"type": "array", "items": "Tree"}}]}],
             "default": None}]},
}
RECURSIVE_JSON = {
    "through definitions": {
        "$schema": DRAFT_07, "$ref": "#/definitions/node",
        "definitions": {"node": {"type": "object", "properties": {
            "next": {"$ref": "#/definitions/node"},
            "children": {"type": "array", "items": {"$ref": "#/definitions/node"}}}}}},
    "through the root": {
        "$schema": DRAFT_07, "type": "object",
        "properties": {"parent": {"$ref": "#"}, "name": {"type": "string"}}},
    "mutually recursive": {
        "$schema": DRAFT_07, "$ref": "#/definitions/a",
        "definitions": {
            "a": {"type": "object", "properties": {"b": {"$ref": "#/definitions/b"}}},
            "b": {"type": "object", "properties": {"a": {"$ref": "#/definitions/a"}}}}},
}


@pytest.mark.parametrize(("kind", "case"), [*(("AVRO", name) for name in RECURSIVE_AVRO),
                                            *(("JSON", name) for name in RECURSIVE_JSON)])
def test_recursive_types_are_compatible_with_themselves(kind: str, case: str) -> None:
    document = RECURSIVE_AVRO[case] if kind == "AVRO" else RECURSIVE_JSON[case]
    for level in ("BACKWARD", "FORWARD", "FULL_TRANSITIVE"):
        assert check_compatibility(document, [document], level, kind).compatible


@pytest.mark.parametrize(("path", "document"), [
    (VALUE, RECURSIVE_AVRO["self through a union and an array"]),
    ("schemas/trees/value.schema.json", RECURSIVE_JSON["through definitions"]),
])
def test_recursive_types_through_every_command(repo: GitRepo, path: str,
                                               document: dict[str, Any]) -> None:
    repo.write(path, document)
    repo.commit("v1")
    changed = json.loads(json.dumps(document))
    changed.setdefault("description" if path.endswith(".json") else "doc", "now documented")
    repo.write(path, changed)
    for command in (["check"], ["compat", path], ["diff"]):
        result = run_main(repo.path, *command)
        assert result.returncode in (0, 1), (command, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr


def test_deeper_than_the_limit_says_why(tmp_path: Path) -> None:
    (tmp_path / "deep.avsc").write_text(nested_avro(MAX_DEPTH + 1))
    result = run_main(tmp_path, "compat", "deep.avsc")
    assert_one_line_error(result, "deep.avsc", 1)
    assert f"at most {MAX_DEPTH:,} levels" in result.stdout


# (command, what its output says of the new field): the lint counts every field in one
# DOC001 finding, the diff names the one added.
@pytest.mark.parametrize(("command", "said"), [("check", "100001 of 100001 fields"),
                                               ("diff", "added")])
def test_a_hundred_thousand_fields_through_the_lint_and_the_diff(repo: GitRepo, command: str,
                                                                 said: str) -> None:
    """Every field is linted (and most of them found wanting) in memory linear in the fields;
    the 50 MB schema goes through the same linear paths, too slowly for the suite."""
    repo.write(VALUE, json.dumps(wide_record(100_000)))
    repo.commit("wide")
    repo.write(VALUE, json.dumps(wide_record(100_000, {"name": "added", "type": "int",
                                                       "default": 0})))
    result, peak = cli_measured(repo.path, command)
    assert result.returncode in (0, 1), result.stdout[-2000:] + result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert said in result.stdout
    assert peak < GIB, (command, peak)
