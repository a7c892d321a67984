"""Confluent's structural diff of two JSON Schemas, restated over the model of ``nodes``.

``diff(original, update)`` answers "which differences separate the two", with Confluent's
types and paths; a backward check is ``diff(original=writer, update=reader)``. Pairs of
schemas are memoised; a pair met again while it is being compared (a ``$ref`` cycle) is
assumed compatible, and the whole diff is repeated with the pairs found incompatible fed back
until nothing changes, so the optimistic assumption cannot hide a real difference.

``compatible_nodes`` answers only whether the update reads the original: it stops at the
first incompatible difference that is sure to be in the diff (see ``_Verdict``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from schemalint.formats.jsonschema import difference as d
from schemalint.formats.jsonschema.content_model import (
    array_covering_schema,
    array_is_open,
    object_covering_schema,
    object_is_open,
)
from schemalint.formats.jsonschema.difference import Difference, compatible_set
from schemalint.formats.jsonschema.nodes import (
    _MISSING,
    ALL_OF,
    ANY_OF,
    ARRAY,
    COMBINED,
    CONST,
    ENUM,
    FALSE,
    NOT,
    NUMBER,
    OBJECT,
    ONE_OF,
    STRING,
    Node,
    deref,
    is_plain,
    value_key,
)
from schemalint.sourcemap import join_pointer

_Key = tuple[int, int]
_RECURSION_LIMIT = 10_000


class _Shared:
    __slots__ = ("assumed", "compatible", "in_progress", "memo", "optimism", "seed")

    def __init__(self, compatible: frozenset[str],
                 seed: dict[_Key, tuple[Difference, ...]]) -> None:
        self.compatible = compatible
        self.memo: dict[_Key, tuple[Difference, ...]] = {}
        self.in_progress: set[_Key] = set()
        self.seed = seed
        self.optimism = False
        # Whether a pair met again while in progress has been answered by an assumption (the
        # optimistic empty one or a seed) in this pass.
        self.assumed = False


class _Incompatible(Exception):
    """Raised by ``_Verdict`` once the diff is known to hold an incompatible difference."""


class _Verdict(list[Difference]):
    """The differences of a context whose every difference ends in the diff's result (the
    top one, and the memoised comparisons it adds whole), for a verdict alone: the first
    incompatible one ends the comparison.

    Differences are only ever added to a context, and every pass of ``_fixpoint`` walks the
    pairs in the same order until one is answered by an assumption: one found before any
    assumption is in the final pass's result too. After an assumption, the diff runs on.
    """

    __slots__ = ("shared",)

    def __init__(self, shared: _Shared) -> None:
        super().__init__()
        self.shared = shared

    def append(self, item: Difference) -> None:
        if item.type not in self.shared.compatible and not self.shared.assumed:
            raise _Incompatible
        super().append(item)

    def extend(self, items: Iterable[Difference]) -> None:
        for item in items:
            self.append(item)


class _Ctx:
    __slots__ = ("diffs", "optr", "path", "shared", "uptr")

    def __init__(self, shared: _Shared, path: list[str], optr: str, uptr: str,
                 verdict: bool = False) -> None:
        self.shared = shared
        self.path = path
        self.optr = optr
        self.uptr = uptr
        self.diffs: list[Difference] = _Verdict(shared) if verdict else []

    def child(self) -> _Ctx:
        return _Ctx(self.shared, list(self.path), self.optr, self.uptr)

    def add(self, kind: str, attribute: str | None = None) -> None:
        if attribute is None:
            self.diffs.append(Difference(kind, "#/" + "/".join(self.path), self.optr,
                                         self.uptr))
        else:
            self.diffs.append(Difference(
                kind, "#/" + "/".join([*self.path, attribute]),
                join_pointer(self.optr, attribute), join_pointer(self.uptr, attribute)))

    def add_rebased(self, relative: tuple[Difference, ...]) -> None:
        if not self.path:
            self.diffs.extend(relative)
            return
        prefix = "#/" + "/".join(self.path)
        for item in relative:
            path = prefix if len(item.path) <= 2 else prefix + "/" + item.path[2:]
            self.diffs.append(Difference(item.type, path, item.original_pointer,
                                         item.update_pointer))

    def compatible(self) -> bool:
        accepted = self.shared.compatible
        return all(item.type in accepted for item in self.diffs)

    def enter(self, token: str, optr: str, uptr: str) -> tuple[str, str]:
        saved = (self.optr, self.uptr)
        self.path.append(token)
        self.optr = optr
        self.uptr = uptr
        return saved

    def leave(self, saved: tuple[str, str]) -> None:
        self.path.pop()
        self.optr, self.uptr = saved


def diff_nodes(original: Node, update: Node, policy: str = d.STRICT) -> list[Difference]:
    """Every difference between two model trees, as Confluent's ``SchemaDiff.compare``."""
    compatible = compatible_set(policy)
    # Recursive schemas whose definitions refer to one another put a few frames per schema
    # pair in progress on the stack; Python's default limit is far below the depth Java
    # allows. The limit is raised once and left raised: lowering it again could break a
    # comparison running in another thread.
    if sys.getrecursionlimit() < _RECURSION_LIMIT:
        sys.setrecursionlimit(_RECURSION_LIMIT)
    return _fixpoint(original, update, compatible)


