"""A JSON Schema's stored text with every number exactly as written.

Confluent reads JSON Schemas with Jackson's exact decimals (``USE_BIG_DECIMAL_FOR_FLOATS``,
``withExactBigDecimals``) and stores them re-serialised compactly: ``"maximum": 1e400`` is
stored as ``1E+400``, never rounded to a double (or to ``Infinity``, which is not JSON).
Python's ``Decimal`` prints as Java's ``BigDecimal.toString`` does.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from schemalint.deepstack import call_with_deep_stack


def exact_canonical(text: str, *, sort_keys: bool) -> str:
    """``text`` re-serialised compactly (key order kept unless ``sort_keys``), numbers exact.

    ``text`` must be JSON the engine has already read (depth and duplicates checked)."""
    def serialise() -> str:
        document = json.loads(text, parse_float=Decimal)
        return "".join(_compact(document, sort_keys))

    try:
        return serialise()
    except RecursionError:  # a schema nested as deep as the registry reads
        return call_with_deep_stack(serialise)


def _compact(value: Any, sort_keys: bool) -> list[str]:
    if isinstance(value, dict):
        items = sorted(value.items()) if sort_keys else value.items()
        parts = ["{"]
        for index, (key, member) in enumerate(items):
            if index:
                parts.append(",")
            parts += [_string(key), ":", *_compact(member, sort_keys)]
        parts.append("}")
        return parts
    if isinstance(value, list):
        parts = ["["]
        for index, member in enumerate(value):
            if index:
                parts.append(",")
            parts += _compact(member, sort_keys)
        parts.append("]")
        return parts
    if isinstance(value, Decimal):
        return [str(value)]
    if isinstance(value, str):
        return [_string(value)]
    return [json.dumps(value)]  # int, bool, None


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
