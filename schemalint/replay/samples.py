"""Recorded events (``samples/<subject>/``) made into the events each version wrote.

A subject's samples are files of three kinds, each naming the version that wrote its events
its own way: an Avro object container file (``.avro``) carries its writer schema, matched to
a version of the subject by identity; a file of events in the format's JSON encoding, one a
line, is named for its version as ``check`` numbers them (``v3.jsonl``); a Confluent
wire-format payload (``.bin``: magic byte 0, a 4-byte schema id, Protobuf's message indexes,
the event) names a schema id, which a registry resolves (given here as ``ids``). A writer
schema that is no version of the subject is replayed as itself, named by its file.

Each event is read with the version that wrote it first: one it cannot read is reported
(REPLAY003, at the sample's file and line), and is not replayed. Pure: the files' bytes in,
events and findings out; ``schemalint.sources.samples`` reads them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from schemalint.compat import PreviousVersion
from schemalint.errors import InvalidSchemaError
from schemalint.formats import get_engine
from schemalint.model import Against, Finding, Schema, SchemaType, Severity
from schemalint.replay.codes import REPLAY001, REPLAY003
from schemalint.replay.formats import format_replay, replays

SAMPLE_SUFFIXES = (".avro", ".jsonl", ".bin")
_VERSION_FILE = re.compile(r"v([0-9]+)\.jsonl")
_MAGIC = 0


class SampleFile(NamedTuple):
    path: str  # as findings name it: relative to the repository
    data: bytes


class RegisteredText(NamedTuple):
    """What a registry holds under a schema id."""

    schema_type: str  # AVRO, JSON or PROTOBUF, as the registry says it
    text: str


class Recorded(NamedTuple):
    """Events one writer recorded in one sample file."""

    schema: Schema  # the writer: a version of the subject, the new schema, or the file's own
    against: Against | None  # the version it is; None for the new schema or no version
    new: bool  # written by the new schema
    source: str  # the sample file
    places: tuple[str, ...]  # per event, where it is: "line 3", "record 2"
    events: tuple[Any, ...]

    def place(self, index: int) -> str:
        return f"{self.source}, {self.places[index]}"


def wire_schema_id(data: bytes) -> int | None:
    """The schema id a Confluent wire-format payload names; None where it is none."""
    if len(data) < 5 or data[0] != _MAGIC:
        return None
    return int.from_bytes(data[1:5], "big")


def read_samples(current: Schema, history: Sequence[PreviousVersion],
                 files: Iterable[SampleFile], ids: Mapping[int, RegisteredText] | None,
                 subject: str | None = None) -> tuple[list[Recorded], list[Finding]]:
    """The events ``files`` hold, per writer, and a REPLAY003 finding for each one its own
    version cannot read. ``ids``: the schemas of the ids ``.bin`` files name (None: no
    registry was given, and the caller says so)."""
    reading = _Reading(current, history, subject)
    for sample in files:
        name = sample.path.rpartition("/")[2]
        if name.endswith(".jsonl"):
            reading.json_lines(sample, name)
        elif name.endswith(".avro"):
            reading.container(sample)
        elif name.endswith(".bin") and ids is not None:
            reading.wire(sample, ids)
    return reading.recorded, reading.findings


def unreadable_sample(path: str, line: int | None, subject: str | None, why: str) -> Finding:
    return Finding(
        code=REPLAY003, severity=Severity.ERROR, path=path, line=line,
        column=1 if line is not None else None, subject=subject,
        message=(f"A recorded event its own version cannot read: {why}. Replay proves "
                 "nothing with it. Record it again with the version that writes it, name a "
                 ".jsonl file after that version (v3.jsonl), or delete it."),
        name_path=f"{path.rpartition('/')[2]}:{line or 0}")


class _Reading:
    def __init__(self, current: Schema, history: Sequence[PreviousVersion],
                 subject: str | None) -> None:
        self.current, self.history, self.subject = current, history, subject
        self.kind = current.schema_type
        self.new_number = max((previous.against.version or 0 for previous in history),
                              default=0) + 1
        self.recorded: list[Recorded] = []
        self.findings: list[Finding] = []

    def json_lines(self, sample: SampleFile, name: str) -> None:
        numbered = _VERSION_FILE.fullmatch(name)
        if numbered is None:
            self._unreadable(sample.path, None, f"{name} names no version: a file of events "
                             "in the JSON encoding is named for the version that wrote them "
                             "(v3.jsonl)")
            return
        number = int(numbered.group(1))
        writer = self._numbered(number)
        if writer is None:
            known = ", ".join(str(previous.against.version) for previous in self.history)
            self._unreadable(sample.path, None, (
                f"the subject has no version {number} (its versions: "
                f"{known + ', ' if known else ''}{self.new_number} the new one)"))
            return
        schema, against = writer
        try:
            text = sample.data.decode("utf-8")
        except UnicodeDecodeError as error:
            self._unreadable(sample.path, None, f"not UTF-8 text: {error}")
            return
        read = _event_reader(schema)
        events: list[Any] = []
        places: list[str] = []
        for line, content in enumerate(text.splitlines(), start=1):
            if not content.strip():
                continue
            try:
                events.append(read.from_json(content))
            except ValueError as error:
                self._unreadable(sample.path, line, f"version {number} cannot read it, {error}")
                continue
            places.append(f"line {line}")
        self._keep(schema, against, sample.path, places, events)

    def container(self, sample: SampleFile) -> None:
        if self.kind is not SchemaType.AVRO:
            self._unreadable(sample.path, None, f"an Avro container file among the samples "
                             f"of a {self.kind.value} subject")
            return
        from schemalint.replay.avro.recorded import UnreadableEvent, container_events

        try:
            text, records = container_events(sample.data)
        except (UnreadableEvent, ValueError) as error:
            self._unreadable(sample.path, None, str(error))
            return
        writer = self._identified(text, sample.path)
        if writer is None:
            return
        schema, against, new = writer
        read = _event_reader(schema)
        events: list[Any] = []
        places: list[str] = []
        for position, record in records:
            if isinstance(record, Exception):
                self._unreadable(sample.path, None, f"record {position} does not decode with "
                                 f"the file's writer schema: {record}")
                break
            try:
                events.append(read.from_binary(record))
            except ValueError as error:
                self._unreadable(sample.path, None, f"record {position}: {error}")
                continue
            places.append(f"record {position}")
        self._keep(schema, against, sample.path, places, events, new=new)

    def wire(self, sample: SampleFile, ids: Mapping[int, RegisteredText]) -> None:
        schema_id = wire_schema_id(sample.data)
        if schema_id is None:
            self._unreadable(sample.path, None, "not a Confluent wire-format payload (magic "
                             "byte 0, then a 4-byte schema id)")
            return
        registered = ids.get(schema_id)
        if registered is None:
            self._unreadable(sample.path, None, f"the registry has no schema id {schema_id}")
            return
        if registered.schema_type.upper() != self.kind.value:
            self._unreadable(sample.path, None, (
                f"schema id {schema_id} is a {registered.schema_type} schema, the subject's "
                f"are {self.kind.value}"))
            return
        writer = self._identified(registered.text, f"{sample.path} (schema id {schema_id})")
        if writer is None:
            return
        schema, against, new = writer
        payload = sample.data[5:]
        if self.kind is SchemaType.PROTOBUF:
            indexes, payload = _message_indexes(payload)
            if indexes != [0]:
                self._unreadable(sample.path, None, (
                    f"message indexes {indexes}: replay reads the schema's first message"))
                return
        try:
            event = _event_reader(schema).from_binary(payload)
        except ValueError as error:
            self._unreadable(sample.path, None, f"schema id {schema_id} cannot read it, {error}")
            return
        self._keep(schema, against, sample.path, ["payload"], [event], new=new)

    def _numbered(self, number: int) -> tuple[Schema, Against | None] | None:
        if number == self.new_number:
            return self.current, None
        return next(((previous.schema, previous.against) for previous in self.history
                     if previous.against.version == number), None)

    def _identified(self, text: str, where: str
                    ) -> tuple[Schema, Against | None, bool] | None:
        """The version a writer schema is, by identity; else the schema itself."""
        try:
            schema = get_engine(self.kind).parse(text, path=where.partition(" ")[0])
        except InvalidSchemaError as error:
            self._unreadable(where.partition(" ")[0], None,
                             f"its writer schema does not parse: {error.finding.message}")
            return None
        for previous in reversed(self.history):
            if schema.same_identity(previous.schema):
                return previous.schema, previous.against, False
        if schema.same_identity(self.current):
            return self.current, None, True
        return schema, None, False

    def _keep(self, schema: Schema, against: Against | None, source: str,
              places: Sequence[str], events: Sequence[Any], *, new: bool | None = None
              ) -> None:
        if not events:
            return
        events, places = self._own_readable(schema, source, list(events), list(places))
        if events:
            self.recorded.append(Recorded(
                schema, against, schema is self.current if new is None else new, source,
                tuple(places), tuple(events)))

    def _own_readable(self, schema: Schema, source: str, events: list[Any],
                      places: list[str]) -> tuple[list[Any], list[str]]:
        """The events the writer's own reader reads: Avro's are read as they are made into
        events; other formats' are replayed with their own version."""
        if schema.schema_type is SchemaType.AVRO or not replays(schema.schema_type):
            return events, places
        replay = format_replay(schema.schema_type)
        kept: list[Any] = []
        kept_places: list[str] = []
        for event, place in zip(events, places, strict=True):
            own = replay.version(schema, None, 0, [event])
            try:
                failed = next((found.read for found in replay.first_breaks(own, own)
                               if found.code == REPLAY001), None)
            except Exception as error:  # the format's parser refusing the event as recorded
                failed = f"{type(error).__name__}: {error}"
            if failed is None:
                kept.append(event)
                kept_places.append(place)
            else:
                line = int(place[5:]) if place.startswith("line ") else None
                self._unreadable(source, line, f"its own version cannot read it: {failed}")
        return kept, kept_places

    def _unreadable(self, path: str, line: int | None, why: str) -> None:
        self.findings.append(unreadable_sample(path, line, self.subject, why))


