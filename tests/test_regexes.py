"""A lazily compiled pattern answers as ``re.compile`` does, and compiles only when used."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from schemalint.regexes import lazy_compile

CASES: list[tuple[str, int, Callable[[re.Pattern[str]], Any]]] = [
    (r"[a-z]+", 0, lambda pattern: pattern.match("abc1")),
    (r"(?P<n>\d+)", 0, lambda pattern: pattern.search("v12x")),
    (r"^b", re.MULTILINE, lambda pattern: [m.start() for m in pattern.finditer("a\nb\nb")]),
    (r"\s+", 0, lambda pattern: pattern.sub("-", "a  b\tc")),
    (r"x", re.IGNORECASE, lambda pattern: pattern.findall("xXy")),
    (r"[a-z]+\Z", 0, lambda pattern: pattern.fullmatch("ab", 0, 1)),
    (r"(a)(b)?", 0, lambda pattern: (pattern.pattern, pattern.flags, pattern.groups)),
]


@pytest.mark.parametrize(("source", "flags", "use"), CASES)
def test_answers_as_re_compile(source: str, flags: int,
                               use: Callable[[re.Pattern[str]], Any]) -> None:
    lazy = lazy_compile(source, flags)
    assert _shown(use(lazy)) == _shown(use(re.compile(source, flags)))
    assert _shown(use(lazy)) == _shown(use(re.compile(source, flags)))  # kept attributes


def test_compiles_on_first_use_only() -> None:
    unused = lazy_compile(r"(unbalanced")  # no error until used
    with pytest.raises(re.error):
        unused.match("x")


def _shown(value: Any) -> Any:
    """A match by what it matched (matches of two patterns never compare equal)."""
    if isinstance(value, re.Match):
        return value.span(), value.groups(), value.groupdict()
    return value
