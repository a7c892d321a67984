"""Regular expressions declared at module level and compiled when first used.

Compiling a pattern is pure Python in ``re`` (its parser and compiler): 0.1 to 0.5 ms each,
which the dozens a module tree declares add to every start, the pre-commit hook's included.
Most of them serve input a given run does not have (a finding to place in a JSON text, enum
symbols, CloudEvents attributes). ``lazy_compile`` declares a pattern as ``re.compile`` does
and compiles it the first time one of its methods or attributes is read.
"""

from __future__ import annotations

import re
from typing import Any, cast


class _LazyPattern:
    """Stands for ``re.compile(source, flags)``: each attribute of the compiled pattern is
    fetched once, then kept on the instance, so later reads cost what a pattern's own do.

    It offers the pattern's methods and attributes only: it is no ``re.Pattern`` to
    ``isinstance``, nor to the ``re`` module's functions, which take a pattern's text."""

    def __init__(self, source: str, flags: int) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        # Called only for what the instance does not hold yet.
        if name.startswith("__"):
            raise AttributeError(name)
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        value = getattr(self._compiled, name)
        setattr(self, name, value)
        return value

    def __repr__(self) -> str:
        return f"lazy_compile({self._source!r}, {self._flags!r})"


def lazy_compile(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``, compiled on first use."""
    return cast("re.Pattern[str]", _LazyPattern(source, flags))
