"""Avro replay: events generated for a version (``generate``), written and read with
fastavro's schema resolution (``codec``), and judged as Java's readers see them (``judge``).
This module is the format's side of ``schemalint.replay.formats.FormatReplay``.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable, Iterator, Sequence
from typing import Any, NamedTuple

from schemalint.model import Schema
from schemalint.replay.avro.codec import (
    AvroCodec,
    Projection,
    avro_codec,
    decode,
    decode_with,
    encode,
    project,
)
from schemalint.replay.avro.generate import (
    PRIMITIVES,
    covering_count,
    generate_events,
    generate_field,
    is_record,
    type_name,
    untagged,
)
from schemalint.replay.avro.judge import Judge, primitive_meaning, same
from schemalint.replay.formats import Break

# Events per writer version beyond those that meet every edge of every node: seeded random
# ones. The default count is the covering one plus these.
RANDOM_EVENTS = 4

FIX = ("Keep the type and logical type the old version wrote; for a new type or meaning, add "
       "a new field with a default and stop writing the old one.")


def version(schema: Schema, count: int | None, seed: int,
            events: Sequence[Any] | None = None) -> WriterVersion:
    if events is not None:
        return WriterVersion(avro_codec(schema), count, seed, events)
    # A schema in many subjects (a shared key, a record every topic carries) or replayed in
    # many pairs is made a writer once: its codec and generated events are the same.
    key = (schema.text, schema.referenced_digests(), count, seed)
    with _MADE_LOCK:
        made = _MADE.pop(key, None)
    if made is None:
        made = WriterVersion(avro_codec(schema), count, seed)
    with _MADE_LOCK:
        if len(_MADE) >= _KEPT:
            del _MADE[next(iter(_MADE))]
        _MADE[key] = made
    return made


# The writers most recently made, by text, references, count and seed (oldest first).
_MADE: dict[tuple[str, tuple[tuple[str, str], ...], int | None, int], WriterVersion] = {}
_KEPT = 256
_MADE_LOCK = threading.Lock()  # the API may replay from several threads


class WriterVersion:
    """A version as a writer and a reader: its codec, its events and their bytes, made when
    first asked (``events``, where given, instead of generated ones)."""

    def __init__(self, codec: AvroCodec, count: int | None, seed: int,
                 events: Sequence[Any] | None = None) -> None:
        self.codec = codec
        self._count, self._seed = count, seed
        self._events = events
        self._written: list[tuple[Any, Any, bytes]] | None = None
        self._projections: dict[tuple[str, ...], Projection | None] = {}
        self._written_in: dict[tuple[str, ...], list[bytes]] = {}
        self._columns: dict[str, list[Any]] = {}
        self._made: dict[int, Any] = {}  # events made alone, by index

    @property
    def count(self) -> int:
        """How many events this version writes."""
        if self._events is not None:
            return len(self._events)
        if self._count is None:
            self._count = RANDOM_EVENTS + covering_count(self.codec.logical, self.codec.named)
        return self._count

    @property
    def events(self) -> Sequence[Any]:
        """The events this version writes, as generated (unions tagged)."""
        if self._events is None:
            if is_record(self.codec.logical):
                names = [field["name"] for field in self.codec.logical["fields"]]
                columns = [self.field_values(name) for name in names]
                self._events = [dict(zip(names, values, strict=True))
                                for values in zip(*columns, strict=True)] if columns else [
                    {} for _ in range(self.count)]
            else:
                self._events = generate_events(self.codec.logical, self.codec.named,
                                               self.count, self._seed)
        return self._events

    def field_values(self, name: str) -> Sequence[Any]:
        """The values of the top-level record's field ``name`` in each event (those of
        ``generate_events``, made without the other fields')."""
        if self._events is not None:
            return [event[name] for event in self._events]
        if name not in self._columns:
            self._columns[name] = generate_field(self.codec.logical, self.codec.named,
                                                 self.count, self._seed, name)
        return self._columns[name]

    def made_by(self, fields: tuple[str, ...]) -> Hashable | None:
        """What makes the values of these top-level fields, all of it: their names and
        types, the count and the seed (each field's values come from a source of its own);
        None for given events. Only for fields that define in place every named type they
        use (those of a ``Projection``)."""
        if self._events is not None:
            return None
        types = {field["name"]: field["type"] for field in self.codec.logical["fields"]}
        return (repr([(name, types[name]) for name in fields]), self.count, self._seed)

    def event(self, index: int) -> Any:
        """The event of this index, as ``events`` has it; a record's without making the
        events after it (each field's values are made in order, from a source of its own)."""
        if self._events is not None or not is_record(self.codec.logical):
            return self.events[index]
        if index not in self._made:
            self._made[index] = {field["name"]: (
                self._columns.get(field["name"]) or generate_field(
                    self.codec.logical, self.codec.named, index + 1, self._seed,
                    field["name"]))[index] for field in self.codec.logical["fields"]}
        return self._made[index]

    @property
    def written(self) -> list[tuple[Any, Any, bytes]]:
        """Per event: as generated (unions tagged), as a reader returns it, and its bytes."""
        if self._written is None:
            self._written = [(event, untagged(event), encode(self.codec, event))
                             for event in self.events]
        return self._written

    def projection(self, fields: tuple[str, ...]) -> Projection | None:
        """This version's record cut to ``fields`` (None where it cannot be cut)."""
        if fields not in self._projections:
            self._projections[fields] = project(self.codec, fields)
        return self._projections[fields]

    def written_in(self, projection: Projection) -> list[bytes]:
        """The bytes of each event with ``projection``'s fields alone."""
        if projection.fields not in self._written_in:
            self._written_in[projection.fields] = projection.encoded(
                [self.field_values(name) for name in projection.fields], self.count)
        return self._written_in[projection.fields]


