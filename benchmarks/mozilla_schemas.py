"""``check --all`` over mozilla-pipeline-schemas' ``generated-schemas`` branch.

The branch holds 1,053 generated JSON Schemas (41 MB, the largest 1.3 MB) under
``schemas/<namespace>/<doctype>/<doctype>.<N>.schema.json``, each with a long history of
automatic commits. Four configurations, each written into the checkout as ``schemalint.toml``:

- ``init`` (the default): what ``schemalint init --force`` writes there. Its history shows the
  ``.N`` files edited in place, so each is a major version evolving in git, a subject of its
  own (``<namespace>.<doctype>.<N>-value``) whose versions are every version of its file along
  the branch (16,400 file versions, 15,000 distinct, 624 MB of text), read from git;
- ``folders``: ``roots = ["schemas"]`` with the default versioned layouts. A file named after
  its folder is a version of the folder's subject ``<namespace>.<doctype>-value`` (``.N`` its
  number): 1,053 files are 1,018 subjects, 35 files being older versions, and the versioned
  files are the history;
- ``per-file``: one ``[[subjects]]`` entry per file, named ``<namespace>.<doctype>.<N>``, so
  every file is a subject; its name still makes it a versioned file, its own history;
- ``history``: ``per-file`` with ``versioned = []``, so that no file is a versioned one and a
  subject's history is every version of its file along the branch, read from git, as in
  ``init``.

Either way every file is read and checked; the summary must say how many subjects.

Measured, each as a fresh process, with wall time, CPU time and peak resident memory (the
peak of the sum over the process and its children, sampled, as worker processes count):

- the baseline: ``python -c "import json; [json.load(open(p)) for p in files]"`` over the
  same files, in the same run;
- ``check-jsonschema --check-metaschema`` over the same files, when it is installed;
- ``schemalint check --all --format json`` with the default rules, against HEAD (in the
  ``init`` and ``history`` configurations every version of every file along the branch's
  history is read from git).

The run is bounded at 10 s and 500 MB on 2 cores. In ``init``, where each file is as its
newest version left it (the same git blob) and reads no other file, the file is that version
by its text alone: no older version is read at all, only the blob ids ``git log`` lists. The
two processes then spend the run on parsing and linting the current schemas, and the naming
verdicts go back with each lint entry, so the process that gathers them parses the other's
schemas again but builds no view of them. Measured at a890f24 (before) and after, on a
shared machine, the same JSON report (and the same with ``--select ALL``):

- ``farm-bench``, medians of three runs taken in turn at a load of about 9: before, 18.1 CPU
  s, 32.8 s; after, 5.5 CPU s (0.33 of it), 15.2 s (4.5 s the fastest), 192 MB in the
  largest process; this benchmark right after, at a load of 3.5 to 5: 6.2 to 7.6 CPU s,
  221 to 244 MB;
- ``--select ALL`` (CFG001 judges every version, so the whole history is still parsed):
  unchanged, 33 CPU s before and after.

Earlier, measured at 19c97f5 (a subject's history read as far as the keys of its versions,
decoded and digested, up to the first one equal to the file):

- this benchmark at a load of about 1: before, 20.7 s, 33.4 CPU s, 525 MB; after, 10.0 to
  11.3 s, 16.7 to 19.6 CPU s, 389 MB;
- ``farm-bench``, medians of three runs taken in turn under heavy load: before, 34.5 CPU s
  (260 MB in the largest process); after, 16.5 CPU s (0.48 of it; 201 MB);
- ``--select ALL`` (CFG001 then judges every version, so the whole history is parsed and
  compared), medians of two runs in turn: before, 30.6 s and 47.4 CPU s; after, 22.1 s and
  31.5 CPU s.

The checkout cannot be fetched here, so this is a benchmark, not a test:

    git clone --branch generated-schemas \\
        https://github.com/mozilla-services/mozilla-pipeline-schemas mps
    python benchmarks/mozilla_schemas.py mps [--mode init|folders|per-file|history|all] \\
        [--output findings.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

BOUND_SECONDS = 10.0
BOUND_MB = 500.0
CONFIG = "schemalint.toml"
MODES = ("init", "folders", "per-file", "history")


class Run(NamedTuple):
    seconds: float
    cpu: float  # user + system seconds: on a shared machine, what load does not inflate
    mb: float
    code: int


def measure(command: Sequence[str], cwd: Path, stdout: Path | None = None,
            stdin: Path | None = None) -> Run:
    """Wall time, CPU time and peak RSS of one fresh process and its children.

    ``wait4`` gives the CPU time of the process and the children it waited for, but only the
    largest one's peak memory: the peak of the sum is sampled from /proc instead.
    """
    out_path = stdout if stdout is not None else Path(os.devnull)
    in_path = stdin if stdin is not None else Path(os.devnull)
    with out_path.open("wb") as out, in_path.open("rb") as source:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdin=source, stdout=out,
                                   stderr=subprocess.DEVNULL, env={**os.environ, "NO_COLOR": "1"})
        sampler = _PeakSampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        sampler.stop()
    mb = max(usage.ru_maxrss / 1024, sampler.peak_kb / 1024)
    return Run(elapsed, usage.ru_utime + usage.ru_stime, mb, os.waitstatus_to_exitcode(status))


class _PeakSampler(threading.Thread):
    """The largest sum of resident memory over a process tree, sampled every 10 ms."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.01):
            self.peak_kb = max(self.peak_kb, sum(_rss_kb(pid) for pid in _tree(self.pid)))

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(pid: int) -> list[int]:
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text()
                pending.extend(int(child) for child in children.split())
        except OSError:
            continue
    return found


