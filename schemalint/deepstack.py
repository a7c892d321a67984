"""Running a command on a thread whose stack fits schemas nested as deep as the registry reads.

Parsing, comparing and linting walk a schema recursively. The registry reads schemas with
Jackson, whose default nesting limit is 1,000 levels (``sourcemap.MAX_DEPTH``, which
schemalint matches); walking that deep takes about 3,000 Python frames, beyond Python's
default recursion limit of 1,000. The commands that read schemas therefore run on a thread
with a raised limit and a stack sized for it even where each Python frame takes C stack
(Python 3.10); memory for the stack is only committed as deep recursion touches it.

The recursion limit is interpreter-wide: while a deep call runs, other threads may recurse
deeper than their own stacks allow, so this is meant for one command at a time.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

STACK_BYTES = 64 * 1024 * 1024
RECURSION_LIMIT = 10_000


def call_with_deep_stack(function: Callable[[], T]) -> T:
    """``function()`` on a thread with a large stack; its result, or its exception re-raised."""
    outcome: list[T] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            outcome.append(function())
        except BaseException as error:  # re-raised on the calling thread, SystemExit included
            failure.append(error)

    previous_limit = sys.getrecursionlimit()
    try:
        previous_size = threading.stack_size(STACK_BYTES)
    except (ValueError, RuntimeError):
        return function()  # a platform that cannot size thread stacks: run as is
    # Raised before the thread starts, so its first call already has the room.
    sys.setrecursionlimit(max(previous_limit, RECURSION_LIMIT))
    try:
        worker = threading.Thread(target=target, name="schemalint", daemon=True)
        try:
            worker.start()
        finally:
            threading.stack_size(previous_size)
        worker.join()
    finally:
        # The limit is global: left raised, deep input on a small stack would overflow it
        # instead of raising RecursionError.
        sys.setrecursionlimit(previous_limit)
    if failure:
        raise failure[0]
    return outcome[0]
