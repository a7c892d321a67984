"""What a JSON Schema difference changed, in the words of the schema.

Confluent's difference types are said from the original to the update; a finding's leg decides
which of the two is the old schema. ``change`` names what happened from the old version to
the new one: the enum values, the property, the keyword and its two values, the two types.
"""

from __future__ import annotations

import json
from typing import Any

from schemalint.formats.jsonschema import difference as d
from schemalint.sourcemap import NOTHING, node_at

# The reverse of each word Confluent's type names use: the same difference seen the other way.
_OPPOSITES = {"ADDED": "REMOVED", "REMOVED": "ADDED", "INCREASED": "DECREASED",
              "DECREASED": "INCREASED", "NARROWED": "EXTENDED", "EXTENDED": "NARROWED",
              "EXPANDED": "REDUCED", "REDUCED": "EXPANDED"}
_ABSENT = object()
_LONGEST_VALUE = 60


def as_seen_from_old(kind: str, *, backward: bool) -> str:
    """The type of the change from the old version to the new one.

    On the forward leg the old schema is the reader (Confluent's update), so a property
    "removed" from the reader's side was added by the new schema.
    """
    if backward:
        return kind
    return "_".join(_OPPOSITES.get(word, word) for word in kind.split("_"))


def value_at(document: Any, pointer: str) -> str:
    """The value at a JSON pointer as compact JSON, or "" when the document has none there."""
    node = node_at(document, pointer)
    return "" if node is NOTHING else json.dumps(node, separators=(",", ":"),
                                                 ensure_ascii=False)


def _load(text: str) -> Any:
    return json.loads(text) if text else _ABSENT


def _shown(value: Any) -> str:
    if value is _ABSENT:
        return "none"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _LONGEST_VALUE else text[:_LONGEST_VALUE - 1] + "…"


def quoted(values: list[Any]) -> str:
    """Values as a message lists them: ``'CARD', 'BANK_TRANSFER'``."""
    return ", ".join(f"'{v}'" if isinstance(v, str) else _shown(v) for v in values)


def place(path: str) -> str:
    """Confluent's path as a reader of the schema says it: ``property 'customer.email'``."""
    names: list[str] = []
    segments = [s for s in path.removeprefix("#").split("/") if s]
    index = 0
    while index < len(segments):
        segment = segments[index]
        if segment in ("properties", "required", "dependencies", "patternProperties") \
                and index + 1 < len(segments):
            names.append(segments[index + 1])
            index += 2
            continue
        if segment == "items":
            names.append("[]")
        index += 1
    if not names:
        return "the top level"
    if names == ["[]"]:
        return "the array's items"
    return "property '" + ".".join(names).replace(".[]", "[]") + "'"


