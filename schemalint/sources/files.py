"""Reading schema files from disk, with errors that name the file."""

from __future__ import annotations

import json
import re
from pathlib import Path

from schemalint.errors import SchemalintError
from schemalint.model import SchemaType
from schemalint.regexes import lazy_compile

AVRO_SUFFIXES = (".avsc",)
JSON_SUFFIXES = (".json",)
PROTOBUF_SUFFIXES = (".proto",)
YAML_SUFFIXES = (".yaml", ".yml")
# Where a JSON Schema may be written: JSON, or YAML (as Wikimedia writes them).
JSON_SCHEMA_SUFFIXES = (*JSON_SUFFIXES, *YAML_SUFFIXES)

# A key at the top of a YAML document: block-mapping keys of the root start in column one
# (any deeper line, block scalars included, is indented).
_YAML_TOP_KEY = lazy_compile(r"""^(["']?)([$\w][\w$-]*)\1[ \t]*:(?:[ \t]|$)""", re.MULTILINE)
_ASYNCAPI_YAML = lazy_compile(r"""^(["']?)asyncapi\1[ \t]*:""", re.MULTILINE)
_ASYNCAPI_JSON = lazy_compile(r'"asyncapi"\s*:\s*"[0-9]')
_JSON_DIALECT = lazy_compile(r'"\$schema"\s*:\s*"([^"]*)"')
_SCHEMA_BODY = frozenset(("properties", "items", "allOf", "anyOf", "oneOf", "enum", "$ref",
                          "$defs", "definitions", "required", "additionalProperties"))
# What ``guess_schema_type`` reads, as messages name it.
SCHEMA_FILE_KINDS = (".avsc", ".json with $schema", ".schema.json", "a JSON Schema in .yaml",
                     "an AsyncAPI document", ".proto")
# Files that may well be schemas, but of a kind schemalint does not read (Avro IDL and
# protocols, YAML and JSON that are no schema): a run names them rather than pass over them.
UNREAD_SUFFIXES = (".avdl", ".avpr", ".yaml", ".yml", ".json")


def schema_file_kinds(conjunction: str = "and") -> str:
    """``.avsc, …, and .proto``: the files schemalint reads, for a message."""
    return f"{', '.join(SCHEMA_FILE_KINDS[:-1])} {conjunction} {SCHEMA_FILE_KINDS[-1]}"


# Tools' own files, never schemas: naming them on every run would bury the files that matter.
TOOL_FILES = frozenset((
    "package.json", "package-lock.json", "composer.json", "tsconfig.json", "jsconfig.json",
    "lerna.json", "renovate.json", ".eslintrc.json", ".prettierrc.json", "angular.json",
    "pnpm-lock.yaml", ".pre-commit-config.yaml", ".pre-commit-hooks.yaml", ".gitlab-ci.yml",
    "mkdocs.yml", "buf.yaml", "buf.gen.yaml", "buf.work.yaml", "buf.lock", "codecov.yml",
    "dependabot.yml", ".travis.yml", "environment.yml", "docker-compose.yml",
    "docker-compose.yaml", "compose.yml", "compose.yaml",
))


def unread_suffix(path: str) -> str | None:
    """The suffix of a schema-like file schemalint does not read (asked of non-schemas)."""
    lower = path.lower()
    folders, _, name = lower.rpartition("/")
    # Hidden folders hold tools' settings (.github/workflows, .circleci, .vscode), which a
    # root of "." reaches: no schema to name.
    if name in TOOL_FILES or any(part.startswith(".") for part in folders.split("/")):
        return None
    return next((suffix for suffix in UNREAD_SUFFIXES if lower.endswith(suffix)), None)


def read_schema_text(path: Path, display: str | None = None) -> str:
    """The file's text as UTF-8, or a ``SchemalintError`` naming it (exit 2)."""
    shown = display or str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SchemalintError("no such file", path=shown) from None
    except IsADirectoryError:
        raise SchemalintError("is a directory, not a schema file", path=shown) from None
    except OSError as error:
        raise SchemalintError(f"cannot read file: {error.strerror}", path=shown) from None
    return decode_schema_bytes(data, shown)


