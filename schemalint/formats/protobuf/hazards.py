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
from dataclasses import dataclass

# Nesting from which a file is compiled in a child process: well below protoc's 100, so that
# the brackets of the declarations around an option value never let one through.
LIMIT = 64
# Comments and string literals: their brackets and dots are not syntax.
_SKIPPED = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|//[^\n]*|/\*.*?(?:\*/|\Z)',
                      re.DOTALL)
_BRACKET = re.compile(r"[{}<>\[\]]")
_OPENING = frozenset("{<[")
_DOTTED = re.compile(r"[\w()]+(?:\s*\.\s*[\w()]+)+")


@dataclass(frozen=True)
class Nesting:
    """The deepest nesting in a text: ``depth`` levels, reached at ``line`` (1-based)."""

    depth: int
    line: int

    @property
    def hazardous(self) -> bool:
        return self.depth >= LIMIT


def deepest(text: str) -> Nesting:
    """The bracket nesting plus the longest dotted name in ``text``: an option's name and
    its value add up (``(o).a.a = { a { ... } }`` aborts protoc at 100 levels in all)."""
    code = _SKIPPED.sub(_blank, text)
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
    offset = brackets_at if brackets >= dots else dots_at
    return Nesting(brackets + dots, code.count("\n", 0, offset) + 1)


def _blank(match: re.Match[str]) -> str:
    """A comment or string, its newlines kept (lines still count) and the rest blanked."""
    return re.sub(r"[^\n]", " ", match.group())
