"""Field conventions, FLD001–FLD003: field names in the project's case, time fields, one type
per name.
"""

from __future__ import annotations

import fnmatch
import re
from functools import lru_cache

from schemalint.lint.settings import LintSettings
from schemalint.regexes import lazy_compile

# One lower-case word (either case), snake_case and camelCase in one match, tried in that order:
# the group that matched names the case.
_CASES = lazy_compile(r"_*(?:([a-z][a-z0-9]*$)|([a-z][a-z0-9]*(?:_[a-z0-9]+)+$)"
                      r"|([a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+$))")
_CASE_OF_GROUP = {1: "both", 2: "snake", 3: "camel"}


# Field names repeat across records and schemas; the cache stays bounded for the largest.
@lru_cache(maxsize=65536)
def name_case(name: str) -> str:
    """``snake``, ``camel``, ``both`` (one lower-case word fits either) or ``neither``.

    Leading underscores (``__op``, ``_fivetran_synced``) mark technical columns and are
    read past.
    """
    found = _CASES.match(name)
    return _CASE_OF_GROUP[found.lastindex] if found is not None and found.lastindex else \
        "neither"


_FIXED_PREFIXES = ("$", "@")


def _allowed(name: str, settings: LintSettings) -> bool:
    # "$schema", "@type": names other specifications fix.
    if name.startswith(_FIXED_PREFIXES):
        return True
    return bool(settings.allow) and _allow_globs(settings.allow).match(name) is not None


@lru_cache(maxsize=16)
def _allow_globs(globs: tuple[str, ...]) -> re.Pattern[str]:
    """``fnmatch.fnmatchcase`` against any of the globs, as one expression."""
    return re.compile("|".join(f"(?:{fnmatch.translate(glob)})" for glob in globs))
