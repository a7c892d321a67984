"""The pre-commit hook's cold start on a one-file change, beside ``buf breaking`` and
``check-jsonschema``, in one run.

schemalint is installed as pre-commit installs a hook: a fresh virtualenv, a regular
(non-editable) ``pip install`` of a copy of this checkout with its dependencies. The hook is
run as pre-commit runs it: the entry and arguments of the ``schemalint`` hook in
``.pre-commit-hooks.yaml``, in a git repository of some subjects of each kind where one file
is changed and staged:

- Avro: a documented field added to one ``value.avsc``;
- JSON Schema: a documented property added to one ``value.schema.json``;
- Protobuf: a documented field added to one ``value.proto``.

Beside it, in the same run and interleaved with it: ``buf breaking --against .git#branch=main``
on the Protobuf change (the same repository), ``check-jsonschema --check-metaschema`` on the
changed JSON Schema (the check-jsonschema project's own pre-commit hook), and
``python -c pass`` in the hook's virtualenv (the floor any Python hook pays). Each figure is
the median of ``--runs`` cold processes; ratios are against buf's median. Beside each wall
time, the median CPU time: on a loaded machine it shows what a change saved when the wall
times are mostly waiting (buf's CPU time sums its threads, so it is no measure against buf).

Needs PyPI (the installs; pip's cache serves later runs) and ``buf``: ``--buf PATH``, a
``buf`` on PATH, or else ``npm install @bufbuild/buf`` into the work folder (its native
binary, not the Node.js script that wraps it).

    python benchmarks/hook_cold_start.py [--runs 21] [--subjects 10] [--buf PATH] [--imports]
        [--compare OTHER_CHECKOUT]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
GIT_ENV = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
# Targets: schemalint's hook at most this many times buf's time.
TARGETS = {"avro": 1.0, "json": 1.0, "protobuf": 1.5}


def avro(topic: str, extra: bool) -> str:
    fields = [{"name": "id", "type": "string", "doc": "The identifier."},
              {"name": "amount", "type": "long", "doc": "The amount in cents."}]
    if extra:
        fields.append({"name": "note", "type": ["null", "string"], "default": None,
                       "doc": "What the customer asked for."})
    return json.dumps({"type": "record", "name": topic.title().replace("-", "") + "Happened",
                       "namespace": "com.acme.bench", "doc": "Something happened.",
                       "fields": fields}, indent=2) + "\n"


def json_schema(topic: str, extra: bool) -> str:
    properties: dict[str, object] = {
        "id": {"type": "string", "description": "The identifier."},
        "amount": {"type": "integer", "description": "The amount in cents."},
    }
    if extra:
        properties["note"] = {"type": "string", "description": "What the customer asked for."}
    return json.dumps({"$schema": "http://json-schema.org/draft-07/schema#",
                       "title": topic.title().replace("-", "") + "Happened",
                       "description": "Something happened.", "type": "object",
                       "properties": properties, "required": ["id"],
                       "additionalProperties": False}, indent=2) + "\n"


def protobuf(topic: str, extra: bool) -> str:
    name = topic.title().replace("-", "") + "Happened"
    note = "  // What the customer asked for.\n  string note = 3;\n" if extra else ""
    return (f'syntax = "proto3";\npackage acme.{topic.replace("-", "_")};\n\n'
            f"// Something happened.\nmessage {name} {{\n  // The identifier.\n"
            f"  string id = 1;\n  // The amount in cents.\n  int64 amount = 2;\n{note}}}\n")


KINDS = {"avro": ("value.avsc", avro), "json": ("value.schema.json", json_schema),
         "protobuf": ("value.proto", protobuf)}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, env=GIT_ENV, capture_output=True)


def make_repository(repo: Path, kind: str, subjects: int) -> Path:
    """A repository on branch main of ``subjects`` subjects of ``kind``, committed, with one
    file changed and staged; the changed file."""
    file_name, write = KINDS[kind]
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    for index in range(subjects):
        topic = f"topic-{index}"
        path = repo / "schemas" / topic / file_name
        path.parent.mkdir(parents=True)
        path.write_text(write(topic, extra=False))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "schemas")
    changed = repo / "schemas" / "topic-0" / file_name
    changed.write_text(write("topic-0", extra=True))
    git(repo, "add", "-A")
    return changed


def make_venv(venv: Path, *requirements: str) -> Path:
    """A fresh virtualenv with ``requirements`` pip-installed as pre-commit installs a hook."""
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q",
                    "--disable-pip-version-check", *requirements], check=True,
                   capture_output=True)
    return venv / "bin"


def install_schemalint(checkout: Path, workdir: Path) -> Path:
    """The hook's virtualenv: ``pip install`` of a copy of ``checkout`` (the copy keeps the
    build's leftovers out of the sources), as pre-commit does with a hook repository."""
    source = workdir / "source"
    shutil.copytree(checkout, source, ignore=shutil.ignore_patterns(
        ".venv", ".git", "build", "__pycache__", "*.egg-info", ".mypy_cache", ".ruff_cache",
        ".pytest_cache"))
    return make_venv(workdir / "hook-env", str(source))


def find_buf(workdir: Path, given: Path | None) -> Path:
    if given is not None:
        return given
    on_path = shutil.which("buf")
    if on_path:
        return Path(on_path)
    folder = workdir / "buf"
    folder.mkdir()
    subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix",
                    str(folder), "@bufbuild/buf"], check=True, capture_output=True)
    # The platform's own binary: the package's bin/buf is a Node.js script that starts it,
    # Node's start-up added to every run.
    binaries = sorted((folder / "node_modules" / "@bufbuild").glob("buf-*/bin/buf"))
    if not binaries:
        raise SystemExit("npm installed no buf binary for this platform: pass --buf PATH")
    return binaries[0]


