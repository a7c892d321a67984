"""``schemalint check`` on a large repository, and the pre-commit hook's cold start.

(a) ``check --all`` over SUBJECTS subjects with VERSIONS versions each at FULL_TRANSITIVE:
    the git reading and the checking timed separately (from the checker's own timings).
(b) the pre-commit case: one changed file in that repository, a cold process each run,
    against ``python -c pass`` and ``check-jsonschema`` on one file, in the same run.
(c) the hook through pre-commit.
(d) the hook's cold start when the one changed file is a ``.proto`` (protoc and the protobuf
    runtime load only then: (b) shows the Avro run does not import them).

    python benchmarks/check_repo.py [--subjects 1000] [--versions 10] [--runs 10]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from repo_generator import GIT_ENV, generate, schema

from schemalint.config import load_config
from schemalint.model import Finding
from schemalint.pipeline.check import CheckRequest, run_check
from schemalint.report import REPORTERS, ReportContext


def write_sorted_report(path: Path, findings: list[Finding], checked: int) -> None:
    """The JSON report with its findings sorted, to compare one run's with another's."""
    document = json.loads(REPORTERS["json"](findings, ReportContext(checked=checked)))
    document["findings"].sort(key=lambda finding: json.dumps(finding, sort_keys=True))
    path.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")


def timed(command: list[str], cwd: Path, runs: int) -> float:
    return timed_together({"": command}, cwd, runs)[""]


def timed_together(commands: dict[str, list[str]], cwd: Path, runs: int) -> dict[str, float]:
    """Median wall time of each command, their runs interleaved so load hits all alike."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            started = time.perf_counter()
            subprocess.run(command, cwd=cwd, capture_output=True, check=False)
            samples[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in samples.items()}


BIG_IMPORTS = ("typer", "rich", "jsonschema", "httpx", "grpc_tools._protoc_compiler",
               "google.protobuf.descriptor_pb2")


def print_big_imports(hook: list[str], repo: Path, runs: int) -> None:
    """What each big library costs to import alone, and whether the hook imports it."""
    traced = subprocess.run(hook, cwd=repo, capture_output=True, text=True, check=False,
                            env={**os.environ, "PYTHONPROFILEIMPORTTIME": "1"})
    imported = {line.rsplit("|", 1)[-1].strip() for line in traced.stderr.splitlines()}
    print("    the big imports, each alone in a fresh interpreter (median):")
    for module in BIG_IMPORTS:
        code = ("import time; started = time.perf_counter(); import " + module
                + "; print(time.perf_counter() - started)")
        samples = [float(subprocess.run([sys.executable, "-c", code], capture_output=True,
                                        text=True, check=True).stdout) for _ in range(runs)]
        print(f"      {module:30s} {statistics.median(samples) * 1000:5.0f} ms, imported by the "
              f"hook: {'yes' if module in imported else 'no'}")


def install_as_pre_commit_does(venv: Path) -> Path:
    """A virtualenv with schemalint installed from a built wheel (not editable), as
    pre-commit installs a hook; its dependencies are this interpreter's own."""
    # Built from a copy: setuptools leaves a build/ folder beside the sources it builds.
    project = venv.parent / "source"
    shutil.copytree(Path(__file__).parents[1], project, ignore=shutil.ignore_patterns(
        ".venv", ".git", "build", "__pycache__", "*.egg-info"))
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    wheels = venv / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels),
                    str(project)], check=True, capture_output=True)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(venv),
                                                     "platbase": str(venv)}))
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"),
                    "install", "-q", "--no-deps", *map(str, wheels.glob("*.whl"))],
                   check=True, capture_output=True)
    return venv


PROTO = 'syntax = "proto3";\npackage bench;\n\n// An order was placed.\nmessage OrderPlaced {\n'


