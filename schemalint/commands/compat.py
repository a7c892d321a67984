"""``schemalint compat``: a new schema file against previous files, oldest first."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from schemalint.api import parse_schema
from schemalint.compat import PreviousVersion, check_level
from schemalint.model import Against, Finding, Level, SchemaType
from schemalint.sources.files import guess_schema_type, read_schema_text


def compare_files(new: Path, old: Sequence[Path], level: Level, schema_type: SchemaType | None,
                  policy: str = "STRICT") -> list[Finding]:
    """Findings of ``new`` against ``old`` at ``level``: its parse findings, then compatibility."""
    new_text = read_schema_text(new, str(new))
    kind = schema_type or _infer(str(new), new_text)
    new_schema = parse_schema(new_text, kind, path=str(new))
    history = []
    for version, path in enumerate(old, start=1):
        text = read_schema_text(path, str(path))
        history.append(PreviousVersion(parse_schema(text, kind, path=str(path)),
                                       Against(path=str(path), version=version)))
    result = check_level(new_schema, history, level, policy=policy)
    return [*new_schema.findings, *result.findings]


def _infer(path: str, text: str) -> SchemaType:
    guessed = guess_schema_type(path, text)
    if guessed is not None:
        return guessed
    return SchemaType.JSON if path.lower().endswith((".json", ".yaml", ".yml")) \
        else SchemaType.AVRO
