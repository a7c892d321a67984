"""Avro replay: events generated for a version (``generate``), written and read with
fastavro's schema resolution (``codec``), and judged as Java's readers see them (``judge``).
This module is the format's side of ``schemalint.replay.formats.FormatReplay``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from schemalint.model import Schema
from schemalint.replay.avro.codec import AvroCodec, avro_codec, decode, encode
from schemalint.replay.avro.generate import covering_count, generate_events, type_name, untagged
from schemalint.replay.avro.judge import Judge, same
from schemalint.replay.formats import Break

# Events per writer version beyond those that meet every edge of every node: seeded random
# ones. The default count is the covering one plus these.
RANDOM_EVENTS = 4

FIX = ("Keep the type and logical type the old version wrote; for a new type or meaning, add "
       "a new field with a default and stop writing the old one.")


def version(schema: Schema, count: int | None, seed: int,
            events: Sequence[Any] | None = None) -> WriterVersion:
    return WriterVersion(avro_codec(schema), count, seed, events)


class WriterVersion:
    """A version as a writer: its codec, its events and their bytes, made when first asked
    (``events``, where given, instead of generated ones)."""

    def __init__(self, codec: AvroCodec, count: int | None, seed: int,
                 events: Sequence[Any] | None = None) -> None:
        self.codec = codec
        self._count, self._seed = count, seed
        self._events = events
        self._written: list[tuple[Any, Any, bytes]] | None = None

    @property
    def written(self) -> list[tuple[Any, Any, bytes]]:
        """Per event: as generated (unions tagged), as a reader returns it, and its bytes."""
        if self._written is None:
            count = self._count if self._count is not None else RANDOM_EVENTS + \
                covering_count(self.codec.logical, self.codec.named)
            events = self._events if self._events is not None else generate_events(
                self.codec.logical, self.codec.named, count, self._seed)
            self._written = [(event, untagged(event), encode(self.codec, event))
                             for event in events]
        return self._written


def reads_as_written(writer_version: WriterVersion, reader_version: WriterVersion) -> bool:
    """Whether the schemas alone prove every event reads as written: records of one name
    whose shared fields have one type (named types they use by name defined alike), the
    reader's other fields all with defaults. Most versions of a history differ so (fields
    added and removed); replaying them would find nothing."""
    writer, reader = writer_version.codec, reader_version.codec
    if type_name(writer.logical) not in ("record", "error") or \
            type_name(reader.logical) != type_name(writer.logical) or \
            writer.logical["name"] != reader.logical["name"]:
        return False
    judge = Judge(writer.logical, writer.named, reader.logical, reader.named)
    shared = dict(judge.shared_fields() or ())
    if any("default" not in field for field in reader.logical["fields"]
           if field["name"] not in shared.values()):
        return False
    written = {field["name"]: field["type"] for field in writer.logical["fields"]}
    read = {field["name"]: field["type"] for field in reader.logical["fields"]}
    return all(_same_type(written[name], read[as_read], writer, reader)
               for name, as_read in shared.items())


def _same_type(one: Any, other: Any, writer: AvroCodec, reader: AvroCodec) -> bool:
    if one != other:
        return False
    names: list[str] = []
    _used_names(one, names)
    return all(writer.named.get(name) == reader.named.get(name) for name in names)


def _used_names(schema: Any, found: list[str]) -> None:
    """The named types ``schema`` refers to by name (those it defines in place compare with
    it)."""
    if isinstance(schema, str):
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
    """The first break of each field path and code, over the events ``writer`` writes."""
    judge = Judge(writer.codec.logical, writer.codec.named, reader.codec.logical,
                  reader.codec.named)
    # Shared fields of one type read equal to what was written mean the same: only the
    # others, or an event where one does not, need a walk through the schemas.
    shared = judge.shared_fields()
    alike: list[tuple[str, str]] = []
    if shared is not None:
        written_types = {field["name"]: field["type"] for field in writer.codec.logical["fields"]}
        read_types = {field["name"]: field["type"] for field in reader.codec.logical["fields"]}
        alike = [(source, name) for source, name in shared if _same_type(
            written_types[source], read_types[name], writer.codec, reader.codec)]
    differing = [pair for pair in shared or () if pair not in alike]
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for index, (event, expected, data) in enumerate(writer.written):
        try:
            read = decode(data, writer.codec, reader.codec)
        except Exception as error:  # whatever the decoder raises is the reader failing
            found: Break | None = judge.failure(event, error)
        else:
            if shared is not None and all(
                    expected[source] == read[name] or same(expected[source], read[name])
                    for source, name in alike):
                found = judge.judge_fields(differing, event, read)
            else:
                found = judge.judge(event, read)
        if found is not None and (found.code, found.path) not in seen:
            seen.add((found.code, found.path))
            yield found._replace(event=index)



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
