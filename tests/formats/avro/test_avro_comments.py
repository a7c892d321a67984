"""Avro files with comments, read as Avro's Java parser reads them.

``org.apache.avro.Schema`` enables ``JsonParser.Feature.ALLOW_COMMENTS`` on its Jackson
factory, and no other leniency (apache/avro at 87212a6d47247a30dff247d16386d722c56d4390,
lang/java/avro/src/main/java/org/apache/avro/Schema.java, line 127): ``//`` to the end of
the line and ``/* … */`` anywhere white space may stand. Confluent's registry parses with it,
so it accepts such files; comments are no part of the schema's identity.
"""

from __future__ import annotations

import json

import pytest
from cli_runner import run_cli
from gitrepo import GitRepo

from schemalint import parse_schema
from schemalint.errors import InvalidSchemaError
from schemalint.sourcemap import without_comments

RECORD = ('{"type": "record", "name": "LongList", "namespace": "acme",\n'
          ' "fields": [{"name": "value", "type": "long"}]}')

# name → (text, where it comes from)
ACCEPTED: dict[str, tuple[str, str]] = {
    "// lines before the schema": (
        "// Ref: https://www.mockaroo.com/schemas/175270\n// @rmoff June 10, 2019\n" + RECORD,
        "confluentinc/demo-scene dc2b351fff617a8cccba4bf95fa1f77360f8a293 "
        "introduction-to-ksqldb/data/item_details.avsc"),
    "// after a value, to the end of the line": (
        '{\n  "type": "record",\n  "name": "LongList", "namespace": "acme",\n'
        '  "aliases": ["LinkedLongs"],                      // old name for this\n'
        '  "fields" : [\n'
        '    {"name": "value", "type": "long"}             // each element has a long\n'
        "  ]\n}",
        "apache/avro 87212a6d47247a30dff247d16386d722c56d4390 "
        "doc/content/en/docs/++version++/Specification/_index.md (LongList)"),
    "a /* licence */ header": (
        "/*\n * Licensed to the Apache Software Foundation (ASF) under one\n * or more "
        "contributor license agreements.\n */\n" + RECORD,
        "the issue's shape: the Apache licence header of Java sources, on an .avsc"),
    "/* */ between tokens, and after the schema": (
        RECORD.replace('"long"', '/* was int */ "long"') + " /* end */\n// bye",
        "made up: comments wherever white space may stand"),
    "comment marks inside strings are text": (
        RECORD.replace('"namespace": "acme"',
                       '"namespace": "acme", "doc": ",*/\\n hoping the compiler won\'t barf on'
                       ' strange comments\\n/* // http://x"'),
        "apache/avro 87212a6d47247a30dff247d16386d722c56d4390 "
        "lang/java/compiler/src/test/resources/simple_record.avsc (its doc)"),
}


@pytest.mark.parametrize("case", sorted(ACCEPTED))
def test_comments_are_read_as_java_reads_them_and_are_no_part_of_identity(case: str) -> None:
    text, _source = ACCEPTED[case]
    schema = parse_schema(text, "AVRO", path="value.avsc")
    plain = parse_schema(json.dumps(json.loads(without_comments(text))), "AVRO")
    assert schema.identity == plain.identity
    assert not any(word in schema.identity
                   for word in ("Licensed", "old name", "was int", "mockaroo"))
    assert schema.text == text  # what sync registers is the file as written
    # Positions are those of the file: the field named "value" sits on its line and column.
    line, column = schema.locate("/fields/0")
    assert text.splitlines()[line - 1][column - 1:].startswith('{"name": "value"')


# name → (text, line, column, words)
REJECTED: dict[str, tuple[str, int, int, str]] = {
    "an unclosed /* comment": ("/* licence\n" + RECORD, 1, 1, "never closed"),
    "a # comment (Jackson's ALLOW_YAML_COMMENTS, not enabled)": ("# licence\n" + RECORD, 1, 1,
                                                                  "invalid JSON"),
    "a lone /": (RECORD.replace('"long"', '/ "long"'), 2, 39, "invalid JSON"),
}


@pytest.mark.parametrize("case", sorted(REJECTED))
def test_what_java_rejects_is_an_invalid_schema_at_its_place(case: str) -> None:
    text, line, column, words = REJECTED[case]
    with pytest.raises(InvalidSchemaError) as caught:
        parse_schema(text, "AVRO", path="value.avsc")
    finding = caught.value.finding
    assert (finding.line, finding.column) == (line, column)
    assert words in finding.message


def test_a_commented_named_type_is_a_reference_and_its_own_subject(repo: GitRepo) -> None:
    """The record-name index and the subject mapping read the commented file too."""
    repo.write("schemas/shared/money.avsc",
               "/* Licensed under the Apache License, Version 2.0 */\n"
               + json.dumps({"type": "record", "name": "Money", "namespace": "acme",
                             "fields": [{"name": "cents", "type": "long"}]}))
    repo.write("schemas/orders/value.avsc",
               "// An order placed by a customer\n"
               + json.dumps({"type": "record", "name": "OrderPlaced", "namespace": "acme",
                             "fields": [{"name": "total", "type": "acme.Money"}]}, indent=2))
    repo.commit()
    result = run_cli(repo.path, "check", "--all", "--format", "json")
    report = json.loads(result.stdout)
    assert not [f for f in report["findings"] if f["code"] == "INVALID_SCHEMA"], report
    assert report["summary"]["checked"] == 2
    assert {f["subject"] for f in report["findings"]
            if f["path"] == "schemas/shared/money.avsc"} == {"acme.Money"}
    # A finding in the commented file sits at the line the file shows.
    text = repo.write("schemas/orders/value.avsc",
                      "// An order placed by a customer\n"
                      + json.dumps({"type": "record", "name": "OrderPlaced", "namespace": "acme",
                                    "fields": [{"name": "total", "type": "acme.Money"},
                                               {"name": "note", "type": "string"}]},
                                   indent=2)).read_text()
    line = next(number for number, content in enumerate(text.splitlines(), start=1)
                if '"note"' in content) - 1  # the field object opens on the line before
    changed = run_cli(repo.path, "check", "--format", "concise")
    assert f"schemas/orders/value.avsc:{line}:5: error: READER_FIELD_MISSING_DEFAULT_VALUE" \
        in changed.stdout, changed.stdout
