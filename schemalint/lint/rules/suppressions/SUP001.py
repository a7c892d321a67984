"""SUP001, SUP002: inline suppressions that cannot be honoured or no longer matter."""

from __future__ import annotations

from schemalint.model import Severity
from schemalint.rules.base import Rule, RuleDoc
from schemalint.rules.suppress import SUPPRESSION_KEY

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
