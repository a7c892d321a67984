"""Regular expressions a schema supplies, evaluated under a time bound.

A JSON Schema's ``pattern`` and ``patternProperties`` are code written by whoever wrote the
schema; Python's backtracking ``re`` takes exponential time on some of them (``^(a+)+$``
against thirty ``a`` and a ``!``), which would freeze a check in CI or a registry's request.
Every such pattern is evaluated here, and nowhere else:

- with RE2 (``google-re2``), linear in the text, for every pattern it supports;
- with the ``regex`` package and a time limit for the rest (backreferences, lookaround):
  past ``BOUND`` seconds an evaluation raises ``PatternTooSlow``, which callers turn into a
  finding that says the schema is not safe to evaluate; under a ``Budget`` (a comparison,
  one schema's examples) all of them together get ``TOTAL`` seconds.

Both engines are imported on first use (RE2 about 2 ms, ``regex`` about 13 ms), so a run
that meets no pattern pays nothing. Compiled patterns are cached and safe to share between
threads; nothing here holds state a thread could trip over.

Patterns are taken as written, as before (no ECMA-262 translation). RE2's ``\\d``, ``\\w``
and ``\\b`` are ASCII, as ECMA-262's are; ``\\p{L}`` works with both engines.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any, NamedTuple

# Seconds one evaluation of a pattern RE2 cannot run may take.
BOUND = 0.5
# Seconds all such evaluations of one ``budget`` (a comparison, a rule's validation) may take:
# many names each just under ``BOUND`` must not add up to a freeze either.
TOTAL = 2.0
# [seconds left, seconds given] of the current budget, per thread and task (a registry's
# requests do not share one); None outside any budget.
_LEFT: ContextVar[list[float] | None] = ContextVar("schemalint_pattern_budget", default=None)


class PatternTooSlow(Exception):
    """A pattern took longer than ``BOUND`` on one text (or its budget ran out): the schema is
    not safe to evaluate."""

    def __init__(self, pattern: str, bound: float = BOUND) -> None:
        super().__init__(f"the pattern {pattern!r} did not finish within {bound:g} s "
                         "(catastrophic backtracking): the schema is not safe to evaluate")
        self.pattern = pattern


class Budget:
    """``seconds`` of backtracking time shared by the evaluations run under it (RE2's do not
    count): ``with budget.running(): ...``, as many times as needed."""

    def __init__(self, seconds: float = TOTAL) -> None:
        self.left = [seconds, seconds]

    @contextmanager
    def running(self) -> Iterator[None]:
        token = _LEFT.set(self.left)
        try:
            yield
        finally:
            _LEFT.reset(token)


class SchemaPattern(NamedTuple):
    """One compiled pattern. ``linear``: RE2 runs it, in time linear in the text."""

    source: str
    linear: bool
    compiled: Any

    def search(self, text: str) -> bool:
        """Whether the pattern matches somewhere in ``text`` (ECMA-262's ``test``)."""
        if self.linear:
            try:
                return self.compiled.search(text) is not None
            except UnicodeEncodeError:  # a lone surrogate, which RE2's UTF-8 cannot carry
                return _bounded(_regex(self.source), self.source, text)
        return _bounded(self.compiled, self.source, text)


@lru_cache(maxsize=4096)
def compile_pattern(source: str) -> SchemaPattern | None:
    """``source`` compiled, or None when it is not a regular expression either engine reads."""
    import re2  # type: ignore[import-untyped]

    try:
        return SchemaPattern(source, True, re2.compile(source, _re2_options()))
    except (re2.error, UnicodeEncodeError):
        pass
    compiled = _regex(source)
    return None if compiled is None else SchemaPattern(source, False, compiled)


@lru_cache(maxsize=4096)
def _regex(source: str) -> Any:
    import regex

    try:
        return regex.compile(source)
    except (regex.error, OverflowError, RecursionError, ValueError):
        return None


def _bounded(compiled: Any, source: str, text: str) -> bool:
    if compiled is None:
        return False
    left = _LEFT.get()
    limit = BOUND if left is None else min(BOUND, left[0])
    if limit <= 0:
        raise PatternTooSlow(source, left[1] if left is not None else BOUND)
    started = time.monotonic()
    try:
        return compiled.search(text, timeout=limit) is not None
    except TimeoutError:
        raise PatternTooSlow(source, BOUND if left is None or limit == BOUND
                             else left[1]) from None
    finally:
        if left is not None:
            left[0] -= time.monotonic() - started


def search(source: str, text: str) -> bool:
    """Whether ``source`` matches in ``text``; an invalid pattern matches nothing."""
    compiled = compile_pattern(source)
    return compiled is not None and compiled.search(text)


@lru_cache(maxsize=1)
def _re2_options() -> Any:
    import re2

    options = re2.Options()
    # A pattern RE2 does not support goes to ``regex``; RE2 need not print why on stderr.
    options.log_errors = False
    return options


def bounded_validator(cls: Any, document: Any) -> Any:
    """The ``jsonschema`` validator class ``cls``, for ``document``, with every keyword that
    runs a schema's pattern evaluated here (``pattern``, ``patternProperties``,
    ``additionalProperties`` beside ``patternProperties``), so that validating an instance
    raises ``PatternTooSlow`` rather than backtracking without end in ``re``.

    ``unevaluatedProperties`` in a document with ``patternProperties`` is not asserted: the
    library evaluates those patterns with ``re`` deep inside its annotation collection,
    which cannot be bounded from outside.
    """
    from jsonschema import validators

    keywords = {"pattern": _pattern, "patternProperties": _pattern_properties,
                "additionalProperties": _additional_properties}
    if "unevaluatedProperties" in cls.VALIDATORS and _mentions_pattern_properties(document):
        keywords["unevaluatedProperties"] = _unasserted
    extend: Any = validators.extend
    return extend(cls, keywords)


def _pattern(validator: Any, pattern: Any, instance: Any, schema: Any) -> Any:
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and not search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(validator: Any, patterns: Any, instance: Any, schema: Any) -> Any:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        for name, value in instance.items():
            if search(pattern, name):
                yield from validator.descend(value, subschema, path=name, schema_path=pattern)


def _additional_properties(validator: Any, additional: Any, instance: Any,
                           schema: Any) -> Any:
    from jsonschema import _keywords
    from jsonschema.exceptions import ValidationError

    patterns = schema.get("patternProperties")
    if not patterns or not validator.is_type(instance, "object"):
        library: Any = _keywords.additionalProperties
        yield from library(validator, additional, instance, schema)
        return
    declared = schema.get("properties", {})
    extras = [name for name in instance if name not in declared
              and not any(search(pattern, name) for pattern in patterns)]
    if validator.is_type(additional, "object"):
        for extra in extras:
            yield from validator.descend(instance[extra], additional, path=extra)
    elif not additional and extras:
        verb = "does" if len(extras) == 1 else "do"
        joined = ", ".join(repr(each) for each in sorted(extras))
        listed = ", ".join(repr(each) for each in sorted(patterns))
        yield ValidationError(f"{joined} {verb} not match any of the regexes: {listed}")


def _unasserted(validator: Any, value: Any, instance: Any, schema: Any) -> Any:
    yield from ()


def _mentions_pattern_properties(document: Any) -> bool:
    pending = [document]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            if "patternProperties" in node:
                return True
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return False
