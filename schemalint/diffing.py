"""The changes between two versions of a schema, for a reviewer: a changelog, classified.

A format's differ lists structural changes, each saying which readers it breaks by the
format's rules; the compatibility engine then has the last word: a direction the engine finds
compatible breaks nobody, and an incompatibility no listed change explains is shown as an
unclassified change rather than hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from schemalint.compat import PreviousVersion, check_pair
from schemalint.formats import get_engine
from schemalint.model import (
    BREAKS_BOTH,
    BREAKS_NEW,
    BREAKS_OLD,
    UNCLASSIFIED,
    Change,
    Direction,
    Level,
    Schema,
    SchemaType,
)


def structural_changes(old: Schema, new: Schema, policy: str = "STRICT") -> list[Change]:
    if old.schema_type is not new.schema_type:
        return [Change("schema-type-changed", "", f"format changed from "
                       f"{old.schema_type.value} to {new.schema_type.value}",
                       breaks=frozenset(Direction))]
    return list(get_engine(new.schema_type).changes(old, new, policy=policy))


def classified_changes(old: Schema, new: Schema, level: Level,
                       policy: str = "STRICT") -> list[Change]:
    """Structural changes, corrected by the engine's verdict in each direction."""
    changes = structural_changes(old, new, policy)
    engine_breaks = _engine_breaks(old, new, policy)
    corrected = []
    for change in changes:
        if change.breaks is not None:
            change = replace(change, breaks=frozenset(d for d in change.breaks
                                                      if d in engine_breaks))
        corrected.append(change)
    for direction, reasons in engine_breaks.items():
        if not any(c.breaks is not None and direction in c.breaks for c in corrected):
            corrected.append(Change(
                "unexplained", "", "; ".join(reasons), breaks=None,
                note=f"the engine finds a {direction.value} incompatibility that no listed "
                     "change accounts for",
            ))
    if not corrected and not old.same_identity(new):
        # The registry registers it as a new version: a changelog never says "unchanged".
        corrected.append(Change("other-change", "", _UNCOMPARED[new.schema_type]))
    return corrected


def _engine_breaks(old: Schema, new: Schema, policy: str) -> dict[Direction, list[str]]:
    """Each direction in which the engine finds ``new`` incompatible with ``old``, with its
    reasons (``code: where``): the incompatibilities ``compat.check_pair`` reports, without
    the messages and places in the file its findings carry, which a changelog never shows
    (placing them cost a catalogue of a long JSON Schema history a fifth of its time)."""
    breaks: dict[Direction, list[str]] = {}
    for direction in (Direction.BACKWARD, Direction.FORWARD):
        backward = direction is Direction.BACKWARD
        if old.schema_type is not new.schema_type:
            probe = Level.BACKWARD if backward else Level.FORWARD
            reasons = [f"{f.code}: {f.name_path or f.pointer}"
                       for f in check_pair(new, PreviousVersion(old), probe, policy=policy)]
        else:
            # As check_pair anchors a finding: the new schema's side of the comparison.
            reader, writer = (new, old) if backward else (old, new)
            reasons = []
            for found in get_engine(new.schema_type).incompatibilities(reader, writer,
                                                                       policy=policy):
                where = found.reader_pointer if backward else found.writer_pointer
                reasons.append(f"{found.code}: {found.name_path or where}")
        if reasons:
            breaks[direction] = reasons
    return breaks


_UNCOMPARED = {
    SchemaType.AVRO: "a change the Avro rules do not compare: a new version all the same",
    SchemaType.JSON: ("a change Confluent's JSON Schema rules do not compare (key order, a "
                      "keyword they ignore): a new version all the same"),
    SchemaType.PROTOBUF: ("a change Confluent's Protobuf rules do not compare (a type of the "
                          "same wire encoding, an option): a new version all the same"),
}


def summarize(changes: Sequence[Change], level: Level) -> str:
    verdicts = [change.verdict(level) for change in changes]
    if any(v in (BREAKS_NEW, BREAKS_OLD, BREAKS_BOTH) for v in verdicts):
        return "breaking"
    if UNCLASSIFIED in verdicts:
        return "unclassified changes"
    return "compatible" if changes else "unchanged"
