"""What the descriptors alone prove: fields a reader reads as written whatever the message.

A field both versions declare (by number) with one type, label, presence and default, an
enum whose every number the writer names the reader names too (and the reader's enum no
more closed than the writer's), a message type of which all this holds in turn, reads every
value as written, unless the reader puts it in a ``oneof`` with other fields the writer
sets together. Replay skips such fields, and a pair of versions where every field is such
(the reader requiring nothing the writer lacks) needs no replay at all.
"""

from __future__ import annotations

from google.protobuf.descriptor import Descriptor, FieldDescriptor

from schemalint.replay.protobuf.codec import (
    enum_type,
    is_closed,
    is_map,
    is_repeated,
    is_required,
    message_type,
)

FieldPair = tuple[FieldDescriptor, FieldDescriptor]


def proves(writer: Descriptor, reader: Descriptor) -> bool:
    """Whether every message ``writer`` describes reads as written with ``reader``."""
    return _proves(writer, reader, set())


class Plans:
    """What replay judges of one writer's messages read by one reader, per pair of message
    types, worked out when first met. Held for that pair of versions alone: a cache for the
    whole run would keep every version's descriptor pool."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, str], tuple[FieldPair, ...]] = {}

    def unproven(self, writer: Descriptor, reader: Descriptor) -> tuple[FieldPair, ...]:
        """The fields of the reader's message (with the writer's field of each number) that
        the descriptors do not prove read as written: those replay judges."""
        key = (writer.full_name, reader.full_name)
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = tuple(_unproven(writer, reader, set()))
        return found


def _proves(writer: Descriptor, reader: Descriptor, assumed: set[tuple[str, str]]) -> bool:
    pair = (writer.full_name, reader.full_name)
    if pair in assumed:  # a recursive reference, proved unless something else fails
        return True
    assumed.add(pair)
    if any(is_required(field) and field.number not in writer.fields_by_number
           for field in reader.fields):
        return False
    return not _unproven(writer, reader, assumed)


def _unproven(writer: Descriptor, reader: Descriptor,
              assumed: set[tuple[str, str]]) -> list[FieldPair]:
    shared = [(source, field) for field in reader.fields
              if (source := writer.fields_by_number.get(field.number)) is not None]
    # A reader's oneof holding fields the writer may set together keeps only the last.
    groups: dict[str, set[object]] = {}
    for source, field in shared:
        if field.containing_oneof is not None:
            groups.setdefault(field.containing_oneof.full_name, set()).add(
                source.containing_oneof.full_name if source.containing_oneof is not None
                else source.number)
    merged = {name for name, members in groups.items() if len(members) > 1}
    return [(source, field) for source, field in shared
            if (field.containing_oneof is not None and
                field.containing_oneof.full_name in merged)
            or not _same_field(source, field, assumed)]


def _same_field(source: FieldDescriptor, field: FieldDescriptor,
                assumed: set[tuple[str, str]]) -> bool:
    if source.type != field.type or is_repeated(source) != is_repeated(field) or \
            is_map(source) != is_map(field) or source.has_presence != field.has_presence or \
            source.default_value != field.default_value or \
            (is_required(field) and not is_required(source)):
        return False
    if source.type == FieldDescriptor.TYPE_ENUM:
        written, known = enum_type(source), enum_type(field)
        return all(number in known.values_by_number for number in written.values_by_number) \
            and (is_closed(written) or not is_closed(known))
    if source.type in (FieldDescriptor.TYPE_MESSAGE, FieldDescriptor.TYPE_GROUP):
        return _proves(message_type(source), message_type(field), assumed)
    return True
