"""Every difference type Confluent's Protobuf diff emits, from minimal pairs authored here."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from protobuf_pairs import Pair, load_pairs

from schemalint import check_compatibility
from schemalint.formats.protobuf import ALL_TYPES, ENGINE, Difference, diff, is_compatible

PAIRS = load_pairs()

# Confluent's classification, restated from the reference notes (not from the code under test).
INCOMPATIBLE = {
    "PACKAGE_CHANGED", "MESSAGE_REMOVED", "FIELD_KIND_CHANGED", "FIELD_SCALAR_KIND_CHANGED",
    "FIELD_NAMED_TYPE_CHANGED", "FIELD_NUMERIC_LABEL_CHANGED", "REQUIRED_FIELD_ADDED",
    "REQUIRED_FIELD_REMOVED", "ONEOF_FIELD_REMOVED", "MULTIPLE_FIELDS_MOVED_TO_ONEOF",
    "FIELD_MOVED_TO_EXISTING_ONEOF",
}

# The wire-compatible groups of scalars (protobuf's "Updating a message type" rules).
GROUPS = (
    ("int32", "int64", "uint32", "uint64", "bool"), ("sint32", "sint64"), ("string", "bytes"),
    ("fixed32", "sfixed32"), ("fixed64", "sfixed64"), ("float",), ("double",),
)
SCALARS = [name for group in GROUPS for name in group]


def _changes(old: str, new: str) -> Counter[str]:
    return Counter(str(item) for item in diff(ENGINE.parse(old), ENGINE.parse(new)))


@pytest.mark.parametrize("pair", PAIRS, ids=[pair.name for pair in PAIRS])
def test_pair_reports_exactly_its_changes(pair: Pair) -> None:
    assert _changes(pair.old, pair.new) == Counter(pair.changes)


@pytest.mark.parametrize("pair", PAIRS, ids=[pair.name for pair in PAIRS])
def test_backward_verdict_follows_confluent_classification(pair: Pair) -> None:
    expected = not any(change.split()[0] in INCOMPATIBLE for change in pair.changes)
    result = check_compatibility(pair.new, [pair.old], "BACKWARD", "PROTOBUF")
    assert result.compatible is expected
    assert sorted(f.code for f in result.findings) == sorted(
        change.split()[0] for change in pair.changes if change.split()[0] in INCOMPATIBLE)


def test_every_difference_type_has_a_pair() -> None:
    covered = {change.split()[0] for pair in PAIRS for change in pair.changes}
    assert covered == ALL_TYPES


def test_compatible_set_is_the_complement_of_the_incompatible_types() -> None:
    rejected = {kind for kind in ALL_TYPES if not is_compatible([Difference(kind, "#/")])}
    assert rejected == INCOMPATIBLE


@pytest.mark.parametrize(("before", "after"), list(itertools.product(SCALARS, SCALARS)))
def test_scalar_type_changes_are_compatible_within_a_wire_group(before: str,
                                                                after: str) -> None:
    same_group = any(before in group and after in group for group in GROUPS)
    old = f'syntax = "proto3";\nmessage M {{ {before} value = 1; }}\n'
    new = f'syntax = "proto3";\nmessage M {{ {after} value = 1; }}\n'
    expected = Counter() if same_group else Counter(["FIELD_SCALAR_KIND_CHANGED #/M/1"])
    assert _changes(old, new) == expected
