"""``schemalint catalog`` on the benchmark repository, against ``check --all`` in the same run.

SUBJECTS subjects with VERSIONS versions each (benchmarks/repo_generator.py): the catalogue
runs the check (lint included) once, diffs each pair of consecutive versions once and renders
a page per subject. Each command is a fresh process, the runs interleaved so that load hits
both alike; the ratio is what CI pays for publishing the catalogue on each merge. The CPU
time (user and system, the forked process's included) is given beside the wall time: on a
shared machine it moves far less with the others' load.

``--compare CHECKOUT`` also times the catalogue of another checkout (its sources first on
``PYTHONPATH``, this interpreter and its libraries), in the same interleaved runs: before
and after a change, as ratios load cannot skew; and says whether both wrote the same files.

    python benchmarks/catalog.py [--subjects 1000] [--versions 10] [--runs 3]
        [--compare OTHER_CHECKOUT]
"""

from __future__ import annotations

import argparse
import filecmp
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from hook_cold_start import medians
from repo_generator import generate

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subjects", type=int, default=1000)
    parser.add_argument("--versions", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--compare", type=Path, metavar="CHECKOUT",
                        help="also time the catalogue of another checkout (before and after)")
    args = parser.parse_args()
    schemalint = str(Path(sys.executable).parent / "schemalint")
    with tempfile.TemporaryDirectory() as folder:
        repo = Path(folder) / "repo"
        out = Path(folder) / "catalog"
        generate(repo, args.subjects, args.versions)
        commands = {
            "check --all": [schemalint, "check", "--all", "--format", "concise"],
            "catalog": [schemalint, "catalog", "--out", str(out)],
        }
        other = f"catalog ({args.compare.name})" if args.compare else ""
        if args.compare:
            # Both started alike, each checkout's sources first on the path.
            commands["catalog"] = _catalog_from(ROOT, out)
            commands[other] = _catalog_from(args.compare.resolve(), Path(folder) / "compared")
        wall, cpu = medians({name: (command, repo) for name, command in commands.items()},
                            args.runs)
        pages = sum(1 for _ in (out / "subjects").iterdir())
        same = _same_files(out, Path(folder) / "compared") if args.compare else False
    print(f"{args.subjects} subjects x {args.versions} versions, median of {args.runs} runs:")
    for name, seconds in wall.items():
        print(f"    {name:24s} {seconds:7.2f} s  (CPU {cpu[name]:6.2f} s)")
    for name in ("catalog", *([other] if args.compare else [])):
        print(f"    {name} / check --all: {wall[name] / wall['check --all']:.2f}x "
              f"(CPU {cpu[name] / cpu['check --all']:.2f}x)")
    print(f"    {pages} subject pages")
    if args.compare:
        print(f"    this checkout / {args.compare.name}: {wall['catalog'] / wall[other]:.2f} "
              f"(CPU {cpu['catalog'] / cpu[other]:.2f}); the same files: "
              f"{'yes' if same else 'NO'}")


def _catalog_from(checkout: Path, out: Path) -> list[str]:
    return ["env", f"PYTHONPATH={checkout}", sys.executable, "-m", "schemalint", "catalog",
            "--out", str(out)]


def _same_files(one: Path, other: Path) -> bool:
    """Whether two folders hold the same files with the same bytes."""
    comparison = filecmp.dircmp(one, other)
    if comparison.left_only or comparison.right_only or comparison.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(one, other, comparison.common_files, shallow=False)
    return not mismatch and not errors and all(
        _same_files(one / name, other / name) for name in comparison.common_dirs)


if __name__ == "__main__":
    main()
