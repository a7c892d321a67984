"""Precision and recall of the naming and CDC rules on the labelled corpus in tests/data."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from lint_helpers import DATA, codes, lint, load, make_schema, record

from schemalint.lint.engine import lint_project, lint_schema
from schemalint.lint.rule_model import LintEntry
from schemalint.lint.settings import LintSettings

FLOOR = 0.95
# The tuning split: names the naming rules were written and corrected against.
NAMES = DATA / "naming_corpus.csv"
# The frozen test split: names from catalogues the tuning split does not use, labelled before
# the rules were run on them, reported on and never tuned to (tests/data/NAMING.md).
TEST_SPLIT = DATA / "naming_test_split.csv"
# Names as they occur in public repositories, with the schema beside them.
WILD = DATA / "naming_wild.csv"
WILD_FLOOR = 0.9
CDC = DATA / "cdc"
RULE_LABELS = {"EVT001": {"command"}, "EVT002": {"query", "reply"}}


def _rows(path: Path = NAMES) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _cdc_rows() -> list[dict[str, str]]:
    with (CDC / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _entry(row: dict[str, str], folder: str) -> LintEntry:
    """The row as a project's schema: a record, a titled JSON Schema, or a topic's."""
    if row["form"] == "topic":
        return LintEntry(make_schema({"type": "object", "properties": {}}, "json",
                                     f"schemas/{folder}/value.schema.json"), topic=row["name"])
    if row["form"] == "title":
        return LintEntry(make_schema({"title": row["name"], "type": "object", "properties": {}},
                                     "json", f"schemas/{folder}/value.schema.json"))
    return LintEntry(make_schema(record(row["name"]), path=f"schemas/{folder}/value.avsc"))


def _catalogue(source: str) -> str:
    """The catalogue a row comes from: its page, or its repository's folder."""
    if source.startswith("github:"):
        return source.split("@")[0].rsplit("/", 1)[0]
    return source.split("#")[0]


def _flagged_beside_catalogue(rows: list[dict[str, str]], code: str) -> set[int]:
    """The rows the project pass flags when each catalogue is linted as one project."""
    catalogues: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        catalogues.setdefault(_catalogue(row["source"]), []).append(index)
    flagged: set[int] = set()
    for members in catalogues.values():
        if len(members) < 2:
            continue
        entries = [_entry(rows[index], f"n{index}") for index in members]
        for finding in lint_project(entries, LintSettings(select=(code,))):
            if finding.code == code:
                flagged.add(int(finding.path.split("/")[1][1:]))
    return flagged


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


@pytest.mark.parametrize(("path", "size"), [(NAMES, 300), (TEST_SPLIT, 400)],
                         ids=["tuning", "test"])
def test_each_split_has_sourced_names_in_the_labels_the_rules_use(path: Path,
                                                                  size: int) -> None:
    rows = _rows(path)
    assert len(rows) >= size
    assert {row["label"] for row in rows} == {"command", "event", "query", "reply", "noun"}
    assert all(row["source"].startswith(("github:", "https://")) for row in rows)
    assert all(row["form"] in ("record", "title", "topic") for row in rows)


def test_the_test_split_shares_no_name_or_source_with_the_tuning_split() -> None:
    tuning, test = _rows(NAMES), _rows(TEST_SPLIT)
    assert not {row["name"] for row in tuning} & {row["name"] for row in test}
    assert not {row["source"] for row in tuning} & {row["source"] for row in test}


# (precision, recall) measured on the frozen test split (rounds 12 and 13) once, after the
# rules were final (tests/data/NAMING.md). The target is FLOOR on both splits; the test split
# is far from it, and these floors only keep the rules from falling further on names they
# were never tuned to.
TEST_SPLIT_FLOORS = {"EVT001": (0.88, 0.62), "EVT002": (0.97, 0.77)}
# The tuning split, rounds 1 to 11 (6,943 names): most of EVT001's misses are words that are
# as often nouns ("media.play", "view_item", "honk_horn"), most of EVT002's protocol
# conventions of one catalogue each.
TUNING_FLOORS = {"EVT001": (0.94, 0.86), "EVT002": (0.98, 0.92)}


@pytest.mark.parametrize("split", ["tuning", "test"])
@pytest.mark.parametrize("code", sorted(RULE_LABELS))
def test_naming_rules_precision_and_recall_on_each_split(code: str, split: str) -> None:
    path = NAMES if split == "tuning" else TEST_SPLIT
    rows = _rows(path)
    precision, recall = precision_recall(
        (_flags(row, code), row["label"] in RULE_LABELS[code]) for row in rows)
    report = f"{code} on the {split} split ({len(rows)} names): precision {precision:.3f}, " \
        f"recall {recall:.3f}"
    print(report)
    floors = TUNING_FLOORS[code] if split == "tuning" else TEST_SPLIT_FLOORS[code]
    assert precision >= floors[0] and recall >= floors[1], report


# The same, each catalogue linted as one project, so that names are read beside their
# siblings (EVT001's project pass); the test split's floor is what was measured once.
BESIDE_FLOORS = {"tuning": (0.94, 0.88), "test": (0.87, 0.63)}


@pytest.mark.parametrize("split", ["tuning", "test"])
def test_evt001_precision_and_recall_with_names_read_beside_their_catalogue(split: str
                                                                          ) -> None:
    rows = _rows(NAMES if split == "tuning" else TEST_SPLIT)
    beside = _flagged_beside_catalogue(rows, "EVT001")
    precision, recall = precision_recall(
        (_flags(row, "EVT001") or index in beside, row["label"] == "command")
        for index, row in enumerate(rows))
    report = f"EVT001 beside its catalogue on the {split} split ({len(rows)} names): " \
        f"precision {precision:.3f}, recall {recall:.3f}"
    print(report)
    floors = BESIDE_FLOORS[split]
    assert precision >= floors[0] and recall >= floors[1], report


def _wild_flags(row: dict[str, str], code: str) -> bool:
    fields = row["fields"].split(";")
    if row["origin"] == "message":
        body = " ".join(f"string {field} = {number};" for number, field in enumerate(fields, 1))
        source = f'syntax = "proto3";\npackage wild;\nmessage {row["name"]} {{ {body} }}\n'
        findings = lint(source, "protobuf", path="schemas/test/value.proto", select=(code,))
    else:
        schema = {"title": row["name"], "description": row["doc"], "type": "object",
                  "properties": {field: {"type": "string"} for field in fields}}
        findings = lint(schema, "json", path="schemas/test/value.schema.json", select=(code,))
    return code in codes(findings)


@pytest.mark.parametrize("code", sorted(RULE_LABELS))
def test_naming_rules_on_names_and_schemas_from_public_repositories(code: str) -> None:
    rows = _rows(WILD)
    assert all(row["source"].startswith("github:") for row in rows)
    precision, recall = precision_recall(
        (_wild_flags(row, code), row["label"] in RULE_LABELS[code]) for row in rows)
    report = f"{code} on {WILD.name} ({len(rows)} schemas): precision {precision:.3f}, " \
        f"recall {recall:.3f}"
    print(report)
    assert precision >= WILD_FLOOR and recall >= WILD_FLOOR, report


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
