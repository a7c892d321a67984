"""JSON Schema written in YAML: what it stands for as JSON, where its values are, and the
YAML that is refused, each with its line and column."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schemalint.errors import InvalidSchemaError
from schemalint.formats.jsonschema import ENGINE
from schemalint.model import Schema
from schemalint.sources.files import guess_schema_type
from schemalint.yamlsource import YamlSyntaxError, load_yaml

FIXTURES = Path(__file__).parent / "fixtures" / "jsonschema" / "yaml"

HEADER = "$schema: https://json-schema.org/draft-07/schema#\ntype: object\n"


def parse(text: str, path: str = "schemas/orders/value.yaml") -> Schema:
    return ENGINE.parse(text, path=path)


def billion_laughs(levels: int) -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefghi", "bcdefghij"[:levels], strict=False):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return HEADER + "examples:\n" + "".join(f"  - {line}\n" for line in lines)


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [
        (HEADER + "title: a\ntitle: b\n", "duplicate key 'title' in one YAML mapping", 4, 1),
        (HEADER + "properties:\n  id: {type: string\n", "invalid YAML: while parsing a flow "
         "mapping, did not find expected ',' or '}'", 5, 1),
        (HEADER + "properties:\n  id:\n    type: string\n   - x\n", "invalid YAML", 6, 4),
        (HEADER + "---\ntype: object\n", "expected a single document", 3, 1),
        ("", "an empty YAML document", 1, 1),
        (HEADER + "default: !!binary aGk=\n", "YAML tag !!binary has no JSON value", 3, 10),
        (HEADER + "default: !!set {a: null}\n", "YAML tag !!set has no JSON value", 3, 10),
        (HEADER + "default: !thing 1\n", "YAML tag !thing has no JSON value", 3, 10),
        (HEADER + "maximum: .inf\n", ".inf is not a JSON number", 3, 10),
        (HEADER + "base: &b {type: string}\nproperties:\n  id:\n    <<: *b\n",
         "YAML merge keys (<<) are not read", 6, 5),
        (HEADER + "default: &loop [1, *loop]\n", "a YAML alias refers to a value that "
         "contains it", 3, 10),
        (billion_laughs(8), "YAML aliases expand this document to more than 10 values per "
         "character written (an alias bomb)", 4, 19),  # in the anchored value
        (HEADER + "properties:\n  ? [a, b]\n  : {type: string}\n",
         "a YAML mapping key must be a string", 4, 5),
        ("- type: object\n", "a JSON Schema must be an object or a boolean, not list", 1, 1),
    ],
    ids=["duplicate key", "unclosed flow mapping", "bad indentation", "two documents",
         "empty", "binary", "set", "custom tag", "infinity", "merge key", "recursive alias",
         "billion laughs", "list as key", "not an object"],
)
def test_yaml_that_is_no_json_value_is_one_placed_error(text: str, message: str, line: int,
                                                       column: int) -> None:
    with pytest.raises(InvalidSchemaError) as raised:
        parse(text)
    finding = raised.value.finding
    assert message in finding.message
    assert "\n" not in finding.message
    assert (finding.path, finding.line, finding.column) == ("schemas/orders/value.yaml",
                                                            line, column)


def test_harmless_aliases_expand_as_json_would_hold_them() -> None:
    schema = parse(HEADER + "properties:\n  a: &text {type: string}\n  b: *text\n")
    assert schema.document["properties"]["b"] == {"type": "string"}
    assert schema.locate("/properties/b") == (5, 3)


@pytest.mark.parametrize(
    ("pointer", "position"),
    [
        ("", (3, 1)),  # the first key, after the two comment lines
        ("/properties/meta/properties/dt/format", (26, 9)),
        ("/required/1", (11, 5)),
        ("/examples/0/meta/dt", (34, 7)),
        ("/properties/absent/type", (12, 1)),  # nearest present ancestor: /properties
    ],
)
def test_findings_are_placed_in_the_yaml(pointer: str, position: tuple[int, int]) -> None:
    path = FIXTURES / "event_1.0.0.yaml"
    assert parse(path.read_text(), str(path)).locate(pointer) == position


@pytest.mark.parametrize(
    ("yaml_text", "json_text"),
    [
        # Whitespace, comments and quoting are YAML's: the JSON is what is registered.
        ("title: t\n# a comment\ntype: 'object'\n", '{"title": "t", "type": "object"}'),
        ("description: >\n  folded\n  text\n", '{"description": "folded text\\n"}'),
        # A date stays the string written: JSON has no dates.
        ("default: 2019-01-01T00:00:00Z\n", '{"default": "2019-01-01T00:00:00Z"}'),
        # Keys JSON cannot write as they are, written as JSON writes them.
        ("properties:\n  200: {}\n  true: {}\n", '{"properties": {"200": {}, "true": {}}}'),
        ("enum: [0x1F, 1_000, ~, yes]\n", '{"enum": [31, 1000, null, true]}'),
    ],
    ids=["comments", "folded", "timestamp", "non-string keys", "yaml 1.1 scalars"],
)
def test_a_yaml_schema_is_registered_as_its_json(yaml_text: str, json_text: str) -> None:
    yaml_schema = parse(yaml_text)
    json_schema = ENGINE.parse(json_text, path="schemas/orders/value.json")
    assert yaml_schema.document == json.loads(json_text)
    assert yaml_schema.identity == json_schema.identity
    assert yaml_schema.same_identity(json_schema)
    # What sync sends is that JSON.
    assert json.loads(yaml_schema.text) == json.loads(json_text)


def test_key_order_is_identity_as_for_json() -> None:
    first = parse("title: t\ntype: object\n")
    assert not first.same_identity(parse("type: object\ntitle: t\n"))
    assert first.same_identity(parse("title: t   # the same\ntype: object\n"))


def test_a_registry_version_of_a_yaml_file_is_read_as_json() -> None:
    registered = '{"title": "t", "description": "a\\/b"}'  # JSON, not YAML 1.1
    assert parse(registered).document == {"title": "t", "description": "a/b"}


def test_load_yaml_raises_its_own_error_for_callers_outside_schemas() -> None:
    with pytest.raises(YamlSyntaxError) as raised:
        load_yaml("a: 1\na: 2\n")
    assert (raised.value.line, raised.value.column) == (2, 1)


@pytest.mark.parametrize(
    ("text", "is_schema"),
    [
        ("$schema: https://json-schema.org/draft-07/schema#\n", True),
        ("'$schema': https://json-schema.org/draft-07/schema#\n", True),
        ("title: orders\ntype: object\nproperties:\n  id: {type: string}\n", True),
        ("$id: /orders/1.0.0\nallOf:\n  - $ref: /fragment/common/1.0.0\n", True),
        # Not schemas: configuration that happens to share a word.
        ("schemaBasePath: ./jsonschema/\ncontentTypes: [yaml]\n", False),
        ("name: ci\non: push\njobs:\n  test:\n    type: object\n", False),
        ("title: Release notes\nbody: text\n", False),
        ("description: |\n  $schema: inside a block scalar\n", False),
    ],
)
def test_content_decides_whether_a_yaml_file_is_a_json_schema(text: str,
                                                              is_schema: bool) -> None:
    found = guess_schema_type("schemas/orders/value.yaml", text)
    assert (found is not None) is is_schema
