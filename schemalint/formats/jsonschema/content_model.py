"""Open, closed and partially open content models, as Confluent defines them.

Open: nothing but declared members is constrained (no ``additionalProperties`` schema or
``false``, no ``patternProperties``, ``unevaluatedProperties`` absent or ``true``).
Partially open: undeclared members fall under a schema (a matching pattern, the
``additionalProperties`` schema, or an ``unevaluatedProperties`` schema). Closed: otherwise.
"""

from __future__ import annotations

from schemalint.formats.jsonschema.nodes import FALSE, Node
from schemalint.patterns import PatternTooSlow, search
from schemalint.sourcemap import join_pointer


class UnsafePattern(Exception):
    """A ``patternProperties`` pattern exceeded the time bound; ``pointer`` is its place."""

    def __init__(self, slow: PatternTooSlow, pointer: str) -> None:
        super().__init__(str(slow))
        self.pattern = slow.pattern
        self.pointer = pointer


def object_is_open(schema: Node) -> bool:
    if not schema.additional_props or schema.additional_schema is not None:
        return False
    if schema.pattern_props:
        return False
    return schema.uneval is None or schema.uneval.is_empty


def object_covering_schema(schema: Node, name: str) -> Node | None:
    """The schema an undeclared property ``name`` falls under, or None when closed."""
    for pattern, covering in schema.pattern_props or ():
        try:
            if search(pattern, name):
                return covering
        except PatternTooSlow as slow:
            raise UnsafePattern(slow, join_pointer(schema.pointer, "patternProperties",
                                                     pattern)) from None
    if schema.additional_schema is not None:
        return schema.additional_schema
    if schema.additional_props:
        uneval = schema.uneval
        if uneval is not None and uneval.kind != FALSE and not uneval.is_empty:
            return uneval
    return None


def array_is_open(schema: Node) -> bool:
    if not schema.permits_additional or schema.additional_schema is not None:
        return False
    return schema.uneval is None or schema.uneval.is_empty


def array_covering_schema(schema: Node) -> Node | None:
    if schema.additional_schema is not None:
        return schema.additional_schema
    if schema.permits_additional:
        uneval = schema.uneval
        if uneval is not None and uneval.kind != FALSE and not uneval.is_empty:
            return uneval
    return None
