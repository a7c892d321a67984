"""Messages for Protobuf incompatibilities: what breaks, for whom, and the fix.

``confluent_description`` restates the registry's description of each incompatible
difference type; its ``%s`` stand for the reader's and the writer's role ("new", "old").
"""

from __future__ import annotations

from schemalint.formats.protobuf import difference as d
from schemalint.formats.protobuf.wording import as_seen_from_old, change
from schemalint.model import Incompatibility

_DESCRIPTIONS = {
    d.PACKAGE_CHANGED: "The package at '{path}' in the %s schema does not match the package "
                       "in the %s schema",
    d.MESSAGE_REMOVED: "The %s schema is missing a MESSAGE type at path '{path}' in the %s "
                       "schema",
    d.FIELD_KIND_CHANGED: "The type of a field at path '{path}' in the %s schema does not "
                          "match the %s schema",
    d.FIELD_SCALAR_KIND_CHANGED: "The kind of a SCALAR field at path '{path}' in the %s "
                                 "schema does not match its kind in the %s schema",
    d.FIELD_NAMED_TYPE_CHANGED: "The type of a MESSAGE field at path '{path}' in the %s "
                                "schema does not match its type in the %s schema",
    d.FIELD_NUMERIC_LABEL_CHANGED: "The label for a NUMERIC field at path '{path}' in the %s "
                                   "schema does not match its label in the %s schema",
    d.REQUIRED_FIELD_ADDED: "A required field  at path '{path}' in the %s schema is missing "
                            "in the %s schema",
    d.REQUIRED_FIELD_REMOVED: "The %s schema is missing a required field at path: '{path}' "
                              "in the %s schema",
    d.ONEOF_FIELD_REMOVED: "The %s schema is missing a oneof field at path '{path}' in the "
                           "%s schema",
    d.ONEOF_FIELD_MOVED_TO_TOP_LEVEL: "The oneof field at path '{path}' in the %s schema was "
                                      "moved out of its oneof to a top-level field in the %s "
                                      "schema",
    d.MULTIPLE_FIELDS_MOVED_TO_ONEOF: "Multiple fields in the oneof at path '{path}' in the "
                                      "%s schema are outside a oneof in the %s schema",
    d.FIELD_MOVED_TO_EXISTING_ONEOF: "A field in the oneof at path '{path}' in the %s schema "
                                     "is outside an existing oneof in the %s schema",
}


def confluent_description(kind: str, path: str) -> str:
    """Confluent's description of a difference (empty for the compatible ones)."""
    template = _DESCRIPTIONS.get(kind)
    return template.format(path=path) if template else ""


# What the change does, with {reader}/{writer} for the two schemas' roles, and the fix.
_EXPLAIN: dict[str, tuple[str, str]] = {
    d.PACKAGE_CHANGED: (
        "the package differs, so every message has another full name and {reader}'s "
        "deserializer does not accept {writer}'s messages",
        "keep the old package; publish a new package under a new subject"),
    d.MESSAGE_REMOVED: (
        "a message {writer} declares is gone from {reader}, so data written as that message "
        "(its index in the file is part of each record) cannot be read",
        "keep the message (it can be deprecated)"),
    d.FIELD_KIND_CHANGED: (
        "the field number now holds another kind of value (scalar, message or map), so its "
        "bytes no longer decode",
        ("keep the old type and add a new field with a new number (reserve the old "
         "number once the old field goes)")),
    d.FIELD_SCALAR_KIND_CHANGED: (
        "the field number now holds a scalar of another wire encoding (only int32, int64, "
        "uint32, uint64, bool and enums; sint32 and sint64; string and bytes; fixed32 and "
        "sfixed32; fixed64 and sfixed64 interchange), so its bytes no longer decode",
        ("keep the old type and add a new field with a new number (reserve the old "
         "number once the old field goes)")),
    d.FIELD_NAMED_TYPE_CHANGED: (
        "the field's message type is another message, or one changed incompatibly, so its "
        "bytes no longer decode as {reader} expects",
        "keep the old message type; add a new field with a new number for the new one"),
    d.FIELD_NUMERIC_LABEL_CHANGED: (
        "a numeric field changed between optional, repeated and required, so packed and "
        "unpacked encodings or presence no longer agree",
        "keep the old label and add a new field with a new number"),
    d.REQUIRED_FIELD_ADDED: (
        "{reader} requires a field {writer} never writes, so parsing {writer}'s data fails",
        "make the new field optional"),
    d.REQUIRED_FIELD_REMOVED: (
        "{writer} requires a field {reader} no longer declares",
        "keep the required field"),
    d.ONEOF_FIELD_REMOVED: (
        "a member of a oneof is gone while the oneof stays, so data that set it reads as if "
        "nothing in the oneof were set", "keep the member (it can be deprecated)"),
    d.MULTIPLE_FIELDS_MOVED_TO_ONEOF: (
        "fields that could be set together are now members of one oneof, so {writer}'s data "
        "setting several of them loses all but the last",
        "leave existing fields outside the oneof; add new fields to it"),
    d.FIELD_MOVED_TO_EXISTING_ONEOF: (
        "a field that could be set alongside others now shares a oneof with them, so "
        "{writer}'s data setting both loses one",
        "leave the field where it was; add new fields to the oneof"),
}


def explanation(kind: str) -> tuple[str, str]:
    """Why ``kind`` breaks (said with {reader} and {writer}) and the fix on the backward leg."""
    return _EXPLAIN.get(kind, ("{reader} cannot read data written with {writer}",
                               "undo the change"))


def describe(incompatibility: Incompatibility, *, backward: bool, against: str) -> str:
    """What breaks, for whom, and the fix, for one incompatible difference."""
    kind = incompatibility.code
    what, fix = explanation(kind)
    if backward:
        who = f"consumers using the new schema cannot read data written with {against}"
        roles = {"reader": "the new schema", "writer": "the old schema"}
    else:
        who = f"consumers still on {against} cannot read data written with the new schema"
        roles = {"reader": "the old schema", "writer": "the new schema"}
        if kind in (d.REQUIRED_FIELD_ADDED, d.REQUIRED_FIELD_REMOVED, d.MESSAGE_REMOVED):
            fix = ("upgrade every consumer before producers write with the new schema, or "
                   "undo the change")
    old, new = ((incompatibility.writer_name, incompatibility.reader_name) if backward
                else (incompatibility.reader_name, incompatibility.writer_name))
    changed = change(as_seen_from_old(kind, backward=backward), incompatibility.name_path,
                     old, new)
    return f"{changed[:1].upper()}{changed[1:]}: {who}: {what.format(**roles)}. Fix: {fix}."
