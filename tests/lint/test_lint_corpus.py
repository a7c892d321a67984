"""Precision and recall of the naming and CDC rules on the labelled corpus in tests/data."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from lint_helpers import DATA, codes, lint, load, record

from schemalint.lint.engine import lint_schema
from schemalint.lint.settings import LintSettings

FLOOR = 0.95
NAMES = DATA / "naming_corpus.csv"
CDC = DATA / "cdc"


def _rows() -> list[dict[str, str]]:
    with NAMES.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _cdc_rows() -> list[dict[str, str]]:
    with (CDC / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _flags(row: dict[str, str], code: str) -> bool:
    if row["form"] == "topic":
        findings = lint({"type": "object", "properties": {}}, "json", topic=row["name"],
                        select=(code,))
    elif row["form"] == "title":
        findings = lint({"title": row["name"], "type": "object", "properties": {}}, "json",
                        select=(code,))
    else:
        findings = lint(record(row["name"]), select=(code,))
    return code in codes(findings)


def precision_recall(items: Iterable[tuple[bool, bool]]) -> tuple[float, float]:
    """From (predicted, actual) pairs."""
    pairs = list(items)
    tp = sum(1 for predicted, actual in pairs if predicted and actual)
    fp = sum(1 for predicted, actual in pairs if predicted and not actual)
    fn = sum(1 for predicted, actual in pairs if actual and not predicted)
    return tp / ((tp + fp) or 1), tp / ((tp + fn) or 1)


def test_corpus_has_300_sourced_names_in_the_labels_the_rules_use() -> None:
    rows = _rows()
    assert len(rows) >= 300
    assert {row["label"] for row in rows} == {"command", "event", "query", "reply", "noun"}
    assert all(row["source"].startswith(("github:", "https://")) for row in rows)
    assert all(row["form"] in ("record", "title", "topic") for row in rows)


@pytest.mark.parametrize(("code", "labels"), [
    ("EVT001", {"command"}),
    ("EVT002", {"query", "reply"}),
])
def test_naming_rules_reach_the_floor(code: str, labels: set[str]) -> None:
    precision, recall = precision_recall(
        (_flags(row, code), row["label"] in labels) for row in _rows())
    assert precision >= FLOOR, f"{code} precision {precision:.3f}"
    assert recall >= FLOOR, f"{code} recall {recall:.3f}"


def _cdc_flags(path: Path, code: str) -> bool:
    findings = lint_schema(load(path), settings=LintSettings(select=(code,)))
    return code in codes(findings)


def test_cdc_corpus_covers_every_format_in_avro_and_json_schema() -> None:
    rows = _cdc_rows()
    assert all((CDC / row["file"]).is_file() and row["source"] for row in rows)
    for label in ("CDC001", "CDC002", "domain"):
        suffixes = {Path(row["file"]).suffix for row in rows if row["label"] == label}
        assert suffixes == {".avsc", ".json"}, label


@pytest.mark.parametrize("code", ["CDC001", "CDC002"])
def test_cdc_rules_reach_the_floor(code: str) -> None:
    rows = _cdc_rows()
    precision, recall = precision_recall(
        (_cdc_flags(CDC / row["file"], code), row["label"] == code) for row in rows)
    assert precision >= FLOOR, f"{code} precision {precision:.3f}"
    assert recall >= FLOOR, f"{code} recall {recall:.3f}"


@pytest.mark.parametrize("row", _cdc_rows(), ids=lambda row: row["file"])
def test_each_cdc_corpus_schema_gets_its_label(row: dict[str, str]) -> None:
    findings = lint_schema(load(CDC / row["file"]),
                           settings=LintSettings(select=("CDC001", "CDC002")))
    expected = [] if row["label"] == "domain" else [row["label"]]
    assert codes(findings) == expected


def test_precision_recall_counts_pairs() -> None:
    measure: Callable[[Iterable[tuple[bool, bool]]], tuple[float, float]] = precision_recall
    assert measure([(True, True), (True, False), (False, True), (False, False)]) == (0.5, 0.5)
