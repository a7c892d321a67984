"""What ``replay`` says it replayed: a subject with no earlier version, or one whose schema
is a version already, is not counted as replayed, and a run that replayed nothing is never
"All checks passed"."""

from __future__ import annotations

from typing import Any

import pytest
from cli_runner import run_cli
from gitrepo import GitRepo

READINGS = "schemas/readings/value.avsc"
ALERTS = "schemas/alerts/value.avsc"


def record(name: str, *extra: dict[str, Any]) -> dict[str, Any]:
    # confluentinc/kafka-tutorials, commit 6225e7c1957911520391c7fe0e857138638714fe:
    # sliding-windows/.../temperature_reading.avsc, its shape.
    return {"type": "record", "name": name, "namespace": "io.confluent", "fields": [
        {"name": "temperature", "type": "double"}, *extra]}


OPTIONAL = {"name": "unit", "type": ["null", "string"], "default": None}


# (what the working tree holds beside the committed readings, the arguments, the summary
# line, the note on stderr or None)
CASES = {
    "a new subject alone": (
        {ALERTS: record("Alert")}, ("--against", "main"),
        "No subject replayed: 1 subject had no earlier version to replay against.", None),
    "a changed subject and a new one": (
        {READINGS: record("Reading", OPTIONAL), ALERTS: record("Alert")},
        ("--against", "main"), "All checks passed in 1 schema.",
        "schemalint: 1 subject replayed, 1 had no earlier version to replay against"),
    "every subject unchanged": (
        {}, ("--all",), "No subject replayed: 1 subject unchanged (already a version).", None),
    "a changed subject": (
        {READINGS: record("Reading", OPTIONAL)}, ("--against", "main"),
        "All checks passed in 1 schema.", None),
}


@pytest.mark.parametrize(("files", "args", "summary", "note"), CASES.values(), ids=list(CASES))
def test_the_summary_counts_only_subjects_replayed(repo: GitRepo, files: dict[str, Any],
                                                   args: tuple[str, ...], summary: str,
                                                   note: str | None) -> None:
    repo.write(READINGS, record("Reading"))
    repo.commit("v1")
    for path, schema in files.items():
        repo.write(path, schema)
    result = run_cli(repo.path, "replay", *args, "--format", "concise")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1] == summary
    notes = [line for line in result.stderr.splitlines() if "replayed," in line]
    assert notes == ([note] if note else [])
