"""Confluent's Protobuf difference types, and the ones its backward check accepts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

PACKAGE_CHANGED = "PACKAGE_CHANGED"
MESSAGE_ADDED = "MESSAGE_ADDED"
MESSAGE_REMOVED = "MESSAGE_REMOVED"
MESSAGE_MOVED = "MESSAGE_MOVED"
ENUM_ADDED = "ENUM_ADDED"
ENUM_REMOVED = "ENUM_REMOVED"
ENUM_CONST_ADDED = "ENUM_CONST_ADDED"
ENUM_CONST_CHANGED = "ENUM_CONST_CHANGED"
ENUM_CONST_REMOVED = "ENUM_CONST_REMOVED"
FIELD_ADDED = "FIELD_ADDED"
FIELD_REMOVED = "FIELD_REMOVED"
FIELD_NAME_CHANGED = "FIELD_NAME_CHANGED"
FIELD_KIND_CHANGED = "FIELD_KIND_CHANGED"
FIELD_SCALAR_KIND_CHANGED = "FIELD_SCALAR_KIND_CHANGED"
FIELD_NAMED_TYPE_CHANGED = "FIELD_NAMED_TYPE_CHANGED"
FIELD_NUMERIC_LABEL_CHANGED = "FIELD_NUMERIC_LABEL_CHANGED"
FIELD_STRING_OR_BYTES_LABEL_CHANGED = "FIELD_STRING_OR_BYTES_LABEL_CHANGED"
REQUIRED_FIELD_ADDED = "REQUIRED_FIELD_ADDED"
REQUIRED_FIELD_REMOVED = "REQUIRED_FIELD_REMOVED"
ONEOF_ADDED = "ONEOF_ADDED"
ONEOF_REMOVED = "ONEOF_REMOVED"
ONEOF_FIELD_ADDED = "ONEOF_FIELD_ADDED"
ONEOF_FIELD_REMOVED = "ONEOF_FIELD_REMOVED"
ONEOF_FIELD_MOVED_TO_TOP_LEVEL = "ONEOF_FIELD_MOVED_TO_TOP_LEVEL"
MULTIPLE_FIELDS_MOVED_TO_ONEOF = "MULTIPLE_FIELDS_MOVED_TO_ONEOF"
FIELD_MOVED_TO_EXISTING_ONEOF = "FIELD_MOVED_TO_EXISTING_ONEOF"

COMPATIBLE_CHANGES: frozenset[str] = frozenset({
    MESSAGE_ADDED, MESSAGE_MOVED, ENUM_ADDED, ENUM_REMOVED, ENUM_CONST_ADDED,
    ENUM_CONST_CHANGED, ENUM_CONST_REMOVED, FIELD_ADDED, FIELD_REMOVED, FIELD_NAME_CHANGED,
    FIELD_STRING_OR_BYTES_LABEL_CHANGED, ONEOF_ADDED, ONEOF_REMOVED, ONEOF_FIELD_ADDED,
    ONEOF_FIELD_MOVED_TO_TOP_LEVEL,
})

ALL_TYPES: frozenset[str] = frozenset(
    value for name, value in dict(globals()).items()
    if name.isupper() and isinstance(value, str) and value == name
)


@dataclass(frozen=True)
class Difference:
    """One difference Confluent's Protobuf diff reports from an original to an update.

    ``path`` is Confluent's (``#/TestMessage/2``: messages by name, fields by number, oneofs
    by name). The pointers locate the element (or the nearest enclosing one) in each file, in
    the same notation without ``#``; a difference found inside an imported type points at the
    field of the parsed file that uses it.
    """

    type: str
    path: str
    original_pointer: str = ""
    update_pointer: str = ""
    # The element as declared on each side ("int32 count = 2"), for messages.
    original: str = ""
    update: str = ""

    def __str__(self) -> str:
        return f"{self.type} {self.path}"


def is_compatible(differences: Iterable[Difference]) -> bool:
    """Whether every difference is one Confluent's backward check accepts."""
    return all(difference.type in COMPATIBLE_CHANGES for difference in differences)
