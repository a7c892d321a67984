"""Event-design lint: rules over one schema or a whole project, and their configuration.

Callers use ``lint_schema`` and ``lint_project`` with a ``LintSettings`` built from
configuration; format engines call ``strip_suppressions`` before identity. Attributes load on
first use, so importing this package (or ``schemalint.lint.suppression`` alone) stays cheap.
The rules themselves live in ``schemalint.lint.rules.<family>.<CODE>``, listed in
``schemalint.lint.registry``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from schemalint.lint.engine import (
        active_rules,
        entry_hits,
        entry_memo,
        entry_names,
        lint_project,
        lint_schema,
    )
    from schemalint.lint.rule_model import LintEntry, Rule, RuleDoc
    from schemalint.lint.selection import rule_severity
    from schemalint.lint.settings import LintSettings, TopicSettings
    from schemalint.lint.suppression import strip_suppressions

_EXPORTS = {
    "LintEntry": "rule_model", "Rule": "rule_model", "RuleDoc": "rule_model",
    "active_rules": "engine", "entry_hits": "engine", "entry_memo": "engine",
    "entry_names": "engine",
    "lint_project": "engine", "lint_schema": "engine", "rule_severity": "selection",
    "LintSettings": "settings", "TopicSettings": "settings",
    "strip_suppressions": "suppression",
}

__all__ = [
    "LintEntry", "LintSettings", "Rule", "RuleDoc", "TopicSettings", "active_rules",
    "entry_hits", "entry_memo", "entry_names", "lint_project", "lint_schema", "rule_severity",
    "strip_suppressions",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'schemalint.lint' has no attribute {name!r}")
    return getattr(importlib.import_module(f"schemalint.lint.{module}"), name)
