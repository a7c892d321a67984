"""The message of every compatibility code in every format, pinned by golden files.

Each code's case is its minimal change, the one ``schemalint explain`` shows (the bad example
of a breaking type, the change itself for a type Confluent accepts), checked at FULL: every
finding's code and message each way, and each entry ``diff`` lists for the change.
UPDATE_GOLDEN=1 rewrites the files; read each diff before committing it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from golden import assert_golden

from schemalint import check_compatibility
from schemalint.codes import format_catalogues
from schemalint.diffing import classified_changes
from schemalint.formats import get_engine
from schemalint.model import CodeInfo, Level, SchemaType

GOLDEN = Path(__file__).parent / "golden" / "messages"
_FILES = {"Avro compatibility": (SchemaType.AVRO, "avro.txt"),
          "JSON Schema compatibility": (SchemaType.JSON, "jsonschema.txt"),
          "Protobuf compatibility": (SchemaType.PROTOBUF, "protobuf.txt")}


def _minimal_change(info: CodeInfo) -> tuple[str, str]:
    assert info.doc is not None
    for example in (info.doc.bad, info.doc.good):
        old, _, new = example.removeprefix("old:").partition("\nnew:")
        if info.code in _reported(old.strip(), new.strip(), info):
            return old.strip(), new.strip()
    raise AssertionError(f"{info.code}: no example reports it")


def _reported(old: str, new: str, info: CodeInfo) -> set[str]:
    schema_type = _schema_type(info)
    engine = get_engine(schema_type)
    try:
        before, after = engine.parse(old), engine.parse(new)
    except Exception:
        return set()
    found = {c.kind.upper().replace("-", "_") for c in classified_changes(before, after,
                                                                          Level.FULL)}
    return found | {f.code for f in check_compatibility(new, [old], level="FULL",
                                                        schema_type=schema_type.value).findings}


def _schema_type(info: CodeInfo) -> SchemaType:
    for title, codes in format_catalogues():
        if info.code in codes:
            return _FILES[title][0]
    raise KeyError(info.code)


def _case(info: CodeInfo) -> str:
    old, new = _minimal_change(info)
    schema_type = _schema_type(info)
    engine = get_engine(schema_type)
    lines = [f"## {info.code}", f"old: {' '.join(old.split())}", f"new: {' '.join(new.split())}"]
    result = check_compatibility(new, [old], level="FULL", schema_type=schema_type.value)
    for finding in result.findings:
        direction = finding.direction.value if finding.direction else ""
        lines.append(f"{direction}: {finding.code} {finding.message}")
    for change in classified_changes(engine.parse(old), engine.parse(new), Level.FULL):
        note = f" ({change.note})" if change.note else ""
        lines.append(f"diff: {change.kind}: {change.description} [{change.verdict(Level.FULL)}]"
                     f"{note}")
    return "\n".join(lines)


@pytest.mark.parametrize(("title", "codes"), format_catalogues(),
                         ids=[title for title, _ in format_catalogues()])
def test_every_code_reads_in_the_words_of_the_schema(title: str,
                                                     codes: dict[str, CodeInfo]) -> None:
    text = "\n\n".join(_case(info) for _, info in sorted(codes.items())) + "\n"
    assert_golden(GOLDEN / _FILES[title][1], text)


@pytest.mark.parametrize("title", list(_FILES))
def test_a_finding_names_its_code_once(title: str) -> None:
    for line in (GOLDEN / _FILES[title][1]).read_text(encoding="utf-8").splitlines():
        if line.startswith(("backward: ", "forward: ")):
            code, message = line.split(" ", 2)[1:]
            assert code not in message, line
