"""``$ref`` resolution: inside the document, and to other files of the repository.

Resolution goes through ``referencing`` (the library ``jsonschema`` uses), with a retriever
that never touches the network. A document's base URI is its file's ``file:`` URI, changed
by its ``$id`` as the validators change it, so a ``$ref`` resolves to the URI they would
retrieve, which is then read:

- a ``file:`` URI from disk when it stays inside the repository root;
- a URI ``[json] ref-map`` maps from a local folder: a URL prefix
  (``"https://schemas.acme.com/"``), or a root-relative path prefix (``"/"``) for
  ``$ref: /fragment/common/2.0.0`` (which, under a ``$id`` such as
  ``/mediawiki/page/change/1.2.0``, is the ``file:`` URI ``file:///fragment/common/2.0.0``);
- otherwise a schema of the project whose ``$id`` is that URI (``IdLookup``): the
  documents a validator's registry holds;

and anything else is refused. Files are read through ``JsonRefContext.read``: from disk
by default, or as a commit held them (a version from git history reads the files of its
time).

The engine's ``parse`` takes a ``JsonRefContext`` as its ``resolver`` keyword::

    ENGINE.parse(text, path="schemas/orders/value.schema.json",
                 resolver=JsonRefContext(root=Path("."),
                                         ref_map={"https://schemas.acme.com/": "schemas/shared/"}))

Without one, only references inside the document resolve.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import unquote, urldefrag, urljoin, urlparse

from schemalint.sourcemap import JsonSyntaxError, loads, unescape_pointer_token
from schemalint.yamlsource import is_yaml_path, load_yaml

if TYPE_CHECKING:
    # referencing loads when a reference leaves the document: most schemas never pay for it.
    import referencing
    from referencing._core import Resolver

_INTERNAL_BASE = "urn:schemalint:document"


@cache
def _meta_schemas() -> frozenset[str]:
    from jsonschema_specifications import (  # type: ignore[import-untyped]
        REGISTRY as SPECIFICATIONS,
    )

    return frozenset(uri.rstrip("#") for uri in SPECIFICATIONS)


def _not_fetched(ref: str, uri: str) -> str:
    """Why a remote reference is refused. A relative ``$ref`` is named with the URL the
    document's ``$id`` makes of it, the one whose prefix ``ref-map`` would serve."""
    target = urldefrag(uri).url
    shown = repr(ref) if urldefrag(ref).url == target else f"{ref!r} ({target} by the $id)"
    return (f"remote $ref {shown} is not fetched; map its URL prefix to a local folder with "
            "[json] ref-map")


class RefError(Exception):
    """A ``$ref`` that cannot be followed. ``pointer`` is where the ``$ref`` stands."""

    def __init__(self, message: str, pointer: str) -> None:
        super().__init__(message)
        self.message = message
        self.pointer = pointer


class FileReader(Protocol):
    """The text of the file at an absolute path; None where there is no file. A file that
    is there but cannot be read raises ``OSError`` or ``UnicodeDecodeError``."""

    def __call__(self, path: Path) -> str | None: ...


def read_from_disk(path: Path) -> str | None:
    """The files as they are on disk now."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


class IdLookup(Protocol):
    """Files by the absolute URI their ``$id`` gives them (``workspace.JsonIdIndex``)."""

    def find(self, uri: str) -> Path | None: ...


@dataclass(frozen=True)
class JsonRefContext:
    """Where ``$ref`` to other files may lead.

    ``root``: the repository root; no reference may leave it.
    ``ref_map``: URL prefix, or root-relative path prefix (``"/"``), → folder (relative to
    ``root``) serving that prefix locally.
    ``ids``: the project's schemas by ``$id``, for references no file path or prefix serves.
    ``named``: a ``$ref`` as written (without its fragment) → the file it stands for, given
    explicitly (``compat --ref``); such a file may lie anywhere.
    ``allowed``: folders outside ``root`` that references may read too (``compat
    --ref-path``).
    ``read``: how a file is read once the path it stands at is known to be allowed.
    """

    root: Path
    ref_map: Mapping[str, str] = field(default_factory=dict)
    ids: IdLookup | None = None
    named: Mapping[str, Path] = field(default_factory=dict)
    allowed: tuple[Path, ...] = ()
    read: FileReader = read_from_disk

    # schemalint's SchemaResolver protocol asks this of every resolver; JSON Schema has
    # no named types.
    def avro_named_type(self, full_name: str) -> None:
        return None


@dataclass(frozen=True)
class ExternalFile:
    """A file reached through ``$ref``: the reference as written and the file's place."""

    ref: str
    uri: str
    path: Path
    relative: str


