"""`rules --preset strict` and the `--max-warnings` budget, as pure functions."""

from __future__ import annotations

import pytest

from schemalint.errors import UsageError
from schemalint.lint.presets import preset_table, warning_budget
from schemalint.model import Finding, Severity


def test_strict_preset_turns_on_the_rules_that_are_off_by_default() -> None:
    strict = {row["code"]: row for row in preset_table("strict")}
    default = {row["code"] for row in preset_table("default")}
    assert {"OWN001", "UNI001", "MET003"} <= set(strict) - default
    assert strict["OWN001"]["severity"] == "warning" and strict["OWN001"]["added"]
    assert strict["UNI001"]["severity"] == "info"
    assert not strict["DOC001"]["added"] and "DOC001" in default
    with pytest.raises(UsageError, match="unknown preset"):
        preset_table("paranoid")


def finding(severity: Severity) -> Finding:
    return Finding(code="DOC001", severity=severity, message="m")


@pytest.mark.parametrize(("severities", "budget", "exceeded"), [
    ([Severity.WARNING] * 3, None, False),
    ([Severity.WARNING] * 3, 3, False),
    ([Severity.WARNING] * 3, 2, True),
    ([Severity.ERROR, Severity.INFO, Severity.INFO], 0, False),
    ([Severity.WARNING], 0, True),
])
def test_warning_budget(severities: list[Severity], budget: int | None,
                        exceeded: bool) -> None:
    verdict = warning_budget([finding(s) for s in severities], budget)
    assert (verdict is not None) is exceeded
    if verdict:
        assert f"--max-warnings {budget}" in verdict


def test_negative_budget_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        warning_budget([], -1)
