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
_JSON_DIALECT = lazy_compile(r'"\$schema"\s*:\s*"([^"]*)"')
_SCHEMA_BODY = frozenset(("properties", "items", "allOf", "anyOf", "oneOf", "enum", "$ref",
                          "$defs", "definitions", "required", "additionalProperties"))
# What ``guess_schema_type`` reads, as messages name it.
SCHEMA_FILE_KINDS = (".avsc", ".json with $schema", ".schema.json", "a JSON Schema in .yaml",
                     ".proto")
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
