"""What replay asks of a format, and which formats answer.

A format's replay module (``schemalint.replay.<format>``) makes a version into a writer and a
reader of events and says where the events one version writes break as another reads them.
``subject`` walks a subject's history with it in the directions the level requires, the same
for every format. Modules load when a subject of their format is first replayed.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple, Protocol

from schemalint.model import Schema, SchemaType


class Break(NamedTuple):
    """Where an event broke: the field path (names; ``[]`` an array's items, ``{}`` a
    map's values), the value as written, and the value as read or why it was not; ``event``,
    where the format says, the index of the event among the writer's (recorded events are
    then named by their file and line without replaying them again)."""

    code: str
    path: tuple[str, ...]
    written: str
    read: str
    event: int | None = None


class FormatReplay(Protocol):
    """A format's replay module. ``version`` makes one schema a writer and a reader: its
    events (``events`` where given, else ``count`` generated for ``seed``; None: enough to
    meet every edge of every node) made when first asked.

    ``events`` are recorded events (``schemalint.replay.samples``), each as its format's
    generator makes them: Avro, the value as written with unions tagged in fastavro's tuple
    notation (``("long", 5)``, a named type by its full name) and logical types as their
    primitives (a timestamp's long, a decimal's bytes); JSON Schema, the instance as
    ``json.loads`` reads it; Protobuf, a dict in proto3's JSON mapping (a ``v<N>.jsonl``
    line) or the ``bytes`` of a serialized message (a wire-format payload after its message
    indexes), of the schema's first message. An event its own version cannot read is
    reported before (REPLAY003) and never given; one ``first_breaks(own, own)`` finds
    REPLAY001 in is reported so (JSON Schema, Protobuf).
    """

    FIX: str  # how to keep events readable, said after every break of this format

    def version(self, schema: Schema, count: int | None, seed: int,
                events: Sequence[Any] | None = None) -> Any: ...

    def reads_as_written(self, writer: Any, reader: Any) -> bool:
        """Whether the schemas alone prove every event reads as written (no replay needed)."""
        ...

    def first_breaks(self, writer: Any, reader: Any) -> Iterator[Break]:
        """The first break of each field path and code, over the events ``writer`` writes."""
        ...

    def field_pointer(self, schema: Schema, path: Sequence[str]) -> str:
        """The JSON pointer in ``schema``'s document of the deepest field of ``path`` it
        declares."""
        ...


_MODULES = {SchemaType.AVRO: "schemalint.replay.avro",
            SchemaType.JSON: "schemalint.replay.jsonschema",
            SchemaType.PROTOBUF: "schemalint.replay.protobuf"}


def replays(schema_type: SchemaType) -> bool:
    """Whether replay reads this format's data."""
    return schema_type in _MODULES


def format_replay(schema_type: SchemaType) -> FormatReplay:
    module: FormatReplay = importlib.import_module(_MODULES[schema_type])
    return module
