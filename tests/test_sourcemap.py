from __future__ import annotations

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
