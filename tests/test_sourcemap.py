from __future__ import annotations

import json
import random

import pytest

from schemalint.sourcemap import JsonSyntaxError, SourceMap, join_pointer, loads

DOCUMENT = """{
  "type": "record",
  "name": "OrderPlaced",
  "fields": [
    {"name": "id", "type": "string"},
    {
      "name": "a/b~c",
      "type": {"type": "array", "items": "long"}
    }
  ]
}"""


@pytest.mark.parametrize(
    ("pointer", "position"),
    [
        ("", (1, 1)),
        ("/type", (2, 3)),
        ("/fields", (4, 3)),
        ("/fields/0", (5, 5)),
        ("/fields/0/type", (5, 20)),
        ("/fields/1/name", (7, 7)),
        ("/fields/1/type/items", (8, 33)),
        (join_pointer("", "fields", 1, "type", "type"), (8, 16)),
        # Absent elements fall back to the nearest present ancestor.
        ("/fields/1/default", (6, 5)),
        ("/fields/7/type", (4, 3)),
    ],
)
def test_positions_of_pointers(pointer: str, position: tuple[int, int]) -> None:
    assert SourceMap(DOCUMENT).position(pointer) == position


def test_escaped_pointer_tokens() -> None:
    text = '{"a/b~c": {"x": 1}}'
    assert SourceMap(text).position(join_pointer("", "a/b~c", "x")) == (1, 12)


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [
        ('{"a": 1,\n "a": 2}', "duplicate key 'a'", 2, 2),
        ('{"a": {"b": 1, "c": 2, "b": 3}}', "duplicate key 'b'", 1, 24),
        ('{"a": NaN}', "NaN is not a JSON number", 1, 7),
        ('{"a": -Infinity}', "Infinity is not a JSON number", 1, 7),
        ('{"a": 1,}', "invalid JSON", 1, 9),
        ('{"a": 1} x', "invalid JSON", 1, 10),
        ("", "invalid JSON", 1, 1),
    ],
)
def test_rejects_what_java_rejects(text: str, message: str, line: int, column: int) -> None:
    with pytest.raises(JsonSyntaxError) as raised:
        loads(text)
    assert message in raised.value.message
    assert (raised.value.line, raised.value.column) == (line, column)


def test_duplicate_keys_in_different_objects_are_fine() -> None:
    assert loads('[{"a": 1}, {"a": 2}]') == [{"a": 1}, {"a": 2}]


def _object(members: list[tuple[str, str]], space: str) -> tuple[str, dict[str, int]]:
    """An object written from raw keys and values, and where each key starts."""
    text, offsets = "{" + space, {}
    for index, (key, value) in enumerate(members):
        if index:
            text += "," + space
        offsets[json.loads(key)] = len(text)
        text += f"{key}:{space}{value}"
    return text + space + "}", offsets


