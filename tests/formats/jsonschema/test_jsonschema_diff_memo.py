"""A JSON Schema's diff against another version is kept only while that version lives.

A check on a non-transitive level compares the current schema with every version of a long
git history (CFG001) and lets each go: the diffs kept on the current schema must not keep
them (mozilla-pipeline-schemas, branch generated-schemas: 15,000 versions of 1,053 files).
"""

from __future__ import annotations

import gc
import json

import pytest

from schemalint.api import parse_schema
from schemalint.formats.jsonschema.compat import diff, model_of


def _version(*names: str) -> str:
    return json.dumps({"type": "object",
                       "properties": {name: {"type": "string"} for name in names}})


@pytest.mark.parametrize(("old", "new", "differences"), [
    (_version("id"), _version("id"), 0),
    (_version("id"), _version("id", "note"), 1),
])
def test_a_diff_is_kept_while_the_other_version_lives_and_forgotten_with_it(
        old: str, new: str, differences: int) -> None:
    current = parse_schema(new, "JSON", path="current.json")
    before = parse_schema(old, "JSON", path="old.json")
    first = diff(before, current)
    assert len(first) == differences
    assert diff(before, current) == first  # asked again: the kept diff
    assert len(model_of(current).diffs) == 1
    del before
    gc.collect()
    assert model_of(current).diffs == {}
