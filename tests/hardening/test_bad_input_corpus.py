"""Unusable input, through ``check``, ``compat`` and ``diff`` as a user runs them.

Each case ends in exit 2 with one line naming the file (and the line where there is one),
never a traceback, for Avro and JSON Schema files alike.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from gitrepo import GitRepo
from hardening_support import (
    DRAFT_07,
    JSON_VALUE,
    VALUE,
    assert_one_line_error,
    cli,
    committed_repo,
    record,
    run_main,
)

RECORD_TEXT = json.dumps(record())
# name → (bytes of the file, line the error names or None when the file has no lines)
BAD_BYTES: dict[str, tuple[bytes, int | None]] = {
    "empty": (b"", 1),
    "only whitespace": (b"  \n\n   ", 3),
    "only a byte order mark": (b"\xef\xbb\xbf", 1),
    "binary": (bytes(range(256)), None),
    "a NUL inside JSON": (RECORD_TEXT[:20].encode() + b"\x00" + RECORD_TEXT[20:].encode(), None),
    "Latin-1 text": ('{"type": "record",\n "name": "Caf\xe9", "fields": []}'.encode("latin-1"), 2),
    "UTF-16 with a byte order mark": (RECORD_TEXT.encode("utf-16"), None),
    "UTF-16 without a byte order mark": (RECORD_TEXT.encode("utf-16-le"), None),
    "UTF-32": (RECORD_TEXT.encode("utf-32"), None),
    "truncated JSON": (RECORD_TEXT[: len(RECORD_TEXT) // 2].encode(), 1),
    "truncated inside a string": (b'{\n"type": "rec', 2),
    "duplicate keys": (b'{"type": "record",\n "name": "A",\n "name": "B", "fields": []}', 3),
    "NaN": (b'{"type": "record", "name": "A", "fields": [\n'
            b'{"name": "x", "type": "double", "default": NaN}]}', 2),
    "Infinity": (b'{"type": "record", "name": "A", "fields": [\n'
                 b'{"name": "x", "type": "double", "default": -Infinity}]}', 2),
    "trailing comma": (b'{"type": "record", "name": "A", "fields": [],\n}', 2),
    "two documents": (RECORD_TEXT.encode() + b"\n" + RECORD_TEXT.encode(), 2),
    "an unpaired surrogate escape": (b'{"type": "record", "name": "A",\n "doc": "\\ud800",'
                                     b' "fields": []}', 2),
    "a merge conflict": (b'{"type": "record", "name": "A", "fields": [\n<<<<<<< HEAD\n'
                         b'{"name": "a", "type": "int"}\n=======\n{"name": "b", "type": "int"}'
                         b'\n>>>>>>> feature\n]}', 2),
    "nesting beyond the limit": (b"[" * 20_000 + b"]" * 20_000, 1),
    "null": (b"null", 1),
    "an integer of 5,000 digits": (b'{"type": "record", "name": "A", "fields": [],\n'
                                   b'"size": ' + b"1" * 5000 + b"}", 2),
}

FORMATS = {"avro": VALUE, "json": JSON_VALUE}


def _json_schema_variant(data: bytes) -> bytes:
    """The same defect in a JSON Schema file: ``$schema`` first, where the text allows."""
    text = data.replace(b'"type": "record"', b'"$schema": "' + DRAFT_07.encode() + b'"')
    return text.replace(b'"fields"', b'"required"')


@pytest.fixture(scope="module")
def base_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return committed_repo(GitRepo(tmp_path_factory.mktemp("bad") / "repo")).path


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("case", sorted(BAD_BYTES))
def test_unusable_files_end_in_one_line_naming_the_file(base_repo: Path, tmp_path: Path,
                                                        case: str, fmt: str) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(base_repo, repo, symlinks=True)
    data, line = BAD_BYTES[case]
    path = FORMATS[fmt]
    (repo / path).write_bytes(data if fmt == "avro" else _json_schema_variant(data))
    for command in (["check"], ["compat", path], ["diff"]):
        assert_one_line_error(run_main(repo, *command), path, line)


# The same through a real process, for a sample: what a user's shell sees.
@pytest.mark.parametrize("case", ["binary", "NaN", "UTF-16 with a byte order mark",
                                  "nesting beyond the limit"])
def test_unusable_files_in_a_real_process(base_repo: Path, tmp_path: Path, case: str) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(base_repo, repo, symlinks=True)
    data, line = BAD_BYTES[case]
    (repo / VALUE).write_bytes(data)
    for command in (["check"], ["compat", VALUE], ["diff"]):
        assert_one_line_error(cli(repo, *command), VALUE, line)


def test_an_unreadable_history_file_is_named_too(repo: GitRepo) -> None:
    """A bad file already committed: checking a later good version reads the old one."""
    repo.write(VALUE, "{\n  not json\n")
    repo.commit("broken")
    repo.write(VALUE, record())
    result = cli(repo.path, "check")
    assert result.returncode in (0, 1, 2), result.stderr
    assert "Traceback" not in result.stdout + result.stderr


# Files git would not show as text: the whole run stopped at the first ("file is not valid
# UTF-8" on stderr, nothing on stdout for --format json, no other schema checked).
UNDECODABLE = ["binary", "a NUL inside JSON", "Latin-1 text", "UTF-16 with a byte order mark"]


@pytest.mark.parametrize("case", UNDECODABLE)
def test_an_undecodable_file_is_a_finding_and_the_others_are_checked(
        base_repo: Path, tmp_path: Path, case: str) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(base_repo, repo, symlinks=True)
    data, line = BAD_BYTES[case]
    (repo / VALUE).write_bytes(data)
    result = run_main(repo, "check", "--all", "--format", "json")
    assert result.returncode == 2, result.stderr
    report = json.loads(result.stdout)
    assert report["summary"]["checked"] == 2
    assert [(f["code"], f["path"], f["line"]) for f in report["findings"]
            if f["severity"] == "error"] == [("INVALID_SCHEMA", VALUE, line)]