def compatible_nodes(original: Node, update: Node, policy: str = d.STRICT) -> bool:
    """Whether ``diff_nodes(original, update, policy)`` holds no incompatible difference,
    without finding the rest of them once one is found."""
    compatible = compatible_set(policy)
    if sys.getrecursionlimit() < _RECURSION_LIMIT:
        sys.setrecursionlimit(_RECURSION_LIMIT)
    try:
        differences = _fixpoint(original, update, compatible, verdict=True)
    except _Incompatible:
        return False
    return all(item.type in compatible for item in differences)


def _fixpoint(original: Node, update: Node, compatible: frozenset[str],
              verdict: bool = False) -> list[Difference]:
    seed: dict[_Key, tuple[Difference, ...]] = {}
    while True:
        shared = _Shared(compatible, seed)
        ctx = _Ctx(shared, [], original.pointer, update.pointer, verdict)
        _compare(ctx, original, update)
        incompatible = {
            key: diffs for key, diffs in shared.memo.items()
            if any(item.type not in compatible for item in diffs)
        }
        if not shared.optimism or incompatible.keys() == seed.keys():
            return ctx.diffs
        seed = incompatible


def _compare(ctx: _Ctx, original: Node | None, update: Node | None) -> None:
    if original is None:
        if update is not None:
            ctx.add(d.SCHEMA_ADDED)
        return
    if update is None:
        ctx.add(d.SCHEMA_REMOVED)
        return
    original = deref(original)
    update = deref(update)
    found = _memoized(ctx.shared, original, update, type(ctx.diffs) is _Verdict)
    if found:
        ctx.add_rebased(found)


def _memoized(shared: _Shared, original: Node, update: Node,
              verdict: bool = False) -> tuple[Difference, ...]:
    """The differences of one pair, relative to it; under ``verdict`` (its caller's every
    difference ends in the result), the first incompatible one ends the comparison."""
    key = (id(original), id(update))
    cached = shared.memo.get(key)
    if cached is not None:
        return cached
    if key in shared.in_progress:
        shared.assumed = True
        seeded = shared.seed.get(key)
        if seeded is not None:
            return seeded
        shared.optimism = True
        return ()
    shared.in_progress.add(key)
    try:
        sub = _Ctx(shared, [], original.pointer, update.pointer, verdict)
        _compare_types(sub, original, update)
        result = tuple(sub.diffs)
        shared.memo[key] = result
        return result
    finally:
        shared.in_progress.discard(key)


