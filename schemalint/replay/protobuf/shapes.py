"""What the descriptors alone prove: fields a reader reads as written whatever the message.

A field both versions declare (by number) with one type, label, presence and default, an
enum whose every number the writer names the reader names too (and the reader's enum no
more closed than the writer's), a message type of which all this holds in turn, reads every
value as written, unless the reader puts it in a ``oneof`` with other fields the writer
sets together. Replay judges only the other fields, and a pair of versions where every
field is such (the reader requiring nothing the writer lacks) needs no replay at all.

Message types refer to each other, and to themselves: a pair of types (the writer's, the
reader's) is proved when every pair its fields reach is, the greatest such set, found by
assuming every reachable pair proved and striking out those with a field that is not until
none is left to strike.
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
_MESSAGES = (FieldDescriptor.TYPE_MESSAGE, FieldDescriptor.TYPE_GROUP)


class Plans:
    """What replay judges of one writer's messages read by one reader: per pair of message
    types they reach, the fields not proved. Held for that pair of versions alone (a cache
    for the whole run would keep every version's descriptor pool)."""

    def __init__(self, writer: Descriptor, reader: Descriptor) -> None:
        self.root = (writer.full_name, reader.full_name)
        pairs: dict[tuple[str, str], tuple[Descriptor, Descriptor]] = {}
        # The pairs whose fields reach each pair: to look at again when it is struck out.
        reached_from: dict[tuple[str, str], set[tuple[str, str]]] = {}
        pending = [(writer, reader)]
        while pending:
            written, read = pending.pop()
            key = (written.full_name, read.full_name)
            if key in pairs:
                continue
            pairs[key] = (written, read)
            for source, field in shared_fields(written, read):
                if source.type in _MESSAGES and field.type in _MESSAGES:
                    inner = (message_type(source), message_type(field))
                    reached_from.setdefault((inner[0].full_name, inner[1].full_name),
                                            set()).add(key)
                    pending.append(inner)
        proved = set(pairs)
        to_look_at = list(pairs)
        while to_look_at:
            key = to_look_at.pop()
            if key in proved and _unproven(*pairs[key], proved):
                proved.discard(key)
                to_look_at.extend(reached_from.get(key, ()))
        self._proved = proved
        self._pairs = pairs
        self._unproven: dict[tuple[str, str], tuple[FieldPair, ...]] = {}

    def proves_all(self) -> bool:
        """Whether every message the writer writes reads as written: its type proved, and
        no type it reaches requiring a field the writer's lacks."""
        return self.root in self._proved and not any(
            is_required(field) and field.number not in written.fields_by_number
            for written, read in self._pairs.values() for field in read.fields)

    def unproven(self, writer: Descriptor, reader: Descriptor) -> tuple[FieldPair, ...]:
        """The fields of the reader's message (with the writer's field of each number) that
        the descriptors do not prove read as written: those replay judges."""
        key = (writer.full_name, reader.full_name)
        found = self._unproven.get(key)
        if found is None:
            found = self._unproven[key] = tuple(_unproven(writer, reader, self._proved))
        return found


def proves(writer: Descriptor, reader: Descriptor) -> bool:
    """Whether every message ``writer`` describes reads as written with ``reader``."""
    return Plans(writer, reader).proves_all()


def shared_fields(writer: Descriptor, reader: Descriptor) -> list[FieldPair]:
    """Each field of the reader's message with the writer's field of its number."""
    return [(source, field) for field in reader.fields
            if (source := writer.fields_by_number.get(field.number)) is not None]


def _unproven(writer: Descriptor, reader: Descriptor,
              proved: set[tuple[str, str]]) -> list[FieldPair]:
    shared = shared_fields(writer, reader)
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
            or not _same_field(source, field, proved)]


def _same_field(source: FieldDescriptor, field: FieldDescriptor,
                proved: set[tuple[str, str]]) -> bool:
    if source.type != field.type or is_repeated(source) != is_repeated(field) or \
            is_map(source) != is_map(field) or source.has_presence != field.has_presence or \
            source.default_value != field.default_value or \
            (is_required(field) and not is_required(source)):
        return False
    if source.type == FieldDescriptor.TYPE_ENUM:
        written, known = enum_type(source), enum_type(field)
        return all(number in known.values_by_number for number in written.values_by_number) \
            and (is_closed(written) or not is_closed(known))
    if source.type in _MESSAGES:
        return (message_type(source).full_name, message_type(field).full_name) in proved
    return True
