"""protoc's source info for the parsed file, read from its serialized form when first asked.

A location names a descriptor element by its path (``(4, 0, 2, 3)`` is field 3 of message 0)
and gives its span (0-based start line and column, end line when it differs, end column) and
the comments attached to it. Only elements are looked up, and their paths have an even number
of components (kind, index, kind, index …), so only those locations are indexed: the ones for
an element's name, type or number (three in four of a large file's) are skipped unread.
Paths of one component (the file's ``package`` and ``syntax`` statements) are kept too.
"""

from __future__ import annotations

from functools import cache

from schemalint.formats.protobuf.wire import (
    encode_varint,
    field_at,
    read_varint,
    top_level_fields,
)

# Tags (field number and wire type) of a location in SourceCodeInfo, of a path in it.
_LOCATION_TAG, _PATH_TAG = 0x0A, 0x0A
# Tags of a location's span (length-delimited, packed) and leading comment.
_SPAN_TAG, _LEADING_TAG = 0x12, 0x1A
_SPAN, _LEADING, _TRAILING = 2, 3, 4
# Bytes with the high bit set continue a varint: deleting them leaves one byte per component.
_CONTINUATION = bytes(range(0x80, 0x100))


@cache
def _varint(value: int) -> bytes:
    return encode_varint(value)


def encode_path(path: tuple[int, ...]) -> bytes:
    """A location path as protoc packs it, the key of ``SourceInfo``'s lookups."""
    if all(0 <= part < 0x80 for part in path):
        return bytes(path)
    return b"".join(_varint(part) for part in path)


def child_path(parent: bytes, kind: int, index: int) -> bytes:
    """The packed path of the ``index``-th element of ``kind`` inside ``parent``."""
    return parent + _varint(kind) + _varint(index)


class SourceInfo:
    """Spans and comments by packed path, from a serialized ``SourceCodeInfo``."""

    def __init__(self, serialized: bytes) -> None:
        self._data = serialized
        # Packed path → offset of the location's length prefix; the comments by packed path.
        self._index: dict[bytes, int] | None = None
        self._comments: dict[bytes, str] | None = None

    @property
    def known(self) -> bool:
        """Whether protoc kept source info (a file compiled without it has none)."""
        return bool(self._data)

    def span(self, path: bytes) -> tuple[int, ...] | None:
        index = self._index if self._index is not None else self._scan(comments=False)
        start = index.get(path)
        if start is None:
            return None
        data = self._data
        length, body = read_varint(data, start)
        for field, _, payload, end in top_level_fields(data[body:body + length]):
            if field == _SPAN:
                return _packed(data, body + payload, body + end)
        return ()

    def comment(self, path: bytes) -> str | None:
        """The element's leading comment, else its trailing one, stripped; None if neither."""
        comments = self._comments if self._comments is not None else self._scan_comments()
        return comments.get(path)

    def _scan_comments(self) -> dict[bytes, str]:
        self._scan(comments=True)
        assert self._comments is not None
        return self._comments

    def _scan(self, *, comments: bool) -> dict[bytes, int]:
        """One pass over the locations, indexing those of elements (and their comments).

        Written for protoc's own encoding (each location a length-prefixed record opening
        with its packed path, then its span); the first location of a path wins. Millions
        of records: the one-byte lengths nearly all of them have are read inline.
        """
        index: dict[bytes, int] = {}
        found: dict[bytes, str] = {}
        data = self._data
        position, end = 0, len(data)
        continuation = _CONTINUATION
        # The last element indexed: the locations of its parts follow it.
        element, element_length = b"", -2
        while position < end:
            if data[position] != _LOCATION_TAG:  # not a location: skipped, whatever it is
                position = field_at(data, position)[2]
                continue
            prefix = position + 1
            length = data[prefix]
            if length < 0x80:
                body = prefix + 1
            else:
                length, body = read_varint(data, prefix)
            position = body + length
            if data[body] != _PATH_TAG:
                continue
            path_length = data[body + 1]
            if path_length < 0x80:
                path_start = body + 2
            else:
                path_length, path_start = read_varint(data, body + 1)
            if path_length == element_length + 1 and data.startswith(element, path_start):
                # The element's name, type or number: one more component, hence odd.
                continue
            after_path = path_start + path_length
            path = data[path_start:after_path]
            parts = len(path.translate(None, continuation))
            if (parts & 1 and parts != 1) or path in index:
                continue
            index[path] = prefix
            element, element_length = path, path_length
            if comments and after_path < position:
                # Mostly a span and then a short leading comment: read inline.
                rest = after_path + 2 + data[after_path + 1]
                if (data[after_path] == _SPAN_TAG and rest + 1 < position
                        and data[rest] == _LEADING_TAG and data[rest + 1] < 0x80):
                    text = data[rest + 2:rest + 2 + data[rest + 1]].decode(
                        "utf-8", "replace").strip() or _comment(data, after_path, position)
                else:
                    text = _comment(data, after_path, position)
                if text:
                    found[path] = text
        self._index = index
        if comments:
            self._comments = found
        return index


def _comment(data: bytes, start: int, end: int) -> str:
    """The leading comment, else the trailing one, of the location fields in start:end."""
    trailing = ""
    while start < end:
        field, payload, after = field_at(data, start)
        if field == _LEADING:
            leading = data[payload:after].decode("utf-8", "replace").strip()
            if leading:
                return leading
        elif field == _TRAILING:
            trailing = data[payload:after].decode("utf-8", "replace").strip()
        start = after
    return trailing


def _packed(buffer: bytes, start: int, end: int) -> tuple[int, ...]:
    values = []
    while start < end:
        value, start = read_varint(buffer, start)
        values.append(value)
    return tuple(values)
