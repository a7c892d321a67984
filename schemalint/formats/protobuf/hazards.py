"""What protoc cannot survive, found in a .proto's text before protoc reads it.

protoc aborts the whole process (a failed internal check, SIGABRT) on an option value whose
messages nest 100 levels deep: it serializes the value and parses it back under protobuf's
default recursion limit of 100. The aggregate form ``option (o) = { a { a { ... } } }``, the
``<...>`` and list forms, and the dotted form ``option (o).a.a.a... = 1`` all reach it; found
by building each shape and raising the depth until protoc died (at 100, never at 99).

Only the file being compiled is at risk: the same value in a file it imports compiles (protoc
logs that it could not strip the file's source-retention options, and goes on).

``deepest`` measures both shapes on the text with comments and strings blanked: the deepest
nesting of ``{ < [`` and the longest dotted name. Ordinary files stay far below ``LIMIT``
(a message declaration nests at most 32 levels before protoc itself refuses it); a file at or
above it is compiled where an abort cannot take the caller with it (``compile``).
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
    """The deeper of the bracket nesting and the longest dotted name in ``text``."""
    code = _SKIPPED.sub(_blank, text)
    depth = deepest_depth = deepest_offset = 0
    for match in _BRACKET.finditer(code):
        if match.group() in _OPENING:
            depth += 1
            if depth > deepest_depth:
                deepest_depth, deepest_offset = depth, match.start()
        elif depth > 0:
            depth -= 1
    for match in _DOTTED.finditer(code):
        dots = match.group().count(".")
        if dots > deepest_depth:
            deepest_depth, deepest_offset = dots, match.start()
    return Nesting(deepest_depth, code.count("\n", 0, deepest_offset) + 1)


def _blank(match: re.Match[str]) -> str:
    """A comment or string, its newlines kept (lines still count) and the rest blanked."""
    return re.sub(r"[^\n]", " ", match.group())
