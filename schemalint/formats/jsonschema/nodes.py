"""The schema model the diff walks: Confluent's (Everit's) view of a JSON Schema.

Confluent does not diff JSON documents; it diffs the objects its loader builds from them.
Those objects decide most of its surprising verdicts (``{"type": ["string", "null"]}`` is an
``anyOf``; ``{"type": "string", "enum": [...]}`` is a synthetic ``allOf`` of a string schema
and an enum schema), so schemalint builds the same shapes here and diffs those.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

# Node kinds: one per Everit schema class the diff distinguishes.
EMPTY = "empty"
TRUE = "true"  # Everit's TrueSchema extends EmptySchema: a different class, also "empty".
FALSE = "false"
STRING = "string"
NUMBER = "number"
BOOLEAN = "boolean"
NULL = "null"
OBJECT = "object"
ARRAY = "array"
ENUM = "enum"
CONST = "const"
COMBINED = "combined"
NOT = "not"
REF = "ref"
CONDITIONAL = "conditional"

MERGEABLE = frozenset({STRING, NUMBER, OBJECT, ARRAY})

ALL_OF = "allOf"
ANY_OF = "anyOf"
ONE_OF = "oneOf"

_MISSING: Any = object()


class Node:
    """One schema in Confluent's model.

    Attributes default at class level (most are irrelevant to any one kind), so building a
    node costs three assignments. Object properties are built on first use: a diff of two
    large objects that differ in one property builds one pair of property nodes.
    """

    kind: str
    pointer: str
    raw: Any
    draft = ""
    # Set on object nodes of a document known to be plain (see ``is_plain``).
    plain_document = False
    id: str | None = None
    title: str | None = None
    description: str | None = None
    # ``_MISSING`` when absent; Confluent compares presence and value.
    default: Any = _MISSING
    connect_bytes = False
    _fingerprint: str | None = None
    # string
    max_length: int | None = None
    min_length: int | None = None
    pattern: str | None = None
    # number
    maximum: float | int | None = None
    minimum: float | int | None = None
    excl_max: float | int | None = None
    excl_min: float | int | None = None
    multiple_of: Decimal | None = None
    requires_integer = False
    # object
    prop_raw: dict[str, Any] = {}  # noqa: RUF012 - never mutated; replaced per node
    prop_built: dict[str, Node] | None = None
    prop_factory: Callable[[str], Node] | None = None
    required: frozenset[str] = frozenset()
    additional_props = True
    additional_schema: Node | None = None
    # (pattern, schema): compiled when first evaluated (schemalint.patterns)
    pattern_props: tuple[tuple[str, Node], ...] = ()
    prop_deps: dict[str, frozenset[str]] = {}  # noqa: RUF012
    schema_deps: dict[str, Node] = {}  # noqa: RUF012
    max_props: int | None = None
    min_props: int | None = None
    uneval: Node | None = None
    # array (additional_schema / uneval shared with objects)
    all_items: Node | None = None
    item_schemas: list[Node] | None = None
    items_key = "items"
    additional_items_key = "additionalItems"
    permits_additional = True
    max_items: int | None = None
    min_items: int | None = None
    unique = False
    max_contains: int | None = None
    min_contains: int | None = None
    # enum / const
    values: Any = None
    # combined / not
    criterion: str | None = None
    subs: list[Node] | None = None
    generated = False
    # ref
    ref: str | None = None
    target: Node | None = None
    _resolve: Callable[[], Node] | None = None

    def __init__(self, kind: str, pointer: str, raw: Any = None) -> None:
        self.kind = kind
        self.pointer = pointer
        self.raw = raw

    @property
    def has_default(self) -> bool:
        return self.default is not _MISSING

    @property
    def is_empty(self) -> bool:
        return self.kind == EMPTY or self.kind == TRUE

    def prop(self, name: str) -> Node | None:
        """The schema of property ``name``, built on first use; None when undeclared."""
        if name not in self.prop_raw:
            return None
        built = self.prop_built
        if built is None:
            built = self.prop_built = {}
        node = built.get(name)
        if node is None:
            assert self.prop_factory is not None
            node = built[name] = self.prop_factory(name)
        return node

    def fingerprint(self) -> str:
        """Structural identity, for collapsing duplicate branches of a combined schema."""
        if self._fingerprint is None:
            if self.kind == COMBINED and self.generated:
                body = "[" + ",".join(sub.fingerprint() for sub in self.subs or ()) + "]"
            else:
                body = json.dumps(self.raw, sort_keys=True, separators=(",", ":"))
            self._fingerprint = (f"{self.kind}:{self.criterion or ''}:"
                                 f"{int(self.requires_integer)}:{body}")
        return self._fingerprint

    def copy(self) -> Node:
        clone = Node.__new__(Node)
        clone.__dict__.update(self.__dict__)
        clone._fingerprint = None
        return clone

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Node({self.kind}, {self.pointer!r})"


def is_plain(raw: Any) -> bool:
    """True when a schema equal to ``raw`` diffs to nothing against itself.

    Confluent's diff reports differences between identical texts in three places: a ``$ref``
    (the two documents may resolve it differently), ``not`` (compared reversed, it reports
    NOT_TYPE_NARROWED), and an object or array ``default`` (never equal to itself in Java).
    """
    stack = [raw]
    while stack:
        item = stack.pop()
        if type(item) is dict:
            if "$ref" in item or "not" in item or "$dynamicRef" in item \
                    or "$recursiveRef" in item:
                return False
            for value in item.values():
                kind = type(value)
                if kind is dict or kind is list:
                    stack.append(value)
            default = item.get("default")
            if type(default) is dict or type(default) is list:
                return False
        elif type(item) is list:
            for value in item:
                kind = type(value)
                if kind is dict or kind is list:
                    stack.append(value)
    return True


def deref(node: Node) -> Node:
    """The schema a ``$ref`` stands for; chains of references are followed, cycles stop."""
    seen: set[int] | None = None
    while node.kind == REF:
        target = node.target
        if target is None:
            resolve = node._resolve
            assert resolve is not None, "a reference node always has a resolver"
            target = resolve()
            node.target = target
        if target.kind == REF:
            if seen is None:
                seen = set()
            if id(target) in seen:
                return target
            seen.add(id(target))
        node = target
    return node


def value_key(value: Any) -> Any:
    """A hashable key with Java's equality: 1, 1.0 and true are three different values."""
    if value is None:
        return ("n",)
    if value is True or value is False:
        return ("b", value)
    if isinstance(value, int):
        return ("i", value)
    if isinstance(value, float):
        return ("f", value)
    if isinstance(value, str):
        return ("s", value)
    if isinstance(value, list):
        return ("a", tuple(value_key(item) for item in value))
    if isinstance(value, dict):
        return ("o", frozenset((key, value_key(item)) for key, item in value.items()))
    return ("?", repr(value))
