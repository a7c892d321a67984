"""What counts as broken, as a Protobuf reader sees it.

A message breaks when the reader fails to parse it, or parses it while lacking a required
field (Java's and C++'s parsers fail there; Python's does not) (REPLAY001), or when a field
both versions declare (by number) reads a different value than the one written (REPLAY002:
the meaning changed). Values are compared by what they mean: numbers as numbers (an
``int64`` truncated to ``int32``, an ``int32`` read as ``uint32``, zigzag read as a plain
varint all differ), enum values by number (a number the writer's enum names and the
reader's does not is a value the reader does not know), text as its UTF-8 bytes. A field
whose wire type the reader does not expect is kept as an unknown field by the runtime, and
reads as the reader's default: a changed value, not a failure.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from google.protobuf import message_factory, text_format
from google.protobuf.descriptor import Descriptor, EnumDescriptor, FieldDescriptor
from google.protobuf.message import Message

from schemalint.replay.avro.judge import show_error
from schemalint.replay.codes import REPLAY001, REPLAY002
from schemalint.replay.formats import Break
from schemalint.replay.protobuf.codec import (
    enum_type,
    file_syntax,
    is_map,
    is_repeated,
    message_type,
)
from schemalint.replay.protobuf.shapes import Plans, shared_fields

F = FieldDescriptor
_MESSAGES = (F.TYPE_MESSAGE, F.TYPE_GROUP)
_TEXT = (F.TYPE_STRING, F.TYPE_BYTES)
_FLOATS = (F.TYPE_FLOAT, F.TYPE_DOUBLE)
Path = tuple[str, ...]


def judge(writer: Descriptor, reader: Descriptor, written: Message, read: Message,
          plans: Plans) -> Break | None:
    """The first field of a parsed message that reads another value than it was written
    with, or that the reader requires and lacks."""
    return _message(plans, writer, reader, written, read, ()) or _missing_required(read)


def failure(writer: Descriptor, reader: Descriptor, written: Message,
            error: Exception) -> Break:
    """Where the reader failed to parse ``written``, as far as the schemas tell."""
    message = show_error(error)
    for path, value, reason in _unparsable(writer, reader, written, ()):
        return Break(REPLAY001, path, value, f"{reason}; the runtime says {message}")
    return Break(REPLAY001, (), f"a message of {written.ByteSize()} bytes", message)


def _missing_required(read: Message) -> Break | None:
    if read.IsInitialized():
        return None
    (first, *_) = read.FindInitializationErrors()  # type: ignore[attr-defined]
    path: list[str] = []
    for step in first.split("."):
        name, _, index = step.partition("[")
        path.extend((name, "[]") if index and not index.startswith('"') else
                    (name, "{}") if index else (name,))
    return Break(REPLAY001, tuple(path), "(absent: the writer did not write it)",
                 "the reader requires the field: Java's and C++'s parsers fail on the "
                 "message")


def _message(plans: Plans, writer: Descriptor, reader: Descriptor, written: Message,
             read: Message, path: Path) -> Break | None:
    # Fields the descriptors prove read as written are not judged.
    for source, field in plans.unproven(writer, reader):
        found = _field(plans, source, field, written, read, (*path, field.name))
        if found is not None:
            return found
    return None


def _on_wire(field: FieldDescriptor, message: Message) -> bool:
    """Whether the writer put the field on the wire (a proto3 field without presence is
    left out at its default)."""
    if is_repeated(field):
        return len(getattr(message, field.name)) > 0
    if field.has_presence:
        return message.HasField(field.name)
    value = getattr(message, field.name)
    return not (value == field.default_value and not (
        isinstance(value, float) and math.copysign(1.0, value) < 0))


def _field(plans: Plans, source: FieldDescriptor, field: FieldDescriptor, written: Message,
           read: Message, path: Path) -> Break | None:
    value, got = getattr(written, source.name), getattr(read, field.name)
    if is_map(source) or is_map(field):
        if is_map(source) and is_map(field):
            return _map(plans, source, field, value, got, path)
        if _same_entries(plans, source, field, value, got, path):
            return None
        return Break(REPLAY002, path, show_field(source, value), show_field(field, got))
    if is_repeated(source) and is_repeated(field):
        if len(value) != len(got):
            return Break(REPLAY002, path, show_field(source, value), show_field(field, got))
        for item, item_read in zip(value, got, strict=True):
            found = _value(plans, source, field, item, item_read, (*path, "[]"))
            if found is not None:
                return found
        return None
    if is_repeated(source):
        # A singular reader of a repeated field: the last value wins (or the runtime keeps
        # a packed run as an unknown field, and the field reads as its default).
        if not value:
            return None if _reads_default(field, read) else Break(
                REPLAY002, path, "[]", show_field(field, got))
        if len(value) == 1 and not _value(plans, source, field, value[0], got, path):
            return None
        return Break(REPLAY002, path, show_field(source, value), show_field(field, got))
    if is_repeated(field):
        if not _on_wire(source, written):
            return None if not got else Break(REPLAY002, path, show_field(source, value),
                                              show_field(field, got))
        if len(got) == 1 and not _value(plans, source, field, value, got[0], path):
            return None
        return Break(REPLAY002, path, show_field(source, value), show_field(field, got))
    if not _on_wire(source, written):
        # Nothing was written: the reader reads its own default, which means another value
        # than the writer's where proto2 gives them different ones.
        if not _reads_default(field, read):
            return Break(REPLAY002, path, show_field(source, value), show_field(field, got))
        if (source.has_default_value or field.has_default_value) and \
                source.type not in _MESSAGES and field.type not in _MESSAGES and \
                not _same_scalar(source, field, source.default_value, field.default_value):
            return Break(REPLAY002, path, f"absent, the writer's default "
                         f"{show_value(source, source.default_value)}",
                         f"the reader's default {show_value(field, field.default_value)}")
        return None
    if field.has_presence and not read.HasField(field.name):
        # Written, and gone: a number a closed enum does not name, kept as an unknown
        # field, or another member of the reader's oneof came after it.
        return Break(REPLAY002, path, show_field(source, value),
                     f"absent (the reader's default, {show_field(field, got)})")
    return _value(plans, source, field, value, got, path)


def _reads_default(field: FieldDescriptor, read: Message) -> bool:
    return not _on_wire(field, read)


def _map(plans: Plans, source: FieldDescriptor, field: FieldDescriptor, value: Any,
         got: Any, path: Path) -> Break | None:
    source_key, source_value = message_type(source).fields
    key_field, value_field = message_type(field).fields
    if len(value) != len(got):
        return Break(REPLAY002, path, show_field(source, value), show_field(field, got))
    for key in value:
        if not _holds_key(source_key, key_field, got, key):
            return Break(REPLAY002, path, show_field(source, value), show_field(field, got))
        found = _value(plans, source_value, value_field, value[key], got[key],
                       (*path, "{}"))
        if found is not None:
            return found
    return None


def _same_entries(plans: Plans, source: FieldDescriptor, field: FieldDescriptor,
                  value: Any, got: Any, path: Path) -> bool:
    """Whether a map read as repeated messages (or repeated messages read as a map) holds
    the entries written: a map is its entry messages on the wire."""
    if not (is_repeated(source) and is_repeated(field) and source.type in _MESSAGES and
            field.type in _MESSAGES):
        return not value and not got
    written = _entries(source, value)
    read = _entries(field, got)
    if written is None or read is None or len(written) != len(read):
        return False
    writer_entry, reader_entry = message_type(source), message_type(field)
    pairs = {one.number: (one, other)
             for one, other in shared_fields(writer_entry, reader_entry)}
    if 1 not in pairs or 2 not in pairs:
        return False
    (key_source, key_field), value_pair = pairs[1], pairs[2]
    # Entries by what their keys mean; keys written twice (repeated messages may) lose all
    # but the last in a map.
    written_by_key = {_key_meaning(key): (key, item) for key, item in written}
    read_by_key = {_key_meaning(key): (key, item) for key, item in read}
    if len(written_by_key) != len(written) or len(read_by_key) != len(read):
        return False
    for meaning, (key, item) in written_by_key.items():
        found = read_by_key.get(meaning)
        if found is None or not _same_scalar(key_source, key_field, key, found[0]) or \
                _value(plans, *value_pair, item, found[1], (*path, "{}")) is not None:
            return False
    return True


def _key_meaning(key: Any) -> Any:
    return _utf8(key) if isinstance(key, (str, bytes)) else int(key)


def _entries(field: FieldDescriptor, value: Any) -> list[tuple[Any, Any]] | None:
    """A map's entries, or repeated messages' fields 1 and 2, in order (None where the
    messages are no key and value)."""
    if is_map(field):
        return [(key, value[key]) for key in value]
    entry = message_type(field)
    key_field = entry.fields_by_number.get(1)
    value_field = entry.fields_by_number.get(2)
    if key_field is None or value_field is None or is_repeated(key_field) or \
            key_field.type in _MESSAGES or is_repeated(value_field):
        return None
    return [(getattr(item, key_field.name), getattr(item, value_field.name)) for item in value]


def _holds_key(source: FieldDescriptor, field: FieldDescriptor, got: Any, key: Any) -> bool:
    """Whether the reader's map holds the key written, meaning the same."""
    if (source.type == F.TYPE_STRING) != (field.type == F.TYPE_STRING):
        return False
    try:
        return key in got
    except ValueError:  # a number the reader's key type cannot hold
        return False


