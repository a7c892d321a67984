"""Parsing JSON Schema: strict JSON, drafts, meta-schema errors with places, identity, $ref."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from schemalint import InvalidSchemaError, SchemaType, parse_schema
from schemalint.formats.jsonschema import (
    ENGINE,
    INVALID_SCHEMA,
    JsonRefContext,
    JsonSchemaEngine,
    canonical_string,
    diff,
)
from schemalint.formats.jsonschema.identity import identity_digest
from schemalint.formats.jsonschema.metacheck import surely_valid

REPO = Path(__file__).parents[2] / "fixtures" / "jsonschema" / "repo"
ORDERS = "schemas/orders/value.schema.json"
REF_MAP = {"https://schemas.acme.com/": "schemas/shared/"}

BAD_TEXTS = [
    # (what, text, line, column, words in the message)
    ("trailing comma", '{\n  "type": "object",\n}', 3, 1, "invalid JSON"),
    ("duplicate key", '{\n  "type": "string",\n  "type": "object"\n}', 3, 3, "duplicate key"),
    ("NaN", '{"type": "number", "maximum": NaN}', 1, 31, "NaN"),
    ("not an object", '[1, 2]', 1, 1, "must be an object or a boolean"),
    ("unknown type", '{\n  "type": "object",\n  "properties": {\n    "a": {"type": "strin"}\n'
     '  }\n}', 4, 11, "not a valid JSON Schema (draft-07) at /properties/a/type"),
    ("negative length", '{"type": "string",\n "maxLength": -1}', 2, 2, "maxLength"),
    ("required not a list", '{"required": "a"}', 1, 2, "not of type 'array'"),
    ("draft-04 boolean property schema",
     '{"$schema": "http://json-schema.org/draft-04/schema#",\n "properties": {"a": true}}',
     2, 17, "draft-04"),
    ("2020-12 tuple items", '{"$schema": "https://json-schema.org/draft/2020-12/schema",\n'
     ' "items": [{"type": "string"}]}', 2, 2, "2020-12"),
]


@pytest.mark.parametrize(("text", "line", "column", "words"),
                         [row[1:] for row in BAD_TEXTS], ids=[row[0] for row in BAD_TEXTS])
def test_invalid_input_is_a_finding_with_its_place(text: str, line: int, column: int,
                                                   words: str) -> None:
    with pytest.raises(InvalidSchemaError) as raised:
        ENGINE.parse(text, path="schemas/x/value.schema.json")
    finding = raised.value.finding
    assert finding.code == INVALID_SCHEMA
    assert (finding.path, finding.line, finding.column) == ("schemas/x/value.schema.json",
                                                            line, column)
    assert words in finding.message
    assert "\n" not in str(raised.value)
    assert str(raised.value).startswith(f"schemas/x/value.schema.json:{line}:{column}: ")


@pytest.mark.parametrize(("declared", "draft"), [
    ("http://json-schema.org/draft-04/schema#", "draft-04"),
    ("http://json-schema.org/draft-06/schema#", "draft-06"),
    ("http://json-schema.org/draft-07/schema#", "draft-07"),
    ("https://json-schema.org/draft/2019-09/schema", "2019-09"),
    ("https://json-schema.org/draft/2020-12/schema", "2020-12"),
    (None, "draft-07"),
])
def test_draft_comes_from_schema_keyword(declared: str | None, draft: str) -> None:
    document: dict[str, Any] = {"type": "string"}
    if declared:
        document["$schema"] = declared
    schema = parse_schema(json.dumps(document), "JSON")
    assert schema.schema_type is SchemaType.JSON
    assert schema.parsed.draft == draft


def test_default_draft_is_configurable() -> None:
    text = '{"properties": {"a": true}}'
    assert ENGINE.parse(text).parsed.draft == "draft-07"
    with pytest.raises(InvalidSchemaError):
        JsonSchemaEngine(default_draft="draft-04").parse(text)
    with pytest.raises(InvalidSchemaError):
        ENGINE.parse(text, default_draft="4")


def test_identity_ignores_whitespace_but_not_key_order() -> None:
    compact = ENGINE.parse('{"type":"object","title":"T"}')
    spaced = ENGINE.parse('{\n  "type": "object",\n  "title": "T"\n}')
    reordered = ENGINE.parse('{"title": "T", "type": "object"}')
    assert compact.identity == spaced.identity == '{"type":"object","title":"T"}'
    assert reordered.identity != compact.identity
    normalized = JsonSchemaEngine(normalize=True)
    assert normalized.parse('{"title": "T", "type": "object"}').identity == \
        normalized.parse('{"type": "object", "title": "T"}').identity
    assert canonical_string({"b": 1, "a": "é"}) == '{"b":1,"a":"é"}'
    assert canonical_string({"b": 1, "a": "é"}, normalize=True) == '{"a":"é","b":1}'


OBJECT = '{"type": "object", "properties": {"id": {"type": "string"}, "at": {"type": "integer"}}}'


@pytest.mark.parametrize(("text", "normalize", "same"), [
    ('{"type":"object","properties":{"id":{"type":"string"},"at":{"type":"integer"}}}',
     False, True),
    ('{"properties": {"id": {"type": "string"}, "at": {"type": "integer"}}, "type": "object"}',
     False, False),
    ('{"properties": {"id": {"type": "string"}, "at": {"type": "integer"}}, "type": "object"}',
     True, True),
    ('{"type": "object", "properties": {"at": {"type": "integer"}, "id": {"type": "string"}}}',
     True, True),
    ('{"type": "object", "properties": {"id": {"type": "string"}, "at": {"type": "number"}}}',
     True, False),
    ('{"type": "object", "properties": {"id": {"type": "string"}}}', True, False),
    ('{"type": "object", "title": "T", "properties": {"id": {"type": "string"}, '
     '"at": {"type": "integer"}}}', False, False),
])
def test_same_identity_agrees_with_the_identities(text: str, normalize: bool,
                                                  same: bool) -> None:
    engine = JsonSchemaEngine(normalize=normalize)
    one, other = engine.parse(text), engine.parse(OBJECT)
    assert one.same_identity(other) is same
    assert (one.identity == other.identity) is same


@pytest.mark.parametrize(("one", "other", "same"), [
    ('{"title": "café"}', '{"title": "caf\\u00e9"}', True),
    ('{"title": "café"}', '{ "title":"café" }', True),
    ('{"title": "café"}', '{"title": "cafe"}', False),
    ('{"title": "caf\\u00e9"}', '{"title": "caf\\\\u00e9"}', False),
    ('{"title": "😀"}', '{"title": "\\ud83d\\ude00"}', True),
    ('{"maximum": 1}', '{"maximum": 1.0}', False),
    ('{"type": "string", "title": "é"}', '{"title": "é", "type": "string"}', False),
    ('{"default": true}', '{"default": 1}', False),
    ('{"default": null}', '{"default": false}', False),
    ('{"maximum": 1e2}', '{"maximum": 100.0}', True),
    ('{"maximum": -0.0}', '{"maximum": 0.0}', False),
    ('{"maximum": 12345678901234567890123}', '{"maximum": 12345678901234567890123.0}', False),
    ('{"enum": ["a", "b"]}', '{"enum": [["a", "b"]]}', False),
    ('{"title": "a", "description": "a"}', '{"description": "a", "title": "a"}', False),
])
def test_version_keys_are_equal_exactly_when_identities_are(one: str, other: str,
                                                            same: bool) -> None:
    first, second = ENGINE.parse(one), ENGINE.parse(other)
    assert (first.identity == second.identity) is same
    assert (first.version_key() == second.version_key()) is same


@pytest.mark.parametrize("normalize", [False, True])
def test_identity_digest_reads_values_not_which_are_one_object(normalize: bool) -> None:
    # A large text's decoder shares equal string values; a published version's does not.
    shared = "order-" + "placed"
    apart = ["".join(("order-", "placed")) for _ in range(2)]
    assert apart[0] is not apart[1]
    one = {"title": shared, "description": shared, "enum": [shared]}
    other = {"title": apart[0], "description": apart[1], "enum": ["order-placed"]}
    assert identity_digest(one, normalize) == identity_digest(other, normalize)
    assert identity_digest(one, normalize) != identity_digest({**one, "enum": []}, normalize)


# -- references ------------------------------------------------------------------------------

def _orders(root: Path = REPO, ref_map: dict[str, str] | None = None,
            text: str | None = None) -> Any:
    text = text if text is not None else (root / ORDERS).read_text()
    return ENGINE.parse(text, path=ORDERS,
                        resolver=JsonRefContext(root, REF_MAP if ref_map is None else ref_map))


def test_references_to_other_files_resolve_and_are_listed() -> None:
    schema = _orders()
    assert sorted((ref.name, ref.subject, ref.path) for ref in schema.references) == [
        ("../shared/address.schema.json", "address", "schemas/shared/address.schema.json"),
        ("https://schemas.acme.com/money.schema.json", "money",
         "schemas/shared/money.schema.json"),
    ]
    assert diff(schema, _orders()) == []


def test_a_change_in_a_referenced_file_is_seen(tmp_path: Path) -> None:
    shutil.copytree(REPO, tmp_path / "repo")
    before = _orders(tmp_path / "repo")
    money = tmp_path / "repo" / "schemas" / "shared" / "money.schema.json"
    money.write_text(money.read_text().replace('"maxLength": 3', '"maxLength": 2'))
    after = _orders(tmp_path / "repo")
    assert [str(item) for item in diff(before, after)] == [
        "MAX_LENGTH_DECREASED #/properties/total/properties/currency/maxLength"]
    # The finding anchors on the $ref in the file being checked.
    found = ENGINE.incompatibilities(after, before)
    assert [item.reader_pointer for item in found] == ["/properties/total/$ref/maxLength"]
    assert after.locate(found[0].reader_pointer) == (8, 15)


def test_remote_reference_without_ref_map_is_refused() -> None:
    with pytest.raises(InvalidSchemaError) as raised:
        _orders(ref_map={})
    finding = raised.value.finding
    assert "remote $ref 'https://schemas.acme.com/money.schema.json'" in finding.message
    assert "ref-map" in finding.message
    assert (finding.line, finding.column) == (8, 15)


@pytest.mark.parametrize(("ref", "words"), [
    ("../../../../outside.schema.json", "leaves the repository"),
    ("../shared/missing.schema.json", "cannot read"),
    ("../shared/address.schema.json#/definitions/nope", "nothing at that location"),
    ("#/definitions/nope", "nothing at that location"),
    ("http://example.com/elsewhere.json", "remote $ref"),
])
def test_unresolvable_reference_is_an_error_at_the_ref(ref: str, words: str) -> None:
    text = (REPO / ORDERS).read_text().replace("../shared/address.schema.json#/definitions/zip",
                                              ref)
    with pytest.raises(InvalidSchemaError) as raised:
        _orders(text=text)
    assert words in raised.value.finding.message
    assert (raised.value.finding.line, raised.value.finding.column) == (7, 13)


def test_reference_to_another_file_needs_a_repository_root() -> None:
    with pytest.raises(InvalidSchemaError) as raised:
        ENGINE.parse('{"properties": {"a": {"$ref": "other.schema.json"}}}', path="x.json")
    assert "no repository root" in raised.value.finding.message


@pytest.mark.parametrize("text", [
    # Local cycles: a definition through itself, two definitions through each other, the root.
    '{"definitions": {"node": {"type": "object", "properties": {'
    '"next": {"$ref": "#/definitions/node"}}}}, "$ref": "#/definitions/node"}',
    '{"definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"$ref": "#/definitions/a"}},'
    ' "properties": {"x": {"$ref": "#/definitions/a"}}}',
    '{"type": "object", "properties": {"child": {"$ref": "#"}}}',
    '{"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": {"n": {'
    '"$anchor": "node", "properties": {"n": {"$ref": "#node"}}}}, "$ref": "#node"}',
])
def test_cyclic_references_terminate(text: str) -> None:
    assert diff(ENGINE.parse(text), ENGINE.parse(text)) == []


def test_cycles_across_files_terminate_and_changes_inside_are_found(tmp_path: Path) -> None:
    root = REPO
    path = "schemas/cycle/a.schema.json"
    text = (root / path).read_text()
    first = ENGINE.parse(text, path=path, resolver=JsonRefContext(root))
    assert diff(first, ENGINE.parse(text, path=path, resolver=JsonRefContext(root))) == []
    changed = text.replace('"name": {"type": "string"}', '"name": {"type": "integer"}')
    second = ENGINE.parse(changed, path=path, resolver=JsonRefContext(root))
    found = Counter(str(item) for item in diff(first, second))
    assert found["TYPE_CHANGED #/properties/name"] == 1


# -- the quick meta-schema check -------------------------------------------------------------

DRAFT_VALIDATORS = {
    "draft-04": jsonschema.Draft4Validator, "draft-06": jsonschema.Draft6Validator,
    "draft-07": jsonschema.Draft7Validator, "2019-09": jsonschema.Draft201909Validator,
    "2020-12": jsonschema.Draft202012Validator,
}
DOCUMENTS: list[Any] = [
    {"type": "object", "properties": {"a": {"type": "string", "maxLength": 3}},
     "required": ["a"], "additionalProperties": False},
    {"type": ["string", "null"], "enum": ["a", None]},
    {"enum": [1, 1.0]},
    {"enum": []},
    {"required": []},
    {"required": ["a", "a"]},
    {"type": "number", "exclusiveMaximum": True, "maximum": 3},
    {"type": "number", "exclusiveMaximum": True},
    {"type": "number", "exclusiveMaximum": 3},
    {"multipleOf": 0},
    {"items": []},
    {"items": [{"type": "string"}], "additionalItems": False},
    {"properties": {"a": True}},
    {"const": {"a": 1}},
    {"dependencies": {"a": ["b"], "c": {"required": ["d"]}}},
    {"dependentRequired": {"a": ["b", "b"]}},
    {"$defs": {"x": {"$anchor": "x1"}}},
    {"$id": "http://example.com/x#frag"},
    {"id": "http://example.com/x"},
    {"allOf": []},
    {"prefixItems": [{"type": "string"}], "unevaluatedItems": False},
    {"type": "strin"},
    {"minContains": -1, "contains": {"type": "string"}},
    {"x-custom": {"type": 5}},
    {"title": 5},
    {"if": {"type": "string"}, "then": 3},
]


@pytest.mark.parametrize("draft", sorted(DRAFT_VALIDATORS))
@pytest.mark.parametrize("document", DOCUMENTS, ids=[json.dumps(d)[:40] for d in DOCUMENTS])
def test_quick_meta_check_never_accepts_what_jsonschema_rejects(document: Any,
                                                                draft: str) -> None:
    validator = DRAFT_VALIDATORS[draft]
    really_valid = validator(validator.META_SCHEMA).is_valid(document)
    if surely_valid(document, draft):
        assert really_valid


@pytest.mark.parametrize("depth", [300, 900])
def test_deep_nesting_is_an_error_not_a_crash(depth: int) -> None:
    text = '{"type":"object","properties":{"x":' * depth + '{"type":"string"}' + "}}" * depth
    try:
        old = ENGINE.parse(text)
        new = ENGINE.parse(text.replace('"string"', '"integer"'))
        ENGINE.incompatibilities(new, old)
    except InvalidSchemaError as error:
        # Too deep for the caller's stack, or beyond Jackson's 1,000 levels (depth 900 is
        # 1,801 levels of JSON).
        assert "deep" in error.finding.message


def test_inline_suppressions_are_not_part_of_the_contract() -> None:
    plain = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "properties": {"a": {"type": "string"}}, "unevaluatedProperties": False}
    suppressed = json.loads(json.dumps(plain))
    suppressed["x-schemalint"] = {"ignore": {"EVT001": "legacy topic, ADR-12"}}
    suppressed["properties"]["a"]["x-schemalint"] = {"ignore": {"NAM001": "vendor name"}}
    before, after = ENGINE.parse(json.dumps(plain)), ENGINE.parse(json.dumps(suppressed))
    assert after.identity == before.identity
    # An unknown keyword would hide unevaluatedProperties from Confluent's 2020-12 model.
    assert diff(before, after) == []
    assert "x-schemalint" in after.document
