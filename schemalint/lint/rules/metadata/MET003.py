"""MET003: no correlation or causation id to trace a flow across services."""

from __future__ import annotations

from collections.abc import Iterator

from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.lint.rules.metadata import _METADATA_WHY, _applies, _list, _views, wanted, where
from schemalint.model import Severity


def check_correlation(ctx: SchemaContext) -> Iterator[Hit]:
    if not _applies(ctx):
        return
    looked_for = wanted(ctx.settings.correlation_fields)
    for viewed in _views(ctx):
        record, view, _ = viewed
        if view.attribute_map or looked_for.found(viewed):
            continue
        yield Hit(record.pointer, (
            f"'{record.name_path or 'the event'}' has no correlation or causation id (looked "
            f"for {_list(ctx.settings.correlation_fields)} in {where(viewed)}): nobody can "
            "follow a business transaction across services or tell which message caused "
            "this one. Add one; other names and paths ('meta.request_id') go in "
            "[metadata] correlation-fields."
        ), f"{record.name_path}:correlation")


MET003 = Rule(
    code="MET003", name="missing-correlation-id", default=None, when_selected=Severity.WARNING,
    summary="No correlation or causation id to trace a flow across services.",
    check_schema=check_correlation,
    doc=RuleDoc(
        what=("Top-level records and objects, and their metadata objects, for a field named "
              "in `[metadata] correlation-fields` (a dotted name such as `meta.request_id` is a "
              "path). Off by default; select it with "
              "`extend-select = [\"MET003\"]`. " + _METADATA_WHY),
        why=("Without a correlation id nobody can follow one business transaction through "
             "the services it crosses, and without a causation id nobody can tell which "
             "message caused which."),
        bad='{"title": "PaymentCaptured", "properties": {"payment_id": {"type": "string"}}}',
        good=('{"title": "PaymentCaptured", "properties": {"payment_id": {"type": "string"}, '
              '"correlation_id": {"type": "string"}}}'),
        fix=("Carry the correlation id of the flow (and the id of the message that caused "
             "this one) in every event, or configure your names in "
             "`[metadata] correlation-fields`."),
    ),
)
