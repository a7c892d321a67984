"""Deterministic instances for a JSON Schema: each node walks its edge values as the
instance's index grows (every ``enum`` value and ``const``, every ``oneOf``/``anyOf`` branch and
type, optional properties present and absent, empty and long strings, numeric bounds and
``multipleOf``, integers beyond 2^53, ``format``s at their edges, additional and pattern
properties, arrays empty and full, ``$ref``s followed to a bounded depth), then seeded random
values. Keywords this walk does not steer by (``not``, ``if``, ``dependencies`` …) are left to
the writer's validator, which keeps only the instances it accepts.

A node is the list of the subschemas that apply to one value, each with the resolver its
``$ref``s are followed with: ``allOf`` members and ``$ref`` targets join it, one branch of
each ``oneOf``/``anyOf`` is chosen per instance.
"""

from __future__ import annotations

import base64
import math
import random
import string
from collections.abc import Callable, Sequence
from fractions import Fraction
from functools import lru_cache, partial
from typing import Any, TypeVar

from schemalint.patterns import PatternTooSlow, search
from schemalint.replay.jsonschema.regex_sample import samples as pattern_samples

_T = TypeVar("_T")
Part = tuple[Any, Any]  # a subschema and the resolver of its ``$ref``s

# Objects and arrays nest at most this deep; beyond it optional properties are absent,
# arrays as short as allowed and branches that end the nesting are taken where there are any.
MAX_DEPTH = 4
# Values nest at most this deep, required ones too: a schema that requires deeper nesting
# (or requires itself without end) gets instances its writer's validator does not keep.
MAX_NESTING = 32
# ``$ref``s followed for one value before the walk gives up on it (a chain, or a cycle).
MAX_REFS = 16
# No schema needs more instances than this to meet every edge of every node.
MAX_COVERING = 64
# The name given to a property an open object's writer adds beyond those it declares.
EXTRA_PROPERTY = "undeclared_extra"

_BIG = 2**53 + 1  # the first integer a double cannot hold
_INTEGERS = (0, -1, _BIG, -_BIG, 2**63 - 1, -(2**63), 2**64)
_NUMBERS = (0, -1.5, 0.1, 1.7976931348623157e308, 5e-324, _BIG, 1e-7)
_STRINGS = ("order-1", "", "é☃😀", "x" * 1024)
_LENGTHS = (0, 3, 1)
_FORMATS: dict[str, tuple[str, ...]] = {
    "date-time": ("2024-02-29T12:00:00Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z",
                  "1900-01-01T00:00:00+05:30", "2000-02-29T23:59:60Z"),
    "date": ("2024-02-29", "1970-01-01", "1969-12-31", "1900-01-01"),
    "time": ("12:00:00Z", "00:00:00Z", "23:59:59.999+05:30"),
    "duration": ("P1D", "PT0S", "P1Y2M3DT4H5M6S"),
    "email": ("ada@example.com", "first.last+tag@example.co.uk"),
    "idn-email": ("ada@example.com", "josé@exämple.com"),
    "hostname": ("example.com", "a"),
    "idn-hostname": ("example.com", "exämple.com"),
    "ipv4": ("192.0.2.1", "0.0.0.0"),
    "ipv6": ("2001:db8::1", "::"),
    "uri": ("https://example.com/a/b?c=d#e", "urn:isbn:0451450523"),
    "uri-reference": ("https://example.com/a", "../a/b", ""),
    "iri": ("https://exämple.com/ü", "urn:isbn:0451450523"),
    "iri-reference": ("https://exämple.com/ü", "../ü"),
    "uri-template": ("https://example.com/{id}",),
    "uuid": ("123e4567-e89b-12d3-a456-426614174000", "00000000-0000-0000-0000-000000000000"),
    "json-pointer": ("/a/b~1c", ""),
    "relative-json-pointer": ("0/a", "1#"),
    "regex": ("^[a-z]+$", ""),
}
_CONTENT = (b"", b"\xff\xfe\xfd", b"ok")
_JSON_TEXTS = ('{"a": 1}', "[]", "null")
# Values of a schema that says nothing of its instances' type.
_ANYTHING: tuple[Any, ...] = ("any", 0, None, True, -1.5, [], {})
_TYPES = ("object", "array", "string", "integer", "number", "boolean", "null")
_TEXT = (string.ascii_letters + string.digits + string.punctuation + " éßø☃😀") * 2


