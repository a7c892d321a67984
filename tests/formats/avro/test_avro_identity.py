"""Identity: Confluent's canonical string, which is Java's ``Schema.toString()``."""

from __future__ import annotations

import pytest

from schemalint.formats.avro import ENGINE, canonical_string
from schemalint.formats.avro.identity import java_double, java_json

BASE = ('{"type": "record", "name": "Order", "namespace": "com.acme", "fields": '
        '[{"name": "id", "type": "string"}]}')

CANONICAL = [
    ('{"type": "string"}', '"string"'),
    ('  "int" ', '"int"'),
    ('{"type": "long", "logicalType": "timestamp-millis"}',
     '{"type":"long","logicalType":"timestamp-millis"}'),
    (BASE, '{"type":"record","name":"Order","namespace":"com.acme","fields":'
           '[{"name":"id","type":"string"}]}'),
    # Java's attribute order: type, name, namespace, doc, fields, custom attributes, aliases.
    ('{"aliases": ["Old"], "x-owner": "team", "fields": [], "doc": "An order.", '
     '"name": "com.acme.Order", "type": "record"}',
     '{"type":"record","name":"Order","namespace":"com.acme","doc":"An order.","fields":[],'
     '"x-owner":"team","aliases":["Old"]}'),
    # Fields: name, type, doc, default, order (when not ascending), aliases, custom attributes.
    ('{"type": "record", "name": "R", "fields": [{"x-pii": true, "aliases": ["b"], '
     '"order": "descending", "default": 1, "doc": "d", "type": "int", "name": "a"}]}',
     '{"type":"record","name":"R","fields":[{"name":"a","type":"int","doc":"d","default":1,'
     '"order":"descending","aliases":["b"],"x-pii":true}]}'),
    # A namespace is written only where it differs from the enclosing one.
    ('{"type": "record", "name": "a.R", "fields": [{"name": "s", "type": {"type": "record", '
     '"name": "S", "namespace": "a", "fields": []}}, {"name": "t", "type": {"type": "fixed", '
     '"name": "T", "namespace": "b", "size": 1}}, {"name": "u", "type": {"type": "enum", '
     '"name": "U", "namespace": "", "symbols": ["X"]}}]}',
     '{"type":"record","name":"R","namespace":"a","fields":[{"name":"s","type":{"type":"record",'
     '"name":"S","fields":[]}},{"name":"t","type":{"type":"fixed","name":"T","namespace":"b",'
     '"size":1}},{"name":"u","type":{"type":"enum","name":"U","namespace":"","symbols":["X"]}}]}'),
    # A named type is written in full once, then by name (qualified where needed).
    ('{"type": "record", "name": "a.R", "fields": [{"name": "x", "type": {"type": "fixed", '
     '"name": "b.F", "size": 2}}, {"name": "y", "type": "b.F"}, {"name": "z", "type": '
     '{"type": "array", "items": "b.F"}}]}',
     '{"type":"record","name":"R","namespace":"a","fields":[{"name":"x","type":{"type":"fixed",'
     '"name":"F","namespace":"b","size":2}},{"name":"y","type":"b.F"},{"name":"z","type":'
     '{"type":"array","items":"b.F"}}]}'),
    # Enum: symbols, then its default; aliases relative to its namespace.
    ('{"type": "enum", "name": "x.E", "aliases": ["Old", "y.Older"], "default": "A", '
     '"symbols": ["A"]}',
     '{"type":"enum","name":"E","namespace":"x","symbols":["A"],"default":"A",'
     '"aliases":["Old","y.Older"]}'),
    # Numbers as Jackson writes them: doubles keep their point, ints stay ints.
    ('{"type": "record", "name": "N", "fields": [{"name": "a", "type": "double", '
     '"default": 1.0}, {"name": "b", "type": "double", "default": 1e20}, {"name": "c", '
     '"type": "double", "default": 2}, {"name": "d", "type": "float", "default": "0.5"}]}',
     '{"type":"record","name":"N","fields":[{"name":"a","type":"double","default":1.0},'
     '{"name":"b","type":"double","default":1.0E20},{"name":"c","type":"double","default":2},'
     '{"name":"d","type":"float","default":0.5}]}'),
    ('["null", {"type": "map", "values": "string", "x": [1, 2.5]}]',
     '["null",{"type":"map","values":"string","x":[1,2.5]}]'),
    ('{"type": "error", "name": "Oops", "fields": []}',
     '{"type":"error","name":"Oops","fields":[]}'),
    ('{"type": "record", "name": "R", "doc": "caf\\u00e9 \\u0001", "fields": []}',
     '{"type":"record","name":"R","doc":"café \\u0001","fields":[]}'),
]


@pytest.mark.parametrize(("text", "expected"), CANONICAL)
def test_canonical_string_is_javas_to_string(text: str, expected: str) -> None:
    schema = ENGINE.parse(text)
    assert schema.identity == expected
    assert canonical_string(schema) == expected


