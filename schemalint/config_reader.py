"""Read a TOML document into typed values by a declaration of its keys, in one pass.

Each kind of value checks what it is given, converts it, and says what it accepts in JSON
Schema's words (``contract``): a test holds the declarations and
``schemalint/data/config.schema.json``, the contract editors read, together. Messages are
worded as jsonschema words them, so an editor and schemalint say the same of a mistake.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

Location = tuple[str | int, ...]


class Problem(NamedTuple):
    """One thing wrong with the document."""

    where: Location
    message: str
    # The key whose line is reported, when it is not ``where`` (an unknown key).
    at: Location | None = None
    # 0: the value's shape; 1: what a well-shaped value means (a rule code, a date). A
    # document with problems of shape reports those first, as they may explain the rest.
    stage: int = 0

    @property
    def text(self) -> str:
        dotted = ".".join(str(part) for part in self.where)
        return f"{dotted}: {self.message}" if dotted else self.message

    @property
    def located(self) -> Location:
        return self.where if self.at is None else self.at


class Invalid(Exception):
    """Raised by a kind for the value it reads; containers record it and read on."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.text)
        self.problem = problem


def _wrong_type(value: Any, json_type: str, where: Location) -> Invalid:
    return Invalid(Problem(where, f"{value!r} is not of type '{json_type}'"))


class Text(NamedTuple):
    min_length: int = 0
    pattern: str | None = None

    def read(self, value: Any, where: Location, problems: list[Problem]) -> Any:
        if not isinstance(value, str):
            raise _wrong_type(value, "string", where)
        if len(value) < self.min_length:
            raise Invalid(Problem(where, f"{value!r} should be non-empty"
                                  if self.min_length == 1 else f"{value!r} is too short"))
        if self.pattern is not None and re.search(self.pattern, value) is None:
            raise Invalid(Problem(where, f"{value!r} does not match {self.pattern!r}"))
        return value

    def contract(self) -> dict[str, Any]:
        return {"type": "string",
                **({"minLength": self.min_length} if self.min_length else {}),
                **({"pattern": self.pattern} if self.pattern is not None else {})}


class Flag(NamedTuple):
    def read(self, value: Any, where: Location, problems: list[Problem]) -> Any:
        if not isinstance(value, bool):
            raise _wrong_type(value, "boolean", where)
        return value

    def contract(self) -> dict[str, Any]:
        return {"type": "boolean"}


class Whole(NamedTuple):
    minimum: int | None = None

    def read(self, value: Any, where: Location, problems: list[Problem]) -> Any:
        # JSON Schema counts 2.0 as an integer; a boolean is none.
        whole = (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer())
        if not whole:
            raise _wrong_type(value, "integer", where)
        if self.minimum is not None and value < self.minimum:
            raise Invalid(Problem(where, f"{value!r} is less than the minimum of "
                                         f"{self.minimum}"))
        return int(value)

    def contract(self) -> dict[str, Any]:
        return {"type": "integer",
                **({"minimum": self.minimum} if self.minimum is not None else {})}


class Const(NamedTuple):
    value: Any

    def read(self, value: Any, where: Location, problems: list[Problem]) -> Any:
        if type(value) is not type(self.value) or value != self.value:
            raise Invalid(Problem(where, f"{self.value!r} was expected"))
        return value

    def contract(self) -> dict[str, Any]:
        return {"const": self.value}


class Choice(NamedTuple):
    """One of ``accepted``, spelled exactly so; ``convert`` gives the typed value."""

    accepted: tuple[str, ...]
    convert: Callable[[str], Any] = str

    def read(self, value: Any, where: Location, problems: list[Problem]) -> Any:
        if not isinstance(value, str):
            raise _wrong_type(value, "string", where)
        if value not in self.accepted:
            raise Invalid(Problem(where, f"{json.dumps(value)} is not one of "
                                         f"{', '.join(_spellings(self.accepted))}"))
        return self.convert(value)

    def contract(self) -> dict[str, Any]:
        return {"type": "string", "enum": sorted(self.accepted)}


def _spellings(accepted: Iterable[str]) -> list[str]:
    """The choices once each, in the first case given (``BACKWARD``, not also ``backward``)."""
    seen: dict[str, str] = {}
    for value in accepted:
        seen.setdefault(value.upper(), value)
    return list(seen.values())


