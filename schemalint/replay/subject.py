"""One subject replayed: the new schema against its history, in the directions its level
requires. Backward: events every old version wrote, read with the new schema; forward:
events the new schema writes, read by old readers. Transitive levels and topics consumers
replay from the start (``replay = true``) replay every old version, other levels the latest.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from schemalint.compat import PreviousVersion
from schemalint.formats import get_engine
from schemalint.model import Against, Direction, Finding, Level, Schema, SchemaType, Severity
from schemalint.replay.codes import REPLAY001
from schemalint.replay.formats import Break, FormatReplay, format_replay, replays

DEFAULT_SEED = 0


def replay_subject(current: Schema, history: Sequence[PreviousVersion], level: Level, *,
                   every_version: bool = False, subject: str | None = None,
                   count: int | None = None, seed: int = DEFAULT_SEED) -> list[Finding]:
    """REPLAY001 and REPLAY002 findings for ``current`` against ``history`` (oldest first);
    ``every_version`` replays every old version whatever the level. ``count`` events per
    writer version; None: enough to meet every edge of every node, and a few random ones."""
    if not replays(current.schema_type) or not history or not level.directions:
        return []
    olds = list(history) if every_version or level.transitive else [history[-1]]
    replay = format_replay(current.schema_type)
    new = replay.version(current, count, seed)
    findings: list[Finding] = []
    places: dict[tuple[str, ...], tuple[str, int | None, int | None]] = {}
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


def _finding(replay: FormatReplay, current: Schema, against: Against, level: Level,
             direction: Direction, subject: str | None, found: Break,
             places: dict[tuple[str, ...], tuple[str, int | None, int | None]]) -> Finding:
    # A field that breaks against many old versions is found in the schema once.
    if found.path not in places:
        pointer = replay.field_pointer(current, found.path)
        places[found.path] = (pointer, *current.locate(pointer))
    pointer, line, column = places[found.path]
    field = ".".join(found.path).replace(".[]", "[]").replace(".{}", "{}") or "the event"
    where = f"field '{field}'" if found.path else "the event"
    version = against.describe()
    if direction is Direction.BACKWARD:
        who = f"Events written by {version} and read with this schema"
    else:
        who = f"Events written with this schema and read by consumers on {version}"
    if found.code == REPLAY001:
        what = (f"fail to decode at {where}: written as {found.written}, the reader fails: "
                f"{found.read}. A consumer replaying the topic stops there.")
    else:
        what = (f"read another value at {where}: written as {found.written}, read as "
                f"{found.read}.")
    fix = f" {replay.FIX}"
    return Finding(
        code=found.code, severity=Severity.ERROR, message=f"{who} {what}{fix}",
        path=current.path, line=line, column=column, pointer=pointer, subject=subject,
        level=level, direction=direction, against=against,
        name_path=f"{field}@{direction.value}")


