"""What counts as broken, as a JSON reader sees it.

JSON has no resolution step: the value read is the value written. An instance breaks when the
reader's validator rejects it (REPLAY001: a consumer that validates fails), or when it
validates but a keyword the schema-level check does not weigh makes the reader's code take
the same text for something else (REPLAY002):

- ``format``, both versions naming one, and the reader's not a wider form of the writer's
  (``email`` read as ``idn-email`` is the same address): a ``date-time`` read as a ``date``,
  a ``date`` as a ``date-time``.
- ``contentEncoding`` changed, added or removed: base64 read as plain text is the encoding,
  not the bytes it encodes; plain text read as base64 is other bytes, or none.
- ``contentMediaType``, both versions naming one and differing: JSON text read as
  ``text/plain``.
- Kafka Connect's temporal logical types (its JSON Schema converter names them in ``title``,
  ``org.apache.kafka.connect.data.Timestamp``, ``Date``, ``Time``), both versions naming
  one and differing: a Timestamp's milliseconds read as a Date's days.

A format removed reads the same string; a format added that the value satisfies is what the
writer wrote; an integer read as a number is the same number.
"""

from __future__ import annotations

import base64
import binascii
import reprlib
from collections.abc import Iterator
from typing import Any

from schemalint.replay.codes import REPLAY001, REPLAY002
from schemalint.replay.formats import Break
from schemalint.replay.jsonschema.validation import (
    CONNECT_LOGICAL,
    MEANING_KEYWORDS,
    JsonVersion,
)

Part = tuple[Any, Any]  # a subschema and the resolver of its ``$ref``s

# Formats whose reader form accepts every value of the writer's, with the same meaning.
_WIDER = frozenset({("email", "idn-email"), ("hostname", "idn-hostname"), ("uri", "iri"),
                    ("uri", "uri-reference"), ("uri", "iri-reference"),
                    ("uri-reference", "iri-reference"), ("iri", "iri-reference")})
_MAX_REFS = 16

_SHOWN = reprlib.Repr()
_SHOWN.maxstring = _SHOWN.maxother = 60
_SHOWN.maxlist = _SHOWN.maxdict = 4


def show(value: Any) -> str:
    """A value as a finding quotes it: in Python's notation, long ones shortened."""
    return _SHOWN.repr(value)


def rejection(instance: Any, error: Any) -> Break:
    """REPLAY001 for the reader's validation ``error``: at the property it names (a
    missing required or an unexpected one), else where the validator stopped."""
    location = list(error.absolute_path)
    value = instance
    for step in location:
        value = value[step]
    path = _names(location)
    written = show(value)
    if error.validator == "required" and isinstance(value, dict):
        missing = next((name for name in error.validator_value if name not in value), None)
        if missing is not None:
            path, written = (*path, str(missing)), "absent"
    elif error.validator in ("additionalProperties", "unevaluatedProperties") and \
            isinstance(value, dict):
        declared = error.schema.get("properties") or {}
        extra = next((name for name in value if name not in declared), None)
        if extra is not None:
            path, written = (*path, str(extra)), show(value[extra])
    return Break(REPLAY001, path, written, f"the validator says {show_message(error.message)}")


def show_message(message: str, limit: int = 160) -> str:
    return message if len(message) <= limit else f"{message[:limit - 1]}…"


def _names(location: list[Any]) -> tuple[str, ...]:
    return tuple("[]" if isinstance(step, int) else str(step) for step in location)


