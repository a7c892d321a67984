"""FLD001: a field name that breaks the project's case (snake_case or camelCase)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from schemalint.lint.rule_model import Hit, ProjectContext, Rule, RuleDoc, SchemaContext
from schemalint.lint.rules.fields import _FIXED_PREFIXES, _allowed, name_case
from schemalint.lint.settings import LintSettings
from schemalint.model import Schema, SchemaType, Severity
from schemalint.view import Element

_CASE_LABEL = {"snake": "snake_case", "camel": "camelCase"}


def _judged_cases(schema: Schema, settings: LintSettings) -> list[tuple[Element, str]]:
    """``_field_cases`` of the fields not ``_allowed``; without globs to match, the test
    runs inline (once per field of the largest schemas)."""
    if settings.allow:
        return [(item, case) for item, case in _field_cases(schema)
                if not _allowed(item.name, settings)]
    return [(item, case) for item, case in _field_cases(schema)
            if not item.name.startswith(_FIXED_PREFIXES)]


def majority_case(names: Iterable[str]) -> str | None:
    return _majority(map(name_case, names))


def _majority(cases: Iterable[str]) -> str | None:
    counts = Counter(case for case in cases if case in ("snake", "camel"))
    if not counts or counts["snake"] == counts["camel"]:
        return None
    return counts.most_common(1)[0][0]


def _field_cases(schema: Schema) -> Iterator[tuple[Element, str]]:
    """Each field of ``schema`` with its ``name_case``."""
    return ((item, name_case(item.name)) for item in schema.view.fields)


def _case_hit(item: Element, case: str, inferred: bool, schema_type: SchemaType) -> Hit:
    origin = "the project's majority" if inferred else "[fields] case"
    keep = _RENAME_NOTE.get(schema_type, "")
    return Hit(item.pointer, (
        f"Field '{item.name_path}' is not {_CASE_LABEL[case]} ({origin}): consumers map field "
        "names onto code and columns, and a project that mixes cases makes every mapping a "
        f"special case. Rename it while it is new{keep}, or add it to [naming] allow."
    ), f"{item.name_path}:case")


_RENAME_NOTE = {
    SchemaType.AVRO: " (an Avro alias keeps old data readable)",
    SchemaType.PROTOBUF: (" (the field number keeps binary data readable; JSON readers see "
                          "the new name)"),
}


def check_case(ctx: SchemaContext) -> Iterator[Hit]:
    configured = ctx.settings.field_case
    # Linted alone, the schema's own majority stands for the project's; in a project run
    # (project_subjects set) the project pass judges the majority.
    standalone = ctx.settings.project_subjects is None
    judged = _judged_cases(ctx.schema, ctx.settings)
    local = _majority(case for _, case in judged)
    kind = ctx.schema.schema_type
    for item, case in judged:
        if configured is not None:
            if case not in (configured, "both"):
                yield _case_hit(item, configured, False, kind)
        elif case == "neither":
            # Breaks either convention: judged here, without waiting for the majority.
            yield _case_hit(item, local or "snake", True, kind)
        elif standalone and local is not None and case != local and case != "both":
            yield _case_hit(item, local, True, kind)


def check_case_project(ctx: ProjectContext) -> Iterator[tuple[int, Hit]]:
    if ctx.settings.field_case is not None:
        return
    majority = _majority(case for entry in ctx.entries
                         for _, case in _judged_cases(entry.schema, ctx.settings))
    if majority is None:
        return
    other = "camel" if majority == "snake" else "snake"
    for index, entry in enumerate(ctx.entries):
        for item, case in _field_cases(entry.schema):
            if case == other and not _allowed(item.name, ctx.settings):
                yield index, _case_hit(item, majority, True,
                                       ctx.entries[index].schema.schema_type)


FLD001 = Rule(
    code="FLD001", name="field-name-case", default=None,
    when_selected=Severity.WARNING,
    summary="A field name that breaks the project's case (snake_case or camelCase).",
    check_schema=check_case, check_project=check_case_project,
    doc=RuleDoc(
        what=("Field names against `[fields] case` (`\"snake\"` or `\"camel\"`). Unset, the "
              "case is the majority of the project's snake_case and camelCase field names "
              "(one lower-case word fits both and does not count; a tie infers nothing); a "
              "schema linted on its own stands for the project. Names in neither case "
              "(`OrderId`, `order-id`, `order_Id`) are reported in any project. Leading "
              "underscores are read past; names starting with `$` or `@` (fixed by other "
              "specifications) and `[naming] allow` globs are never flagged. Protobuf "
              "fields count as any other (the style guide wants snake_case). "
              "Off by default (the strict preset): it judges every field, and projects "
              "whose field names come from elsewhere (telemetry probes, payloads) mix "
              "cases on purpose."),
        why=("Field names become properties in generated code, columns in sinks and keys in "
             "JSON documents; a project that mixes cases makes every consumer special-case "
             "each event."),
        bad='fields: "order_id", "customerId", "placed_at"',
        good='fields: "order_id", "customer_id", "placed_at"',
        fix=("Rename the field while it is new; in Avro, keep the old name in `aliases` so "
             "old data stays readable."),
    ),
)
