"""SUP002: an inline suppression that suppresses nothing."""

from __future__ import annotations

from schemalint.lint.rule_model import Rule, RuleDoc
from schemalint.model import Severity

SUP002 = Rule(
    code="SUP002", name="unused-suppression", default=Severity.WARNING,
    summary="An inline suppression that suppresses nothing.",
    doc=RuleDoc(
        what=("Suppressions naming an unknown code, or a selected rule that finds nothing "
              "inside the element the suppression sits on."),
        why=("Stale suppressions hide future findings of the same rule and mislead readers "
             "about the schema."),
        bad='"x-schemalint": {"ignore": {"CDC001": "old envelope"}}  # on a domain event',
        good="(no suppression)",
        fix="Remove the suppression, or move it to the element the finding is reported on.",
    ),
)
