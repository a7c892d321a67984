"""Schemas as the registry sees them: parsed by schemalint's engines, with references resolved.

The registry never decides what a schema means; the format engines do. This module turns a
request's text, type and references into a parsed ``Schema`` and the fingerprint that decides
whether two registrations are the same schema (Confluent hashes the canonical form with the
references, metadata and rule set).

Avro and JSON Schema are stored in their canonical form, as Confluent stores them. Protobuf is
stored as submitted (a base64 descriptor printed as .proto text first): Confluent prints its
own canonical .proto text, while schemalint's Protobuf identity is a descriptor dump that is
no .proto file, so it only decides what is the same schema (whitespace, comments and the
spelling of type names do not count).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
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

SUPPORTED_TYPES = ("AVRO", "JSON", "PROTOBUF")
# A digit then a point or an exponent: the text may hold a number the engine reads as a double.
_MAY_HOLD_FRACTION = re.compile(r"[0-9][.eE]")
_CACHE_SIZE = 2048


# How far a JSON reference's name may climb above the referring document's folder.
_MAX_CLIMB = 32


@dataclass(frozen=True)
class Parsed:
    """A parsed request schema and what identifies it."""

    schema: Schema
    schema_type: str
    canonical: str  # what identifies it
    references: list[dict[str, Any]]
    stored: str  # the text kept and served back


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
        if schema_type not in SUPPORTED_TYPES:
            raise errors.invalid_schema(f"Invalid schema type {schema_type}")

    def parse_request(self, text: str, schema_type: str, references: list[dict[str, Any]],
                      *, normalize: bool) -> Parsed:
        self.check_type(schema_type)
        resolved = self.resolve_references(references)
        if schema_type == "PROTOBUF":
            _require_protobuf()
            if _is_serialized_descriptor(text):
                text = _printed(text)
        try:
            schema = self._parse(text, schema_type, resolved, normalize=normalize)
        except InvalidSchemaError as exc:
            details = exc.message
            if schema_type == "PROTOBUF" and exc.line is not None:
                details += f" (line {exc.line}, column {exc.column})"
            raise errors.invalid_schema(
                f"Invalid schema of type {schema_type}, details: {details}") from None
        except (ValueError, TypeError, KeyError, RecursionError) as exc:
            # An engine that trips over odd input still owes the client a 42201, not a 500.
            log.exception("parsing a %s schema failed", schema_type)
            raise errors.invalid_schema(
                f"Invalid schema of type {schema_type}, details: {exc}") from None
        canonical = schema.identity
        if schema_type == "JSON":
            canonical = _with_exact_numbers(canonical, text, normalize)
        stored = text if schema_type == "PROTOBUF" else canonical
        return Parsed(schema, schema_type, canonical, resolved, stored)

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
        if schema_type == "PROTOBUF":
            return self._parse_proto(text, references)
        resolver = References([(ref["name"], self._referenced(ref)) for ref in references]) \
            if references else None
        return parse_schema(text, SchemaType(schema_type), path="<request>", resolver=resolver)

    def _parse_proto(self, text: str, references: list[dict[str, Any]]) -> Schema:
        _require_protobuf()
        from schemalint.formats.protobuf import ENGINE as PROTOBUF_ENGINE
        from schemalint.formats.protobuf import ProtoContext

        files = self._proto_files(references)
        main = "schema.proto"
        while main in files:
            main = f"_{main}"
        # Imports resolve only from the references (and the files every registry knows),
        # never from the server's working directory.
        context = ProtoContext(include=(), files=files)
        return PROTOBUF_ENGINE.parse(text, path=main, resolver=context)

    def _proto_files(self, references: list[dict[str, Any]]) -> dict[str, str]:
        """Import name → stored text of every referenced version, references of references
        included; the first text found for a name wins, as the nearest reference."""
        files: dict[str, str] = {}
        pending = list(references)
        seen: set[tuple[str, int]] = set()
        while pending:
            ref = pending.pop(0)
            key = (ref["subject"], ref["version"])
            if key in seen:
                continue
            seen.add(key)
            row = self.store.version(*key)
            content = self.store.content(row.schema_id) if row is not None else None
            if content is None:
                raise errors.store_error(f"Referenced subject '{key[0]}' version {key[1]} "
                                         "is missing from the store")
            if not _is_import_path(ref["name"]):
                # The name becomes a file path while compiling: nothing may escape the folder.
                raise errors.invalid_schema(
                    f"Invalid schema: reference name '{ref['name']}' is not a relative import "
                    "path")
            files.setdefault(ref["name"], content.schema)
            pending.extend(content.references)
        return files

    def _referenced(self, ref: dict[str, Any]) -> Schema:
        row = self.store.version(ref["subject"], ref["version"])
        if row is None:
            raise errors.store_error(f"Referenced subject '{ref['subject']}' version "
                                     f"{ref['version']} is missing from the store")
        return self.stored(row.schema_id)

    def _json_documents(self, folder: Path, references: list[dict[str, Any]],
                        document_id: str | None) -> tuple[JsonRefContext | None, str]:
        """Referenced JSON documents written where the engine's ``$ref`` resolution finds them:
        a relative name beside the document, an absolute URL through the ref map.

        A relative name may climb out of the referring file's folder, as a repository's files
        name each other (``../common/address.json``): the document is written as deep in the
        folder as its names climb, so that each lands inside it."""
        from schemalint.formats.jsonschema import JsonRefContext

        found: list[tuple[str, str]] = []
        pending = list(references)
        seen: set[tuple[str, int]] = set()
        names: set[str] = set()
        while pending:
            ref = pending.pop()
            key = (ref["subject"], ref["version"])
            row = self.store.version(*key)
            if row is None or (key in seen and ref["name"] in names):
                continue
            seen.add(key)
            content = self.store.content(row.schema_id)
            if content is None:
                continue
            names.add(ref["name"])
            found.append((ref["name"], content.schema))
            pending.extend(content.references)
        if not found:
            return None, "<request>"
        climb = max((PurePosixPath(name).parts.count("..") for name, _ in found
                     if not urlparse(name).scheme), default=0)
        document = folder.joinpath(*(["in"] * min(climb, _MAX_CLIMB)), "document.json")
        ref_map: dict[str, str] = {}
        for name, text in found:
            stored = f"refs/{len(ref_map)}.json"
            target = folder / stored
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            ref_map[name] = stored
            if document_id and urlparse(document_id).scheme:
                ref_map.setdefault(urljoin(document_id, name), stored)
            if not urlparse(name).scheme:
                local = (document.parent / name).resolve()
                if local.is_relative_to(folder.resolve()) and local != document.resolve():
                    local.parent.mkdir(parents=True, exist_ok=True)
                    local.write_text(text, encoding="utf-8")
        document.parent.mkdir(parents=True, exist_ok=True)
        return JsonRefContext(root=folder, ref_map=ref_map), str(document)

    def stored(self, schema_id: int) -> Schema:
        """The parsed schema stored under ``schema_id``.

        Avro references resolve through this cache: the schemas a schema references are
        parsed first, deepest first, so that a chain of references hundreds deep is parsed
        in a loop, not by recursion (which a restart, emptying the cache, would need)."""
        cached = self._by_id.get(schema_id)
        if cached is not None:
            self._by_id.move_to_end(schema_id)
            return cached
        for referenced in self._unparsed_references(schema_id):
            self._parse_stored(referenced)
        return self._parse_stored(schema_id)

    def _unparsed_references(self, schema_id: int) -> list[int]:
        """Ids of the stored schemas ``schema_id`` references, transitively, that are not
        parsed yet: each after every schema it references."""
        order: list[int] = []
        placed: set[int] = {schema_id}
        stack: list[tuple[int, bool]] = [(schema_id, False)]
        while stack:
            current, expanded = stack.pop()
            if expanded:
                if current != schema_id:
                    order.append(current)
                continue
            stack.append((current, True))
            content = self.store.content(current)
            for ref in content.references if content is not None else ():
                row = self.store.version(ref["subject"], ref["version"])
                if row is not None and row.schema_id not in placed \
                        and row.schema_id not in self._by_id:
                    placed.add(row.schema_id)
                    stack.append((row.schema_id, False))
        return order

    def _parse_stored(self, schema_id: int) -> Schema:
        cached = self._by_id.get(schema_id)
        if cached is not None:
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


def _require_protobuf() -> None:
    try:
        import google.protobuf  # noqa: F401
        import grpc_tools  # type: ignore[import-untyped]  # noqa: F401
    except ImportError as error:
        from schemalint.optional import missing_part

        raise errors.invalid_schema(
            f"Invalid schema type PROTOBUF: {missing_part(error) or error}") from None


def _printed(text: str) -> str:
    """.proto text for a base64 ``FileDescriptorProto``, as client serializers register it."""
    from google.protobuf.message import DecodeError

    from schemalint.registry.server.proto_text import (
        UnprintableDescriptor,
        decode_descriptor,
        print_proto,
    )

    descriptor = decode_descriptor(text)
    if descriptor is None:
        raise errors.invalid_schema("Invalid schema of type PROTOBUF, details: neither .proto "
                                    "text nor a base64-encoded FileDescriptorProto")
    try:
        return print_proto(descriptor)
    except (UnprintableDescriptor, LookupError, TypeError, DecodeError) as exc:
        raise errors.invalid_schema(
            f"Invalid schema of type PROTOBUF, details: the serialized descriptor cannot be "
            f"printed as .proto text: {exc}") from None


def _with_exact_numbers(identity: str, text: str, normalize: bool) -> str:
    """The engine's canonical JSON Schema text with its numbers as written, as Confluent
    keeps them (the engine reads them as doubles: ``1e400`` would become ``Infinity``).

    Where the two differ by more than how numbers are written (the engine leaves out
    schemalint's own suppression comments), the engine's text stands."""
    from schemalint.registry.server.exact_json import exact_canonical

    if not _MAY_HOLD_FRACTION.search(text):
        return identity
    exact = exact_canonical(text, sort_keys=normalize)
    if exact == identity or json.loads(exact) == json.loads(identity):
        return exact
    return identity


def _is_serialized_descriptor(text: str) -> bool:
    """Whether ``text`` is base64 (what client serializers auto-register), not .proto text."""
    stripped = text.strip()
    return bool(stripped) and re.fullmatch(r"[A-Za-z0-9+/]+={0,2}", stripped) is not None \
        and len(stripped) % 4 == 0


def _is_import_path(name: str) -> bool:
    """A path protoc accepts in ``import``: relative, ``/``-separated, no ``.`` or ``..``."""
    parts = name.split("/")
    return bool(name) and "\\" not in name and "\0" not in name and \
        all(part not in ("", ".", "..") for part in parts)


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
