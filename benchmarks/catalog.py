"""``schemalint catalog`` on the benchmark repository, against ``check --all`` in the same run.

SUBJECTS subjects with VERSIONS versions each (benchmarks/repo_generator.py): the catalogue
runs the check (lint included) once, diffs each pair of consecutive versions once and renders
a page per subject. Each command is a fresh process, the runs interleaved so that load hits
both alike; the ratio is what CI pays for publishing the catalogue on each merge.

    python benchmarks/catalog.py [--subjects 1000] [--versions 10] [--runs 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from check_repo import timed_together
from repo_generator import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subjects", type=int, default=1000)
    parser.add_argument("--versions", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    schemalint = str(Path(sys.executable).parent / "schemalint")
    with tempfile.TemporaryDirectory() as folder:
        repo = Path(folder) / "repo"
        generate(repo, args.subjects, args.versions)
        medians = timed_together({
            "check --all": [schemalint, "check", "--all", "--format", "concise"],
            "catalog": [schemalint, "catalog", "--out", str(Path(folder) / "catalog")],
        }, repo, args.runs)
        pages = sum(1 for _ in (Path(folder) / "catalog" / "subjects").iterdir())
    print(f"{args.subjects} subjects x {args.versions} versions, median of {args.runs} runs:")
    for name, seconds in medians.items():
        print(f"    {name:12s} {seconds:7.2f} s")
    print(f"    catalog / check --all: {medians['catalog'] / medians['check --all']:.2f}x "
          f"({pages} subject pages)")


if __name__ == "__main__":
    main()
