"""Repositories in every state a commit hook or CI job meets them in."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from gitrepo import GIT_ENV, GitRepo
from hardening_support import VALUE, assert_one_line_error, cli, record, run_main

ADDED_WITH_DEFAULT = {"name": "note", "type": "string", "default": "", "doc": "A note."}
ADDED_WITHOUT_DEFAULT = {"name": "note", "type": "string", "doc": "A note."}


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}, check=check)


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "internal error" not in output, output


def test_no_commits_yet_checks_without_history(repo: GitRepo) -> None:
    repo.write(VALUE, record(ADDED_WITHOUT_DEFAULT))
    for command in ("check", "diff"):
        result = run_main(repo.path, command)
        no_traceback(result)
        assert result.returncode in (0, 1)
    assert "new subject" in run_main(repo.path, "diff").stdout


def test_a_schema_deleted_from_the_work_tree_is_a_removed_subject(repo: GitRepo) -> None:
    repo.write(VALUE, record())
    repo.commit()
    repo.remove(VALUE)
    result = run_main(repo.path, "check")
    assert result.returncode == 1 and "SUBJECT_REMOVED" in result.stdout
    assert "subject removed" in run_main(repo.path, "diff").stdout


def test_a_schema_deleted_in_history_and_recreated_is_checked_against_its_past(
        repo: GitRepo) -> None:
    repo.write(VALUE, record())
    repo.commit("v1")
    repo.remove(VALUE)
    repo.commit("removed")
    repo.write(VALUE, record(ADDED_WITHOUT_DEFAULT))
    result = run_main(repo.path, "check")
    no_traceback(result)
    assert result.returncode in (0, 1)


def test_a_renamed_schema_is_a_new_subject_and_a_removed_one(repo: GitRepo) -> None:
    repo.write(VALUE, record())
    repo.commit("v1")
    (repo.path / "schemas/payments").mkdir(parents=True)
    repo.git("mv", VALUE, "schemas/payments/value.avsc")
    for against in ("HEAD",):
        diff = run_main(repo.path, "diff", "--against", against)
        assert "payments-value" in diff.stdout and "subject removed" in diff.stdout
    repo.commit("renamed")
    diff = run_main(repo.path, "diff", "--against", "HEAD~1")
    no_traceback(diff)
    assert "payments-value" in diff.stdout


@pytest.fixture
def shallow(tmp_path: Path) -> Path:
    origin = GitRepo(tmp_path / "origin")
    for version in range(3):
        origin.write(VALUE, record(*[{"name": f"f{index}", "type": "int", "default": 0}
                                     for index in range(version)]))
        origin.commit(f"v{version}")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", origin.path.as_uri(), str(clone))
    return clone


@pytest.mark.parametrize("command", [["check"], ["diff"], ["check", "--against", "HEAD~2"],
                                     ["diff", "--against", "HEAD~2"]])
def test_a_shallow_clone_says_to_fetch_the_history(shallow: Path, command: list[str]) -> None:
    (shallow / VALUE).write_text('{"type": "record", "name": "OrderPlaced", '
                                 '"namespace": "com.acme.orders", "fields": []}')
    result = run_main(shallow, *command)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "shallow" in result.stderr and "--unshallow" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_shallow_clone_with_an_unchanged_schema_passes(shallow: Path) -> None:
    result = run_main(shallow, "check")
    no_traceback(result)
    assert result.returncode in (0, 3)


def _conflicting(repo: GitRepo) -> None:
    repo.write(VALUE, record())
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write(VALUE, record({"name": "a", "type": "int", "default": 0}))
    repo.commit("feature")
    repo.git("checkout", "-q", "main")
    repo.write(VALUE, record({"name": "b", "type": "int", "default": 0}))
    repo.commit("main")


def test_in_the_middle_of_a_merge_the_conflict_is_named(repo: GitRepo) -> None:
    _conflicting(repo)
    assert git(repo.path, "merge", "feature", check=False).returncode != 0
    assert (repo.path / ".git/MERGE_HEAD").exists()
    for command in ("check", "diff"):
        result = run_main(repo.path, command)
        assert_one_line_error(result, VALUE)
        assert "merge conflict" in result.stdout


def test_in_the_middle_of_a_rebase_the_conflict_is_named(repo: GitRepo) -> None:
    _conflicting(repo)
    repo.git("checkout", "-q", "feature")
    assert git(repo.path, "rebase", "main", check=False).returncode != 0
    assert (repo.path / ".git/rebase-merge").exists() or (repo.path / ".git/rebase-apply").exists()
    result = cli(repo.path, "check")
    assert_one_line_error(result, VALUE)
    assert "merge conflict" in result.stdout


def test_a_merge_resolved_but_not_committed_is_checked(repo: GitRepo) -> None:
    _conflicting(repo)
    git(repo.path, "merge", "feature", check=False)
    repo.write(VALUE, record({"name": "a", "type": "int", "default": 0},
                             {"name": "b", "type": "int", "default": 0}))
    result = run_main(repo.path, "check")
    no_traceback(result)
    assert result.returncode in (0, 1)


def test_outside_any_repository_says_how_to_check_without_history(tmp_path: Path) -> None:
    (tmp_path / "schemas/orders").mkdir(parents=True)
    (tmp_path / VALUE).write_text('{"type": "string"}')
    result = run_main(tmp_path, "check")
    assert result.returncode == 2 and "--against none" in result.stderr
