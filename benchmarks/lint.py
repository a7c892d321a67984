"""Lint of a generated 1,000-subject repository, and the start-up cost the rules add.

Figures are printed as ratios against baselines measured in the same run:
- lint time per schema (of schemas the format engines parsed, each lint reading its schema's
  view afresh, as a check does) against the time to read the same schema from text (strict
  JSON reading plus building a ``Schema``), and against the format engines' ``parse_schema``,
  which every run pays anyway;
- the import cost of the lint engine, and a first lint of one schema (which loads the verb
  lexicon), against a bare interpreter that imports ``schemalint.model``.

Run: .venv/bin/python benchmarks/lint.py [--subjects 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from typing import Any

from schemalint.api import parse_schema
from schemalint.lint.engine import lint_project, lint_schema
from schemalint.lint.rule_model import LintEntry
from schemalint.lint.settings import LintSettings
from schemalint.model import Schema, SchemaType
from schemalint.sourcemap import SourceMap, loads

NOUNS = ["Order", "Payment", "Customer", "Invoice", "Shipment", "Refund", "Cart", "Ticket",
         "Account", "Booking", "Product", "Subscription", "Coupon", "Review", "Parcel"]
FACTS = ["Placed", "Created", "Updated", "Cancelled", "Shipped", "Refunded", "Expired",
         "Confirmed", "Rejected", "Delivered"]
COMMANDS = ["Create", "Cancel", "Ship", "Refund", "Send", "Reserve", "Approve"]


def _avro(index: int, rng: random.Random) -> str:
    noun = rng.choice(NOUNS)
    name = (f"{rng.choice(COMMANDS)}{noun}" if index % 10 == 0
            else f"{noun}{rng.choice(FACTS)}")
    fields: list[dict[str, Any]] = [
        {"name": "event_id", "type": {"type": "string", "logicalType": "uuid"}},
        {"name": "occurred_at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": f"{noun.lower()}_id", "type": "string"},
    ]
    for number in range(rng.randint(5, 15)):
        fields.append({"name": f"attribute_{number}", "type": ["null", "string"],
                       "default": None})
    fields.append({"name": "status", "type": {"type": "enum", "name": "Status",
                                              "symbols": ["OPEN", "DONE"]}})
    fields.append({"name": "address", "type": {"type": "record", "name": "Address", "fields": [
        {"name": "street", "type": "string"}, {"name": "city", "type": "string"}]}})
    return json.dumps({"type": "record", "name": name, "namespace": f"com.acme.s{index}",
                       "fields": fields}, indent=2)


def _json(index: int, rng: random.Random) -> str:
    noun = rng.choice(NOUNS)
    properties: dict[str, Any] = {
        "event_id": {"type": "string", "format": "uuid"},
        "occurred_at": {"type": "string", "format": "date-time"},
        f"{noun.lower()}_id": {"type": "string"},
    }
    for number in range(rng.randint(5, 15)):
        properties[f"attribute_{number}"] = {"type": "string"}
    properties["lines"] = {"type": "array", "items": {"type": "object", "properties": {
        "sku": {"type": "string"}, "qty": {"type": "integer"}}}}
    return json.dumps({"$schema": "http://json-schema.org/draft-07/schema#",
                       "title": f"{noun}{rng.choice(FACTS)}", "type": "object",
                       "properties": properties, "required": ["event_id"],
                       "additionalProperties": False}, indent=2)


def _plain(text: str, kind: SchemaType, path: str) -> Schema:
    return Schema(kind, text, path, loads(text), None, text, SourceMap(text))


def _parsed(files: list[tuple[str, SchemaType, str]]) -> list[Schema]:
    return [parse_schema(text, kind, path=path) for text, kind, path in files]


def _repository(count: int) -> list[tuple[str, SchemaType, str]]:
    rng = random.Random(7)
    files = []
    for index in range(count):
        if index % 3 == 2:
            files.append((_json(index, rng), SchemaType.JSON, f"schemas/t{index}/value.json"))
        else:
            files.append((_avro(index, rng), SchemaType.AVRO, f"schemas/t{index}/value.avsc"))
    return files


def _best(run: Any, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def _best_fresh(files: list[tuple[str, SchemaType, str]], run: Any, repeat: int = 3) -> float:
    """``run(schemas)`` on schemas parsed afresh for each repeat (parsing not timed): what
    the lint derives from a schema is then derived again, as in a run of the CLI."""
    times = []
    for _ in range(repeat):
        schemas = _parsed(files)
        start = time.perf_counter()
        run(schemas)
        times.append(time.perf_counter() - start)
    return min(times)


def _subprocess_ms(code: str, repeat: int = 9) -> float:
    # As installed: with bytecode caches (pip compiles on install), so allow writing them and
    # warm them once; the measured runs then load .pyc files.
    env = {key: value for key, value in os.environ.items()
           if key != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
        samples.append((time.perf_counter() - start) * 1000)
    # The minimum: the machine is shared, and noise only ever adds time.
    return min(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subjects", type=int, default=1000)
    args = parser.parse_args()
    files = _repository(args.subjects)
    schemas = _parsed(files)
    # Warm the lexicon so the loop measures rules, not the one-off load.
    lint_schema(schemas[0])

    parse_s = _best(lambda: [_plain(*item) for item in files])
    engine_s = _best(lambda: _parsed(files))
    default = LintSettings()
    strict = LintSettings(select=("ALL",))
    lint_default_s = _best_fresh(files, lambda fresh: [
        lint_schema(s, topic=s.path, settings=default) for s in fresh])
    lint_all_s = _best_fresh(files, lambda fresh: [
        lint_schema(s, topic=s.path, settings=strict) for s in fresh])
    project_s = _best_fresh(files, lambda fresh: lint_project(
        [LintEntry(s, subject=f"t{i}-value", topic=f"t{i}") for i, s in enumerate(fresh)],
        strict))
    findings = sum(len(lint_schema(s, settings=default)) for s in schemas)

    n = len(schemas)
    print(f"repository: {n} subjects ({sum(1 for f in files if f[1] is SchemaType.AVRO)} Avro, "
          f"{sum(1 for f in files if f[1] is SchemaType.JSON)} JSON Schema), "
          f"{findings} findings with the default rules")
    print(f"baseline  read+build one schema : {parse_s / n * 1e6:8.1f} us/schema")
    print(f"format engines' parse_schema    : {engine_s / n * 1e6:8.1f} us/schema; "
          f"default lint is {lint_default_s / engine_s:.2f}x of it")
    print(f"lint, default rules             : {lint_default_s / n * 1e6:8.1f} us/schema "
          f"({lint_default_s / parse_s:.2f}x the baseline)")
    print(f"lint, select = ['ALL']          : {lint_all_s / n * 1e6:8.1f} us/schema "
          f"({lint_all_s / parse_s:.2f}x the baseline)")
    print(f"project rules, {n} entries     : {project_s * 1000:8.1f} ms total "
          f"({project_s / parse_s:.2f}x the baseline for the whole repository)")

    base_ms = _subprocess_ms("import schemalint.model")
    engine_ms = _subprocess_ms("import schemalint.lint.engine")
    strip_ms = _subprocess_ms("from schemalint.lint import suppression")
    first_lint = (
        "from schemalint.api import parse_schema\n"
        "from schemalint.lint.engine import lint_schema\n"
        f"lint_schema(parse_schema({files[0][0]!r}, 'AVRO', path='a.avsc'))\n"
    )
    first_ms = _subprocess_ms(first_lint)
    print(f"cold start baseline (import schemalint.model): {base_ms:6.1f} ms")
    print(f"import schemalint.lint.engine             : {engine_ms:6.1f} ms "
          f"(+{engine_ms - base_ms:.1f} ms, {engine_ms / base_ms:.2f}x)")
    print(f"import schemalint.lint.suppression (engines): {strip_ms:6.1f} ms "
          f"(+{strip_ms - base_ms:.1f} ms, {strip_ms / base_ms:.2f}x)")
    print(f"import + parse + first lint (lexicon)       : {first_ms:6.1f} ms "
          f"(+{first_ms - base_ms:.1f} ms, {first_ms / base_ms:.2f}x)")


if __name__ == "__main__":
    main()
