"""The hooks as pre-commit runs them: this checkout as the hook repository (``try-repo``)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from gitrepo import GIT_ENV, GitRepo

from schemalint.integrations.precommit import manifest

ROOT = Path(__file__).parents[2]
pytestmark = pytest.mark.xdist_group("precommit")

V1 = {"type": "record", "name": "OrderPlaced", "namespace": "com.acme",
      "fields": [{"name": "order_id", "type": "string"}]}


def test_manifest_is_generated_from_the_hook_catalogue() -> None:
    assert (ROOT / ".pre-commit-hooks.yaml").read_text() == manifest(), (
        "regenerate: python -m schemalint.integrations.precommit > .pre-commit-hooks.yaml")


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This checkout as it is on disk, committed into a repository of its own.

    ``try-repo`` builds the hook from committed files (and tracked changes); a snapshot makes
    the test exercise exactly the working tree, new files included.
    """
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], cwd=ROOT, capture_output=True, check=True)
    snapshot = GitRepo(tmp_path_factory.mktemp("hook-repo") / "schemalint")
    for name in listed.stdout.decode().split("\0"):
        source = ROOT / name
        if name and source.is_file():
            target = snapshot.path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    snapshot.commit("snapshot")
    return snapshot.path


def pre_commit(repo: GitRepo, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    executable = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    assert executable, "pre-commit is a test dependency"
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run([executable, *args], cwd=repo.path, capture_output=True, text=True,
                          env=env, check=False)


def try_repo(repo: GitRepo, home: Path, hook_repo: Path, hook: str = "schemalint"
             ) -> subprocess.CompletedProcess[str]:
    return pre_commit(repo, home, "try-repo", str(hook_repo), hook, "--verbose")


def run_configured(repo: GitRepo, home: Path, hook_repo: Path, hook: str = "schemalint"
                   ) -> subprocess.CompletedProcess[str]:
    """As a user runs it: the hook pinned in .pre-commit-config.yaml (installed once)."""
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=hook_repo, capture_output=True,
                         text=True, check=True).stdout.strip()
    repo.write(".pre-commit-config.yaml", f"repos:\n- repo: {hook_repo.as_uri()}\n"
               f"  rev: {rev}\n  hooks:\n  - id: {hook}\n")
    repo.git("add", ".pre-commit-config.yaml")
    return pre_commit(repo, home, "run", hook, "--verbose")


@pytest.fixture
def history(repo: GitRepo) -> GitRepo:
    repo.write("schemas/orders/value.avsc", V1)
    repo.write("schemas/legacy/value.avsc", {**V1, "name": "Legacy"})
    repo.commit("v1")
    return repo


def test_breaking_staged_change_fails_naming_file_and_line(
        history: GitRepo, pre_commit_home: Path, hook_repo: Path) -> None:
    breaking = {**V1, "fields": [*V1["fields"], {"name": "total", "type": "long"}]}
    history.write("schemas/orders/value.avsc", breaking)
    history.git("add", "-A")
    result = try_repo(history, pre_commit_home, hook_repo)
    assert result.returncode == 1, result.stdout + result.stderr
    assert ("schemas/orders/value.avsc:10:5: error: READER_FIELD_MISSING_DEFAULT_VALUE"
            in result.stdout)


def test_compatible_staged_change_passes(history: GitRepo, pre_commit_home: Path,
                                        hook_repo: Path) -> None:
    compatible = {**V1, "fields": [*V1["fields"],
                                   {"name": "note", "type": ["null", "string"], "default": None}]}
    history.write("schemas/orders/value.avsc", compatible)
    history.git("add", "-A")
    result = run_configured(history, pre_commit_home, hook_repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


def test_deleted_schema_fails_with_subject_removed(
        history: GitRepo, pre_commit_home: Path, hook_repo: Path) -> None:
    history.git("rm", "-q", "schemas/legacy/value.avsc")
    result = run_configured(history, pre_commit_home, hook_repo)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "SUBJECT_REMOVED" in result.stdout and "legacy-value" in result.stdout


def test_lint_hook_checks_files_without_history(
        history: GitRepo, pre_commit_home: Path, hook_repo: Path) -> None:
    history.write("schemas/orders/value.avsc", "{not json")
    history.write("package.json", json.dumps({"name": "not a schema"}))
    history.git("add", "-A")
    result = run_configured(history, pre_commit_home, hook_repo, "schemalint-lint")
    # pre-commit reports any failing hook as 1; the hook's own code is in its output.
    assert result.returncode == 1, result.stdout + result.stderr
    assert "exit code: 2" in result.stdout
    assert "schemas/orders/value.avsc:1:2: error: INVALID_SCHEMA" in result.stdout
    assert "package.json" not in result.stdout
