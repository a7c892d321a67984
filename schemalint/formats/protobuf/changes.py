"""The changes between two versions of a Protobuf file, for ``schemalint diff``."""

from __future__ import annotations

from schemalint.formats.changelog import Changelog, kind_of
from schemalint.formats.protobuf.compat import diff
from schemalint.formats.protobuf.difference import ALL_TYPES, COMPATIBLE_CHANGES
from schemalint.formats.protobuf.wording import as_seen_from_old, change
from schemalint.model import Change, Direction, Schema


def changes(old: Schema, new: Schema) -> list[Change]:
    """Each change from old to new once, named in the file's words, with the sides it breaks."""
    log = Changelog()
    for difference in diff(old, new):
        breaks = frozenset() if difference.type in COMPATIBLE_CHANGES else frozenset(
            {Direction.BACKWARD})
        log.add(difference.type, Change(
            kind_of(difference.type), difference.path,
            change(difference.type, difference.path, difference.original, difference.update),
            difference.update_pointer, breaks))
    # Confluent's Protobuf rules are symmetric in what they accept, so a forward break is
    # the same difference seen from the other side.
    for difference in diff(new, old):
        if difference.type in COMPATIBLE_CHANGES:
            continue
        seen = as_seen_from_old(difference.type, backward=False)
        log.breaks_old_consumers(seen, difference.type, difference.path, Change(
            kind_of(seen if seen in ALL_TYPES else difference.type), difference.path,
            change(seen, difference.path, difference.update, difference.original),
            difference.original_pointer, frozenset({Direction.FORWARD})))
    return log.changes()
