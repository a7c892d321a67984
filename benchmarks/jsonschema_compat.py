"""JSON Schema compatibility checks per second, against a fixed baseline.

Each timed check parses both sides from text (strict JSON, meta-schema check, model) and runs
the BACKWARD check; every check gets a distinct pair, so nothing is reused between checks.

Workloads:
- ``corpus``: every case of Confluent's JSON Schema corpus (``../shared/corpus``), when present.
- ``200-property``: an object of 200 properties gaining one optional property.

Baseline: Karapace's checker did about 230 checks/s on the 200-property case on this kind of
machine (a fixed figure: Karapace is not on PyPI, so it cannot run here). Target: 5x.

Run: ``.venv/bin/python benchmarks/jsonschema_compat.py``
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time
from pathlib import Path

from schemalint.formats.jsonschema import ENGINE

KARAPACE_200_PROPERTY_CHECKS_PER_SECOND = 230.0
TARGET_RATIO = 5.0
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "confluent" / \
    "json-schema"


def _wide_object(salt: int, extra: bool) -> str:
    properties: dict[str, object] = {
        f"field_{salt}_{index}": {"type": "string", "description": f"Field {index}."}
        for index in range(200)
    }
    if extra:
        properties["added"] = {"type": "integer"}
    return json.dumps({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": f"Event{salt}",
        "type": "object",
        "properties": properties,
        "required": [f"field_{salt}_0"],
    }, indent=2)


def _check(old_text: str, new_text: str) -> int:
    old = ENGINE.parse(old_text)
    new = ENGINE.parse(new_text)
    return len(ENGINE.incompatibilities(new, old))


def _rate(pairs: list[tuple[str, str]]) -> float:
    started = time.perf_counter()
    for old_text, new_text in pairs:
        _check(old_text, new_text)
    return len(pairs) / (time.perf_counter() - started)


def _corpus_pairs() -> list[tuple[str, str]]:
    pairs = []
    for name in sorted(CORPUS.glob("diff-*.json")):
        text = re.sub(r",(\s*[}\]])", r"\1", name.read_text(encoding="utf-8"))
        for case in json.loads(text):
            pairs.append((json.dumps(case["original_schema"]), json.dumps(case["update_schema"])))
    return pairs


def _rounds(batches: list[list[tuple[str, str]]]) -> tuple[float, float]:
    """Median and best checks/s over rounds of distinct pairs (other load on the machine
    only ever slows a round down, so the best round is the least disturbed one)."""
    rates = sorted(_rate(batch) for batch in batches)
    return statistics.median(rates), rates[-1]


def main() -> int:
    rounds, per_round = 7, 150
    wide = [(_wide_object(salt, False), _wide_object(salt, True))
            for salt in range(rounds * per_round + 50)]
    _rate(wide[:50])  # warm-up: imports, caches of the meta-schema validators
    median, best = _rounds([wide[50 + r * per_round: 50 + (r + 1) * per_round]
                            for r in range(rounds)])
    baseline = KARAPACE_200_PROPERTY_CHECKS_PER_SECOND
    print(f"200-property object gaining one optional property: {median:,.0f} checks/s median, "
          f"{best:,.0f} best of {rounds} rounds (Karapace baseline {baseline:.0f}/s): "
          f"{median / baseline:.1f}x median, {best / baseline:.1f}x best "
          f"(target {TARGET_RATIO:.0f}x)")
    if CORPUS.is_dir():
        corpus = _corpus_pairs()
        # Distinct texts for every timed check: each round re-serialises with a new indent.
        batches = [[(json.dumps(json.loads(a), indent=r), json.dumps(json.loads(b), indent=r))
                    for a, b in corpus] for r in range(1, 7)]
        _rate(batches[0])
        corpus_median, corpus_best = _rounds(batches[1:])
        print(f"Confluent corpus ({len(corpus)} cases): {corpus_median:,.0f} checks/s median, "
              f"{corpus_best:,.0f} best: {corpus_median / baseline:.1f}x the baseline figure")
    else:
        print(f"Confluent corpus: skipped ({CORPUS} not found)")
    return 0 if median / baseline >= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
