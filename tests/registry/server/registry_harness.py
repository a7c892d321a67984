"""Running the real registry server as a subprocess on a free loopback port, for tests."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

FIXTURES = Path(__file__).parent / "fixtures"
V1_JSON = "application/vnd.schemaregistry.v1+json"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A running registry process."""

    process: subprocess.Popen[bytes]
    url: str
    db: Path
    log: Path

    def client(self, **kwargs: object) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, **kwargs)  # type: ignore[arg-type]

    def stop(self) -> None:
        """Stop the server; SIGTERM first, so a multi-worker supervisor stops its workers."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_server(db: Path, *, workers: int = 1, env: dict[str, str] | None = None,
                 port: int | None = None) -> Server:
    port = port or free_port()
    command = [sys.executable, "-m", "schemalint.registry.server", "--db", str(db),
               "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    log = db.parent / f"server-{port}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(command, env={**os.environ, **(env or {})},
                                   stdout=output, stderr=subprocess.STDOUT)
    server = Server(process, f"http://127.0.0.1:{port}", db, log)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"registry server exited with {process.returncode}")
        try:
            # Any HTTP answer (even 401 with auth on) means the server is accepting requests.
            httpx.get(server.url + "/", timeout=1)
            return server
        except httpx.TransportError:
            time.sleep(0.05)
    server.stop()
    raise RuntimeError("registry server did not become ready")


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text()


def snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, to show that a request changed nothing."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {table: sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
                for table in tables}
    finally:
        conn.close()
