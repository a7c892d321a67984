"""One subject replayed: the new schema against its history, in the directions its level
requires. Backward: events every old version wrote, read with the new schema; forward:
events the new schema writes, read by old readers. Transitive levels and topics consumers
replay from the start (``replay = true``) replay every old version, other levels the latest.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from schemalint.compat import PreviousVersion
from schemalint.formats import get_engine
from schemalint.model import Against, Direction, Finding, Level, Schema, SchemaType, Severity
from schemalint.replay.codes import REPLAY001
from schemalint.replay.formats import Break, FormatReplay, format_replay, replays

if TYPE_CHECKING:
    from schemalint.replay.samples import Recorded

DEFAULT_SEED = 0

# Per field path, where the new schema declares it: its JSON pointer, line and column.
Places = dict[tuple[str, ...], tuple[str, int | None, int | None]]


def replay_subject(current: Schema, history: Sequence[PreviousVersion], level: Level, *,
                   every_version: bool = False, subject: str | None = None,
                   count: int | None = None, seed: int = DEFAULT_SEED,
                   recorded: Sequence[Recorded] = ()) -> list[Finding]:
    """REPLAY001 and REPLAY002 findings for ``current`` against ``history`` (oldest first);
    ``every_version`` replays every old version whatever the level. ``count`` events per
    writer version; None: enough to meet every edge of every node, and a few random ones.
    ``recorded`` events (``schemalint.replay.samples``) are replayed too, by the readers the
    level pairs their writer with."""
    if not replays(current.schema_type) or not level.directions:
        return []
    olds = list(history) if every_version or level.transitive else history[-1:]
    replay = format_replay(current.schema_type)
    findings: list[Finding] = []
    places: Places = {}
    if recorded:
        findings.extend(_replay_recorded(replay, current, olds, level, recorded, subject,
                                         seed, places))
    if not history:
        return findings
    new = replay.version(current, count, seed)
    for old in reversed(olds):
        if old.schema.schema_type is not current.schema_type:
            continue
        before = replay.version(old.schema, count, seed)
        for direction in level.directions:
            writer, reader = (before, new) if direction is Direction.BACKWARD else (new, before)
            if replay.reads_as_written(writer, reader):
                continue
            findings.extend(_finding(replay, current, old.against, level, direction, subject,
                                     found, places)
                            for found in replay.first_breaks(writer, reader))
    return findings


def replay_schemas(new: str | Mapping[str, Any] | Sequence[Any] | Schema,
                   previous: Sequence[str | Mapping[str, Any] | Sequence[Any] | Schema],
                   level: str | Level = Level.BACKWARD,
                   schema_type: str | SchemaType = SchemaType.AVRO, *,
                   every_version: bool = False, count: int | None = None,
                   seed: int | None = None, subject: str | None = None) -> list[Finding]:
    """``replay_subject`` over schemas given as text, parsed JSON or ``Schema``s (the API's
    ``schemalint.replay``)."""
    kind = schema_type if isinstance(schema_type, SchemaType) else SchemaType.parse(schema_type)

    def parsed(source: str | Mapping[str, Any] | Sequence[Any] | Schema, path: str) -> Schema:
        if isinstance(source, Schema):
            return source
        text = source if isinstance(source, str) else json.dumps(source)
        return get_engine(kind).parse(text, path=path)

    history = [PreviousVersion(parsed(item, f"<v{index}>"), Against(version=index))
               for index, item in enumerate(previous, start=1)]
    return replay_subject(parsed(new, "<new>"), history,
                          level if isinstance(level, Level) else Level.parse(level),
                          every_version=every_version, subject=subject,
                          count=count, seed=DEFAULT_SEED if seed is None else seed)


def _replay_recorded(replay: FormatReplay, current: Schema, olds: Sequence[PreviousVersion],
                     level: Level, recorded: Sequence[Recorded], subject: str | None,
                     seed: int, places: Places) -> list[Finding]:
    """Recorded events through the readers the level pairs their writer with: the new
    schema reads the old versions' (and a writer that is no version's); old readers read the
    new schema's. Each break names the first recorded event that shows it."""
    required = {id(old.schema) for old in olds}
    readers: dict[int, Any] = {}

    def reader_of(schema: Schema) -> Any:
        if id(schema) not in readers:
            readers[id(schema)] = replay.version(schema, None, seed)
        return readers[id(schema)]

    findings: list[Finding] = []
    for sample in recorded:
        writer = replay.version(sample.schema, None, seed, sample.events)
        pairs: list[tuple[Direction, Against | None, Any]] = []
        if sample.new:
            pairs = [(Direction.FORWARD, old.against, reader_of(old.schema))
                     for old in reversed(olds) if Direction.FORWARD in level.directions]
        elif (sample.against is None or id(sample.schema) in required) and \
                Direction.BACKWARD in level.directions:
            pairs = [(Direction.BACKWARD, sample.against, reader_of(current))]
        for direction, against, reader in pairs:
            if replay.reads_as_written(writer, reader):
                continue
            for found in replay.first_breaks(writer, reader):
                event = found.event if found.event is not None else \
                    _first_showing(replay, sample, reader, found, seed)
                findings.append(_finding(
                    replay, current, against or Against(path=sample.source), level,
                    direction, subject, found, places, recorded=sample.place(event)))
    return findings


