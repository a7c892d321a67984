"""SUP001: an inline suppression without a reason (it is not honoured)."""

from __future__ import annotations

from schemalint.lint.rule_model import Rule, RuleDoc
from schemalint.lint.suppression import SUPPRESSION_KEY
from schemalint.model import Severity

SUP001 = Rule(
    code="SUP001", name="suppression-without-reason", default=Severity.WARNING,
    summary="An inline suppression without a reason (it is not honoured).",
    doc=RuleDoc(
        what=(f"`\"{SUPPRESSION_KEY}\"` entries whose reason is missing or empty, or whose "
              "value is not shaped `{\"ignore\": {\"CODE\": \"reason\"}}`. Such a suppression "
              "does not silence anything."),
        why=("A suppression is a decision someone made; without the reason, the next "
             "reader cannot tell whether it still holds."),
        bad='"x-schemalint": {"ignore": {"EVT001": ""}}',
        good='"x-schemalint": {"ignore": {"EVT001": "legacy topic, ADR-12"}}',
        fix="Say why the finding does not apply (a ticket or decision record helps).",
    ),
)
