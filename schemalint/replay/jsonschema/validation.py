"""A JSON Schema version as consumers validate with it: ``jsonschema``'s validator for the
draft the schema declares, asserting the formats that draft's checker knows (as Confluent's
validating deserializers do), every ``$ref`` resolved through one ``referencing`` registry
that holds the document and the files it references. Patterns run through
``schemalint.patterns``, bounded in time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Any

from schemalint.formats.jsonschema.drafts import specification, validator_class
from schemalint.formats.jsonschema.parse import ParsedJsonSchema
from schemalint.model import Schema
from schemalint.patterns import Budget, PatternTooSlow, bounded_validator

# The keywords a reader's code reads a string's meaning by (``judge``).
MEANING_KEYWORDS = ("format", "contentEncoding", "contentMediaType")
# Kafka Connect's JSON Schema converter names a logical type in ``title``: an integer read
# as days, milliseconds since the epoch or of the day.
CONNECT_LOGICAL = "org.apache.kafka.connect.data."
# Where the document stands when no file path places it (its own ``$id`` still applies).
_BASE = "urn:schemalint:replay"


class JsonVersion:
    """One version's validator, and the resolver its ``$ref``s are followed with."""

    def __init__(self, schema: Schema) -> None:
        import referencing
        from jsonschema_specifications import REGISTRY as SPECIFICATIONS  # type: ignore[import-untyped]

        parsed: ParsedJsonSchema = schema.parsed
        self.schema = schema
        self.document = parsed.document
        self.draft = parsed.draft
        self.files = parsed.documents
        spec = specification(parsed.draft)
        base = _base_uri(schema, parsed)
        resources = [(base, spec.create_resource(parsed.document)),
                     *((file.uri, spec.create_resource(document))
                       for file, document in zip(parsed.files, parsed.documents,
                                                 strict=True))]
        registry: referencing.Registry[Any] = referencing.Registry().with_resources(resources)
        self.registry = registry.combine(SPECIFICATIONS)
        self.resolver = self.registry.resolver(base)
        cls = validator_class(parsed.draft)
        # A document that references other files is reached through a reference to where
        # it stands, so that its references resolve as they did when it was parsed.
        entry = {"$schema": cls.META_SCHEMA["$schema"], "$ref": base} if parsed.files \
            else parsed.document
        self.validator = bounded_validator(cls, parsed.document)(
            entry, registry=self.registry, format_checker=cls.FORMAT_CHECKER)
        self._budget = Budget()

    @cached_property
    def meaning_sites(self) -> frozenset[tuple[tuple[str, ...], str, str]] | None:
        """Where the document names a format, a content keyword or a Kafka Connect logical
        type: (the keys leading there, the keyword, its value); None where a ``$ref`` may
        bring more from elsewhere."""
        found: set[tuple[tuple[str, ...], str, str]] = set()
        pending: list[tuple[tuple[str, ...], Any]] = [((), self.document)]
        while pending:
            keys, node = pending.pop()
            if isinstance(node, list):
                pending.extend(((*keys, str(position)), item)
                               for position, item in enumerate(node))
            elif isinstance(node, dict):
                if "$ref" in node or "$dynamicRef" in node or "$recursiveRef" in node:
                    return None
                for key, value in node.items():
                    if isinstance(value, str) and (key in MEANING_KEYWORDS or (
                            key == "title" and value.startswith(CONNECT_LOGICAL))):
                        found.add((keys, key, value))
                    elif key not in ("enum", "const", "default", "examples"):
                        pending.append(((*keys, key), value))
        return frozenset(found)

    @contextmanager
    def patterns(self) -> Iterator[None]:
        """Every pattern this version evaluates shares one time budget."""
        with self._budget.running():
            yield

    def accepts(self, instance: Any) -> bool:
        """Whether the instance is valid; False where a pattern is too slow to decide or the
        schema's references loop without end."""
        try:
            with self.patterns():
                return bool(self.validator.is_valid(instance))
        except PatternTooSlow:
            return False
        except BaseException as error:
            if not _endless(error):
                raise
            return False

    def first_error(self, instance: Any) -> Any | None:
        """The most relevant error validating the instance (jsonschema's ``best_match``),
        None where it is valid, a pattern is too slow to decide or the schema's references
        loop without end (no validator decides then)."""
        from jsonschema.exceptions import best_match

        try:
            with self.patterns():
                return best_match(self.validator.iter_errors(instance))
        except PatternTooSlow:
            return None
        except BaseException as error:
            if not _endless(error):
                raise
            return None

    def valid_under(self, node: Any, resolver: Any, instance: Any) -> bool:
        """Whether the instance is valid under ``node``, a subschema of this version reached
        with ``resolver``."""
        try:
            with self.patterns():
                return bool(self.validator.evolve(schema=node, _resolver=resolver)
                            .is_valid(instance))
        except BaseException as error:  # an unresolvable reference, a pattern too slow …
            if not isinstance(error, Exception) and not _endless(error):
                raise
            return False  # … or references without end: not shown valid


def _base_uri(schema: Schema, parsed: ParsedJsonSchema) -> str:
    """The URI the document was parsed at: its file's, where it references other files (their
    URIs were resolved from it), else one of its own."""
    for file in parsed.files:
        whole, relative = str(file.path), file.relative
        if schema.path and relative and whole.endswith(relative):
            root = Path(whole[:len(whole) - len(relative)])
            location = Path(schema.path)
            return (location if location.is_absolute() else root / location).resolve().as_uri()
    return _BASE


def _endless(error: BaseException) -> bool:
    """A validation that recursed without end (``$ref``s that lead back to themselves):
    Python's RecursionError, or the panic ``rpds`` (the maps under ``referencing``) raises,
    not an Exception, when the limit is reached inside it."""
    return isinstance(error, RecursionError) or type(error).__name__ == "PanicException"
