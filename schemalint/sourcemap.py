"""JSON text to values and positions.

Python's ``json`` and fastavro both accept duplicate keys (the last one wins) and the
non-standard ``NaN``/``Infinity`` literals silently; a schema registry written in Java does
not. This reader rejects both, and maps JSON pointers back to 1-based lines and columns.

Parsing goes through the C ``json`` scanner; positions are computed only when somebody asks
for one (a finding needs a place), so the common path pays nothing for them.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
import sys
from array import array
from collections.abc import Iterator, Mapping
from typing import Any

from schemalint.allocation import paused_gc
from schemalint.regexes import lazy_compile


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


def _sharing_values(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # Interned rather than kept in a table of this text's own: the versions of one schema
    # (a check reads the previous one too) then share their names. An interned string is
    # freed once nothing holds it (except on CPython 3.12.0 to 3.12.4, which kept them all).
    result = _reject_duplicates(pairs)
    for key, value in pairs:
        if value.__class__ is str and len(value) <= _SHARED_VALUE_LENGTH:
            shared = sys.intern(value)
            if shared is not value:
                result[key] = shared
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


_STRICT_DECODER = json.JSONDecoder(object_pairs_hook=_reject_duplicates,
                                   parse_constant=_reject_constant)
_LENIENT_DECODER = json.JSONDecoder(parse_constant=_reject_constant)
# Sharing values costs a Python step per member: worth it only where memory is the limit.
_SHARE_VALUES_FROM = 1 << 20


def _decoder(size: int) -> json.JSONDecoder:
    """A strict decoder; for a large text, one sharing equal short string values."""
    if size < _SHARE_VALUES_FROM:
        return _STRICT_DECODER
    return _SHARING_DECODER


_SHARING_DECODER = json.JSONDecoder(object_pairs_hook=_sharing_values,
                                    parse_constant=_reject_constant)


MAX_DEPTH = 1_000
"""The deepest JSON nesting read: Jackson's default limit (``StreamReadConstraints``' maximum
nesting depth since 2.15), with which the registry reads Avro and JSON Schema texts. Deeper
input is refused, as the registry refuses it."""

_LONE_SURROGATE_ESCAPE = lazy_compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def loads(text: str, *, last_duplicate_wins: bool = False) -> Any:
    """Parse strict JSON: no duplicate keys, no NaN or Infinity, nothing after the value,
    no string that UTF-8 cannot carry, at most ``MAX_DEPTH`` levels of nesting.

    ``last_duplicate_wins``: a duplicate key is no error, the last value is kept, as Jackson
    (the registry's parser) reads it. For versions already published (git history, a
    registry's), which the registry accepted so: the C scanner then reads without a Python
    step per object."""
    with paused_gc():
        value = _decode(text, last_duplicate_wins)
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


# A string (passed over whole, so "//" inside one is no comment), or a comment.
_STRING_OR_COMMENT = lazy_compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|//[^\n\r]*|/\*.*?\*/|/\*', re.DOTALL)
_NOT_LINE_BREAK = lazy_compile(r"[^\n\r]")


def without_comments(text: str) -> str:
    """``text`` with the comments Avro's Java parser accepts blanked out.

    Avro's ``Schema.Parser`` reads with Jackson's ``JsonParser.Feature.ALLOW_COMMENTS`` (and
    no other leniency): ``//`` to the end of the line and ``/* … */`` (not nested), wherever
    white space may stand. Each comment character becomes a space and line breaks stay, so
    ``loads`` and ``SourceMap`` read the result at the lines and columns of ``text``.
    """
    if "//" not in text and "/*" not in text:
        return text
    parts: list[str] = []
    end = 0
    for match in _STRING_OR_COMMENT.finditer(text):
        token = match.group()
        if token[0] == '"':
            continue
        if token == "/*":
            line, column = _line_column(text, match.start())
            raise JsonSyntaxError("invalid JSON: a /* comment is never closed with */",
                                  line, column)
        parts += (text[end:match.start()], _NOT_LINE_BREAK.sub(" ", token))
        end = match.end()
    if not parts:
        return text
    parts.append(text[end:])
    return "".join(parts)


def _too_deep() -> str:
    return (f"JSON nested more than {MAX_DEPTH:,} levels deep: the registry's parser "
            f"(Jackson) refuses it, and schemalint reads at most {MAX_DEPTH:,} levels")


def _decode(text: str, last_duplicate_wins: bool = False) -> Any:
    try:
        decoder = _LENIENT_DECODER if last_duplicate_wins else _decoder(len(text))
        return decoder.decode(text)
    except json.JSONDecodeError as error:
        if _is_conflict_marker(text, error.pos):
            raise JsonSyntaxError("an unresolved merge conflict (a line starting with "
                                  "<<<<<<<, ======= or >>>>>>>): resolve it first",
                                  error.lineno, 1) from None
        if not text.strip():
            raise JsonSyntaxError("invalid JSON: the file is empty", error.lineno,
                                  error.colno) from None
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
    # Level by level: no depth to carry with each container, and most children (strings)
    # are passed over on their class alone.
    if not isinstance(value, (dict, list)):
        return False
    level: list[Any] = [value]
    depth = 1
    while level:
        deeper: list[Any] = []
        for node in level:
            for child in node.values() if isinstance(node, dict) else node:
                if child.__class__ is not str and isinstance(child, (dict, list)):
                    deeper.append(child)
        if deeper and depth + 1 > limit:
            return True
        level = deeper
        depth += 1
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


_NUMBER = lazy_compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?\Z")
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


class SourceMapLike:
    """Anything that turns a JSON pointer into a 1-based (line, column)."""

    def position(self, pointer: str) -> tuple[int, int] | None:  # pragma: no cover - protocol
        raise NotImplementedError


_NO_DOCUMENT: Any = object()
# Positions a text finds by walking before it lists its keys: a text larger than
# ``_SMALL_TEXT`` many, a smaller one two (a schema's one or two findings in a text of 100 kB
# cost a quarter of listing its keys; walking to more, deep in the text, costs more).
_WALKS_BEFORE_RANKS = 64
_WALKS_BEFORE_RANKS_SMALL = 2


class SourceMap(SourceMapLike):
    """Positions of the values of a JSON document, looked up by JSON pointer, found on demand.

    Nothing is indexed up front: a lookup walks the text from the root along the pointer,
    stepping over the siblings before each token (a value with no container inside in one
    regular-expression match, runs of them in one more), and a large container remembers
    where its members (or every 64th element) start, and the runs of members it stepped over
    without reading them. Later lookups in it resume from there, so many findings cost time
    and memory linear in the part of the text they reach, however large the document; small
    containers are simply read again.
    """

    def __init__(self, text: str, document: Any = _NO_DOCUMENT) -> None:
        self._text = text
        # With the document the text parses to, a member's key is found by its rank among
        # the keys (see ``_KeyRanks``) rather than by walking the text. Listing the keys
        # costs a pass over the whole text: only once several positions were asked for (a
        # few findings in a schema walk no further than their places).
        self._ranks = _KeyRanks(text, document) if document is not _NO_DOCUMENT else None
        self._walks_left = (_WALKS_BEFORE_RANKS_SMALL if len(text) <= _SMALL_TEXT
                            else _WALKS_BEFORE_RANKS)
        self._root: int | None = None
        self._containers: dict[int, _Container] = {}
        # The last few pointers resolved, with what they resolved to: findings come in walk
        # order, so a pointer usually extends one just resolved, and resolving only the rest
        # keeps many findings deep in a deeply nested document from costing depth × findings.
        self._resolved: dict[str, tuple[int, int, bool]] = {}
        self._lines = _LineIndex(text)
        # In a text this short every container is kept once read: the many findings of a
        # schema of ordinary size then find their way in dictionaries, not in the text.
        self._small_text = len(text) <= _SMALL_TEXT

    def position(self, pointer: str) -> tuple[int, int] | None:
        """The position of the member's key (or the array element) the pointer names.

        A pointer to something absent falls back to its nearest present ancestor.
        """
        if self._walks_left:
            self._walks_left -= 1
        elif self._ranks is not None:
            member = self._ranks.deepest_member(pointer)
            if member is not None:
                # The walk goes on from that member: array elements, or what is absent.
                prefix, offset = member
                if prefix == pointer:
                    return self._lines.line_column(offset)
                key = _KEY.match(self._text, offset)
                if key is not None:
                    if len(self._resolved) >= _RESOLVED_KEPT:
                        self._resolved.clear()
                    self._resolved[prefix] = (offset, key.end(), True)
        if self._root is None:
            root = _skip_space(self._text, 0)
            if root >= len(self._text):
                return None
            self._root = root
        shown, value, complete = self._root, self._root, True
        rest = pointer
        known = self._known_prefix(pointer)
        if known is not None:
            rest = pointer[len(known):]
            shown, value, complete = self._resolved[known]
        if complete and rest:
            escaped = "~" in rest
            for token in rest.split("/")[1:]:
                try:
                    found = self._child(value, unescape_pointer_token(token) if escaped
                                        else token)
                except (ValueError, IndexError):  # not JSON after all: the nearest place
                    found = None
                if found is None:
                    complete = False
                    break
                shown, value = found
        if len(self._resolved) >= _RESOLVED_KEPT:
            self._resolved.clear()
        self._resolved[pointer] = (shown, value, complete)
        return self._lines.line_column(shown)

    def _child(self, value: int, token: str) -> tuple[int, int] | None:
        """(where the child is shown, where its value starts) of the container at ``value``."""
        container = self._containers.get(value)
        if container is None:
            opening = self._text[value]
            if opening == "{":
                container = _Members(self._text, value)
            elif opening == "[":
                container = _Elements(self._text, value)
            else:
                return None
            found = container.find(token)
            if container.large() or self._small_text:
                self._containers[value] = container
            return found
        return container.find(token)

    def _known_prefix(self, pointer: str) -> str | None:
        """The longest of the last pointers resolved that is the pointer or an ancestor."""
        best: str | None = None
        for known in self._resolved:
            if (len(known) <= len(pointer) and (best is None or len(known) > len(best))
                    and pointer.startswith(known)
                    and (len(known) == len(pointer) or pointer[len(known)] == "/")):
                best = known
        return best


# Every string of a JSON text, in order; group 1 is set when it is a key. Outside strings a
# quote only ever opens one, and each match takes a whole string, so matches stay aligned.
_STRING_OR_KEY = lazy_compile(r'"[^"\\]*(?:\\.[^"\\]*)*"([ \t\r\n]*:)?')


def _quoted_key(name: str) -> str:
    return f'"{name}"' if '"' not in name and "\\" not in name else json.dumps(
        name, ensure_ascii=False)


class _KeyRanks:
    """Where keys are in a JSON text, found by rank in the document the text parses to.

    The keys of a JSON text, in text order, are the keys of its document in pre-order (object
    members in order, each followed by the keys inside its value). So the key a pointer ends
    at is the key of the text whose index is the number of keys before it in pre-order: the
    keys in the values of the members and elements before each step of the pointer, counted
    from the document (once per container) and never looked for in the text. One pass of a
    regular expression lists where the keys are.
    """

    def __init__(self, text: str, document: Any) -> None:
        self.text = text
        self.document = document
        self._offsets: list[int] | None = None
        self._sizes: dict[int, int] = {}  # id of a container → number of keys inside it
        # id of an object → the rank of each member's key, counted from the object's first
        # key; id of an array → the same for the first key inside each element
        self._member_ranks: dict[int, dict[str, int]] = {}
        self._element_offsets: dict[int, list[int]] = {}

    def deepest_member(self, pointer: str) -> tuple[str, int] | None:
        """The longest part of ``pointer`` that names a member present in the document, and
        where that member's key starts; None where there is none (the pointer names the root,
        or something absent from it) or its key is written with escapes."""
        value = self.document
        rank = 0  # keys before the first key inside ``value``
        key_rank: int | None = None
        name = ""
        end = 0  # the length of the pointer's part up to the member
        at = 0
        for raw in pointer.split("/")[1:]:
            at += 1 + len(raw)
            token = unescape_pointer_token(raw) if "~" in raw else raw
            if type(value) is dict:
                if token not in value:
                    break
                key_rank = rank + self._ranks_in(value)[token]
                name, end = token, at
                rank = key_rank + 1
                value = value[token]
            elif type(value) is list:
                if not (token.isascii() and token.isdigit()) or str(int(token)) != token:
                    break
                index = int(token)
                if index >= len(value):
                    break
                rank += self._element_ranks(value)[index]
                value = value[index]
            else:
                break
        if key_rank is None:
            return None
        offsets = self._key_offsets()
        if key_rank >= len(offsets):
            return None
        offset = offsets[key_rank]
        # The key written as the name is (a key written with escapes is left to the walk):
        # the document is the text's, and a mismatch would mean it is not.
        if not self.text.startswith(_quoted_key(name), offset):
            return None
        return pointer[:end], offset

    def _key_offsets(self) -> list[int]:
        if self._offsets is None:
            self._offsets = [match.start() for match in
                             _STRING_OR_KEY.finditer(self.text) if match.lastindex]
        return self._offsets

    def _ranks_in(self, value: dict[str, Any]) -> dict[str, int]:
        ranks = self._member_ranks.get(id(value))
        if ranks is None:
            ranks = {}
            rank = 0
            for key, item in value.items():
                ranks[key] = rank
                rank += 1 + self._size(item)
            self._member_ranks[id(value)] = ranks
        return ranks

    def _element_ranks(self, value: list[Any]) -> list[int]:
        ranks = self._element_offsets.get(id(value))
        if ranks is None:
            ranks = []
            rank = 0
            for item in value:
                ranks.append(rank)
                rank += self._size(item)
            self._element_offsets[id(value)] = ranks
        return ranks

    def _size(self, value: Any) -> int:
        """The number of keys inside ``value``, every container's count kept on the way."""
        kind = type(value)
        if kind is not dict and kind is not list:
            return 0
        sizes = self._sizes
        known = sizes.get(id(value))
        if known is not None:
            return known
        # Post-order without recursion: a container is counted once its children are.
        stack: list[tuple[Any, bool]] = [(value, False)]
        while stack:
            node, children_done = stack.pop()
            if children_done:
                total = len(node) if type(node) is dict else 0
                for child in (node.values() if type(node) is dict else node):
                    child_kind = type(child)
                    if child_kind is dict or child_kind is list:
                        total += sizes[id(child)]
                sizes[id(node)] = total
                continue
            stack.append((node, True))
            for child in (node.values() if type(node) is dict else node):
                child_kind = type(child)
                if (child_kind is dict or child_kind is list) and id(child) not in sizes:
                    stack.append((child, False))
        return sizes[id(value)]


