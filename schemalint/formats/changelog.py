"""A changelog built from Confluent's differences each way: one entry per change.

Confluent's JSON Schema and Protobuf diffs are said from an original to an update. The
backward diff (old to new) lists the changes; the forward diff (new to old) is the same
changes seen from consumers on the old schema, so what it finds incompatible is a break of
the change the backward diff lists at that place, not a change of its own.
"""

from __future__ import annotations

from dataclasses import replace

from schemalint.model import Change, Direction


class Changelog:
    def __init__(self) -> None:
        self._changes: dict[tuple[str, str], Change] = {}

    def add(self, confluent_type: str, change: Change) -> None:
        """A change the backward diff lists (``confluent_type`` from old to new)."""
        self._changes[(confluent_type, change.name_path)] = change

    def breaks_old_consumers(self, seen_from_old: str, confluent_type: str, path: str,
                             change: Change) -> None:
        """A forward incompatibility: ``confluent_type`` from new to old, which is
        ``seen_from_old`` from old to new; ``change`` is listed if no change is known there."""
        key = (seen_from_old, path)
        if key not in self._changes:
            key = next((k for k in self._changes if k[1] == path), key)
        known = self._changes.get(key)
        if known is None or known.breaks is None:
            self._changes[(seen_from_old, path)] = change
            return
        note = known.note or ("" if kind_of(confluent_type) == known.kind else
                              f"{confluent_type} for consumers on the old schema")
        self._changes[key] = replace(known, breaks=known.breaks | {Direction.FORWARD},
                                     note=note)

    def changes(self) -> list[Change]:
        return list(self._changes.values())


def kind_of(confluent_type: str) -> str:
    """A change's kind: Confluent's type in lower case, ``required-field-added``."""
    return confluent_type.lower().replace("_", "-")
