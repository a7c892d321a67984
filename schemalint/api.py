"""The typed Python API: what the CLI, the registry server and other tools call."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from schemalint.compat import CompatibilityResult, PreviousVersion, check_level
from schemalint.formats import SchemaResolver, get_engine
from schemalint.model import Against, Finding, Level, Schema, SchemaType

SchemaSource = str | Mapping[str, Any] | Sequence[Any]


def parse_schema(source: SchemaSource, schema_type: str | SchemaType = SchemaType.AVRO, *,
                 path: str | None = None, resolver: SchemaResolver | None = None) -> Schema:
    """Parse schema text (or an already-parsed JSON value).

    Raises ``schemalint.InvalidSchemaError`` (its ``finding`` is an INVALID_SCHEMA finding
    with line and column) when the input is not a valid schema.
    """
    kind = schema_type if isinstance(schema_type, SchemaType) else SchemaType.parse(schema_type)
    text = source if isinstance(source, str) else json.dumps(source)
    return get_engine(kind).parse(text, path=path, resolver=resolver)


def _previous(kind: SchemaType, previous: Sequence[SchemaSource | Schema]
              ) -> list[PreviousVersion]:
    return [
        PreviousVersion(
            item if isinstance(item, Schema) else parse_schema(item, kind, path=f"<v{index}>"),
            Against(version=index),
        )
        for index, item in enumerate(previous, start=1)
    ]


def check_compatibility(new: SchemaSource | Schema,
                        previous: Sequence[SchemaSource | Schema],
                        level: str | Level = Level.BACKWARD,
                        schema_type: str | SchemaType = SchemaType.AVRO, *,
                        policy: str = "STRICT",
                        subject: str | None = None) -> CompatibilityResult:
    """Check ``new`` against ``previous`` (oldest first) as Confluent Schema Registry would.

    Schemas are text, parsed JSON, or ``Schema`` objects. The result has ``compatible`` and
    ``findings``. Raises ``InvalidSchemaError`` for input that is not a schema and
    ``ValueError`` for an unknown level or schema type.
    """
    kind = schema_type if isinstance(schema_type, SchemaType) else SchemaType.parse(schema_type)
    chosen = level if isinstance(level, Level) else Level.parse(level)
    new_schema = new if isinstance(new, Schema) else parse_schema(new, kind, path="<new>")
    return check_level(new_schema, _previous(kind, previous), chosen, subject=subject,
                       policy=policy.upper())


def replay(new: SchemaSource | Schema, previous: Sequence[SchemaSource | Schema],
           level: str | Level = Level.BACKWARD, schema_type: str | SchemaType = SchemaType.AVRO,
           *, every_version: bool = False, count: int | None = None, seed: int | None = None,
           subject: str | None = None) -> list[Finding]:
    """Replay ``new`` against ``previous`` (oldest first) at ``level``: events each side
    writes, read by the other as consumers read them (Avro and Protobuf; JSON Schema gives
    nothing yet).

    The findings are REPLAY001 (a reader fails to decode) and REPLAY002 (a field reads
    another value than was written). ``every_version`` replays every previous version, as a
    topic replayed from the start needs, whatever the level. Also ``schemalint.replay(...)``.
    """
    from schemalint.replay import replay_schemas

    return replay_schemas(new, previous, level, schema_type, every_version=every_version,
                          count=count, seed=seed, subject=subject)