_SPACE = lazy_compile(r"[ \t\r\n]*")
_STRING_TEXT = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_STRING = lazy_compile(_STRING_TEXT)
# A value with no container inside it: a string, a number or literal, or an object or array
# of those. Written so that each character can be taken only one way ("unrolling the loop"):
# a failed match (a nested container) gives up in linear time.
_NOT_STRUCTURE = r'[^"\[\]{}]*'
_FLAT_CONTAINER_TEXT = (rf'\{{{_NOT_STRUCTURE}(?:{_STRING_TEXT}{_NOT_STRUCTURE})*\}}'
                        rf'|\[{_NOT_STRUCTURE}(?:{_STRING_TEXT}{_NOT_STRUCTURE})*\]')
_FLAT_VALUE_TEXT = rf'{_STRING_TEXT}|[^\s,:\[\]{{}}"]+|{_FLAT_CONTAINER_TEXT}'
_FLAT_VALUE = lazy_compile(_FLAT_VALUE_TEXT)
_PLAIN_STRING_TEXT = r'"[^"]*"'
_PLAIN_FLAT_VALUE_TEXT = (
    rf'{_PLAIN_STRING_TEXT}|[^\s,:\[\]{{}}"]+'
    rf'|\{{{_NOT_STRUCTURE}(?:{_PLAIN_STRING_TEXT}{_NOT_STRUCTURE})*\}}'
    rf'|\[{_NOT_STRUCTURE}(?:{_PLAIN_STRING_TEXT}{_NOT_STRUCTURE})*\]')
