"""Protobuf replay against the schema-level check over generated schema pairs: wherever the
two disagree, the case is one of the data-level breaks the registry accepts, or the test
fails. The registry's check accepts a field retyped within one of its groups of
interchangeable scalars (``int32``, ``int64``, ``uint32``, ``uint64``, ``bool`` and enums;
``sint32`` and ``sint64``; ``string`` and ``bytes``; ``fixed32`` and ``sfixed32``;
``fixed64`` and ``sfixed64``), an enum's values changing, and a field turned repeated or
singular: the data then reads another value (a truncated number, a sign, bytes that are not
UTF-8, a number the reader's enum does not name, the last of several values).

Pairs are proto3 messages of a few numbered fields drawn from a pool of types (every scalar,
an enum, a message; singular, repeated or ``optional``), each field kept, retyped within its
group or to anything, relabelled or removed, and a field added; the enum's values and the
nested message's field type change too. Bounded: protoc compiles
each version (8-24 ms).
"""

from __future__ import annotations

from typing import NamedTuple

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemalint.api import parse_schema
from schemalint.compat import PreviousVersion
from schemalint.formats import get_engine
from schemalint.model import Against, Direction, Level, SchemaType
from schemalint.replay import replay_subject

GROUPS = (("int32", "int64", "uint32", "uint64", "bool", "Color"), ("sint32", "sint64"),
          ("string", "bytes"), ("fixed32", "sfixed32"), ("fixed64", "sfixed64"),
          ("float",), ("double",), ("Inner",))
TYPES = tuple(kind for group in GROUPS for kind in group)
LABELS = ("", "repeated", "optional")
COLORS = ("RED = 0; GREEN = 1; BLUE = 2;", "RED = 0; GREEN = 1;")
INNERS = ("int64 x = 1;", "int32 x = 1;")


class Field(NamedTuple):
    kind: str
    label: str

    def declaration(self, number: int) -> str:
        label = f"{self.label} " if self.label else ""
        return f"  {label}{self.kind} f{number} = {number};\n"


class Pair(NamedTuple):
    old: dict[int, Field]
    new: dict[int, Field]
    colors: tuple[str, str]  # the enum's values, old and new
    inners: tuple[str, str]  # the nested message's field, old and new


FIELDS = st.builds(Field, st.sampled_from(TYPES), st.sampled_from(LABELS))


def _group(kind: str) -> tuple[str, ...]:
    return next(group for group in GROUPS if kind in group)


@st.composite
def pairs(draw: st.DrawFn) -> Pair:
    old = {number: draw(FIELDS) for number in range(1, draw(st.integers(1, 3)) + 1)}
    new: dict[int, Field] = {}
    for number, field in old.items():
        change = draw(st.sampled_from(("keep", "group", "group", "retype", "label",
                                       "remove")))
        if change == "keep":
            new[number] = field
        elif change == "group":
            new[number] = field._replace(kind=draw(st.sampled_from(_group(field.kind))))
        elif change == "retype":
            new[number] = draw(FIELDS)
        elif change == "label":
            new[number] = field._replace(label=draw(st.sampled_from(LABELS)))
    if draw(st.booleans()):
        new[len(old) + 1] = draw(FIELDS)
    return Pair(old, new, (draw(st.sampled_from(COLORS)), draw(st.sampled_from(COLORS))),
                (draw(st.sampled_from(INNERS)), draw(st.sampled_from(INNERS))))


def _text(fields: dict[int, Field], colors: str, inner: str) -> str:
    body = "".join(field.declaration(number) for number, field in fields.items())
    return (f'syntax = "proto3";\npackage acme;\n\nmessage Event {{\n{body}}}\n'
            f"enum Color {{ {colors} }}\nmessage Inner {{ {inner} }}\n")


def _known_kind(writer: Field, reader: Field, colors: tuple[str, str],
                inners: tuple[str, str]) -> str | None:
    """The accepted break a field's change is, if any."""
    if writer.label != reader.label and "repeated" in (writer.label, reader.label):
        return "label"
    if writer.kind != reader.kind and _group(writer.kind) == _group(reader.kind):
        return "scalar group"
    if writer.kind == reader.kind == "Color" and colors[0] != colors[1]:
        return "enum values"
    if writer.kind == reader.kind == "Inner" and inners[0] != inners[1]:
        return "nested message"
    return None


def _safe_kind(writer: Field, reader: Field) -> str | None:
    """The refused change a field's is, where its data reads as written, if any."""
    if reader.label == "repeated" and writer.label != "repeated" and \
            writer.kind == reader.kind:
        return "singular read as repeated"
    return None


# The accepted breaks met, by kind: the run must meet each (``test_...met_each_known_kind``).
MET: set[str] = set()
ENGINE = get_engine(SchemaType.PROTOBUF)


@settings(max_examples=200, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(pairs())
def test_replay_and_the_schema_check_disagree_only_on_known_kinds(pair: Pair) -> None:
    old_text = _text(pair.old, pair.colors[0], pair.inners[0])
    new_text = _text(pair.new, pair.colors[1], pair.inners[1])
    old = parse_schema(old_text, "PROTOBUF", path="old.proto")
    new = parse_schema(new_text, "PROTOBUF", path="new.proto")
    findings = replay_subject(new, [PreviousVersion(old, Against(version=1))], Level.FULL)
    for direction, (reader, writer) in ((Direction.BACKWARD, (new, old)),
                                        (Direction.FORWARD, (old, new))):
        compatible = ENGINE.reads(reader, writer)
        found = [f for f in findings if f.direction is direction]
        if compatible == (not found):
            continue
        written, read = ((pair.old, pair.new) if direction is Direction.BACKWARD
                         else (pair.new, pair.old))
        colors, inners = ((pair.colors, pair.inners) if direction is Direction.BACKWARD
                          else (pair.colors[::-1], pair.inners[::-1]))
        if not compatible:
            # The registry refuses what the data shows safe: only a change of a known kind.
            for item in ENGINE.incompatibilities(reader, writer):
                number = int(item.writer_pointer.rpartition("/")[2])
                kind = _safe_kind(written[number], read[number])
                assert kind is not None, (item.code, direction, old_text, new_text)
                MET.add(kind)
            continue
        # The registry accepts what the data shows broken: compatible schemas, broken data,
        # at a field both versions share whose change is an accepted break.
        for finding in found:
            number = int(finding.name_path.partition("@")[0].split(".")[0]
                         .removesuffix("[]").removeprefix("f"))
            assert number in written and number in read, (finding.message, old_text, new_text)
            kind = _known_kind(written[number], read[number], colors, inners)
            assert kind is not None, (finding.message, old_text, new_text)
            MET.add(kind)


def test_the_differential_run_met_each_known_kind() -> None:
    if not MET:
        test_replay_and_the_schema_check_disagree_only_on_known_kinds()
    assert {"label", "scalar group", "enum values", "nested message",
            "singular read as repeated"} == MET
