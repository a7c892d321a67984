"""Replay against the schema-level check over many generated Avro schema pairs: wherever the
two disagree, the case is one of the data-level breaks the registry accepts (bytes read as a
string, a logical type read as another over the same primitive), or the test fails.

Pairs are records of a few fields drawn from a pool of types (primitives, logical types,
enums, unions, arrays, maps), each field kept, retyped or removed, and fields added with a
default or without.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemalint.api import check_compatibility, parse_schema
from schemalint.compat import PreviousVersion
from schemalint.model import Against, Direction, Level
from schemalint.replay import replay_subject


class Kind(NamedTuple):
    """A field type of the pool: its schema, the primitive under it, its logical type."""

    schema: Any
    primitive: str
    logical: str = ""


def _logical(base: str, logical: str, **more: Any) -> Kind:
    tag = logical + (f"/{more['scale']}" if "scale" in more else "")
    return Kind({"type": base, "logicalType": logical, **more}, base, tag)


BASE = [Kind(name, name) for name in
        ("boolean", "int", "long", "float", "double", "string", "bytes")] + [
    _logical("int", "date"), _logical("long", "timestamp-millis"),
    _logical("long", "timestamp-micros"),
    _logical("bytes", "decimal", precision=9, scale=2),
    _logical("bytes", "decimal", precision=9, scale=3),
]
ENUMS = [Kind({"type": "enum", "name": "Color", "symbols": symbols, **extra}, "enum")
         for symbols, extra in ((["RED", "GREEN"], {}), (["RED", "GREEN", "BLUE"], {}),
                                (["RED", "GREEN"], {"default": "RED"}),
                                (["RED", "GREEN", "BLUE"], {"default": "RED"}))]


WRAPS = ("", "union", "array", "map")


def _wrapped(wrap: str, inner: Kind) -> Kind:
    if not wrap:
        return inner
    schema = (["null", inner.schema] if wrap == "union"
              else {"type": wrap, ("items" if wrap == "array" else "values"): inner.schema})
    return Kind(schema, f"{wrap}({inner.primitive})", inner.logical)


KINDS = st.builds(_wrapped, st.sampled_from(WRAPS), st.sampled_from(BASE)) | \
    st.sampled_from(ENUMS)


def _sibling(kind: Kind) -> st.SearchStrategy[Kind]:
    """A type over the same primitive (or bytes for string, string for bytes), in the same
    place: where the registry's check and the data part ways."""
    wrap, _, inner = kind.primitive.rpartition("(")
    base = inner.rstrip(")")
    if base == "enum":
        return st.sampled_from(ENUMS)
    same = [other for other in BASE if other.primitive.replace("bytes", "string") ==
            base.replace("bytes", "string")]
    return st.builds(_wrapped, st.just(wrap), st.sampled_from(same))


NAMES = ("a", "b", "c", "d")


class Pair(NamedTuple):
    old: dict[str, Kind]
    new: dict[str, Kind]
    defaults: frozenset[str]  # new fields the new schema gives a default (null)


@st.composite
def pairs(draw: st.DrawFn) -> Pair:
    old = {name: draw(KINDS) for name in NAMES[:draw(st.integers(1, 3))]}
    new: dict[str, Kind] = {}
    for name, kind in old.items():
        change = draw(st.sampled_from(("keep", "retype", "sibling", "sibling", "remove")))
        if change == "keep":
            new[name] = kind
        elif change != "remove":
            new[name] = draw(KINDS if change == "retype" else _sibling(kind))
    defaults = set()
    if draw(st.booleans()):
        added = NAMES[len(old)]
        new[added] = Kind(["null", "string"], "union(string)")
        if draw(st.booleans()):
            defaults.add(added)
    return Pair(old, new, frozenset(defaults))


def _text(fields: dict[str, Kind], defaults: frozenset[str] = frozenset()) -> str:
    return json.dumps({"type": "record", "name": "Event", "namespace": "acme", "fields": [
        {"name": name, "type": _own_name(kind.schema, name),
         **({"default": None} if name in defaults else {})}
        for name, kind in fields.items()]})


def _own_name(schema: Any, field: str) -> Any:
    """An enum named after its field: one record defines each name once."""
    if isinstance(schema, dict) and schema["type"] == "enum":
        return {**schema, "name": f"{schema['name']}{field.upper()}"}
    return schema


def _accepted_break(writer: Kind, reader: Kind) -> bool:
    """A break the registry accepts: bytes read as a string, or a logical type read as
    another (the registry's check does not weigh logical types)."""
    written, read = (kind.primitive.rpartition("(")[2].rstrip(")") for kind in (writer, reader))
    if written == "bytes" and read == "string":
        return True
    return bool(writer.logical and reader.logical) and writer.logical != reader.logical


# The accepted breaks met, by kind: the run must meet each (``test_...met_each_known_kind``).
MET: set[str] = set()


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(pairs())
def test_replay_and_the_schema_check_disagree_only_on_known_kinds(pair: Pair) -> None:
    old_text, new_text = _text(pair.old), _text(pair.new, pair.defaults)
    new = parse_schema(new_text, path="new.avsc")
    history = [PreviousVersion(parse_schema(old_text, path="old.avsc"), Against(version=1))]
    findings = replay_subject(new, history, Level.FULL)  # the default count
    for level, direction in ((Level.BACKWARD, Direction.BACKWARD),
                             (Level.FORWARD, Direction.FORWARD)):
        compatible = check_compatibility(new_text, [old_text], level).compatible
        found = [f for f in findings if f.direction is direction]
        if compatible == (not found):
            continue
        writer, reader = ((pair.old, pair.new) if direction is Direction.BACKWARD
                          else (pair.new, pair.old))
        # Only the way the registry misses is allowed: compatible schemas, broken data, at a
        # field both versions share whose change is an accepted break.
        assert compatible, (direction, old_text, new_text)
        for finding in found:
            name = finding.name_path.partition("@")[0].partition("[")[0].partition("{")[0]
            assert name in writer and name in reader, (finding.message, old_text, new_text)
            assert _accepted_break(writer[name], reader[name]), (
                finding.message, old_text, new_text)
            MET.add("bytes to string" if writer[name].logical == reader[name].logical
                    else "logical type")


def test_the_differential_run_met_each_known_kind() -> None:
    if not MET:
        test_replay_and_the_schema_check_disagree_only_on_known_kinds()
    assert {"bytes to string", "logical type"} == MET