_STRUCTURE = lazy_compile(r'["\[\]{}]')


def _skip_space(text: str, offset: int) -> int:
    match = _SPACE.match(text, offset)
    return match.end() if match is not None else offset


def _skip_value(text: str, offset: int) -> int:
    """The offset just after the JSON value starting at ``offset`` (valid JSON assumed)."""
    flat = _FLAT_VALUE.match(text, offset)
    if flat is not None:
        return flat.end()
    # Nested containers, without recursion: runs of members and elements with no container
    # inside are stepped over a thousand at a time, each nesting container in a step.
    depth = 0
    index = offset
    while True:
        if depth:
            run = _FLAT_RUN.match(text, index)
            while run is not None and run.end() > index:
                index = run.end()
                run = _FLAT_RUN.match(text, index)
        found = _STRUCTURE.search(text, index)
        if found is None:
            raise ValueError("unterminated JSON value")
        at = found.start()
        char = text[at]
        if char == '"':
            string = _STRING.match(text, at)
            if string is None:
                raise ValueError("unterminated JSON string")
            index = string.end()
        elif char in "[{":
            depth += 1
            index = at + 1
        else:
            depth -= 1
            index = at + 1
            if depth <= 0:
                return index


_SEPARATOR = r"[ \t\r\n]*,?[ \t\r\n]*"
_NEXT_MEMBER = lazy_compile(
    rf"{_SEPARATOR}({_STRING_TEXT})[ \t\r\n]*:[ \t\r\n]*({_FLAT_VALUE_TEXT})?")