def _value(plans: Plans, source: FieldDescriptor, field: FieldDescriptor, value: Any,
           got: Any, path: Path) -> Break | None:
    """One value (a singular field's, an element's, a map value) as written and as read."""
    if source.type in _MESSAGES and field.type in _MESSAGES:
        return _message(plans, message_type(source), message_type(field), value, got,
                        path)
    if source.type in _MESSAGES or field.type in _MESSAGES:
        # A message read as bytes (or bytes read as a message) parses, but is not the value
        # written: its fields are gone from the reader's view.
        return Break(REPLAY002, path, show_value(source, value), show_value(field, got))
    if _same_scalar(source, field, value, got):
        return None
    if field.type == F.TYPE_STRING and isinstance(got, bytes):
        return Break(REPLAY002, path, show_value(source, value),
                     f"{show(got.decode('utf-8', 'replace'))} (Java's readers put U+FFFD in "
                     "place of bytes that are not UTF-8)")
    return Break(REPLAY002, path, show_value(source, value), show_value(field, got))


def _same_scalar(source: FieldDescriptor, field: FieldDescriptor, value: Any,
                 got: Any) -> bool:
    if field.type == F.TYPE_STRING and isinstance(got, bytes):
        # The runtime hands over bytes that are not UTF-8 as they are where it does not
        # check (proto2); Java's readers put U+FFFD in their place.
        return False
    if source.type in _TEXT or field.type in _TEXT:
        if source.type not in _TEXT or field.type not in _TEXT:
            return False
        return _utf8(value) == _utf8(got)
    if field.type == F.TYPE_ENUM and value not in enum_type(field).values_by_number and (
            source.type != F.TYPE_ENUM or value in enum_type(source).values_by_number):
        # A value the reader's enum does not name (kept as a bare number in proto3), where
        # the writer meant one: only a number the writer's own enum did not name either
        # reads as it was written.
        return False
    if (source.type in _FLOATS) != (field.type in _FLOATS):
        return False
    if isinstance(value, float) and isinstance(got, float):
        return (math.isnan(value) and math.isnan(got)) or value == got
    return bool(int(value) == int(got))


