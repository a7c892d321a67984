"""Just enough of protobuf's wire format to take protoc's output apart without decoding it all.

protoc's descriptor set for a large file is mostly source info: four or five locations per
field. Decoding all of it as ``FileDescriptorProto`` costs seconds and several times its size
in memory, so the source info is cut out as bytes here and read one location at a time when
positions or comments are asked for (see ``locations``).
"""

from __future__ import annotations

from collections.abc import Iterator

_VARINT, _FIXED64, _LENGTH, _FIXED32 = 0, 1, 2, 5


def read_varint(buffer: bytes, position: int) -> tuple[int, int]:
    """The varint at ``position`` and the position after it."""
    result = shift = 0
    while True:
        byte = buffer[position]
        position += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, position
        shift += 7


def encode_varint(value: int) -> bytes:
    out = bytearray()
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def field_at(buffer: bytes, position: int) -> tuple[int, int, int]:
    """(field number, start of its payload, end) of the field whose tag is at ``position``.
    The payload of a length-delimited field excludes its length prefix."""
    key, position = read_varint(buffer, position)
    wire_type = key & 7
    if wire_type == _VARINT:
        return key >> 3, position, read_varint(buffer, position)[1]
    if wire_type == _LENGTH:
        length, payload = read_varint(buffer, position)
        return key >> 3, payload, payload + length
    if wire_type == _FIXED64:
        return key >> 3, position, position + 8
    if wire_type == _FIXED32:
        return key >> 3, position, position + 4
    raise ValueError(f"unexpected wire type {wire_type} in a descriptor")


def top_level_fields(buffer: bytes) -> Iterator[tuple[int, int, int, int]]:
    """(field number, start of its tag, start of its payload, end) for each field of the
    serialized message, in order."""
    position, end = 0, len(buffer)
    while position < end:
        number, payload, after = field_at(buffer, position)
        yield number, position, payload, after
        position = after


def repeated_messages(buffer: bytes, number: int) -> list[bytes]:
    """The payloads of every occurrence of length-delimited field ``number``."""
    return [buffer[payload:end] for field, _, payload, end in top_level_fields(buffer)
            if field == number]


def without_fields(buffer: bytes, numbers: frozenset[int]) -> tuple[bytes, dict[int, bytes]]:
    """``buffer`` with the fields ``numbers`` cut out, and the payload of the last occurrence
    of each one cut (a message field occurs once as protoc writes it)."""
    kept: list[bytes] = []
    cut: dict[int, bytes] = {}
    for field, start, payload, end in top_level_fields(buffer):
        if field in numbers:
            cut[field] = buffer[payload:end]
        else:
            kept.append(buffer[start:end])
    return b"".join(kept), cut
