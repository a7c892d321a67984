"""What the typed configuration does to a run: the lint reads its settings, the command line
overrides them, and reading it leaves the user's repository as it was."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from gitrepo import GIT_ENV, GitRepo

from schemalint.config import load_config
from schemalint.model import Severity
from schemalint.pipeline.check import CheckRequest, run_check

VALUE = "schemas/orders/value.avsc"
OTHER_KEY = "schemas/payments/key.avsc"
# An imperative name (EVT001), no event id or time (MET001, MET002: in the strict preset), no
# key (ORD001).
SEND_EMAIL = {"type": "record", "name": "SendEmail", "namespace": "com.acme", "doc": "Mail.",
              "fields": [{"name": "order_id", "type": "string", "doc": "The order."}]}
UNCONFIGURED = {"EVT001": Severity.ERROR, "ORD001": Severity.WARNING}


@pytest.mark.parametrize(("lint", "select", "ignore", "expected"), [
    ("", (), (), UNCONFIGURED),
    ('ignore = ["EVT001"]', (), (), {"ORD001": Severity.WARNING}),
    ('extend-select = ["MET"]\nignore = ["EVT001"]', (), (),
     {"MET001": Severity.WARNING, "MET002": Severity.WARNING, "MET003": Severity.WARNING,
      "ORD001": Severity.WARNING}),
    # --ignore adds to the configured ignores.
    ('extend-select = ["MET"]\nignore = ["EVT001"]', (), ("MET003",),
     {"MET001": Severity.WARNING, "MET002": Severity.WARNING, "ORD001": Severity.WARNING}),
    # A prefix selects every rule it starts, MET003 (off by default) too.
    ('select = ["MET"]', (), (), {"MET001": Severity.WARNING, "MET002": Severity.WARNING,
                                  "MET003": Severity.WARNING}),
    # --select replaces the configured selection; configured severities stay.
    ('select = ["MET"]\nseverity = { EVT001 = "warning" }', ("evt",), (),
     {"EVT001": Severity.WARNING}),
    ('extend-select = ["MET003"]\nper-file-ignores = { "schemas/orders/*" = ["MET", "ORD"] }',
     (), (), {"EVT001": Severity.ERROR}),
])
def test_the_lint_reads_the_configured_settings_and_the_command_line_overrides(
        repo: GitRepo, lint: str, select: tuple[str, ...], ignore: tuple[str, ...],
        expected: dict[str, Severity]) -> None:
    repo.write("schemalint.toml", f"[lint]\n{lint}\n")
    repo.write(VALUE, SEND_EMAIL)
    # Another topic's key schema: the project keeps keys in the registry, so ORD001 judges
    # the orders topic's lack of one.
    repo.write(OTHER_KEY, '"string"')
    outcome = run_check(load_config(repo.path),
                        CheckRequest(all=True, select=select, ignore=ignore))
    assert {f.code: f.severity for f in outcome.findings} == expected


def every_path(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*")}


@pytest.mark.parametrize("args", [("check",), ("check", "--all"), ("check", "--against", "none")])
def test_a_run_writes_nothing_into_the_repository_or_its_git_folder(
        repo: GitRepo, args: tuple[str, ...]) -> None:
    repo.write("schemalint.toml", 'version = 1\n\n[lint]\nignore = ["ORD001"]\n'
                                  'severity = { MET003 = "warning" }\n')
    repo.write(VALUE, SEND_EMAIL)
    repo.commit()
    repo.write(VALUE, {**SEND_EMAIL, "doc": "Mail to send."})
    before = every_path(repo.path)
    completed = subprocess.run([sys.executable, "-m", "schemalint", *args], cwd=repo.path,
                               capture_output=True, text=True,
                               env={**os.environ, **GIT_ENV}, check=False)
    assert completed.returncode == 1, completed.stderr  # EVT001: the configuration was read
    assert every_path(repo.path) == before
