"""Every lint code's case table, run through the real ``check`` pipeline.

One table per code, ``tests/lint/cases/<CODE>.yaml``: schemas the code must flag (at an exact
file, line and column) and schemas it must leave alone. Each case is a small project written
to a temporary folder: its files, an optional ``schemalint.toml`` addition, and optionally the
commits before it (a real git repository), checked with ``--all`` and the code selected. A
case taken from a public repository names its source.

The table format::

    code: EVT001
    cases:
      - name: an order phrased as a command            # the test's id
        source: confluentinc/examples, path, commit     # optional: where the shape was found
        config: |                                       # optional: appended to schemalint.toml
          [[topics]]
          match = "emails"
        history:                                        # optional: commits before, oldest first
          - schemas/emails/value.avsc: '{"type": "record", ...}'
        files:                                          # the project now
          schemas/emails/value.avsc: |
            {"type": "record", "name": "SendEmail", ...}
        flagged: ["schemas/emails/value.avsc:1:1"]      # path:line:column, or [] for none

The configuration starts as ``version = 1`` with ``roots = ["schemas"]``; a case's ``config``
may set other top-level keys before any table.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from gitrepo import GitRepo

from schemalint.config import load_config
from schemalint.lint.registry import RULES_BY_CODE
from schemalint.pipeline.check import CheckRequest, run_check

CASES = Path(__file__).parent / "cases"
BASE_CONFIG = 'version = 1\nroots = ["schemas"]\n'
CASE_KEYS = {"name", "source", "config", "history", "files", "flagged"}


def _tables() -> dict[str, dict[str, Any]]:
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
            for path in sorted(CASES.glob("*.yaml"))}


TABLES = _tables()


def _cases() -> Iterator[Any]:
    for code, table in TABLES.items():
        for case in table["cases"]:
            yield pytest.param(code, case, id=f"{code}: {case['name']}")


def _write(root: Path, files: Mapping[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _project(root: Path, case: Mapping[str, Any]) -> None:
    config = BASE_CONFIG + case.get("config", "")
    history = case.get("history") or []
    if history:
        repo = GitRepo(root)
        for step in history:
            _write(root, {"schemalint.toml": config, **step})
            repo.commit()
    _write(root, {"schemalint.toml": config, **case["files"]})


def _place(finding: Any) -> str:
    return f"{finding.path or '-'}:{finding.line or 0}:{finding.column or 0}"


@pytest.mark.parametrize(("code", "case"), list(_cases()))
def test_case(tmp_path: Path, code: str, case: Mapping[str, Any]) -> None:
    assert set(case) <= CASE_KEYS, f"unknown keys {set(case) - CASE_KEYS}"
    root = tmp_path / "project"
    root.mkdir()
    _project(root, case)
    outcome = run_check(load_config(root), CheckRequest(all=True, select=(code,),
                                                        keep_subjects=False))
    flagged = sorted(_place(finding) for finding in outcome.findings if finding.code == code)
    assert flagged == sorted(case["flagged"])
@pytest.mark.parametrize("code", sorted(RULES_BY_CODE))
def test_every_code_has_its_table(code: str) -> None:
    table = TABLES.get(code)
    assert table is not None, f"tests/lint/cases/{code}.yaml is missing: every code has a table"
    assert table["code"] == code
    cases = table["cases"]
    assert any(case["flagged"] for case in cases), f"{code}: no case it must flag"
    assert any(not case["flagged"] for case in cases), f"{code}: no case it must leave alone"
    for case in cases:
        assert set(case) <= CASE_KEYS, f"{code}: {case['name']}: unknown {set(case) - CASE_KEYS}"


def test_every_table_names_a_code() -> None:
    assert sorted(set(TABLES) - set(RULES_BY_CODE)) == []
