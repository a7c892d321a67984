"""Which rules run, and at what severity: selection, severities and per-file ignores.

Apart from the engine, which imports every rule, so that a rule asking how it is configured
(``rule_severity``) imports nothing that imports it.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable

from schemalint.lint.rule_model import Rule
from schemalint.lint.settings import LintSettings
from schemalint.model import Severity

_OFF = "off"


def _matches(code: str, patterns: Iterable[str]) -> bool:
    return any(pattern.upper() == "ALL" or code.startswith(pattern.upper())
               for pattern in patterns)


def rule_severity(rule: Rule, settings: LintSettings, path: str | None = None) -> Severity | None:
    """The severity ``rule`` runs at under ``settings`` for a file, or None when it is off."""
    codes = (rule.code, *rule.aliases)
    override = next((settings.severity[code] for code in codes if code in settings.severity),
                    None)
    if settings.select:
        selected = any(_matches(code, settings.select) for code in codes)
    else:
        selected = rule.default is not None
    selected = selected or any(_matches(code, settings.extend_select) for code in codes)
    if override is not None and override != _OFF:
        # Giving a rule a severity selects it.
        selected = True
    if not selected or any(_matches(code, settings.ignore) for code in codes):
        return None
    if path is not None:
        for glob, ignored in settings.per_file_ignores.items():
            if fnmatch.fnmatch(path, glob) and any(_matches(code, ignored) for code in codes):
                return None
    if override == _OFF:
        return None
    if override is not None:
        return Severity.parse(override)
    return rule.severity_when_selected
