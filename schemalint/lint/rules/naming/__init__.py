"""Event naming, EVT001–EVT003: what message names say about the design."""

from __future__ import annotations

import fnmatch
from typing import Literal, NamedTuple

from schemalint.lint.name_classifier import Verdict, classify
from schemalint.lint.rule_model import SchemaContext
from schemalint.lint.settings import LintSettings
from schemalint.model import Schema, SchemaType

Origin = Literal["record", "title", "message", "topic"]


class NameSource(NamedTuple):
    text: str
    pointer: str
    origin: Origin


def message_names(schema: Schema, topic: str | None) -> list[NameSource]:
    """The names a schema goes by: Avro record names, JSON Schema titles, the Protobuf
    file's first message (the one Confluent names the schema by), and its topic."""
    names: list[NameSource] = []
    for record in schema.view.roots:
        if schema.schema_type is SchemaType.AVRO and record.name:
            names.append(NameSource(record.name, f"{record.pointer}/name", "record"))
        elif schema.schema_type is SchemaType.JSON and record.name:
            names.append(NameSource(record.name, f"{record.pointer}/title", "title"))
        elif schema.schema_type is SchemaType.PROTOBUF and record.name:
            names.append(NameSource(record.name, record.pointer, "message"))
    if topic:
        names.append(NameSource(topic, "", "topic"))
    return names


def _allowed(text: str, settings: LintSettings) -> bool:
    short = text.rsplit(".", 1)[-1]
    return any(fnmatch.fnmatchcase(candidate.lower(), pattern.lower())
               for pattern in settings.allow for candidate in (text, short))


def _verdicts(ctx: SchemaContext) -> list[tuple[NameSource, Verdict]]:
    def compute() -> list[tuple[NameSource, Verdict]]:
        return [(source, classify(source.text, extra_verbs=_extra(ctx.settings),
                                  topic=source.origin == "topic"))
                for source in message_names(ctx.schema, ctx.topic)
                if not _allowed(source.text, ctx.settings)]
    return ctx.cached("naming.verdicts", compute)


def _extra(settings: LintSettings) -> tuple[str, ...]:
    return tuple(word.lower() for word in settings.extra_verbs)


def _describe(source: NameSource) -> str:
    return {"record": "record name", "title": "title", "message": "message name",
            "topic": "topic"}[source.origin]


def one_per_schema(verdicts: list[tuple[NameSource, Verdict]], kinds: tuple[str, ...]
                   ) -> tuple[tuple[NameSource, Verdict], list[NameSource]] | None:
    """The first of a schema's names read as one of ``kinds`` (its record name or title before
    its topic), and the others that say the same: one finding a schema, not one a name."""
    matching = [(source, verdict) for source, verdict in verdicts if verdict.kind in kinds]
    if not matching:
        return None
    return matching[0], [source for source, _ in matching[1:]]