def _compare_types(ctx: _Ctx, original: Node, update: Node) -> None:
    o_combined = original.kind == COMBINED
    u_combined = update.kind == COMBINED
    if not o_combined and u_combined:
        subs = update.subs or []
        if len(subs) == 1:
            sub = ctx.child()
            _compare(sub, original, subs[0])
            if sub.compatible():
                ctx.diffs.extend(sub.diffs)
                return
        elif update.criterion in (ANY_OF, ONE_OF):
            for branch in subs:
                sub = ctx.child()
                _compare(sub, original, branch)
                if sub.compatible():
                    ctx.diffs.extend(sub.diffs)
                    ctx.add(d.SUM_TYPE_EXTENDED)
                    return
    elif o_combined and not u_combined:
        subs = original.subs or []
        if len(subs) == 1:
            sub = ctx.child()
            _compare(sub, subs[0], update)
            if sub.compatible():
                ctx.diffs.extend(sub.diffs)
                return
        elif original.criterion == ALL_OF:
            for branch in subs:
                sub = ctx.child()
                _compare(sub, branch, update)
                if sub.compatible():
                    ctx.diffs.extend(sub.diffs)
                    ctx.add(d.PRODUCT_TYPE_NARROWED)
                    return

    if original.kind != update.kind:
        if original.kind == FALSE or update.is_empty:
            return
        if original.connect_bytes and update.connect_bytes:
            return
        ctx.add(d.TYPE_CHANGED)
        return

    if original.id != update.id:
        ctx.add(d.ID_CHANGED)
    if original.title != update.title:
        ctx.add(d.TITLE_CHANGED)
    if original.description != update.description:
        ctx.add(d.DESCRIPTION_CHANGED)
    if not _defaults_equal(original.default, update.default):
        ctx.add(d.DEFAULT_CHANGED)

    kind = original.kind
    if kind == STRING:
        _compare_string(ctx, original, update)
    elif kind == NUMBER:
        _compare_number(ctx, original, update)
    elif kind == CONST:
        if original.values != update.values:
            ctx.add(d.ENUM_ARRAY_CHANGED, "const")
    elif kind == ENUM:
        _compare_enum(ctx, original, update)
    elif kind == COMBINED:
        _compare_combined(ctx, original, update)
    elif kind == NOT:
        _compare_not(ctx, original, update)
    elif kind == OBJECT:
        _compare_object(ctx, original, update)
    elif kind == ARRAY:
        _compare_array(ctx, original, update)


def _defaults_equal(original: Any, update: Any) -> bool:
    # Confluent compares defaults with Java's Objects.equals over org.json values: objects
    # and arrays never equal one another (identity), and an absent default equals null only
    # when null is on the original side.
    if original is update:
        return True
    if original is _MISSING:
        return False
    if isinstance(original, (dict, list)):
        return False
    if original is None:
        return update is None or update is _MISSING
    if update is _MISSING or isinstance(update, (dict, list)):
        return False
    return bool(value_key(original) == value_key(update))


def _limit(ctx: _Ctx, attribute: str, original: Any, update: Any, added: str, removed: str,
           increased: str, decreased: str) -> None:
    if original == update and type(original) is type(update):
        return
    if original is None:
        ctx.add(added, attribute)
    elif update is None:
        ctx.add(removed, attribute)
    elif original < update:
        ctx.add(increased, attribute)
    elif original > update:
        ctx.add(decreased, attribute)


def _compare_string(ctx: _Ctx, original: Node, update: Node) -> None:
    _limit(ctx, "maxLength", original.max_length, update.max_length, d.MAX_LENGTH_ADDED,
           d.MAX_LENGTH_REMOVED, d.MAX_LENGTH_INCREASED, d.MAX_LENGTH_DECREASED)
    _limit(ctx, "minLength", original.min_length, update.min_length, d.MIN_LENGTH_ADDED,
           d.MIN_LENGTH_REMOVED, d.MIN_LENGTH_INCREASED, d.MIN_LENGTH_DECREASED)
    if original.pattern is None and update.pattern is not None:
        ctx.add(d.PATTERN_ADDED, "pattern")
    elif original.pattern is not None and update.pattern is None:
        ctx.add(d.PATTERN_REMOVED, "pattern")
    elif original.pattern != update.pattern:
        ctx.add(d.PATTERN_CHANGED, "pattern")


