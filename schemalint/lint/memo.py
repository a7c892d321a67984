"""What the rules derive from one parsed schema, derived once however many passes ask.

A check lints a schema on its own (``lint_schema``), as the previous version of the next
one, and again with the whole project (``lint_project``); each pass has a context of its own,
so a walk cached on a context is walked again by the next. These walks are kept beside the
schema instead, for as long as the schema itself lives.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from schemalint.allocation import paused_gc
from schemalint.model import Schema

_T = TypeVar("_T")
_DERIVED: dict[int, dict[str, Any]] = {}


def per_schema(schema: Schema, key: str, compute: Callable[[], _T]) -> _T:
    """``compute()`` for ``schema`` under ``key``, computed once while the schema lives."""
    derived = _DERIVED.get(id(schema))
    if derived is None:
        derived = _DERIVED[id(schema)] = {}
        # Forgotten when the schema is collected, before its id can be reused.
        weakref.finalize(schema, _DERIVED.pop, id(schema), None)
    if key not in derived:
        # A walk of a large schema makes millions of small objects, none of them garbage.
        with paused_gc():
            derived[key] = compute()
    value: _T = derived[key]
    return value

