"""Recursive schemas: comparisons terminate, and memoisation never hides a real change."""

from __future__ import annotations

import json
from typing import Any

import pytest

from schemalint.formats.jsonschema import ENGINE, diff, is_compatible

PRODUCTS = ["Asset", "Basket", "Swap", "Bond", "Option", "Future", "Forward", "Loan", "Repo",
            "Equity", "Index", "CommodityLeg"]


def _union() -> dict[str, Any]:
    return {"oneOf": [{"$ref": f"#/definitions/{name}"} for name in PRODUCTS]}


def _trade() -> dict[str, Any]:
    """Every product refers to every product, twice: a dense web of $ref cycles."""
    return {
        "$schema": "http://json-schema.org/draft-07/schema#", "title": "Trade",
        "type": "object", "additionalProperties": True,
        "definitions": {name: {"type": "object", "properties": {
            "id": {"type": "string"}, "underlying": _union(), "referenceProduct": _union(),
        }} for name in PRODUCTS},
        "properties": {"tradeId": {"type": "string"}, "product": _union()},
    }


def _node(id_type: str, target: str) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": True, "properties": {
        "id": {"type": id_type},
        "ref": {"oneOf": [{"$ref": f"#/definitions/{target}"}]},
    }}


def _masking(t0_id: str, t1_id: str) -> dict[str, Any]:
    """T0 -> T2 -> T0 is a cycle; the real changes sit on T0.id and T1.id behind it."""
    return {
        "$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
        "additionalProperties": True,
        "definitions": {"T0": _node(t0_id, "T2"), "T1": _node(t1_id, "T2"),
                        "T2": _node("integer", "T0")},
        "properties": {"root": {"oneOf": [{"$ref": "#/definitions/T0"},
                                          {"$ref": "#/definitions/T1"}]}},
    }


def _circular(branches: int, refs: int) -> dict[str, Any]:
    """2020-12: $ref beside properties (a generated allOf) inside a oneOf cycle."""
    definitions: dict[str, Any] = {
        "SimpleId": {"type": "object", "properties": {"id": {"type": "string"}},
                     "required": ["id"]},
        "Base": {"type": "object", "properties": {"name": {"type": "string"}}},
        "ProductOrId": {"oneOf": [{"$ref": "#/$defs/SimpleId"}, {"$ref": "#/$defs/Product"}]},
    }
    for index in range(branches):
        properties: dict[str, Any] = {f"ref{n}": {"$ref": "#/$defs/ProductOrId"}
                                      for n in range(refs)}
        properties["tag"] = {"type": "string", "const": f"type{index}"}
        definitions[f"Type{index}"] = {"$ref": "#/$defs/Base", "type": "object",
                                       "properties": properties, "required": ["ref0", "tag"]}
    definitions["Product"] = {"oneOf": [{"$ref": f"#/$defs/Type{index}"}
                                        for index in range(branches)]}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": definitions,
            "$ref": "#/$defs/Product"}


def _parse(document: Any) -> Any:
    return ENGINE.parse(json.dumps(document))


def _changed_trade() -> dict[str, Any]:
    changed = _trade()
    changed["definitions"]["Asset"]["properties"]["id"]["type"] = "number"
    return changed


@pytest.mark.parametrize(("original", "update", "reads"), [
    (_trade(), _trade(), True),
    (_trade(), _changed_trade(), False),
    (_masking("integer", "boolean"), _masking("boolean", "number"), False),
    (_masking("integer", "boolean"), _masking("integer", "boolean"), True),
    (_circular(4, 2), _circular(4, 2), True),
    (_circular(4, 2), _circular(3, 2), False),
])
def test_the_verdict_alone_is_the_full_diffs_through_cycles(original: Any, update: Any,
                                                            reads: bool) -> None:
    assert ENGINE.reads(_parse(update), _parse(original)) is reads
    assert (not ENGINE.incompatibilities(_parse(update), _parse(original))) is reads


def test_dense_recursive_unions_terminate_without_difference() -> None:
    assert diff(_parse(_trade()), _parse(_trade())) == []


def test_a_change_deep_in_a_recursive_union_is_found() -> None:
    assert not is_compatible(diff(_parse(_trade()), _parse(_changed_trade())))


def test_memoised_cycles_do_not_mask_an_incompatibility() -> None:
    found = diff(_parse(_masking("integer", "boolean")), _parse(_masking("boolean", "number")))
    assert not is_compatible(found)


def test_circular_references_through_generated_all_of_terminate() -> None:
    document = _circular(12, 5)
    assert diff(_parse(document), _parse(document)) == []
