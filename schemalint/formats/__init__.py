"""One package per schema format. Each exposes an engine; they load only when used."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any, Protocol

from schemalint.model import Change, Incompatibility, Schema, SchemaType


class SchemaResolver(Protocol):
    """Finds schemas a schema refers to (Avro named types, JSON Schema ``$ref`` files)."""

    def avro_named_type(self, full_name: str) -> Schema | None: ...


class FormatEngine(Protocol):
    """What a format provides to the rest of schemalint. Implementations are pure."""

    schema_type: SchemaType

    def parse(self, text: str, *, path: str | None = None,
              resolver: SchemaResolver | None = None) -> Schema:
        """Parse ``text`` or raise ``InvalidSchemaError`` carrying an INVALID_SCHEMA finding."""
        ...

    def incompatibilities(self, reader: Schema, writer: Schema, *,
                          policy: str = "STRICT") -> Sequence[Incompatibility]:
        """Why ``reader`` cannot read data written with ``writer``; empty when it can."""
        ...

    def reads(self, reader: Schema, writer: Schema, *, policy: str = "STRICT") -> bool:
        """Whether ``reader`` reads data written with ``writer``: ``incompatibilities``'
        verdict alone, for callers that need no reasons."""
        ...

    def describe(self, incompatibility: Incompatibility, *, backward: bool,
                 against: str) -> str:
        """A message saying what breaks, for whom, and how to fix it.

        ``backward`` is true when the reader is the new schema; ``against`` names the old
        version ("version 3 (main)").
        """
        ...

    def changes(self, old: Schema, new: Schema, *, policy: str = "STRICT") -> Sequence[Change]:
        """What changed from ``old`` to ``new``, each change with the readers it breaks by the
        format's rules (``schemalint.diffing`` corrects them by the compatibility verdict)."""
        ...


_ENGINE_MODULES = {
    SchemaType.AVRO: "schemalint.formats.avro",
    SchemaType.JSON: "schemalint.formats.jsonschema",
    SchemaType.PROTOBUF: "schemalint.formats.protobuf",
}


def get_engine(schema_type: SchemaType) -> FormatEngine:
    try:
        module: Any = importlib.import_module(_ENGINE_MODULES[schema_type])
    except ImportError as error:
        from schemalint.optional import missing_part

        missing = missing_part(error)
        if missing is None:
            raise
        raise missing from None
    engine: FormatEngine = module.ENGINE
    return engine
