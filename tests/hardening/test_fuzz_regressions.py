"""Inputs that once crashed schemalint (found by tests/fuzz and the hardening corpus)."""

from __future__ import annotations

import json

import pytest

from schemalint.api import check_compatibility, parse_schema
from schemalint.errors import InvalidSchemaError
from schemalint.report import REPORTERS, ReportContext
from schemalint.sourcemap import SourceMap, loads

# atheris: the position index met a '{' where a key belongs (IndexError).
NOT_JSON_AFTER_ALL = ('{\n  "type": "record",\n  "name": "myrecord",\n  "fields": [\n    {\n'
                      '      "name": "h",\n      "type": {\n        "type": "fixed",\n    i   '
                      '"name": "Hash",\n   a     "size"type": {\n        "type": "fixed",\n'
                      '        "name": "Hash",\n        "size": 8\n      }\n    }\n  ]\n}\n')


@pytest.mark.parametrize("text", [NOT_JSON_AFTER_ALL, '{"a": {[', "{{", '{"a" "b"}', "]"])
def test_positions_of_text_that_is_not_json_are_none_or_a_place(text: str) -> None:
    position = SourceMap(text).position("/fields/0/type")
    assert position is None or (position[0] >= 1 and position[1] >= 1)


@pytest.mark.parametrize("kind", ["AVRO", "JSON"])
def test_an_unpaired_surrogate_escape_is_invalid_not_a_crash(kind: str) -> None:
    """It decoded, then failed to encode when hashing the identity or printing a doc."""
    text = ('{"type": "record", "name": "A", "doc": "\\udc80", "fields": []}' if kind == "AVRO"
            else '{"$schema": "http://json-schema.org/draft-07/schema#", '
                 '"description": "\\ud800"}')
    with pytest.raises(InvalidSchemaError) as raised:
        parse_schema(text, kind, path="doc.avsc")
    assert raised.value.finding.line == 1
    assert "surrogate" in raised.value.finding.message


def test_a_paired_surrogate_escape_is_one_character() -> None:
    assert loads('"\\ud83d\\ude00"') == "\U0001f600"
    schema = parse_schema('{"type": "record", "name": "A", "doc": "\\ud83d\\ude00", '
                          '"fields": []}')
    assert check_compatibility(schema, [schema]).compatible
    schema.identity.encode("utf-8")


def test_a_report_on_a_file_name_that_is_not_utf8() -> None:
    """Python holds such a name with lone surrogates; the JSON reports once raised."""
    from schemalint.model import Finding, Severity

    finding = Finding(code="DOC001", severity=Severity.WARNING, message="m",
                      path="schemas/caf\udce9/value.avsc", subject="caf\udce9-value")
    for name, reporter in REPORTERS.items():
        text = reporter([finding], ReportContext(checked=1))
        text.encode("utf-8")
        if name in ("json", "sarif"):
            assert json.loads(text)["runs" if name == "sarif" else "findings"]
            assert "caf\udce9" in json.dumps(json.loads(text), ensure_ascii=False)
