"""The changes between two versions of a JSON Schema, for ``schemalint diff``."""

from __future__ import annotations

from schemalint.formats.changelog import Changelog, kind_of
from schemalint.formats.jsonschema.compat import diff, model_of
from schemalint.formats.jsonschema.difference import ALL_TYPES, compatible_set
from schemalint.formats.jsonschema.wording import as_seen_from_old, change, value_at
from schemalint.model import Change, Direction, Schema


def changes(old: Schema, new: Schema, policy: str) -> list[Change]:
    """Each change from old to new once, named in the schema's words, with the sides it
    breaks by Confluent's differences each way."""
    accepted = compatible_set(policy)
    old_document, new_document = model_of(old).document, model_of(new).document
    log = Changelog()
    for difference in diff(old, new, policy):
        breaks = frozenset() if difference.type in accepted else frozenset(
            {Direction.BACKWARD})
        log.add(difference.type, Change(
            kind_of(difference.type), difference.path,
            change(difference.type, difference.path,
                   value_at(old_document, difference.original_pointer),
                   value_at(new_document, difference.update_pointer), backward=True),
            difference.update_pointer, breaks))
    for difference in diff(new, old, policy):
        if difference.type in accepted:
            continue
        seen = as_seen_from_old(difference.type, backward=False)
        log.breaks_old_consumers(seen, difference.type, difference.path, Change(
            kind_of(seen if seen in ALL_TYPES else difference.type), difference.path,
            change(difference.type, difference.path,
                   value_at(old_document, difference.update_pointer),
                   value_at(new_document, difference.original_pointer), backward=False),
            difference.original_pointer, frozenset({Direction.FORWARD})))
    return log.changes()
