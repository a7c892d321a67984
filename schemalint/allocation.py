"""Building large trees of objects without the cyclic collector's repeated passes.

Reading a schema of some megabytes creates millions of containers, none of them garbage
until the tree is built; each collection the allocations trigger walks them all again, which
made reading a 50 MB schema take twice as long. The collector resumes afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic collection inside the block (reference counting still frees memory)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
