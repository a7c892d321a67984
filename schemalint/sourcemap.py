"""JSON text to values and positions.

Python's ``json`` and fastavro both accept duplicate keys (the last one wins) and the
non-standard ``NaN``/``Infinity`` literals silently; a schema registry written in Java does
not. This reader rejects both, and maps JSON pointers back to 1-based lines and columns.

Parsing goes through the C ``json`` scanner; positions are computed only when somebody asks
for one (a finding needs a place), so the common path pays nothing for them.
"""

from __future__ import annotations

import bisect
import json
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from schemalint.allocation import paused_gc
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


# Short string values repeat across a schema ("string", "null", the same doc on many fields);
# the C scanner shares repeated keys but makes each value a string of its own, which is a
# third of a large schema's parsed size.
_SHARED_VALUE_LENGTH = 64


def _sharing_values(memo: dict[str, str]) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    def build(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = _reject_duplicates(pairs)
        for key, value in pairs:
            if value.__class__ is str and len(value) <= _SHARED_VALUE_LENGTH:
                shared = memo.setdefault(value, value)
                if shared is not value:
                    result[key] = shared
        return result

    return build


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


_STRICT_DECODER = json.JSONDecoder(object_pairs_hook=_reject_duplicates,
                                   parse_constant=_reject_constant)
# Sharing values costs a Python step per member: worth it only where memory is the limit.
_SHARE_VALUES_FROM = 1 << 20


def _decoder(size: int) -> json.JSONDecoder:
    """A strict decoder; for a large text, one sharing equal short string values."""
    if size < _SHARE_VALUES_FROM:
        return _STRICT_DECODER
    return json.JSONDecoder(object_pairs_hook=_sharing_values({}),
                            parse_constant=_reject_constant)


MAX_DEPTH = 10_000
"""The deepest JSON nesting read. Deeper input is refused: every later step walks the schema
recursively and keeps a pointer per node, so time and memory grow with the square of the
depth (Jackson, the registry's own parser, stops at 1,000 levels by default)."""

_LONE_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def loads(text: str) -> Any:
    """Parse strict JSON: no duplicate keys, no NaN or Infinity, nothing after the value,
    no string that UTF-8 cannot carry, at most ``MAX_DEPTH`` levels of nesting."""
    with paused_gc():
        value = _decode(text)
        # Below that recursion limit the C scanner itself gives up before MAX_DEPTH, and the
        # iterative reader enforces the limit; only a raised limit lets deeper input through.
        too_deep = (sys.getrecursionlimit() > MAX_DEPTH
                    and text.count("{") + text.count("[") > MAX_DEPTH
                    and _depth_exceeds(value, MAX_DEPTH))
    if too_deep:
        line, column = _line_column(text, _deepest_offset(text, MAX_DEPTH))
        raise JsonSyntaxError(_too_deep(), line, column)
    if _LONE_SURROGATE_ESCAPE.search(text):
        _reject_lone_surrogates(text)
    return value


def _too_deep() -> str:
    return (f"JSON nested more than {MAX_DEPTH:,} levels deep: schemalint reads at most "
            f"{MAX_DEPTH:,} levels")


def _decode(text: str) -> Any:
    try:
        return _decoder(len(text)).decode(text)
    except json.JSONDecodeError as error:
        if _is_conflict_marker(text, error.pos):
            raise JsonSyntaxError("an unresolved merge conflict (a line starting with "
                                  "<<<<<<<, ======= or >>>>>>>): resolve it first",
                                  error.lineno, 1) from None
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
        if constant not in ("NaN", "Infinity", "-Infinity"):
            raise _huge_integer(text) from None
        offset = _find_constant(text, constant)
        line, column = _line_column(text, offset)
        raise JsonSyntaxError(
            f"invalid JSON: {constant} is not a JSON number", line, column
        ) from None
    except RecursionError:
        # The C scanner recurses once per level; read deep documents without recursion.
        return _loads_iteratively(text)


def _huge_integer(text: str) -> JsonSyntaxError:
    limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 0
    offset = next((index for index, token in _tokens(text) if isinstance(token, tuple)
                   and token[0] == "v" and len(token[1]) > limit), 0)
    line, column = _line_column(text, offset)
    return JsonSyntaxError(f"invalid JSON: an integer of more than {limit:,} digits", line,
                           column)


def _is_conflict_marker(text: str, offset: int) -> bool:
    start = text.rfind("\n", 0, offset) + 1
    return text.startswith(("<<<<<<< ", "=======", ">>>>>>> ", "||||||| "), start)


def _depth_exceeds(value: Any, limit: int) -> bool:
    if not isinstance(value, (dict, list)):
        return False
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node
        for child in children:
            if isinstance(child, (dict, list)):
                if depth + 1 > limit:
                    return True
                stack.append((child, depth + 1))
    return False


def _deepest_offset(text: str, limit: int) -> int:
    depth = 0
    for offset, token in _tokens(text):
        if token in ("{", "["):
            depth += 1
            if depth > limit:
                return offset
        elif token in ("}", "]"):
            depth -= 1
    return 0


def _reject_lone_surrogates(text: str) -> None:
    # Paired surrogate escapes decode to one character; an unpaired one survives decoding
    # and cannot be written as UTF-8 (to a terminal, a report, a registry).
    for offset, token in _tokens(text):
        if isinstance(token, tuple) and token[0] == "s" and _has_surrogate(token[1]):
            line, column = _line_column(text, offset)
            raise JsonSyntaxError("invalid JSON: a string holds an unpaired UTF-16 surrogate "
                                  "escape (\\ud800-\\udfff), which UTF-8 cannot carry",
                                  line, column)


def _has_surrogate(value: str) -> bool:
    return any("\ud800" <= char <= "\udfff" for char in value)


_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?\Z")
_LITERALS: dict[str, Any] = {"true": True, "false": False, "null": None}
_MISSING = object()


def _scalar(raw: str, text: str, offset: int) -> Any:
    if raw in _LITERALS:
        return _LITERALS[raw]
    match = _NUMBER.match(raw)
    if match is not None:
        if match.group(1) or match.group(2):
            return float(raw)
        try:
            return int(raw)
        except ValueError:  # more digits than Python converts
            raise _huge_integer(text) from None
    line, column = _line_column(text, offset)
    if raw.lstrip("-") in ("NaN", "Infinity"):
        raise JsonSyntaxError(f"invalid JSON: {raw.lstrip('-')} is not a JSON number",
                              line, column)
    raise JsonSyntaxError("invalid JSON: Expecting value", line, column)


def _loads_iteratively(text: str) -> Any:
    """The strict reader without recursion, for documents nested deeper than the C stack."""
    root: Any = _MISSING
    containers: list[Any] = []
    keys: list[str | None] = []
    # What may come next: "value", "value]" (a value or the end of an empty array),
    # "key}" (a key or the end of an empty object), "key", ":", ",".
    expect = "value"
    tokens = _tokens(text)
    offset = 0
    while True:
        try:
            offset, token = next(tokens)
        except StopIteration:
            break
        except ValueError as error:  # a malformed string
            message = getattr(error, "msg", str(error))
            line, column = _line_column(text, getattr(error, "pos", offset))
            raise JsonSyntaxError(f"invalid JSON: {message}", line, column) from None
        if root is not _MISSING or (expect == "," and not containers):
            line, column = _line_column(text, offset)
            raise JsonSyntaxError("invalid JSON: Extra data", line, column)
        value: Any = _MISSING
        if token in ("]", "}") and (
                expect == "," or (token == "]" and expect == "value]")
                or (token == "}" and expect == "key}")):
            if isinstance(containers[-1], list) != (token == "]"):
                line, column = _line_column(text, offset)
                raise JsonSyntaxError("invalid JSON: mismatched bracket", line, column)
            value = containers.pop()
            keys.pop()
        elif token in ("{", "[") and expect in ("value", "value]"):
            if len(containers) >= MAX_DEPTH:
                line, column = _line_column(text, offset)
                raise JsonSyntaxError(_too_deep(), line, column)
            containers.append({} if token == "{" else [])
            keys.append(None)
            expect = "key}" if token == "{" else "value]"
            continue
        elif token == ":" and expect == ":":
            expect = "value"
            continue
        elif token == "," and expect == ",":
            expect = "key" if isinstance(containers[-1], dict) else "value"
            continue
        elif isinstance(token, tuple) and expect in ("key", "key}"):
            if token[0] != "s":
                line, column = _line_column(text, offset)
                raise JsonSyntaxError("invalid JSON: Expecting property name enclosed in "
                                      "double quotes", line, column)
            if token[1] in containers[-1]:
                line, column = _line_column(text, offset)
                raise JsonSyntaxError(f"duplicate key {token[1]!r} in one JSON object",
                                      line, column)
            keys[-1] = token[1]
            expect = ":"
            continue
        elif isinstance(token, tuple) and expect in ("value", "value]"):
            value = token[1] if token[0] == "s" else _scalar(token[1], text, offset)
        else:
            line, column = _line_column(text, offset)
            shown = token if isinstance(token, str) else "value"
            raise JsonSyntaxError(f"invalid JSON: unexpected {shown}", line, column)
        if not containers:
            root = value
            continue
        parent = containers[-1]
        if isinstance(parent, list):
            parent.append(value)
        else:
            parent[keys[-1]] = value
        expect = ","
    if root is _MISSING:
        line, column = _line_column(text, len(text))
        raise JsonSyntaxError("invalid JSON: Expecting value", line, column)
    return root


class SourceMap(SourceMapLike):
    """Positions of every value of a JSON document, looked up by JSON pointer, built on demand.

    The index is a tree (each container maps its keys or indexes to a child), so memory stays
    linear in the document even when it nests thousands of levels deep, and a line is found
    by bisecting the newline offsets.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._index: _Index | None = None
        self._newlines: list[int] | None = None
        # The last few pointers resolved, with what they resolved to: findings come in walk
        # order, so a pointer usually extends one just resolved, and resolving only the rest
        # keeps many findings deep in a deeply nested document from costing depth × findings.
        self._resolved: dict[str, tuple[int, _Children | None, bool]] = {}

    def position(self, pointer: str) -> tuple[int, int] | None:
        """The position of the member's key (or the array element) the pointer names.

        A pointer to something absent falls back to its nearest present ancestor.
        """
        if self._index is None:
            self._index = _scan_positions(self._text)
        index = self._index
        if index.root_offset is None:
            return None
        offset, node, complete = index.root_offset, index.root, True
        rest = pointer
        known = self._known_prefix(pointer)
        if known is not None:
            rest = pointer[len(known):]
            offset, node, complete = self._resolved[known]
        if complete and rest:
            escaped = "~" in rest
            for token in rest.split("/")[1:]:
                if node is None:
                    complete = False
                    break
                found = node.get(unescape_pointer_token(token) if escaped else token)
                if found is None:
                    complete = False
                    break
                offset, node = found
        if len(self._resolved) >= _RESOLVED_KEPT:
            self._resolved.clear()
        self._resolved[pointer] = (offset, node, complete)
        return self._line_column(offset)

    def _known_prefix(self, pointer: str) -> str | None:
        """The longest of the last pointers resolved that is the pointer or an ancestor."""
        best: str | None = None
        for known in self._resolved:
            if (len(known) <= len(pointer) and (best is None or len(known) > len(best))
                    and pointer.startswith(known)
                    and (len(known) == len(pointer) or pointer[len(known)] == "/")):
                best = known
        return best

    def _line_column(self, offset: int) -> tuple[int, int]:
        if self._newlines is None:
            self._newlines = [match.start() for match in re.finditer("\n", self._text)]
        line = bisect.bisect_left(self._newlines, offset)
        start = self._newlines[line - 1] + 1 if line else 0
        return line + 1, offset - start + 1


_RESOLVED_KEPT = 16


def escape_pointer_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def unescape_pointer_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join_pointer(base: str, *tokens: str | int) -> str:
    if len(tokens) == 1:  # the common call, on every node of every walk: kept cheap
        single = str(tokens[0])
        if "~" in single or "/" in single:
            single = escape_pointer_token(single)
        return f"{base}/{single}"
    parts = [base]
    for token in tokens:
        text = str(token)
        parts.append(escape_pointer_token(text) if "~" in text or "/" in text else text)
    return "/".join(parts)


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


# A container's children: key (or array index as text) → (offset, the child's own children).
_Children = dict[str, tuple[int, "_Children | None"]]


@dataclass
class _Index:
    root_offset: int | None
    root: _Children | None


def _scan_positions(text: str) -> _Index:
    """Index every value of a (valid) JSON document by position, without recursion."""
    # Each frame: [children, kind ('{' or '['), next array index, pending key, key offset]
    stack: list[list[Any]] = []
    index = _Index(None, None)
    try:
        for offset, token in _tokens(text):
            if not stack:
                if index.root_offset is not None:
                    break
                index.root_offset = offset
                if token in ("{", "["):
                    index.root = {}
                    stack.append([index.root, token, 0, None, 0])
                continue
            frame = stack[-1]
            if token in ("}", "]"):
                stack.pop()
                continue
            if token in (",", ":"):
                continue
            if frame[1] == "{" and frame[3] is None:
                if not isinstance(token, tuple):  # not JSON after all: no positions
                    return _Index(None, None)
                frame[3] = token[1]
                frame[4] = offset
                continue
            if frame[1] == "{":
                key, child_offset = frame[3], frame[4]
                frame[3] = None
            else:
                key, child_offset = str(frame[2]), offset
                frame[2] += 1
            grandchildren: _Children | None = {} if token in ("{", "[") else None
            if key not in frame[0]:
                frame[0][key] = (child_offset, grandchildren)
            if grandchildren is not None:
                stack.append([grandchildren, token, 0, None, 0])
    except ValueError:
        return _Index(None, None)
    return index


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
