"""``schemalint check`` on a large repository, and the pre-commit hook's cold start.

(a) ``check --all`` over SUBJECTS subjects with VERSIONS versions each at FULL_TRANSITIVE:
    the git reading and the checking timed separately (from the checker's own timings).
(b) the pre-commit case: one changed file in that repository, a cold process each run,
    against ``python -c pass`` and ``check-jsonschema`` on one file, in the same run.

    python benchmarks/check_repo.py [--subjects 1000] [--versions 10] [--runs 10]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from repo_generator import GIT_ENV, generate, schema

from schemalint.commands.check import CheckRequest, run_check
from schemalint.config import load_config


def timed(command: list[str], cwd: Path, runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, cwd=cwd, capture_output=True, check=False)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subjects", type=int, default=1000)
    parser.add_argument("--versions", type=int, default=10)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="schemalint-bench-"))
    try:
        repo = workdir / "repo"
        started = time.perf_counter()
        generate(repo, args.subjects, args.versions)
        print(f"generated {args.subjects} subjects x {args.versions} versions "
              f"in {time.perf_counter() - started:.1f}s")

        config = load_config(repo)
        started = time.perf_counter()
        outcome = run_check(config, CheckRequest(all=True))
        total = time.perf_counter() - started
        errors = [f for f in outcome.findings if f.severity.value == "error"]
        assert not errors, errors[:3]
        checks = outcome.checked * (args.versions - 1) * 2
        print(f"(a) check --all, FULL_TRANSITIVE: {total:.2f}s total; "
              f"git {outcome.timings['git']:.2f}s, checking {outcome.timings['check']:.2f}s "
              f"({outcome.checked} subjects, {checks} reader/writer checks and the default "
              f"lint rules; {len(outcome.findings)} lint warnings)")

        changed = repo / "schemas" / "topic-7" / "value.avsc"
        changed.write_text(json.dumps(schema(7, args.versions + 1), indent=2))
        python = sys.executable
        schemalint = [python, "-m", "schemalint", "check"]
        baseline = timed([python, "-c", "pass"], repo, args.runs)
        ours = timed(schemalint, repo, args.runs)
        print(f"(b) pre-commit, one changed file, cold start (median of {args.runs}):")
        print(f"    python -c pass        {baseline * 1000:7.0f} ms")
        print(f"    schemalint check      {ours * 1000:7.0f} ms")
        check_jsonschema = shutil.which("check-jsonschema", path=str(Path(python).parent))
        if check_jsonschema:
            meta = workdir / "schema.json"
            meta.write_text(json.dumps({"$schema": "http://json-schema.org/draft-07/schema#",
                                        "type": "object"}))
            theirs = timed([check_jsonschema, "--check-metaschema", str(meta)], repo, args.runs)
            print(f"    check-jsonschema      {theirs * 1000:7.0f} ms")
            print(f"    schemalint / check-jsonschema = {ours / theirs:.2f} (target <= 0.5)")
        else:
            print("    check-jsonschema not installed: pip install check-jsonschema")
        pre_commit = shutil.which("pre-commit", path=str(Path(python).parent))
        if pre_commit:
            (repo / ".pre-commit-config.yaml").write_text(
                "repos:\n- repo: local\n  hooks:\n  - id: schemalint\n    name: schemalint\n"
                f"    entry: {python} -m schemalint check\n    language: system\n"
                "    always_run: true\n    pass_filenames: false\n    require_serial: true\n")
            subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=GIT_ENV)
            hook = timed([pre_commit, "run", "schemalint"], repo, args.runs)
            print(f"(c) the hook through pre-commit (one staged schema): {hook * 1000:.0f} ms "
                  f"(pre-commit's own overhead included)")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