SAME = [
    ("whitespace", '{\n  "type" : "record",\n  "name" : "Order",\n  "namespace" : "com.acme",\n'
                   '  "fields" : [ { "name" : "id", "type" : "string" } ]\n}'),
    ("attribute order", '{"fields": [{"type": "string", "name": "id"}], "namespace": '
                        '"com.acme", "name": "Order", "type": "record"}'),
    ("dotted name", '{"type": "record", "name": "com.acme.Order", "fields": '
                    '[{"name": "id", "type": "string"}]}'),
    ("primitive object", '{"type": "record", "name": "Order", "namespace": "com.acme", '
                         '"fields": [{"name": "id", "type": {"type": "string"}}]}'),
]

DIFFERENT = [
    ("doc", '"doc": "x", '),
    ("aliases", '"aliases": ["Old"], '),
    ("custom attribute", '"x-owner": "team", '),
]


@pytest.mark.parametrize(("case", "text"), SAME, ids=[case for case, _ in SAME])
def test_same_version_despite_formatting(case: str, text: str) -> None:
    assert ENGINE.parse(text).identity == ENGINE.parse(BASE).identity


@pytest.mark.parametrize(("case", "attribute"), DIFFERENT, ids=[case for case, _ in DIFFERENT])
def test_different_version_when_an_attribute_changes(case: str, attribute: str) -> None:
    changed = BASE.replace('"namespace"', attribute + '"namespace"')
    assert ENGINE.parse(changed).identity != ENGINE.parse(BASE).identity


@pytest.mark.parametrize(("case", "text"), SAME, ids=[case for case, _ in SAME])
def test_same_identity_agrees_with_the_digests(case: str, text: str) -> None:
    assert ENGINE.parse(text).same_identity(ENGINE.parse(BASE))


SAME_FIELD_NAMES = [
    BASE.replace('"string"', '"long"'),
    BASE.replace('"namespace"', '"doc": "x", "namespace"'),
    BASE.replace('"type": "record"', '"type": "error"'),
]
OTHER_FIELD_NAMES = [
    BASE.replace('"id"', '"key"'),
    BASE.replace('"type": "string"}', '"type": "string"}, {"name": "at", "type": "long"}'),
    BASE.replace('"Order"', '"Placed"'),
]


@pytest.mark.parametrize("text", SAME_FIELD_NAMES + OTHER_FIELD_NAMES)
def test_same_identity_tells_versions_apart(text: str) -> None:
    assert not ENGINE.parse(text).same_identity(ENGINE.parse(BASE))


@pytest.mark.parametrize("text", OTHER_FIELD_NAMES)
def test_versions_whose_records_name_other_fields_differ_without_a_digest(text: str) -> None:
    changed, base = ENGINE.parse(text), ENGINE.parse(BASE)
    assert not changed.same_identity(base)
    # Told apart by the root record's name and field names: neither identity written.
    assert "_identity_sha256" not in changed.__dict__ and "_identity_sha256" not in base.__dict__


@pytest.mark.parametrize("field", [
    '{"name": "id", "type": "string", "default": ""}',
    '{"name": "id", "type": "string", "doc": "the id"}',
    '{"name": "id", "type": {"type": "string", "logicalType": "uuid"}}',
    '{"name": "id", "type": "string", "order": "ignore"}',
    '{"name": "id", "type": "string", "aliases": ["key"]}',
])
def test_field_level_changes_make_a_different_version(field: str) -> None:
    changed = BASE.replace('{"name": "id", "type": "string"}', field)
    assert ENGINE.parse(changed).identity != ENGINE.parse(BASE).identity


@pytest.mark.parametrize(("value", "expected"), [
    (1.0, "1.0"), (0.5, "0.5"), (-2.25, "-2.25"), (100.0, "100.0"), (1e7, "1.0E7"),
    (1.5e-4, "1.5E-4"), (0.001, "0.001"), (123456789.0, "1.23456789E8"), (1e22, "1.0E22"),
    (0.0, "0.0"), (-0.0, "-0.0"), (9999999.0, "9999999.0"),
])
def test_doubles_are_written_as_java_writes_them(value: float, expected: str) -> None:
    assert java_double(value) == expected


def test_json_values_are_written_compactly_in_their_order() -> None:
    assert java_json({"b": [1, 2.0, None, True], "a": {"x": "\u00e9\n"}}) == (
        '{"b":[1,2.0,null,true],"a":{"x":"\u00e9\\n"}}')


def test_inline_suppressions_are_not_part_of_the_identity() -> None:
    suppressed = BASE.replace(
        '"namespace"', '"x-schemalint": {"ignore": {"EVT001": "legacy topic"}}, "namespace"')
    schema = ENGINE.parse(suppressed)
    assert schema.identity == ENGINE.parse(BASE).identity
    assert "x-schemalint" in schema.document
