"""Parsing Avro as Confluent's Java parser does for a schema being registered.

Input that is not a schema raises ``InvalidSchemaError`` whose INVALID_SCHEMA finding names
the exact line, column and JSON pointer. A default that does not match its type is an
INVALID_DEFAULT finding on a schema that still parses (released Confluent versions accept it).
"""

from __future__ import annotations

import pytest

from schemalint import InvalidSchemaError, parse_schema
from schemalint.formats.avro import ENGINE, INVALID_DEFAULT, INVALID_SCHEMA
from schemalint.model import Severity

UNKNOWN = "not a primitive type nor a named type defined in this file or another schema file"

INVALID = [
    ('not_json',
     '{"type": "record",\n "name": }',
     2, 10, '',
     'invalid JSON: Expecting value'),
    # A file emptied on day one said "Expecting value", as for a missing value inside one.
    ('empty_file', '', 1, 1, '', 'invalid JSON: the file is empty'),
    ('blank_file', '  \n\n', 3, 1, '', 'invalid JSON: the file is empty'),
    ('duplicate_key',
     '{"type": "record",\n "name": "A",\n "name": "B", "fields": []}',
     3, 2, '',
     "duplicate key 'name' in one JSON object"),
    ('nan',
     '{"type": "record", "name": "A", "fields": [\n'
     '  {"name": "a", "type": "double", "default": NaN}]}',
     2, 46, '',
     'invalid JSON: NaN is not a JSON number'),
    ('unknown_type',
     '{"type": "record", "name": "A", "fields": [\n  {"name": "a", "type": "Foo"}\n]}',
     2, 17, '/fields/0/type',
     "unknown type 'Foo': " + UNKNOWN),
    ('unknown_type_object',
     '{"type": "record", "name": "A", "fields": [\n  {"name": "a", "type": {"type": "strng"}}\n]}',
     2, 26, '/fields/0/type/type',
     "unknown type 'strng': " + UNKNOWN + "; did you mean 'string'?"),
    # NEONScience/NEON-IS-avro-schemas, logs/aquatroll200_log.avsc: "uint16" is no Avro type.
    ('foreign_type_name',
     '{"type": "record", "name": "A", "fields": [\n  {"name": "a", "type": "uint16"}\n]}',
     2, 17, '/fields/0/type',
     "unknown type 'uint16': " + UNKNOWN + "; Avro has no 'uint16': use \"int\""),
    ('misspelt_named_type',
     '{"type": "record", "name": "Order", "fields": [\n'
     '  {"name": "a", "type": "Ordr"}\n]}',
     2, 17, '/fields/0/type',
     "unknown type 'Ordr': " + UNKNOWN + "; did you mean 'Order'?"),
    ('duplicate_field',
     '{"type": "record", "name": "A", "fields": [\n'
     '  {"name": "a", "type": "int"},\n'
     '  {"name": "a", "type": "long"}\n]}',
     3, 4, '/fields/1/name',
     "duplicate field 'a' in record 'A'"),
    ('duplicate_symbol',
     '{"type": "enum", "name": "E",\n "symbols": ["A", "B",\n  "A"]}',
     3, 3, '/symbols/2',
     "duplicate enum symbol 'A'"),
    ('invalid_record_name',
     '{"type": "record",\n "name": "1A", "fields": []}',
     2, 2, '/name',
     "invalid name '1A': Illegal initial character: 1A"),
    ('invalid_unicode_name',
     '{"type": "record",\n "name": "Café", "fields": []}',
     2, 2, '/name',
     "invalid name 'Café': Illegal character in: Café"),
    ('invalid_field_name',
     '{"type": "record", "name": "A", "fields": [\n  {"name": "a-b", "type": "int"}\n]}',
     2, 4, '/fields/0/name',
     "invalid field name 'a-b': Illegal character in: a-b"),
    ('invalid_symbol',
     '{"type": "enum", "name": "E", "symbols": [\n  "ok", "not ok"]}',
     2, 9, '/symbols/1',
     "invalid enum symbol 'not ok': Illegal character in: not ok"),
    ('invalid_namespace',
     '{"type": "record", "name": "A",\n "namespace": "com..acme", "fields": []}',
     2, 2, '/namespace',
     'invalid namespace \'com..acme\': Namespace part "" is invalid: Empty name'),
    ('missing_name',
     '{\n  "type": "record",\n  "fields": []\n}',
     1, 1, '',
     'a record needs a "name"'),
    ('missing_fields',
     '{"type": "record",\n "name": "A"}',
     1, 1, '',
     'the record \'A\' needs a "fields" array'),
    ('missing_symbols',
     '{"type": "enum",\n "name": "E"}',
     1, 1, '',
     'the enum \'E\' needs a "symbols" array'),
    ('missing_size',
     '{"type": "fixed",\n "name": "F"}',
     1, 1, '',
     'the fixed \'F\' needs an integer "size"'),
    ('size_not_int',
     '{"type": "fixed", "name": "F",\n "size": "16"}',
     2, 2, '/size',
     'the fixed \'F\' needs an integer "size"'),
    ('missing_items',
     '{"type": "record", "name": "A", "fields": [\n  {"name": "xs", "type": {"type": "array"}}]}',
     2, 18, '/fields/0/type',
     'an array schema needs "items"'),
    ('missing_values',
     '{"type": "record", "name": "A", "fields": [\n  {"name": "m", "type": {"type": "map"}}]}',
     2, 17, '/fields/0/type',
     'a map schema needs "values"'),
    ('nested_union',
     '["null",\n  ["int", "string"]]',
     2, 3, '/1',
     'a union cannot contain another union directly'),
    ('duplicate_union_type',
     '["null", "string",\n  "string"]',
     2, 3, '/2',
     "the union has two branches of type 'string'"),
    ('duplicate_union_arrays',
     '[{"type": "array", "items": "int"},\n {"type": "array", "items": "long"}]',
     2, 2, '/1',
     "the union has two branches of type 'array'"),
    ('redefined_type',
     '{"type": "record", "name": "A", "fields": [\n'
     '  {"name": "b", "type": {"type": "record",\n'
     '   "name": "A", "fields": []}}]}',
     3, 4, '/fields/0/type/name',
     "the type 'A' is defined twice, differently"),
    ('named_after_primitive',
     '{"type": "fixed",\n "name": "int", "size": 4}',
     2, 2, '/name',
     "a named type cannot be called 'int'"),
    ('field_missing_type',
     '{"type": "record", "name": "A", "fields": [\n  {"name": "a"}]}',
     2, 3, '/fields/0',
     'the field \'a\' needs a "type"'),
    ('enum_default_not_a_symbol',
     '{"type": "enum", "name": "E", "symbols": ["A"],\n "default": "B"}',
     2, 2, '/default',
     "the enum default 'B' is not one of the symbols"),
    ('bad_order',
     '{"type": "record", "name": "A", "fields": [\n'
     '  {"name": "a", "type": "int", "order": "up"}]}',
     2, 32, '/fields/0/order',
     "invalid order 'up': expected ascending, descending or ignore"),
    ('number',
     '42',
     1, 1, '',
     'not a schema: 42'),
    ('union_object_type',
     '{"type": ["null", "string"]}',
     1, 2, '/type',
     'a schema object needs a string "type"'),
    ('aliases_not_array',
     '{"type": "record", "name": "A", "fields": [],\n "aliases": "B"}',
     2, 2, '/aliases',
     '"aliases" must be an array of strings'),
    ('bad_float_default',
     '{"type": "record", "name": "A", "fields": [\n'
     '  {"name": "a", "type": "float", "default": "abc"}]}',
     2, 34, '/fields/0/default',
     "the default 'abc' of a float field is not a number"),
]


