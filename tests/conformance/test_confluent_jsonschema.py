"""Confluent's own JSON Schema diff cases: the exact changes and the verdict of every case.

Reads ``<project root>/../shared/corpus/confluent/json-schema`` and skips, saying why, when
it is absent.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from schemalint.formats.jsonschema import ENGINE, diff, is_compatible

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "confluent" / \
    "json-schema"
FILES = (
    "diff-schema-examples.json",
    "diff-schema-examples-2020-12.json",
    "diff-combined-schema-examples.json",
    "diff-combined-schema-examples-2020-12.json",
)
EXPECTED_CASES = 263


def _load(name: str) -> list[dict[str, Any]]:
    # The 2020-12 file has trailing commas, which Java's org.json tolerates.
    text = re.sub(r",(\s*[}\]])", r"\1", (CORPUS / name).read_text(encoding="utf-8"))
    cases: list[dict[str, Any]] = json.loads(text)
    return cases


def _cases() -> list[Any]:
    if not CORPUS.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(
            reason=f"Confluent corpus not found at {CORPUS}"), id="corpus-absent")]
    params = []
    for name in FILES:
        for index, case in enumerate(_load(name)):
            params.append(pytest.param(case, id=f"{name}[{index}] {case['description']}"))
    return params


def test_the_corpus_has_every_case() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"Confluent corpus not found at {CORPUS}")
    assert sum(len(_load(name)) for name in FILES) == EXPECTED_CASES


@pytest.mark.parametrize("case", _cases())
def test_confluent_case(case: dict[str, Any]) -> None:
    original = ENGINE.parse(json.dumps(case["original_schema"]))
    update = ENGINE.parse(json.dumps(case["update_schema"]))
    strict = diff(original, update)
    assert Counter(str(item) for item in strict) == Counter(case["changes"])
    assert is_compatible(strict) is case["compatible"]
    expected_lenient = case.get("compatible_lenient", case["compatible"])
    assert is_compatible(diff(original, update, "LENIENT"), "LENIENT") is expected_lenient


def test_recursive_schema_against_itself_has_no_difference() -> None:
    path = CORPUS / "recursive-schema.json"
    if not path.exists():
        pytest.skip(f"Confluent corpus not found at {CORPUS}")
    text = path.read_text(encoding="utf-8")
    assert diff(ENGINE.parse(text), ENGINE.parse(text)) == []
