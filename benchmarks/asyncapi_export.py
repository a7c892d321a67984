"""``schemalint asyncapi --out FILE`` against ``check --all`` on one large repository.

SUBJECTS subjects with VERSIONS versions each (``repo_generator``); each command a fresh
process, their runs interleaved so that load hits both alike; the median wall time of each
and their ratio.

    python benchmarks/asyncapi_export.py [--subjects 1000] [--versions 10] [--runs 3]
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
    schemalint = str(Path(sys.executable).with_name("schemalint"))
    with tempfile.TemporaryDirectory() as folder:
        repository = Path(folder) / "repo"
        generate(repository, args.subjects, args.versions)
        outs = {suffix: Path(folder) / f"asyncapi.{suffix}" for suffix in ("yaml", "json")}
        times = timed_together({
            "check --all": [schemalint, "check", "--all", "--exit-zero"],
            **{f"asyncapi .{suffix}": [schemalint, "asyncapi", "--out", str(out)]
               for suffix, out in outs.items()},
        }, repository, args.runs)
        sizes = {suffix: out.stat().st_size for suffix, out in outs.items()}
    print(f"{args.subjects} subjects, {args.versions} versions each; median of {args.runs}")
    for name, seconds in times.items():
        suffix = name.rpartition(".")[2]
        ratio = "" if suffix not in sizes else \
            f"  {seconds / times['check --all']:.2f} x check --all, {sizes[suffix] / 1e6:.1f} MB"
        print(f"{name:>14}: {seconds:6.2f} s{ratio}")


if __name__ == "__main__":
    main()
