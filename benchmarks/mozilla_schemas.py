"""``check --all`` over mozilla-pipeline-schemas' ``generated-schemas`` branch.

The branch holds 1,053 generated JSON Schemas (125 MB, the largest 1.3 MB) under
``schemas/<namespace>/<doctype>/<doctype>.<N>.schema.json``, each with a long history of
automatic commits. Every file is made its own subject by a generated ``schemalint.toml``
(one ``[[subjects]]`` entry per file, named ``<namespace>.<doctype>.<N>``), written into the
checkout, so the run checks all of them; the summary must say so.

Measured, each as a fresh process, with wall time and peak resident memory:

- the baseline: ``python -c "import json; [json.load(open(p)) for p in files]"`` over the
  same files, in the same run;
- ``check-jsonschema --check-metaschema`` over the same files, when it is installed;
- ``schemalint check --all --format json`` with the default rules, against HEAD: every
  version of every file along the branch's history is read from git.

The run is bounded at 10 s and 500 MB on 2 cores. The checkout cannot be fetched here, so
this is a benchmark, not a test:

    git clone --branch generated-schemas \\
        https://github.com/mozilla-services/mozilla-pipeline-schemas mps
    python benchmarks/mozilla_schemas.py mps [--output findings.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

BOUND_SECONDS = 10.0
BOUND_MB = 500.0
CONFIG = "schemalint.toml"


class Run(NamedTuple):
    seconds: float
    cpu: float  # user + system seconds: on a shared machine, what load does not inflate
    mb: float
    code: int


def measure(command: Sequence[str], cwd: Path, stdout: Path | None = None,
            stdin: Path | None = None) -> Run:
    """Wall time, CPU time and peak RSS of one fresh process (``wait4`` gives the child's
    own)."""
    out_path = stdout if stdout is not None else Path(os.devnull)
    in_path = stdin if stdin is not None else Path(os.devnull)
    with out_path.open("wb") as out, in_path.open("rb") as source:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdin=source, stdout=out,
                                   stderr=subprocess.DEVNULL, env={**os.environ, "NO_COLOR": "1"})
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
    return Run(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
               os.waitstatus_to_exitcode(status))


def schema_files(checkout: Path) -> list[str]:
    return sorted(path.relative_to(checkout).as_posix()
                  for path in (checkout / "schemas").rglob("*.schema.json"))


def write_config(checkout: Path, files: Sequence[str]) -> None:
    """One ``[[subjects]]`` entry per file: every file is its own subject."""
    lines = ["version = 1", 'roots = ["schemas"]', ""]
    for path in files:
        namespace = path.split("/")[1]
        stem = path.rsplit("/", 1)[-1].removesuffix(".schema.json")
        lines += ["[[subjects]]", f'subject = "{namespace}.{stem}"', f'file = "{path}"', ""]
    (checkout / CONFIG).write_text("\n".join(lines))


def row(label: str, run: Run, baseline: Run | None, note: str = "") -> str:
    ratio = (f"{run.seconds / baseline.seconds:6.1f}x {run.mb / baseline.mb:5.1f}x"
             if baseline is not None else f"{'(baseline)':>13}")
    return (f"{label:34} {run.seconds:8.2f} {run.cpu:8.2f} {run.mb:8.0f} {run.code:4}  {ratio}"
            f"  {note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkout", type=Path,
                        help="a checkout of mozilla-pipeline-schemas' generated-schemas branch")
    parser.add_argument("--output", type=Path,
                        help="write schemalint's JSON report here, findings sorted")
    args = parser.parse_args()
    checkout = args.checkout.resolve()
    files = schema_files(checkout)
    if not files:
        sys.exit(f"{checkout}: no schemas/**/*.schema.json (not the generated-schemas branch?)")
    write_config(checkout, files)
    python = sys.executable
    size = sum((checkout / path).stat().st_size for path in files) / 1e6
    print(f"{len(files):,} schemas, {size:.0f} MB; bound {BOUND_SECONDS:.0f} s and "
          f"{BOUND_MB:.0f} MB; {os.cpu_count()} cores")
    header = (f"{'command':34} {'seconds':>8} {'cpu s':>8} {'MB':>8} {'exit':>4}  "
              f"{'× json.load':>13}")
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as scratch:
        listing = Path(scratch) / "files.txt"
        listing.write_text("\n".join(files) + "\n")
        baseline = measure([python, "-c", "import json, sys; "
                            "[json.load(open(p)) for p in sys.stdin.read().split()]"],
                           checkout, stdin=listing)
        print(row("json.load of every file", baseline, None), flush=True)
        check_jsonschema = shutil.which("check-jsonschema", path=str(Path(python).parent))
        if check_jsonschema:
            run = measure([check_jsonschema, "--check-metaschema", *files], checkout)
            print(row("check-jsonschema --check-metaschema", run, baseline), flush=True)
        report = Path(scratch) / "report.json"
        run = measure([python, "-m", "schemalint", "check", "--all", "--format", "json"],
                      checkout, stdout=report)
        document = json.loads(report.read_text())
    within = run.seconds <= BOUND_SECONDS and run.mb <= BOUND_MB and run.code in (0, 1)
    print(row("schemalint check --all", run, baseline, "within" if within else "NOT within"))
    summary = document["summary"]
    print(f"summary: {summary}")
    if summary["checked"] != len(files):
        print(f"NOT every schema checked: {summary['checked']} of {len(files)}")
    codes = Counter(finding["code"] for finding in document["findings"])
    print("findings by code: " + ", ".join(f"{code} {count}" for code, count
                                           in sorted(codes.items(), key=lambda c: (-c[1], c[0]))))
    if args.output is not None:
        document["findings"].sort(key=lambda f: json.dumps(f, sort_keys=True))
        args.output.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