def hook_command(checkout: Path, bin_folder: Path, hook_id: str = "schemalint") -> list[str]:
    """The hook's command line as pre-commit builds it from ``.pre-commit-hooks.yaml``: its
    entry, its arguments (it takes no file names: ``pass_filenames: false``)."""
    hooks = yaml.safe_load((checkout / ".pre-commit-hooks.yaml").read_text())
    hook = next(hook for hook in hooks if hook["id"] == hook_id)
    assert hook.get("pass_filenames") is False, hook
    executable, *args = shlex.split(hook["entry"])
    return [str(bin_folder / executable), *args, *hook.get("args", [])]


def medians(commands: dict[str, tuple[list[str], Path]],
            runs: int) -> tuple[dict[str, float], dict[str, float]]:
    """Median wall time of each command, the runs interleaved so the machine's load falls on
    all alike; and the median CPU time (user and system, of the command and what it starts),
    which other work on a shared machine disturbs far less than the wall time."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (command, cwd) in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run(command, cwd=cwd, capture_output=True, check=False)
            samples[name].append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[name].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return ({name: statistics.median(values) for name, values in samples.items()},
            {name: statistics.median(values) for name, values in cpu.items()})


def expect(command: list[str], cwd: Path, code: int, needle: str) -> None:
    """A run that says what it is measured saying: a benchmark of a failing command
    measures nothing."""
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == code and needle in output, (command, result.returncode, output)


def print_imports(command: list[str], cwd: Path) -> None:
    """The modules the hook imports that cost the most (``python -X importtime``), own
    time summed per top-level package."""
    traced = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False,
                            env={**os.environ, "PYTHONPROFILEIMPORTTIME": "1"})
    per_package: dict[str, int] = {}
    for line in traced.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, _, name = (part.strip() for part in line[len("import time:"):].split("|"))
        package = name.split(".")[0]
        per_package[package] = per_package.get(package, 0) + int(own)
    top = sorted(per_package.items(), key=lambda item: -item[1])[:12]
    print("    imports by package (own time, one run): " + ", ".join(
        f"{name} {micros / 1000:.0f} ms" for name, micros in top))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--subjects", type=int, default=10, help="subjects of each kind")
    parser.add_argument("--buf", type=Path, help="the buf binary (default: PATH, else npm)")
    parser.add_argument("--imports", action="store_true",
                        help="also show what the hook's imports cost, per package")
    parser.add_argument("--compare", type=Path, metavar="CHECKOUT",
                        help="also time the hook of another checkout (before and after)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="schemalint-hook-bench-"))
    try:
        started = time.perf_counter()
        hook_bin = install_schemalint(ROOT, workdir / "this")
        hooks = {"": hook_command(ROOT, hook_bin)}
        if args.compare is not None:
            hooks[f", {args.compare.name}"] = hook_command(
                args.compare, install_schemalint(args.compare.resolve(), workdir / "compare"))
        check_jsonschema = make_venv(workdir / "check-jsonschema-env",
                                     "check-jsonschema") / "check-jsonschema"
        buf = find_buf(workdir, args.buf)
        print(f"installed in {time.perf_counter() - started:.0f}s; "
              f"{subprocess.run([str(buf), '--version'], capture_output=True, text=True, check=True).stdout.strip()}"  # noqa: E501
              f" buf, median of {args.runs} cold runs each, interleaved")
        hook = hooks[""]
        repos = {kind: workdir / kind for kind in KINDS}
        changed = {kind: make_repository(repos[kind], kind, args.subjects) for kind in KINDS}
        commands: dict[str, tuple[list[str], Path]] = {
            "python -c pass": ([str(hook_bin / "python"), "-c", "pass"], repos["avro"]),
            "buf breaking (protobuf)": ([str(buf), "breaking", "--against", ".git#branch=main"],
                                        repos["protobuf"]),
            "check-jsonschema (json)": ([str(check_jsonschema), "--check-metaschema",
                                         str(changed["json"])], repos["json"]),
        }
        for kind in KINDS:
            for label, command in hooks.items():
                expect(command, repos[kind], 0, "in 1 schema")
                commands[f"schemalint hook ({kind}{label})"] = (command, repos[kind])
        expect(commands["buf breaking (protobuf)"][0], repos["protobuf"], 0, "")
        expect(commands["check-jsonschema (json)"][0], repos["json"], 0, "ok")
        timed, cpu = medians(commands, args.runs)
        buf_time = timed["buf breaking (protobuf)"]
        print(f"hook: {shlex.join(hook[:1])} {shlex.join(hook[1:])}".replace(str(hook_bin) + "/",
                                                                           ""))
        for name, seconds in timed.items():
            print(f"    {name:28s} {seconds * 1000:6.0f} ms  {seconds / buf_time:5.2f}x buf"
                  f"  (CPU {cpu[name] * 1000:4.0f} ms)")
        for kind, target in TARGETS.items():
            ratio = timed[f"schemalint hook ({kind})"] / buf_time
            print(f"    {kind:9s} hook / buf = {ratio:.2f} (target <= {target:.1f}): "
                  f"{'met' if ratio <= target else 'NOT met'}")
            if args.compare is not None:
                other = f"schemalint hook ({kind}, {args.compare.name})"
                this = f"schemalint hook ({kind})"
                print(f"    {kind:9s} this checkout / {args.compare.name} = "
                      f"{timed[this] / timed[other]:.2f} (CPU time: {cpu[this] / cpu[other]:.2f})")
        if args.imports:
            for kind in KINDS:
                print(f"  {kind}:")
                print_imports(hook, repos[kind])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