_NEXT_ELEMENT = lazy_compile(rf"{_SEPARATOR}(?:({_FLAT_VALUE_TEXT})|(?=[{{\[]))")
_KEY = lazy_compile(rf"{_STRING_TEXT}[ \t\r\n]*:[ \t\r\n]*")
# One member of a run, with its comma: the key's text is group 1.
_RUN_MEMBER = lazy_compile(
    rf"[ \t\r\n]*,[ \t\r\n]*({_STRING_TEXT})[ \t\r\n]*:[ \t\r\n]*(?:{_FLAT_VALUE_TEXT})")
# Up to a thousand members or elements holding no container. A key whose value nests is
# taken as a string on its own; the caller goes on from its colon.
_FLAT_RUN = lazy_compile(
    rf"(?:{_SEPARATOR}(?:{_STRING_TEXT}[ \t\r\n]*:[ \t\r\n]*)?(?:{_FLAT_VALUE_TEXT}))"
    r"{0,1024}")


class _Members:
    """The members of one object, read up to the last one asked for: key → key offset.

    The value of the last member read is stepped over only when the next member is wanted:
    finding ``fields`` does not read the fields. Past the first ``_SMALL`` members, runs of
    members with no container inside are stepped over in one match each and kept as spans;
    a span is read member by member only when a key asked for may be written in it.
    """

    def __init__(self, text: str, opening: int) -> None:
        self.text = text
        self.opening = opening
        self.keys: dict[str, int] = {}
        self.resume: int | None = opening + 1  # None: every member read or stepped over
        self.pending: int | None = None  # where the last member's value starts, not yet read
        self.spans: _Spans | None = None  # once the object proves large
        self.plain = True  # whether the last run stepped over held no backslash

    def find(self, token: str) -> tuple[int, int] | None:
        found = self.keys.get(token)
        if found is None and self.spans is not None and self.spans.unread:
            # Findings come in text order: first the spans after the last key found, then
            # the members not yet reached, then the spans before it.
            found = self._search_spans(self.spans, token, self.spans.cursor,
                                       self.spans.ends[-1])
        while found is None and self.resume is not None:
            found = self._advance(token)
        if found is None and self.spans is not None and self.spans.unread:
            found = self._search_spans(self.spans, token, 0, self.spans.cursor)
        if found is None:
            return None
        if self.spans is not None:
            self.spans.cursor = found
        key = _KEY.match(self.text, found)
        if key is None:
            raise ValueError("not a JSON member")
        return found, key.end()

    def _advance(self, token: str) -> int | None:
        """Read the next member, or step over the next run; the token's key offset if met."""
        assert self.resume is not None
        if self.pending is not None:
            self.resume = _skip_value(self.text, self.pending)
            self.pending = None
        if len(self.keys) >= _SMALL or self.spans is not None:
            end = self._run(self.resume)
            if end is not None:
                start, self.resume = self.resume, end
                escaped = not self.plain
                if _may_be_written(self.text, token, start, end, escaped):
                    self._read_span(start, end, escaped)
                    return self.keys.get(token)
                if self.spans is None:
                    self.spans = _Spans()
                self.spans.add(start, end, escaped)
                return None
        self._read_one()
        return self.keys.get(token)

    def _run(self, offset: int) -> int | None:
        """The end of the run of members with no container inside from ``offset``, if any."""
        end, self.plain = _step_over(self.text, offset, _PLAIN_MEMBER_RUN, _MEMBER_RUN,
                                     self.plain)
        return end

    def _read_one(self) -> None:
        assert self.resume is not None
        member = _NEXT_MEMBER.match(self.text, self.resume)
        if member is None:  # the closing brace, or not JSON
            self.resume = None
            return
        raw = member.group(1)
        name = json.loads(raw) if "\\" in raw else raw[1:-1]
        self.keys.setdefault(name, member.start(1))
        self.resume = member.end()
        if member.lastindex is None or member.lastindex < 2:
            self.pending = member.end()

    def _read_span(self, start: int, end: int, escaped: bool) -> None:
        keys = self.keys
        for member in (_RUN_MEMBER if escaped else _PLAIN_RUN_MEMBER).finditer(self.text, start,
                                                                              end):
            raw = member.group(1)
            keys.setdefault(json.loads(raw) if escaped and "\\" in raw else raw[1:-1],
                            member.start(1))

    def _search_spans(self, spans: _Spans, token: str, begin: int, stop: int) -> int | None:
        """The token's key offset if it is in a span from ``begin`` to ``stop`` stepped over
        and not yet read; only a span where the key may be written is read.

        Searching again and again for keys that are not there costs at most a few passes
        over the spans before they are all read, as the members would have been one by one.
        """
        if spans.searched > _SEARCHES * spans.extent():
            for index in range(spans.first_unread, len(spans.starts)):
                if not spans.read[index]:
                    self._read_span(*spans.take(index))
            return self.keys.get(token)
        text = self.text
        written = _written_forms(token) if spans.escaped_unread else None
        quoted = _quoted(token)
        if written is None and quoted is None:
            return None
        at = max(begin, spans.starts[spans.first_unread])
        stop = min(stop, spans.ends[-1])
        spans.searched += max(stop - at, 0) * (_WRITTEN_COST if written is not None else 1)
        while at < stop:
            if written is not None:
                match = written.search(text, at, stop)
                if match is None:
                    return None
                hit, hit_end = match.span()
            else:
                assert quoted is not None
                hit = text.find(quoted, at, stop)
                if hit < 0:
                    return None
                hit_end = hit + len(quoted)
            index = bisect.bisect_right(spans.starts, hit) - 1
            end = spans.ends[index]
            if hit_end <= end and not spans.read[index]:
                self._read_span(*spans.take(index))
                found = self.keys.get(token)
                if found is not None:
                    return found
            if hit < end:
                at = end
            elif index + 1 < len(spans.starts):
                at = spans.starts[index + 1]
            else:
                return None
        return None

    def large(self) -> bool:
        return (len(self.keys) > _SMALL or self.spans is not None
                or (self.resume or 0) - self.opening > _SHORT)


