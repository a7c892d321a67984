"""Avro compatibility, one fixture folder per case (buf's style).

Each folder under ``tests/fixtures/avro/compat/`` holds ``previous.avsc`` (or
``previous-1.avsc``, ``previous-2.avsc``… oldest first), ``current.avsc`` and
``expected.json``: the level, the verdict, every finding with its place, and the messages
Confluent Schema Registry prints for the version that failed. ``messages.txt`` pins the
wording of schemalint's own messages (``UPDATE_GOLDEN=1`` rewrites it).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from golden import assert_golden

from schemalint import check_compatibility
from schemalint.compat import PreviousVersion, check_level
from schemalint.formats.avro import ENGINE, confluent_message
from schemalint.model import Against, Direction, Finding, Level

CASES = Path(__file__).parents[2] / "fixtures" / "avro" / "compat"
CASE_NAMES = sorted(path.name for path in CASES.iterdir() if path.is_dir())


def _load(name: str) -> tuple[str, list[Path], dict[str, Any]]:
    folder = CASES / name
    previous = sorted(folder.glob("previous*.avsc"))
    return ((folder / "current.avsc").read_text(), previous,
            json.loads((folder / "expected.json").read_text()))


def _summary(finding: Finding) -> dict[str, Any]:
    assert finding.direction is not None and finding.against is not None
    return {"code": finding.code, "direction": finding.direction.value,
            "against_version": finding.against.version, "pointer": finding.pointer,
            "line": finding.line, "column": finding.column, "name_path": finding.name_path}


def test_every_rule_has_cases() -> None:
    assert len(CASE_NAMES) >= 90


@pytest.mark.parametrize("name", CASE_NAMES)
def test_check_compatibility_finds_exactly_the_expected_findings(name: str) -> None:
    current, previous, expected = _load(name)
    result = check_compatibility(current, [path.read_text() for path in previous],
                                 level=expected["level"])
    assert result.compatible is expected["compatible"]
    assert [_summary(finding) for finding in result.findings] == expected["findings"]


@pytest.mark.parametrize("name", CASE_NAMES)
def test_check_level_on_files_anchors_findings_in_the_new_file(name: str) -> None:
    current, previous, expected = _load(name)
    new = ENGINE.parse(current, path=f"{name}/current.avsc")
    history = [PreviousVersion(ENGINE.parse(path.read_text(), path=path.name),
                               Against(ref="main", version=index))
               for index, path in enumerate(previous, start=1)]
    result = check_level(new, history, Level.parse(expected["level"].lower()),
                         subject="case-value")
    assert [(f.code, f.pointer, f.line, f.column) for f in result.findings] == [
        (f["code"], f["pointer"], f["line"], f["column"]) for f in expected["findings"]]
    assert all(f.path == f"{name}/current.avsc" and f.subject == "case-value"
               for f in result.findings)
    assert_golden(CASES / name / "messages.txt",
                  "".join(f"{f.code} {f.direction.value if f.direction else ''}: {f.message}\n"
                          for f in result.findings))


@pytest.mark.parametrize("name", [name for name in CASE_NAMES
                                  if _load(name)[2]["confluent_messages"]])
def test_confluent_messages_of_the_failing_version(name: str) -> None:
    current, previous, expected = _load(name)
    result = check_compatibility(current, [path.read_text() for path in previous],
                                 level=expected["level"])
    assert result.failed_against is not None and result.failed_against.version is not None
    new = ENGINE.parse(current)
    old = ENGINE.parse(previous[result.failed_against.version - 1].read_text())
    messages = []
    for direction in Level(expected["level"]).directions:
        backward = direction is Direction.BACKWARD
        reader, writer = (new, old) if backward else (old, new)
        messages += [confluent_message(incompatibility, backward=backward)
                     for incompatibility in ENGINE.incompatibilities(reader, writer)]
    assert messages == expected["confluent_messages"]
