"""Running rules: which run where (``selection``), suppressions, findings."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from schemalint.lint.registry import RULES, RULES_BY_CODE
from schemalint.lint.rule_model import Hit, LintEntry, ProjectContext, Rule, SchemaContext
from schemalint.lint.rules.naming import message_names
from schemalint.lint.rules.naming.EVT002 import EVT002
from schemalint.lint.rules.suppressions.SUP001 import SUP001
from schemalint.lint.rules.suppressions.SUP002 import SUP002

# Rules still import it from here (CFG001, ORP001).
from schemalint.lint.selection import rule_severity as rule_severity
from schemalint.lint.settings import LintSettings
from schemalint.lint.suppression import SUPPRESSION_KEY, Suppression, find_suppressions
from schemalint.model import Finding, Level, Schema, Severity


def active_rules(settings: LintSettings, path: str | None = None) -> dict[str, Severity]:
    """Codes of the rules that run for a file, with their severities."""
    found = {}
    for rule in RULES:
        severity = rule_severity(rule, settings, path)
        if severity is not None:
            found[rule.code] = severity
    return found


def _finding(schema: Schema, rule_code: str, severity: Severity, hit: Hit,
             subject: str | None) -> Finding:
    line, column = schema.locate(hit.pointer)
    return Finding(code=rule_code, severity=severity, message=hit.message, path=schema.path,
                   line=line, column=column, pointer=hit.pointer, subject=subject,
                   name_path=hit.name_path)


def lint_schema(schema: Schema, *, subject: str | None = None, topic: str | None = None,
                settings: LintSettings | None = None, previous: Schema | None = None,
                level: Level | None = None, memo: dict[str, Any] | None = None
                ) -> list[Finding]:
    """Run the single-schema rules on ``schema``.

    ``previous`` (the subject's version before this one) enables the rules that compare;
    ``level`` overrides the compatibility level the topic settings give; ``memo``, where
    given, keeps what the rules derived of the schema (for ``entry_memo``).
    """
    settings = settings or LintSettings()
    ctx = SchemaContext(schema, subject, topic, settings, previous, level,
                        {} if memo is None else memo)
    raw: list[tuple[Rule, Severity, Hit]] = []
    ran: set[str] = set()
    for rule in RULES:
        if rule.check_schema is None:
            continue
        severity = rule_severity(rule, settings, schema.path)
        if severity is None:
            continue
        ran.add(rule.code)
        raw.extend((rule, severity, hit) for hit in rule.check_schema(ctx))
    judged = {code for code in ran if RULES_BY_CODE[code].check_project is None
              or _suppressions_judged_alone(RULES_BY_CODE[code], ctx)}
    findings = _suppressed(schema, subject, settings, raw, judged=judged)
    return sorted(findings, key=Finding.sort_key)


def _suppressions_judged_alone(rule: Rule, ctx: SchemaContext) -> bool:
    return rule.judged_alone is not None and rule.judged_alone(ctx)


def entry_hits(entry: LintEntry, settings: LintSettings) -> dict[str, tuple[Hit, ...]]:
    """By rule code, the hits of the project rules that judge ``entry`` alone: a caller that
    keeps them in ``LintEntry.judged`` need not keep the entry's history for ``lint_project``.
    """
    return {rule.code: tuple(rule.check_entry(entry, settings)) for rule in RULES
            if rule.check_entry is not None and rule.check_project is not None
            and rule_severity(rule, settings) is not None}


def entry_names(entry: LintEntry, settings: LintSettings
                ) -> tuple[tuple[str, str, str], ...] | None:
    """The names ``entry``'s schema goes by, for ``LintEntry.names``, where a project rule
    reads them (EVT002); else None."""
    if rule_severity(EVT002, settings) is None:
        return None
    return tuple(message_names(entry.schema, entry.topic))


# The ``SchemaContext.memo`` entries the project pass reads again: EVT001 reads each
# schema's naming verdicts beside its siblings'. Each depends on the schema, its topic and
# the settings alone, as the project pass sees them too.
_PROJECT_MEMO = ("naming.verdicts",)


def entry_memo(memo: Mapping[str, Any]) -> dict[str, Any] | None:
    """What of a schema pass's ``memo`` (``lint_schema``) the project pass reads, for
    ``LintEntry.memo``; None where none of it was derived."""
    kept = {key: memo[key] for key in _PROJECT_MEMO if key in memo}
    return kept or None


def _judged_alone(rule: Rule, entries: Sequence[LintEntry],
                  settings: LintSettings) -> Iterator[tuple[int, Hit]]:
    assert rule.check_entry is not None
    for index, entry in enumerate(entries):
        judged = entry.judged.get(rule.code) if entry.judged is not None else None
        hits = judged if judged is not None else rule.check_entry(entry, settings)
        yield from ((index, hit) for hit in hits)


def lint_project(entries: Sequence[LintEntry],
                 settings: LintSettings | None = None) -> list[Finding]:
    """Run the project-wide rules (pairs of messages, key changes, replay hazards)."""
    settings = settings or LintSettings()
    ctx = ProjectContext(entries, settings, {})
    by_entry: dict[int, list[tuple[Rule, Severity, Hit]]] = {}
    ran: set[str] = set()
    for rule in RULES:
        if rule.check_project is None or rule_severity(rule, settings) is None:
            continue
        ran.add(rule.code)
        pairs = (_judged_alone(rule, entries, settings) if rule.check_entry is not None
                 else rule.check_project(ctx))
        for index, hit in pairs:
            entry = entries[index]
            severity = rule_severity(rule, settings, entry.schema.path)
            if severity is not None:
                by_entry.setdefault(index, []).append((rule, severity, hit))
    findings: list[Finding] = []
    project_only = {code for code in ran if RULES_BY_CODE[code].check_schema is None}
    for index, entry in enumerate(entries):
        judged = {code for code in project_only
                  if rule_severity(RULES_BY_CODE[code], settings, entry.schema.path)}
        hits = by_entry.get(index, [])
        if hits or _has_suppressions(entry.schema):
            findings.extend(_suppressed(entry.schema, entry.subject, settings, hits,
                                        judged=judged, schema_pass=False))
    return sorted(findings, key=Finding.sort_key)


def _has_suppressions(schema: Schema) -> bool:
    return SUPPRESSION_KEY in schema.text


def _suppressed(schema: Schema, subject: str | None, settings: LintSettings,
                raw: list[tuple[Rule, Severity, Hit]], *, judged: set[str],
                schema_pass: bool = True) -> list[Finding]:
    """Drop findings an inline suppression covers; report suppressions that are wrong.

    Malformed suppressions and unknown codes are reported by the single-schema pass only, so
    that running both passes reports each once.
    """
    if not _has_suppressions(schema):
        return [_finding(schema, rule.code, severity, hit, subject) for rule, severity, hit in raw]
    suppressions, malformed = find_suppressions(schema.document)
    used: set[Suppression] = set()
    findings = []
    for rule, severity, hit in raw:
        cover = next((s for s in suppressions if s.covers(rule.code, hit.pointer)), None)
        if cover is None:
            findings.append(_finding(schema, rule.code, severity, hit, subject))
        else:
            used.add(cover)
    meta: list[tuple[Rule, Hit]] = []
    if schema_pass:
        meta.extend((SUP001, Hit(bad.pointer, (
            f"{bad.problem}: a suppression must say why the finding does not apply, so "
            "it is not honoured. Write the reason as the value: "
            "{\"ignore\": {\"EVT001\": \"legacy topic, ADR-12\"}}."
        ), f"suppression:{bad.pointer}")) for bad in malformed)
    for suppression in suppressions:
        if suppression in used:
            continue
        known = suppression.code in RULES_BY_CODE
        if (known and suppression.code not in judged) or (not known and not schema_pass):
            continue
        why = (f"{suppression.code} found nothing here" if known
               else f"{suppression.code} is not a schemalint rule")
        meta.append((SUP002, Hit(suppression.pointer, (
            f"This suppression suppresses nothing ({why}); a stale suppression hides the "
            "next real finding. Remove it."
        ), f"suppression:{suppression.code}:{suppression.scope}")))
    for rule, hit in meta:
        meta_severity = rule_severity(rule, settings, schema.path)
        if meta_severity is not None:
            findings.append(_finding(schema, rule.code, meta_severity, hit, subject))
    return findings
