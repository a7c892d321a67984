"""Running schemalint as a user does, on real git repositories, for the hardening tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from cli_runner import run_cli
from gitrepo import GIT_ENV, GitRepo

PROJECT = Path(__file__).parents[2]
VALUE = "schemas/orders/value.avsc"
JSON_VALUE = "schemas/customers/value.schema.json"
DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def cli(cwd: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``python -m schemalint ARGS`` in ``cwd``; fails the test rather than hang."""
    return subprocess.run(
        [sys.executable, "-m", "schemalint", *args], cwd=cwd, capture_output=True, text=True,
        env={**GIT_ENV, "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
             "PYTHONPATH": str(PROJECT)},
        timeout=timeout, check=False,
    )


def record(*fields: dict[str, Any], name: str = "OrderPlaced") -> dict[str, Any]:
    return {"type": "record", "name": name, "namespace": "com.acme.orders", "doc": "An order.",
            "fields": [{"name": "order_id", "type": "string", "doc": "The id."}, *fields]}


def json_schema(**properties: Any) -> dict[str, Any]:
    return {"$schema": DRAFT_07, "type": "object",
            "properties": {"id": {"type": "string"}, **properties}}


def committed_repo(repo: GitRepo) -> GitRepo:
    """A repository with one committed Avro and one committed JSON Schema subject."""
    repo.write(VALUE, record())
    repo.write(JSON_VALUE, json_schema())
    repo.commit("v1")
    return repo


def assert_one_line_error(result: subprocess.CompletedProcess[str], path: str,
                          line: int | None = None) -> None:
    """Exit 2; the error names the file (and line); no traceback anywhere."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "internal error" not in output, output
    place = f"{path}:{line}:" if line is not None else path
    lines = [text for text in output.splitlines() if place in text]
    assert lines, f"no line names {place!r}:\n{output}"
    assert all("\x1b" not in text for text in output.splitlines()), output


def json_dumps(value: Any) -> str:
    return json.dumps(value, indent=2) + "\n"


run_main = run_cli


GIB = 1024 * 1024 * 1024


# The command line, reporting its own peak resident memory when it ends (however it ends).
_MEASURED = """
import os, resource, sys
from schemalint.cli.entry import main
try:
    main(sys.argv[1:])
finally:
    with open(os.environ["SCHEMALINT_PEAK_FILE"], "w") as peak:
        peak.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
"""


def cli_measured(cwd: Path, *args: str, timeout: float = 120
                 ) -> tuple[subprocess.CompletedProcess[str], int]:
    """``cli``, also returning the process's own peak resident memory in bytes (Linux)."""
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        peak_file = Path(scratch) / "peak"
        result = subprocess.run(
            [sys.executable, "-c", _MEASURED, *args], cwd=cwd, capture_output=True,
            text=True, timeout=timeout, check=False,
            env={**GIT_ENV, "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                 "PYTHONPATH": str(PROJECT), "SCHEMALINT_PEAK_FILE": str(peak_file)})
        return result, int(peak_file.read_text()) * 1024
