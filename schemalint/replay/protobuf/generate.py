"""Deterministic messages for a Protobuf message type: each field walks its edge values
(every scalar at its limits, NaN and infinities, float32 rounding, every enum value and, in
proto3's open enums, a number the enum does not name, every ``oneof`` member and none,
fields with presence set and absent, empty and long strings, bytes that are not UTF-8,
repeated fields and maps empty and full, nested messages, recursive ones to a bounded
recursion)
as the message's index grows, then seeded random values. Well-known types are ordinary
messages.

Messages are built through the runtime's own classes, so what is set is what the writer
serializes.
"""

from __future__ import annotations

import math
import random
import string
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, NamedTuple, TypeVar

from google.protobuf import descriptor_pb2
from google.protobuf.descriptor import Descriptor, EnumDescriptor, FieldDescriptor
from google.protobuf.message import Message

from schemalint.replay.protobuf.codec import (
    enum_type,
    is_closed,
    is_map,
    is_repeated,
    is_required,
    message_type,
)

_T = TypeVar("_T")
F = FieldDescriptor

# Repeated fields and maps take up to three elements this deep, at most one deeper, so that a
# message grows with its depth, not exponentially.
MAX_DEPTH = 3
# A message type recurs at most this often on one path, and messages nest at most MAX_NESTING
# deep: beyond, message fields stay absent and repeated ones empty.
RECURSION = 2
MAX_NESTING = 12
# No message type needs more messages than this to meet every edge of every field.
MAX_COVERING = 64
_LENGTHS = (0, 3, 1)
_DEEP_LENGTHS = (1, 0)

INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)
UINT32 = (0, 2**32 - 1)
UINT64 = (0, 2**64 - 1)
_FLOAT32_MAX = 3.4028234663852886e38
_FLOAT32_TINY = 1.401298464324817e-45

_SIGNED32 = (0, 1, -1, *INT32)
_SIGNED64 = (0, 1, -1, *INT64, 2**31)
_EDGES: dict[int, tuple[Any, ...]] = {
    F.TYPE_INT32: _SIGNED32, F.TYPE_SINT32: _SIGNED32, F.TYPE_SFIXED32: _SIGNED32,
    F.TYPE_INT64: _SIGNED64, F.TYPE_SINT64: _SIGNED64, F.TYPE_SFIXED64: _SIGNED64,
    F.TYPE_UINT32: (0, 1, UINT32[1], 2**31), F.TYPE_FIXED32: (0, 1, UINT32[1], 2**31),
    F.TYPE_UINT64: (0, 1, UINT64[1], 2**63), F.TYPE_FIXED64: (0, 1, UINT64[1], 2**63),
    F.TYPE_BOOL: (False, True),
    # 0.1 is no float32: the writer rounds it.
    F.TYPE_FLOAT: (0.0, -1.5, math.inf, -math.inf, math.nan, _FLOAT32_MAX, _FLOAT32_TINY, 0.1),
    F.TYPE_DOUBLE: (0.0, -1.5, math.inf, -math.inf, math.nan, 1.7976931348623157e308, 5e-324,
                    0.1),
    F.TYPE_STRING: ("order-1", "", "é☃😀", "x" * 1024),
    F.TYPE_BYTES: (b"\xff\xfe\xfd", b"", bytes(range(256)), b"ok"),
}
_RANGES: dict[int, tuple[int, int]] = {
    F.TYPE_INT32: INT32, F.TYPE_SINT32: INT32, F.TYPE_SFIXED32: INT32,
    F.TYPE_INT64: INT64, F.TYPE_SINT64: INT64, F.TYPE_SFIXED64: INT64,
    F.TYPE_UINT32: UINT32, F.TYPE_FIXED32: UINT32,
    F.TYPE_UINT64: UINT64, F.TYPE_FIXED64: UINT64,
}
# Random strings are slices of this: printable ASCII and a few letters beyond it.
_TEXT = (string.ascii_letters + string.digits + string.punctuation + " éßø☃😀") * 2
_ABSENT = object()


def generate_messages(descriptor: Descriptor, message_class: type[Message], count: int,
                      seed: int) -> list[Message]:
    """``count`` messages of ``descriptor``'s type, the same for the same seed."""
    rng = random.Random(seed)
    plans: dict[str, _Plan] = {}
    messages = []
    for index in range(count):
        message = message_class()
        _Messages(rng, index, plans).fill(message, descriptor, 0)
        messages.append(message)
    return messages


