"""Properties over generated schemas: no crash, no difference against itself, both drafts."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from schemalint import InvalidSchemaError
from schemalint.formats.jsonschema import ENGINE, diff

NAMES = st.sampled_from(["id", "name", "amount", "status", "lines", "at"])
LEAVES = st.one_of(
    st.fixed_dictionaries({"type": st.sampled_from(["string", "integer", "number", "boolean",
                                                    "null"])}),
    st.fixed_dictionaries({"type": st.just("string")},
                          optional={"maxLength": st.integers(0, 9),
                                    "pattern": st.sampled_from(["^a", "b$"]),
                                    "enum": st.just(["A", "B"])}),
    st.fixed_dictionaries({"type": st.just("number")},
                          optional={"minimum": st.integers(-3, 3),
                                    "multipleOf": st.sampled_from([1, 2, 0.5])}),
    st.fixed_dictionaries({"type": st.just(["string", "null"])}),
    st.fixed_dictionaries({"const": st.sampled_from(["X", 1, True])}),
    st.just({}),
    st.booleans(),
)


def _composite(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.fixed_dictionaries(
            {"type": st.just("object"), "properties": st.dictionaries(NAMES, children,
                                                                      max_size=4)},
            optional={"required": st.lists(NAMES, max_size=3, unique=True),
                      "additionalProperties": st.one_of(st.booleans(), children)}),
        st.fixed_dictionaries({"type": st.just("array"), "items": children},
                              optional={"minItems": st.integers(0, 3)}),
        st.fixed_dictionaries({"oneOf": st.lists(children, min_size=1, max_size=3)}),
        st.fixed_dictionaries({"anyOf": st.lists(children, min_size=1, max_size=3)}),
        st.fixed_dictionaries({"allOf": st.lists(children, min_size=1, max_size=2)}),
    )


SCHEMAS = st.recursive(LEAVES, _composite, max_leaves=12)
DRAFTS = st.sampled_from(["http://json-schema.org/draft-07/schema#",
                          "https://json-schema.org/draft/2020-12/schema"])


def _document(schema: Any, draft: str) -> Any:
    if isinstance(schema, dict):
        return {"$schema": draft, **schema}
    return schema


@settings(max_examples=150, deadline=None)
@given(SCHEMAS, DRAFTS)
def test_a_schema_has_no_difference_with_itself(schema: Any, draft: str) -> None:
    text = json.dumps(_document(schema, draft))
    assert diff(ENGINE.parse(text), ENGINE.parse(text)) == []


@settings(max_examples=150, deadline=None)
@given(SCHEMAS, SCHEMAS, DRAFTS)
def test_any_pair_diffs_without_error(original: Any, update: Any, draft: str) -> None:
    try:
        old = ENGINE.parse(json.dumps(_document(original, draft)))
        new = ENGINE.parse(json.dumps(_document(update, draft), indent=1))
    except InvalidSchemaError:
        return
    for item in diff(old, new):
        assert item.path.startswith("#/")
        assert old.locate(item.original_pointer) != (None, None) or old.text in ("true",
                                                                                   "false")
        assert new.locate(item.update_pointer) != (None, None) or new.text in ("true",
                                                                                 "false")
    ENGINE.incompatibilities(new, old, policy="LENIENT")


@settings(max_examples=150, deadline=None)
@given(SCHEMAS, SCHEMAS, DRAFTS, st.sampled_from(["STRICT", "LENIENT"]))
def test_the_verdict_alone_is_the_full_diffs(original: Any, update: Any, draft: str,
                                             policy: str) -> None:
    try:
        old = ENGINE.parse(json.dumps(_document(original, draft)))
        new = ENGINE.parse(json.dumps(_document(update, draft)))
    except InvalidSchemaError:
        return
    verdict = ENGINE.reads(new, old, policy=policy)
    assert verdict == (not ENGINE.incompatibilities(new, old, policy=policy))
