"""Pointers into a .proto file → 1-based lines and columns, from protoc's source info.

A pointer names an element the way Confluent's paths do, without the ``#``: ``/Outer/Inner``
for a message, ``/Outer/3`` for field 3 (inside a oneof or not), ``/Outer/choice`` for a
oneof, ``/Status/1`` for the enum constant numbered 1, and ``""`` for the file (its
``package`` statement, else its ``syntax`` statement). A pointer to something the file lacks
resolves to the nearest enclosing element it has.
"""

from __future__ import annotations

from schemalint.formats.protobuf.locations import encode_path
from schemalint.formats.protobuf.model import ProtoEnum, ProtoFile, ProtoMessage, ProtoModel
from schemalint.model import SourceMapLike

_PACKAGE, _SYNTAX = (2,), (12,)
_TAB = 8


class ProtoSourceMap(SourceMapLike):
    """Positions found by walking the model along the pointer, then asking the source info
    for that one element: nothing is indexed per pointer."""

    def __init__(self, text: str, model: ProtoModel) -> None:
        self._text = text
        self._model = model
        self._lines: list[str] | None = None
        # Columns need the line only where a tab or a multi-byte character can shift them.
        self._plain = text.isascii() and "\t" not in text

    def position(self, pointer: str) -> tuple[int, int] | None:
        parts = [part for part in pointer.split("/") if part]
        while parts:
            found = self._place_of(parts)
            if found is not None:
                return found
            if len(parts) >= 3 and parts[-1].isdigit():
                # A field named through a oneof the file does not have (any more).
                found = self._place_of([*parts[:-2], parts[-1]])
                if found is not None:
                    return found
            parts.pop()
        return self._place(_PACKAGE) or self._place(_SYNTAX) or (1, 1)

    def _place_of(self, parts: list[str]) -> tuple[int, int] | None:
        path = _element_path(self._model.file, parts)
        return self._place(path) if path is not None else None

    def _place(self, path: tuple[int, ...]) -> tuple[int, int] | None:
        span = self._model.source_info.span(encode_path(path))
        if not span:
            return None
        line = span[0]
        if self._plain:
            return line + 1, span[1] + 1
        if self._lines is None:
            self._lines = self._text.splitlines()
        lines = self._lines
        return line + 1, _character_column(lines[line] if line < len(lines) else "",
                                           span[1]) + 1


def _element_path(file: ProtoFile, parts: list[str]) -> tuple[int, ...] | None:
    """The source-info path of the element ``parts`` names (see the module's notation)."""
    messages, enums = file.messages, file.enums
    message: ProtoMessage | None = None
    for position, part in enumerate(parts):
        rest = parts[position + 1:]
        number = _number(part)
        if message is not None and number is not None:
            item = message.field_numbered(number)
            return message.field_path(item) if item is not None and not rest else None
        if message is not None:
            oneof = next((path for name, path in message.oneofs if name == part), None)
            if oneof is not None:
                if not rest:
                    return oneof
                member_number = _number(rest[0])
                member = (message.field_numbered(member_number)
                          if member_number is not None else None)
                if len(rest) == 1 and member is not None and member.oneof == part:
                    return message.field_path(member)
                return None
        enum = next((item for item in enums if item.name == part), None)
        if enum is not None:
            return _enum_path(enum, rest)
        message = next((item for item in messages if item.name == part), None)
        if message is None:
            return None
        messages, enums = message.messages, message.enums
    return message.source_path if message is not None else None


def _number(part: str) -> int | None:
    """The number a pointer part spells as the element's pointer would: ``5``, ``-1``."""
    try:
        value = int(part)
    except ValueError:
        return None
    return value if str(value) == part else None


def _enum_path(enum: ProtoEnum, rest: list[str]) -> tuple[int, ...] | None:
    if not rest:
        return enum.source_path
    number = _number(rest[0])
    if len(rest) > 1 or number is None:
        return None
    # With allow_alias, the first constant declared for a number stands for it.
    return next((path for (_, value), path in zip(enum.values, enum.value_paths, strict=True)
                 if value == number), None)


def _character_column(line: str, protoc_column: int) -> int:
    """The 0-based character index protoc's 0-based column stands for.

    protoc counts a tab as advancing to the next multiple of 8 and counts bytes of UTF-8.
    """
    if "\t" not in line and line.isascii():
        return protoc_column
    column = 0
    for index, character in enumerate(line):
        if column >= protoc_column:
            return index
        if character == "\t":
            column += _TAB - column % _TAB
        else:
            column += len(character.encode("utf-8"))
    return len(line)


def character_column(line: str, protoc_column: int) -> int:
    """The 1-based character column for protoc's 1-based column on ``line``."""
    return _character_column(line, protoc_column - 1) + 1
