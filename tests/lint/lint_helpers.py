"""Building schemas for rule tests straight from JSON, without the format engines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from schemalint.config import read_config
from schemalint.lint.engine import lint_schema
from schemalint.lint.settings import LintSettings
from schemalint.model import Finding, Schema, SchemaType
from schemalint.sourcemap import SourceMap, loads

DATA = Path(__file__).parent.parent / "data"


def make_schema(source: str | dict[str, Any] | list[Any], kind: str = "avro",
                path: str = "schemas/test/value.avsc") -> Schema:
    text = source if isinstance(source, str) else json.dumps(source, indent=2)
    schema_type = SchemaType.AVRO if kind == "avro" else SchemaType.JSON
    return Schema(schema_type=schema_type, text=text, path=path, document=loads(text),
                  parsed=None, identity=text, source=SourceMap(text))


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
         select: tuple[str, ...] = ()) -> list[Finding]:
    chosen = settings or LintSettings(select=select)
    return lint_schema(make_schema(source, kind), subject=subject, topic=topic,
                       settings=chosen, previous=previous)


def record(name: str, *fields: dict[str, Any], namespace: str = "com.acme") -> dict[str, Any]:
    return {"type": "record", "name": name, "namespace": namespace, "fields": list(fields)}
