"""The hooks as pre-commit runs them: this checkout as the hook repository (``try-repo``)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from gitrepo import GIT_ENV, GitRepo, copy_checkout

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
    snapshot = GitRepo(tmp_path_factory.mktemp("hook-repo") / "schemalint")
    copy_checkout(ROOT, snapshot.path)
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


def run_configured(repo: GitRepo, home: Path, hook_repo: Path, hook: str = "schemalint",
                   args: str = "") -> subprocess.CompletedProcess[str]:
    """As a user runs it: the hook pinned in .pre-commit-config.yaml (installed once), with
    the hook's ``args`` where given."""
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=hook_repo, capture_output=True,
                         text=True, check=True).stdout.strip()
    repo.write(".pre-commit-config.yaml", f"repos:\n- repo: {hook_repo.as_uri()}\n"
               f"  rev: {rev}\n  hooks:\n  - id: {hook}\n"
               + (f"    args: {args}\n" if args else ""))
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


@pytest.mark.parametrize(("args", "code"), [("", 0), ("[--replay]", 1)],
                         ids=["replay off by default", "args: [--replay]"])
def test_replay_is_off_in_the_hook_unless_its_args_turn_it_on(
        repo: GitRepo, pre_commit_home: Path, hook_repo: Path, args: str, code: int) -> None:
    timed = {**V1, "fields": [*V1["fields"], {"name": "placed_at", "type": {
        "type": "long", "logicalType": "timestamp-millis"}}]}
    repo.write("schemas/orders/value.avsc", timed)
    repo.commit("v1")
    # Compatible schemas; every old time read 1,000 times too near the epoch.
    repo.write("schemas/orders/value.avsc", {**timed, "fields": [*V1["fields"], {
        "name": "placed_at", "type": {"type": "long", "logicalType": "timestamp-micros"}}]})
    repo.git("add", "-A")
    result = run_configured(repo, pre_commit_home, hook_repo, args=args)
    assert result.returncode == code, result.stdout + result.stderr
    assert ("REPLAY002" in result.stdout) is bool(code)


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


ORDER_PROTO = 'syntax = "proto3";\npackage acme;\n\nmessage Order {\n  string id = 1;\n}\n'
PROTO_CASES = [
    # (hook, the staged .proto text, pre-commit's exit code, the hook's exit code, a line)
    ("schemalint", ORDER_PROTO.replace("string id", "int64 id"), 1, 1,
     "schemas/orders/value.proto:5:3: error: FIELD_SCALAR_KIND_CHANGED"),
    ("schemalint", ORDER_PROTO.replace("}", "  string note = 2;\n}"), 0, 0, "Passed"),
    ("schemalint-lint", ORDER_PROTO.replace("id = 1;", "id = 1"), 1, 2,
     "schemas/orders/value.proto:6:1: error: INVALID_SCHEMA invalid Protobuf schema: "
     "Expected \";\""),
]


@pytest.mark.parametrize(("hook", "staged", "status", "hook_status", "line"), PROTO_CASES,
                         ids=["breaking", "compatible", "lint-syntax-error"])
def test_a_proto_change_is_checked_by_both_hooks(
        repo: GitRepo, pre_commit_home: Path, hook_repo: Path, hook: str, staged: str,
        status: int, hook_status: int, line: str) -> None:
    # Issue 16: any .proto made both hooks fail with "No module named 'google'": the hook's
    # environment is `pip install .`, the default dependencies only.
    repo.write("schemas/orders/value.proto", ORDER_PROTO)
    repo.commit("v1")
    repo.write("schemas/orders/value.proto", staged)
    repo.git("add", "-A")
    result = try_repo(repo, pre_commit_home, hook_repo, hook)
    output = result.stdout + result.stderr
    assert result.returncode == status, output
    assert line in result.stdout, output
    if hook_status:
        assert f"exit code: {hook_status}" in result.stdout, output
    assert "internal error" not in output and "No module named" not in output


SHIPMENT_YAML = ("$schema: https://json-schema.org/draft/2020-12/schema\ntitle: ShipmentSent\n"
                 "type: object\nproperties:\n  carrier:\n    type: string\n")
YAML_CASES = [
    # (staged files, pre-commit's exit code, a line of the output). A commit that touched
    # only a YAML schema was "(no files to check) Skipped" by the lint hook.
    ({"schemas/shipping/value.yaml": SHIPMENT_YAML.replace("type: string", "type: [string")},
     1, "schemas/shipping/value.yaml:7:1: error: INVALID_SCHEMA invalid YAML"),
    ({"schemas/shipping/value.yml": SHIPMENT_YAML.replace("title", "$id: 7\ntitle")},
     1, "schemas/shipping/value.yml"),
    # YAML that is no schema (the hook's own configuration) is passed over, as data.
    ({"schemas/shipping/value.yaml": SHIPMENT_YAML, "ci.yaml": "jobs:\n  test: {}\n"},
     0, "Passed"),
]


@pytest.mark.parametrize(("staged", "status", "line"), YAML_CASES,
                         ids=["invalid yaml", "yml", "yaml that is no schema"])
def test_the_lint_hook_reads_yaml_schemas(repo: GitRepo, pre_commit_home: Path,
                                          hook_repo: Path, staged: dict[str, str],
                                          status: int, line: str) -> None:
    for path, text in staged.items():
        repo.write(path, text)
    repo.git("add", "-A")
    result = try_repo(repo, pre_commit_home, hook_repo, "schemalint-lint")
    output = result.stdout + result.stderr
    assert result.returncode == status, output
    assert line in result.stdout, output
    assert "no files to check" not in output


# open-telemetry/opentelemetry-proto at ac2c4b5d1f3a6079de62f9afec860158ecc8af09:
# opentelemetry/proto/trace/v1/trace.proto imports opentelemetry/proto/common/v1/common.proto.
COMMON_PROTO = ('syntax = "proto3";\npackage acme.common;\n\nmessage KeyValue {\n'
                '  string key = 1;\n  string value = 2;\n}\n')
SPAN_PROTO = ('syntax = "proto3";\npackage acme.trace;\n\nimport "common/common.proto";\n\n'
              'message Span {\n  repeated acme.common.KeyValue attributes = 1;\n}\n')


@pytest.mark.parametrize(("common", "status", "line"), [
    (COMMON_PROTO.replace("string value = 2;", "int64 value = 2;"), 1,
     "(checked because schemas/common/common.proto, which it imports, changed)"),
    (COMMON_PROTO.replace("  string value = 2;\n", "  string value = 2;\n  int32 key_ref = 3;\n"),
     0, "Passed"),
], ids=["breaking", "compatible"])
def test_a_staged_change_to_an_imported_proto_checks_the_importing_subject(
        repo: GitRepo, pre_commit_home: Path, hook_repo: Path, common: str, status: int,
        line: str) -> None:
    repo.write("schemas/common/common.proto", COMMON_PROTO)
    repo.write("schemas/spans/value.proto", SPAN_PROTO)
    repo.commit("v1")
    repo.write("schemas/common/common.proto", common)
    repo.git("add", "-A")
    result = try_repo(repo, pre_commit_home, hook_repo)
    output = result.stdout + result.stderr
    assert result.returncode == status, output
    assert line in result.stdout, output
    if status:
        assert "schemas/spans/value.proto" in result.stdout, output