class _Spans:
    """Runs of members stepped over without reading them: where each starts and ends, whether
    it holds a backslash (a key in it may be written with escapes), whether it has been read."""

    def __init__(self) -> None:
        self.starts = array("q")
        self.ends = array("q")
        self.escaped = bytearray()
        self.read = bytearray()
        self.unread = 0
        self.escaped_unread = 0
        self.first_unread = 0
        self.cursor = 0  # where the last key found in the object is
        self.searched = 0  # characters searched so far

    def add(self, start: int, end: int, escaped: bool) -> None:
        self.starts.append(start)
        self.ends.append(end)
        self.escaped.append(escaped)
        self.read.append(False)
        self.unread += 1
        self.escaped_unread += escaped

    def take(self, index: int) -> tuple[int, int, bool]:
        """Mark the span read; where it starts and ends, whether it holds a backslash."""
        self.read[index] = True
        self.unread -= 1
        self.escaped_unread -= self.escaped[index]
        while self.first_unread < len(self.read) and self.read[self.first_unread]:
            self.first_unread += 1
        return self.starts[index], self.ends[index], bool(self.escaped[index])

    def extent(self) -> int:
        return self.ends[-1] - self.starts[0] if self.starts else 0


def _step_over(text: str, offset: int, plain_pattern: re.Pattern[str],
               pattern: re.Pattern[str], plain: bool) -> tuple[int | None, bool]:
    """Where ``pattern``'s match at ``offset`` ends (None: no match), and whether the text it
    covers holds no backslash. Where the last match held none, ``plain_pattern`` (its strings
    end at the next quote) is tried first."""
    if plain:
        match = plain_pattern.match(text, offset)
        if match is not None and text.find("\\", offset, match.end()) < 0:
            return match.end(), True
        if match is None and text.find("\\", offset, offset + _NEAR) < 0:
            return None, True  # a container or the end: read the same with escapes
    match = pattern.match(text, offset)
    if match is None:
        return None, plain
    return match.end(), text.find("\\", offset, match.end()) < 0


