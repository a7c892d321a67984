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
        doc = _doc(ctx.schema)
        return [(source, _in_context(classify(source.text, extra_verbs=_extra(ctx.settings),
                                              topic=source.origin == "topic"), doc))
                for source in message_names(ctx.schema, ctx.topic)
                if not _allowed(source.text, ctx.settings)]
    return ctx.cached("naming.verdicts", compute)


def _doc(schema: Schema) -> str:
    """The first record's doc (Avro) or description (JSON Schema)."""
    roots = schema.view.roots
    if not roots:
        return ""
    declared = roots[0].declaration
    doc = declared.get("doc", declared.get("description"))
    return doc if isinstance(doc, str) else ""


def _in_context(verdict: Verdict, doc: str) -> Verdict:
    """An order written after its entity ("revision/recommendation-create") whose schema says
    what it holds without a word of that order ("Represents a recommendation for a given
    revision") is the thing, not the order; one whose doc names the act ("Represents a MW
    Page Delete event", "the creation of a campaign") keeps the verdict."""
    if verdict.kind != "command" or verdict.rename is None or not doc:
        return verdict
    verb, entity = verdict.words[0], verdict.words[1:]
    text = doc.lower().replace("-", "")
    names_entity = any(word in text for word in entity)
    names_act = verb[:max(4, len(verb) - 2)] in text
    return Verdict("noun", verdict.words) if names_entity and not names_act else verdict


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