def generate_instances(root: Part, count: int | None, seed: int, random_count: int,
                       accepts: Callable[[Any], bool] | None = None) -> list[Any]:
    """Instances of the schema at ``root``, the same for the same seed: ``count``
    candidates, or (None) those that meet every edge of every node and ``random_count``
    more; those ``accepts`` (the writer's validator) keeps, where given."""
    rng = random.Random(seed)
    candidates: list[Any] = []
    if count is None:
        # Until as many instances in a row as the longest round of choices (branches, types,
        # optional properties) met no edge left to meet.
        period = quiet = 1
        for index in range(MAX_COVERING):
            walk = _Walk(rng, index)
            candidates.append(walk.value([root], 0))
            period = max(period, walk.period)
            quiet = 0 if walk.edges_left else quiet + 1
            if quiet >= period:
                break
        first = len(candidates)
        indexes: Sequence[int] = range(first + MAX_COVERING, first + MAX_COVERING + random_count)
    else:
        indexes = range(count)
    candidates.extend(_Walk(rng, index).value([root], 0) for index in indexes)
    return candidates if accepts is None else [candidate for candidate in candidates
                                               if accepts(candidate)]


class _Walk:
    """One instance: ``index`` picks each node's edge value."""

    def __init__(self, rng: random.Random, index: int) -> None:
        self.rng = rng
        self.index = index
        self.edges_left = False  # whether a node had an edge this index did not reach yet
        self._scale = 1  # how many instances one step of ``index`` takes here
        self.period = 1  # the most instances a round of choices took

    def _pick(self, edges: Sequence[_T], depth: int) -> _T:
        """The edge value this instance's index lands on; past the edges, any of them."""
        if self.index < len(edges):
            self.edges_left = self.edges_left or self.index < len(edges) - 1
            # Offset by depth, so that nested nodes do not all move in step.
            return edges[(self.index + depth) % len(edges)]
        return self.rng.choice(edges)

    def _choice(self, options: Sequence[_T], offset: int) -> _T:
        """One of the options, in turn (a branch, a type, a property present or not); what
        is made under it moves once per round of the options (``_under``), so that each
        option meets every edge of its own."""
        self.edges_left = self.edges_left or self.index < len(options) - 1
        return options[(self.index + offset) % len(options)]

    def _under(self, options: int, run: Callable[[], _T]) -> _T:
        index, scale = self.index, self._scale
        self.index //= options
        self._scale *= options
        self.period = max(self.period, self._scale)
        try:
            return run()
        finally:
            self.index, self._scale = index, scale

    def value(self, node: list[Part], depth: int) -> Any:
        index, scale = self.index, self._scale  # a branch chosen below moves them
        try:
            return self._value(node, depth)
        finally:
            self.index, self._scale = index, scale

    def _value(self, node: list[Part], depth: int) -> Any:
        if depth > MAX_NESTING:
            return None
        parts = self._expand(node, depth)
        if parts is None:
            return None  # a ``false`` schema, or references without end: nothing is valid
        for part, _ in parts:
            if "const" in part:
                return part["const"]
        for part, _ in parts:
            if isinstance(part.get("enum"), list) and part["enum"]:
                return self._pick(part["enum"], depth)
        types = _types(parts)
        if not types:
            return self._pick(_ANYTHING, depth)
        if depth >= MAX_DEPTH:
            types = [kind for kind in types if kind not in ("object", "array")] or types
        kind = self._choice(types, depth)
        return self._under(len(types), partial(self._typed, kind, parts, depth))

    def _expand(self, node: list[Part], depth: int) -> list[Part] | None:
        """The subschemas that apply: ``$ref`` targets and ``allOf`` members joined, one
        branch of each ``oneOf``/``anyOf``."""
        parts: list[Part] = []
        pending = list(node)
        followed = 0
        while pending:
            part, resolver = pending.pop(0)
            if part is True or part == {}:
                continue
            if not isinstance(part, dict):
                return None
            parts.append((part, resolver))
            reference = part.get("$ref")
            if isinstance(reference, str):
                followed += 1
                if followed > MAX_REFS:
                    return None
                try:
                    resolved = resolver.lookup(reference)
                except Exception:  # unresolvable: the validator says so for the writer
                    return None
                pending.append((resolved.contents, resolved.resolver))
            for member in part.get("allOf") or ():
                pending.append((member, resolver))
            for keyword in ("oneOf", "anyOf"):
                branches = part.get(keyword)
                if isinstance(branches, list) and branches:
                    if depth >= MAX_DEPTH:
                        branches = [branch for branch in branches
                                    if not _nests(branch)] or branches
                    pending.append((self._choice(branches, depth), resolver))
                    # The branch's own edges move once per round of the branches (``value``
                    # puts the index back).
                    self.index //= len(branches)
                    self._scale *= len(branches)
                    self.period = max(self.period, self._scale)
        return parts

    def _typed(self, kind: str, parts: list[Part], depth: int) -> Any:
        if kind == "object":
            return self._object(parts, depth)
        if kind == "array":
            return self._array(parts, depth)
        if kind == "string":
            return self._string(parts, depth)
        if kind in ("integer", "number"):
            return self._number(kind == "integer", parts, depth)
        if kind == "boolean":
            return self._pick((False, True), depth)
        return None

    def _object(self, parts: list[Part], depth: int) -> dict[str, Any]:
        declared: dict[str, list[Part]] = {}
        required: set[str] = set()
        for part, resolver in parts:
            properties = part.get("properties")
            if isinstance(properties, dict):
                for name, sub in properties.items():
                    declared.setdefault(name, []).append((sub, resolver))
            if isinstance(part.get("required"), list):
                required.update(name for name in part["required"] if isinstance(name, str))
        instance: dict[str, Any] = {}
        for position, (name, node) in enumerate(declared.items()):
            if name in required:
                instance[name] = self.value(node, depth + 1)
            elif depth < MAX_DEPTH and self._choice((True, False), depth + position):
                instance[name] = self._under(2, partial(self.value, node, depth + 1))
        for name in sorted(required - declared.keys()):
            instance[name] = self._pick(_ANYTHING[:4], depth)
        if depth < MAX_DEPTH:
            self._beyond_declared(instance, parts, depth)
        fewest = max((_count(part.get("minProperties"), 0) for part, _ in parts), default=0)
        for name, node in declared.items():  # optional ones, where too few are present
            if len(instance) >= fewest:
                break
            if name not in instance:
                instance[name] = self.value(node, depth + 1)
        additional = [(part["additionalProperties"], resolver) for part, resolver in parts
                      if isinstance(part.get("additionalProperties"), dict)]
        for position in range(fewest - len(instance)):
            instance[f"{EXTRA_PROPERTY}_{position}"] = self.value(additional, depth + 1) \
                if additional else self._pick(_ANYTHING[:4], depth + 1)
        return instance

    def _beyond_declared(self, instance: dict[str, Any], parts: list[Part], depth: int) -> None:
        """Properties the writer adds beyond those it declares: one for each pattern, and one
        under ``additionalProperties`` (its schema, or anything where the object is open)."""
        opened = True
        for part, resolver in parts:
            for pattern, sub in (part.get("patternProperties") or {}).items():
                name = next((sample for sample in _matching(pattern)
                             if sample not in instance), None)
                if name is not None and self._choice((False, True), depth):
                    instance[name] = self.value([(sub, resolver)], depth + 1)
            additional = part.get("additionalProperties", True)
            if additional is False or part.get("unevaluatedProperties") is False or \
                    "patternProperties" in part:
                opened = False
            if isinstance(additional, dict) and additional:
                opened = False
                if self._choice((False, True), depth):
                    instance[EXTRA_PROPERTY] = self.value([(additional, resolver)], depth + 1)
        if opened and self._choice((False, True), depth):
            instance[EXTRA_PROPERTY] = self._pick(_ANYTHING[:4], depth + 1)

    def _array(self, parts: list[Part], depth: int) -> list[Any]:
        positional: list[Part] = []
        rest: list[Part] = []
        low, high, unique = 0, None, False
        for part, resolver in parts:
            tuple_items = part.get("prefixItems")
            items = part.get("items")
            if isinstance(items, list):  # the tuple form before 2020-12
                tuple_items, items = items, part.get("additionalItems")
            if isinstance(tuple_items, list):
                positional = [(item, resolver) for item in tuple_items]
            if items is False and isinstance(tuple_items, list):
                high = _lowest(high, len(tuple_items))  # no items beyond the tuple's
            elif items is not None:
                rest.append((items, resolver))
            low = max(low, _count(part.get("minItems"), 0))
            high = _lowest(high, part.get("maxItems"))
            unique = unique or part.get("uniqueItems") is True
        length = low if depth >= MAX_DEPTH else max(low, self._pick(_LENGTHS, depth) +
                                                     (len(positional) if positional else 0))
        if high is not None:
            length = min(length, high)
        values: list[Any] = []
        index = self.index
        for position in range(length):
            self.index = index + position  # the elements of a full array show several edges
            node = [positional[position]] if position < len(positional) else rest
            values.append(self.value(node, depth + 1) if node else self._pick(_ANYTHING, depth))
        self.index = index
        if unique:
            distinct: list[Any] = []
            for value in values:
                if not any(_same(value, other) for other in distinct):
                    distinct.append(value)
            values = distinct
        return values

    def _string(self, parts: list[Part], depth: int) -> str:
        low, high = 0, None
        patterns: list[str] = []
        edges: Sequence[str] = _STRINGS
        for part, _ in parts:
            low = max(low, _count(part.get("minLength"), 0))
            high = _lowest(high, part.get("maxLength"))
            if isinstance(part.get("pattern"), str):
                patterns.append(part["pattern"])
            form = part.get("format")
            if isinstance(form, str) and form in _FORMATS:
                edges = _FORMATS[form]
            encoding = part.get("contentEncoding")
            if isinstance(encoding, str) and encoding.lower() == "base64":
                edges = tuple(base64.b64encode(content).decode() for content in _CONTENT)
            elif part.get("contentMediaType") == "application/json" and edges is _STRINGS:
                edges = _JSON_TEXTS
        if patterns:
            edges = _pattern_edges(tuple(patterns), tuple(edges)) or edges
        if self.index < len(edges) or edges is not _STRINGS:
            text = self._pick(edges, depth)
        else:
            start = self.rng.randrange(len(_TEXT))
            text = _TEXT[start:start + self.rng.randrange(40)]
        if len(text) < low:
            text += "x" * (low - len(text))
        return text if high is None else text[:high]

    def _number(self, integer: bool, parts: list[Part], depth: int) -> int | float:
        low = high = None
        low_open = high_open = False
        steps: list[Fraction] = []
        for part, _ in parts:
            for key, above in (("minimum", True), ("maximum", False)):
                bound = _fraction(part.get(key))
                if bound is not None:
                    if above and (low is None or bound > low):
                        low, low_open = bound, part.get("exclusiveMinimum") is True
                    if not above and (high is None or bound < high):
                        high, high_open = bound, part.get("exclusiveMaximum") is True
            for key, above in (("exclusiveMinimum", True), ("exclusiveMaximum", False)):
                bound = _fraction(part.get(key))
                if bound is not None:
                    if above and (low is None or bound >= low):
                        low, low_open = bound, True
                    if not above and (high is None or bound <= high):
                        high, high_open = bound, True
            step = _fraction(part.get("multipleOf"))
            if step is not None and step > 0:
                steps.append(step)
        step = Fraction(1) if integer else None
        for other in steps:
            step = other if step is None else _common_multiple(step, other)
        bounds = tuple(bound for bound in (low, high) if bound is not None)
        edges = (*bounds, *(_INTEGERS if integer else _NUMBERS))
        if self.index < len(edges):
            edge = self._pick(edges, depth)
            chosen, written_as_float = Fraction(edge), isinstance(edge, float)
        else:
            chosen = Fraction(self.rng.randint(-(2**20), 2**20), 8 if not integer else 1)
            written_as_float = not integer
        return _number_in(chosen, low, low_open, high, high_open, step,
                          integer or not written_as_float)