def _utf8(value: str | bytes) -> bytes:
    return value.encode("utf-8", "surrogatepass") if isinstance(value, str) else value


def _unparsable(writer: Descriptor, reader: Descriptor, written: Message,
                path: Path) -> Iterator[tuple[Path, str, str]]:
    """The fields where the reader's parser can fail: bytes that are not UTF-8 read as a
    checked string, bytes or text that do not parse as the reader's message, whatever
    nests in a message both read as one."""
    for source, field in shared_fields(writer, reader):
        if not _on_wire(source, written):
            continue
        value = getattr(written, source.name)
        step = (*path, field.name)
        if is_map(source) and is_map(field):
            items = [(message_type(source).fields[1], message_type(field).fields[1], item,
                      (*step, "{}")) for item in value.values()]
        elif is_map(source) or is_map(field):
            continue
        elif is_repeated(source):
            items = [(source, field, item, (*step, "[]") if is_repeated(field) else step)
                     for item in value]
        else:
            items = [(source, field, value, step)]
        for inner_source, inner_field, item, where in items:
            yield from _unparsable_value(inner_source, inner_field, item, where)


def _unparsable_value(source: FieldDescriptor, field: FieldDescriptor, value: Any,
                      path: Path) -> Iterator[tuple[Path, str, str]]:
    if source.type in _MESSAGES and field.type in _MESSAGES:
        yield from _unparsable(message_type(source), message_type(field), value, path)
    elif source.type in _TEXT and field.type == F.TYPE_STRING and _checks_utf8(field):
        try:
            _utf8(value).decode("utf-8")
        except UnicodeDecodeError as error:
            yield path, show(value), (f"bytes that are not UTF-8 read as a string "
                                      f"({error.reason} at byte {error.start})")
    elif source.type in _TEXT and field.type in _MESSAGES:
        data = _utf8(value)
        try:
            message_factory.GetMessageClass(message_type(field)).FromString(data)
        except Exception:  # whatever the runtime raises is the reader failing
            yield path, show(data), "bytes that do not parse as the reader's message"


def _checks_utf8(field: FieldDescriptor) -> bool:
    """Whether the runtime rejects a string field's bytes that are not UTF-8: proto3's."""
    holder = field.containing_type
    return holder is not None and file_syntax(holder.file) == "proto3"


def show_field(field: FieldDescriptor, value: Any) -> str:
    if is_map(field):
        key_field, value_field = message_type(field).fields
        return show("{" + ", ".join(f"{show_value(key_field, key)}: "
                                    f"{show_value(value_field, value[key])}"
                                    for key in value) + "}", plain=True)
    if is_repeated(field):
        return show("[" + ", ".join(show_value(field, item) for item in value) + "]",
                    plain=True)
    return show_value(field, value)


def show_value(field: FieldDescriptor, value: Any) -> str:
    if isinstance(value, Message):
        text = text_format.MessageToString(value, as_one_line=True, as_utf8=True)
        return show(f"{value.DESCRIPTOR.name} {{{text}}}", plain=True)
    if field.type == F.TYPE_ENUM:
        return show_enum(enum_type(field), value)
    return show(value)


def show_enum(enum: EnumDescriptor, number: int) -> str:
    named = enum.values_by_number.get(number)
    if named is not None:
        return f"{named.name} ({number})"
    return f"{number} (a number {enum.name} does not name)"


def show(value: Any, limit: int = 60, *, plain: bool = False) -> str:
    text = value if plain else repr(value)
    return text if len(text) <= limit else f"{text[:limit - 1]}…"


