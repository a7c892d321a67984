"""``SourceMap`` finds positions lazily; an eager index of every value is the oracle.

The oracle walks every token once (what ``SourceMap`` did before it stepped over whole runs
of values), so any pointer into any generated document, written with any spacing, must land
on the same line and column, and pointers to absent members on their nearest ancestor.
"""

from __future__ import annotations

import json
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemalint import sourcemap
from schemalint.sourcemap import SourceMap, escape_pointer_token

_KEYS = st.text(alphabet='ab"\\/~{}[],: \n\u00e9', min_size=0, max_size=4)
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                     st.floats(allow_nan=False, allow_infinity=False), _KEYS)
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=70), st.dictionaries(_KEYS, inner, max_size=20)), max_leaves=400)


def _written(value: Any, space: str, draw: st.DrawFn) -> str:
    if isinstance(value, dict):
        members = [f"{json.dumps(key)}{space}:{space}{_written(item, space, draw)}"
                   for key, item in value.items()]
        return "{" + space + f"{space},{space}".join(members) + space + "}"
    if isinstance(value, list):
        return "[" + space + f",{space}".join(_written(item, space, draw)
                                              for item in value) + space + "]"
    return json.dumps(value)


@st.composite
def documents(draw: st.DrawFn) -> tuple[Any, str]:
    value = draw(st.one_of(st.dictionaries(_KEYS, _VALUES, max_size=8),
                           st.lists(_VALUES, max_size=8)))
    space = draw(st.sampled_from(["", " ", "\n", " \n\t"]))
    return value, space + _written(value, space, draw) + space


def _pointers(value: Any, pointer: str = "") -> list[str]:
    found = [pointer]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _pointers(item, f"{pointer}/{escape_pointer_token(key)}")
        found.append(f"{pointer}/absent~1key")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _pointers(item, f"{pointer}/{index}")
        found += [f"{pointer}/{len(value)}", f"{pointer}/01", f"{pointer}/-"]
    return found


def _oracle(text: str) -> dict[str, tuple[int, int]]:
    """Every present pointer's position, from one pass over the tokens."""
    decoder = json.JSONDecoder()
    positions: dict[str, int] = {}

    def visit(offset: int, pointer: str) -> int:
        while text[offset] in " \t\r\n":
            offset += 1
        positions.setdefault(pointer, offset)
        return walk(offset, pointer)

    def walk(offset: int, pointer: str) -> int:
        char = text[offset]
        if char not in "[{":
            return decoder.raw_decode(text, offset)[1]
        index, offset = 0, offset + 1
        while True:
            while text[offset] in " \t\r\n,":
                offset += 1
            if text[offset] in "]}":
                return offset + 1
            if char == "{":
                key, end = decoder.raw_decode(text, offset)
                child = f"{pointer}/{escape_pointer_token(key)}"
                positions.setdefault(child, offset)
                offset = end
                while text[offset] in " \t\r\n:":
                    offset += 1
                offset = walk(offset, child)
            else:
                offset = visit(offset, f"{pointer}/{index}")
                index += 1

    visit(0, "")
    lines: dict[str, tuple[int, int]] = {}
    for pointer, offset in positions.items():
        line = text.count("\n", 0, offset) + 1
        lines[pointer] = (line, offset - (text.rfind("\n", 0, offset) + 1) + 1)
    return lines


def _nearest(pointer: str, known: dict[str, tuple[int, int]]) -> tuple[int, int]:
    while pointer not in known:
        pointer = pointer.rpartition("/")[0]
    return known[pointer]


def source_map(text: str, small_text: bool) -> SourceMap:
    """A map as it works on a text of ordinary size (every container kept once read), or as
    on a large one (only large containers kept)."""
    source = SourceMap(text)
    source._small_text = small_text
    return source


@pytest.mark.parametrize("small_text", [True, False], ids=["ordinary", "large"])
@given(document=documents(), rng=st.randoms(use_true_random=False))
def test_every_pointer_lands_where_the_oracle_puts_it(small_text: bool,
                                                      document: tuple[Any, str],
                                                      rng: Any) -> None:
    value, text = document
    expected = _oracle(text)
    pointers = _pointers(value)
    for order in (pointers, rng.sample(pointers, len(pointers))):
        source = source_map(text, small_text)
        for pointer in order:
            assert source.position(pointer) == _nearest(pointer, expected), (pointer, text)


@pytest.mark.parametrize(("small", "searches"), [(0, 16), (1, 0)],
                         ids=["runs from the first member", "runs read at the first miss"])
@given(document=documents(), rng=st.randoms(use_true_random=False))
def test_pointers_land_alike_where_members_are_stepped_over_in_runs(
        small: int, searches: int, document: tuple[Any, str], rng: Any) -> None:
    # Large objects step over runs of members and search them for the key asked for; these
    # thresholds make every generated object large, so the oracle checks that path too.
    value, text = document
    expected = _oracle(text)
    pointers = _pointers(value)
    with patch.object(sourcemap, "_SMALL", small), \
            patch.object(sourcemap, "_SEARCHES", searches):
        for order in (pointers, rng.sample(pointers, len(pointers))):
            source = source_map(text, small_text=False)
            for pointer in order:
                assert source.position(pointer) == _nearest(pointer, expected), (pointer, text)


@pytest.mark.parametrize("small_text", [True, False], ids=["ordinary", "large"])
@pytest.mark.parametrize("size", [1, 63, 64, 65, 130, 1000])
@pytest.mark.parametrize("element", ["1234567", '"x,]"', "[1, [2]]", '{"a": [1]}', "{}"])
def test_long_arrays_of_numbers_strings_and_nested_values(size: int, element: str,
                                                          small_text: bool) -> None:
    """Runs of elements are stepped over in one match, which must neither lose count nor
    backtrack without end when the run is shorter than the step (a trailing run of numbers)."""
    text = "[" + ", ".join([element] * size) + "]"
    expected = _oracle(text)
    source = source_map(text, small_text)
    for index in (size - 1, 0, size // 2, size, 1, 2, 3, size - 2):
        pointer = f"/{index}"
        assert source.position(pointer) == _nearest(pointer, expected), pointer