def _number_in(value: Fraction, low: Fraction | None, low_open: bool, high: Fraction | None,
               high_open: bool, step: Fraction | None, integral: bool) -> int | float:
    """``value`` moved inside the bounds, onto a multiple of ``step``: an int where it is
    whole and ``integral`` (an integer type, or an integer edge of a number)."""
    if step is not None:
        value = math.floor(value / step) * step
        if low is not None and (value < low or (low_open and value == low)):
            lowest = math.ceil(low / step)
            value = (lowest + 1 if low_open and lowest * step == low else lowest) * step
        if high is not None and (value > high or (high_open and value == high)):
            highest = math.floor(high / step)
            value = (highest - 1 if high_open and highest * step == high else highest) * step
    else:
        if low is not None and value <= low:
            value = low if not low_open else low + (abs(low) + 1) / 2**20
        if high is not None and value >= high:
            value = high if not high_open else high - (abs(high) + 1) / 2**20
    if value.denominator == 1 and integral:
        return int(value)
    try:
        return float(value)
    except OverflowError:
        return int(value)


def _common_multiple(one: Fraction, other: Fraction) -> Fraction:
    return Fraction(math.lcm(one.numerator * other.denominator,
                             other.numerator * one.denominator),
                    one.denominator * other.denominator)


def _fraction(value: Any) -> Fraction | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or \
            (isinstance(value, float) and not math.isfinite(value)):
        return None
    return Fraction(value)


