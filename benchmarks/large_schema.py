"""A 50 MB schema through ``check``, ``compat``, ``diff`` and ``sync --dry-run``.

Issue 10 bounds valid but extreme input at 10 seconds and 1 GiB per command. For each format
this generates a schema of that size (an Avro record, a JSON Schema object with as many
documented fields, and a Protobuf file with as many commented fields: 38 MB, spread over
messages of 60,000 since protoc takes at most 65,535 fields in one), commits it in a fresh git
repository, adds a field in the work tree, and runs each command as a fresh process:

- ``check`` with the default lint, against the committed version;
- ``compat NEW OLD --level FULL``;
- ``diff`` of the work tree against the commit;
- ``sync --dry-run`` against the embedded registry on a loopback port (the plan only).

Each row shows wall time and peak resident memory, next to the bound and next to the
baseline measured in the same run: a fresh ``python -c "import json; json.load(open(F))"``
of the same file (for Protobuf, of the Avro file of the same scale, a .proto not being JSON).

Run: .venv/bin/python benchmarks/large_schema.py [--fields 635000] [--formats avro,json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).parent))

from registry_server import start

BOUND_SECONDS = 10.0
BOUND_MIB = 1024.0
DOC = "x" * 24
GIT_ENV = {"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.com",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


class Run(NamedTuple):
    seconds: float
    mib: float
    code: int


def measure(command: Sequence[str], cwd: Path) -> Run:
    """Wall time and peak RSS of one fresh process (``wait4`` gives the child's own)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL,
                               env={**os.environ, **GIT_ENV, "NO_COLOR": "1"})
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(elapsed, usage.ru_maxrss / 1024, process.returncode)


def avro(fields: int, added: bool) -> str:
    items = [{"name": f"field_{index}", "type": "string", "doc": DOC} for index in range(fields)]
    if added:
        items.append({"name": "added", "type": "string", "default": ""})
    return json.dumps({"type": "record", "name": "Big", "namespace": "com.acme", "fields": items})


def json_schema(fields: int, added: bool) -> str:
    properties = {f"field_{index}": {"type": "string", "description": DOC}
                  for index in range(fields)}
    if added:
        properties["added"] = {"type": "string"}
    return json.dumps({"$schema": "http://json-schema.org/draft-07/schema#", "title": "Big",
                       "type": "object", "properties": properties})


def _number(index: int) -> int:
    """Field numbers from 1, past the range Protobuf reserves for itself (19000-19999)."""
    return index + 1 if index + 1 < 19_000 else index + 1_001


# protoc takes at most 65,535 fields in one message: the fields are spread over parts, which
# the first message (the one the registry names the schema by) holds.
_PART = 60_000


def protobuf(fields: int, added: bool) -> str:
    parts = range(0, fields, _PART)
    lines = ['syntax = "proto3";', "package com.acme;", "", "// The whole event.",
             "message Big {"]
    lines += [f"  // Part {number}.\n  Part{number} part_{number} = {number + 1};"
              for number in range(len(parts))]
    if added:
        lines.append(f"  string added = {len(parts) + 1};")
    lines.append("}")
    for number, first in enumerate(parts):
        lines += ["", f"// Fields {first} onwards.", f"message Part{number} {{"]
        lines += [f"  // {DOC}\n  string field_{index} = {_number(index - first)};"
                  for index in range(first, min(first + _PART, fields))]
        lines.append("}")
    return "\n".join(lines) + "\n"


FORMATS = {"avro": (avro, "value.avsc"), "json": (json_schema, "value.schema.json"),
           "protobuf": (protobuf, "value.proto")}


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={**os.environ, **GIT_ENV})


def repository(root: Path, kind: str, fields: int) -> tuple[Path, Path]:
    """A repository whose schema is committed, then given one more field in the work tree;
    also both versions as plain files beside it, for ``compat``."""
    make, name = FORMATS[kind]
    root.mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    schema = root / "schemas" / "orders" / name
    schema.parent.mkdir(parents=True)
    old, new = make(fields, False), make(fields, True)
    schema.write_text(old)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "v1")
    schema.write_text(new)
    suffix = name.removeprefix("value")
    (root.parent / f"{kind}-old{suffix}").write_text(old)
    (root.parent / f"{kind}-new{suffix}").write_text(new)
    return root.parent / f"{kind}-new{suffix}", root.parent / f"{kind}-old{suffix}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fields", type=int, default=635_000)
    parser.add_argument("--formats", default="avro,json,protobuf")
    parser.add_argument("--commands", default="check,compat,diff,sync")
    args = parser.parse_args()
    python = sys.executable
    commands = args.commands.split(",")
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        server = url = None
        if "sync" in commands:
            server, url = start(base / "registry.db", 1)
        try:
            header = (f"{'format':9} {'command':14} {'seconds':>8} {'MiB':>7} {'exit':>4}  "
                      f"{'× json.load':>16}  within 10 s, 1 GiB")
            print(f"{args.fields:,} fields per schema; bound {BOUND_SECONDS:.0f} s and "
                  f"{BOUND_MIB:.0f} MiB per command")
            print(header)
            print("-" * len(header))
            avro_file: Path | None = None
            for kind in args.formats.split(","):
                root = base / kind / "repo"
                new, old = repository(root, kind, args.fields)
                if kind == "avro":
                    avro_file = new
                loaded = new if kind != "protobuf" else (avro_file or _avro_file(base, args))
                baseline = measure([python, "-c", "import json, sys; json.load(open(sys.argv[1]))",
                                    str(loaded)], root)
                size = new.stat().st_size / 1e6
                print(f"{kind:9} {'json.load':14} {baseline.seconds:8.2f} {baseline.mib:7.0f} "
                      f"{baseline.code:4}  {'(baseline)':>16}  ({size:.1f} MB file)")
                runs = {
                    "check": [python, "-m", "schemalint", "check"],
                    "compat": [python, "-m", "schemalint", "compat", str(new), str(old),
                               "--level", "FULL"],
                    "diff": [python, "-m", "schemalint", "diff"],
                    "sync": [python, "-m", "schemalint", "sync", "--registry", str(url),
                             "--dry-run"],
                }
                for command in commands:
                    run = measure(runs[command], root)
                    ratio = (f"{run.seconds / baseline.seconds:5.1f}× "
                             f"{run.mib / baseline.mib:4.1f}×")
                    within = run.seconds <= BOUND_SECONDS and run.mib <= BOUND_MIB \
                        and run.code in (0, 1)
                    label = command if command != "sync" else "sync --dry-run"
                    print(f"{kind:9} {label:14} {run.seconds:8.2f} {run.mib:7.0f} "
                          f"{run.code:4}  {ratio:>16}  {'yes' if within else 'NO'}",
                          flush=True)
        finally:
            if server is not None:
                server.terminate()
                server.wait()


def _avro_file(base: Path, args: argparse.Namespace) -> Path:
    path = base / "avro-baseline.avsc"
    path.write_text(avro(args.fields, True))
    return path


if __name__ == "__main__":
    main()
