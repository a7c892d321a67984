"""The schema view (``Schema.view``) the rules read, on large inputs.

For each input, a fresh process parses the schemas, then builds each one's view as the rules
read it (``view.elements`` and ``view.roots``). Each row shows the seconds spent reading
(parsing excluded), the resident memory the reading added, and the process's peak resident
memory, of the fastest of ``--repeat`` processes.

Inputs: ``avro`` and ``json``, one generated schema of ``--fields`` documented fields (the
50 MB of ``large_schema.py`` at the default 635,000); ``mozilla``, every JSON Schema of a
mozilla-pipeline-schemas ``generated-schemas`` checkout (``--mozilla``, default /tmp/mps), each
read and then let go, as a check reads one subject after another.

Run: .venv/bin/python benchmarks/schema_view.py [--fields 635000] [--mozilla /tmp/mps]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from large_schema import avro, json_schema

from schemalint.model import Schema


def _rss_mib() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _schemas(kind: str, fields: int, mozilla: Path) -> Iterator[tuple[str, str]]:
    if kind == "avro":
        yield "AVRO", avro(fields, added=False)
    elif kind == "json":
        yield "JSON", json_schema(fields, added=False)
    else:
        for path in sorted(mozilla.rglob("*.schema.json")):
            yield "JSON", path.read_text(encoding="utf-8")


def _read(schema: Schema) -> int:
    """The readings the rules ask for; returns how many fields they hold."""
    view = schema.view
    found, roots = view.elements, view.roots
    return len(found) + sum(len(record.fields) for root in roots for record in root.walk())


def worker(kind: str, fields: int, mozilla: Path) -> dict[str, float]:
    from schemalint.api import parse_schema

    texts = list(_schemas(kind, fields, mozilla))
    seconds = added = 0.0
    count = 0
    for schema_type, text in texts:
        schema = parse_schema(text, schema_type)
        before = _rss_mib()
        started = time.perf_counter()
        count += _read(schema)
        seconds += time.perf_counter() - started
        added = max(added, _rss_mib() - before)
        del schema
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"schemas": len(texts), "fields": count, "seconds": seconds, "added_mib": added,
            "peak_mib": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fields", type=int, default=635_000)
    parser.add_argument("--mozilla", type=Path, default=Path("/tmp/mps"))
    parser.add_argument("--inputs", default="avro,json,mozilla")
    parser.add_argument("--repeat", type=int, default=3,
                        help="processes per row; the fastest is shown (the machine is shared)")
    parser.add_argument("--worker", metavar="INPUT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.fields, args.mozilla)))
        return
    print(f"{'input':8} {'schemas':>7} {'fields':>9} {'seconds':>8} "
          f"{'added MiB':>9} {'peak MiB':>9}")
    for kind in args.inputs.split(","):
        if kind == "mozilla" and not args.mozilla.is_dir():
            print(f"{kind:8} skipped: no checkout at {args.mozilla}")
            continue
        rows = [json.loads(subprocess.run(
            [sys.executable, __file__, "--fields", str(args.fields), "--mozilla",
             str(args.mozilla), "--worker", kind],
            check=True, capture_output=True, text=True).stdout)
            for _ in range(args.repeat)]
        row = min(rows, key=lambda found: found["seconds"])
        print(f"{kind:8} {row['schemas']:>7} {row['fields']:>9} {row['seconds']:>8.2f} "
              f"{row['added_mib']:>9.1f} {row['peak_mib']:>9.1f}")


if __name__ == "__main__":
    main()
