"""Running a command on a thread whose stack fits schemas nested as deep as the registry reads.

Parsing, comparing and linting walk a schema recursively. The registry reads schemas with
Jackson, whose default nesting limit is 1,000 levels (``sourcemap.MAX_DEPTH``, which
schemalint matches); walking that deep takes about 3,000 Python frames, beyond Python's
default recursion limit of 1,000. The commands that read schemas therefore run on a thread
with a raised limit and a stack sized for it even where each Python frame takes C stack
(Python 3.10); memory for the stack is only committed as deep recursion touches it.

The recursion limit is interpreter-wide: while a deep call runs, other threads may recurse
deeper than their own stacks allow. Deep calls may overlap (the registry's workers): the limit
is raised while any runs and restored when the last ends.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

STACK_BYTES = 64 * 1024 * 1024
RECURSION_LIMIT = 10_000


# The recursion limit and the stack size of new threads are process-wide. Deep calls may run
# at once (the embedded registry's worker threads): the limit is raised while any runs and
# restored when the last ends, and each thread is started with the stack size still set.
_lock = threading.Lock()
_running = 0
_limit_before = 0


def call_with_deep_stack(function: Callable[[], T]) -> T:
    """``function()`` on a thread with a large stack; its result, or its exception re-raised."""
    global _running, _limit_before
    outcome: list[T] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            outcome.append(function())
        except BaseException as error:  # re-raised on the calling thread, SystemExit included
            failure.append(error)

    with _lock:
        try:
            previous_size = threading.stack_size(STACK_BYTES)
        except (ValueError, RuntimeError):
            previous_size = None
        if previous_size is not None:
            if _running == 0:
                _limit_before = sys.getrecursionlimit()
                # Raised before the thread starts, so its first call already has the room.
                sys.setrecursionlimit(max(_limit_before, RECURSION_LIMIT))
            _running += 1
            try:
                worker = threading.Thread(target=target, name="schemalint", daemon=True)
                worker.start()
            except BaseException:
                _leave()
                raise
            finally:
                threading.stack_size(previous_size)
    if previous_size is None:
        return function()  # a platform that cannot size thread stacks: run as is
    try:
        worker.join()
    finally:
        with _lock:
            _leave()
    if failure:
        raise failure[0]
    return outcome[0]


def _leave() -> None:
    """One deep call ended (the lock held): the last one puts the limit back, since deep input
    on an ordinary stack under a raised limit would overflow it instead of raising
    RecursionError."""
    global _running
    _running -= 1
    if _running == 0:
        sys.setrecursionlimit(_limit_before)