def reads_as_written(writer_version: WriterVersion, reader_version: WriterVersion) -> bool:
    """Whether the schemas alone prove every event reads as written: records of one name
    whose shared fields read alike (``reads_alike``), the reader's other fields all with
    defaults. Most versions of a history differ so (fields added and removed, a logical type
    annotating a field that had none); replaying them would find nothing."""
    writer, reader = writer_version.codec, reader_version.codec
    if type_name(writer.logical) not in ("record", "error") or \
            type_name(reader.logical) != type_name(writer.logical) or \
            writer.logical["name"] != reader.logical["name"]:
        return False
    pair = _pair(writer_version, reader_version)
    shared = {name for _, name in pair.shared or ()}
    return not pair.differing and all("default" in field for field in reader.logical["fields"]
                                      if field["name"] not in shared)


def reads_alike(one: Any, other: Any, writer: AvroCodec, reader: AvroCodec) -> bool:
    """Whether every value of type ``one`` reads as written with type ``other``, as the
    judge sees it: one type (the named types it uses by name defined alike), or one
    primitive whose logical types mean alike or that only one side annotates (a reader
    without the writer's logical type reads the primitive as it was written, and the other
    way round)."""
    if one == other:
        if isinstance(one, str) and one in PRIMITIVES:
            return True
        names: list[str] = []
        _used_names(one, names)
        return all(writer.named.get(name) == reader.named.get(name) for name in names)
    written, read = primitive_meaning(one), primitive_meaning(other)
    return written is not None and read is not None and written[0] == read[0] and (
        written[1] is None or read[1] is None or written[1] == read[1])


def _used_names(schema: Any, found: list[str]) -> None:
    """The named types ``schema`` refers to by name (those it defines in place compare with
    it)."""
    if isinstance(schema, str):
        if schema not in PRIMITIVES:
            found.append(schema)
    elif isinstance(schema, list):
        for branch in schema:
            _used_names(branch, found)
    elif isinstance(schema, dict):
        kind = schema.get("type")
        if kind in ("record", "error"):
            for field in schema.get("fields", ()):
                _used_names(field["type"], found)
        elif kind == "array":
            _used_names(schema["items"], found)
        elif kind == "map":
            _used_names(schema["values"], found)
        elif isinstance(kind, (dict, list)):
            _used_names(kind, found)


