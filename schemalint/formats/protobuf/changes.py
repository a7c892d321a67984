"""The changes between two versions of a Protobuf file, for ``schemalint diff``."""

from __future__ import annotations

from schemalint.formats.protobuf.compat import diff
from schemalint.formats.protobuf.difference import COMPATIBLE_CHANGES
from schemalint.model import Change, Direction, Schema


def changes(old: Schema, new: Schema) -> list[Change]:
    """Confluent's differences each way, classified by the side of the change they break."""
    found = []
    for difference in diff(old, new):
        breaks = frozenset() if difference.type in COMPATIBLE_CHANGES else frozenset(
            {Direction.BACKWARD})
        found.append(Change(difference.type.lower().replace("_", "-"), difference.path,
                              f"{difference.type} at {difference.path}",
                              difference.update_pointer, breaks))
    # Confluent's Protobuf rules are symmetric in what they accept, so a forward break is
    # the same difference seen from the other side.
    for difference in diff(new, old):
        if difference.type not in COMPATIBLE_CHANGES:
            found.append(Change(difference.type.lower().replace("_", "-"), difference.path,
                                  f"{difference.type} at {difference.path} (seen from old "
                                  "readers)", difference.original_pointer,
                                  frozenset({Direction.FORWARD})))
    return found
