"""Inline suppressions: ``"x-schemalint": {"ignore": {"EVT001": "legacy topic, ADR-12"}}``.

The keyword sits on a JSON Schema (sub)schema or, as a custom attribute, on an Avro record or
field. It silences the named rules for findings inside the element it sits on. It is not part
of the contract: format engines strip it before identity, compatibility and registration, so
adding or changing a suppression never makes a new registry version. The key and the
stripping live below the formats, in ``schemalint.suppression_key``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from schemalint.sourcemap import join_pointer
from schemalint.suppression_key import NAME_MAPS, SUPPRESSION_KEY, strip_suppressions

__all__ = ["SUPPRESSION_KEY", "Malformed", "Suppression", "find_suppressions",
           "strip_suppressions"]


class Suppression(NamedTuple):
    # The element it covers and where the entry itself is written.
    scope: str
    pointer: str
    code: str
    reason: str

    def covers(self, code: str, pointer: str) -> bool:
        return code == self.code and (
            not self.scope or pointer == self.scope or pointer.startswith(self.scope + "/"))


class Malformed(NamedTuple):
    """A suppression that cannot be honoured: the place and why."""

    pointer: str
    problem: str
    code: str | None


def find_suppressions(document: Any) -> tuple[list[Suppression], list[Malformed]]:
    found: list[Suppression] = []
    malformed: list[Malformed] = []
    _find(document, "", False, found, malformed)
    return found, malformed


def _find(node: Any, pointer: str, in_name_map: bool, found: list[Suppression],
          malformed: list[Malformed]) -> None:
    if isinstance(node, list):
        for index, item in enumerate(node):
            _find(item, join_pointer(pointer, index), False, found, malformed)
        return
    if not isinstance(node, Mapping):
        return
    for key, value in node.items():
        child = join_pointer(pointer, key)
        if key == SUPPRESSION_KEY and not in_name_map:
            _read(value, pointer, child, found, malformed)
        else:
            _find(value, child, not in_name_map and key in NAME_MAPS, found, malformed)


def _read(value: Any, scope: str, pointer: str, found: list[Suppression],
          malformed: list[Malformed]) -> None:
    ignore = value.get("ignore") if isinstance(value, Mapping) else None
    if not isinstance(ignore, Mapping):
        malformed.append(Malformed(pointer, (
            f"\"{SUPPRESSION_KEY}\" must be an object {{\"ignore\": {{\"CODE\": \"reason\"}}}}"
        ), None))
        return
    where = join_pointer(pointer, "ignore")
    for code, reason in ignore.items():
        entry = join_pointer(where, code)
        if not isinstance(reason, str) or not reason.strip():
            malformed.append(Malformed(entry, f"the suppression of {code} gives no reason",
                                       str(code)))
            continue
        found.append(Suppression(scope, entry, str(code).upper(), reason.strip()))
