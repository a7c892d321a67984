"""Pointers into a .proto file → 1-based lines and columns, from protoc's source info.

A pointer names an element the way Confluent's paths do, without the ``#``: ``/Outer/Inner``
for a message, ``/Outer/3`` for field 3 (inside a oneof or not), ``/Outer/choice`` for a
oneof, ``/Status/1`` for the enum constant numbered 1, and ``""`` for the file (its
``package`` statement, else its ``syntax`` statement). A pointer to something the file lacks
resolves to the nearest enclosing element it has.
"""

from __future__ import annotations

from google.protobuf import descriptor_pb2

from schemalint.formats.protobuf.model import ProtoEnum, ProtoFile, ProtoMessage
from schemalint.model import SourceMapLike

_PACKAGE, _SYNTAX = (2,), (12,)
_TAB = 8


class ProtoSourceMap(SourceMapLike):
    def __init__(self, text: str, descriptor: descriptor_pb2.FileDescriptorProto | None,
                 file: ProtoFile | None) -> None:
        self._text = text
        self._descriptor = descriptor
        self._file = file
        self._index: dict[str, tuple[int, int]] | None = None

    def position(self, pointer: str) -> tuple[int, int] | None:
        index = self._index if self._index is not None else self._build()
        parts = [part for part in pointer.split("/") if part]
        while parts:
            found = index.get("/" + "/".join(parts))
            if found is not None:
                return found
            if len(parts) >= 3 and parts[-1].isdigit():
                # A field named through a oneof the file does not have (any more).
                found = index.get("/" + "/".join([*parts[:-2], parts[-1]]))
                if found is not None:
                    return found
            parts.pop()
        return index.get("")

    def _build(self) -> dict[str, tuple[int, int]]:
        index: dict[str, tuple[int, int]] = {}
        self._index = index
        if self._descriptor is None or self._file is None:
            return index
        spans = {tuple(location.path): tuple(location.span)
                 for location in self._descriptor.source_code_info.location}
        lines = self._text.splitlines()

        def place(path: tuple[int, ...]) -> tuple[int, int] | None:
            span = spans.get(path)
            if not span:
                return None
            line = span[0]
            return line + 1, _character_column(lines[line] if line < len(lines) else "",
                                               span[1]) + 1

        def put(pointer: str, path: tuple[int, ...]) -> None:
            found = place(path)
            if found is not None:
                index.setdefault(pointer, found)

        def enum(prefix: str, item: ProtoEnum) -> None:
            pointer = f"{prefix}/{item.name}"
            put(pointer, item.source_path)
            for (_, number), path in zip(item.values, item.value_paths, strict=True):
                put(f"{pointer}/{number}", path)

        def message(prefix: str, item: ProtoMessage) -> None:
            pointer = f"{prefix}/{item.name}"
            put(pointer, item.source_path)
            for name, path in item.oneofs:
                put(f"{pointer}/{name}", path)
            for member in item.fields:
                put(f"{pointer}/{member.number}", member.source_path)
                if member.oneof is not None:
                    put(f"{pointer}/{member.oneof}/{member.number}", member.source_path)
            for nested in item.messages:
                message(pointer, nested)
            for nested_enum in item.enums:
                enum(pointer, nested_enum)

        for top in self._file.messages:
            message("", top)
        for top_enum in self._file.enums:
            enum("", top_enum)
        file_place = place(_PACKAGE) or place(_SYNTAX) or (1, 1)
        index[""] = file_place
        return index


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