class _EventReader(NamedTuple):
    from_json: Callable[[str], Any]
    from_binary: Callable[[bytes], Any]


def _event_reader(schema: Schema) -> _EventReader:
    """How recorded events of ``schema`` become the events its format's replay writes:
    Avro's tagged primitives; JSON Schema's instance; Protobuf's JSON mapping as a dict, or
    the serialized message's bytes."""
    if schema.schema_type is SchemaType.AVRO:
        from schemalint.replay.avro.recorded import AvroEvents

        avro = AvroEvents(schema)
        return _EventReader(avro.from_json, avro.from_binary)
    if schema.schema_type is SchemaType.JSON:
        return _EventReader(_json_value, lambda data: _json_value(_utf8(data)))
    return _EventReader(_json_object, bytes)


def _json_value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as error:
        raise ValueError(f"not JSON: {error}") from None


def _json_object(text: str) -> Any:
    value = _json_value(text)
    if not isinstance(value, dict):
        raise ValueError("not a JSON object (a message in proto3's JSON mapping)")
    return value


def _utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 JSON: {error}") from None


def _message_indexes(data: bytes) -> tuple[list[int], bytes]:
    """Confluent's Protobuf message indexes (zigzag varints, a count first; a lone 0 for
    the first message) and the payload after them."""
    position = 0

    def varint() -> int:
        nonlocal position
        shift = result = 0
        while position < len(data):
            byte = data[position]
            position += 1
            result |= (byte & 0x7F) << shift
            if not byte & 0x80:
                return (result >> 1) ^ -(result & 1)
            shift += 7
        raise ValueError("the message indexes end early")

    try:
        count = varint()
        indexes = [varint() for _ in range(count)] if count else [0]
    except ValueError:
        return [-1], data
    return indexes, data[position:]