@pytest.mark.parametrize(("name", "text", "line", "column", "pointer", "message"), INVALID,
                         ids=[row[0] for row in INVALID])
def test_invalid_schema_is_reported_at_its_place(name: str, text: str, line: int, column: int,
                                                 pointer: str, message: str) -> None:
    with pytest.raises(InvalidSchemaError) as raised:
        ENGINE.parse(text, path=f"schemas/{name}.avsc")
    finding = raised.value.finding
    assert (finding.code, finding.severity) == (INVALID_SCHEMA, Severity.ERROR)
    assert (finding.path, finding.line, finding.column, finding.pointer, finding.message) == (
        f"schemas/{name}.avsc", line, column, pointer, message)
    assert str(raised.value) == f"schemas/{name}.avsc:{line}:{column}: {message}"


def _record(field: str) -> str:
    return '{"type": "record", "name": "A", "fields": [\n  ' + field + "\n]}"


DEFAULTS = [
    # (case, field, valid as Avro 1.12's Java parser judges it)
    ("int_string", '{"name": "f", "type": "int", "default": "foo"}', False),
    ("int_in_range", '{"name": "f", "type": "int", "default": 2147483647}', True),
    ("int_out_of_range", '{"name": "f", "type": "int", "default": 2147483648}', False),
    ("int_as_float", '{"name": "f", "type": "int", "default": 1.0}', False),
    ("long_out_of_range", '{"name": "f", "type": "long", "default": 9223372036854775808}',
     False),
    ("double_from_int", '{"name": "f", "type": "double", "default": 1}', True),
    ("double_from_text", '{"name": "f", "type": "double", "default": "1.5"}', True),
    ("boolean_from_int", '{"name": "f", "type": "boolean", "default": 0}', False),
    ("string_null", '{"name": "f", "type": "string", "default": null}', False),
    ("null_null", '{"name": "f", "type": "null", "default": null}', True),
    ("bytes_text", '{"name": "f", "type": "bytes", "default": "\\u00ff"}', True),
    ("enum_any_text", '{"name": "f", "type": {"type": "enum", "name": "E", "symbols": ["A"]},'
                      ' "default": "Z"}', True),
    ("fixed_number", '{"name": "f", "type": {"type": "fixed", "name": "F", "size": 1},'
                     ' "default": 1}', False),
    ("array_items", '{"name": "f", "type": {"type": "array", "items": "int"}, "default": [1, "x"]}',
     False),
    ("map_values", '{"name": "f", "type": {"type": "map", "values": "long"}, "default": {"a": 1}}',
     True),
    ("union_first_branch", '{"name": "f", "type": ["null", "string"], "default": null}', True),
    # Avro 1.12 (AVRO-3649) accepts a union default matching any branch, not only the first.
    ("union_later_branch_accepted_by_avro_1_12",
     '{"name": "f", "type": ["null", "string"], "default": "null"}', True),
    ("union_no_branch", '{"name": "f", "type": ["null", "string"], "default": 1}', False),
    ("record_missing_field_without_default",
     '{"name": "f", "type": {"type": "record", "name": "R", "fields": [{"name": "a", '
     '"type": "int"}]}, "default": {}}', False),
    ("record_missing_field_with_default",
     '{"name": "f", "type": {"type": "record", "name": "R", "fields": [{"name": "a", '
     '"type": "int", "default": 0}]}, "default": {}}', True),
]


