"""Patterns a schema supplies: RE2 where it can, ``regex`` under a time bound where not.

Each case names the engine that must run it (``linear``: RE2) and the verdict, or that it
exceeds the bound. A pattern neither engine reads matches nothing, as before.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from schemalint.patterns import BOUND, Budget, PatternTooSlow, compile_pattern, search

LONG = "a" * 34 + "!"

# (pattern, text, runs in RE2, matches)
VERDICTS = [
    ("^(a+)+$", LONG, True, False),  # exponential in Python's re
    ("^(a+)+$", "aaaa", True, True),
    ("^[a-z]+_id$", "order_id", True, True),
    ("^x-", "x-trace", True, True),
    (r"^\p{Lu}", "Österreich", True, True),  # a Unicode property, as ECMA-262's u flag
    (r"^\d+$", "١٢٣", True, False),  # ECMA-262's \d is ASCII; Python's re would match
    ("$", "a\n", True, True),
    ("^a$", "a\n", True, False),  # ECMA-262's $ is the end of the text, not before a newline
    ("(?<=a)b", "ab", False, True),  # a lookbehind: RE2 has none
    (r"^(a)\1$", "aa", False, True),  # a backreference: RE2 has none
    (r"^(?!tmp_)", "tmp_x", False, False),
    # A lone surrogate (a registry request may carry one): RE2 reads UTF-8 only, regex runs it.
    ("^a", "a\ud800", True, True),
    ("\ud800", "x\ud800", False, True),
]


@pytest.mark.parametrize(("pattern", "text", "linear", "matches"), VERDICTS)
def test_each_pattern_runs_in_the_engine_that_can_bound_it(pattern: str, text: str,
                                                           linear: bool, matches: bool) -> None:
    compiled = compile_pattern(pattern)
    assert compiled is not None
    assert compiled.linear is linear
    assert compiled.search(text) is matches


@pytest.mark.parametrize("pattern", ["^(a|a)+(?<=a)$", "^(?:a|a)*(?<=a)$"])
def test_a_pattern_past_the_bound_says_so_and_returns(pattern: str) -> None:
    started = time.monotonic()
    with pytest.raises(PatternTooSlow) as raised:
        search(pattern, LONG)
    assert raised.value.pattern == pattern
    assert f"the pattern {pattern!r} did not finish within {BOUND:g} s" in str(raised.value)
    assert time.monotonic() - started < 30  # bounded, not hung (BOUND is 0.5 s)


@pytest.mark.parametrize("pattern", ["(", "[a-", "a{2,1}", "(?<name"])
def test_a_pattern_no_engine_reads_matches_nothing(pattern: str) -> None:
    assert compile_pattern(pattern) is None
    assert search(pattern, "anything") is False


def test_threads_share_compiled_patterns() -> None:
    """A registry evaluates patterns from several threads at once: the cache and both engines
    serve them without a lock of ours."""
    cases = [(pattern, text, matches) for pattern, text, _, matches in VERDICTS] * 20
    with ThreadPoolExecutor(max_workers=8) as pool:
        found = list(pool.map(lambda case: search(case[0], case[1]), cases))
    assert found == [matches for _, _, matches in cases]


def test_a_budget_bounds_many_evaluations_together() -> None:
    """Names each just under the bound must not add up to a freeze: once a budget is spent,
    every further backtracking evaluation under it is too slow; RE2's cost nothing."""
    spent = Budget(0.2)
    with spent.running(), pytest.raises(PatternTooSlow) as raised:
        search("^(a|a)+(?<=a)$", LONG)
    assert "did not finish within 0.2 s" in str(raised.value)
    with spent.running():
        with pytest.raises(PatternTooSlow):
            search("(?<=a)b", "ab")  # quick, but nothing is left
        assert search("^(a+)+$", LONG) is False  # RE2: not counted
    assert search("(?<=a)b", "ab") is True  # outside the budget, the bound alone


def test_budgets_of_threads_are_their_own() -> None:
    spent = Budget(0.0)

    def in_a_thread() -> bool:
        return search("(?<=a)b", "ab")

    with spent.running(), ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(in_a_thread).result() is True