def first_breaks(writer: WriterVersion, reader: WriterVersion) -> Iterator[Break]:
    """The first break of each field path, over the events ``writer`` writes.

    Shared fields that read alike (``reads_alike``) read as written whatever the event: only
    the others need events. Where the records can be cut to those fields (and the reader's
    own), the events are written and read so cut; an event that fails there is written and
    read whole, for the decoder's own words."""
    pair = _pair(writer, reader)
    cut = pair.cut()
    if cut is None:
        seen: set[tuple[str, ...]] = set()
        for index, (event, expected, data) in enumerate(writer.written):
            found = pair.whole(event, expected, data)
            if found is not None and found.path not in seen:
                seen.add(found.path)
                yield found._replace(event=index)
        return
    writes, reads = cut
    # Pairs of a history often differ alike (a field one version changed, against every
    # other): the same cut schemas and events break the same way, whichever versions they
    # are. Generated events are known by what made them, given ones by their bytes.
    made = writer.made_by(writes.fields)
    key = (writes.key, reads.key, pair.differing_types(),
           made if made is not None else tuple(writer.written_in(writes)))
    breaks = _BREAKS.get(key)
    if breaks is None:
        breaks = list(_cut_breaks(pair, writes, reads, writer.written_in(writes)))
        # A break no field explains quotes the whole event, which is this version's own.
        if all(found.path for found in breaks):
            if len(_BREAKS) >= _KEPT_BREAKS:
                _BREAKS.clear()
            _BREAKS[key] = breaks
    yield from breaks


def _cut_breaks(pair: _Pair, writes: Projection, reads: Projection,
                written: Sequence[bytes]) -> Iterator[Break]:
    writer = pair.writer
    columns = [writer.field_values(name) for name in writes.fields]
    seen: set[tuple[str, ...]] = set()
    for index, data in enumerate(written):
        # The event as far as the fields judged go: the others read as written.
        event = {name: values[index] for name, values in zip(writes.fields, columns,
                                                              strict=True)}
        read = _decoded(data, writes, reads)
        if isinstance(read, _Failed):
            # Where the reader fails is the schemas' to say, whatever the decoder's words.
            failed = pair.judge.failed_at(event, pair.read_alike)
            if (failed.path if failed is not None else ()) in seen:
                continue
            event = writer.event(index)
            found = pair.whole(event, untagged(event), encode(writer.codec, event))
        else:
            found = pair.judge.judge_fields(pair.differing, event, read)
        if found is not None and found.path not in seen:
            seen.add(found.path)
            yield found._replace(event=index)


# The breaks of cut pairs, by the cut schemas' keys, the judged fields' types and the bytes.
_BREAKS: dict[tuple[str, str, str, Hashable], list[Break]] = {}
_KEPT_BREAKS = 1024


class _Failed(NamedTuple):
    error: Exception


def _decoded(data: bytes, writes: Projection, reads: Projection) -> Any:
    """``data`` written with ``writes`` as ``reads`` reads it, or how the decoder failed.
    Cut records are often one schema across versions (a field every version has alike, read
    by versions that read it alike): each event's bytes are then decoded once."""
    key = (writes.key, reads.key, data)
    if key not in _DECODED:
        if len(_DECODED) >= _KEPT_DECODED:
            _DECODED.clear()
        try:
            _DECODED[key] = decode_with(data, writes.schema, reads.schema)
        except Exception as error:  # whatever the decoder raises is the reader failing
            _DECODED[key] = _Failed(error)
    return _DECODED[key]


# What cut events read as, by the cut schemas' keys and the bytes.
_DECODED: dict[tuple[str, str, bytes], Any] = {}
_KEPT_DECODED = 4096


def _pair(writer: WriterVersion, reader: WriterVersion) -> _Pair:
    """The pair ``reads_as_written`` looked at last, which ``first_breaks`` then replays."""
    global _LAST
    pair = _LAST
    if pair is None or pair.writer is not writer or pair.reader is not reader:
        pair = _LAST = _Pair(writer, reader)
    return pair