def covering_count(descriptor: Descriptor) -> int:
    """How many messages meet every edge value of every field once (each choice of a
    ``oneof`` or of presence with every edge of its own): the default count."""
    seen: set[str] = set()

    def message_need(message: Descriptor, depth: int) -> int:
        # A recursive reference is counted already; deeper than messages nest, nothing is.
        if message.full_name in seen or depth >= MAX_NESTING:
            return 1
        seen.add(message.full_name)
        needs = [1]
        synthetic = synthetic_oneofs(message)
        for oneof in message.oneofs:
            if oneof.name not in synthetic:
                needs.append((len(oneof.fields) + 1) * max(field_need(field, depth)
                                                           for field in oneof.fields))
        needs.extend(field_need(field, depth) * (2 if _optional(field, synthetic) else 1)
                     for field in message.fields
                     if field.containing_oneof is None or
                     field.containing_oneof.name in synthetic)
        return max(needs)

    def field_need(field: FieldDescriptor, depth: int) -> int:
        if is_map(field):
            key, value = message_type(field).fields
            return max(len(_LENGTHS), value_need(key, depth), value_need(value, depth))
        if is_repeated(field):
            return max(len(_LENGTHS), value_need(field, depth))
        return value_need(field, depth)

    def value_need(field: FieldDescriptor, depth: int) -> int:
        if field.type in (F.TYPE_MESSAGE, F.TYPE_GROUP):
            return message_need(message_type(field), depth + 1)
        if field.type == F.TYPE_ENUM:
            return len(enum_edges(enum_type(field)))
        return len(_EDGES[field.type])

    return min(MAX_COVERING, message_need(descriptor, 0))


def enum_edges(enum: EnumDescriptor) -> tuple[int, ...]:
    """Every number the enum names, and in an open enum one it does not."""
    numbers = tuple(dict.fromkeys(value.number for value in enum.values))
    if is_closed(enum):
        return numbers
    return (*numbers, min(max(numbers) + 1, INT32[1]))


# Bounded: an unbounded cache would keep every version's descriptor pool for the whole run.
@lru_cache(maxsize=256)
def synthetic_oneofs(message: Descriptor) -> frozenset[str]:
    """The oneofs protoc makes for proto3 ``optional`` fields: presence, not a choice."""
    proto = descriptor_pb2.DescriptorProto()
    message.CopyToProto(proto)
    return frozenset(proto.oneof_decl[field.oneof_index].name for field in proto.field
                     if field.proto3_optional)


def _optional(field: FieldDescriptor, synthetic: frozenset[str]) -> bool:
    """A field outside a (real) oneof that a writer can leave absent, distinctly from its
    default."""
    return field.has_presence and not is_repeated(field) and not is_required(field) and (
        field.containing_oneof is None or field.containing_oneof.name in synthetic)


class _Field(NamedTuple):
    """What generating a field needs to know, read from its descriptor once per run."""

    field: FieldDescriptor
    name: str
    shape: str  # "scalar", "message", "repeated", "repeated message" or "map"
    optional: bool  # a writer may leave it absent (see ``_optional``)
    required: bool
    message: Descriptor | None  # a message field's type, a map's value type
    key: FieldDescriptor | None  # a map's key and value
    value: FieldDescriptor | None


class _Plan(NamedTuple):
    oneofs: tuple[tuple[_Field, ...], ...]  # the members of each (real) oneof
    fields: tuple[_Field, ...]  # the others


def _plan(descriptor: Descriptor) -> _Plan:
    synthetic = synthetic_oneofs(descriptor)

    def planned(field: FieldDescriptor) -> _Field:
        nested = field.type in (F.TYPE_MESSAGE, F.TYPE_GROUP)
        if is_map(field):
            key, value = message_type(field).fields
            return _Field(field, field.name, "map", False, False,
                          message_type(value) if value.type == F.TYPE_MESSAGE else None,
                          key, value)
        if is_repeated(field):
            return _Field(field, field.name, "repeated message" if nested else "repeated",
                          False, False, message_type(field) if nested else None, None, None)
        return _Field(field, field.name, "message" if nested else "scalar",
                      _optional(field, synthetic), is_required(field),
                      message_type(field) if nested else None, None, None)

    def in_oneof(field: FieldDescriptor) -> bool:
        return field.containing_oneof is not None and \
            field.containing_oneof.name not in synthetic

    return _Plan(
        tuple(tuple(planned(field) for field in oneof.fields)
              for oneof in descriptor.oneofs if oneof.name not in synthetic),
        tuple(planned(field) for field in descriptor.fields if not in_oneof(field)))


