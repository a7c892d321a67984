"""JSON Schema text → ``Schema``: strict JSON, draft detection, meta-schema check, model."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Hashable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from schemalint.allocation import paused_gc
from schemalint.errors import INVALID_SCHEMA as INVALID_SCHEMA
from schemalint.errors import invalid_schema
from schemalint.formats.jsonschema.build import Builder
from schemalint.formats.jsonschema.drafts import (
    DEFAULT_DRAFT,
    draft_of,
    meta_schema_error,
    specification,
)
from schemalint.formats.jsonschema.identity import canonical_string, identity_digest
from schemalint.formats.jsonschema.nodes import Node, is_plain
from schemalint.formats.jsonschema.refs import ExternalFile, JsonRefContext, RefError, RefResolver
from schemalint.formats.jsonschema.view import JsonView
from schemalint.model import Reference, Schema, SchemaType, SourceMapLike
from schemalint.sourcemap import JsonSyntaxError, SourceMap, loads
from schemalint.suppression_key import SUPPRESSION_KEY, strip_suppressions
from schemalint.view import SchemaView
from schemalint.yamlsource import is_yaml_path, load_yaml


@dataclass(frozen=True)
class ParsedJsonSchema:
    """What ``Schema.parsed`` holds for JSON Schema."""

    document: Any
    draft: str
    root: Node
    files: tuple[ExternalFile, ...] = ()
    # The document read from each of ``files``, in their order.
    documents: tuple[Any, ...] = ()
    # The differences found from another version to this one, by that version's model and
    # the policy (see ``compat.diff``), while that model lives: one command may ask for them
    # several times.
    diffs: dict[tuple[int, str], list[Any]] = field(
        default_factory=dict, compare=False, repr=False)


def build_model(document: Any, *, path: str | None = None,
                context: JsonRefContext | None = None,
                default_draft: str = DEFAULT_DRAFT,
                plain: bool | None = None) -> ParsedJsonSchema:
    """The diff's model of an already-parsed document. Raises ``RefError``.

    ``plain``: whether the document is known to hold no ``$ref``, ``not`` or object or array
    ``default`` (None: find out).
    """
    draft = draft_of(document, default_draft)
    resolver = RefResolver(document, specification=partial(specification, draft), path=path,
                           context=context)
    if plain is None:
        plain = is_plain(document)
    # Properties are built lazily, unless a reference may need checking now.
    root = Builder(draft, resolver, plain=plain).build_root(document, has_refs=not plain)
    return ParsedJsonSchema(document, draft, root, tuple(resolver.files.values()),
                            tuple(map(resolver.loaded, resolver.files)))


def parse_text(text: str, *, path: str | None = None, context: JsonRefContext | None = None,
               default_draft: str = DEFAULT_DRAFT, normalize: bool = False,
               validate: bool = True, published: bool = False) -> Schema:
    """Parse ``text`` or raise ``InvalidSchemaError`` with the place of the problem.

    ``published``: a version the registry already holds or held (git history, a registry's
    versions), read as the registry reads it: a duplicate key keeps its last value.

    A ``path`` ending in ``.yaml`` or ``.yml`` is JSON Schema written in YAML: the schema's
    ``text`` is then the JSON it stands for (what the registry is sent), and positions are
    those of the YAML."""
    source: SourceMapLike
    try:
        if is_yaml_path(path):
            document, source, text = _read_yaml(text)
        else:
            document = loads(text, last_duplicate_wins=published)
            source = SourceMap(text, document)
    except JsonSyntaxError as error:
        raise invalid_schema(error.message, path, None, "", error.line, error.column) from None
    if not isinstance(document, (dict, bool)):
        raise invalid_schema("a JSON Schema must be an object or a boolean, not "
                       f"{type(document).__name__}", path, source, "")
    try:
        return _schema(text, document, source, path=path, context=context,
                       default_draft=default_draft, normalize=normalize, validate=validate)
    except RecursionError:
        raise invalid_schema("schema nested too deeply to read", path, None, "", 1, 1) from None


def published_version_key(text: str, *, path: str | None = None,
                          normalize: bool = False) -> str | None:
    """The ``Schema.version_key`` a version already published (git history, a registry's)
    has if it parses, read without checking or modelling it: the text decoded (a duplicate key
    keeps its last value, as ``published`` reads it) and digested.

    For finding the version equal to a schema that parsed: a key equal to that schema's is
    its document, which parses. So the checks ``loads`` makes (nesting depth, lone
    surrogates, NaN), which cost as much again as decoding, are left out: a text that fails
    them has a key no parsed schema has. None where the full parse must say: a text that may
    reference other files (whose versions are in the key), YAML, or one that is no JSON
    object or boolean."""
    if "$ref" in text or is_yaml_path(path):
        return None
    try:
        with paused_gc():
            document = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(document, (dict, bool)):
        return None
    contract = strip_suppressions(document) if SUPPRESSION_KEY in text else document
    return identity_digest(contract, normalize)


def _read_yaml(text: str) -> tuple[Any, SourceMapLike, str]:
    """The document, its positions, and the JSON text it is registered as."""
    if text.lstrip().startswith("{"):
        # JSON is YAML, and a registry's version of a YAML file's subject is JSON.
        try:
            return loads(text), SourceMap(text), text
        except JsonSyntaxError:
            pass
    document, source = load_yaml(text)
    return document, source, canonical_string(document)


def _schema(text: str, document: Any, source: SourceMapLike, *, path: str | None,
            context: JsonRefContext | None, default_draft: str, normalize: bool,
            validate: bool) -> Schema:
    draft = draft_of(document, default_draft)
    # schemalint's inline suppressions are not part of the contract: identity and the diff
    # see the document without them (the rules still read them from ``Schema.document``).
    contract = strip_suppressions(document) if SUPPRESSION_KEY in text else document
    # [None]: not known whether the document is plain (no $ref, not, object defaults).
    plain: list[Any] = [None]
    if validate:
        problem = meta_schema_error(document, draft, plain)
        if problem is not None:
            message, pointer = problem
            place = f" at {pointer}" if pointer else ""
            raise invalid_schema(f"not a valid JSON Schema ({draft}){place}: {message}", path,
                           source, pointer)
    try:
        parsed = build_model(contract, path=path, context=context, default_draft=draft,
                             plain=plain[0])
    except RefError as error:
        raise invalid_schema(error.message, path, source, error.pointer) from None
    schema = _JsonSchema(
        schema_type=SchemaType.JSON, text=text, path=path, document=document, parsed=parsed,
        identity="", source=source,
        name=document.get("title") if isinstance(document, dict)
        and isinstance(document.get("title"), str) else None,
        references=tuple(
            Reference(name=item.ref, subject=reference_subject(item.relative), path=item.relative)
            for item in parsed.files
        ),
    )
    schema.normalize_identity = normalize
    schema.identity = None
    return schema


class _JsonSchema(Schema):
    """A ``Schema`` whose identity (a re-serialisation of the whole document) is computed on
    first use: a compatibility check never needs it."""

    normalize_identity = False

    @property
    def identity(self) -> str:
        value: str | None = self.__dict__.get("_identity")
        if value is None:
            value = canonical_string(self.parsed.document, self.normalize_identity)
            self.__dict__["_identity"] = value
        return value

    @identity.setter
    def identity(self, value: str | None) -> None:
        self.__dict__["_identity"] = value

    def _identity_text(self) -> str:
        text: str | None = self.__dict__.get("_identity")
        if text is None:
            text = canonical_string(self.parsed.document, self.normalize_identity)
        return text

    def _identity_digest(self) -> str:
        # Versions are told apart by a digest of the document, equal exactly when the
        # identity is, written without writing the identity out.
        found: str | None = self.__dict__.get("_identity_digest_value")
        if found is None:
            found = identity_digest(self.parsed.document, self.normalize_identity)
            self.__dict__["_identity_digest_value"] = found
        return found

    def referenced_digests(self) -> tuple[tuple[str, str], ...]:
        # Each file reached through $ref is a subject of its own; its version is its
        # document's compact form, as the registry would hold it.
        parsed: ParsedJsonSchema = self.parsed
        if not parsed.files:
            return ()
        found: tuple[tuple[str, str], ...] | None = self.__dict__.get("_referenced")
        if found is None:
            found = tuple(
                (item.ref, "" if document is None else hashlib.sha256(canonical_string(
                    strip_suppressions(document), self.normalize_identity).encode()).hexdigest())
                for item, document in zip(parsed.files, parsed.documents, strict=True))
            self.__dict__["_referenced"] = found
        return found

    def _identity_hint(self) -> Hashable | None:
        # The registry's form keeps every key (in order, unless normalised): documents whose
        # top-level keys or property names differ are different versions.
        document = self.parsed.document
        if not isinstance(document, dict):
            return None
        properties = document.get("properties")
        names = tuple(properties) if isinstance(properties, dict) else ()
        if self.normalize_identity:
            return frozenset(document), frozenset(names)
        return tuple(document), names

    def _read_view(self) -> SchemaView:
        return SchemaView(JsonView(self.document, self.parsed))


def reference_subject(relative: str) -> str:
    """The subject a referenced JSON Schema file is registered under: its name, no extension."""
    name = relative.rsplit("/", 1)[-1]
    for suffix in (".schema.json", ".json"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name
