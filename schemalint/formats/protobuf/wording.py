"""What a Protobuf difference changed, in the words of the .proto file.

Confluent's difference types are said from the original to the update; ``change`` is always
said from the old version to the new one, naming the field's number, name and type and the
message that holds it: ``field 8 'coupon_code' (string) added to ShipmentDispatched``.
"""

from __future__ import annotations

import re

from schemalint.formats.protobuf import difference as d

_OPPOSITES = {"ADDED": "REMOVED", "REMOVED": "ADDED"}
# Fields moved into a oneof, seen from the other side: moved out of it.
MOVED_OUT_OF_ONEOF = "FIELDS_MOVED_OUT_OF_ONEOF"
_DECLARATION = re.compile(
    r"^(?:(?P<label>optional|repeated|required)\s+)?(?P<type>.+?)\s+(?P<name>\w+)\s*=\s*"
    r"(?P<number>-?\d+)$")


def as_seen_from_old(kind: str, *, backward: bool) -> str:
    """The type of the change from the old version to the new one (see ``change``)."""
    if backward:
        return kind
    if kind in (d.MULTIPLE_FIELDS_MOVED_TO_ONEOF, d.FIELD_MOVED_TO_EXISTING_ONEOF):
        return MOVED_OUT_OF_ONEOF
    return "_".join(_OPPOSITES.get(word, word) for word in kind.split("_"))


def _parts(path: str) -> list[str]:
    return [segment for segment in path.removeprefix("#").split("/") if segment]


def _field(declaration: str) -> tuple[str, str, str, str]:
    """Label, type, name and number of ``repeated int32 count = 1``; the text when no field."""
    found = _DECLARATION.match(declaration.strip())
    if found is None:
        return "", declaration, "", ""
    return found["label"] or "", found["type"], found["name"], found["number"]


def _named(declaration: str, number: str) -> str:
    label, kind, name, _ = _field(declaration)
    label = f"{label} " if label else ""
    return f"field {number} '{name}' ({label}{kind})" if name else f"field {number}"


def change(kind: str, path: str, old: str, new: str) -> str:
    """One difference said from the old version (``old``'s declaration) to the new one.

    ``kind`` is the difference's type from the old version to the new one (an incompatibility
    of the forward leg is first turned round with ``as_seen_from_old``).
    """
    parts = _parts(path)
    last = parts[-1] if parts else ""
    container = ".".join(parts[:-1])
    if kind == d.PACKAGE_CHANGED:
        return f"package changed from '{old}' to '{new}'"
    if kind in (d.MESSAGE_ADDED, d.MESSAGE_REMOVED, d.ENUM_ADDED, d.ENUM_REMOVED):
        what = "message" if kind.startswith("MESSAGE") else "enum"
        verb = "added" if kind.endswith("ADDED") else "removed"
        return f"{what} '{'.'.join(parts)}' {verb}"
    if kind == d.MESSAGE_MOVED:
        return f"message '{'.'.join(parts)}' moved to another place in the file"
    if kind in (d.ENUM_CONST_ADDED, d.ENUM_CONST_REMOVED):
        verb, text = ("added to", new) if kind == d.ENUM_CONST_ADDED else ("removed from", old)
        return f"enum value {text} {verb} {container}"
    if kind == d.ENUM_CONST_CHANGED:
        return (f"enum value {last} of {container} renamed from {old.split('=')[0].strip()} "
                f"to {new.split('=')[0].strip()}")
    if kind in (d.ONEOF_ADDED, d.ONEOF_REMOVED):
        verb = "added to" if kind == d.ONEOF_ADDED else "removed from"
        return f"oneof '{last}' {verb} {container}"
    if kind in (d.ONEOF_FIELD_ADDED, d.ONEOF_FIELD_REMOVED):
        message, oneof = ".".join(parts[:-2]), parts[-2] if len(parts) > 1 else ""
        if kind == d.ONEOF_FIELD_ADDED:
            return f"{_named(new, last)} added to oneof '{oneof}' of {message}"
        return f"{_named(old, last)} removed from oneof '{oneof}' of {message}"
    if kind == d.ONEOF_FIELD_MOVED_TO_TOP_LEVEL:
        return f"{_named(new or old, last)} of {container} moved out of its oneof"
    if kind == d.MULTIPLE_FIELDS_MOVED_TO_ONEOF:
        return f"several existing fields of {container} moved into oneof '{last}'"
    if kind == MOVED_OUT_OF_ONEOF:
        return f"fields of {container} moved out of oneof '{last}'"
    if kind == d.FIELD_MOVED_TO_EXISTING_ONEOF:
        return f"an existing field of {container} moved into oneof '{last}'"
    if kind in (d.FIELD_ADDED, d.REQUIRED_FIELD_ADDED):
        return f"{_named(new, last)} added to {container}"
    if kind in (d.FIELD_REMOVED, d.REQUIRED_FIELD_REMOVED):
        return f"{_named(old, last)} removed from {container}"
    old_label, old_type, old_name, _ = _field(old)
    new_label, new_type, new_name, _ = _field(new)
    if kind == d.FIELD_NAME_CHANGED:
        return f"field {last} of {container} renamed from '{old_name}' to '{new_name}'"
    if kind in (d.FIELD_NUMERIC_LABEL_CHANGED, d.FIELD_STRING_OR_BYTES_LABEL_CHANGED):
        return (f"field {last} '{new_name or old_name}' of {container} changed from "
                f"{old_label or 'singular'} to {new_label or 'singular'}")
    if kind in (d.FIELD_KIND_CHANGED, d.FIELD_SCALAR_KIND_CHANGED, d.FIELD_NAMED_TYPE_CHANGED):
        return (f"field {last} '{new_name or old_name}' of {container} changed type from "
                f"{old_type} to {new_type}")
    return f"{kind.lower().replace('_', ' ')} at {'.'.join(parts) or 'the file'}"
