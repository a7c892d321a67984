"""Schema texts and the init-then-check run shared by the tables of public repositories'
layouts (tests/commands/test_init_layouts.py, test_public_repositories.py)."""

from __future__ import annotations

import json
import subprocess
import sys

from gitrepo import GitRepo


def proto(package: str, message: str, *imports: str) -> str:
    lines = ['syntax = "proto3";', f"package {package};", *(f'import "{i}";' for i in imports),
             f"// A {message}.", f"message {message} {{", "  // Its id.", "  string id = 1;", "}"]
    return "\n".join(lines) + "\n"


def avro(name: str, namespace: str, *fields: str, indent: int | None = None) -> str:
    return json.dumps({"type": "record", "name": name, "namespace": namespace,
                       "doc": f"A {name}.", "fields": [
                           {"name": f, "type": "string", "doc": f"The {f}."} for f in fields]},
                      indent=indent)


def init_and_check(repo: GitRepo) -> tuple[subprocess.CompletedProcess[str], dict[str, object]]:
    """``schemalint init``, then ``check --all --format json`` with what it wrote."""
    init = subprocess.run([sys.executable, "-m", "schemalint", "init"], cwd=repo.path,
                          capture_output=True, text=True, check=False)
    check = subprocess.run([sys.executable, "-m", "schemalint", "check", "--all", "--format",
                            "json"], cwd=repo.path, capture_output=True, text=True,
                           check=False)
    return init, json.loads(check.stdout)
