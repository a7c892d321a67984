"""Reporters: pure functions from findings to text, one module per output format."""

from __future__ import annotations

# The submodule report.json would shadow a plain ``json`` import here.
import json as stdlib_json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from schemalint.model import Finding, Severity


@dataclass(frozen=True)
class ReportContext:
    """What a reporter may say beside the findings themselves."""

    checked: int = 0
    color: bool = False
    width: int = 100
    # Files the change touched: annotations put their findings first.
    changed_paths: frozenset[str] = frozenset()


Reporter = Callable[[Sequence[Finding], ReportContext], str]


def _concise(findings: Sequence[Finding], context: ReportContext) -> str:
    from schemalint.report.concise import render
    return render(findings, context)


def _json(findings: Sequence[Finding], context: ReportContext) -> str:
    from schemalint.report.json import render
    return render(findings, context)


def _full(findings: Sequence[Finding], context: ReportContext) -> str:
    from schemalint.report.full import render
    return render(findings, context)


def _github(findings: Sequence[Finding], context: ReportContext) -> str:
    from schemalint.report.github import render
    return render(findings, context)


def _sarif(findings: Sequence[Finding], context: ReportContext) -> str:
    from schemalint.report.sarif import render
    return render(findings, context)


def _markdown(findings: Sequence[Finding], context: ReportContext) -> str:
    from schemalint.report.markdown import render
    return render(findings, context)


# Reporters import only when chosen: rich, for one, is a cost a hook run need not pay.
REPORTERS: dict[str, Reporter] = {
    "full": _full,
    "concise": _concise,
    "json": _json,
    "github": _github,
    "sarif": _sarif,
    "markdown": _markdown,
}


def counts(findings: Sequence[Finding]) -> dict[Severity, int]:
    result = dict.fromkeys(Severity, 0)
    for finding in findings:
        result[finding.severity] += 1
    return result


def summary_line(findings: Sequence[Finding], checked: int) -> str:
    tally = counts(findings)
    parts = [
        _plural(tally[Severity.ERROR], "error"),
        _plural(tally[Severity.WARNING], "warning"),
    ]
    if tally[Severity.INFO]:
        parts.append(_plural(tally[Severity.INFO], "note"))
    schemas = f" in {_plural(checked, 'schema')}" if checked else ""
    return f"Found {', '.join(parts)}{schemas}." if findings else f"All checks passed{schemas}."


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


_CONTROL = {code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0))}
_CONTROL.pop(0x09)
# Characters that reorder or hide text (bidirectional overrides, zero-width marks) or break
# a line where a reader does not expect one: shown as escapes, so a name cannot disguise
# what a finding says.
_INVISIBLE = (0x200B, 0x200C, 0x200D, 0x200E, 0x200F, *range(0x2028, 0x202F),
              *range(0x2060, 0x2070), 0xFEFF)
_CONTROL.update({code: f"\\u{code:04x}" for code in _INVISIBLE})
# Lone surrogates: a file name that is not UTF-8 reaches Python as U+DC80-U+DCFF, one per
# byte (surrogateescape); shown as that byte, as Python would. None can be encoded as UTF-8.
_CONTROL.update({code: f"\\u{code:04x}" for code in range(0xD800, 0xDC80)})
_CONTROL.update({code: f"\\x{code - 0xDC00:02x}" for code in range(0xDC80, 0xDD00)})
_CONTROL.update({code: f"\\u{code:04x}" for code in range(0xDD00, 0xE000)})
_UNSAFE_IN_JSON = re.compile("[" + "".join(chr(code) for code in _CONTROL if code >= 0x7F)
                             + "]")


def printable(text: str) -> str:
    """Escape control characters (terminal escapes included) so nothing raw reaches a terminal."""
    return text.translate(_CONTROL)


def json_text(document: object) -> str:
    """``document`` as indented JSON, readable UTF-8, but with every character ``printable``
    escapes written as a ``\\u`` escape (JSON escapes C0 controls itself), so the text is safe
    on a terminal and parses back to the same values."""
    text = stdlib_json.dumps(document, indent=2, ensure_ascii=False)
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"