def _quoted(token: str) -> str | None:
    """The key as JSON writes it without escapes, if it can be written so."""
    if _MUST_ESCAPE.search(token):
        return None
    return f'"{token}"'


_MUST_ESCAPE = lazy_compile(r'["\\\x00-\x1f]')
_SHORT_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "\b": "b", "\f": "f", "\n": "n",
                  "\r": "r", "\t": "t"}


@functools.lru_cache(maxsize=64)
def _written_forms(token: str) -> re.Pattern[str]:
    """Every way JSON can write the string: each character as itself, with a short escape or
    with a ``\\u`` escape in either case (two, for a character beyond the BMP)."""
    parts = ['"']
    for char in token:
        forms: list[str] = []
        if char not in '"\\' and char >= " ":
            forms.append(re.escape(char))
        if char in _SHORT_ESCAPES:
            forms.append(re.escape("\\" + _SHORT_ESCAPES[char]))
        code = ord(char)
        units = ([code] if code < 0x10000
                 else [0xD800 + ((code - 0x10000) >> 10), 0xDC00 + ((code - 0x10000) & 0x3FF)])
        forms.append("".join(r"\\u" + "".join(f"[{digit}{digit.upper()}]" if digit.isalpha()
                                               else digit for digit in f"{unit:04x}")
                             for unit in units))
        parts.append(f"(?:{'|'.join(forms)})")
    parts.append('"')
    return re.compile("".join(parts))