def _count(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _lowest(current: int | None, value: Any) -> int | None:
    if not isinstance(value, int) or isinstance(value, bool):
        return current
    return value if current is None else min(current, value)


def _same(one: Any, other: Any) -> bool:
    return bool(type(one) is type(other) and one == other)


def _types(parts: list[Part]) -> list[str]:
    """The types the subschemas together allow, in the order the first declares them; from
    their keywords where none declares one."""
    allowed: list[str] | None = None
    for part, _ in parts:
        declared = part.get("type")
        if isinstance(declared, str):
            declared = [declared]
        if isinstance(declared, list):
            kinds = [kind for kind in declared if kind in _TYPES]
            if "number" in kinds and "integer" not in kinds:
                kinds.append("integer")
            allowed = kinds if allowed is None else [kind for kind in allowed if kind in kinds]
    if allowed is not None:
        return allowed
    keys = {key for part, _ in parts for key in part}
    for kind, keywords in (
            ("object", ("properties", "required", "additionalProperties", "patternProperties")),
            ("array", ("items", "prefixItems", "minItems", "maxItems")),
            ("string", ("minLength", "maxLength", "pattern", "format")),
            ("number", ("minimum", "maximum", "multipleOf", "exclusiveMinimum"))):
        if keys.intersection(keywords):
            return [kind]
    return []


def _nests(schema: Any) -> bool:
    return isinstance(schema, dict) and ("$ref" in schema or schema.get("type") in (
        "object", "array") or "properties" in schema or "items" in schema)


@lru_cache(maxsize=1024)
def _pattern_edges(patterns: tuple[str, ...], edges: tuple[str, ...]) -> tuple[str, ...]:
    """The strings every pattern matches, of those read from the patterns, the node's own
    edges and every format's."""
    candidates = dict.fromkeys((*(sample for pattern in patterns
                                  for sample in pattern_samples(pattern)),
                                *edges, *(text for texts in _FORMATS.values()
                                          for text in texts)))
    try:
        return tuple(text for text in candidates
                     if all(search(pattern, text) for pattern in patterns))
    except PatternTooSlow:
        return ()


def _matching(pattern: str) -> list[str]:
    """Strings the pattern matches, from its own text (``regex_sample``), each confirmed
    through the time-bounded matcher."""
    found = []
    for sample in pattern_samples(pattern):
        try:
            if search(pattern, sample):
                found.append(sample)
        except PatternTooSlow:
            break
    return found
