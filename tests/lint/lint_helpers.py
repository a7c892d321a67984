"""Building schemas for rule tests from JSON, parsed by the format engines as a check parses
them, so that each has its view."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from schemalint.api import parse_schema
from schemalint.config import read_config
from schemalint.errors import InvalidSchemaError
from schemalint.formats.jsonschema.refs import JsonRefContext
from schemalint.lint.engine import lint_schema
from schemalint.lint.settings import LintSettings
from schemalint.model import Finding, Schema, SchemaType
from schemalint.sourcemap import SourceMap, loads

DATA = Path(__file__).parent.parent / "data"


def make_schema(source: str | dict[str, Any] | list[Any], kind: str = "avro",
                path: str = "schemas/test/value.avsc", *, root: Path | None = None) -> Schema:
    """The schema parsed by its format's engine; with ``root``, a JSON Schema's ``$ref``s
    to other files are read from the files there (``path`` is then under ``root``)."""
    text = source if isinstance(source, str) else json.dumps(source, indent=2)
    if root is None:
        return parse_schema(text, SchemaType.parse(kind), path=path)
    return parse_schema(text, SchemaType.parse(kind), path=str(root / path),
                        resolver=JsonRefContext(root=root))


def lenient_schema(source: str | dict[str, Any] | list[Any], kind: str = "avro") -> Schema:
    """The parsed schema; where the engine refuses the document, the schema as the lint API
    may still be handed it, unparsed (no view: only rules reading the document see it)."""
    text = source if isinstance(source, str) else json.dumps(source, indent=2)
    try:
        return make_schema(text, kind)
    except InvalidSchemaError:
        schema_type = SchemaType.parse(kind)
        return Schema(schema_type=schema_type, text=text, path="schemas/test/value.avsc",
                      document=loads(text), parsed=None, identity=text, source=SourceMap(text))


def load(path: Path) -> Schema:
    kind = "avro" if path.suffix == ".avsc" else "json"
    return make_schema(path.read_text(encoding="utf-8"), kind, path=str(path))



def configured(document: dict[str, Any]) -> LintSettings:
    """The lint settings a configuration (keys as written in TOML) gives, read as a
    ``schemalint.toml`` is read."""
    return read_config(document, Path()).lint_settings()


def codes(findings: list[Finding]) -> list[str]:
    return [finding.code for finding in findings]


def lint(source: str | dict[str, Any] | list[Any], kind: str = "avro", *,
         topic: str | None = None, subject: str | None = None,
         settings: LintSettings | None = None, previous: Schema | None = None,
         select: tuple[str, ...] = (), root: Path | None = None,
         path: str = "schemas/test/value.avsc") -> list[Finding]:
    chosen = settings or LintSettings(select=select)
    return lint_schema(make_schema(source, kind, path, root=root), subject=subject, topic=topic,
                       settings=chosen, previous=previous)


def record(name: str, *fields: dict[str, Any], namespace: str = "com.acme") -> dict[str, Any]:
    return {"type": "record", "name": name, "namespace": namespace, "fields": list(fields)}
