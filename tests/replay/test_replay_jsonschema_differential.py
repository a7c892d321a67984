"""JSON Schema replay against the schema-level check over many generated schema pairs: wherever
the two disagree, the case is one of the known kinds, or the test fails.

- The registry accepts, the data breaks: a ``format`` the reader names and reads the
  writer's strings by (another than the writer's, or one the writer did not name and its
  strings do not satisfy), a ``contentEncoding`` or ``contentMediaType`` changed, a Kafka
  Connect logical type named in the ``title`` changed (the diff weighs none of them).
- The registry refuses, the data reads: a property added to an open object (the registry
  fears what the writer's open model may have held under that name; the writer's instances
  name no such property), an enum read as the type of its values (the registry compares the
  kinds of schemas, not the values).

Pairs are objects of a few properties drawn from a pool of types (strings with and without
formats, encodings and bounds, numbers, enums, nullable types, arrays), open or closed, each
property kept, retyped (often to a type of the same JSON type) or removed, and properties
added, optional or required.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemalint.api import check_compatibility
from schemalint.model import Direction, Level
from schemalint.replay import replay_schemas


class Kind(NamedTuple):
    """A property type of the pool."""

    schema: dict[str, Any]
    # The keywords a reader reads a value's meaning by (format, content, Connect's logical
    # type), as (keyword, value).
    meaning: tuple[tuple[str, str], ...] = ()


def _string(**more: Any) -> Kind:
    meaning = tuple((key, value) for key, value in more.items()
                    if key in ("format", "contentEncoding", "contentMediaType"))
    return Kind({"type": "string", **more}, meaning)


POOL = [
    _string(), _string(format="date-time"), _string(format="date"), _string(format="email"),
    _string(format="idn-email"), _string(format="uuid"), _string(maxLength=8),
    _string(contentEncoding="base64"), _string(contentMediaType="application/json"),
    _string(contentMediaType="text/plain"), _string(pattern="^[a-z]+$"),
    Kind({"type": "integer"}), Kind({"type": "number"}),
    *(Kind({"type": "integer", "title": f"org.apache.kafka.connect.data.{logical}"},
           (("title", logical),)) for logical in ("Timestamp", "Date")),
    Kind({"type": "integer", "minimum": 0}), Kind({"type": "integer", "maximum": 2**53}),
    Kind({"enum": ["A", "B"]}), Kind({"enum": ["A", "B", "C"]}),
    Kind({"type": ["string", "null"]}), Kind({"type": "boolean"}),
    Kind({"type": "array", "items": {"type": "string"}}),
    Kind({"type": "array", "items": {"type": "integer"}}),
]
NAMES = ("a", "b", "c", "d")


def _siblings(kind: Kind) -> list[Kind]:
    """Types of the pool whose values are of the same JSON type (an enum's are strings):
    where the registry's check and the data part ways."""
    return [other for other in POOL
            if other.schema.get("type", "string") == kind.schema.get("type", "string")]


class Pair(NamedTuple):
    old: dict[str, Kind]
    new: dict[str, Kind]
    old_required: frozenset[str]
    new_required: frozenset[str]
    old_closed: bool
    new_closed: bool


@st.composite
def pairs(draw: st.DrawFn) -> Pair:
    old = {name: draw(st.sampled_from(POOL)) for name in NAMES[:draw(st.integers(1, 3))]}
    old_required = frozenset(name for name in old if draw(st.booleans()))
    new: dict[str, Kind] = {}
    for name, kind in old.items():
        change = draw(st.sampled_from(("keep", "keep", "retype", "sibling", "sibling",
                                       "remove")))
        if change == "keep":
            new[name] = kind
        elif change != "remove":
            new[name] = draw(st.sampled_from(POOL if change == "retype" else _siblings(kind)))
    new_required = {name for name in old_required if name in new and draw(st.booleans())}
    if draw(st.booleans()):
        added = NAMES[len(old)]
        new[added] = draw(st.sampled_from(POOL))
        if draw(st.booleans()):
            new_required.add(added)
    return Pair(old, new, old_required, frozenset(new_required), draw(st.booleans()),
                draw(st.booleans()))


def _text(properties: dict[str, Kind], required: frozenset[str], closed: bool) -> str:
    return json.dumps({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
                       "properties": {name: kind.schema for name, kind in properties.items()},
                       "required": sorted(required),
                       **({"additionalProperties": False} if closed else {})})


# The known kinds met, by name: the run must meet each (``test_...met_each_known_kind``).
MET: set[str] = set()


def _accepted_break(written: Kind, read: Kind) -> str | None:
    """The known kind of a break the registry accepts at one property, or None."""
    was, now = dict(written.meaning), dict(read.meaning)
    if now.get("format") and was.get("format") != now["format"]:
        return "format"
    if was.get("title") and now.get("title") and was["title"] != now["title"]:
        return "a Kafka Connect logical type"
    if was.get("contentEncoding") != now.get("contentEncoding"):
        return "content"
    if was.get("contentMediaType") and now.get("contentMediaType") and \
            was["contentMediaType"] != now["contentMediaType"]:
        return "content"
    return None


def _unseen_risk(code: str, pointer: str, writer: dict[str, Kind],
                 reader: dict[str, Kind]) -> str | None:
    """The known kind of one difference the registry refuses whose risk the writer's
    instances do not hold, or None."""
    if code == "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL":
        return "a property added to an open object"
    name = pointer.removeprefix("/properties/")
    if code == "TYPE_CHANGED" and name in writer and name in reader and \
            _enum_of_reader_values(writer[name], reader[name]):
        return "an enum read as the type of its values"
    return None


def _enum_of_reader_values(written: Kind, read: Kind) -> bool:
    """The writer's is an enum whose every value the reader's schema holds: the registry
    compares the kinds of schemas (an enum is not a string), not the values."""
    from jsonschema import Draft7Validator

    values = written.schema.get("enum")
    return values is not None and all(Draft7Validator(read.schema).is_valid(value)
                                      for value in values)


@settings(max_examples=200, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(pairs())
def test_replay_and_the_schema_check_disagree_only_on_known_kinds(pair: Pair) -> None:
    old_text = _text(pair.old, pair.old_required, pair.old_closed)
    new_text = _text(pair.new, pair.new_required, pair.new_closed)
    findings = replay_schemas(new_text, [old_text], Level.FULL, "JSON")
    for level, direction in ((Level.BACKWARD, Direction.BACKWARD),
                             (Level.FORWARD, Direction.FORWARD)):
        result = check_compatibility(new_text, [old_text], level, "JSON")
        compatible = result.compatible
        found = [finding for finding in findings if finding.direction is direction]
        if compatible == (not found):
            continue
        writer, reader = ((pair.old, pair.new) if direction is Direction.BACKWARD
                          else (pair.new, pair.old))
        if compatible:
            # The registry misses a break on data: each finding at a property both share
            # whose change is a known kind.
            for finding in found:
                name = finding.name_path.partition("@")[0].partition("[")[0]
                assert name in writer and name in reader, (finding.message, old_text,
                                                           new_text)
                kind = _accepted_break(writer[name], reader[name])
                assert kind is not None, (finding.message, old_text, new_text)
                MET.add(kind)
        else:
            # The registry refuses what the data reads: each of its differences a known kind.
            for difference in result.findings:
                kind = _unseen_risk(difference.code, difference.pointer or "", writer, reader)
                assert kind is not None, (difference.code, direction, old_text, new_text)
                MET.add(kind)


def test_the_differential_run_met_each_known_kind() -> None:
    if not MET:
        test_replay_and_the_schema_check_disagree_only_on_known_kinds()
    assert {"format", "content", "a Kafka Connect logical type",
            "a property added to an open object", "an enum read as the type of its values"} == MET

