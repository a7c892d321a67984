"""Deep calls, one at a time or overlapping (the registry's worker threads): each gets the
room it needs, and the interpreter's recursion limit is back as it was once the last ends."""

from __future__ import annotations

import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from schemalint.deepstack import RECURSION_LIMIT, call_with_deep_stack


def nested(depth: int) -> int:
    return 0 if depth == 0 else 1 + nested(depth - 1)


def deep_call(release: threading.Event | None = None) -> tuple[int, int]:
    """The recursion limit seen inside, and a recursion deeper than the default limit."""
    def inside() -> tuple[int, int]:
        if release is not None:
            release.wait(10)
        return sys.getrecursionlimit(), nested(3_000)
    return call_with_deep_stack(inside)


@pytest.mark.parametrize("callers", [1, 2, 8])
def test_overlapping_deep_calls_restore_the_recursion_limit(callers: int) -> None:
    before = sys.getrecursionlimit()
    release = threading.Event()
    with ThreadPoolExecutor(callers) as pool:
        running = [pool.submit(deep_call, release) for _ in range(callers)]
        # The first ones to finish must not lower the limit under those still running.
        release.set()
        results = [future.result(timeout=30) for future in running]
    assert all(limit >= RECURSION_LIMIT and depth == 3_000 for limit, depth in results)
    assert sys.getrecursionlimit() == before


def test_a_deep_call_inside_a_deep_call() -> None:
    before = sys.getrecursionlimit()
    assert call_with_deep_stack(lambda: deep_call()) == (max(before, RECURSION_LIMIT), 3_000)
    assert sys.getrecursionlimit() == before


def test_an_exception_inside_is_raised_and_the_limit_restored() -> None:
    before = sys.getrecursionlimit()

    def failing() -> None:
        raise ValueError("inside")

    with pytest.raises(ValueError, match="inside"):
        call_with_deep_stack(failing)
    assert sys.getrecursionlimit() == before
