"""YAML text to the JSON value it stands for, and the place of every value in the YAML.

A JSON Schema written in YAML is registered as its JSON: the value read here is what is
sent and compared. Only what JSON can hold is accepted, and only as a safe loader reads it:
no tags beyond YAML's core types, no merge keys, no duplicate keys (as for JSON), and
aliases only while they expand the document to at most ``ALIAS_GROWTH`` values per
character written (a "billion laughs" document is refused, never expanded). Timestamps stay
the strings they were written as: JSON has no dates.

PyYAML is imported on the first YAML text read: a run over Avro, Protobuf or JSON files
never pays for it.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from schemalint.model import SourceMapLike
from schemalint.sourcemap import JsonSyntaxError, join_pointer

if TYPE_CHECKING:
    import yaml

ALIAS_GROWTH = 10
_ALIAS_ALLOWANCE = 10_000

_TAG = "tag:yaml.org,2002:"
_SCALARS = frozenset(f"{_TAG}{name}" for name in ("null", "bool", "int", "float", "str"))


class YamlSyntaxError(JsonSyntaxError):
    """The text is not YAML that stands for a JSON value. Carries the 1-based line and
    column."""


class YamlSourceMap(SourceMapLike):
    """Positions of a YAML document's values by JSON pointer: a member's key, an element."""

    def __init__(self, positions: dict[str, tuple[int, int]]) -> None:
        self._positions = positions

    def position(self, pointer: str) -> tuple[int, int] | None:
        """The place of what the pointer names, or of its nearest present ancestor."""
        while True:
            found = self._positions.get(pointer)
            if found is not None or not pointer:
                return found
            pointer = pointer.rpartition("/")[0]


def is_yaml_path(path: str | None) -> bool:
    return path is not None and path.lower().endswith((".yaml", ".yml"))


def load_yaml(text: str) -> tuple[Any, YamlSourceMap]:
    """The JSON value of a one-document YAML text, and where each of its values was written.

    Raises ``YamlSyntaxError`` with the place of the first problem."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as error:
            raise _syntax_error(error) from None
        except yaml.YAMLError as error:
            raise YamlSyntaxError(f"invalid YAML: {_one_line(str(error))}", 1, 1) from None
        if node is None:
            raise YamlSyntaxError("an empty YAML document: a JSON Schema must be an object "
                                  "or a boolean", 1, 1)
        builder = _Builder(loader, ALIAS_GROWTH * len(text) + _ALIAS_ALLOWANCE)
        builder.positions[""] = _place(node)
        value = builder.value(node, "", ())
        return value, YamlSourceMap(builder.positions)
    finally:
        loader.dispose()


class _Builder:
    """Builds JSON values from YAML nodes, recording where each was written."""

    def __init__(self, loader: yaml.SafeLoader, budget: int) -> None:
        self._loader = loader
        self._budget = budget
        self.positions: dict[str, tuple[int, int]] = {}

    def value(self, node: yaml.Node, pointer: str, open_nodes: tuple[yaml.Node, ...]) -> Any:
        import yaml

        self._budget -= 1
        if self._budget < 0:
            raise _at(node, "YAML aliases expand this document to more than "
                      f"{ALIAS_GROWTH} values per character written (an alias bomb); "
                      "write the schema without anchors and aliases")
        if any(node is open_node for open_node in open_nodes):
            raise _at(node, "a YAML alias refers to a value that contains it: JSON cannot "
                      "hold a value inside itself")
        if isinstance(node, yaml.MappingNode):
            if node.tag != f"{_TAG}map":
                raise _unsupported_tag(node)
            return self._mapping(node, pointer, (*open_nodes, node))
        if isinstance(node, yaml.SequenceNode):
            if node.tag != f"{_TAG}seq":
                raise _unsupported_tag(node)
            within = (*open_nodes, node)
            items = []
            for index, item in enumerate(node.value):
                place = join_pointer(pointer, index)
                self.positions.setdefault(place, _place(item))
                items.append(self.value(item, place, within))
            return items
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, pointer: str,
                 within: tuple[yaml.Node, ...]) -> dict[str, Any]:
        members: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node)
            if key in members:
                raise _at(key_node, f"duplicate key {key!r} in one YAML mapping")
            place = join_pointer(pointer, key)
            self.positions.setdefault(place, _place(key_node))
            members[key] = self.value(value_node, place, within)
        return members

    def _key(self, node: yaml.Node) -> str:
        import yaml

        if node.tag == f"{_TAG}merge":
            raise _at(node, "YAML merge keys (<<) are not read: write the keys out")
        if not isinstance(node, yaml.ScalarNode):
            raise _at(node, "a YAML mapping key must be a string, not a mapping or a list")
        key = self._scalar(node)
        # As JSON writes a key that is not a string: 200 → "200", true → "true".
        return key if isinstance(key, str) else json.dumps(key)

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == f"{_TAG}timestamp":
            return node.value  # JSON has no dates: the string as written
        if node.tag not in _SCALARS:
            raise _unsupported_tag(node)
        value = self._loader.construct_object(node)
        if isinstance(value, float) and not math.isfinite(value):
            raise _at(node, f"{node.value} is not a JSON number")
        return value


def _place(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _at(node: yaml.Node, message: str) -> YamlSyntaxError:
    line, column = _place(node)
    return YamlSyntaxError(message, line, column)


def _unsupported_tag(node: yaml.Node) -> YamlSyntaxError:
    tag = node.tag.replace(_TAG, "!!")
    return _at(node, f"YAML tag {tag} has no JSON value")


def _syntax_error(error: yaml.MarkedYAMLError) -> YamlSyntaxError:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    parts = [part for part in (error.context, error.problem) if part]
    return YamlSyntaxError(f"invalid YAML: {_one_line(', '.join(parts))}", line, column)


def _one_line(message: str) -> str:
    return " ".join(message.split())
