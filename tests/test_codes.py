"""Every code schemalint can print has an `explain` entry and a docs page entry, and each
entry's examples do what the entry says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli_runner import run_cli

from schemalint import check_compatibility
from schemalint.codes import (
    CATALOGUE,
    emitted_codes,
    explain,
    format_catalogues,
    render_codes_markdown,
)
from schemalint.diffing import structural_changes
from schemalint.errors import UsageError
from schemalint.finding_codes import PROJECT_CODES
from schemalint.formats import get_engine
from schemalint.formats.jsonschema import difference as json_types
from schemalint.formats.jsonschema.codes import examples as json_examples
from schemalint.formats.protobuf import difference as protobuf_types
from schemalint.formats.protobuf.codes import examples as protobuf_examples
from schemalint.lint.docs import HEADINGS as RULE_HEADINGS
from schemalint.lint.registry import RULES
from schemalint.model import CodeInfo, SchemaType

DOCS = Path(__file__).parents[1] / "docs"
_FORMAT_TYPES = {"Avro compatibility": "AVRO", "JSON Schema compatibility": "JSON",
                 "Protobuf compatibility": "PROTOBUF"}


def _documented() -> dict[str, tuple[str, CodeInfo]]:
    """Each non-lint code with the schema type of its examples ("" for the project's own)."""
    found = {code: ("", info) for code, info in CATALOGUE.items()}
    for title, codes in format_catalogues():
        found.update({code: (_FORMAT_TYPES[title], info) for code, info in codes.items()})
    return found


def test_the_tables_list_the_codes_of_the_rules_the_engines_and_the_project() -> None:
    codes = set(emitted_codes())
    assert {rule.code for rule in RULES} <= codes
    assert set(PROJECT_CODES) <= codes
    assert {"MISSING_ENUM_SYMBOLS", "COMBINED_TYPE_SUBSCHEMAS_CHANGED", "FIELD_ADDED",
            "FIELD_KIND_CHANGED", "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL",
            "SUBJECT_REMOVED", "VERSION_EDITED", "INVALID_SCHEMA"} <= codes


@pytest.mark.parametrize("code", emitted_codes())
def test_every_code_has_an_explain_entry_with_every_heading(code: str) -> None:
    text = explain(code)
    assert text.startswith(f"# {code}")
    headings = RULE_HEADINGS if any(rule.code == code for rule in RULES) else (
        "What it means", "Why it breaks, and whom", "Bad", "Good", "How to fix")
    for heading in headings:
        section = text.split(f"## {heading}\n\n", 1)
        assert len(section) == 2, f"{code}: no '{heading}'"
        assert section[1].split("\n\n", 1)[0].strip("`\n "), f"{code}: '{heading}' is empty"


@pytest.mark.parametrize("code", emitted_codes())
def test_every_code_has_a_docs_page_entry(code: str) -> None:
    rules = (DOCS / "rules.md").read_text(encoding="utf-8")
    codes = (DOCS / "codes.md").read_text(encoding="utf-8")
    assert re.search(rf"^## {code} ", rules, re.M) or re.search(rf"^### {code}$", codes, re.M)


def test_docs_codes_md_is_generated_from_the_catalogue() -> None:
    assert (DOCS / "codes.md").read_text(encoding="utf-8") == render_codes_markdown(), (
        "docs/codes.md is out of date: regenerate it with .venv/bin/python -c 'from "
        "schemalint.codes import render_codes_markdown as r; print(r(), end=\"\")' > "
        "docs/codes.md")


@pytest.mark.parametrize(("code", "close"), [
    ("FIELD_ADED", "FIELD_ADDED"),
    ("PROPERTY_REMOVED_FROM_CLOSED_MODEL", "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"),
])
def test_an_unknown_code_names_the_closest(code: str, close: str) -> None:
    with pytest.raises(UsageError, match=f"did you mean {close}"):
        explain(code)


def test_the_examples_are_the_types_the_diffs_report() -> None:
    assert set(json_examples()) == json_types.REPORTED_TYPES
    assert set(protobuf_examples()) == protobuf_types.ALL_TYPES


def _pair(text: str) -> tuple[str, str] | None:
    if not text.startswith("old:"):
        return None
    old, _, new = text.removeprefix("old:").partition("\nnew:")
    return old.strip(), new.strip()


def _compat_cases() -> list[tuple[str, str, CodeInfo]]:
    return sorted(((code, schema_type, info) for code, (schema_type, info)
                   in _documented().items() if schema_type), key=lambda case: case[0])


@pytest.mark.parametrize(("code", "schema_type", "info"), _compat_cases(),
                         ids=[case[0] for case in _compat_cases()])
def test_the_bad_example_is_refused_and_the_good_one_accepted(
        code: str, schema_type: str, info: CodeInfo) -> None:
    assert info.doc is not None
    good = _pair(info.doc.good)
    assert good is not None, f"{code}: the good example is not an old and a new schema"
    accepted = check_compatibility(good[1], [good[0]], level="BACKWARD",
                                   schema_type=schema_type)
    assert accepted.compatible, [f.code for f in accepted.findings]
    bad = _pair(info.doc.bad)
    if bad is None:
        assert info.doc.bad.startswith("None: Confluent accepts")
        return
    refused = check_compatibility(bad[1], [bad[0]], level="BACKWARD", schema_type=schema_type)
    assert not refused.compatible, code
    if _breaks(code, schema_type):
        assert code in {f.code for f in refused.findings}
    else:
        # A type Confluent accepts: its good example is it, its bad one the change that breaks.
        parse = get_engine(SchemaType(schema_type)).parse
        kinds = {c.kind for c in structural_changes(parse(good[0]), parse(good[1]))}
        assert code.lower().replace("_", "-") in kinds


def _breaks(code: str, schema_type: str) -> bool:
    if schema_type == "JSON":
        return code not in json_types.COMPATIBLE_STRICT
    if schema_type == "PROTOBUF":
        return code not in protobuf_types.COMPATIBLE_CHANGES
    return True


@pytest.mark.parametrize(("argument", "heading"), [
    # The codes a user could not look up before: compatibility types and lint rules alike.
    ("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", "# PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"),
    ("combined_type_subschemas_changed", "# COMBINED_TYPE_SUBSCHEMAS_CHANGED"),
    ("FIELD_ADDED", "# FIELD_ADDED"),
    ("FIELD_KIND_CHANGED", "# FIELD_KIND_CHANGED"),
    ("TYPE_MISMATCH", "# TYPE_MISMATCH"),
    ("SUBJECT_REMOVED", "# SUBJECT_REMOVED"),
    ("EVT001", "# EVT001 command-style-event-name"),
])
def test_the_explain_command_explains_every_kind_of_code(tmp_path: Path, argument: str,
                                                         heading: str) -> None:
    result = run_cli(tmp_path, "explain", argument)
    assert (result.returncode, result.stderr) == (0, "")
    # However the terminal renders the markdown, the first line names the code.
    assert heading.lstrip("# ") in result.stdout.splitlines()[0]


def test_the_explain_command_refuses_an_unknown_code_in_one_line(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "explain", "FIELD_ADED")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.count("\n") == 1 and "did you mean FIELD_ADDED" in result.stderr
