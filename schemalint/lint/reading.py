"""Small readings of what a schema declares, shared by rules of several families."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# ``isinstance(value, MAPPING)``: a JSON object is a dict, checked first and fast; the
# abstract ``Mapping`` alone costs ten times as much, on every node of every walk.
MAPPING = (dict, Mapping)


def as_list(value: Any) -> list[Any]:
    """A JSON array as a list; anything else (a mistake in the schema) as nothing."""
    return value if isinstance(value, list) else []


def normalise(name: str) -> str:
    """Compare field names across conventions: ``eventId``, ``event_id``, ``Event-ID``."""
    return name.replace("_", "").replace("-", "").replace(".", "").lower()
