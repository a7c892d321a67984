"""JSON Schema replay: instances generated for a version (``generate``), validated under
another with ``jsonschema``'s validator for its draft (``validation``), and judged as its
consumers read them (``judge``). This module is the format's side of
``schemalint.replay.formats.FormatReplay``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import unquote

from schemalint.model import Schema
from schemalint.replay.formats import Break
from schemalint.replay.jsonschema.generate import generate_instances
from schemalint.replay.jsonschema.judge import Meanings, rejection
from schemalint.replay.jsonschema.validation import CONNECT_LOGICAL, JsonVersion
from schemalint.sourcemap import join_pointer, node_at

# Instances per writer version beyond those that meet every edge of every node: seeded
# random ones. The default count is the covering one plus these.
RANDOM_EVENTS = 4

FIX = ("Keep what the old version accepted and the meaning of its formats and encodings; for "
       "a new constraint or meaning, add a new optional property and stop writing the old one.")


def version(schema: Schema, count: int | None, seed: int,
            events: Sequence[Any] | None = None) -> WriterVersion:
    return WriterVersion(JsonVersion(schema), count, seed, events)


class WriterVersion:
    """A version as a writer and a reader: its validator, and the instances it writes, made
    when first asked (``events``, where given, instead of generated ones)."""

    def __init__(self, validation: JsonVersion, count: int | None, seed: int,
                 events: Sequence[Any] | None = None) -> None:
        self.validation = validation
        self._count, self._seed = count, seed
        self._events = events
        self._candidates: list[Any] | None = None
        self._valid: dict[int, bool] = {}

    @property
    def candidates(self) -> list[Any]:
        """The instances generated for this version (or given), not yet validated under
        it: replay validates only those a reader does not read as written."""
        if self._candidates is None:
            self._candidates = list(self._events) if self._events is not None else \
                generate_instances((self.validation.document, self.validation.resolver),
                                   self._count, self._seed, RANDOM_EVENTS)
        return self._candidates

    def writes(self, position: int) -> bool:
        """Whether the candidate at ``position`` is valid under this version (events given
        were written: they are)."""
        if self._events is not None:
            return True
        valid = self._valid.get(position)
        if valid is None:
            valid = self._valid[position] = self.validation.accepts(self.candidates[position])
        return valid

    @property
    def written(self) -> list[Any]:
        """The instances this version writes: every one valid under it."""
        return [instance for position, instance in enumerate(self.candidates)
                if self.writes(position)]


def reads_as_written(writer: WriterVersion, reader: WriterVersion) -> bool:
    """Whether the schemas alone prove every instance reads as written: one draft, the
    files they reference alike, and documents alike but for annotations and properties one
    side declares where the other cannot hold them otherwise (see ``_alike``). Most versions
    of a history differ so (optional properties added and removed)."""
    written, read = writer.validation, reader.validation
    return (written.draft == read.draft and written.files == read.files and
            _alike(written.document, read.document))


# Keywords no validator asserts and no reader's code reads a value by.
_NOTES = frozenset({"title", "description", "$comment", "examples"})


def _alike(written: Any, read: Any) -> bool:
    """Whether every instance valid under ``written`` is valid under ``read`` and read by the
    same keywords: equal but for annotations and for properties declared on one side only,
    where the other side holds no such name otherwise (a closed writer never writes it; an
    open reader reads it by no keyword) or holds it under the very same schema
    (``additionalProperties``)."""
    if written == read:
        return True
    if not isinstance(written, dict) or not isinstance(read, dict):
        return False
    for key in (written.keys() | read.keys()) - _NOTES - {"properties"}:
        if key not in written or key not in read or written[key] != read[key]:
            return False
    if _connect_title(written) != _connect_title(read):
        return False  # a Kafka Connect logical type, named in the title
    declared, declaring = written.get("properties", {}), read.get("properties", {})
    if not isinstance(declared, dict) or not isinstance(declaring, dict):
        return False
    for name in declared.keys() | declaring.keys():
        if name in declared and name in declaring:
            if not _alike(declared[name], declaring[name]):
                return False
        elif name in declaring:  # the reader's alone: the writer wrote it only as an extra
            if name in (read.get("required") or ()) or not _extra_as(written, declaring[name],
                                                                    closed_is_safe=True):
                return False
        elif not _extra_as(read, declared[name], closed_is_safe=False):
            return False  # the writer's alone: the reader reads it only as an extra
    return True


def _connect_title(node: dict[str, Any]) -> str | None:
    title = node.get("title")
    return title if isinstance(title, str) and title.startswith(CONNECT_LOGICAL) else None


def _extra_as(node: dict[str, Any], schema: Any, *, closed_is_safe: bool) -> bool:
    """Whether a property ``node`` does not declare is held as ``schema`` holds it: under an
    equal ``additionalProperties``, or (a writer) not at all, or (a reader) by no keyword."""
    if "patternProperties" in node or "unevaluatedProperties" in node:
        return False
    additional = node.get("additionalProperties", True)
    if additional == schema:
        return True
    if additional is False:
        return closed_is_safe
    return additional in (True, {}) and not closed_is_safe


def first_breaks(writer: WriterVersion, reader: WriterVersion) -> Iterator[Break]:
    """The first break of each field path and code, over the instances ``writer`` writes."""
    meanings = Meanings(writer.validation, reader.validation)
    weighed = meanings.may_differ()
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for position, instance in enumerate(writer.candidates):
        error = reader.validation.first_error(instance)
        if error is not None:
            found: Break | None = rejection(instance, error)
        else:
            found = meanings.first_change(instance) if weighed else None
        # Most instances read as written: only those that do not are validated under
        # their writer, and count where it wrote them.
        if found is not None and (found.code, found.path) not in seen and \
                writer.writes(position):
            seen.add((found.code, found.path))
            yield found._replace(event=position)


def field_pointer(schema: Schema, path: Sequence[str]) -> str:
    """The JSON pointer of the deepest property of ``path`` the document declares (through
    local ``$ref``s and the branches of ``allOf``, ``oneOf`` and ``anyOf``)."""
    document = schema.document
    pointer, found = "", ""
    for step in path:
        located = _declaring(document, pointer, step)
        if located is None:
            break
        pointer = located
        if step != "[]":
            found = pointer
    return found


def _declaring(document: Any, pointer: str, step: str) -> str | None:
    """Where the schema at ``pointer`` declares ``step`` (a property, or ``[]`` its
    items), searching the schemas it joins, the first that does."""
    pending, seen = [pointer], set()
    while pending:
        at = pending.pop(0)
        node = node_at(document, at)
        if at in seen or not isinstance(node, dict):
            continue
        seen.add(at)
        if step == "[]":
            for keyword in ("items", "additionalItems", "prefixItems"):
                if isinstance(node.get(keyword), dict):
                    return join_pointer(at, keyword)
        elif isinstance(node.get("properties"), dict) and step in node["properties"]:
            return join_pointer(at, "properties", step)
        reference = node.get("$ref")
        if isinstance(reference, str) and reference.startswith("#"):
            pending.append(unquote(reference[1:]))
        for keyword in ("allOf", "oneOf", "anyOf"):
            branches = node.get(keyword)
            if isinstance(branches, list):
                pending.extend(join_pointer(at, keyword, index)
                               for index in range(len(branches)))
    return None
