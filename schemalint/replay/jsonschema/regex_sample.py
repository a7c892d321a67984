"""Strings a schema's ``pattern`` matches, read from the pattern's text: literals, escapes,
character classes, ``.``, groups with alternatives and quantifiers. The pattern is only read
here, never run (callers confirm each sample through ``schemalint.patterns``, bounded in
time); a pattern using anything else (lookaround, backreferences) gives no sample.
"""

from __future__ import annotations

import string
from functools import lru_cache

# Samples per pattern: the fewest repetitions and first alternatives, then more of each.
VARIANTS = 3
# Repetitions an unbounded quantifier takes at most.
_MOST = 3
_CLASSES = {"d": string.digits, "w": string.ascii_letters + string.digits + "_",
            "s": " ", "D": "a", "W": "-", "S": "a"}
# Characters a negated class or ``.`` picks from.
_ANY = string.ascii_letters + string.digits + "-_ .:@/"


class _Unsupported(Exception):
    pass


@lru_cache(maxsize=1024)
def samples(pattern: str) -> tuple[str, ...]:
    """Up to ``VARIANTS`` strings the pattern should match (distinct, in order)."""
    found: list[str] = []
    for variant in range(VARIANTS):
        try:
            reader = _Reader(pattern, variant)
            text = reader.alternatives()
            if reader.position != len(pattern):
                raise _Unsupported
        except (_Unsupported, IndexError, ValueError):
            return tuple(found)
        if text not in found:
            found.append(text)
    return tuple(found)


class _Reader:
    def __init__(self, pattern: str, variant: int) -> None:
        self.pattern, self.variant, self.position = pattern, variant, 0

    def _peek(self) -> str:
        return self.pattern[self.position] if self.position < len(self.pattern) else ""

    def _next(self) -> str:
        char = self.pattern[self.position]
        self.position += 1
        return char

    def alternatives(self) -> str:
        options = [self._sequence()]
        while self._peek() == "|":
            self.position += 1
            options.append(self._sequence())
        return options[min(self.variant, len(options) - 1)]

    def _sequence(self) -> str:
        text = ""
        while self._peek() not in ("", "|", ")"):
            atom = self._atom()
            low, high = self._quantifier()
            count = low if self.variant == 0 else min(high, low + self.variant)
            text += atom * count
        return text

    def _quantifier(self) -> tuple[int, int]:
        char = self._peek()
        if char in ("?", "*", "+"):
            self.position += 1
            bounds = {"?": (0, 1), "*": (0, _MOST), "+": (1, _MOST)}[char]
        elif char == "{" and self.pattern[self.position + 1:self.position + 2].isdigit():
            end = self.pattern.index("}", self.position)
            low, comma, high = self.pattern[self.position + 1:end].partition(",")
            self.position = end + 1
            most = int(high) if high else int(low) + _MOST
            bounds = (int(low), most if comma else int(low))
        else:
            return 1, 1
        if self._peek() in ("?", "+"):  # lazy or possessive: the same strings
            self.position += 1
        return bounds

    def _atom(self) -> str:
        char = self._next()
        if char in ("^", "$"):
            return ""
        if char == ".":
            return _ANY[self.variant]
        if char == "(":
            if self._peek() == "?":
                if self.pattern[self.position + 1:self.position + 2] != ":":
                    raise _Unsupported  # lookaround, named groups, flags
                self.position += 2
            inner = self.alternatives()
            if self._next() != ")":
                raise _Unsupported
            return inner
        if char == "[":
            return self._class()
        if char == "\\":
            return self._escape(in_class=False)
        if char in ("*", "+", "?", ")"):
            raise _Unsupported
        return char

    def _escape(self, *, in_class: bool) -> str:
        char = self._next()
        if char in _CLASSES:
            return _CLASSES[char][min(self.variant, len(_CLASSES[char]) - 1)]
        if char == "u":
            code = self.pattern[self.position:self.position + 4]
            self.position += 4
            return chr(int(code, 16))
        if char in ("b", "B") and not in_class:
            return ""
        if char.isalnum():
            if char in "nrtfv":
                return {"n": "\n", "r": "\r", "t": "\t", "f": "\f", "v": "\v"}[char]
            raise _Unsupported  # a backreference, or an escape this reader does not know
        return char

    def _class(self) -> str:
        negated = self._peek() == "^"
        if negated:
            self.position += 1
        members = ""
        first = True
        while first or self._peek() != "]":
            first = False
            char = self._next()
            start = self._escape(in_class=True) if char == "\\" else char
            if self._peek() == "-" and self.pattern[self.position + 1:self.position + 2] \
                    not in ("]", ""):
                self.position += 1
                end = self._next()
                if end == "\\":
                    end = self._escape(in_class=True)
                if len(start) != 1 or len(end) != 1 or ord(end) < ord(start):
                    raise _Unsupported
                members += "".join(chr(code) for code in range(
                    ord(start), min(ord(end), ord(start) + 64) + 1))
            else:
                members += start
        self.position += 1
        if negated:
            members = "".join(char for char in _ANY if char not in members)
        if not members:
            raise _Unsupported
        return members[min(self.variant, len(members) - 1)]

