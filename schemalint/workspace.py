"""The project's schema files as they are now: read on demand, parsed as configured."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urldefrag, urljoin

from schemalint.api import parse_schema
from schemalint.config import Config
from schemalint.formats import SchemaResolver
from schemalint.model import Schema, SchemaType
from schemalint.sources.files import JSON_SCHEMA_SUFFIXES, content_decides_type, document_of

if TYPE_CHECKING:
    from schemalint.formats.jsonschema.refs import FileReader

__all__ = ["LazyAvroIndex", "LazyTexts", "content_decides_type", "parse_with_config"]


def parse_with_config(config: Config, text: str, schema_type: SchemaType, path: str | None,
                      avro_resolver: Callable[[], SchemaResolver] | None = None,
                      imports: Mapping[str, str] | None = None,
                      json_ids: JsonIdIndex | None = None,
                      json_files: FileReader | None = None, published: bool = False,
                      json_named: Mapping[str, Path] | None = None) -> Schema:
    """Parse as the project is configured: cross-file Avro names, JSON ``$ref`` folders and
    draft, and identity normalised when the registry normalises.

    ``imports`` (import path → text) are Protobuf files held elsewhere, such as a registry's
    references of a registered version; they shadow the files on disk. ``json_ids``: the
    project's JSON Schemas by ``$id``, for a ``$ref`` to one of them; ``json_files``: how a
    ``$ref``'s file is read (by default from disk; a version from git history reads the files
    of its commit); ``published``: a version git history or a registry holds, read as the
    registry reads it (see ``parse_text``); ``json_named``: a ``$ref``'s file as written → the
    file it stands for (``JsonRefContext.named``)."""
    if schema_type is SchemaType.JSON:
        from schemalint.formats.jsonschema import ENGINE as JSON_ENGINE
        from schemalint.formats.jsonschema import JsonRefContext
        from schemalint.formats.jsonschema.refs import read_from_disk

        context = JsonRefContext(config.root, dict(config.json_ref_map), ids=json_ids,
                                 named=dict(json_named or {}),
                                 read=json_files or read_from_disk)
        return JSON_ENGINE.parse(text, path=path, resolver=context,
                                 default_draft=config.json_draft,
                                 normalize=bool(config.registry.normalize),
                                 published=published)
    if schema_type is SchemaType.PROTOBUF:
        from schemalint.formats.protobuf import ENGINE as PROTOBUF_ENGINE
        from schemalint.formats.protobuf import ProtoContext

        # Imports resolve from [protobuf] include, by default from the schema roots first,
        # then the repository root.
        include = config.protobuf_include or (*config.roots, ".")
        proto_context = ProtoContext(root=config.root, include=include,
                                     files=dict(imports or {}))
        return PROTOBUF_ENGINE.parse(text, path=path, resolver=proto_context)
    resolver = avro_resolver() if avro_resolver and schema_type is SchemaType.AVRO else None
    return parse_schema(text, schema_type, path=path, resolver=resolver)


def published_version_key(config: Config, text: str, schema_type: SchemaType,
                          path: str | None) -> str | None:
    """The ``Schema.version_key`` of a version already published, as the project parses it,
    where its format tells that without the full parse (JSON Schema without ``$ref``); else
    None."""
    if schema_type is not SchemaType.JSON:
        return None
    from schemalint.formats.jsonschema.parse import published_version_key as json_key

    return json_key(text, path=path, normalize=bool(config.registry.normalize))


class LazyTexts(Mapping[str, "str | None"]):
    """Schema file texts, read on first use: a one-file hook run must not read them all."""

    def __init__(self, reader: Callable[[str], str | None]) -> None:
        self._reader = reader
        self._texts: dict[str, str | None] = {}
        self._known: dict[str, None] = {}

    def add(self, path: str) -> None:
        self._known[path] = None

    def put(self, path: str, text: str | None) -> None:
        self._known[path] = None
        self._texts[path] = text

    def paths(self) -> list[str]:
        return list(self._known)

    def __getitem__(self, path: str) -> str | None:
        if path not in self._texts:
            if path not in self._known:
                raise KeyError(path)
            self._texts[path] = self._reader(path)
        return self._texts[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._known)

    def __len__(self) -> int:
        return len(self._known)


class LazyAvroIndex:
    """The index of Avro full names over the roots, built when a reference first needs it:
    the ``.avsc`` files, and the named types an AsyncAPI document ``schemalint asyncapi``
    wrote carries for the payloads that reference them by name."""

    def __init__(self, texts: LazyTexts) -> None:
        self._texts = texts
        self._index: SchemaResolver | None = None

    def avro_named_type(self, full_name: str) -> Schema | None:
        if self._index is None:
            from schemalint.formats.avro.index import AvroNameIndex

            paths = [path for path in self._texts.paths() if path.endswith(".avsc")]
            parts = [path for path in self._texts.paths() if document_of(path) != path]
            if parts:
                from schemalint.sources.asyncapi import is_referenced_schema

                paths.extend(part for part in parts if is_referenced_schema(part))
            pairs = [(path, text) for path in paths
                     for text in (self._texts.get(path),) if text is not None]
            self._index = AvroNameIndex(pairs)
        return self._index.avro_named_type(full_name)


class JsonIdIndex:
    """JSON Schema files by the absolute URI their ``$id`` gives them, as a validator's
    registry holds them (the retrieval URI is the file's ``file:`` URI); read when a
    ``$ref`` first needs one.

    ``files`` yields (path, text) pairs, paths relative to ``root`` or absolute; a text that
    is not JSON (in a ``.yaml``/``.yml`` file, YAML), or has no top-level ``$id`` (``id``
    before draft 6), is passed over.
    """

    def __init__(self, root: Path,
                 files: Callable[[], Iterable[tuple[str, str | None]]]) -> None:
        self._root = root
        self._files = files
        self._by_uri: dict[str, Path] | None = None

    def find(self, uri: str) -> Path | None:
        if self._by_uri is None:
            self._by_uri = {}
            for path, text in self._files():
                declared = declared_id(path, text)
                if declared is not None:
                    location = (self._root / path).resolve()
                    key = urldefrag(urljoin(location.as_uri(), declared))[0]
                    self._by_uri.setdefault(key, location)
        return self._by_uri.get(urldefrag(uri)[0])


def declared_id(path: str, text: str | None) -> str | None:
    from schemalint.yamlsource import is_yaml_path

    if is_yaml_path(path):
        # A JSON Schema written in YAML (Wikimedia's fragments) declares its $id unquoted.
        if not text or "id" not in text:
            return None
        from schemalint.yamlsource import load_yaml

        try:
            document = load_yaml(text)[0]
        except ValueError:  # not YAML that stands for a JSON value
            return None
    else:
        if not text or ('"$id"' not in text and '"id"' not in text):
            return None
        try:
            document = json.loads(text)
        except (ValueError, RecursionError):  # not JSON, or nested past what it reads
            return None
    if not isinstance(document, dict):
        return None
    value = document.get("$id", document.get("id"))
    return value if isinstance(value, str) else None


def json_id_index(root: Path, texts: LazyTexts) -> JsonIdIndex:
    """The JSON and YAML files among ``texts`` by ``$id``."""
    return JsonIdIndex(root, lambda: ((path, texts.get(path)) for path in texts.paths()
                                      if path.lower().endswith(JSON_SCHEMA_SUFFIXES)))

