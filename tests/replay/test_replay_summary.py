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


def test_two_processes_count_and_find_what_one_does(repo: GitRepo,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import schemalint.pipeline.check as check_module
    from schemalint.config import load_config
    from schemalint.pipeline.check import CheckRequest, run_check

    monkeypatch.setattr(check_module, "_PARALLEL_FROM", 8)
    for number in range(12):
        repo.write(f"schemas/old{number:02}/value.avsc", record(f"Old{number}"))
    repo.commit("v1")
    for number in range(12):
        # Every third one changed, breaking on recorded bytes; the others unchanged.
        if number % 3 == 0:
            repo.write(f"schemas/old{number:02}/value.avsc", record(f"Old{number}", OPTIONAL))
            repo.write(f"samples/old{number:02}-value/v1.jsonl", '{"temperature": 1.5}\n'
                       '{"temperature": "warm"}\n')
        repo.write(f"schemas/new{number:02}/value.avsc", record(f"New{number}"))
    forked: list[int] = []
    in_two = check_module._Checker._check_in_two

    def counted(self: Any, *args: Any) -> None:
        forked.append(1)
        in_two(self, *args)

    monkeypatch.setattr(check_module._Checker, "_check_in_two", counted)

    def run(keep_subjects: bool) -> Any:
        return run_check(load_config(repo.path), CheckRequest(
            all=True, lint=False, replay=True, keep_subjects=keep_subjects))

    alone = run(True)
    assert not forked
    in_two_processes = run(False)
    assert forked
    assert in_two_processes.findings == alone.findings
    assert in_two_processes.replayed == alone.replayed
    states = sorted(state.value for state in alone.replayed.values())
    assert states == ["no earlier version"] * 12 + ["replayed"] * 4 + ["unchanged"] * 8
    assert sorted(finding.path for finding in alone.findings
                  if finding.code == "REPLAY003") == [
        f"samples/old{number:02}-value/v1.jsonl" for number in range(0, 12, 3)]