def _compare_number(ctx: _Ctx, original: Node, update: Node) -> None:
    _limit(ctx, "maximum", original.maximum, update.maximum, d.MAXIMUM_ADDED,
           d.MAXIMUM_REMOVED, d.MAXIMUM_INCREASED, d.MAXIMUM_DECREASED)
    _limit(ctx, "minimum", original.minimum, update.minimum, d.MINIMUM_ADDED,
           d.MINIMUM_REMOVED, d.MINIMUM_INCREASED, d.MINIMUM_DECREASED)
    o_max, u_max = original.excl_max, update.excl_max
    if not (o_max == u_max and type(o_max) is type(u_max)):
        if o_max is None:
            ctx.add(d.EXCLUSIVE_MAXIMUM_ADDED, "exclusiveMaximum")
        elif u_max is None:
            ctx.add(d.EXCLUSIVE_MAXIMUM_REMOVED, "exclusiveMaximum")
        elif o_max < u_max:
            ctx.add(d.EXCLUSIVE_MAXIMUM_INCREASED, "exclusiveMaximum")
        elif update.maximum is None or o_max > update.maximum:
            # Confluent compares a lowered exclusiveMaximum with the update's ``maximum``
            # (and fails outright when there is none); restated as reported.
            ctx.add(d.EXCLUSIVE_MAXIMUM_DECREASED, "exclusiveMaximum")
    _limit(ctx, "exclusiveMinimum", original.excl_min, update.excl_min,
           d.EXCLUSIVE_MINIMUM_ADDED, d.EXCLUSIVE_MINIMUM_REMOVED,
           d.EXCLUSIVE_MINIMUM_INCREASED, d.EXCLUSIVE_MINIMUM_DECREASED)
    o_mult, u_mult = original.multiple_of, update.multiple_of
    equal = u_mult is None if o_mult is None else (u_mult is not None and o_mult == u_mult)
    if not equal:
        if o_mult is None:
            ctx.add(d.MULTIPLE_OF_ADDED, "multipleOf")
        elif u_mult is None:
            ctx.add(d.MULTIPLE_OF_REMOVED, "multipleOf")
        elif o_mult != 0 and u_mult % o_mult == Decimal(0):
            ctx.add(d.MULTIPLE_OF_EXPANDED, "multipleOf")
        elif u_mult != 0 and o_mult % u_mult == Decimal(0):
            ctx.add(d.MULTIPLE_OF_REDUCED, "multipleOf")
        else:
            ctx.add(d.MULTIPLE_OF_CHANGED, "multipleOf")
    if original.requires_integer != update.requires_integer:
        ctx.add(d.TYPE_EXTENDED if original.requires_integer else d.TYPE_NARROWED)


def _compare_enum(ctx: _Ctx, original: Node, update: Node) -> None:
    before: frozenset[Any] = original.values
    after: frozenset[Any] = update.values
    if before != after:
        if after >= before:
            ctx.add(d.ENUM_ARRAY_EXTENDED, "enum")
        elif before >= after:
            ctx.add(d.ENUM_ARRAY_NARROWED, "enum")
        else:
            ctx.add(d.ENUM_ARRAY_CHANGED, "enum")


def _compare_not(ctx: _Ctx, original: Node, update: Node) -> None:
    saved = ctx.enter("not", join_pointer(ctx.optr, "not"), join_pointer(ctx.uptr, "not"))
    sub = ctx.child()
    # A ``not`` loosens when what it excludes narrows: compare the wrapped schemas reversed.
    _compare(sub, update.target, original.target)
    ctx.add(d.NOT_TYPE_NARROWED if sub.compatible() else d.NOT_TYPE_EXTENDED)
    ctx.leave(saved)


# -- combined schemas ------------------------------------------------------------------------

def _distinct(subs: list[Node]) -> list[Node]:
    seen: set[str] = set()
    result = []
    for sub in subs:
        key = sub.fingerprint()
        if key not in seen:
            seen.add(key)
            result.append(sub)
    return result


