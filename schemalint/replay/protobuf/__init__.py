"""Protobuf replay: messages generated for a version (``generate``), serialized with the
writer's descriptor and parsed with the reader's through the protobuf runtime (``codec``),
and judged by field number as the reader sees them (``judge``). This module is the format's
side of ``schemalint.replay.formats.FormatReplay``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from google.protobuf.message import Message

from schemalint.formats.protobuf import ProtoModel
from schemalint.formats.protobuf.model import NAMED, ProtoMessage
from schemalint.formats.protobuf.view import message_pointer
from schemalint.model import Schema
from schemalint.replay.formats import Break
from schemalint.replay.protobuf.codec import ProtoCodec, decode, encode, proto_codec
from schemalint.replay.protobuf.generate import covering_count, generate_messages
from schemalint.replay.protobuf.judge import failure, judge
from schemalint.replay.protobuf.shapes import Plans, proves

# Messages per writer version beyond those that meet every edge of every field: seeded
# random ones. The default count is the covering one plus these.
RANDOM_EVENTS = 4

FIX = ("Keep the field's type and label as the old version wrote them; for a new type or "
       "meaning, add a new field with a new number and reserve the old one once it goes.")


def version(schema: Schema, count: int | None, seed: int,
            events: Sequence[Any] | None = None) -> WriterVersion:
    return WriterVersion(proto_codec(schema), count, seed, events)


class WriterVersion:
    """A version as a writer: its codec, its messages and their bytes, made when first
    asked (``events``, where given, instead of generated ones: messages of its class, or
    their bytes)."""

    def __init__(self, codec: ProtoCodec | None, count: int | None, seed: int,
                 events: Sequence[Any] | None = None) -> None:
        self.codec = codec
        self._count, self._seed = count, seed
        self._events = events
        self._written: list[tuple[Message, bytes]] | None = None

    @property
    def written(self) -> list[tuple[Message, bytes]]:
        """Per message: as the writer holds it, and its bytes."""
        if self._written is None:
            if self.codec is None:
                messages = []
            elif self._events is not None:
                messages = [_message(event, self.codec) for event in self._events]
            else:
                count = self._count if self._count is not None else \
                    RANDOM_EVENTS + covering_count(self.codec.descriptor)
                messages = generate_messages(self.codec.descriptor, self.codec.message_class,
                                             count, self._seed)
            self._written = [(message, encode(message)) for message in messages]
        return self._written


def _message(event: Any, codec: ProtoCodec) -> Message:
    """A recorded event as a message of the writer's class: its serialized bytes, or proto3's
    JSON mapping as a dict (a ``v<N>.jsonl`` line); raises what the runtime raises."""
    if isinstance(event, bytes):
        return decode(event, codec)
    if isinstance(event, dict):
        from google.protobuf import json_format

        message: Message = json_format.ParseDict(event, codec.message_class())
        return message
    return event  # type: ignore[no-any-return]


def reads_as_written(writer: WriterVersion, reader: WriterVersion) -> bool:
    """Whether the descriptors alone prove every message reads as written: each field both
    declare (by number) of one type, label and (for enums) numbers the reader names, through
    every message they reach; the reader requiring nothing the writer lacks, and merging
    into one ``oneof`` no fields the writer sets together. Most versions of a history differ
    so (fields added and removed); replaying them would find nothing. A file that declares
    no message has no messages to replay."""
    if writer.codec is None or reader.codec is None:
        return True
    return proves(writer.codec.descriptor, reader.codec.descriptor)


def first_breaks(writer: WriterVersion, reader: WriterVersion) -> Iterator[Break]:
    """The first break of each field path and code, over the messages ``writer`` writes."""
    if writer.codec is None or reader.codec is None:
        return
    written_type, read_type = writer.codec.descriptor, reader.codec.descriptor
    plans = Plans(written_type, read_type)
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for index, (message, data) in enumerate(writer.written):
        try:
            read = decode(data, reader.codec)
        except Exception as error:  # whatever the runtime raises is the reader failing
            found: Break | None = failure(written_type, read_type, message, error)
        else:
            found = judge(written_type, read_type, message, read, plans)
        if found is not None and (found.code, found.path) not in seen:
            seen.add((found.code, found.path))
            yield found._replace(event=index)


def field_pointer(schema: Schema, path: Sequence[str]) -> str:
    """The pointer (``/Message/3``, as compatibility findings carry) of the deepest field of
    ``path`` the file declares, the subject's message where it declares none; a field's
    names are the reader's, so one renamed since is found by the message holding it."""
    model = schema.parsed
    if not isinstance(model, ProtoModel) or schema.name is None:
        return ""
    package = model.file.package
    info = model.types.get(schema.name)
    message = info.element if info is not None else None
    if not isinstance(message, ProtoMessage):
        return ""
    found = message_pointer(message.full_name, package)
    for step in path:
        if step in ("[]", "{}"):
            continue
        if message is None:
            break
        field = next((item for item in message.fields if item.name == step), None)
        if field is None:
            break
        found = f"{message_pointer(message.full_name, package)}/{field.number}"
        kind = field.type.value if field.type.value is not None else field.type
        inner = model.types.get(kind.name) if kind.kind == NAMED else None
        # Only messages this file declares have places in it.
        message = inner.element if inner is not None and not inner.origin and \
            isinstance(inner.element, ProtoMessage) else None
    return found