@pytest.mark.parametrize(("case", "field", "valid"), DEFAULTS, ids=[row[0] for row in DEFAULTS])
def test_defaults_are_judged_as_avro_1_12_java_does(case: str, field: str, valid: bool) -> None:
    schema = ENGINE.parse(_record(field), path="a.avsc")
    if valid:
        assert schema.findings == []
        return
    [finding] = schema.findings
    assert (finding.code, finding.severity, finding.pointer, finding.line, finding.column) == (
        INVALID_DEFAULT, Severity.ERROR, "/fields/0/default", 2, finding.column)
    assert finding.column is not None and finding.column > 30
    assert finding.name_path == "A.f"
    assert "does not match its type" in finding.message


def test_invalid_default_finding_message() -> None:
    schema = parse_schema(_record('{"name": "count", "type": "int", "default": "many"}'))
    assert [finding.message for finding in schema.findings] == [
        "The default \"many\" of field 'count' does not match its type int: Avro's Java parser "
        "rejects it when validating defaults (as Confluent Schema Registry does for new "
        "schemas from 8.x), and a reader that needs the default fails. Use a value of the "
        "field's type (for a union, of one of its branches)."]


def test_confluent_test_schema_with_string_null_default_parses() -> None:
    # Row 34 of Confluent's tests: a ["null","string"] field with the string "null".
    schema = ENGINE.parse(
        '{"type":"record","name":"myrecord","fields":[{"type":["null","string"],"name":"f1",'
        '"default":"null"},{"type":"string","name":"f2","default":"foo"},{"type":"string",'
        '"name":"f3","default":"bar"}]}')
    assert schema.name == "myrecord"


@pytest.mark.parametrize(("text", "name"), [
    ('{"type": "record", "name": "com.acme.Order", "fields": []}', "com.acme.Order"),
    ('{"type": "enum", "name": "Suit", "namespace": "cards", "symbols": ["A"]}', "cards.Suit"),
    ('"string"', None),
    ('["null", "string"]', None),
    ('{"type": "array", "items": "int"}', None),
])
def test_name_is_the_full_name_of_the_top_level_named_type(text: str, name: str | None) -> None:
    assert ENGINE.parse(text).name == name


def test_forward_reference_within_a_file_resolves_as_in_avro_1_12() -> None:
    schema = ENGINE.parse(
        '{"type": "record", "name": "A", "fields": [{"name": "b", "type": "B"}, '
        '{"name": "c", "type": {"type": "record", "name": "B", "fields": []}}]}')
    assert schema.identity == (
        '{"type":"record","name":"A","fields":[{"name":"b","type":{"type":"record","name":"B",'
        '"fields":[]}},{"name":"c","type":"B"}]}')


def test_bare_name_falls_back_to_the_null_namespace() -> None:
    schema = ENGINE.parse(
        '{"type": "record", "name": "Outer", "fields": ['
        '{"name": "a", "type": {"type": "fixed", "name": "F", "size": 1}}, '
        '{"name": "b", "type": {"type": "record", "name": "In", "namespace": "x", '
        '"fields": [{"name": "f", "type": "F"}]}}]}')
    assert schema.parsed.named["x.In"].fields[0].type is schema.parsed.named["F"]


def test_an_equal_second_definition_is_accepted_as_in_avro_1_12() -> None:
    money = '{"type": "record", "name": "Money", "fields": [{"name": "cents", "type": "long"}]}'
    documented = money.replace('"fields"', '"doc": "x", "fields"')
    schema = ENGINE.parse(
        '{"type": "record", "name": "Order", "fields": [{"name": "total", "type": '
        + money + '}, {"name": "tax", "type": ' + documented + "}]}")
    assert schema.identity == (
        '{"type":"record","name":"Order","fields":[{"name":"total","type":{"type":"record",'
        '"name":"Money","fields":[{"name":"cents","type":"long"}]}},{"name":"tax",'
        '"type":"Money"}]}')
