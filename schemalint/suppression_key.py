"""The key of inline suppressions, ``"x-schemalint"``, and the document without them.

The format engines strip the key before identity, compatibility and registration (adding or
changing a suppression never makes a new registry version); the lint reads what it says
(``schemalint.lint.suppression``). Both sides share it from here, below either.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SUPPRESSION_KEY = "x-schemalint"
# JSON Schema keywords whose members are names chosen by the author, not keywords.
NAME_MAPS = frozenset({
    "properties", "patternProperties", "definitions", "$defs", "dependentSchemas",
    "dependentRequired", "dependencies",
})


def strip_suppressions(document: Any) -> Any:
    """The document without schemalint's suppressions; the same object when it has none."""
    return _strip(document, in_name_map=False)


def _strip(node: Any, *, in_name_map: bool) -> Any:
    if isinstance(node, list):
        items = [_strip(item, in_name_map=False) for item in node]
        return node if all(new is old for new, old in zip(items, node, strict=True)) else items
    if not isinstance(node, Mapping):
        return node
    changed = SUPPRESSION_KEY in node and not in_name_map
    result: dict[str, Any] = {}
    for key, value in node.items():
        if key == SUPPRESSION_KEY and not in_name_map:
            continue
        new = _strip(value, in_name_map=(not in_name_map and key in NAME_MAPS))
        changed = changed or new is not value
        result[key] = new
    return result if changed else node