@dataclass
class Resolved:
    contents: Any
    base_uri: str
    key: str
    # The pointer of the target inside the parsed document, or None when it lives in
    # another file (findings then anchor on the ``$ref`` itself).
    local_pointer: str | None


class RefResolver:
    """Follows ``$ref`` values for one document."""

    def __init__(self, document: Any, *,
                 specification: Callable[[], referencing.Specification[Any]],
                 path: str | None, context: JsonRefContext | None) -> None:
        self.document = document
        self.context = context
        self._path = path
        self.files: dict[str, ExternalFile] = {}
        self._read: FileReader = context.read if context is not None else read_from_disk
        self._texts: dict[Path, str | None] = {}
        # Retrieval URIs of references named explicitly (``JsonRefContext.named``).
        self._named: dict[str, Path] = {}
        self._loaded: dict[str, Any] = {}
        self._specification_of = specification
        self._registry: referencing.Registry[Any] | None = None
        self._resolvers: dict[str, Resolver[Any]] = {}

    # The paths below are resolved (symbolic links followed, as the validators' file: URIs
    # are) only when a reference is followed: a document without one never asks.
    @cached_property
    def root(self) -> Path | None:
        return self.context.root.resolve() if self.context is not None else None

    @cached_property
    def allowed(self) -> tuple[Path, ...]:
        return tuple(folder.resolve() for folder in self.context.allowed) \
            if self.context is not None else ()

    @cached_property
    def base_uri(self) -> str:
        """The document's base URI: its file's ``file:`` URI, changed by its ``$id``."""
        if self.root is not None and self._path is not None:
            location = Path(self._path)
            if not location.is_absolute():
                location = self.root / location
            base = location.resolve().as_uri()
        else:
            base = _INTERNAL_BASE
        document_id = _document_id(self.document)
        return urljoin(base, document_id) if document_id else base

    @property
    def _specification(self) -> referencing.Specification[Any]:
        return self._specification_of()

    def _registry_for_lookups(self) -> referencing.Registry[Any]:
        if self._registry is None:
            import referencing
            from jsonschema_specifications import REGISTRY as SPECIFICATIONS

            registry: referencing.Registry[Any] = referencing.Registry(
                retrieve=self._retrieve)  # type: ignore[call-arg]
            registry = registry.with_resource(
                self.base_uri, self._specification.create_resource(self.document))
            self._registry = registry.combine(SPECIFICATIONS)
        return self._registry

    def lookup(self, ref: str, base_uri: str, site: str) -> Resolved:
        ref = self._file_named_as_host(ref, base_uri)
        if base_uri.startswith(_INTERNAL_BASE):
            if ref.startswith("#"):
                target_uri = _INTERNAL_BASE + ref
            elif urlparse(ref).scheme:
                target_uri = ref
            else:
                raise RefError(f"$ref {ref!r} points to another file, and no repository root "
                               "is known to read it from", site)
        else:
            target_uri = urljoin(base_uri, ref)
        document_uri, fragment = urldefrag(target_uri)
        if self.context is not None and self.context.named:
            named = self.context.named.get(urldefrag(ref)[0])
            if named is not None:
                self._named.setdefault(document_uri, named.resolve())
        if document_uri == self.base_uri and (fragment == "" or fragment.startswith("/")):
            return self._local(fragment, target_uri, site)
        if document_uri != self.base_uri:
            self._check_allowed(document_uri, ref, site)
        resolver = self._resolvers.get(base_uri)
        if resolver is None:
            resolver = self._registry_for_lookups().resolver(base_uri)
            self._resolvers[base_uri] = resolver
        import referencing.exceptions

        try:
            resolved = resolver.lookup(ref)
        except referencing.exceptions.Unresolvable as error:
            cause: BaseException | None = error
            while cause is not None and not isinstance(cause, RefError):
                cause = cause.__cause__ or cause.__context__
            if isinstance(cause, RefError):
                raise RefError(cause.message, site) from None
            raise RefError(f"cannot resolve $ref {ref!r}: nothing at that location",
                           site) from None
        new_base = resolved.resolver._base_uri or base_uri
        return Resolved(resolved.contents, new_base, target_uri, None)

    def _file_named_as_host(self, ref: str, base_uri: str) -> str:
        """``file://ingest-spans.v1.schema.json#/definitions/UUID``: a file name where a URI
        has its host, as getsentry/sentry-kafka-schemas writes references (its validators'
        ``file`` handler reads the name from the schemas' folder). Read as the reference to
        that file beside the referring one, where such a file exists; otherwise left as
        written (a file on another host, refused)."""
        parsed = urlparse(ref)
        if parsed.scheme != "file" or parsed.netloc in ("", "localhost") or self.root is None:
            return ref
        # The referring file's folder: where its base URI says (an external file's), or
        # where the document lies (its $id may name a place outside the repository).
        folders = [Path(unquote(urlparse(base_uri).path)).parent] \
            if base_uri.startswith("file:") else []
        if self._path is not None:
            folders.append((self.root / self._path).parent)
        for folder in folders:
            local = (folder / unquote(parsed.netloc + parsed.path)).resolve()
            if self._inside(local) and self._is_file(local):
                return local.as_uri() + (f"#{parsed.fragment}" if parsed.fragment else "")
        return ref

    def _local(self, fragment: str, key: str, site: str) -> Resolved:
        node = self.document
        for token in fragment.split("/")[1:] if fragment else ():
            token = unescape_pointer_token(unquote(token))
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                raise RefError(f"cannot resolve $ref '#{fragment}': nothing at that location",
                               site)
        return Resolved(node, self.base_uri, key, fragment)

    def _check_allowed(self, uri: str, ref: str, site: str) -> None:
        if uri.rstrip("#") in _meta_schemas():
            return  # the drafts' meta-schemas ship with jsonschema: no network needed
        self._local_path(uri, ref, site)

    def _local_path(self, uri: str, ref: str, site: str) -> Path:
        if self.root is None:
            if urlparse(uri).scheme != "file":
                raise RefError(_not_fetched(ref, uri), site)
            raise RefError(f"$ref {ref!r} points to another file, and no repository "
                           "root is known to read it from", site)
        local = self._named.get(uri)
        if local is None:
            local, refusal = self._candidate(uri, ref)
            if refusal is not None or local is None or not self._is_file(local):
                # The validators' registry holds the project's schemas by $id.
                by_id = self.context.ids.find(uri) if self.context and self.context.ids \
                    else None
                if by_id is not None and self._inside(by_id):
                    local, refusal = by_id, None
            if refusal is not None or local is None:
                raise RefError(refusal or f"$ref {ref!r} cannot be followed", site)
        if uri not in self.files:
            self.files[uri] = ExternalFile(ref.split("#", 1)[0], uri, local,
                                           self._display(local))
        return local

    def _candidate(self, uri: str, ref: str) -> tuple[Path | None, str | None]:
        """The file ``uri`` names, or why it may not be read."""
        assert self.root is not None
        parsed = urlparse(uri)
        if parsed.scheme != "file":
            return self._mapped(uri, ref, _not_fetched(ref, uri))
        if parsed.netloc not in ("", "localhost"):
            return None, f"$ref {ref!r} leaves the repository (a file on {parsed.netloc})"
        name = unquote(parsed.path)
        if "\x00" in name:
            return None, f"$ref {ref!r} names no usable file (a NUL character)"
        written = Path(os.path.normpath(name))
        if not self._inside(written):
            # Outside the repository as written: a root-relative $ref (or $id), which
            # ref-map may serve from a folder.
            mapped, _ = self._mapped(name, ref, "")
            if mapped is not None:
                return mapped, None
        local = written.resolve()
        if not self._inside(local):
            hint = ("; serve a root-relative $ref from a folder with [json] ref-map, such as "
                    '{ "/" = "schemas/" }') if not self._inside(written) else ""
            return None, f"$ref {ref!r} leaves the repository ({local}){hint}"
        return local, None

    def _text(self, local: Path) -> str | None:
        """The text of ``local`` (None: no file there). Raises ``RefError``."""
        if local not in self._texts:
            try:
                self._texts[local] = self._read(local)
            except OSError as error:
                raise RefError(f"cannot read {self._display(local)}: {error.strerror}",
                               "") from None
            except UnicodeDecodeError:
                raise RefError(f"cannot read {self._display(local)}: not UTF-8 text",
                               "") from None
        return self._texts[local]

    def _is_file(self, local: Path) -> bool:
        try:
            return self._text(local) is not None
        except RefError:
            return False

    def _inside(self, local: Path) -> bool:
        return any(local.is_relative_to(folder) for folder in (self.root, *self.allowed)
                   if folder is not None)

    def _display(self, local: Path) -> str:
        for folder in (self.root, *self.allowed):
            if folder is not None and local.is_relative_to(folder):
                return local.relative_to(folder).as_posix()
        return str(local)

    def _mapped(self, key: str, ref: str, refusal: str) -> tuple[Path | None, str | None]:
        """``key`` (a URI, or a ``file:`` URI's path) served from a ``ref-map`` folder."""
        if self.context is not None and self.root is not None:
            for prefix, folder in sorted(self.context.ref_map.items(), key=lambda i: -len(i[0])):
                if key.startswith(prefix):
                    rest = key[len(prefix):]
                    if "\x00" in rest:
                        return None, f"$ref {ref!r} names no usable file (a NUL character)"
                    local = (self.root / folder / rest.lstrip("/")).resolve()
                    if not self._inside(local):
                        return None, f"$ref {ref!r} leaves the repository ({local})"
                    return local, None
        return None, (refusal or None)

    def loaded(self, uri: str) -> Any:
        """The document read for the file ``files[uri]`` (None where none was read)."""
        return self._loaded.get(uri)

    def _retrieve(self, uri: str) -> referencing.Resource[Any]:
        contents = self._loaded.get(uri)
        if contents is None:
            local = self._local_path(uri, uri, "")
            text = self._text(local)
            if text is None:
                raise RefError(f"cannot read {self._display(local)}: No such file or directory",
                               "")
            try:
                contents = load_yaml(text)[0] if is_yaml_path(local.name) else loads(text)
            except JsonSyntaxError as error:
                raise RefError(f"{self._display(local)}:{error.line}:{error.column}: "
                               f"{error.message}", "") from None
            self._loaded[uri] = contents
        import referencing.jsonschema

        specification = referencing.jsonschema.specification_with(
            _dialect(contents), default=self._specification
        )
        return specification.create_resource(contents)


def _document_id(document: Any) -> str | None:
    if isinstance(document, dict):
        value = document.get("$id", document.get("id"))
        if isinstance(value, str):
            return value
    return None


def _dialect(contents: Any) -> str:
    if isinstance(contents, dict) and isinstance(contents.get("$schema"), str):
        return str(contents["$schema"])
    return ""
