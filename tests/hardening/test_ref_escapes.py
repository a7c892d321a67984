"""A ``$ref`` never leaves the repository and never reaches the network unless mapped."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from gitrepo import GitRepo
from hardening_support import JSON_VALUE, assert_one_line_error, json_schema, run_main

OUTSIDE_SECRET = "top-secret-outside-the-repository"

# name → ($ref value, words the one-line error says)
ESCAPES: dict[str, tuple[str, str]] = {
    "parent folders to /etc/passwd": ("../../../../../../../../etc/passwd",
                                      "leaves the repository"),
    "an absolute path": ("/etc/passwd", "leaves the repository"),
    "a file: URI": ("file:///etc/passwd", "leaves the repository"),
    "a symlink pointing outside": ("outside.json", "leaves the repository"),
    "a symlinked folder pointing outside": ("linked/secret.json", "leaves the repository"),
    "a remote URL": ("https://schemas.example.com/x.json", "not fetched"),
    "a remote URL with a fragment": ("https://schemas.example.com/x.json#/a", "not fetched"),
    "a protocol-relative URL": ("//schemas.example.com/x.json", "leaves the repository"),
    "a NUL in the name": ("%00.json", "no usable file"),
    "a binary file": ("binary.json", "not UTF-8"),
    "a folder": ("folder", "Is a directory"),
    "a missing file": ("missing.json", "No such file"),
    "a file that is not JSON": ("broken.json", "invalid JSON"),
}


@pytest.fixture(scope="module")
def base_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    top = tmp_path_factory.mktemp("refs")
    (top / "secret.json").write_text(json.dumps({"description": OUTSIDE_SECRET}))
    repo = GitRepo(top / "repo")
    repo.write(JSON_VALUE, json_schema())
    repo.commit("v1")
    folder = repo.path / Path(JSON_VALUE).parent
    (folder / "outside.json").symlink_to(top / "secret.json")
    (folder / "linked").symlink_to(top)
    (folder / "binary.json").write_bytes(b"\xff\xfe\x00")
    (folder / "folder").mkdir()
    (folder / "broken.json").write_text("{")
    return repo.path


@pytest.mark.parametrize("case", sorted(ESCAPES))
def test_a_ref_that_cannot_be_followed_is_one_line_naming_the_file(
        base_repo: Path, tmp_path: Path, case: str) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(base_repo, repo, symlinks=True)
    ref, words = ESCAPES[case]
    document: dict[str, Any] = json_schema(leak={"$ref": ref})
    (repo / JSON_VALUE).write_text(json.dumps(document, indent=2))
    line = next(number for number, text in enumerate(
        (repo / JSON_VALUE).read_text().splitlines(), start=1) if '"$ref"' in text)
    for command in ("check", "diff"):
        result = run_main(repo, command)
        assert_one_line_error(result, JSON_VALUE, line)
        assert words in result.stdout, result.stdout
        assert OUTSIDE_SECRET not in result.stdout + result.stderr
    compat = run_main(repo, "compat", JSON_VALUE)
    assert_one_line_error(compat, JSON_VALUE, line)


def test_a_mapped_remote_ref_is_read_from_its_local_folder(repo: GitRepo) -> None:
    repo.write("schemalint.toml", 'version = 1\nroots = ["schemas"]\n\n[json]\n'
               'ref-map = { "https://schemas.example.com/" = "schemas/shared/" }\n')
    repo.write("schemas/shared/money.json", {"type": "number"})
    repo.write(JSON_VALUE, json_schema(amount={"$ref": "https://schemas.example.com/money.json"}))
    result = run_main(repo.path, "check")
    assert result.returncode in (0, 1), result.stdout + result.stderr
    assert "INVALID_SCHEMA" not in result.stdout
