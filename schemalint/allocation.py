"""Building large trees of objects without the cyclic collector's repeated passes.

Reading a schema of some megabytes creates millions of containers, none of them garbage
until the tree is built; each collection the allocations trigger walks them all again, which
made reading a 50 MB schema take twice as long. The collector resumes afterwards.
``benchmarks/collector_tuning.py`` measures what it still saves: ``compat`` of a 19 MB Avro
pair takes 1.25–1.47 times as long without it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_keep_built = False


def tune_for_one_command() -> None:
    """For a process that ends with its one command (the command line).

    Cyclic collections every 700 allocations (the default) cost a hook run more than any
    cycle would: the threshold is raised. And what a ``paused_gc`` block builds is set aside
    from the collector when the block ends; otherwise the next collections traverse it all,
    twice (young, then middle-aged): a tenth of a 50 MB schema's check. Cycles among those
    objects that become garbage are then freed only at exit, which a process holding its
    schemas to the end does not miss.
    """
    global _keep_built
    gc.set_threshold(100_000)
    _keep_built = True


def skip_collection_at_exit() -> None:
    """The process ends next: spare the collector its pass over every object at exit (a
    tenth of a hook run's time)."""
    gc.freeze()


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic collection inside the block (reference counting still frees memory)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _keep_built:
            gc.freeze()
        if was_enabled:
            gc.enable()