def _rss_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    line = next((line for line in status.splitlines() if line.startswith("VmRSS:")), None)
    return int(line.split()[1]) if line else 0


def schema_files(checkout: Path) -> list[str]:
    return sorted(path.relative_to(checkout).as_posix()
                  for path in (checkout / "schemas").rglob("*.schema.json"))


def write_config(checkout: Path, files: Sequence[str], mode: str) -> None:
    """``init``: what ``schemalint init`` writes; ``folders``: the roots alone;
    ``per-file``: one ``[[subjects]]`` entry per file, so every file is its own subject;
    ``history``: the same, with no file read as a versioned one, so git holds the versions."""
    if mode == "init":
        subprocess.run([sys.executable, "-m", "schemalint", "init", "--force"], cwd=checkout,
                       check=True, stdout=subprocess.DEVNULL)
        return
    lines = ["version = 1", 'roots = ["schemas"]', ""]
    if mode == "history":
        lines[2:2] = ["versioned = []"]
    if mode != "folders":
        for path in files:
            namespace = path.split("/")[1]
            stem = path.rsplit("/", 1)[-1].removesuffix(".schema.json")
            lines += ["[[subjects]]", f'subject = "{namespace}.{stem}"', f'file = "{path}"',
                      ""]
    (checkout / CONFIG).write_text("\n".join(lines))


def row(label: str, run: Run, baseline: Run | None, note: str = "") -> str:
    ratio = (f"{run.seconds / baseline.seconds:6.1f}x {run.mb / baseline.mb:5.1f}x"
             if baseline is not None else f"{'(baseline)':>13}")
    return (f"{label:34} {run.seconds:8.2f} {run.cpu:8.2f} {run.mb:8.0f} {run.code:4}  {ratio}"
            f"  {note}")


def expected_subjects(files: Sequence[str], mode: str) -> int:
    """Subjects the configuration makes of ``files``: in ``folders``, the files of one name
    but their ``.N`` in one folder are versions of one subject; elsewhere each file is one."""
    if mode != "folders":
        return len(files)
    return len({path.split(".", 1)[0] for path in files})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkout", type=Path,
                        help="a checkout of mozilla-pipeline-schemas' generated-schemas branch")
    parser.add_argument("--mode", choices=(*MODES, "all"), default="init",
                        help="the configuration: what init writes, roots only, one "
                             "[[subjects]] entry per file, the same with git history, or "
                             "each in turn")
    parser.add_argument("--output", type=Path,
                        help="write schemalint's JSON report here, findings sorted (with "
                             "--mode all, one file per mode, the mode before the suffix)")
    args = parser.parse_args()
    checkout = args.checkout.resolve()
    files = schema_files(checkout)
    if not files:
        sys.exit(f"{checkout}: no schemas/**/*.schema.json (not the generated-schemas branch?)")
    python = sys.executable
    size = sum((checkout / path).stat().st_size for path in files) / 1e6
    print(f"{len(files):,} schemas, {size:.0f} MB; bound {BOUND_SECONDS:.0f} s and "
          f"{BOUND_MB:.0f} MB; {os.cpu_count()} cores")
    header = (f"{'command':34} {'seconds':>8} {'cpu s':>8} {'MB':>8} {'exit':>4}  "
              f"{'× json.load':>13}")
    print(header)
    print("-" * len(header))
    modes = MODES if args.mode == "all" else (args.mode,)
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
        for mode in modes:
            output = args.output
            if output is not None and len(modes) > 1:
                output = output.with_name(f"{output.stem}.{mode}{output.suffix}")
            check(checkout, files, mode, baseline, Path(scratch) / f"{mode}.json", output)


def check(checkout: Path, files: Sequence[str], mode: str, baseline: Run, report: Path,
          output: Path | None) -> None:
    """``schemalint check --all`` in one configuration, measured and summarised."""
    write_config(checkout, files, mode)
    run = measure([sys.executable, "-m", "schemalint", "check", "--all", "--format", "json"],
                  checkout, stdout=report)
    document = json.loads(report.read_text())
    within = run.seconds <= BOUND_SECONDS and run.mb <= BOUND_MB and run.code in (0, 1)
    print(row(f"schemalint check --all ({mode})", run, baseline,
              "within" if within else "NOT within"))
    summary = document["summary"]
    print(f"  summary: {summary}")
    expected = expected_subjects(files, mode)
    if summary["checked"] != expected:
        print(f"  NOT every subject checked: {summary['checked']} of {expected}")
    codes = Counter(finding["code"] for finding in document["findings"])
    print("  findings by code: " + ", ".join(
        f"{code} {count}" for code, count in sorted(codes.items(), key=lambda c: (-c[1], c[0]))),
        flush=True)
    if output is not None:
        document["findings"].sort(key=lambda f: json.dumps(f, sort_keys=True))
        output.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