class Meanings:
    """Walks an instance both versions accept through the two schemas, to the first string
    the reader's keywords read as something else."""

    def __init__(self, writer: JsonVersion, reader: JsonVersion) -> None:
        self.writer, self.reader = writer, reader
        # The instance paths (and their prefixes) where the two documents name different
        # keywords; None: anywhere (a ``$ref``, or a place no plain path reaches).
        self._leads: frozenset[tuple[str, ...]] | None = None
        written, read = writer.meaning_sites, reader.meaning_sites
        if written is not None and read is not None:
            paths = [_instance_path(keys) for keys, _, _ in written ^ read]
            if all(path is not None for path in paths):
                self._leads = frozenset(path[:length] for path in paths if path is not None
                                        for length in range(len(path) + 1))

    def may_differ(self) -> bool:
        """Whether a string may be read by other keywords than it was written with: not
        where both documents name the same keywords at the same places, with no ``$ref``."""
        return self._leads is None or bool(self._leads)

    def first_change(self, instance: Any) -> Break | None:
        return next(self._walk([(self.writer.document, self.writer.resolver)],
                               [(self.reader.document, self.reader.resolver)], instance, ()),
                    None)

    def _walk(self, written: list[Part], read: list[Part], value: Any,
              path: tuple[str, ...]) -> Iterator[Break]:
        writer_parts = _applying(self.writer, written, value)
        reader_parts = _applying(self.reader, read, value)
        if isinstance(value, str):
            found = _changed(_annotations(writer_parts), _annotations(reader_parts), value)
            if found is not None:
                yield Break(REPLAY002, path, *found)
        elif isinstance(value, int) and not isinstance(value, bool):
            found = _connect_changed(_connect_logical(writer_parts),
                                     _connect_logical(reader_parts), value)
            if found is not None:
                yield Break(REPLAY002, path, *found)
        elif isinstance(value, dict):
            for name, item in value.items():
                yield from self._both(_property(writer_parts, name),
                                      _property(reader_parts, name), item, (*path, name))
        elif isinstance(value, list):
            for position, item in enumerate(value):
                yield from self._both(_item(writer_parts, position),
                                      _item(reader_parts, position), item, (*path, "[]"))

    def _both(self, written: list[Part], read: list[Part], value: Any,
              path: tuple[str, ...]) -> Iterator[Break]:
        # A value one side has no schema for (a property the reader dropped, one an open
        # writer added) is read by no keyword of that side: nothing to weigh. Nor is one
        # the documents name alike all the way down.
        if written and read and (self._leads is None or path in self._leads):
            yield from self._walk(written, read, value, path)


def _instance_path(keys: tuple[str, ...]) -> tuple[str, ...] | None:
    """The instance path a document's keys lead to (``properties``, ``items`` and the
    branches of ``allOf``, ``anyOf`` and ``oneOf``); None for any other way there."""
    path: list[str] = []
    position = 0
    while position < len(keys):
        key = keys[position]
        if key == "properties" and position + 1 < len(keys):
            path.append(keys[position + 1])
            position += 2
        elif key in ("allOf", "anyOf", "oneOf") and position + 1 < len(keys):
            position += 2
        elif key == "items":
            path.append("[]")
            position += 1
        else:
            return None
    return tuple(path)


def _applying(version: JsonVersion, node: list[Part], value: Any) -> list[Part]:
    """The subschemas that apply to ``value``: ``$ref`` targets, ``allOf`` members, the
    ``oneOf``/``anyOf`` branches it is valid under."""
    parts: list[Part] = []
    pending = list(node)
    followed = 0
    while pending:
        part, resolver = pending.pop(0)
        if not isinstance(part, dict):
            continue
        parts.append((part, resolver))
        reference = part.get("$ref")
        if isinstance(reference, str) and followed < _MAX_REFS:
            followed += 1
            try:
                resolved = resolver.lookup(reference)
            except Exception:  # the validator accepted the value: nothing more applies here
                resolved = None
            if resolved is not None:
                pending.append((resolved.contents, resolved.resolver))
        pending.extend((member, resolver) for member in part.get("allOf") or ())
        for keyword in ("oneOf", "anyOf"):
            for branch in part.get(keyword) or ():
                if version.valid_under(branch, resolver, value):
                    pending.append((branch, resolver))
                    break
    return parts


