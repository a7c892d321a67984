"""The changes between two versions of a JSON Schema, for ``schemalint diff``."""

from __future__ import annotations

from schemalint.formats.jsonschema.compat import diff
from schemalint.formats.jsonschema.difference import compatible_set
from schemalint.model import Change, Direction, Schema


def changes(old: Schema, new: Schema, policy: str) -> list[Change]:
    """Confluent's differences each way, classified by the side of the change they break."""
    accepted = compatible_set(policy)
    backward = diff(old, new, policy)
    forward = {(d.type, d.path) for d in diff(new, old, policy) if d.type not in accepted}
    found = []
    for difference in backward:
        breaks = set()
        if difference.type not in accepted:
            breaks.add(Direction.BACKWARD)
        found.append(Change(difference.type.lower().replace("_", "-"), difference.path,
                              f"{difference.type} at {difference.path}",
                              difference.update_pointer, frozenset(breaks)))
    for kind, path in sorted(forward):
        found.append(Change(kind.lower().replace("_", "-"), path,
                              f"{kind} at {path} (seen from old readers)", "",
                              frozenset({Direction.FORWARD})))
    return found
