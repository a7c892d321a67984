"""The changes between two versions of a schema, for a reviewer: a changelog, classified.

A format's differ lists structural changes, each saying which readers it breaks by the
format's rules; the compatibility engine then has the last word: a direction the engine finds
compatible breaks nobody, and an incompatibility no listed change explains is shown as an
unclassified change rather than hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from schemalint.compat import PreviousVersion, check_pair
from schemalint.model import Direction, Level, Schema, SchemaType

SAFE = "safe"
BREAKS_NEW = "breaks new consumers"
BREAKS_OLD = "breaks old consumers"
BREAKS_BOTH = "breaks old and new consumers"
ALLOWED = "allowed at this level"
UNCLASSIFIED = "unclassified"


@dataclass(frozen=True)
class Change:
    """One change. ``breaks`` is None when the differ cannot classify it."""

    kind: str
    name_path: str
    description: str
    pointer: str = ""
    breaks: frozenset[Direction] | None = frozenset()
    note: str = ""

    def verdict(self, level: Level) -> str:
        if self.breaks is None:
            return UNCLASSIFIED
        relevant = self.breaks & set(level.directions)
        if not self.breaks:
            return SAFE
        if not relevant:
            return ALLOWED
        if relevant == {Direction.BACKWARD, Direction.FORWARD}:
            return BREAKS_BOTH
        return BREAKS_NEW if Direction.BACKWARD in relevant else BREAKS_OLD

    def to_json(self, level: Level) -> dict[str, Any]:
        return {
            "kind": self.kind, "path": self.name_path, "description": self.description,
            "pointer": self.pointer, "verdict": self.verdict(level),
            "breaks": sorted(d.value for d in self.breaks) if self.breaks is not None else None,
            **({"note": self.note} if self.note else {}),
        }


def structural_changes(old: Schema, new: Schema, policy: str = "STRICT") -> list[Change]:
    if old.schema_type is not new.schema_type:
        return [Change("schema-type-changed", "", f"format changed from "
                       f"{old.schema_type.value} to {new.schema_type.value}",
                       breaks=frozenset(Direction))]
    if new.schema_type is SchemaType.AVRO:
        from schemalint.formats.avro.diff import diff_documents

        return diff_documents(old.document, new.document)
    if new.schema_type is SchemaType.JSON:
        return _json_changes(old, new, policy)
    if new.schema_type is SchemaType.PROTOBUF:
        return _protobuf_changes(old, new)
    return [Change("changed", "", "the schema changed", breaks=None)]


def _protobuf_changes(old: Schema, new: Schema) -> list[Change]:
    from schemalint.formats.protobuf import COMPATIBLE_CHANGES, diff

    changes = []
    for difference in diff(old, new):
        breaks = frozenset() if difference.type in COMPATIBLE_CHANGES else frozenset(
            {Direction.BACKWARD})
        changes.append(Change(difference.type.lower().replace("_", "-"), difference.path,
                              f"{difference.type} at {difference.path}",
                              difference.update_pointer, breaks))
    # Confluent's Protobuf rules are symmetric in what they accept, so a forward break is
    # the same difference seen from the other side.
    for difference in diff(new, old):
        if difference.type not in COMPATIBLE_CHANGES:
            changes.append(Change(difference.type.lower().replace("_", "-"), difference.path,
                                  f"{difference.type} at {difference.path} (seen from old "
                                  "readers)", difference.original_pointer,
                                  frozenset({Direction.FORWARD})))
    return changes


def _json_changes(old: Schema, new: Schema, policy: str) -> list[Change]:
    from schemalint.formats.jsonschema import compatible_set, diff

    accepted = compatible_set(policy)
    backward = diff(old, new, policy)
    forward = {(d.type, d.path) for d in diff(new, old, policy) if d.type not in accepted}
    changes = []
    for difference in backward:
        breaks = set()
        if difference.type not in accepted:
            breaks.add(Direction.BACKWARD)
        changes.append(Change(difference.type.lower().replace("_", "-"), difference.path,
                              f"{difference.type} at {difference.path}",
                              difference.update_pointer, frozenset(breaks)))
    for kind, path in sorted(forward):
        changes.append(Change(kind.lower().replace("_", "-"), path,
                              f"{kind} at {path} (seen from old readers)", "",
                              frozenset({Direction.FORWARD})))
    return changes


def classified_changes(old: Schema, new: Schema, level: Level,
                       policy: str = "STRICT") -> list[Change]:
    """Structural changes, corrected by the engine's verdict in each direction."""
    changes = structural_changes(old, new, policy)
    engine_breaks: dict[Direction, list[str]] = {}
    for direction in (Direction.BACKWARD, Direction.FORWARD):
        probe = Level.BACKWARD if direction is Direction.BACKWARD else Level.FORWARD
        findings = check_pair(new, PreviousVersion(old), probe, policy=policy)
        if findings:
            engine_breaks[direction] = [f"{f.code}: {f.name_path or f.pointer}"
                                        for f in findings]
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