def _compare_combined(ctx: _Ctx, original: Node, update: Node) -> None:
    o_criterion, u_criterion = original.criterion, update.criterion
    o_subs_all, u_subs_all = original.subs or [], update.subs or []
    if o_criterion != u_criterion:
        o_single, u_single = len(o_subs_all) == 1, len(u_subs_all) == 1
        if (u_criterion == ANY_OF or (o_single and u_single)
                or (o_single and u_criterion == ONE_OF)
                or (u_single and o_criterion == ALL_OF)):
            ctx.add(d.COMBINED_TYPE_EXTENDED)
        else:
            ctx.add(d.COMBINED_TYPE_CHANGED)
            return
    o_subs = _distinct(o_subs_all)
    u_subs = _distinct(u_subs_all)
    if len(o_subs) < len(u_subs):
        ctx.add(d.PRODUCT_TYPE_EXTENDED if u_criterion == ALL_OF else d.SUM_TYPE_EXTENDED)
    elif len(o_subs) > len(u_subs):
        ctx.add(d.SUM_TYPE_NARROWED if o_criterion in (ANY_OF, ONE_OF)
                else d.PRODUCT_TYPE_NARROWED)

    edges: dict[tuple[int, int], list[Difference]] = {}
    for i, o_sub in enumerate(o_subs):
        saved = ctx.enter(f"{o_criterion}/{i}", o_sub.pointer, ctx.uptr)
        for j, u_sub in enumerate(u_subs):
            sub = ctx.child()
            _compare(sub, o_sub, u_sub)
            if sub.compatible():
                edges[(i, j)] = sub.diffs
        ctx.leave(saved)

    matching = _maximum_matching(len(o_subs), len(u_subs), edges)
    for pair in matching:
        ctx.diffs.extend(edges[pair])
    if len(matching) < min(len(o_subs), len(u_subs)):
        ctx.add(d.COMBINED_TYPE_SUBSCHEMAS_CHANGED)


def _maximum_matching(left: int, right: int,
                      edges: dict[tuple[int, int], list[Difference]]) -> list[tuple[int, int]]:
    """A maximum one-to-one matching of original to update branches.

    Confluent takes any maximum matching (the one its hash sets happen to yield); among them
    this takes one with the fewest differences in total, so unchanged branches pair with
    their unchanged counterparts. Solved as an assignment problem where a missing edge costs
    more than all real edges together, so cardinality comes first.
    """
    if not edges:
        return []
    size = max(left, right)
    missing = 1 + sum(len(diffs) for diffs in edges.values())
    cost = [[len(edges[(i, j)]) if (i, j) in edges else missing for j in range(size)]
            for i in range(size)]
    assignment = _assign(cost)
    return [(i, j) for i, j in enumerate(assignment) if (i, j) in edges]


