"""Running the registry under uvicorn, in one process or several sharing one database."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import sqlite3
from pathlib import Path
from typing import cast

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from schemalint.errors import UsageError
from schemalint.registry.server import auth
from schemalint.registry.server.app import DB_ENV
from schemalint.registry.server.store import Store


class NoDelayH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with Nagle's algorithm off on every connection.

    asyncio turns it off only for sockets it knows to be TCP; the listening socket uvicorn
    hands to its worker processes loses that mark, and keep-alive requests then wait 40 ms
    for delayed ACKs.
    """

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(cast(asyncio.Transport, transport))


def serve(db: str, host: str = "127.0.0.1", port: int = 8081, workers: int = 1) -> None:
    """Serve the registry on ``host``:``port`` until interrupted (loopback by default).

    Raises ``UsageError`` when the database cannot be opened or created, or when basic auth is
    half configured.
    """
    auth.from_environment()
    path = str(Path(db).resolve())
    # Create the tables once, before any worker starts, so workers never race on the DDL.
    try:
        Store(path).close()
    except sqlite3.Error as error:
        raise UsageError(f"cannot open the registry database {db}: {error}") from None
    os.environ[DB_ENV] = path
    uvicorn.run("schemalint.registry.server.app:app_from_environment", factory=True,
                host=host, port=port, workers=max(1, workers), http=NoDelayH11Protocol,
                access_log=False,
                log_level="info", timeout_graceful_shutdown=5)