def _keyword(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


def _enum_of(value: Any) -> list[Any] | None:
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        if isinstance(value.get("enum"), list):
            return list(value["enum"])
        if "const" in value:
            return [value["const"]]
    return None


_COMBINATIONS = ("anyOf", "oneOf", "allOf")


def _type_of(value: Any) -> str:
    if isinstance(value, dict):
        for key in ("type", *_COMBINATIONS):
            if key in value:
                found = value[key]
                label = "/".join(found) if isinstance(found, list) and key == "type" \
                    and all(isinstance(t, str) for t in found) else \
                    (found if isinstance(found, str) else key)
                # A type beside a combination is a combination to the registry: an object
                # that gained a top-level oneOf changed kind, though its type did not.
                combined = [other for other in _COMBINATIONS if other != key and other in value]
                return f"{label} with {' and '.join(combined)}" if combined else label
        if "enum" in value:
            return "enum"
    if value is True or value == {}:
        return "anything"
    return _shown(value)


def _refers_only(value: Any) -> bool:
    """A node that only points elsewhere (``{"$ref": ...}``): its text says nothing of the
    type or branches the change is about, which lie in what it refers to."""
    return isinstance(value, dict) and "$ref" in value and not any(
        key in value for key in ("type", *_COMBINATIONS, "enum", "const"))


def _from_to(old: Any, new: Any) -> str:
    """" from X to Y", or nothing where the two read the same (both a ``$ref`` whose target
    changed, say): a message never says a thing changed into itself."""
    if _refers_only(old) or _refers_only(new):
        return ""
    before, after = _type_of(old), _type_of(new)
    return "" if before == after else f" from {before} to {after}"


def enum_difference(old_text: str, new_text: str) -> tuple[list[Any], list[Any]] | None:
    """The enum (or const) values removed and added from old to new; None if not an enum."""
    before, after = _enum_of(_load(old_text)), _enum_of(_load(new_text))
    if before is None or after is None:
        return None
    removed = [v for v in before if v not in after]
    added = [v for v in after if v not in before]
    return (removed, added) if removed or added else None


def _enum_change(old_text: str, new_text: str, where: str) -> str | None:
    values = enum_difference(old_text, new_text)
    if values is None:
        return None
    removed, added = values
    if removed:
        also = f", {quoted(added)} added" if added else ""
        return (f"enum value{'s' if len(removed) > 1 else ''} {quoted(removed)} removed from "
                f"{where}{also}")
    return f"enum value{'s' if len(added) > 1 else ''} {quoted(added)} added to {where}"


# Annotations Confluent compares at the schema that holds them: (kind, keyword).
_ANNOTATIONS = {d.ID_CHANGED: "$id", d.DESCRIPTION_CHANGED: "description",
                d.TITLE_CHANGED: "title", d.DEFAULT_CHANGED: "default"}


def change(kind: str, path: str, old_text: str, new_text: str, *, backward: bool) -> str:
    """What changed from the old version to the new one, naming the schema's own parts."""
    old, new = _load(old_text), _load(new_text)
    seen = as_seen_from_old(kind, backward=backward)
    where = place(path)
    if kind.startswith("ENUM_ARRAY") or kind in (d.COMBINED_TYPE_SUBSCHEMAS_CHANGED,
                                                 d.TYPE_CHANGED):
        enum = _enum_change(old_text, new_text, where)
        if enum is not None:
            return enum
    if kind in _ANNOTATIONS:
        keyword = _ANNOTATIONS[kind]
        before = old.get(keyword, _ABSENT) if isinstance(old, dict) else _ABSENT
        after = new.get(keyword, _ABSENT) if isinstance(new, dict) else _ABSENT
        return f"changed {keyword} of {where} from {_shown(before)} to {_shown(after)}"
    if kind in (d.TYPE_CHANGED, d.TYPE_NARROWED, d.TYPE_EXTENDED):
        verb = "changed" if kind == d.TYPE_CHANGED else (
            "narrowed" if "NARROWED" in seen else "widened")
        return f"the type of {where} {verb}{_from_to(old, new)}"
    if kind.startswith("REQUIRED_ATTRIBUTE"):
        default = " (it has a default)" if "WITH_DEFAULT" in seen else ""
        return f"{where} made required{default}" if "_ADDED" in seen else \
            f"{where} no longer required"
    if "PROPERTY" in kind and "ADDITIONAL" not in kind and "UNEVALUATED" not in kind \
            and "RESERVED" not in kind:
        return _property_change(seen, where)
    if kind.startswith("ITEM_"):
        position = path.rstrip("/").rsplit("/", 1)[-1]
        verb = "added" if "_ADDED" in seen else "removed"
        return f"tuple item {position} {verb} at {place(path.rsplit('/', 2)[0])}"
    if kind in (d.COMBINED_TYPE_CHANGED, d.COMBINED_TYPE_EXTENDED):
        return f"the combination of {where} changed{_from_to(old, new)}"
    if kind.startswith(("SUM_TYPE", "PRODUCT_TYPE")):
        verb = "fewer" if "NARROWED" in seen else "more"
        return f"{where} has {verb} {_type_of(new)} branches than before"
    if kind == d.COMBINED_TYPE_SUBSCHEMAS_CHANGED:
        kind_of = "" if _refers_only(new) else f"of {_type_of(new)} "
        return f"the branches {kind_of}at {where} changed"
    if kind in (d.SCHEMA_ADDED, d.SCHEMA_REMOVED):
        return (f"a schema for {where} added" if "_ADDED" in seen else
                f"the schema for {where} removed")
    if kind.startswith("NOT_TYPE"):
        return (f"the 'not' of {place(path.rsplit('/', 1)[0])} "
                f"{'excludes more' if 'EXTENDED' in seen else 'excludes less'}")
    keyword = _keyword(path)
    if kind.startswith("DEPENDENCY_"):
        return (f"the dependencies of '{keyword}' at {place(path.rsplit('/', 2)[0])} "
                f"changed from {_shown(old)} to {_shown(new)}")
    if kind.startswith(("ADDITIONAL_", "UNEVALUATED_")):
        return f"changed {keyword} of {place(path.rsplit('/', 1)[0])} from {_shown(old)} to " \
               f"{_shown(new)}"
    parent = place(path.rsplit("/", 1)[0])
    if old is _ABSENT and new is not _ABSENT:
        return f"added {keyword} {_shown(new)} to {parent}"
    if new is _ABSENT and old is not _ABSENT:
        return f"removed {keyword} {_shown(old)} from {parent}"
    if old is _ABSENT:
        return f"changed {keyword} of {parent}"
    return f"changed {keyword} of {parent} from {_shown(old)} to {_shown(new)}"


def _property_change(seen: str, where: str) -> str:
    requirement = "required " if "REQUIRED_PROPERTY" in seen else (
        "optional " if "OPTIONAL_PROPERTY" in seen else "")
    name = where.removeprefix("property ")
    if "_ADDED" in seen:
        closed = " to a closed object" if "CLOSED" in seen else ""
        return f"{requirement}property {name} added{closed}"
    return f"property {name} removed"
