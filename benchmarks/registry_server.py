"""Requests per second of the embedded registry on loopback.

Measures ``GET /schemas/ids/{id}`` and registrations of new schemas with 1 and 16 concurrent
clients, against the baseline of the same server's liveness route ``GET /`` (the HTTP stack
with no registry work), measured in the same run. Run:

    .venv/bin/python benchmarks/registry_server.py [--seconds 3] [--workers 1]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

Request = Callable[[httpx.AsyncClient, int], Awaitable[httpx.Response]]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(db: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "schemalint.registry.server", "--db", str(db),
         "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(400):
        try:
            httpx.get(url + "/", timeout=1)
            return process, url
        except httpx.TransportError:
            time.sleep(0.05)
    process.terminate()
    raise SystemExit("the registry did not start")


def schema(number: int) -> str:
    return json.dumps({"type": "record", "name": f"Bench{number}", "namespace": "bench",
                       "fields": [{"name": "id", "type": "long"},
                                  {"name": f"f{number}", "type": "string"}]})


async def measure(url: str, request: Request, clients: int, seconds: float) -> float:
    counter = itertools.count()
    deadline = time.perf_counter() + seconds
    done = 0

    async def client() -> None:
        nonlocal done
        async with httpx.AsyncClient(base_url=url, timeout=60) as http:
            while time.perf_counter() < deadline:
                response = await request(http, next(counter))
                if response.status_code != 200:
                    raise SystemExit(f"unexpected {response.status_code}: {response.text}")
                done += 1

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return done / (time.perf_counter() - started)


async def run(url: str, seconds: float) -> None:
    async with httpx.AsyncClient(base_url=url) as http:
        ids = [(await http.post(f"/subjects/seed-{n}/versions",
                                json={"schema": schema(n)})).json()["id"] for n in range(50)]
    offset = itertools.count(1_000)

    async def liveness(http: httpx.AsyncClient, n: int) -> httpx.Response:
        return await http.get("/")

    async def by_id(http: httpx.AsyncClient, n: int) -> httpx.Response:
        return await http.get(f"/schemas/ids/{ids[n % len(ids)]}")

    async def register(http: httpx.AsyncClient, n: int) -> httpx.Response:
        number = next(offset)
        return await http.post(f"/subjects/bench-{number}/versions",
                               json={"schema": schema(number)})

    print(f"{'operation':<34}{'clients':>8}{'req/s':>10}{'vs GET /':>10}")
    for clients in (1, 16):
        baseline = await measure(url, liveness, clients, seconds)
        print(f"{'GET / (baseline)':<34}{clients:>8}{baseline:>10.0f}{1.0:>10.2f}")
        for name, request in (("GET /schemas/ids/{id}", by_id),
                              ("POST /subjects/{s}/versions (new)", register)):
            rate = await measure(url, request, clients, seconds)
            print(f"{name:<34}{clients:>8}{rate:>10.0f}{rate / baseline:>10.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"cores: {cores}; server workers: {args.workers}; clients in this process; "
          "SQLite WAL, synchronous=FULL")
    with tempfile.TemporaryDirectory() as folder:
        process, url = start(Path(folder) / "bench.db", args.workers)
        try:
            asyncio.run(run(url, args.seconds))
        finally:
            process.terminate()  # SIGTERM: a multi-worker supervisor stops its workers too
            process.wait()


if __name__ == "__main__":
    main()
