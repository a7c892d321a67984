"""JSON text to values and positions.

Python's ``json`` and fastavro both accept duplicate keys (the last one wins) and the
non-standard ``NaN``/``Infinity`` literals silently; a schema registry written in Java does
not. This reader rejects both, and maps JSON pointers back to 1-based lines and columns.

Parsing goes through the C ``json`` scanner; positions are computed only when somebody asks
for one (a finding needs a place), so the common path pays nothing for them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from schemalint.model import SourceMapLike


class JsonSyntaxError(ValueError):
    """The text is not strict JSON. Carries the 1-based line and column."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


_DECODER = json.JSONDecoder(object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant)


def loads(text: str) -> Any:
    """Parse strict JSON: no duplicate keys, no NaN or Infinity, nothing after the value."""
    try:
        return _DECODER.decode(text)
    except json.JSONDecodeError as error:
        raise JsonSyntaxError(
            f"invalid JSON: {error.msg}", error.lineno, error.colno
        ) from None
    except _DuplicateKey as duplicate:
        line, column = _find_duplicate(text, duplicate.key)
        raise JsonSyntaxError(
            f"duplicate key {duplicate.key!r} in one JSON object", line, column
        ) from None
    except ValueError as error:
        constant = str(error)
        offset = _find_constant(text, constant)
        line, column = _line_column(text, offset)
        raise JsonSyntaxError(
            f"invalid JSON: {constant} is not a JSON number", line, column
        ) from None
    except RecursionError:
        raise JsonSyntaxError("JSON nested too deeply to read", 1, 1) from None


class SourceMap(SourceMapLike):
    """Positions of every value of a JSON document, keyed by JSON pointer, built on demand."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._positions: dict[str, tuple[int, int]] | None = None

    def position(self, pointer: str) -> tuple[int, int] | None:
        """The position of the member's key (or the array element) the pointer names.

        A pointer to something absent falls back to its nearest present ancestor.
        """
        if self._positions is None:
            self._positions = _scan_positions(self._text)
        candidate = pointer
        while True:
            found = self._positions.get(candidate)
            if found is not None:
                return found
            if not candidate:
                return None
            candidate = candidate.rsplit("/", 1)[0]


def escape_pointer_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def unescape_pointer_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join_pointer(base: str, *tokens: str | int) -> str:
    return base + "".join("/" + escape_pointer_token(str(token)) for token in tokens)


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


def _find_constant(text: str, constant: str) -> int:
    for index, _ in _tokens(text):
        if text.startswith(constant, index) or text.startswith("-" + constant, index):
            return index
    return 0


def _find_duplicate(text: str, key: str) -> tuple[int, int]:
    for offset in _duplicate_key_offsets(text, key):
        return _line_column(text, offset)
    return 1, 1


_WHITESPACE = " \t\r\n"
_PUNCTUATION = "{}[]:,"


def _tokens(text: str) -> Iterator[tuple[int, Any]]:
    """Yield (offset, token) for every token of a JSON text; strings are decoded."""
    index = 0
    length = len(text)
    decode_string = json.decoder.scanstring  # type: ignore[attr-defined]
    while index < length:
        char = text[index]
        if char in _WHITESPACE:
            index += 1
        elif char in _PUNCTUATION:
            yield index, char
            index += 1
        elif char == '"':
            value, end = decode_string(text, index + 1, True)
            yield index, ("s", value)
            index = end
        else:
            end = index
            while end < length and text[end] not in _WHITESPACE and text[end] not in _PUNCTUATION:
                end += 1
            yield index, ("v", text[index:end])
            index = end


def _scan_positions(text: str) -> dict[str, tuple[int, int]]:
    """Map every pointer of a (valid) JSON document to its position, without recursion."""
    offsets: dict[str, int] = {}
    # Each frame: [pointer, kind ('{' or '['), next array index, pending key]
    stack: list[list[Any]] = []
    pending_key_offset = 0
    try:
        tokens = list(_tokens(text))
    except ValueError:
        return {}
    for offset, token in tokens:
        if not stack:
            if token in ("{", "["):
                offsets[""] = offset
                stack.append(["", token, 0, None])
            else:
                offsets[""] = offset
            continue
        frame = stack[-1]
        if token in ("}", "]"):
            stack.pop()
            continue
        if token in (",", ":"):
            continue
        if frame[1] == "{" and frame[3] is None:
            # A key.
            frame[3] = token[1]
            pending_key_offset = offset
            continue
        if frame[1] == "{":
            child = join_pointer(frame[0], frame[3])
            offsets.setdefault(child, pending_key_offset)
            frame[3] = None
        else:
            child = join_pointer(frame[0], frame[2])
            offsets.setdefault(child, offset)
            frame[2] += 1
        if token in ("{", "["):
            stack.append([child, token, 0, None])
    return {pointer: _line_column(text, offset) for pointer, offset in offsets.items()}


def _duplicate_key_offsets(text: str, key: str) -> Iterator[int]:
    stack: list[tuple[str, set[str] | None, list[bool]]] = []
    for offset, token in _tokens(text):
        if token in ("{", "["):
            stack.append((token, set() if token == "{" else None, [True]))
        elif token in ("}", "]"):
            if stack:
                stack.pop()
        elif token == ":":
            if stack:
                stack[-1][2][0] = False
        elif token == ",":
            if stack:
                stack[-1][2][0] = True
        elif stack and stack[-1][0] == "{" and stack[-1][2][0]:
            keys = stack[-1][1]
            assert keys is not None
            name = token[1]
            if name in keys and name == key:
                yield offset
            keys.add(name)