def _first_showing(replay: FormatReplay, sample: Recorded, reader: Any, found: Break,
                   seed: int) -> int:
    """The index of the first recorded event that shows ``found``, for a format whose
    breaks do not say: the shortest run of events from the first that shows it, doubled
    then halved (a break a run shows, a longer one shows too)."""
    def shows(end: int) -> bool:
        writer = replay.version(sample.schema, None, seed, sample.events[:end])
        return any((other.code, other.path) == (found.code, found.path)
                   for other in replay.first_breaks(writer, reader))

    low, high = 0, 1
    while high < len(sample.events) and not shows(high):
        low, high = high, min(2 * high, len(sample.events))
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if shows(middle) else (middle, high)
    return high - 1


class ReaderBreak(NamedTuple):
    """Where events of a new version broke as one reader schema (a consumer's) read them:
    the code (REPLAY001 failed, REPLAY002 another value), the field (``items[].sku``; empty
    for the event), its pointer in the new schema, what was written and read, and the
    recorded event that showed it (its file and line), where one did."""

    code: str
    field: str
    pointer: str
    what: str
    recorded: str | None = None


def replay_reader(current: Schema, reader: Schema, *, count: int | None = None,
                  seed: int = DEFAULT_SEED, recorded: Sequence[Recorded] = ()
                  ) -> list[ReaderBreak]:
    """The events ``current`` writes (generated, and those ``recorded`` with it) read with
    ``reader``, a schema outside the subject's history (a consumer's reader schema), by the
    format's own resolution rules; whatever the level, as a consumer reads every event."""
    if not replays(current.schema_type) or reader.schema_type is not current.schema_type:
        return []
    replay = format_replay(current.schema_type)
    read_with = replay.version(reader, None, seed)
    breaks: list[ReaderBreak] = []
    for sample in recorded:
        if not sample.new:
            continue
        writer = replay.version(sample.schema, None, seed, sample.events)
        if replay.reads_as_written(writer, read_with):
            continue
        for found in replay.first_breaks(writer, read_with):
            event = found.event if found.event is not None else \
                _first_showing(replay, sample, read_with, found, seed)
            breaks.append(_reader_break(replay, current, found, sample.place(event)))
    writer = replay.version(current, count, seed)
    if not replay.reads_as_written(writer, read_with):
        shown = {(found.code, found.field) for found in breaks}
        breaks.extend(found for found in (
            _reader_break(replay, current, one) for one in replay.first_breaks(writer, read_with))
            if (found.code, found.field) not in shown)
    return breaks


def _reader_break(replay: FormatReplay, current: Schema, found: Break,
                  recorded: str | None = None) -> ReaderBreak:
    field = _field_name(found)
    events = "events of the new version" if recorded is None else \
        f"a recorded event of the new version ({recorded})"
    return ReaderBreak(found.code, field, replay.field_pointer(current, found.path),
                       f"{events} {_what(found, recorded is not None)}", recorded)


def _field_name(found: Break) -> str:
    return ".".join(found.path).replace(".[]", "[]").replace(".{}", "{}")


def _what(found: Break, one: bool) -> str:
    """What happened to the events at the break's field: failed, or read another value."""
    fails, reads = ("fails", "reads") if one else ("fail", "read")
    where = f"field '{_field_name(found)}'" if found.path else "the event"
    if found.code == REPLAY001:
        return (f"{fails} to decode at {where}: written as {found.written}, the reader fails: "
                f"{found.read}.")
    return (f"{reads} another value at {where}: written as {found.written}, read as "
            f"{found.read}.")


def _finding(replay: FormatReplay, current: Schema, against: Against, level: Level,
             direction: Direction, subject: str | None, found: Break,
             places: Places, recorded: str | None = None) -> Finding:
    # A field that breaks against many old versions is found in the schema once.
    if found.path not in places:
        pointer = replay.field_pointer(current, found.path)
        places[found.path] = (pointer, *current.locate(pointer))
    pointer, line, column = places[found.path]
    field = _field_name(found) or "the event"
    where = f"field '{field}'" if found.path else "the event"
    version = against.describe()
    events, fails, reads = "Events", "fail", "read"
    if recorded is not None:
        events, fails, reads = f"A recorded event ({recorded})", "fails", "reads"
        if against.version is None:
            version = "a writer schema that is no version of the subject"
    if direction is Direction.BACKWARD:
        who = f"{events} written by {version} and read with this schema"
    else:
        who = f"{events} written with this schema and read by consumers on {version}"
    if found.code == REPLAY001:
        what = (f"{fails} to decode at {where}: written as {found.written}, the reader fails: "
                f"{found.read}. A consumer replaying the topic stops there.")
    else:
        what = (f"{reads} another value at {where}: written as {found.written}, read as "
                f"{found.read}.")
    fix = f" {replay.FIX}"
    return Finding(
        code=found.code, severity=Severity.ERROR, message=f"{who} {what}{fix}",
        path=current.path, line=line, column=column, pointer=pointer, subject=subject,
        level=level, direction=direction, against=against,
        name_path=f"{field}@{direction.value}" + (
            "" if recorded is None else f"@{recorded.partition(', ')[0]}"))


