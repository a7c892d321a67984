"""glibc's allocator tuned for the length of one large compile.

protoc builds and frees millions of small objects for a large file (a location record per
element part, a descriptor per field). glibc's malloc keeps freed small blocks in "fast bins"
and consolidates them whenever a larger block is asked for: on a 38 MB file that is a sixth
of protoc's time. With fast bins off for the compile, the same memory is handed out without
the consolidation passes; the limit goes back to glibc's default afterwards.

What protoc frees stays with glibc's heap, where Python's own objects (allocated in arenas of
their own) never reuse it: for a 38 MB file, over a gigabyte that the process would keep
through everything that follows. It is handed back to the system once the compile is done.
Elsewhere (other C libraries, or glibc without ``mallopt``) nothing changes.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_M_MXFAST = 1


@contextmanager
def fast_bins_off() -> Iterator[None]:
    """Within the block, glibc's fast bins are off (where the C library is glibc)."""
    libc = _glibc()
    if libc is None:
        yield
        return
    # glibc's own default: 64 * sizeof(size_t) / 4 bytes.
    default = 16 * struct.calcsize("N")
    libc.mallopt(_M_MXFAST, 0)
    try:
        yield
    finally:
        libc.mallopt(_M_MXFAST, default)
        libc.malloc_trim(0)


def _glibc() -> Any:
    """The C library, where it is glibc with ``mallopt`` and ``malloc_trim``; else None."""
    try:
        if not (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc"):
            return None
        import ctypes  # here: only a large compile on glibc needs it

        libc = ctypes.CDLL(None)
        libc.mallopt, libc.malloc_trim  # noqa: B018 - both must be there
    except (ImportError, ValueError, OSError, AttributeError):
        return None
    return libc