def _may_be_written(text: str, token: str, start: int, end: int, escaped: bool) -> bool:
    """Whether the key may be written between ``start`` and ``end``: a cheap test, true
    wherever it is (and wherever the same text is a value or inside one)."""
    if escaped:
        return _written_forms(token).search(text, start, end) is not None
    quoted = _quoted(token)
    return quoted is not None and text.find(quoted, start, end) >= 0


class _Elements:
    """The elements of one array, counted up to the last one asked for.

    Where every ``_BLOCK``-th element starts is kept, and the elements of the block last asked
    about; runs of elements with no container inside are stepped over in one match, and an
    element that nests is read only when one after it is wanted.
    """

    def __init__(self, text: str, opening: int) -> None:
        self.text = text
        self.opening = opening
        self.marks = array("q")  # where elements 0, _BLOCK, 2 × _BLOCK … start
        self.counted = 0
        self.resume: int | None = opening + 1  # None: every element counted
        self.pending: int | None = None  # where the last element counted starts, if unread
        self.block = -1
        self.block_offsets: list[int] = []
        self.plain = True  # whether the last block stepped over held no backslash

    def find(self, token: str) -> tuple[int, int] | None:
        if not (token.isascii() and token.isdigit()) or (len(token) > 1 and token[0] == "0"):
            return None
        wanted = int(token)
        while self.counted <= wanted and self.resume is not None:
            self._count()
        block, within = divmod(wanted, _BLOCK)
        if block >= len(self.marks):
            return None
        if block != self.block:
            self.block = block
            self.block_offsets = [self.marks[block]]
        if within >= len(self.block_offsets):
            # Findings come in walk order: carry on from the last element placed.
            self.block_offsets.extend(self._offsets_after(self.block_offsets[-1],
                                                          within + 1 - len(self.block_offsets)))
        if within >= len(self.block_offsets):
            return None
        offset = self.block_offsets[within]
        return offset, offset

    def _count(self) -> None:
        """Count the next element, or the rest of a block when none of them nests."""
        assert self.resume is not None
        text = self.text
        if self.pending is not None:
            self.resume = _skip_value(text, self.pending)
            self.pending = None
        # Past the first block only, as objects: most arrays (a union's) are short.
        if self.counted % _BLOCK == 1 and self.counted > _BLOCK:
            rest = self._bulk(self.resume)
            if rest is not None:
                self.counted += _BLOCK - 1
                self.resume = rest
                return
        element = _NEXT_ELEMENT.match(text, self.resume)
        if element is None:  # the closing bracket, or not JSON
            self.resume = None
            return
        start = element.start(1) if element.lastindex else element.end()
        if self.counted % _BLOCK == 0:
            self.marks.append(start)
        if self.counted // _BLOCK == self.block and \
                len(self.block_offsets) == self.counted % _BLOCK:
            self.block_offsets.append(start)  # placed now: not stepped over again when asked
        self.counted += 1
        self.resume = element.end()
        if not element.lastindex:
            self.pending = start

    def _bulk(self, offset: int) -> int | None:
        """The end of the next ``_BLOCK - 1`` elements if none of them nests."""
        end, self.plain = _step_over(self.text, offset, _PLAIN_BULK, _BULK, self.plain)
        return end

    def _offsets_after(self, start: int, count: int) -> list[int]:
        """Where up to ``count`` elements after the one at ``start`` start."""
        offsets: list[int] = []
        resume = start
        while len(offsets) < count:
            element = _NEXT_ELEMENT.match(self.text, _skip_value(self.text, resume))
            if element is None:
                break
            resume = element.start(1) if element.lastindex else element.end()
            offsets.append(resume)
        return offsets

    def large(self) -> bool:
        return self.counted > _SMALL or (self.resume or 0) - self.opening > _SHORT