class ListOf(NamedTuple):
    item: Kind
    min_items: int = 0

    def read(self, value: Any, where: Location, problems: list[Problem]) -> Any:
        if not isinstance(value, list):
            raise _wrong_type(value, "array", where)
        if len(value) < self.min_items:
            raise Invalid(Problem(where, f"{value!r} should be non-empty"
                                  if self.min_items == 1 else f"{value!r} is too short"))
        return tuple(read for _, read in _read_each(self.item, enumerate(value), where,
                                                    problems))

    def contract(self) -> dict[str, Any]:
        return {"type": "array", "items": self.item.contract(),
                **({"minItems": self.min_items} if self.min_items else {})}


class MapOf(NamedTuple):
    """A table of any keys, each holding a ``value``."""

    value: Kind

    def read(self, value: Any, where: Location, problems: list[Problem]) -> Any:
        if not isinstance(value, Mapping):
            raise _wrong_type(value, "object", where)
        return dict(_read_each(self.value, value.items(), where, problems))

    def contract(self) -> dict[str, Any]:
        return {"type": "object", "values": self.value.contract()}


class Then(NamedTuple):
    """``kind``, then ``convert`` on its value for what the value means (a rule code that
    names a rule, a date that exists). ``convert`` raises ``ValueError`` for a problem at
    the key, or ``Invalid`` for one it places itself."""

    kind: Kind
    convert: Callable[[Any], Any]

    def read(self, value: Any, where: Location, problems: list[Problem]) -> Any:
        read = self.kind.read(value, where, problems)
        try:
            return self.convert(read)
        except ValueError as error:
            raise Invalid(Problem(where, str(error), stage=1)) from None

    def contract(self) -> dict[str, Any]:
        return self.kind.contract()


class Table(NamedTuple):
    """A table of the ``keys`` declared and no others; ``build`` makes the typed value from
    the keys written (as written, hyphens included)."""

    keys: Mapping[str, Kind]
    build: Callable[[dict[str, Any]], Any] = dict
    required: tuple[str, ...] = ()

    def read(self, value: Any, where: Location, problems: list[Problem]) -> Any:
        if not isinstance(value, Mapping):
            raise _wrong_type(value, "object", where)
        unknown = [key for key in value if key not in self.keys]
        if unknown:
            problems.append(Problem(where, f"unknown key {', '.join(unknown)}"
                                           f"{_did_you_mean(unknown, self.keys)}",
                                    at=(*where, unknown[0])))
        missing = [key for key in self.required if key not in value]
        for key in missing:
            problems.append(Problem(where, f"{key!r} is a required property"))
        before = len(problems)
        values: dict[str, Any] = {}
        for key, kind in self.keys.items():
            if key not in value:
                continue
            try:
                values[key] = kind.read(value[key], (*where, key), problems)
            except Invalid as invalid:
                problems.append(invalid.problem)
        if unknown or missing or len(problems) > before:
            # Nothing is built from a table with a problem: the document is refused anyway.
            return None
        return self.build(values)

    def contract(self) -> dict[str, Any]:
        return {"type": "object", "closed": True,
                "properties": {key: kind.contract() for key, kind in self.keys.items()},
                **({"required": sorted(self.required)} if self.required else {})}


# The kinds: what ``ListOf``, ``MapOf`` and ``Table`` hold.
Kind = Text | Flag | Whole | Const | Choice | ListOf | MapOf | Then | Table


def _read_each(kind: Kind, items: Iterable[tuple[Any, Any]], where: Location,
               problems: list[Problem]) -> list[tuple[Any, Any]]:
    """The items read, as (key, value); the problem of each item that cannot be read is
    recorded instead."""
    read = []
    for key, item in items:
        try:
            read.append((key, kind.read(item, (*where, key), problems)))
        except Invalid as invalid:
            problems.append(invalid.problem)
    return read


def _did_you_mean(unexpected: Sequence[str], known: Iterable[str]) -> str:
    """`` (did you mean strategy?)`` for a key one typo away from a known one."""
    if len(unexpected) != 1:
        return ""
    import difflib

    close = difflib.get_close_matches(unexpected[0], list(known), n=1, cutoff=0.75)
    return f" (did you mean {close[0]}?)" if close else ""


def read_document(table: Table, document: Any) -> tuple[Any, list[Problem]]:
    """The typed value of ``document``, or ``None`` and every problem found in it."""
    problems: list[Problem] = []
    try:
        value = table.read(document, (), problems)
    except Invalid as invalid:
        problems.append(invalid.problem)
        value = None
    return (None, problems) if problems else (value, [])


def python_names(values: Mapping[str, Any]) -> dict[str, Any]:
    """Keys as written (``history-since``) as the names of fields (``history_since``)."""
    return {key.replace("-", "_"): value for key, value in values.items()}
