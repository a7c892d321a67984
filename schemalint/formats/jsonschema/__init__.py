"""JSON Schema: parsing, identity and compatibility with Confluent's difference semantics.

Public API:

- ``ENGINE``: the ``FormatEngine`` for ``SchemaType.JSON``. ``ENGINE.parse`` takes a
  ``JsonRefContext`` (repository root and ``[json] ref-map``) as its ``resolver`` to follow
  ``$ref`` to other files, and ``default_draft``/``normalize`` keywords.
- ``diff(original, update, policy="STRICT")``: Confluent's typed differences.
- ``is_compatible(differences, policy="STRICT")``.
- ``canonical_string(document, normalize=False)``: the identity of a schema text.
- ``looks_like_json_schema(path, document)``: whether a file is JSON Schema by its own signs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from schemalint.formats import SchemaResolver
from schemalint.formats.jsonschema.compat import diff, incompatibilities, reads
from schemalint.formats.jsonschema.difference import (
    ALL_TYPES,
    COMPATIBLE_LENIENT,
    COMPATIBLE_STRICT,
    LENIENT,
    STRICT,
    Difference,
    compatible_set,
    is_compatible,
)
from schemalint.formats.jsonschema.drafts import DEFAULT_DRAFT, DRAFTS, parse_draft
from schemalint.formats.jsonschema.identity import canonical_string
from schemalint.formats.jsonschema.messages import describe
from schemalint.formats.jsonschema.parse import INVALID_SCHEMA, ParsedJsonSchema, parse_text
from schemalint.formats.jsonschema.refs import JsonRefContext
from schemalint.model import Change, Incompatibility, Schema, SchemaType

__all__ = [
    "ALL_TYPES",
    "COMPATIBLE_LENIENT",
    "COMPATIBLE_STRICT",
    "DEFAULT_DRAFT",
    "DRAFTS",
    "ENGINE",
    "INVALID_SCHEMA",
    "LENIENT",
    "STRICT",
    "Difference",
    "JsonRefContext",
    "JsonSchemaEngine",
    "ParsedJsonSchema",
    "canonical_string",
    "compatible_set",
    "diff",
    "is_compatible",
    "looks_like_json_schema",
]


def looks_like_json_schema(path: str | None, document: Any = None) -> bool:
    """A file is JSON Schema when its name ends in ``.schema.json`` or it declares ``$schema``.

    (Configuration can say so for other files; that is the caller's to apply.)
    """
    if path is not None and path.endswith(".schema.json"):
        return True
    return isinstance(document, dict) and isinstance(document.get("$schema"), str)


@dataclass(frozen=True)
class JsonSchemaEngine:
    """The JSON Schema format engine. ``default_draft`` applies when ``$schema`` is absent."""

    default_draft: str = DEFAULT_DRAFT
    normalize: bool = False
    schema_type: SchemaType = SchemaType.JSON

    def parse(self, text: str, *, path: str | None = None,
              resolver: SchemaResolver | JsonRefContext | None = None,
              default_draft: str | None = None, normalize: bool | None = None,
              published: bool = False) -> Schema:
        context = resolver if isinstance(resolver, JsonRefContext) else None
        draft = parse_draft(default_draft) if default_draft else self.default_draft
        return parse_text(text, path=path, context=context, default_draft=draft,
                          normalize=self.normalize if normalize is None else normalize,
                          published=published)

    def incompatibilities(self, reader: Schema, writer: Schema, *,
                          policy: str = STRICT) -> Sequence[Incompatibility]:
        return incompatibilities(reader, writer, policy=policy)

    def reads(self, reader: Schema, writer: Schema, *, policy: str = STRICT) -> bool:
        return reads(reader, writer, policy=policy)

    def describe(self, incompatibility: Incompatibility, *, backward: bool,
                 against: str) -> str:
        return describe(incompatibility, backward=backward, against=against)

    def changes(self, old: Schema, new: Schema, *, policy: str = "STRICT") -> Sequence[Change]:
        from schemalint.formats.jsonschema.changes import changes

        return changes(old, new, policy)


ENGINE = JsonSchemaEngine()