def print_proto_change(repo: Path, commands: dict[str, list[str]], runs: int) -> None:
    """(d): the Avro change undone, one compatible .proto change instead."""
    subprocess.run(["git", "checkout", "-q", "HEAD", "--", "schemas"], cwd=repo, check=True,
                   env=GIT_ENV)
    proto = repo / "schemas" / "orders-proto" / "value.proto"
    proto.parent.mkdir(parents=True)
    proto.write_text(PROTO + "  // The order.\n  string order_id = 1;\n}\n")
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=GIT_ENV)
    subprocess.run(["git", "commit", "-q", "-m", "a proto"], cwd=repo, check=True, env=GIT_ENV)
    proto.write_text(PROTO + "  // The order.\n  string order_id = 1;\n"
                     "  // What the customer asked for.\n  string note = 2;\n}\n")
    hook = commands["schemalint check"]
    result = subprocess.run(hook, cwd=repo, capture_output=True, text=True, check=False)
    assert "in 1 schema" in result.stdout, result
    medians = timed_together({"python -c pass": commands["python -c pass"],
                              "schemalint check (.proto)": hook}, repo, runs)
    print(f"(d) pre-commit, one changed .proto, cold start (median of {runs}):")
    for name, seconds in medians.items():
        print(f"    {name:26s} {seconds * 1000:7.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subjects", type=int, default=1000)
    parser.add_argument("--versions", type=int, default=10)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--output", type=Path,
                        help="write (a)'s findings here as the JSON report, findings sorted")
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
        # As the command asks: no subject state kept, so in two processes on two cores.
        outcome = run_check(config, CheckRequest(all=True, keep_subjects=False))
        total = time.perf_counter() - started
        if args.output is not None:
            write_sorted_report(args.output, outcome.findings, outcome.checked)
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
        hook = install_as_pre_commit_does(workdir / "hook-env") / "bin" / "schemalint"
        editable = Path(python).parent / "schemalint"
        commands = {"python -c pass": [python, "-c", "pass"],
                    "schemalint check": [str(hook), "check"],
                    "  (editable dev install)": [str(editable), "check"]}
        check_jsonschema = shutil.which("check-jsonschema", path=str(Path(python).parent))
        if check_jsonschema:
            meta = workdir / "schema.json"
            meta.write_text(json.dumps({"$schema": "http://json-schema.org/draft-07/schema#",
                                        "type": "object"}))
            commands["check-jsonschema"] = [check_jsonschema, "--check-metaschema", str(meta)]
        result = subprocess.run(commands["schemalint check"], cwd=repo, capture_output=True,
                                text=True, check=False)
        assert result.returncode == 0 and "in 1 schema" in result.stdout, result
        medians = timed_together(commands, repo, args.runs)
        print(f"(b) pre-commit, one changed file, cold start (median of {args.runs}, "
              "interleaved):")
        for name, seconds in medians.items():
            print(f"    {name:26s} {seconds * 1000:7.0f} ms")
        if check_jsonschema:
            ratio = medians["schemalint check"] / medians["check-jsonschema"]
            print(f"    schemalint / check-jsonschema = {ratio:.2f} (target <= 0.5)")
        else:
            print("    check-jsonschema not installed: pip install check-jsonschema")
        print_big_imports(commands["schemalint check"], repo, args.runs)
        pre_commit = shutil.which("pre-commit", path=str(Path(python).parent))
        if pre_commit:
            (repo / ".pre-commit-config.yaml").write_text(
                "repos:\n- repo: local\n  hooks:\n  - id: schemalint\n    name: schemalint\n"
                f"    entry: {hook} check\n    language: system\n"
                "    always_run: true\n    pass_filenames: false\n    require_serial: true\n")
            subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=GIT_ENV)
            through = timed([pre_commit, "run", "schemalint"], repo, args.runs)
            print(f"(c) the hook through pre-commit (one staged schema): {through * 1000:.0f} ms "
                  f"(pre-commit's own overhead included)")
            (repo / ".pre-commit-config.yaml").unlink()
        print_proto_change(repo, commands, args.runs)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