class _Messages:
    def __init__(self, rng: random.Random, index: int,
                 plans: dict[str, _Plan]) -> None:
        self.rng = rng
        self.index = index
        self.plans = plans  # per message type, for the whole run of messages
        self.nesting: list[str] = []  # the message types the message being filled is in

    def _pick(self, edges: Sequence[_T], depth: int) -> _T:
        """The edge value this message's index lands on; past the edges, any of them."""
        if self.index < 2 * len(edges):
            # Offset by depth, so that nested fields do not all move in step.
            return edges[(self.index + depth - 1) % len(edges)]
        return self.rng.choice(edges)

    def _choose(self, choices: Sequence[_T], depth: int) -> tuple[_T, int]:
        """A choice among alternatives (a oneof's members, present or absent), and the
        index the chosen one's own edges then move by: once per round of the choices, so
        that each choice meets every one of them."""
        return self._pick(choices, depth), self.index // len(choices)

    def fill(self, message: Message, descriptor: Descriptor, depth: int) -> None:
        plan = self.plans.get(descriptor.full_name)
        if plan is None:
            plan = self.plans[descriptor.full_name] = _plan(descriptor)
        self.nesting.append(descriptor.full_name)
        try:
            for members in plan.oneofs:
                chosen, index = self._choose([*members, None], depth)
                if chosen is not None:
                    self._set_within(index, message, chosen, depth)
            for field in plan.fields:
                if field.optional:
                    present, index = self._choose((True, False), depth)
                    if present:
                        self._set_within(index, message, field, depth)
                else:
                    self._set(message, field, depth)
        finally:
            self.nesting.pop()

    def _enters(self, descriptor: Descriptor) -> bool:
        """Whether a message of this type nests here (see RECURSION)."""
        return len(self.nesting) < MAX_NESTING and \
            self.nesting.count(descriptor.full_name) < RECURSION

    def _set_within(self, index: int, message: Message, field: _Field, depth: int) -> None:
        saved, self.index = self.index, index
        try:
            self._set(message, field, depth)
        finally:
            self.index = saved

    def _set(self, message: Message, field: _Field, depth: int) -> None:
        shape, inner_type = field.shape, field.message
        if shape == "scalar":
            setattr(message, field.name, self._scalar(field.field, depth))
        elif shape == "message":
            assert inner_type is not None
            # A required message is always written (a writer cannot leave it out).
            if self._enters(inner_type) or (
                    field.required and len(self.nesting) < 2 * MAX_NESTING):
                inner = getattr(message, field.name)
                inner.SetInParent()
                self.fill(inner, inner_type, depth + 1)
        elif shape == "map":
            assert field.key is not None and field.value is not None
            entries = getattr(message, field.name)
            if inner_type is not None and not self._enters(inner_type):
                return
            for position in range(self._length(depth)):
                key = self._key(field.key, position, depth)
                if inner_type is not None:
                    self.fill(entries[key], inner_type, depth + 1)
                else:
                    entries[key] = self._scalar(field.value, depth + 1 + position)
        else:
            items = getattr(message, field.name)
            if inner_type is None:
                for position in range(self._length(depth)):
                    # Each element another edge: a reader keeping one of them shows.
                    items.append(self._scalar(field.field, depth + 1 + position))
            elif self._enters(inner_type):
                for _ in range(self._length(depth)):
                    self.fill(items.add(), inner_type, depth + 1)

    def _key(self, field: FieldDescriptor, position: int, depth: int) -> Any:
        """The key edges in turn from where this message's index lands (a bool key has two:
        a third entry overwrites the first)."""
        edges = _EDGES[field.type]
        return edges[(self.index + depth + position) % len(edges)]

    def _length(self, depth: int) -> int:
        return self._pick(_LENGTHS if depth < MAX_DEPTH else _DEEP_LENGTHS, depth)

    def _scalar(self, field: FieldDescriptor, depth: int) -> Any:
        kind = field.type
        if kind == F.TYPE_ENUM:
            return self._pick(enum_edges(enum_type(field)), depth)
        edges = _EDGES[kind]
        if self.index < 2 * len(edges) or kind == F.TYPE_BOOL:
            return self._pick(edges, depth)
        rng = self.rng
        if kind in _RANGES:
            return rng.randint(*_RANGES[kind])
        if kind in (F.TYPE_FLOAT, F.TYPE_DOUBLE):
            return float(rng.randint(-(2**20), 2**20)) / 8
        if kind == F.TYPE_STRING:
            start = rng.randrange(len(_TEXT))
            return _TEXT[start:start + rng.randrange(40)]
        return rng.randbytes(rng.randint(0, 40))
