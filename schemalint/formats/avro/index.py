"""Named types across files: which file defines which full name, parsed when first needed.

A referenced file is its own subject named by its full name, as Confluent's serializers
register references. Building the index reads each file's JSON and follows only names and
namespaces; a file is parsed in full only when another one needs a type from it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from schemalint.errors import InvalidSchemaError
from schemalint.formats.avro.names import full_name, split_name
from schemalint.model import Schema
from schemalint.regexes import lazy_compile
from schemalint.sourcemap import without_comments

_VERSION = lazy_compile(r"\.v(\d+)\.[^.]+\Z")


def defined_names(document: Any) -> list[tuple[str, bool]]:
    """The full names a JSON document defines, each with whether it is the top-level type."""
    found: list[tuple[str, bool]] = []
    stack: list[tuple[Any, str | None, bool]] = [(document, None, True)]
    while stack:
        value, namespace, top = stack.pop()
        if isinstance(value, list):
            stack.extend((item, namespace, False) for item in reversed(value))
            continue
        if not isinstance(value, dict):
            continue
        kind = value.get("type")
        if kind in ("record", "error", "enum", "fixed") and isinstance(value.get("name"), str):
            space = value.get("namespace")
            name, space = split_name(value["name"],
                                     space if isinstance(space, str) else namespace)
            found.append((full_name(name, space), top))
            namespace = space
            for field in value.get("fields") or ():
                if isinstance(field, dict):
                    stack.append((field.get("type"), namespace, False))
        elif isinstance(kind, (dict, list)):
            stack.append((kind, namespace, False))
        else:
            stack.extend((value.get(key), namespace, False) for key in ("items", "values"))
    return found


def _preference(path: str, top: bool, order: int) -> tuple[int, int, int]:
    # The newest versioned file (name.v3.avsc) wins, and a top-level definition over one
    # nested in another type.
    match = _VERSION.search(path)
    return (-(int(match.group(1)) if match else 0), 0 if top else 1, order)


class AvroNameIndex:
    """Resolves Avro named types across files: a ``SchemaResolver`` for Avro."""

    def __init__(self, files: Iterable[tuple[str, str]]) -> None:
        self._texts: dict[str, str] = {}
        candidates: dict[str, list[tuple[tuple[int, int, int], str]]] = {}
        for order, (path, text) in enumerate(files):
            self._texts[path] = text
            try:
                document = json.loads(without_comments(text))
            except ValueError:
                continue
            for name, top in defined_names(document):
                candidates.setdefault(name, []).append((_preference(path, top, order), path))
        self._definers = {name: [path for _, path in sorted(options)]
                          for name, options in candidates.items()}
        self._parsed: dict[str, Schema | InvalidSchemaError] = {}
        self._in_progress: set[str] = set()

    def paths_defining(self, full_name: str) -> list[str]:
        """The files that define ``full_name``, the one used for references first."""
        return list(self._definers.get(full_name, ()))

    def parse(self, path: str) -> Schema:
        """Parse one file of the index, resolving its references through the index."""
        cached = self._parsed.get(path)
        if isinstance(cached, InvalidSchemaError):
            raise cached
        if cached is not None:
            return cached
        from schemalint.formats.avro import ENGINE

        if path not in self._texts:
            raise ValueError(f"{path} is not one of the indexed schema files")
        self._in_progress.add(path)
        try:
            schema = ENGINE.parse(self._texts[path], path=path, resolver=self)
        except InvalidSchemaError as error:
            self._parsed[path] = error
            raise
        finally:
            self._in_progress.discard(path)
        self._parsed[path] = schema
        return schema

    def avro_named_type(self, full_name: str) -> Schema | None:
        paths = self._definers.get(full_name)
        if not paths or paths[0] in self._in_progress:
            # Unknown, or a cycle of files referring to each other: Confluent cannot
            # register either, so the type stays undefined.
            return None
        return self.parse(paths[0])
