"""What each Protobuf difference type means, for ``schemalint explain`` and docs/codes.md.

Each type's example is a minimal change (``schemalint/data/examples.json``) that reports it;
the good example is a change BACKWARD accepts, the bad one a change it refuses.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from schemalint.formats.protobuf import difference as d
from schemalint.formats.protobuf.messages import confluent_description, explanation
from schemalint.model import CodeDoc

EXAMPLES_FILE = Path(__file__).parents[2] / "data" / "examples.json"

_WIRE = ("Protobuf data carries field numbers and wire types, not names: a reader decodes "
         "each number with the type it declares, and skips numbers it does not know.")
_NOTHING = "None: Confluent accepts this change at every level."

# code: (summary, why it is accepted, the code whose example is the other side)
_COMPATIBLE: dict[str, tuple[str, str, str | None]] = {
    d.MESSAGE_ADDED: ("A message type added.",
                      "No existing data holds it; each reader reads the messages it knows.",
                      d.MESSAGE_REMOVED),
    d.MESSAGE_MOVED: ("A message type declared at another place in the file.",
                      "Confluent accepts it. A record names its message by index in the "
                      "file, so producers and consumers must use the registry's serializers, "
                      "which look the index up.", None),
    d.ENUM_ADDED: ("An enum type added.", "No existing data holds it.", None),
    d.ENUM_REMOVED: ("An enum type removed.",
                     "Confluent accepts it: enum values travel as numbers, and a field that "
                     "still used it would not compile.", None),
    d.ENUM_CONST_ADDED: ("An enum value added.",
                         "A reader that does not know the number keeps it as an unknown value "
                         "(proto3) or an unknown field (proto2).", None),
    d.ENUM_CONST_CHANGED: ("An enum value renamed, its number kept.",
                           "The wire carries the number; only JSON encodings, which carry the "
                           "name, see the rename.", None),
    d.ENUM_CONST_REMOVED: ("An enum value removed.",
                           "Its number still decodes, as an unknown value. Reserve it so that "
                           "it is never reused with another meaning.", None),
    d.FIELD_ADDED: ("A field added.",
                    f"{_WIRE} Old readers skip the new number; new readers read the field's "
                    "default from old data.", d.REQUIRED_FIELD_ADDED),
    d.FIELD_REMOVED: ("A field removed.",
                      f"{_WIRE} New readers skip its number in old data; old readers read its "
                      "default from new data. Reserve the number and the name so that they "
                      "are never reused with another type.", d.REQUIRED_FIELD_REMOVED),
    d.FIELD_NAME_CHANGED: ("A field renamed, its number kept.",
                           f"{_WIRE} Only JSON encodings, which carry the name, see the rename.",
                           d.FIELD_SCALAR_KIND_CHANGED),
    d.FIELD_STRING_OR_BYTES_LABEL_CHANGED: (
        "A string or bytes field changed between singular and repeated.",
        "Length-delimited values decode either way; a singular reader keeps the last value.",
        d.FIELD_NUMERIC_LABEL_CHANGED),
    d.ONEOF_ADDED: ("A oneof added, with new fields.",
                    "Its fields are new numbers, which old readers skip.",
                    d.MULTIPLE_FIELDS_MOVED_TO_ONEOF),
    d.ONEOF_REMOVED: ("A oneof removed with all its fields.",
                      "As for removed fields: readers skip the numbers they do not know.",
                      d.ONEOF_FIELD_REMOVED),
    d.ONEOF_FIELD_ADDED: ("A new field added to a oneof.",
                          "A new number, which old readers skip.",
                          d.FIELD_MOVED_TO_EXISTING_ONEOF),
    d.ONEOF_FIELD_MOVED_TO_TOP_LEVEL: (
        "A field moved out of its oneof.",
        "New readers read it as before. Under FORWARD levels old consumers see fields of "
        "their oneof set together, which is FIELD_MOVED_TO_EXISTING_ONEOF seen from them.",
        d.FIELD_MOVED_TO_EXISTING_ONEOF),
}
# code: (summary, the compatible code whose example shows the way to make the change)
_INCOMPATIBLE: dict[str, tuple[str, str]] = {
    d.PACKAGE_CHANGED: ("The file's package changed.", d.MESSAGE_ADDED),
    d.MESSAGE_REMOVED: ("A message type removed.", d.MESSAGE_ADDED),
    d.FIELD_KIND_CHANGED: ("A field's kind changed between scalar, message and map.",
                           d.FIELD_ADDED),
    d.FIELD_SCALAR_KIND_CHANGED: ("A scalar field's type changed to one of another wire "
                                  "encoding.", d.FIELD_ADDED),
    d.FIELD_NAMED_TYPE_CHANGED: ("A message-typed field now holds another message type.",
                                 d.FIELD_ADDED),
    d.FIELD_NUMERIC_LABEL_CHANGED: ("A numeric field changed between singular, optional and "
                                    "repeated.", d.FIELD_ADDED),
    d.REQUIRED_FIELD_ADDED: ("A proto2 required field added.", d.FIELD_ADDED),
    d.REQUIRED_FIELD_REMOVED: ("A proto2 required field removed.", d.FIELD_REMOVED),
    d.ONEOF_FIELD_REMOVED: ("A field removed from a oneof that stays.", d.ONEOF_FIELD_ADDED),
    d.MULTIPLE_FIELDS_MOVED_TO_ONEOF: ("Several existing fields moved into a new oneof.",
                                       d.ONEOF_ADDED),
    d.FIELD_MOVED_TO_EXISTING_ONEOF: ("An existing field moved into a oneof.",
                                      d.ONEOF_FIELD_ADDED),
}


@functools.cache
def examples() -> dict[str, tuple[str, str]]:
    """Each type's minimal change: (old file, new file)."""
    data = json.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))
    return {code: (old, new) for code, (old, new) in data["PROTOBUF"].items()}


def _pair(code: str) -> str:
    old, new = examples()[code]
    return f"old:\n{old.rstrip()}\nnew:\n{new.rstrip()}"


def docs() -> dict[str, tuple[str, CodeDoc]]:
    """Every type the diff reports: its summary and its documentation."""
    found: dict[str, tuple[str, CodeDoc]] = {}
    for code, (summary, why, bad) in _COMPATIBLE.items():
        found[code] = (summary, CodeDoc(
            what=summary, why=f"{why} BACKWARD, FORWARD and FULL levels accept it.",
            bad=_pair(bad) if bad else _NOTHING, good=_pair(code),
            fix="Nothing to fix." if code not in (d.FIELD_REMOVED, d.ENUM_CONST_REMOVED) else
            "Nothing to fix; reserve the removed number and name (`reserved 2; reserved "
            "\"amount\";`).",
        ))
    for code, (summary, good) in _INCOMPATIBLE.items():
        reason, fix = explanation(code)
        described = confluent_description(code, "…").replace("%s", "new", 1).replace(
            "%s", "old", 1)
        found[code] = (summary, CodeDoc(
            what=f"{summary} Confluent's description: \"{described}\".",
            why=(f"{_WIRE} Under BACKWARD levels new consumers cannot read old data: "
                 f"{reason.format(reader='the new schema', writer='the old schema')}. "
                 "Confluent's Protobuf rules are symmetric, so FORWARD levels refuse it too."),
            bad=_pair(code), good=_pair(good), fix=fix[:1].upper() + fix[1:] + ".",
        ))
    return dict(sorted(found.items()))