class _Pair:
    """A writer and a reader version, and which of their shared fields read alike."""

    def __init__(self, writer: WriterVersion, reader: WriterVersion) -> None:
        self.writer, self.reader = writer, reader
        self.judge = Judge(writer.codec.logical, writer.codec.named, reader.codec.logical,
                           reader.codec.named)
        self.shared = self.judge.shared_fields()
        self.alike: list[tuple[str, str]] = []
        self.differing: list[tuple[str, str]] = []
        if self.shared is not None:
            written = {field["name"]: field["type"] for field in writer.codec.logical["fields"]}
            read = {field["name"]: field["type"] for field in reader.codec.logical["fields"]}
            for source, name in self.shared:
                alike = reads_alike(written[source], read[name], writer.codec, reader.codec)
                (self.alike if alike else self.differing).append((source, name))
        self.read_alike = frozenset(name for _, name in self.alike)

    def cut(self) -> tuple[Projection, Projection] | None:
        """The writer's record cut to the shared fields that do not read alike, the
        reader's to those and its own without a default (a reader fills the others with
        their defaults, as they are: they neither fail nor are judged); None where either is
        no record or cannot be cut."""
        if self.shared is None:
            return None
        differing = {source for source, _ in self.differing}
        read = {name for _, name in self.differing}
        writes = self.writer.projection(tuple(
            field["name"] for field in self.writer.codec.logical["fields"]
            if field["name"] in differing))
        reads = self.reader.projection(tuple(
            field["name"] for field in self.reader.codec.logical["fields"]
            if field["name"] in read or (field["name"] not in self.read_alike
                                         and "default" not in field)))
        return None if writes is None or reads is None else (writes, reads)

    def differing_types(self) -> str:
        """The types of the shared fields that do not read alike, as the judge reads them
        (logical types included; a cut record defines in place every named type they use)."""
        written = {field["name"]: field["type"] for field in self.writer.codec.logical["fields"]}
        read = {field["name"]: field["type"] for field in self.reader.codec.logical["fields"]}
        return repr([(source, name, written[source], read[name])
                     for source, name in self.differing])

    def whole(self, event: Any, expected: Any, data: bytes) -> Break | None:
        """The break of an event written and read whole, if any."""
        try:
            read = decode(data, self.writer.codec, self.reader.codec)
        except Exception as error:  # whatever the decoder raises is the reader failing
            return self.judge.failure(event, error)
        if self.shared is not None and all(
                expected[source] == read[name] or same(expected[source], read[name])
                for source, name in self.alike):
            return self.judge.judge_fields(self.differing, event, read)
        return self.judge.judge(event, read)


_LAST: _Pair | None = None


def forget() -> None:
    """Drop what replay keeps from pair to pair (writers, cut events decoded, breaks), so
    that a measurement replays from nothing."""
    global _LAST
    with _MADE_LOCK:
        _MADE.clear()
    _DECODED.clear()
    _BREAKS.clear()
    _LAST = None


def field_pointer(schema: Schema, path: Sequence[str]) -> str:
    """The JSON pointer of the deepest field of ``path`` the document declares in place
    (a field whose type is declared elsewhere, by name, is where the path stops)."""
    pointer, found, node = "", "", schema.document
    for step in path:
        node, pointer = _declared(node, pointer)
        if step in ("[]", "{}"):
            key = "items" if step == "[]" else "values"
            if not isinstance(node, dict) or key not in node:
                break
            node, pointer = node[key], f"{pointer}/{key}"
            continue
        fields = node.get("fields") if isinstance(node, dict) else None
        position = next((index for index, field in enumerate(fields or ())
                         if isinstance(field, dict) and field.get("name") == step), None)
        if position is None:
            break
        pointer = found = f"{pointer}/fields/{position}"
        node, pointer = fields[position].get("type"), f"{pointer}/type"  # type: ignore[index]
    return found


def _declared(node: Any, pointer: str) -> tuple[Any, str]:
    """A type declared in place: a union's first record, array or map branch, a
    ``{"type": {...}}`` wrapper's inner type."""
    while True:
        if isinstance(node, list):
            position = next((index for index, branch in enumerate(node)
                             if isinstance(branch, dict)), None)
            if position is None:
                return node, pointer
            node, pointer = node[position], f"{pointer}/{position}"
        elif isinstance(node, dict) and isinstance(node.get("type"), (dict, list)):
            node, pointer = node["type"], f"{pointer}/type"
        else:
            return node, pointer