def _property(parts: list[Part], name: str) -> list[Part]:
    found: list[Part] = []
    for part, resolver in parts:
        properties = part.get("properties")
        if isinstance(properties, dict) and name in properties:
            found.append((properties[name], resolver))
            continue
        patterns = part.get("patternProperties")
        if isinstance(patterns, dict) and patterns:
            from schemalint.patterns import PatternTooSlow, search

            try:
                matched = [sub for pattern, sub in patterns.items() if search(pattern, name)]
            except PatternTooSlow:
                matched = []
            if matched:
                found.extend((sub, resolver) for sub in matched)
                continue
        additional = part.get("additionalProperties")
        if isinstance(additional, dict):
            found.append((additional, resolver))
    return found


def _item(parts: list[Part], position: int) -> list[Part]:
    found: list[Part] = []
    for part, resolver in parts:
        prefix = part.get("prefixItems")
        items = part.get("items")
        if isinstance(items, list):
            prefix, items = items, part.get("additionalItems")
        if isinstance(prefix, list) and position < len(prefix):
            found.append((prefix[position], resolver))
        elif isinstance(items, dict):
            found.append((items, resolver))
    return found


def _annotations(parts: list[Part]) -> dict[str, str]:
    found: dict[str, str] = {}
    for part, _ in parts:
        for keyword in MEANING_KEYWORDS:
            value = part.get(keyword)
            if isinstance(value, str):
                found.setdefault(keyword, value)
    return found


# Kafka Connect's temporal logical types over an integer: what one unit of it is.
_CONNECT_UNITS = {"Timestamp": ("instant", 1, "milliseconds since 1970"),
                  "Date": ("instant", 86_400_000, "days since 1970"),
                  "Time": ("time of day", 1, "milliseconds of the day")}


def _connect_logical(parts: list[Part]) -> str | None:
    for part, _ in parts:
        title = part.get("title")
        if isinstance(title, str) and title.startswith(CONNECT_LOGICAL):
            return title[len(CONNECT_LOGICAL):]
    return None


def _connect_changed(written: str | None, read: str | None,
                     value: int) -> tuple[str, str] | None:
    """(the value as written, as read) where Kafka Connect reads an integer as another
    temporal logical type: a Timestamp's milliseconds read as a Date's days, and the like
    (the epoch, 0, is one instant as a Date and as a Timestamp)."""
    if written == read or written not in _CONNECT_UNITS or read not in _CONNECT_UNITS:
        return None
    (was, was_scale, was_unit), (now, now_scale, now_unit) = (_CONNECT_UNITS[written],
                                                             _CONNECT_UNITS[read])
    if was == now and value * was_scale == value * now_scale:
        return None
    return (f"{value} ({was_unit}, a Connect {written})",
            f"a Connect {read}: {value} {now_unit}")


def _changed(written: dict[str, str], read: dict[str, str],
             value: str) -> tuple[str, str] | None:
    """(the value as written, as read) where the reader's keywords read another meaning."""
    shown = show(value)
    was, now = written.get("format"), read.get("format")
    if was and now and was != now and (was, now) not in _WIDER:
        return f"{shown} (a {was})", f"a {now}: the same text, another meaning"
    was, now = written.get("contentEncoding"), read.get("contentEncoding")
    if (was or "").lower() != (now or "").lower():
        if was and not now:
            return (f"{shown} ({was} of the content)",
                    f"the text {shown} itself, not the content it encodes")
        return f"{shown} ({was or 'plain text'})", f"{now}: {_decoded(value, now or '')}"
    was, now = written.get("contentMediaType"), read.get("contentMediaType")
    if was and now and was.lower() != now.lower():
        return f"{shown} ({was})", f"{now}: the same text, another meaning"
    return None


def _decoded(value: str, encoding: str) -> str:
    if encoding.lower() != "base64":
        return "another encoding of the content"
    try:
        return f"decodes to {show(base64.b64decode(value, validate=True))}"
    except (binascii.Error, ValueError):
        return "not base64: a reader decoding it fails"
