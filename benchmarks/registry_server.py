"""Requests per second of the embedded registry on loopback.

Measures ``GET /schemas/ids/{id}`` and registrations of new schemas with 1 and 16 concurrent
clients, against the baseline of the same server's liveness route ``GET /`` (the HTTP stack
with no registry work), measured in the same run.

``--heavy`` measures instead how long a second client waits for a lookup while a heavy request
(a compatibility check of a ~7 MB Avro schema, sent by curl from another process) runs, and
what handing one request's work to a worker thread or to a worker process costs (the
registry runs its requests on threads). Run:

    .venv/bin/python benchmarks/registry_server.py [--seconds 3] [--workers 1] [--heavy]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import anyio.to_thread
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


HEAVY_FIELDS = 55_000  # a record of ~7 MB, under the 8 MiB body limit


def big_record(fields: int) -> str:
    return json.dumps({"type": "record", "name": "Big", "namespace": "bench",
                       "fields": [{"name": f"field_number_{i}", "type": ["null", "string"],
                                   "default": None, "doc": "x" * 40} for i in range(fields)]})


def lookups_during_heavy(url: str, folder: Path, rounds: int) -> None:
    """The second client's lookup latency while heavy compatibility checks run."""
    with httpx.Client(base_url=url, timeout=120) as http:
        http.post("/subjects/big/versions", json={"schema": big_record(HEAVY_FIELDS)})
        small = http.post("/subjects/small/versions", json={"schema": '"string"'}).json()["id"]
        body = folder / "heavy.json"
        body.write_text(json.dumps({"schema": big_record(HEAVY_FIELDS + 1)}))
        waits: list[float] = []
        heavy_seconds: list[float] = []
        for _ in range(rounds):
            started = time.perf_counter()
            heavy = subprocess.Popen(
                ["curl", "-s", "-o", os.devnull, "-X", "POST", "-H",
                 "Content-Type: application/json", "--data-binary", f"@{body}",
                 f"{url}/compatibility/subjects/big/versions/latest"])
            while heavy.poll() is None:
                sent = time.perf_counter()
                http.get(f"/schemas/ids/{small}")
                waits.append(time.perf_counter() - sent)
            heavy_seconds.append(time.perf_counter() - started)
    waits.sort()
    print(f"heavy compatibility check: {statistics.median(heavy_seconds):.2f} s (median of "
          f"{rounds}); lookups meanwhile: {len(waits)}, median {statistics.median(waits) * 1e3:.1f}"
          f" ms, p99 {waits[int(len(waits) * 0.99)] * 1e3:.0f} ms, max {waits[-1] * 1e3:.0f} ms")


def _length(text: str) -> int:
    return len(text)


async def dispatch_cost(repeats: int) -> None:
    """What handing one request's work to a thread or to a process costs, per request."""
    small = json.dumps({"schema": schema(1)})
    heavy = json.dumps({"schema": big_record(HEAVY_FIELDS)})
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor(1) as pool:
        await loop.run_in_executor(pool, _length, "")
        for name, payload, count in (("small body", small, repeats),
                                     ("7 MB body", heavy, max(1, repeats // 20))):
            started = time.perf_counter()
            for _ in range(count):
                await anyio.to_thread.run_sync(_length, payload)
            on_thread = (time.perf_counter() - started) / count
            started = time.perf_counter()
            for _ in range(count):
                await loop.run_in_executor(pool, _length, payload)
            on_process = (time.perf_counter() - started) / count
            print(f"dispatch of a {name}: thread {on_thread * 1e3:.3f} ms, "
                  f"process {on_process * 1e3:.3f} ms per request")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--heavy", action="store_true",
                        help="lookup latency during a heavy request, and dispatch costs")
    parser.add_argument("--rounds", type=int, default=3, help="heavy requests (--heavy)")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"cores: {cores}; server workers: {args.workers}; clients in this process; "
          "SQLite WAL, synchronous=FULL")
    with tempfile.TemporaryDirectory() as folder:
        process, url = start(Path(folder) / "bench.db", args.workers)
        try:
            if args.heavy:
                lookups_during_heavy(url, Path(folder), args.rounds)
                asyncio.run(dispatch_cost(400))
            else:
                asyncio.run(run(url, args.seconds))
        finally:
            process.terminate()  # SIGTERM: a multi-worker supervisor stops its workers too
            process.wait()


if __name__ == "__main__":
    main()
