"""Where the registry's requests run: off the event loop, each under a time limit.

Parsing, compiling and checking compatibility take CPU for as long as a schema makes them:
on the event loop, one 6 MB check would keep every other client waiting. Each request's work
runs on a worker thread instead, with a registry (a store connection and its parse cache)
leased from a pool for the duration; the GIL's switch interval lets the loop, and the other
workers, answer meanwhile.

Threads, not processes: handing a request to a thread costs 0.1 to 0.3 ms whatever its size,
to a worker process 0.15 ms for a small body but 12 to 17 ms for a 7 MB one, which must be
pickled across (``benchmarks/registry_server.py --heavy``), and each process would keep a
parse cache of its own, lost whenever a process is replaced. A thread cannot be stopped, so a
request over its limit is answered at the limit and its thread left to finish: the pool stops
counting it and serves others on a fresh thread and registry, and a registration abandoned so
never writes (``Registry.register`` checks ``Abandoned`` before it takes the write lock).
Inputs that could run without end (pattern backtracking, protoc's aborts) are bounded where
the format engines evaluate them.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import anyio
import anyio.to_thread

from schemalint.registry.server.operations import Registry
from schemalint.registry.server.store import Store

T = TypeVar("T")

# Requests worked on at once in one server process; more wait for a free worker.
WORKERS = 4
DEFAULT_TIME_LIMIT_S = 20.0


class TimeLimitExceeded(Exception):
    """A request's work did not finish within the time limit."""


class Registries:
    """Registries over one database, each used by one request at a time."""

    def __init__(self, db_path: str, busy_timeout_ms: int) -> None:
        self.db_path = db_path
        self.busy_timeout_ms = busy_timeout_ms
        self._idle: queue.SimpleQueue[Registry] = queue.SimpleQueue()
        self._idle.put(self._new())

    def _new(self) -> Registry:
        return Registry(Store(self.db_path, self.busy_timeout_ms))

    def any(self) -> Registry:
        """One registry of the pool, to inspect (tests read its store's pragmas)."""
        registry = self._idle.get()
        self._idle.put(registry)
        return registry

    @contextmanager
    def lease(self) -> Iterator[Registry]:
        try:
            registry = self._idle.get_nowait()
        except queue.Empty:
            registry = self._new()
        try:
            yield registry
        finally:
            self._idle.put(registry)


class Runner:
    """Runs request work on worker threads, at most ``workers`` at once, each within
    ``time_limit`` seconds."""

    def __init__(self, time_limit: float, workers: int = WORKERS) -> None:
        self.time_limit = time_limit
        self._limiter = anyio.CapacityLimiter(workers)

    async def run(self, work: Callable[[threading.Event], T]) -> T:
        """``work(abandoned)``'s result; ``TimeLimitExceeded`` past the limit, after which
        ``abandoned`` is set for the work to notice before it writes anything."""
        abandoned = threading.Event()
        try:
            with anyio.fail_after(self.time_limit):
                return await anyio.to_thread.run_sync(work, abandoned, limiter=self._limiter,
                                                      abandon_on_cancel=True)
        except TimeoutError:
            abandoned.set()
            raise TimeLimitExceeded from None
