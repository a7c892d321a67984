"""Avro compatibility checks per second, parsing of both sides included.

schemalint (``ENGINE.parse`` twice + ``ENGINE.incompatibilities``) against the ``avro``
package (``avro.schema.parse`` twice + ``ReaderWriterCompatibilityChecker``) on the same
pairs, in one run, for records of 10, 50 and 200 fields. Every timed check runs on its own
pair (names differ from pair to pair), generated up front, so no cache can answer.
fastavro's ``parse_schema`` of one side is timed too, for scale.

    python benchmarks/avro_compat.py [--pairs 200] [--rounds 5]
"""

from __future__ import annotations

import argparse
import gc
import json
import time
from collections.abc import Callable
from typing import Any

import avro.schema
import fastavro
from avro.compatibility import ReaderWriterCompatibilityChecker

from schemalint.formats.avro import ENGINE


def _field_type(index: int, tag: int) -> Any:
    kind = index % 8
    if kind == 0:
        return ["null", "string"]
    if kind == 1:
        return "long"
    if kind == 2:
        return {"type": "array", "items": "int"}
    if kind == 3:
        return {"type": "map", "values": ["null", "double"]}
    if kind == 4:
        return {"type": "enum", "name": f"Kind{tag}x{index}", "symbols": ["A", "B", "C"]}
    if kind == 5:
        return {"type": "record", "name": f"Part{tag}x{index}", "fields": [
            {"name": "sku", "type": "string"}, {"name": "qty", "type": "int"}]}
    if kind == 6:
        return {"type": "long", "logicalType": "timestamp-millis"}
    return "string"


def _writer(fields: int, tag: int) -> dict[str, Any]:
    return {"type": "record", "name": f"Event{tag}", "namespace": "com.acme.bench",
            "fields": [{"name": f"field{tag}x{index}", "type": _field_type(index, tag),
                        "doc": f"Field {index}."} for index in range(fields)]}


def _reader(writer: dict[str, Any], tag: int) -> dict[str, Any]:
    """The next version: promotions, a new enum symbol, a new field with a default."""
    reader: dict[str, Any] = json.loads(json.dumps(writer))
    for field in reader["fields"]:
        kind = field["type"]
        if kind == "long":
            field["type"] = "double"
        elif isinstance(kind, dict) and kind["type"] == "enum":
            kind["symbols"].append("D")
        elif isinstance(kind, dict) and kind["type"] == "array":
            kind["items"] = "long"
    reader["fields"].append({"name": f"added{tag}", "type": ["null", "string"],
                             "default": None})
    return reader


def pairs(fields: int, count: int, start: int = 0) -> list[tuple[str, str]]:
    result = []
    for tag in range(start, start + count):
        writer = _writer(fields, tag)
        result.append((json.dumps(_reader(writer, tag), indent=2), json.dumps(writer, indent=2)))
    return result


def schemalint_check(reader: str, writer: str) -> bool:
    return not ENGINE.incompatibilities(ENGINE.parse(reader), ENGINE.parse(writer))


def avro_check(reader: str, writer: str) -> bool:
    checker = ReaderWriterCompatibilityChecker()  # type: ignore[no-untyped-call]
    result = checker.get_compatibility(
        avro.schema.parse(reader), avro.schema.parse(writer))
    return str(result.compatibility) == "SchemaCompatibilityType.compatible"


def fastavro_parse(reader: str, writer: str) -> bool:
    fastavro.parse_schema(json.loads(writer))
    return True


def timed(check: Callable[[str, str], bool], work: list[tuple[str, str]]) -> float:
    gc.collect()
    start = time.perf_counter()
    for reader, writer in work:
        check(reader, writer)
    return time.perf_counter() - start


CONTENDERS: dict[str, Callable[[str, str], bool]] = {
    "schemalint": schemalint_check, "avro": avro_check, "fastavro": fastavro_parse}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=200,
                        help="pairs per round at 10 fields (fewer for larger records)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"{'fields':>6} {'schemalint/s':>13} {'avro/s':>9} {'ratio':>7} "
          f"{'fastavro parse/s':>17}")
    for fields in (10, 50, 200):
        count = max(20, args.pairs * 10 // fields)
        best = dict.fromkeys(CONTENDERS, float("inf"))
        tag = 0
        # Rounds alternate the contenders so that both see the same machine load; every
        # round and every contender gets pairs of its own, so nothing is parsed twice.
        for _ in range(args.rounds):
            for name, check in CONTENDERS.items():
                work = pairs(fields, count, start=tag)
                tag += count
                assert schemalint_check(*work[0]) and avro_check(*work[0])
                best[name] = min(best[name], timed(check, work[1:]) / (count - 1))
        ours, theirs, fast = (1 / best[name] for name in CONTENDERS)
        print(f"{fields:>6} {ours:>13.0f} {theirs:>9.0f} {ours / theirs:>6.1f}x {fast:>17.0f}")


if __name__ == "__main__":
    main()