def _assign(cost: list[list[int]]) -> list[int]:
    """Hungarian method on a square cost matrix: the column chosen for each row."""
    size = len(cost)
    infinity = float("inf")
    u = [0.0] * (size + 1)
    v = [0.0] * (size + 1)
    owner = [0] * (size + 1)  # owner[column] = row (1-based), 0 = free
    way = [0] * (size + 1)
    for row in range(1, size + 1):
        owner[0] = row
        column = 0
        best = [infinity] * (size + 1)
        used = [False] * (size + 1)
        while True:
            used[column] = True
            current = owner[column]
            delta = infinity
            chosen = 0
            for j in range(1, size + 1):
                if not used[j]:
                    reduced = cost[current - 1][j - 1] - u[current] - v[j]
                    if reduced < best[j]:
                        best[j] = reduced
                        way[j] = column
                    if best[j] < delta:
                        delta = best[j]
                        chosen = j
            for j in range(size + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    best[j] -= delta
            column = chosen
            if owner[column] == 0:
                break
        while column:
            previous = way[column]
            owner[column] = owner[previous]
            column = previous
    assignment = [0] * size
    for j in range(1, size + 1):
        if owner[j]:
            assignment[owner[j] - 1] = j - 1
    return assignment


# -- objects ---------------------------------------------------------------------------------

def _compare_object(ctx: _Ctx, original: Node, update: Node) -> None:
    o_raw = original.prop_raw
    u_raw = update.prop_raw
    o_required = original.required
    u_required = update.required

    if o_required or u_required:
        for name in o_raw:
            if name not in u_raw:
                continue
            before, after = name in o_required, name in u_required
            if before == after:
                continue
            saved = ctx.enter("required", join_pointer(ctx.optr, "required"),
                              join_pointer(ctx.uptr, "required"))
            inner = ctx.enter(name, _required_pointer(original, saved[0], name),
                              _required_pointer(update, saved[1], name))
            if before:
                ctx.add(d.REQUIRED_ATTRIBUTE_REMOVED)
            elif _has_default(update, name):
                ctx.add(d.REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED)
            else:
                ctx.add(d.REQUIRED_ATTRIBUTE_ADDED)
            ctx.leave(inner)
            ctx.leave(saved)

    same_loader = original.draft == update.draft
    plain = original.plain_document and update.plain_document
    names = list(o_raw)
    if u_raw is not o_raw:
        names.extend(name for name in u_raw if name not in o_raw)
    for name in names:
        if same_loader and name in o_raw and name in u_raw:
            before_raw, after_raw = o_raw[name], u_raw[name]
            if before_raw == after_raw and (plain or is_plain(before_raw)):
                continue
        o_sub = original.prop(name)
        u_sub = update.prop(name)
        saved = ctx.enter("properties", join_pointer(ctx.optr, "properties"),
                          join_pointer(ctx.uptr, "properties"))
        inner = ctx.enter(name, join_pointer(ctx.optr, name), join_pointer(ctx.uptr, name))
        if u_sub is None:
            _property_removed(ctx, o_sub, update, name)
        elif o_sub is None:
            _property_added(ctx, u_sub, original, update, name)
        else:
            _compare(ctx, o_sub, u_sub)
        ctx.leave(inner)
        ctx.leave(saved)

    _compare_dependencies(ctx, original, update)
    _compare_additional_properties(ctx, original, update)
    _compare_unevaluated(ctx, original.uneval, update.uneval, "unevaluatedProperties",
                         d.UNEVALUATED_PROPERTIES_ADDED, d.UNEVALUATED_PROPERTIES_REMOVED,
                         d.UNEVALUATED_PROPERTIES_EXTENDED, d.UNEVALUATED_PROPERTIES_NARROWED)
    _limit(ctx, "maxProperties", original.max_props, update.max_props,
           d.MAX_PROPERTIES_ADDED, d.MAX_PROPERTIES_REMOVED, d.MAX_PROPERTIES_INCREASED,
           d.MAX_PROPERTIES_DECREASED)
    _limit(ctx, "minProperties", original.min_props, update.min_props,
           d.MIN_PROPERTIES_ADDED, d.MIN_PROPERTIES_REMOVED, d.MIN_PROPERTIES_INCREASED,
           d.MIN_PROPERTIES_DECREASED)


def _has_default(node: Node, name: str) -> bool:
    found = node.prop(name)
    return found is not None and found.has_default


def _required_pointer(node: Node, base: str, name: str) -> str:
    raw = node.raw
    if isinstance(raw, dict) and isinstance(raw.get("required"), list) \
            and name in raw["required"]:
        return join_pointer(base, "required", raw["required"].index(name))
    return join_pointer(base, "properties", name)


def _property_removed(ctx: _Ctx, o_sub: Node | None, update: Node, name: str) -> None:
    if object_is_open(update):
        ctx.add(d.PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL)
        return
    covering = object_covering_schema(update, name)
    if covering is not None:
        sub = ctx.child()
        _compare(sub, o_sub, covering)
        ctx.diffs.extend(sub.diffs)
        ctx.add(d.PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL
                if sub.compatible()
                else d.PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL)
    elif o_sub is not None and o_sub.kind == FALSE:
        ctx.add(d.PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL)
    else:
        ctx.add(d.PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL)


def _property_added(ctx: _Ctx, u_sub: Node, original: Node, update: Node, name: str) -> None:
    required = name in (update.required or frozenset())
    if object_is_open(original):
        if u_sub.is_empty:
            ctx.add(d.PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL)
        elif required:
            ctx.add(d.REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL
                    if u_sub.has_default else d.REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL)
        else:
            ctx.add(d.OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL)
        return
    covering = object_covering_schema(original, name)
    if covering is not None:
        sub = ctx.child()
        _compare(sub, covering, u_sub)
        ctx.diffs.extend(sub.diffs)
        ctx.add(d.PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL
                if sub.compatible()
                else d.PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL)
    if required:
        ctx.add(d.REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL
                if u_sub.has_default else d.REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL)
    else:
        ctx.add(d.OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL)


def _compare_dependencies(ctx: _Ctx, original: Node, update: Node) -> None:
    o_arrays, u_arrays = original.prop_deps or {}, update.prop_deps or {}
    o_schemas, u_schemas = original.schema_deps or {}, update.schema_deps or {}
    if not (o_arrays or u_arrays or o_schemas or u_schemas):
        return
    keyword_o = _dependency_keyword(original, "dependentRequired")
    keyword_u = _dependency_keyword(update, "dependentRequired")
    saved = ctx.enter("dependencies", join_pointer(ctx.optr, keyword_o),
                      join_pointer(ctx.uptr, keyword_u))
    for name in [*o_arrays, *(n for n in u_arrays if n not in o_arrays)]:
        before, after = o_arrays.get(name), u_arrays.get(name)
        inner = ctx.enter(name, join_pointer(ctx.optr, name), join_pointer(ctx.uptr, name))
        if after is None:
            ctx.add(d.DEPENDENCY_ARRAY_REMOVED)
        elif before is None:
            ctx.add(d.DEPENDENCY_ARRAY_ADDED)
        elif before != after:
            if after >= before:
                ctx.add(d.DEPENDENCY_ARRAY_EXTENDED)
            elif before >= after:
                ctx.add(d.DEPENDENCY_ARRAY_NARROWED)
            else:
                ctx.add(d.DEPENDENCY_ARRAY_CHANGED)
        ctx.leave(inner)
    ctx.leave(saved)
    keyword_o = _dependency_keyword(original, "dependentSchemas")
    keyword_u = _dependency_keyword(update, "dependentSchemas")
    saved = ctx.enter("dependencies", join_pointer(ctx.optr, keyword_o),
                      join_pointer(ctx.uptr, keyword_u))
    for name in [*o_schemas, *(n for n in u_schemas if n not in o_schemas)]:
        before_schema, after_schema = o_schemas.get(name), u_schemas.get(name)
        inner = ctx.enter(name, join_pointer(ctx.optr, name), join_pointer(ctx.uptr, name))
        if after_schema is None:
            ctx.add(d.DEPENDENCY_SCHEMA_REMOVED)
        elif before_schema is None:
            ctx.add(d.DEPENDENCY_SCHEMA_ADDED)
        else:
            _compare(ctx, before_schema, after_schema)
        ctx.leave(inner)
    ctx.leave(saved)


def _dependency_keyword(node: Node, modern: str) -> str:
    raw = node.raw
    if isinstance(raw, dict) and modern in raw:
        return modern
    return "dependencies"


def _compare_additional_properties(ctx: _Ctx, original: Node, update: Node) -> None:
    saved = ctx.enter("additionalProperties", join_pointer(ctx.optr, "additionalProperties"),
                      join_pointer(ctx.uptr, "additionalProperties"))
    o_permits = original.additional_props or original.additional_schema is not None
    u_permits = update.additional_props or update.additional_schema is not None
    if o_permits != u_permits:
        ctx.add(d.ADDITIONAL_PROPERTIES_ADDED if u_permits else d.ADDITIONAL_PROPERTIES_REMOVED)
    elif original.additional_schema is None and update.additional_schema is not None:
        ctx.add(d.ADDITIONAL_PROPERTIES_NARROWED)
    elif update.additional_schema is None and original.additional_schema is not None:
        ctx.add(d.ADDITIONAL_PROPERTIES_EXTENDED)
    else:
        _compare(ctx, original.additional_schema, update.additional_schema)
    ctx.leave(saved)


def _compare_unevaluated(ctx: _Ctx, original: Node | None, update: Node | None,
                         keyword: str, added: str, removed: str, extended: str,
                         narrowed: str) -> None:
    if original is None and update is None:
        return
    saved = ctx.enter(keyword, join_pointer(ctx.optr, keyword), join_pointer(ctx.uptr, keyword))
    if original is None:
        ctx.add(removed if update is not None and update.kind == FALSE else narrowed)
    elif update is None:
        ctx.add(added if original.kind == FALSE else extended)
    elif original.kind == FALSE and update.kind != FALSE:
        ctx.add(added)
    elif original.kind != FALSE and update.kind == FALSE:
        ctx.add(removed)
    elif original.is_empty and not update.is_empty:
        ctx.add(narrowed)
    elif not original.is_empty and update.is_empty:
        ctx.add(extended)
    else:
        _compare(ctx, original, update)
    ctx.leave(saved)


# -- arrays ----------------------------------------------------------------------------------

def _compare_array(ctx: _Ctx, original: Node, update: Node) -> None:
    saved = ctx.enter("items", join_pointer(ctx.optr, "items"), join_pointer(ctx.uptr, "items"))
    _compare(ctx, original.all_items, update.all_items)
    ctx.leave(saved)

    o_items = original.item_schemas or []
    u_items = update.item_schemas or []
    shared = min(len(o_items), len(u_items))
    for index in range(max(len(o_items), len(u_items))):
        saved = ctx.enter(f"items/{index}",
                          join_pointer(ctx.optr, original.items_key, index),
                          join_pointer(ctx.uptr, update.items_key, index))
        if index < shared:
            _compare(ctx, o_items[index], u_items[index])
        elif index < len(o_items):
            _item_removed(ctx, o_items[index], update)
        else:
            _item_added(ctx, u_items[index], original)
        ctx.leave(saved)

    o_key, u_key = original.additional_items_key, update.additional_items_key
    saved = ctx.enter("additionalItems", join_pointer(ctx.optr, o_key),
                      join_pointer(ctx.uptr, u_key))
    if original.permits_additional != update.permits_additional:
        ctx.add(d.ADDITIONAL_ITEMS_REMOVED if original.permits_additional
                else d.ADDITIONAL_ITEMS_ADDED)
    elif original.additional_schema is None and update.additional_schema is not None:
        ctx.add(d.ADDITIONAL_ITEMS_NARROWED)
    elif update.additional_schema is None and original.additional_schema is not None:
        ctx.add(d.ADDITIONAL_ITEMS_EXTENDED)
    else:
        _compare(ctx, original.additional_schema, update.additional_schema)
    ctx.leave(saved)

    _compare_unevaluated(ctx, original.uneval, update.uneval, "unevaluatedItems",
                         d.UNEVALUATED_ITEMS_ADDED, d.UNEVALUATED_ITEMS_REMOVED,
                         d.UNEVALUATED_ITEMS_EXTENDED, d.UNEVALUATED_ITEMS_NARROWED)
    _limit(ctx, "maxItems", original.max_items, update.max_items, d.MAX_ITEMS_ADDED,
           d.MAX_ITEMS_REMOVED, d.MAX_ITEMS_INCREASED, d.MAX_ITEMS_DECREASED)
    _limit(ctx, "minItems", original.min_items, update.min_items, d.MIN_ITEMS_ADDED,
           d.MIN_ITEMS_REMOVED, d.MIN_ITEMS_INCREASED, d.MIN_ITEMS_DECREASED)
    if original.unique != update.unique:
        ctx.add(d.UNIQUE_ITEMS_REMOVED if original.unique else d.UNIQUE_ITEMS_ADDED,
                "uniqueItems")
    _limit(ctx, "maxContains", original.max_contains, update.max_contains,
           d.MAX_CONTAINS_ADDED, d.MAX_CONTAINS_REMOVED, d.MAX_CONTAINS_INCREASED,
           d.MAX_CONTAINS_DECREASED)
    _limit(ctx, "minContains", original.min_contains, update.min_contains,
           d.MIN_CONTAINS_ADDED, d.MIN_CONTAINS_REMOVED, d.MIN_CONTAINS_INCREASED,
           d.MIN_CONTAINS_DECREASED)


def _item_removed(ctx: _Ctx, o_item: Node, update: Node) -> None:
    if array_is_open(update):
        ctx.add(d.ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL)
        return
    covering = array_covering_schema(update)
    if covering is not None:
        sub = ctx.child()
        _compare(sub, o_item, covering)
        ctx.diffs.extend(sub.diffs)
        ctx.add(d.ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL if sub.compatible()
                else d.ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL)
    elif o_item.kind == FALSE:
        ctx.add(d.ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL)
    else:
        ctx.add(d.ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL)


def _item_added(ctx: _Ctx, u_item: Node, original: Node) -> None:
    if array_is_open(original):
        ctx.add(d.ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL if u_item.is_empty
                else d.ITEM_ADDED_TO_OPEN_CONTENT_MODEL)
        return
    covering = array_covering_schema(original)
    if covering is not None:
        sub = ctx.child()
        _compare(sub, covering, u_item)
        ctx.diffs.extend(sub.diffs)
        ctx.add(d.ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL if sub.compatible()
                else d.ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL)
    else:
        ctx.add(d.ITEM_ADDED_TO_CLOSED_CONTENT_MODEL)
