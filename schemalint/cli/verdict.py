"""From findings to an exit code, the same for every command and integration."""

from __future__ import annotations

from collections.abc import Sequence

from schemalint.errors import INPUT_ERROR_CODES
from schemalint.model import ExitCode, Finding, Severity


def exit_code_for(findings: Sequence[Finding], fail_on: Severity = Severity.ERROR,
                  exit_zero: bool = False) -> ExitCode:
    """2 for unusable input, 1 for findings at or above ``fail_on`` (0 with ``exit_zero``)."""
    if any(finding.code in INPUT_ERROR_CODES for finding in findings):
        return ExitCode.INVALID_INPUT
    if any(finding.severity.rank >= fail_on.rank for finding in findings):
        return ExitCode.OK if exit_zero else ExitCode.FINDINGS
    return ExitCode.OK


def fail_level(fail_on: str | None, configured: Severity = Severity.ERROR) -> Severity:
    """The lowest severity that fails a run: ``--fail-on`` when given, else the config's."""
    if not fail_on:
        return configured
    from schemalint.cli.output import parse_option

    return parse_option(Severity.parse, fail_on, "--fail-on")


def is_breaking(finding: Finding) -> bool:
    """A compatibility error: the change breaks readers on one side of it."""
    return finding.level is not None and finding.severity is Severity.ERROR