def decode_schema_bytes(data: bytes, display: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SchemalintError("file is UTF-16 encoded; schemas must be UTF-8", path=display)
    if b"\x00" in data:
        raise SchemalintError("binary file, not a schema", path=display)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise SchemalintError("file is not valid UTF-8", path=display, line=line) from None
    return text.removeprefix("\ufeff")


def guess_schema_type(path: str, text: str | None = None) -> SchemaType | None:
    """The format of a schema file from its name, and for ``.json`` from its content."""
    lower = path.lower()
    if lower.endswith(AVRO_SUFFIXES):
        return SchemaType.AVRO
    if lower.endswith(PROTOBUF_SUFFIXES):
        return SchemaType.PROTOBUF
    if lower.endswith(".schema.json"):
        return SchemaType.JSON
    if is_asyncapi_document(path, text):
        return None  # a document of many schemas (``sources.asyncapi``), never one itself
    if lower.endswith(JSON_SUFFIXES):
        return SchemaType.JSON if text is not None and json_is_json_schema(text) else None
    if lower.endswith(YAML_SUFFIXES):
        return SchemaType.JSON if text is not None and yaml_is_json_schema(text) else None
    return None


def content_decides_type(path: str) -> bool:
    """Whether only a file's content tells if it is a schema: a bare ``.json``, a YAML file."""
    lower = path.lower()
    return ((lower.endswith(".json") and not lower.endswith(".schema.json"))
            or lower.endswith(YAML_SUFFIXES))


def is_asyncapi_document(path: str, text: str | None) -> bool:
    """Whether a YAML or JSON file is an AsyncAPI document: a top-level ``asyncapi`` key."""
    if not text or "asyncapi" not in text:
        return False
    lower = path.lower()
    if lower.endswith(YAML_SUFFIXES):
        return _ASYNCAPI_YAML.search(text) is not None
    if not lower.endswith(JSON_SUFFIXES) or _ASYNCAPI_JSON.search(text) is None:
        return False
    try:
        document = json.loads(text)
    except ValueError:
        return True  # one that does not read is reported, with its line, as a document
    return isinstance(document, dict) and "asyncapi" in document


# A schema inside a document (an AsyncAPI message's payload) is named by the document's path
# and the JSON pointer of the schema in it: ``docs/api.yaml#%2Fchannels%2Forders...``. The
# pointer is quoted, so the name holds no further ``/`` and its folder is the document's.
_PART_MARK = "#%2F"


def part_path(document: str, pointer: str) -> str:
    """The name of the schema at ``pointer`` inside the file ``document``."""
    from urllib.parse import quote

    return f"{document}#{quote(pointer, safe='')}"


def split_part(path: str) -> tuple[str, str | None]:
    """The file and the pointer a ``part_path`` names; (path, None) for a whole file."""
    if _PART_MARK not in path:
        return path, None
    from urllib.parse import unquote

    document, _, part = path.partition("#")
    return document, unquote(part)


def document_of(path: str) -> str:
    """The file holding ``path``: itself, or the document a part is in."""
    return path.partition("#")[0] if _PART_MARK in path else path


def json_is_json_schema(text: str) -> bool:
    """Whether a JSON text is a JSON Schema: a ``$schema`` naming a JSON Schema dialect, or
    a ``$schema`` beside a schema's keywords. Configuration files declare their own schema
    with ``$schema`` too (``tsconfig.json``, ``.changeset/config.json``): they are
    instances, not schemas."""
    if '"$schema"' not in text:
        return False
    declared = _JSON_DIALECT.search(text)
    if declared is not None and "json-schema.org" in declared.group(1):
        return True
    try:
        document = json.loads(text)
    except ValueError:
        # Unreadable, and not declared a JSON Schema: a JSON-with-comments configuration.
        return declared is None
    return isinstance(document, dict) and "$schema" in document and \
        bool(document.keys() & (_SCHEMA_BODY | {"type", "$id", "title"}))


def yaml_is_json_schema(text: str) -> bool:
    """Whether a YAML text is a JSON Schema by its top-level keys: a ``$schema``, or a
    ``type``, ``$id`` or ``title`` with a schema's body (``properties``, ``allOf``, ...)."""
    keys = {found.group(2) for found in _YAML_TOP_KEY.finditer(text)}
    if "$schema" in keys:
        return True
    return bool(keys & {"type", "$id", "title"}) and bool(keys & _SCHEMA_BODY)
