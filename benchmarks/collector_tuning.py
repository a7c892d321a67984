"""Whether the collector tuning (``schemalint.allocation``) still pays for itself.

``compat NEW OLD --level FULL`` on a generated Avro record of ``--fields`` documented fields
(250,000 make about 19 MB) and the same record with one optional field more, run as a fresh
process, once as shipped and once with the tuning switched off (no raised threshold, no
paused or frozen collections), interleaved. Each row gives the median wall time and peak
memory over ``--runs``; the last line the ratio, off over on.

    python benchmarks/collector_tuning.py [--fields 250000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Runs the command line as its console entry point does, the tuning replaced by no-ops first
# when asked (the modules that use it import it by name, after this).
RUNNER = """
import contextlib, sys
if sys.argv[1] == "off":
    import schemalint.allocation as allocation
    allocation.tune_for_one_command = lambda: None
    allocation.skip_collection_at_exit = lambda: None
    allocation.paused_gc = contextlib.nullcontext
sys.argv = ["schemalint", *sys.argv[2:]]
from schemalint.cli.entry import main
main()
"""


def write_pair(folder: Path, count: int) -> tuple[Path, Path]:
    fields = [{"name": f"f{index}", "type": "long", "doc": f"Field number {index}, in cents."}
              for index in range(count)]
    old = {"type": "record", "name": "Big", "namespace": "com.acme", "fields": fields}
    new = {**old, "fields": [*fields, {"name": "extra", "type": ["null", "string"],
                                       "default": None}]}
    old_path, new_path = folder / "old.avsc", folder / "new.avsc"
    old_path.write_text(json.dumps(old))
    new_path.write_text(json.dumps(new))
    return new_path, old_path


def timed(mode: str, new: Path, old: Path) -> tuple[float, float]:
    """Wall seconds and the process's own peak resident memory in MB."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-c", RUNNER, mode, "compat", str(new),
                                    str(old), "--level", "FULL", "--format", "concise"],
                                   stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        errors.seek(0)
        assert os.waitstatus_to_exitcode(status) == 0, errors.read().decode()
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fields", type=int, default=250_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="schemalint-gc-") as folder:
        new, old = write_pair(Path(folder), args.fields)
        size = new.stat().st_size / 1e6
        samples: dict[str, list[tuple[float, float]]] = {"on": [], "off": []}
        for _ in range(args.runs):
            for mode in samples:
                samples[mode].append(timed(mode, new, old))
    print(f"compat --level FULL, Avro record of {args.fields:,} fields ({size:.0f} MB), "
          f"median of {args.runs}")
    medians = {}
    for mode, values in samples.items():
        medians[mode] = statistics.median(seconds for seconds, _ in values)
        print(f"    tuning {mode:3s}  {medians[mode]:6.2f} s  "
              f"{max(memory for _, memory in values):7.0f} MB peak")
    print(f"    off / on = {medians['off'] / medians['on']:.2f}")


if __name__ == "__main__":
    main()
