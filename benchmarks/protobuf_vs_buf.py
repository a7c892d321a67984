"""schemalint's Protobuf check beside ``buf breaking``, on the same changes, with timings.

Changes: the minimal pairs of ``tests/fixtures/protobuf/differences.txt`` (one or more per
Confluent difference type) and, when ``../shared/corpus`` is present, Confluent's own diff
cases (those whose imports buf can see: not ``confluent/*``).

For each change the table shows schemalint's verdict (Confluent's BACKWARD rule: can a
consumer on the new schema read data written with the old one) with the incompatible
Confluent difference types, and buf's verdict under its ``WIRE`` and ``WIRE_JSON`` breaking
categories with the rules that fired; then where they differ and why.

Why they differ, in short: buf's WIRE category asks "can either side decode the other's
binary data", and WIRE_JSON adds "and its JSON form"; both guard every message of a file and
want deleted field and enum numbers reserved. Confluent's rule is a one-way check of what a
registry must refuse for one subject: it lets fields and enum constants go without
reservation, ignores JSON names, refuses to move fields into a oneof, refuses a package change
(the record name changes), refuses a removed message (records name their message by index),
and compares labels only where both versions write one.

Timing (baseline: buf, measured in the same run): schemalint in-process (compile both files
with protoc in-process, diff) and as a command (``schemalint compat NEW OLD``, a process per
check, like ``buf breaking``).

Needs ``buf`` (``pip install buf-bin``). Run: ``.venv/bin/python benchmarks/protobuf_vs_buf.py``
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from schemalint.formats.protobuf import ENGINE, ProtoContext

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "confluent" / "protobuf"
CATEGORIES = ("WIRE", "WIRE_JSON")

# Why a buf rule fires where Confluent's rule does not, or the reverse.
BUF_ONLY = {
    "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED":
        "buf wants a deleted field's number reserved; Confluent lets fields go",
    "FIELD_NO_DELETE_UNLESS_NAME_RESERVED":
        "buf (JSON) wants a deleted field's name reserved; Confluent ignores JSON",
    "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED":
        "buf wants a deleted enum number reserved; Confluent lets constants go",
    "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED":
        "buf (JSON) wants a deleted enum name reserved; Confluent ignores JSON",
    "ENUM_VALUE_SAME_NAME": "buf (JSON) refuses renaming an enum constant; Confluent allows it",
    "FIELD_SAME_JSON_NAME": "buf (JSON) refuses a rename that changes the JSON name",
    "FIELD_SAME_NAME": "buf (JSON) refuses renaming a field; Confluent allows it",
    "FIELD_WIRE_COMPATIBLE_TYPE":
        "buf compares a field's type by full name and an enum as its own type, so int32 to "
        "enum, a message type moved to another package and a changed proto2 group all "
        "count; Confluent groups enums with integers, compares message types by name within "
        "their package and never reads groups",
    "FIELD_WIRE_JSON_COMPATIBLE_TYPE":
        "buf (JSON) refuses a type change whose JSON form differs (int32 vs int64, which JSON "
        "writes as a string; enum names vs numbers; message type by full name)",
    "FIELD_WIRE_COMPATIBLE_CARDINALITY":
        "buf refuses a cardinality change Confluent does not compare (a label written on one "
        "side only, or string/bytes to repeated)",
    "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY":
        "buf (JSON) refuses a cardinality change Confluent does not compare",
    "FIELD_SAME_ONEOF": "buf refuses moving a field into or out of a oneof",
    "MESSAGE_SAME_REQUIRED_FIELDS": "buf refuses changing required fields",
    "ENUM_VALUE_NO_DELETE": "buf refuses deleting an enum constant",
}
CONFLUENT_ONLY = {
    "PACKAGE_CHANGED": "Confluent refuses a package change (the record name changes); buf "
                       "compares files by path and sees only new declarations",
    "MESSAGE_REMOVED": "Confluent refuses a removed message (records name their message by "
                       "index); buf's WIRE categories allow deleting messages",
    "MULTIPLE_FIELDS_MOVED_TO_ONEOF": "Confluent refuses making fields exclusive",
    "FIELD_MOVED_TO_EXISTING_ONEOF": "Confluent refuses making fields exclusive",
    "ONEOF_FIELD_REMOVED": "Confluent refuses dropping a member of a surviving oneof",
    "REQUIRED_FIELD_ADDED": "Confluent refuses adding a required field",
    "REQUIRED_FIELD_REMOVED": "Confluent refuses removing a required field",
    "FIELD_NAMED_TYPE_CHANGED": "Confluent refuses a field changing its message type",
    "FIELD_KIND_CHANGED": "Confluent refuses scalar/message/map swaps",
    "FIELD_SCALAR_KIND_CHANGED": "Confluent refuses moving between wire groups",
    "FIELD_NUMERIC_LABEL_CHANGED": "Confluent refuses optional→repeated on numbers",
}


@dataclass
class Change:
    name: str
    old: str
    new: str
    old_files: dict[str, str] = field(default_factory=dict)
    new_files: dict[str, str] = field(default_factory=dict)


@dataclass
class Row:
    change: Change
    schemalint: list[str]
    buf: dict[str, list[str]]
    seconds: float
    buf_seconds: dict[str, float]


def _pairs() -> list[Change]:
    # The test suite's authored pairs, read by the suite's own reader.
    sys.path.insert(0, str(ROOT / "tests" / "formats" / "protobuf"))
    from protobuf_pairs import load_pairs

    return [Change(pair.name, pair.old, pair.new) for pair in load_pairs()]


def _corpus() -> list[Change]:
    path = CORPUS / "diff-schema-examples.json"
    if not path.is_file():
        return []
    changes = []
    for index, case in enumerate(json.loads(path.read_text(encoding="utf-8"))):
        dependencies = case.get("original_dependencies", []) + case.get(
            "update_dependencies", [])
        if any("dependency" not in item for item in dependencies):
            continue
        original = {item["name"]: item["dependency"]
                    for item in case.get("original_dependencies", [])}
        update = {item["name"]: item["dependency"]
                  for item in case.get("update_dependencies", [])}
        old, new = case["original_schema"], case["update_schema"]
        if old.endswith(".proto") and "\n" not in old:
            old = (CORPUS / old.rsplit("/", 1)[-1]).read_text(encoding="utf-8")
            new = (CORPUS / new.rsplit("/", 1)[-1]).read_text(encoding="utf-8")
        changes.append(Change(f"corpus[{index}] {case['description']}", old, new, original,
                              update))
    return changes


def _schemalint(change: Change) -> tuple[list[str], float]:
    started = time.perf_counter()
    old = ENGINE.parse(change.old, path="m.proto",
                       resolver=ProtoContext(root=ROOT, include=(), files=change.old_files))
    new = ENGINE.parse(change.new, path="m.proto",
                       resolver=ProtoContext(root=ROOT, include=(), files=change.new_files))
    found = sorted({item.code for item in ENGINE.incompatibilities(new, old)})
    return found, time.perf_counter() - started


def _module(folder: Path, text: str, files: dict[str, str], category: str) -> None:
    folder.mkdir(parents=True)
    (folder / "buf.yaml").write_text(f"version: v2\nbreaking:\n  use:\n    - {category}\n")
    (folder / "m.proto").write_text(text)
    for name, content in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content)


def _buf(buf: str, change: Change, category: str) -> tuple[list[str], float]:
    with tempfile.TemporaryDirectory(prefix="schemalint-buf-") as scratch:
        base = Path(scratch)
        _module(base / "old", change.old, change.old_files, category)
        _module(base / "new", change.new, change.new_files, category)
        started = time.perf_counter()
        run = subprocess.run([buf, "breaking", "new", "--against", "old", "--error-format",
                              "json"], cwd=base, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
    if run.returncode not in (0, 100):
        return [f"error: {run.stderr.strip().splitlines()[-1] if run.stderr else run.returncode}"
                ], seconds
    rules = sorted({json.loads(line)["type"] for line in run.stdout.splitlines() if line})
    return rules, seconds


def _cli_seconds(change: Change, repeats: int) -> float:
    times = []
    with tempfile.TemporaryDirectory(prefix="schemalint-cli-") as scratch:
        base = Path(scratch)
        (base / "old.proto").write_text(change.old)
        (base / "new.proto").write_text(change.new)
        for _ in range(repeats):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "schemalint", "compat", "new.proto",
                            "old.proto", "--type", "protobuf", "--format", "json"],
                           cwd=base, capture_output=True, check=False)
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def _compile_modes(text: str, repeats: int = 20) -> tuple[float, float]:
    """Median seconds to compile one file in-process (as the engine does) and as a process."""
    in_process = []
    for _ in range(repeats):
        started = time.perf_counter()
        ENGINE.parse(text, path="m.proto", resolver=ProtoContext(root=ROOT, include=()))
        in_process.append(time.perf_counter() - started)
    as_process = []
    with tempfile.TemporaryDirectory(prefix="schemalint-protoc-") as scratch:
        (Path(scratch) / "m.proto").write_text(text)
        for _ in range(max(3, repeats // 4)):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "grpc_tools.protoc", "-I.",
                            "--include_imports", "--include_source_info",
                            "--descriptor_set_out=out.pb", "m.proto"], cwd=scratch,
                           capture_output=True, check=False)
            as_process.append(time.perf_counter() - started)
    return statistics.median(in_process), statistics.median(as_process)


def _cell(found: list[str]) -> str:
    return f"breaking: {', '.join(found)}" if found else "ok"


def _why(row: Row, category: str) -> str:
    ours = set(row.schemalint)
    theirs = set(row.buf[category])
    if bool(ours) == bool(theirs):
        return ""
    reasons = [BUF_ONLY.get(rule, f"buf rule {rule}") for rule in sorted(theirs)] if theirs \
        else [CONFLUENT_ONLY.get(kind, kind) for kind in sorted(ours)]
    return "; ".join(dict.fromkeys(reasons))


def main() -> int:
    buf = shutil.which("buf") or str(Path(sys.executable).parent / "buf")
    if not Path(buf).exists():
        print("buf not found: pip install buf-bin", file=sys.stderr)
        return 2
    changes = _pairs() + _corpus()
    rows = []
    for change in changes:
        found, seconds = _schemalint(change)
        results = {category: _buf(buf, change, category) for category in CATEGORIES}
        rows.append(Row(change, found, {c: r[0] for c, r in results.items()}, seconds,
                        {c: r[1] for c, r in results.items()}))

    table = [("change", "schemalint (Confluent BACKWARD)", "buf WIRE", "buf WIRE_JSON")]
    for row in rows:
        table.append((row.change.name[:60], _cell(row.schemalint), _cell(row.buf["WIRE"]),
                      _cell(row.buf["WIRE_JSON"])))
    widths = [max(len(line[column]) for line in table) for column in range(3)]
    for line in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=False))
              + "  " + line[3])

    print("\nWhere the verdicts differ, and why:")
    for category in CATEGORIES:
        agree = sum(1 for row in rows if bool(row.schemalint) == bool(row.buf[category]))
        print(f"\n  {category}: agree on {agree} of {len(rows)} changes")
        for row in rows:
            reason = _why(row, category)
            if reason:
                side = "only buf says breaking" if row.buf[category] else \
                    "only Confluent says breaking"
                print(f"  - {row.change.name}: {side}: {reason}")

    ours_total = sum(row.seconds for row in rows)
    print("\nTime for all changes (both files compiled, then compared):")
    print(f"  schemalint in-process: {ours_total * 1000:8.1f} ms "
          f"({statistics.median(row.seconds for row in rows) * 1000:.2f} ms per change)")
    for category in CATEGORIES:
        total = sum(row.buf_seconds[category] for row in rows)
        print(f"  buf breaking {category:<9}: {total * 1000:8.1f} ms "
              f"({statistics.median(row.buf_seconds[category] for row in rows) * 1000:.2f} "
              f"ms per change); schemalint in-process is {total / ours_total:.0f}x faster")
    single, subprocess_protoc = _compile_modes(rows[0].change.new)
    print(f"  compiling one file: protoc in-process {single * 1000:.2f} ms, protoc as a "
          f"subprocess (python -m grpc_tools.protoc) {subprocess_protoc * 1000:.0f} ms "
          f"({subprocess_protoc / single:.0f}x)")
    sample = rows[: min(5, len(rows))]
    cli = statistics.median(_cli_seconds(row.change, 3) for row in sample)
    buf_median = statistics.median(row.buf_seconds["WIRE"] for row in rows)
    print(f"  one process per change (median of {len(sample)} changes): schemalint compat "
          f"{cli * 1000:.0f} ms, buf breaking {buf_median * 1000:.0f} ms "
          f"(ratio {cli / buf_median:.2f}x buf's time)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
