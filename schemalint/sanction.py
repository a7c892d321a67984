"""Sanctioned breaking changes: ``[[allow-breaking]]`` entries applied to a subject's findings.

An entry names the identity of the exact new schema it allows, so it stops applying the moment
the schema changes again, and it carries an expiry date after which the break is reported
again. Compatibility errors cannot be ignored any other way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from schemalint.config import AllowBreaking, Config
from schemalint.finding_codes import ALLOW_BREAKING_EXPIRED as ALLOW_BREAKING_EXPIRED
from schemalint.finding_codes import ALLOW_BREAKING_STALE as ALLOW_BREAKING_STALE
from schemalint.model import Finding, Schema, Severity


def identity_hash(schema: Schema) -> str:
    """The identity ``[[allow-breaking]]`` entries name: sha256 of the registry identity."""
    return "sha256:" + schema.identity_sha256()


def sanction(findings: list[Finding], subject: str, current: Schema, config: Config,
             today: dt.date) -> list[Finding]:
    """Apply the subject's entries to its compatibility findings.

    A matching, unexpired entry turns them into info findings that name it; a stale or
    expired entry is itself reported. A real break gets, once, the two sanctioned ways out.
    """
    entries = [e for e in config.allow_breaking if e.subject == subject]
    if not entries and not findings:
        return []
    digest = identity_hash(current)
    extra: list[Finding] = []
    matching = None
    for entry in entries:
        if entry.schema != digest:
            extra.append(_entry_finding(
                config, entry, ALLOW_BREAKING_STALE,
                f"The [[allow-breaking]] entry for '{entry.subject}' names {entry.schema}, "
                "but the schema has changed since, so it no longer applies. Remove it."))
        elif entry.expires is not None and today > entry.expires:
            extra.append(_entry_finding(
                config, entry, ALLOW_BREAKING_EXPIRED,
                f"The [[allow-breaking]] entry for '{entry.subject}' expired on "
                f"{entry.expires.isoformat()}; its breaking change is reported again. "
                "Land the change before the date, or review it and extend the date."))
        else:
            matching = entry
    if matching is not None:
        until = f", until {matching.expires.isoformat()}" if matching.expires else ""
        sanctioned = [replace(f, severity=Severity.INFO, message=(
            f"Sanctioned by [[allow-breaking]] ({matching.reason}{until}): {f.message}"))
            for f in findings]
        return sanctioned + extra
    if findings:
        table = ("tool.schemalint.allow-breaking"
                 if config.source is not None and config.source.name == "pyproject.toml"
                 else "allow-breaking")
        where = "schemalint.toml" if config.source is None else config.display_source
        hint = (
            " If the break is intended, publish it as a new subject (for example a '.v2' "
            "topic) that new consumers read, or sanction this exact schema "
            f"({digest}) with an [[{table}]] entry in {where}."
        )
        snippet = (f'[[{table}]]\nsubject = {_toml_string(subject)}\nschema = "{digest}"\n'
                 'reason = "why the break is safe, and who approved it"\n'
                 f'expires = "{(today + dt.timedelta(days=30)).isoformat()}"\n')
        # Once per subject: the same advice on every finding would bury the findings.
        findings = [replace(findings[0], message=findings[0].message + hint, fix=snippet),
                    *findings[1:]]
    return findings + extra


def _toml_string(text: str) -> str:
    """``text`` as a TOML basic string (JSON's escapes are TOML's)."""
    import json

    return json.dumps(text, ensure_ascii=False)


def _entry_finding(config: Config, entry: AllowBreaking, code: str, message: str) -> Finding:
    path = None
    if config.source is not None:
        try:
            path = config.source.relative_to(config.root).as_posix()
        except ValueError:
            path = str(config.source)
    return Finding(code=code, severity=Severity.WARNING, message=message, path=path,
                   line=entry.line, column=1 if entry.line else None,
                   subject=entry.subject, name_path=entry.schema)
