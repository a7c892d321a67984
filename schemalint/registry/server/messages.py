"""Compatibility messages in the shape Confluent's registry writes them.

The verdict comes from ``schemalint.compat.check_level``; this module only re-asks the format
engine for the failing version's incompatibilities and words them as Confluent does, so a
409 body or a ``verbose=true`` answer reads the same locally as in production.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from schemalint.formats import get_engine
from schemalint.model import Direction, Incompatibility, Level, Schema

OLD_SCHEMA_LIMIT = 10 * 1024
DIFFERENT_TYPE = "Incompatible because of different schema type"
_FORMAT_PACKAGES = {"AVRO": "schemalint.formats.avro", "JSON": "schemalint.formats.jsonschema"}

# Avro descriptions, worded for the leg being checked: on the backward leg the reader is the
# new schema, on the forward leg the old one.
_AVRO_DESCRIPTIONS = {
    "READER_FIELD_MISSING_DEFAULT_VALUE":
        "The field '{name}' at path '{path}' in the {reader} schema has no default value and "
        "is missing in the {writer} schema",
    "TYPE_MISMATCH":
        "The type (path '{path}') of a field in the {reader} schema does not match with the "
        "{writer} schema",
    "NAME_MISMATCH": "The name of the schema has changed (path '{path}')",
    "MISSING_ENUM_SYMBOLS":
        "The {reader} schema is missing enum symbols '{info}' at path '{path}' in the "
        "{writer} schema",
    "MISSING_UNION_BRANCH":
        "The {reader} schema is missing a type inside a union field at path '{path}' in the "
        "{writer} schema",
    "FIXED_SIZE_MISMATCH":
        "The size of FIXED type field at path '{path}' in the {reader} schema does not match "
        "with the {writer} schema",
}


def failure_messages(new: Schema, old: Schema, old_version: int, old_text: str, level: Level,
                     policy: str) -> list[str]:
    """The messages for the version a check failed against, in Confluent's order."""
    if new.schema_type is not old.schema_type:
        return [DIFFERENT_TYPE]
    engine = get_engine(new.schema_type)
    messages: list[str] = []
    for direction in level.directions:
        backward = direction is Direction.BACKWARD
        reader, writer = (new, old) if backward else (old, new)
        found = engine.incompatibilities(reader, writer, policy=policy)
        messages.extend(_format(new.schema_type.value, item, backward) for item in found)
        if backward and found:
            shown = old_text if len(old_text) <= OLD_SCHEMA_LIMIT \
                else old_text[:OLD_SCHEMA_LIMIT] + "<truncated>"
            messages.append(f"{{oldSchemaVersion: {old_version}}}")
            messages.append(f"{{oldSchema: '{shown}'}}")
    return messages


def _format(schema_type: str, item: Incompatibility, backward: bool) -> str:
    render = _engine_renderer(schema_type)
    if render is not None:
        return render(item, backward=backward)
    if schema_type == "AVRO":
        return _avro(item, backward)
    reader, writer = ("new", "old") if backward else ("old", "new")
    if schema_type == "PROTOBUF":
        # Confluent leaves the description empty for the types it has no wording for.
        description = item.detail.replace("%s", reader, 1).replace("%s", writer, 1)
        return f'{{errorType:"{item.code}", description:"{description}"}}'
    description = (item.detail or item.code).replace("%s", reader, 1).replace("%s", writer, 1)
    # Confluent's JSON Schema messages really do close the description with a single quote.
    return f'{{errorType:"{item.code}", description:"{description}\'}}'


def _engine_renderer(schema_type: str) -> Callable[..., str] | None:
    """The format package's own ``confluent_message``, when it provides one."""
    try:
        module = importlib.import_module(_FORMAT_PACKAGES[schema_type])
    except (KeyError, ImportError):
        return None
    render = getattr(module, "confluent_message", None)
    return render if callable(render) else None


def _avro(item: Incompatibility, backward: bool) -> str:
    reader, writer = ("new", "old") if backward else ("old", "new")
    path = item.reader_pointer or "/"
    template = _AVRO_DESCRIPTIONS.get(item.code)
    name = item.reader_name or _last_segment(item.name_path)
    description = template.format(name=name, path=path, reader=reader, writer=writer,
                                  info=item.detail) if template else item.code
    return (f"{{errorType:'{item.code}', description:'{description}', "
            f"additionalInfo:'{item.detail}'}}")


def _last_segment(name_path: str) -> str:
    return name_path.rsplit(".", 1)[-1] if name_path else ""


def suffix(validate_fields: bool, level: Level) -> str:
    return f"{{validateFields: '{str(validate_fields).lower()}', compatibility: '{level.value}'}}"
