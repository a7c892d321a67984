"""SARIF 2.1.0, for GitHub code scanning and other static-analysis dashboards."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from schemalint.model import CodeInfo, Finding, Severity
from schemalint.report.common import ReportContext, json_text
from schemalint.version import __version__

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/schemalint/schemalint"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(findings: Sequence[Finding], context: ReportContext) -> str:
    ordered = sorted(findings, key=Finding.sort_key)
    codes = sorted({finding.code for finding in ordered})
    index = {code: position for position, code in enumerate(codes)}
    rules = [_rule(context.codes.get(code) or _undescribed(code)) for code in codes]
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "schemalint", "version": __version__,
                "informationUri": INFORMATION_URI, "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": [_result(finding, index[finding.code]) for finding in ordered],
        }],
    }
    return json_text(document)


def _undescribed(code: str) -> CodeInfo:
    return CodeInfo(code, code.lower().replace("_", "-"), code, code)


def _rule(info: CodeInfo) -> dict[str, Any]:
    return {
        "id": info.code,
        "name": info.name,
        "shortDescription": {"text": info.summary},
        "fullDescription": {"text": f"{info.summary} {info.help}"},
        "help": {"text": info.help, "markdown": f"**{info.summary}**\n\n{info.help}"},
        "defaultConfiguration": {"level": _LEVEL[info.severity]},
    }


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message},
        "partialFingerprints": {"schemalint/v1": finding.fingerprint},
    }
    if finding.path:
        physical: dict[str, Any] = {"artifactLocation": {"uri": finding.path,
                                                         "uriBaseId": "%SRCROOT%"}}
        if finding.line is not None:
            region: dict[str, int] = {"startLine": finding.line}
            if finding.column is not None:
                region["startColumn"] = finding.column
            physical["region"] = region
        result["locations"] = [{"physicalLocation": physical}]
    properties: dict[str, Any] = {}
    if finding.subject:
        properties["subject"] = finding.subject
    if finding.pointer:
        properties["pointer"] = finding.pointer
    if finding.level is not None:
        properties["level"] = finding.level.value
    if finding.direction is not None:
        properties["direction"] = finding.direction.value
    if finding.against is not None:
        properties["against"] = finding.against.to_json()
    if properties:
        result["properties"] = properties
    return result