_BLOCK = 64
# The comma is required: with it optional, a run of numbers could be cut up in exponentially
# many ways before a failed match gives up.
_BULK = lazy_compile(
    rf"(?:[ \t\r\n]*,[ \t\r\n]*(?:{_FLAT_VALUE_TEXT})){{{_BLOCK - 1}}}")
# Where no backslash is, a string ends at the next quote: twice as fast to step over. A match
# is kept only if it spans no backslash; else the run is matched again with escapes. A failed
# match with no backslash near is not retried: both would fail at the same place (up to the
# rare value longer than that, which is then read one at a time).
_PLAIN_BULK = lazy_compile(
    rf"(?:[ \t\r\n]*,[ \t\r\n]*(?:{_PLAIN_FLAT_VALUE_TEXT})){{{_BLOCK - 1}}}")
_NEAR = 1 << 13
_PLAIN_RUN_MEMBER = lazy_compile(
    rf"[ \t\r\n]*,[ \t\r\n]*({_PLAIN_STRING_TEXT})[ \t\r\n]*:[ \t\r\n]*"
    rf"(?:{_PLAIN_FLAT_VALUE_TEXT})")
# Runs of members: up to _RUN at a time, each with its comma (a run never starts an object).
_RUN = 64
_MEMBER_RUN = lazy_compile(
    rf"(?:[ \t\r\n]*,[ \t\r\n]*{_STRING_TEXT}[ \t\r\n]*:[ \t\r\n]*"
    rf"(?:{_FLAT_VALUE_TEXT})){{1,{_RUN}}}")
_PLAIN_MEMBER_RUN = lazy_compile(
    rf"(?:[ \t\r\n]*,[ \t\r\n]*{_PLAIN_STRING_TEXT}[ \t\r\n]*:[ \t\r\n]*"
    rf"(?:{_PLAIN_FLAT_VALUE_TEXT})){{1,{_RUN}}}")
# Searching spans for a key as written costs some eighty times less than reading them member
# by member, and eight times more when the key may be written with escapes: after this many
# searches' worth of the spans, they are all read.
_SEARCHES = 16
_WRITTEN_COST = 8
# Containers kept once read: small ones are read again when asked (a few members), so that
# a finding on each of many small objects does not keep an index of each.
_SMALL = 16
_SHORT = 4096
_SMALL_TEXT = 1 << 20


_Container = _Members | _Elements


class _LineIndex:
    """Line and column of offsets, counting newlines from the nearest offset already placed.

    A few checkpoints (one per stretch of text) and the last offset placed: lookups in text
    order cost the distance between them, in any order at most one stretch each after the
    first, and a text of many lines keeps no table of them.
    """

    _STRETCH = 1 << 16

    def __init__(self, text: str) -> None:
        self.text = text
        self.marks: list[int] = [0]
        self.places: list[tuple[int, int]] = [(1, 0)]  # (line, offset its line starts at)
        self.last = (0, 1, 0)

    def line_column(self, offset: int) -> tuple[int, int]:
        at = bisect.bisect_right(self.marks, offset) - 1
        base, (line, start) = self.marks[at], self.places[at]
        if self.last[0] <= offset and self.last[0] > base:
            base, line, start = self.last
        newlines = self.text.count("\n", base, offset)
        if newlines:
            line += newlines
            start = self.text.rfind("\n", base, offset) + 1
        self.last = (offset, line, start)
        if offset - self.marks[at] >= self._STRETCH:
            self.marks.insert(at + 1, offset)
            self.places.insert(at + 1, (line, start))
        return line, offset - start + 1


_RESOLVED_KEPT = 16


def escape_pointer_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def unescape_pointer_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


# What ``node_at`` answers where a document holds nothing at the pointer.
NOTHING: Any = object()


def node_at(document: Any, pointer: str) -> Any:
    """The value at a JSON pointer in a parsed document, or ``NOTHING``."""
    node = document
    for token in pointer.split("/")[1:] if pointer else ():
        key = unescape_pointer_token(token)
        if isinstance(node, Mapping) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return NOTHING
    return node


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
