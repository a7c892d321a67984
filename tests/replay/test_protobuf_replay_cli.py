"""``schemalint replay`` and ``check --replay`` on Protobuf subjects end to end, in real git
repositories: the findings, where they anchor, and the exit codes.

The file is confluentinc/kafka-tutorials' ``Movie``
(``_includes/tutorials/serialization/kstreams/code/src/main/proto/movie.proto`` at
6225e7c1957911520391c7fe0e857138638714fe).
"""

from __future__ import annotations

import json

import pytest
from cli_runner import run_cli
from gitrepo import GitRepo

VALUE = "schemas/movies/value.proto"


def movie(movie_id: str = "int64", release_year: str = "int32", more: str = "") -> str:
    return ('syntax = "proto3";\n\npackage io.confluent.developer.proto;\n\n'
            "// A movie was added to the catalogue.\nmessage Movie {\n"
            f"  // The movie's id.\n  {movie_id} movie_id = 1;\n"
            "  // Its title.\n  string title = 2;\n"
            f"  // The year it came out.\n  {release_year} release_year = 3;\n{more}}}\n")


@pytest.fixture
def published(repo: GitRepo) -> GitRepo:
    repo.write(VALUE, movie())
    repo.commit("v1")
    return repo


@pytest.mark.parametrize("args", [
    ("replay", "--against", "main"), ("replay", "--all"), ("replay", VALUE),
    ("check", "--replay", "--against", "main"),
])
@pytest.mark.parametrize("change, field", [
    ({"movie_id": "int32"}, "movie_id"), ({"release_year": "uint32"}, "release_year"),
])
def test_int64_to_int32_and_int32_to_uint32_are_found_and_fail_the_run(
        published: GitRepo, args: tuple[str, ...], change: dict[str, str],
        field: str) -> None:
    published.write(VALUE, movie(**change))
    result = run_cli(published.path, *args, "--format", "concise")
    assert result.returncode == 1, result.stdout + result.stderr
    line = next(line for line in result.stdout.splitlines() if "REPLAY002" in line)
    assert line.startswith(f"{VALUE}:") and "version 1 (" in line
    assert f"field '{field}'" in line
    assert "not replayed" not in result.stderr


@pytest.mark.parametrize("args", [("replay", "--against", "main"),
                                  ("check", "--replay", "--against", "main")])
@pytest.mark.parametrize("change", [
    {"release_year": "int64"}, {"more": "  // Who directed it.\n  string director = 4;\n"},
])
def test_a_change_safe_on_data_passes(published: GitRepo, args: tuple[str, ...],
                                      change: dict[str, str]) -> None:
    published.write(VALUE, movie(**change))
    result = run_cli(published.path, *args, "--format", "concise")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "REPLAY" not in result.stdout and "not replayed" not in result.stderr
    if args[0] == "replay":
        assert "No subject replayed" not in result.stdout


def test_check_without_replay_accepts_the_truncation(published: GitRepo) -> None:
    published.write(VALUE, movie(movie_id="int32"))
    result = run_cli(published.path, "check", "--against", "main", "--format", "concise")
    assert result.returncode == 0 and "REPLAY" not in result.stdout


def test_json_output_anchors_at_the_field_in_the_proto_file(published: GitRepo) -> None:
    published.write(VALUE, movie(movie_id="int32"))
    result = run_cli(published.path, "replay", "--against", "main", "--format", "json")
    assert result.returncode == 1
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["code"], finding["direction"], finding["pointer"], finding["subject"],
            finding["against"]["version"]) == (
        "REPLAY002", "backward", "/Movie/1", "movies-value", 1)
    lines = (published.path / VALUE).read_text().splitlines()
    assert lines[finding["line"] - 1].strip() == "int32 movie_id = 1;"
    assert finding["column"] == 3


def test_a_seed_and_count_give_the_same_findings_each_run(published: GitRepo) -> None:
    published.write(VALUE, movie(movie_id="int32", release_year="uint32"))
    args = ("replay", "--all", "--count", "7", "--seed", "3", "--format", "json")
    first = run_cli(published.path, *args)
    assert first.returncode == 1
    assert first.stdout == run_cli(published.path, *args).stdout


def test_a_proto_file_that_does_not_compile_is_exit_2(published: GitRepo) -> None:
    published.write(VALUE, movie().replace("string title", "strin title"))
    result = run_cli(published.path, "replay", "--against", "main")
    assert result.returncode == 2 and VALUE in result.stdout + result.stderr


PURCHASE = "schemas/customers/purchase.proto"
EVENTS = "schemas/customers/value.proto"
HEADER = 'syntax = "proto3";\npackage io.confluent.developer.proto;\n'


def test_a_break_in_an_imported_message_is_found_where_each_file_holds_it(
        repo: GitRepo) -> None:
    # kafka-tutorials' customer-event.proto: a oneof of messages another file declares
    # (_includes/tutorials/multiple-event-types/kafka/code/src/main/proto/, at 6225e7c).
    repo.write(PURCHASE, HEADER + "message Purchase {\n  repeated string item = 1;\n"
                                  "  double amount = 2;\n}\n")
    repo.write(EVENTS, HEADER + 'import "purchase.proto";\nmessage CustomerEvent {\n'
                                "  oneof action {\n    Purchase purchase = 1;\n  }\n"
                                "  string id = 3;\n}\n")
    repo.commit("v1")
    repo.write(PURCHASE, HEADER + "message Purchase {\n  string item = 1;\n"
                                  "  double amount = 2;\n}\n")
    result = run_cli(repo.path, "replay", "--against", "main", "--format", "json")
    assert result.returncode == 1, result.stdout + result.stderr
    found = {(finding["path"], finding["pointer"], finding["line"],
              finding["message"].partition("field '")[2].partition("'")[0])
             for finding in json.loads(result.stdout)["findings"]}
    # In the importing file, the field of the imported type is as deep as it declares.
    assert found == {(PURCHASE, "/Purchase/1", 4, "item"),
                     (EVENTS, "/CustomerEvent/1", 6, "purchase.item")}


@pytest.mark.parametrize("code, words", [("REPLAY001", "proto3"),
                                         ("REPLAY002", "int64 read as int32")])
def test_explain_says_how_protobuf_breaks(code: str, words: str) -> None:
    from pathlib import Path

    result = run_cli(Path.cwd(), "explain", code)
    assert result.returncode == 0 and words in " ".join(result.stdout.split())
