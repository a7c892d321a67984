"""First sync and no-op re-sync of 1,000 subjects into the embedded registry on loopback.

Baseline: the first sync over one connection, one subject at a time, measured in the same
run. Compared with it: the first sync with bounded concurrency (8 subjects at a time over a
pool of 8 connections), and the no-op re-sync both ways. Also shown: requests per subject and
the writes a re-sync sends (must be 0). Run:

    .venv/bin/python benchmarks/sync.py [--subjects 1000] [--versions 2] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from registry_server import start
from repo_generator import generate

from schemalint.commands.sync import SyncOutcome, SyncRequest, run_sync
from schemalint.config import load_config
from schemalint.pipeline.check import CheckRequest, run_check
from schemalint.registry.client import RegistryClient
from schemalint.registry.target import Connection


def timed_sync(root: Path, url: str, concurrency: int) -> tuple[float, SyncOutcome]:
    config = load_config(root)
    connection = Connection(url)
    with RegistryClient(connection, max_connections=concurrency) as client:
        started = time.perf_counter()
        outcome = run_sync(config, SyncRequest(connection, concurrency=concurrency),
                           client=client)
        return time.perf_counter() - started, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subjects", type=int, default=1000)
    parser.add_argument("--versions", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "repo"
        generate(root, args.subjects, args.versions)
        (root / "schemalint.toml").write_text('compatibility = "BACKWARD"\n')
        started = time.perf_counter()
        run_check(load_config(root), CheckRequest(all=True))
        check_seconds = time.perf_counter() - started
        rows = []
        for concurrency in (1, args.concurrency):
            process, url = start(Path(folder) / f"registry-{concurrency}.db", 1)
            try:
                first, created = timed_sync(root, url, concurrency)
                again, noop = timed_sync(root, url, concurrency)
            finally:
                process.terminate()
                process.wait()
            versions = sum(1 for s in created.steps if s.action.value == "create")
            rows.append((concurrency, first, again, created, noop, versions))
        baseline = rows[0][1]
        print(f"{args.subjects} subjects x {args.versions} versions; schemalint check alone "
              f"(part of every sync): {check_seconds:.2f} s")
        print(f"baseline: first sync over one connection, one subject at a time: "
              f"{baseline:.2f} s")
        for concurrency, first, again, created, noop, versions in rows:
            print(f"  concurrency {concurrency}: first sync {first:.2f} s "
                  f"({first / baseline:.2f}x baseline, {versions} versions, "
                  f"{created.requests / args.subjects:.1f} requests/subject); "
                  f"no-op re-sync {again:.2f} s ({again / baseline:.2f}x baseline, "
                  f"{noop.writes} writes, {noop.requests / args.subjects:.1f} "
                  "requests/subject)")


if __name__ == "__main__":
    main()
