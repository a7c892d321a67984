"""Schemas as the registry sees them: parsed by schemalint's engines, with references resolved.

The registry never decides what a schema means; the format engines do. This module turns a
request's text, type and references into a parsed ``Schema`` and the fingerprint that decides
whether two registrations are the same schema (Confluent hashes the canonical form with the
references, metadata and rule set).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlparse

from schemalint.api import parse_schema
from schemalint.errors import InvalidSchemaError
from schemalint.model import Schema, SchemaType
from schemalint.registry.server import errors, subjects
from schemalint.registry.server.store import Store

if TYPE_CHECKING:
    from schemalint.formats.jsonschema import JsonRefContext

log = logging.getLogger("schemalint.registry.server")

SUPPORTED_TYPES = ("AVRO", "JSON")
_CACHE_SIZE = 2048


@dataclass(frozen=True)
class Parsed:
    """A parsed request schema and what identifies it."""

    schema: Schema
    schema_type: str
    canonical: str
    references: list[dict[str, Any]]


class References:
    """The schemas a schema's ``references`` point at, for the engines' resolvers."""

    def __init__(self, named: list[tuple[str, Schema]]) -> None:
        self._named = named

    def avro_named_type(self, full_name: str) -> Schema | None:
        """The referenced schema that defines ``full_name``, itself or nested inside it."""
        for name, schema in self._named:
            if name == full_name or schema.name == full_name:
                return schema
        for _, schema in self._named:
            tree = schema.parsed
            if full_name in getattr(tree, "named", {}) or full_name in getattr(tree, "external",
                                                                               {}):
                return schema
        return None


class Parser:
    """Parses schemas for one store, caching stored schemas by id (contents never change)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._by_id: OrderedDict[int, Schema] = OrderedDict()

    def check_type(self, schema_type: str) -> None:
        if schema_type == "PROTOBUF":
            raise errors.invalid_schema(
                "Invalid schema type PROTOBUF: Protobuf support is not available in this "
                "registry yet; register AVRO or JSON schemas")
        if schema_type not in SUPPORTED_TYPES:
            raise errors.invalid_schema(f"Invalid schema type {schema_type}")

    def parse_request(self, text: str, schema_type: str, references: list[dict[str, Any]],
                      *, normalize: bool) -> Parsed:
        self.check_type(schema_type)
        resolved = self.resolve_references(references)
        try:
            schema = self._parse(text, schema_type, resolved, normalize=normalize)
        except InvalidSchemaError as exc:
            raise errors.invalid_schema(
                f"Invalid schema of type {schema_type}, details: {exc.message}") from None
        except (ValueError, TypeError, KeyError, RecursionError) as exc:
            # An engine that trips over odd input still owes the client a 42201, not a 500.
            log.exception("parsing a %s schema failed", schema_type)
            raise errors.invalid_schema(
                f"Invalid schema of type {schema_type}, details: {exc}") from None
        return Parsed(schema, schema_type, schema.identity, resolved)

    def resolve_references(self, references: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """References with ``-1``/latest replaced by the version it means; 42201 when missing."""
        resolved = []
        for ref in references:
            subject, version = subjects.normalize(ref["subject"]), ref["version"]
            if version == -1:
                live = [v for v in self.store.versions(subject) if not v.deleted]
                row = live[-1] if live else None
            else:
                row = self.store.version(subject, version)
            if row is None:
                raise errors.invalid_schema(
                    f"Invalid schema: reference '{ref['name']}' to subject '{subject}' "
                    f"version {version} does not exist")
            resolved.append({"name": ref["name"], "subject": subject, "version": row.version})
        return resolved

    def _parse(self, text: str, schema_type: str, references: list[dict[str, Any]], *,
               normalize: bool) -> Schema:
        if schema_type == "JSON":
            from schemalint.formats.jsonschema import ENGINE as JSON_ENGINE

            if not references:
                return JSON_ENGINE.parse(text, path="<request>", normalize=normalize)
            with TemporaryDirectory(prefix="schemalint-registry-") as folder:
                context, path = self._json_documents(Path(folder), references, _json_id(text))
                return JSON_ENGINE.parse(text, path=path, resolver=context, normalize=normalize)
        resolver = References([(ref["name"], self._referenced(ref)) for ref in references]) \
            if references else None
        return parse_schema(text, SchemaType(schema_type), path="<request>", resolver=resolver)

    def _referenced(self, ref: dict[str, Any]) -> Schema:
        row = self.store.version(ref["subject"], ref["version"])
        if row is None:
            raise errors.store_error(f"Referenced subject '{ref['subject']}' version "
                                     f"{ref['version']} is missing from the store")
        return self.stored(row.schema_id)

    def _json_documents(self, folder: Path, references: list[dict[str, Any]],
                        document_id: str | None) -> tuple[JsonRefContext | None, str]:
        """Referenced JSON documents written where the engine's ``$ref`` resolution finds them:
        a relative name beside the document, an absolute URL through the ref map."""
        from schemalint.formats.jsonschema import JsonRefContext

        document = folder / "document.json"
        ref_map: dict[str, str] = {}
        pending = list(references)
        seen: set[tuple[str, int]] = set()
        while pending:
            ref = pending.pop()
            key = (ref["subject"], ref["version"])
            row = self.store.version(*key)
            if row is None or (key in seen and ref["name"] in ref_map):
                continue
            seen.add(key)
            content = self.store.content(row.schema_id)
            if content is None:
                continue
            name = ref["name"]
            stored = f"refs/{len(ref_map)}.json"
            target = folder / stored
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content.schema, encoding="utf-8")
            ref_map[name] = stored
            if document_id and urlparse(document_id).scheme:
                ref_map.setdefault(urljoin(document_id, name), stored)
            if not urlparse(name).scheme:
                local = (folder / name).resolve()
                if local.is_relative_to(folder.resolve()) and local != document.resolve():
                    local.parent.mkdir(parents=True, exist_ok=True)
                    local.write_text(content.schema, encoding="utf-8")
            pending.extend(content.references)
        if not ref_map:
            return None, "<request>"
        return JsonRefContext(root=folder, ref_map=ref_map), str(document)

    def stored(self, schema_id: int) -> Schema:
        """The parsed schema stored under ``schema_id``."""
        cached = self._by_id.get(schema_id)
        if cached is not None:
            self._by_id.move_to_end(schema_id)
            return cached
        content = self.store.content(schema_id)
        if content is None:
            raise errors.store_error(f"Schema {schema_id} is missing from the store")
        try:
            schema = self._parse(content.schema, content.schema_type, content.references,
                                 normalize=False)
        except InvalidSchemaError as exc:
            raise errors.store_error(
                f"Stored schema {content.id} no longer parses: {exc.message}") from None
        self._by_id[schema_id] = schema
        if len(self._by_id) > _CACHE_SIZE:
            self._by_id.popitem(last=False)
        return schema


def _json_id(text: str) -> str | None:
    try:
        document = json.loads(text)
    except ValueError:
        return None
    value = document.get("$id", document.get("id")) if isinstance(document, dict) else None
    return value if isinstance(value, str) else None


def fingerprint(schema_type: str, canonical: str, references: list[dict[str, Any]],
                metadata: Any, rule_set: Any) -> str:
    key = json.dumps([schema_type, canonical, references, metadata, rule_set],
                     sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(key.encode()).hexdigest()
