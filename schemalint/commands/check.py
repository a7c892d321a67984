"""``schemalint check``: the subjects a run selects, linted and checked against their versions.

The check pipeline (``schemalint.pipeline.check``) reads the files, maps them to subjects and
checks each against its history; ``sync`` and ``diff`` stand on it too. What the command adds
on top is here: a baseline of accepted findings, the warning budget, and replay's findings
the schema check already made left out. It returns what it
found and prints nothing (``schemalint.cli.check`` renders it).
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from schemalint.config import Config
from schemalint.model import Finding
from schemalint.pipeline.check import CheckOutcome, CheckRequest, run_check
from schemalint.sources.git import Git


class CheckResult(NamedTuple):
    outcome: CheckOutcome
    findings: list[Finding]  # the outcome's, less those a baseline accepts
    budget: str | None  # why the findings exceed ``max_warnings``; None within it


def check(config: Config, request: CheckRequest, git: Git | None = None, *,
          baseline: Path | None = None, max_warnings: int | None = None) -> CheckResult:
    """Check what ``request`` asks; ``git`` is one ``start_git`` began."""
    outcome = run_check(config, request, git)
    findings = beyond_the_schemas(outcome.findings) if request.replay else outcome.findings
    if baseline is not None:
        from schemalint.lint.baseline import filter_baselined, read_baseline

        findings = filter_baselined(findings, read_baseline(baseline))
    budget = None
    if max_warnings is not None:
        from schemalint.lint.presets import warning_budget

        budget = warning_budget(findings, max_warnings)
    return CheckResult(outcome, findings, budget)


def beyond_the_schemas(findings: list[Finding]) -> list[Finding]:
    """The findings less replay's that a schema-level finding already makes: a field the
    schemas break in one direction against one version (a reader's field without a default)
    needs no second finding from the events that show it. ``replay`` alone, which shows no
    schema-level finding, keeps them."""
    from schemalint.replay.codes import REPLAY_CODES

    replayed = {info.code for info in REPLAY_CODES}
    made = {(finding.subject, finding.pointer, finding.direction, finding.against)
            for finding in findings if finding.code not in replayed and finding.direction}
    return [finding for finding in findings if finding.code not in replayed or (
        finding.subject, finding.pointer, finding.direction, finding.against) not in made]
