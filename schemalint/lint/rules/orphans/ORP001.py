"""ORP001: schema files that no subject or topic mapping reaches."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from schemalint.lint.rule_model import Rule, RuleDoc
from schemalint.lint.settings import LintSettings
from schemalint.model import Finding, Severity


class MappedSubject(Protocol):
    """A subject as the project maps it (``schemalint.project.SubjectFiles``)."""

    @property
    def every_path(self) -> list[str]: ...


def orphan_findings(files: Iterable[str], subjects: Iterable[MappedSubject],
                    settings: LintSettings | None = None) -> list[Finding]:
    """ORP001 for every schema file in ``files`` that none of ``subjects`` maps.

    ``files``: repository-relative paths of schema files under the roots; ``subjects``: the
    subjects the mapping made. A subject reaches its own files and also the copies and
    conflicting files it set aside: those are findings of their own, not orphans.
    """
    from schemalint.lint.selection import rule_severity

    chosen = settings or LintSettings()
    used = {path for subject in subjects for path in subject.every_path}
    findings = []
    for path in sorted(set(files) - used):
        severity = rule_severity(ORP001, chosen, path)
        if severity is None:
            continue
        findings.append(Finding(
            code=ORP001.code, severity=severity, path=path, line=1, column=1, pointer="",
            name_path=f"orphan:{path}",
            message=(
                f"No subject or topic mapping reaches {path}: it is never checked against a "
                "history nor registered, so it guards nothing and misleads readers. Put it "
                "where the strategy maps it (<root>/<topic>/value.avsc or key.avsc), give "
                "it a [[subjects]] entry, or delete it."
            ),
        ))
    return findings


ORP001 = Rule(
    code="ORP001", name="orphan-schema-file", default=Severity.INFO,
    summary="A schema file that no subject or topic mapping reaches.",
    doc=RuleDoc(
        what=("Schema files under the roots that the subject mapping drops: a `key`/`value` "
              "file directly in a root (no topic folder), a file the strategy cannot name "
              "(a JSON Schema without `title` under `record`), or any file no `[[subjects]]` "
              "entry maps. Reported by `schemalint check` over the whole project."),
        why=("A file nothing maps is never checked against its history and never "
             "registered: it looks like a contract but guards nothing."),
        bad="schemas/value.avsc  (no topic folder)",
        good="schemas/orders/value.avsc",
        fix="Move the file where the strategy maps it, map it in `[[subjects]]`, or delete it.",
    ),
)