def _line_column(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


# Long runs of members with no container inside, between which sit keys written with
# escapes, values spelling a key, and keys inside nested values that are not members.
_PLAIN_VALUES = ['{"type": "string", "doc": "a field"}', '"text"', "-12.5e3", "true",
                 '[1, "two", null]', "{}"]
_SPECIAL = {
    100: ('"decoy"', '"target"'),
    150: ('"flat"', '{"target": 1, "nowhere": 2}'),
    200: ('"nested"', '{"x": {"target": 2, "nowhere": [3]}}'),
    250: ('"doc"', '"say \\"target\\" \\\\ twice"'),
    300: ('"\\ud83d\\ude00"', "1"),
    500: ('"a\\/b"', '"slash"'),
    700: ('"\\"q\\""', '"quoted"'),
    900: ('"\\u0061"', '{"a": "not this one"}'),
    950: ('"target"', "3"),
    990: ('"t\\u00C9st"', '[{"deep": true}]'),
}
_MEMBERS = [_SPECIAL.get(index, (f'"field_{index}"', _PLAIN_VALUES[index % 6]))
            for index in range(1000)]
_WANTED = ["target", "a/b", "a", '"q"', "\U0001F600", "tÉst", "field_0", "field_16",
           "field_17", "field_640", "field_999", "decoy", "flat", "nested", "doc", "nowhere",
           "x", "deep", "field_1000"]


@pytest.mark.parametrize("small_text", [True, False], ids=["ordinary", "large"])
@pytest.mark.parametrize("space", ["", " ", "\n  "], ids=["compact", "spaced", "indented"])
@pytest.mark.parametrize("order", ["forward", "backward", "shuffled", "one-per-map"])
def test_keys_of_a_large_object(small_text: bool, space: str, order: str) -> None:
    """Keys are found wherever they are written, however escaped; a key present only inside a
    member's value, or only as a value, is not a member (the object itself is shown)."""
    body, offsets = _object(_MEMBERS, space)
    assert list(json.loads(body)) == list(offsets)
    text = '{"properties": ' + body + "}"
    shift = len('{"properties": ')
    wanted = {"forward": _WANTED, "backward": _WANTED[::-1], "one-per-map": _WANTED,
              "shuffled": random.Random(7).sample(_WANTED, len(_WANTED))}[order]
    source = SourceMap(text)
    source._small_text = small_text
    for token in wanted:
        if order == "one-per-map":
            source = SourceMap(text)
        pointer = join_pointer("/properties", token)
        # An absent key: the object's own key.
        expected = offsets[token] + shift if token in offsets else text.index('"properties"')
        assert source.position(pointer) == _line_column(text, expected), token
        assert source.position(pointer + "/absent") == _line_column(text, expected), token


@pytest.mark.parametrize("space", ["", " ", "\n  "], ids=["compact", "spaced", "indented"])
@pytest.mark.parametrize("escaped_every", [1, 37, 5000], ids=["all", "some", "none"])
def test_elements_of_a_long_array_with_escaped_strings(space: str, escaped_every: int) -> None:
    """A string with escaped quotes, read as if a backslash were a character like any other,
    would end early and split its element in two: every element must still be counted once."""
    tricky = r'"say \"}, {\"hi"'
    elements = [f'{{"name": "f_{index}", "doc": ' + (tricky if index % escaped_every == 0
                                                    else '"say hi"') + "}"
                for index in range(2000)]
    assert len(json.loads("[" + ",".join(elements) + "]")) == 2000
    text = "[" + space + f",{space}".join(elements) + space + "]"
    starts = [text.index(f'{{"name": "f_{index}",') for index in range(2000)]
    source = SourceMap(text)
    for index in (1999, 0, 64, 63, 1000, 1001, 37, 2000, 1998):
        expected = starts[index] if index < 2000 else 0
        assert source.position(f"/{index}") == _line_column(text, expected), index


def test_many_absent_keys_then_present_ones() -> None:
    """Looking for many keys that are not there reads the whole object in the end: every key
    is still found after that, with the same result."""
    body, offsets = _object(_MEMBERS, " ")
    source = SourceMap(body)
    source._small_text = False
    for index in range(40):
        assert source.position(f"/absent_{index}") == (1, 1)
    for token in _WANTED:
        expected = offsets.get(token, 0)
        assert source.position(join_pointer("", token)) == _line_column(body, expected), token


@pytest.mark.parametrize("token", ["\u0663", "\u00b2", "3\u0663"])
def test_an_index_is_written_in_ascii_digits(token: str) -> None:
    # Python takes "٣" and "²" for digits; a JSON pointer does not: the array itself is shown.
    assert SourceMap("[1,\n2,\n3,\n4]").position(f"/{token}") == (1, 1)


def _every_pointer(value: object, base: str = "") -> list[str]:
    found = [base]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _every_pointer(item, join_pointer(base, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _every_pointer(item, join_pointer(base, index))
    return found


# Texts where a key could be mistaken for another: escapes in keys and values, quotes and
# colons inside strings, the same name at several depths, keys inside arrays.
RANKED_TEXTS = [
    DOCUMENT,
    '{"a": {"a": {"a": 1}}, "b": [{"a": 2}, {"b": {"a": 3}}], "a\\"b": "x\\": 1, \\"a\\":"}',
    '{"p\\u0061ttern": "^[a-z]\\\\.$", "patterns": {"pattern": ["\\"", "\\\\"]}, "~/": {"/": 1}}',
    '{\n  "enum": [\n    "a",\n    {"x": []},\n    [1, {"x": 2}]\n  ],\n  "x": {}\n}',
    '{"": {"": [{"": null}]}, " ": {"\\n": true}, "é": {"€": "ü"}}',
    '[{"a": 1}, [{"b": {"c": [2, {"d": 3}]}}], "e"]',
]


@pytest.mark.parametrize("text", RANKED_TEXTS)
def test_positions_found_by_rank_are_those_of_the_walk(text: str) -> None:
    document = loads(text)
    pointers = _every_pointer(document)
    pointers += [pointer + suffix for pointer in pointers for suffix in ("/missing", "/9")]
    ranked = SourceMap(text, document)
    ranked._walks_left = 0  # by rank from the first position on
    for pointer in pointers:
        # A fresh walk each time: nothing it resolved before helps it.
        assert ranked.position(pointer) == SourceMap(text).position(pointer), pointer


def test_a_member_found_by_rank_reads_no_container_of_the_text() -> None:
    text = RANKED_TEXTS[1]
    ranked = SourceMap(text, loads(text))
    ranked._walks_left = 0
    assert ranked.position("/b/1/b/a") == (1, 47)
    assert ranked._containers == {}


@pytest.mark.parametrize(("fields", "large"), [(60_000, True), (2_000, False)])
def test_a_text_lists_its_keys_only_once_several_positions_are_asked(fields: int,
                                                                     large: bool) -> None:
    document = {f"field_{index}": {"type": "string"} for index in range(fields)}
    text = json.dumps(document, indent=2)
    assert (len(text) > 1 << 20) is large
    ranked = SourceMap(text, loads(text))
    walked = SourceMap(text)
    pointers = [f"/field_{index}/type" for index in range(0, fields, fields // 120)]
    assert ranked.position(pointers[0]) == walked.position(pointers[0])
    assert ranked._ranks is not None and ranked._ranks._offsets is None
    assert [ranked.position(p) for p in pointers] == [walked.position(p) for p in pointers]
    assert ranked._ranks._offsets is not None
