"""Baselines: adopt schemalint on a repository with findings, and fail only on new ones.

A baseline lists lint findings by fingerprint (code, subject and a name path, stable when lines
move). Compatibility findings are never written to a baseline nor filtered by one: a breaking
change goes through `allow-breaking` or a new major version instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from schemalint.errors import ConfigError
from schemalint.lint.registry import RULES_BY_CODE
from schemalint.model import Finding
from schemalint.sourcemap import JsonSyntaxError, loads

BASELINE_VERSION = 1


def baselineable(finding: Finding) -> bool:
    """Lint findings only: never compatibility or invalid-schema findings."""
    return (finding.code in RULES_BY_CODE and finding.level is None
            and finding.direction is None and finding.against is None)


def render_baseline(findings: Iterable[Finding]) -> str:
    entries = {}
    for finding in findings:
        if baselineable(finding):
            entries[finding.fingerprint] = {
                "fingerprint": finding.fingerprint, "code": finding.code,
                "subject": finding.subject, "path": finding.path, "message": finding.message,
            }
    document = {"version": BASELINE_VERSION,
                "findings": [entries[key] for key in sorted(entries)]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def parse_baseline(text: str, path: str) -> frozenset[str]:
    """The fingerprints a baseline holds; ConfigError naming file and line when malformed."""
    try:
        document: Any = loads(text)
    except JsonSyntaxError as error:
        raise ConfigError(f"baseline is not valid JSON: {error.message}", path=path,
                          line=error.line, column=error.column) from None
    if not isinstance(document, dict) or document.get("version") != BASELINE_VERSION \
            or not isinstance(document.get("findings"), list):
        raise ConfigError(f"not a schemalint baseline (expected {{\"version\": "
                          f"{BASELINE_VERSION}, \"findings\": [...]}})", path=path, line=1)
    prints = set()
    for index, entry in enumerate(document["findings"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise ConfigError(f"baseline entry {index} has no fingerprint", path=path)
        prints.add(entry["fingerprint"])
    return frozenset(prints)


def write_baseline(path: str | Path, findings: Iterable[Finding]) -> int:
    """Write the lint findings' fingerprints to ``path``; returns how many were written."""
    text = render_baseline(findings)
    Path(path).write_text(text, encoding="utf-8")
    return text.count('"fingerprint"')


def read_baseline(path: str | Path) -> frozenset[str]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"cannot read baseline: {error.strerror}", path=str(path)) from None
    return parse_baseline(text, str(path))


def filter_baselined(findings: Iterable[Finding], fingerprints: frozenset[str]) -> list[Finding]:
    """The findings not in the baseline; compatibility findings always stay."""
    return [finding for finding in findings
            if not (baselineable(finding) and finding.fingerprint in fingerprints)]
