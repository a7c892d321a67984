"""What protoc cannot survive, found in a .proto's text before protoc reads it.

protoc aborts the whole process (a failed internal check, SIGABRT) on an option value whose
messages nest 100 levels deep: it serializes the value and parses it back under protobuf's
default recursion limit of 100. The aggregate form ``option (o) = { a { a { ... } } }``, the
``<...>`` and list forms, and the dotted form ``option (o).a.a.a... = 1`` all reach it; found
by building each shape and raising the depth until protoc died (at 100, never at 99).

Only the file being compiled is at risk: the same value in a file it imports compiles (protoc
logs that it could not strip the file's source-retention options, and goes on).

``deepest`` measures both shapes on the text with comments and strings blanked: the deepest
nesting of ``{ < [`` plus the longest dotted name (a dotted name with a nested value reaches
the limit too). Ordinary files stay far below ``LIMIT`` (a message declaration nests at most
32 levels before protoc itself refuses it); a file at or above it is compiled where an abort
cannot take the caller with it (``compile``).
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Nesting from which a file is compiled in a child process: well below protoc's 100, so that
# the brackets of the declarations around an option value never let one through.
LIMIT = 64
# Comments and string literals: their brackets and dots are not syntax. An unterminated one
# runs to the end of its line (a string) or of the text (a comment), so that every one matches
# and the scan stays linear (protoc refuses such a file anyway).
_SKIPPED = re.compile(r'"(?:[^"\\\n]|\\.)*(?:"|\\?$)|\'(?:[^\'\\\n]|\\.)*(?:\'|\\?$)'
                      r"|//[^\n]*|/\*.*?(?:\*/|\Z)", re.DOTALL | re.MULTILINE)
_BRACKET = re.compile(r"[{}<>\[\]]")
_OPENING = frozenset("{<[")
# A dotted name from its first dot: each repetition one more field (``a . b`` is one name).
_DOTTED = re.compile(r"(?:\.\s*[\w()]+\s*)+")


class Nesting(NamedTuple):
    """The deepest nesting in a text, in levels; ``line`` (1-based) where it is hazardous."""

    depth: int
    line: int | None = None

    @property
    def hazardous(self) -> bool:
        return self.depth >= LIMIT


def deepest(text: str) -> Nesting:
    """The bracket nesting plus the longest dotted name in ``text``: an option's name and
    its value add up (``(o).a.a = { a { ... } }`` aborts protoc at 100 levels in all).

    About 0.5 ms for 30 KB; only a hazardous text is measured again, for the line."""
    brackets, _, dots, _ = _measure(_SKIPPED.sub(" ", text))
    if brackets + dots < LIMIT:
        return Nesting(brackets + dots)
    # Comments and strings blanked in place, newlines kept: offsets are the text's own.
    code = _SKIPPED.sub(lambda match: re.sub(r"[^\n]", " ", match.group()), text)
    brackets, brackets_at, dots, dots_at = _measure(code)
    offset = brackets_at if brackets >= dots else dots_at
    return Nesting(brackets + dots, code.count("\n", 0, offset) + 1)


def _measure(code: str) -> tuple[int, int, int, int]:
    """The deepest bracket nesting and the longest dotted name, each with its offset."""
    depth = brackets = brackets_at = 0
    for match in _BRACKET.finditer(code):
        if match.group() in _OPENING:
            depth += 1
            if depth > brackets:
                brackets, brackets_at = depth, match.start()
        elif depth > 0:
            depth -= 1
    dots = dots_at = 0
    for match in _DOTTED.finditer(code):
        count = match.group().count(".")
        if count > dots:
            dots, dots_at = count, match.start()
    return brackets, brackets_at, dots, dots_at
