"""The command line as a user meets it: exit codes, one-line errors, formats."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
ORDERS = ROOT / "schemas" / "orders"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "schemalint", *args], cwd=cwd,
                          capture_output=True, text=True, check=False)


def test_compat_of_the_example_versions_passes() -> None:
    result = run("compat", str(ORDERS / "value.v2.avsc"), str(ORDERS / "value.v1.avsc"),
                 "--level", "full_transitive")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All checks passed" in result.stdout


def test_compat_reports_a_break_with_exit_1(tmp_path: Path) -> None:
    old = tmp_path / "old.avsc"
    new = tmp_path / "new.avsc"
    old.write_text('{"type": "record", "name": "R", "fields": [{"name": "a", "type": "long"}]}')
    new.write_text('{"type": "record", "name": "R",\n "fields": [{"name": "a", "type": "int"}]}')
    result = run("compat", str(new), str(old), "--format", "json")
    assert result.returncode == 1
    finding = json.loads(result.stdout)["findings"][0]
    assert finding["code"] == "TYPE_MISMATCH"
    assert (finding["line"], finding["direction"]) == (2, "backward")
    assert finding["against"]["version"] == 1
    assert run("compat", str(new), str(old), "--exit-zero").returncode == 0
    assert run("compat", str(new), str(old), "--level", "FORWARD").returncode == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["compat", "missing.avsc"], "missing.avsc: no such file"),
        (["compat", str(ORDERS / "value.v2.avsc"), "--level", "SIDEWAYS"],
         "unknown compatibility level 'SIDEWAYS'"),
        (["compat", str(ORDERS / "value.v2.avsc"), "--type", "xml"], "unknown schema type"),
        (["compat", str(ORDERS / "value.v2.avsc"), "--fail-on", "fatal"], "unknown severity"),
        (["check", "--formt", "json"],
         "schemalint check: no such option --formt; did you mean --format?"),
        (["chek"], "No such command 'chek'. Did you mean 'check'?"),
        (["compat"], "schemalint compat: Missing argument"),
        (["rules", "--format", "xml"], "'xml' is not one of 'table', 'json', 'markdown'"),
        (["registry", "serve", "--prot", "1"], "no such option --prot; did you mean --port?"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["-h"], ["check", "-h"], ["compat", "-h"],
                                  ["registry", "serve", "-h"], ["rules", "--help"]])
def test_dash_h_is_help_on_every_command(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: schemalint") and "-h, --help" in result.stdout


def test_compat_without_an_old_version_says_nothing_was_compared() -> None:
    result = run("compat", str(ORDERS / "value.v2.avsc"), "--format", "concise")
    assert result.returncode == 0, result.stderr
    assert "All checks passed" not in result.stdout
    assert "no earlier version was given, so nothing was compared" in result.stdout


def test_unparseable_schema_is_a_finding_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.avsc"
    bad.write_text('{"type": "record",\n  "name": "R", "fields": [}')
    result = run("compat", str(bad), "--format", "concise")
    assert result.returncode == 2
    assert f"{bad}:2:" in result.stdout and "INVALID_SCHEMA" in result.stdout


def test_version_flag() -> None:
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("schemalint ")


@pytest.mark.parametrize("preset", [None, "strict"])
def test_the_rules_table_prints_every_summary_as_written(preset: str | None) -> None:
    # Summaries name configuration tables (`[[topics]]`, `[topic-naming]`), which the table
    # once read as markup and dropped: "A topic without an `owner` in `[]`."
    from schemalint.lint.docs import rules_table

    result = run("rules", *(("--preset", preset) if preset else ()))
    assert result.returncode == 0, result.stderr
    printed = " ".join(result.stdout.split())
    for row in rules_table():
        assert " ".join(row["summary"].split()) in printed, row["code"]
