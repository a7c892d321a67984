"""A library an installation lacks is one line naming the part and its install command, exit 2.

Each case blocks the part's modules (as an installation without them) and runs the command
as the console script, the pre-commit hooks and the GitHub Action run it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from gitrepo import GIT_ENV, GitRepo

ORDER_V1 = 'syntax = "proto3";\npackage acme;\nmessage Order { string id = 1; }\n'
ORDER_V2 = 'syntax = "proto3";\npackage acme;\nmessage Order { int64 id = 1; }\n'
PROTOBUF_LINE = ("schemalint: error: Protobuf schemas need grpcio-tools, which is not installed: "
                 "pip install 'grpcio-tools>=1.60'\n")
PATTERNS_LINE = ("schemalint: error: JSON Schema patterns need google-re2, which is not "
                 "installed: pip install 'google-re2>=1.1'\n")
SERVER_LINE = ("schemalint: error: Registry commands that serve need the server extra, which is "
               "not installed: pip install 'schemalint[server]'\n")

RUN_WITHOUT = """\
import sys
for name in sys.argv[1].split(","):
    sys.modules[name] = None  # what an import finds when the library is not installed
from schemalint.cli.entry import main
main(sys.argv[2:])
"""

CASES = [
    # (blocked modules, command line, the line on stderr). The first is the one issue 16 saw.
    ("google,grpc_tools", ["check"], PROTOBUF_LINE),
    ("google,grpc_tools", ["check", "--against", "none"], PROTOBUF_LINE),
    ("google,grpc_tools", ["check", "--all"], PROTOBUF_LINE),
    ("google,grpc_tools", ["compat", "schemas/orders/value.proto"], PROTOBUF_LINE),
    ("google,grpc_tools", ["diff", "--against", "HEAD"], PROTOBUF_LINE),
    ("google,grpc_tools", ["replay", "--against", "HEAD"], PROTOBUF_LINE),
    ("google,grpc_tools", ["check", "--replay", "--all"], PROTOBUF_LINE),
    ("starlette,uvicorn", ["registry", "serve", "--port", "0"], SERVER_LINE),
    ("re2", ["compat", "schemas/orders/value.schema.json", "../old.schema.json"],
     PATTERNS_LINE),
]


@pytest.fixture
def proto_change(repo: GitRepo) -> GitRepo:
    repo.write("schemas/orders/value.proto", ORDER_V1)
    repo.commit("v1")
    repo.write("schemas/orders/value.proto", ORDER_V2)
    # A property name the new version's patternProperties must be asked about.
    (repo.path.parent / "old.schema.json").write_text(json.dumps(
        {"type": "object", "properties": {"order_id": {"type": "string"}}}))
    repo.write("schemas/orders/value.schema.json", {
        "type": "object", "patternProperties": {"^order_": {"type": "string"}}})
    repo.git("add", "-A")
    return repo


@pytest.mark.parametrize(("blocked", "args", "line"), CASES, ids=lambda v: str(v)[:30])
def test_a_missing_part_is_one_line_with_its_install_command(
        proto_change: GitRepo, blocked: str, args: list[str], line: str) -> None:
    result = subprocess.run([sys.executable, "-c", RUN_WITHOUT, blocked, *args],
                            cwd=proto_change.path, capture_output=True, text=True, check=False,
                            env={**os.environ, **GIT_ENV})
    assert result.returncode == 2, result.stderr
    assert result.stderr == line


ACTION_WITHOUT_PROTOBUF = """\
import sys
sys.modules["google"] = sys.modules["grpc_tools"] = None
from schemalint.integrations.github import main
main()
"""


def test_the_action_without_protobuf_annotates_one_line_and_sets_its_outputs(
        proto_change: GitRepo, tmp_path: Path) -> None:
    base = proto_change.git("rev-parse", "HEAD")
    proto_change.commit("v2")
    output, summary, event = tmp_path / "output", tmp_path / "summary", tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"base": {"sha": base}}}))
    env = {**os.environ, **GIT_ENV, "GITHUB_WORKSPACE": str(proto_change.path),
           "GITHUB_EVENT_PATH": str(event), "GITHUB_OUTPUT": str(output),
           "GITHUB_STEP_SUMMARY": str(summary)}
    result = subprocess.run([sys.executable, "-c", ACTION_WITHOUT_PROTOBUF],
                            cwd=proto_change.path, capture_output=True, text=True,
                            check=False, env=env)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr == ""
    assert result.stdout == ("::error title=schemalint::" +
                             PROTOBUF_LINE.removeprefix("schemalint: error: "))
    assert output.read_text().splitlines() == [
        "findings=0", "breaking=false", "sarif-file=", "exit-code=2"]
    assert "pip install 'grpcio-tools>=1.60'" in summary.read_text()
