"""What every reporter shares: the context it reports in, the summary line, and text (JSON
included) made safe for a terminal."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from types import MappingProxyType
from typing import NamedTuple

from schemalint.model import CodeInfo, Finding, Severity
from schemalint.regexes import lazy_compile


class ReportContext(NamedTuple):
    """What a reporter may say beside the findings themselves."""

    checked: int = 0
    color: bool = False
    width: int = 100
    # Files the change touched: annotations put their findings first.
    changed_paths: frozenset[str] = frozenset()
    # Why no schema was checked, when none was ("No schema changed since main.").
    nothing_checked: str = ""
    # What each code found means, for a report that describes its rules (SARIF): given as
    # data, so that reporters never load the lint rules.
    codes: Mapping[str, CodeInfo] = MappingProxyType({})


def counts(findings: Sequence[Finding]) -> dict[Severity, int]:
    result = dict.fromkeys(Severity, 0)
    for finding in findings:
        result[finding.severity] += 1
    return result


def summary_line(findings: Sequence[Finding], checked: int, nothing_checked: str = "") -> str:
    """The last line of a report: what was found in how many schemas. "All checks passed"
    only when a schema was checked; otherwise why none was."""
    tally = counts(findings)
    parts = [
        plural(tally[Severity.ERROR], "error"),
        plural(tally[Severity.WARNING], "warning"),
    ]
    if tally[Severity.INFO]:
        parts.append(plural(tally[Severity.INFO], "note"))
    schemas = f" in {plural(checked, 'schema')}" if checked else "; no schema checked"
    if findings:
        return f"Found {', '.join(parts)}{schemas}."
    if checked:
        return f"All checks passed{schemas}."
    return nothing_checked or "No schema checked."


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


# Characters never written raw: C0 and C1 controls but tab (terminal escapes among them);
# characters that reorder or hide text (bidirectional overrides, zero-width marks) or break
# a line where a reader does not expect one, so a name cannot disguise what a finding says;
# and lone surrogates: a file name that is not UTF-8 reaches Python as U+DC80-U+DCFF, one
# per byte (surrogateescape). None of the surrogates can be encoded as UTF-8.
_INVISIBLE = "\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff"
_UNSAFE = lazy_compile(f"[\x00-\x08\x0a-\x1f\x7f-\x9f{_INVISIBLE}\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0xA0:
        return f"\\x{code:02x}"
    if 0xDC80 <= code < 0xDD00:  # a byte that was not UTF-8: shown as that byte, as Python does
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def printable(text: str) -> str:
    """Escape control characters (terminal escapes included) so nothing raw reaches a terminal."""
    return _UNSAFE.sub(_escape, text)


def printable_lines(text: str) -> str:
    """``printable`` line by line: a snippet to paste keeps its line breaks, and nothing else
    raw."""
    return "\n".join(printable(line) for line in text.split("\n"))


@cache
def _unsafe_in_json() -> re.Pattern[str]:
    # What ``printable`` escapes beyond the C0 controls, which JSON escapes itself.
    return re.compile(f"[\x7f-\x9f{_INVISIBLE}\ud800-\udfff]")


def json_text(document: object) -> str:
    """``document`` as indented JSON, readable UTF-8, but with every character ``printable``
    escapes written as a ``\\u`` escape (JSON escapes C0 controls itself), so the text is safe
    on a terminal and parses back to the same values."""
    return "".join(json_pieces(document))


def json_pieces(document: object) -> Iterator[str]:
    """``json_text(document)`` in pieces, to be written as they come: a report of many
    findings is then never held whole.

    The text is ``json.dumps(document, indent=2)``'s, written a container at a time by the
    C encoder: the indenting encoder is Python's own, slow on a report of many findings, and
    holds every small piece of the text until it joins them.
    """
    unsafe = _unsafe_in_json()
    for piece in _json_parts(document, ""):
        yield unsafe.sub(_json_escape, piece) if unsafe.search(piece) else piece
    yield "\n"


_SCALARS = (str, int, float, bool, type(None))


def _json_parts(value: object, indent: str) -> Iterator[str]:
    items: Iterable[tuple[str | None, object]]
    if isinstance(value, dict) and value and all(isinstance(key, str) for key in value):
        opening, closing, items = "{", "}", value.items()
        flat = all(isinstance(item, _SCALARS) for item in value.values())
    elif isinstance(value, list) and value:
        opening, closing, items = "[", "]", ((None, item) for item in value)
        flat = all(isinstance(item, _SCALARS) for item in value)
    else:
        yield json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + indent)
        return
    inner = indent + "  "
    if flat:
        # The members one to a line is what ``indent`` writes for a container of scalars.
        text = json.dumps(value, ensure_ascii=False, separators=(",\n" + inner, ": "))
        yield f"{opening}\n{inner}{text[1:-1]}\n{indent}{closing}"
        return
    yield opening
    for position, (key, item) in enumerate(items):
        yield ("\n" if position == 0 else ",\n") + inner
        if key is not None:
            yield json.dumps(key, ensure_ascii=False) + ": "
        yield from _json_parts(item, inner)
    yield f"\n{indent}{closing}"


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"
