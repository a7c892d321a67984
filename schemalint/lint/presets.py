"""Presets (`schemalint rules --preset strict`) and the CI warning budget (`--max-warnings`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from schemalint.errors import UsageError
from schemalint.lint.settings import LintSettings
from schemalint.model import Finding, Severity

# What each preset selects, in `[lint] select` terms.
PRESETS: dict[str, tuple[str, ...]] = {"default": (), "strict": ("ALL",)}


def preset_settings(name: str) -> LintSettings:
    """The settings a preset stands for; raises UsageError for an unknown name."""
    key = name.strip().lower()
    if key not in PRESETS:
        raise UsageError(f"unknown preset {name!r}; known presets: {', '.join(PRESETS)}")
    return LintSettings(select=PRESETS[key])


def preset_table(name: str) -> list[dict[str, Any]]:
    """The rules a preset runs, with the severity each runs at and whether it is a default.

    ``schemalint rules --preset strict`` prints these rows: the rules ``select = ["ALL"]``
    turns on, with ``added`` marking those the default set leaves off.
    """
    from schemalint.lint.docs import rules_table
    from schemalint.lint.engine import active_rules

    active = active_rules(preset_settings(name))
    rows = []
    for row in rules_table():
        severity = active.get(row["code"])
        if severity is None:
            continue
        rows.append({**row, "severity": severity.value, "added": row["default"] == "off"})
    return rows


def warning_budget(findings: Sequence[Finding], max_warnings: int | None) -> str | None:
    """A one-line verdict when the warnings exceed ``--max-warnings``, else None.

    Errors are judged by ``--fail-on`` as before; the budget only caps the warnings, so a
    team can hold the count at today's level and lower it over time.
    """
    if max_warnings is None:
        return None
    if max_warnings < 0:
        raise UsageError(f"--max-warnings {max_warnings}: expected 0 or more")
    count = sum(1 for finding in findings if finding.severity is Severity.WARNING)
    if count <= max_warnings:
        return None
    return (f"{count} warnings exceed --max-warnings {max_warnings}: fix "
            f"{count - max_warnings} or raise the budget.")
