"""Event naming, EVT001–EVT003: what message names say about the design."""

from __future__ import annotations

import fnmatch
from typing import Literal, NamedTuple

from schemalint.lint.lexicon import IDENTICAL_PARTICIPLES, lexicon
from schemalint.lint.name_classifier import Verdict, classify, split_words
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
        doc, fields = _doc(ctx.schema), _field_words(ctx.schema)
        outcome = _reports_outcome(ctx.schema)
        return _topic_in_context([
            (source, _as_written(source, _in_context(
                classify(source.text, extra_verbs=_extra(ctx.settings),
                         topic=source.origin == "topic"), doc, fields, outcome=outcome)))
            for source in message_names(ctx.schema, ctx.topic)
            if not _allowed(source.text, ctx.settings)])
    return ctx.cached("naming.verdicts", compute)


def _topic_in_context(verdicts: list[tuple[NameSource, Verdict]]
                      ) -> list[tuple[NameSource, Verdict]]:
    """A topic read as an order or a question, on a schema whose own name reads as a thing,
    is the channel of that thing: the schema's record name or title says what a message is,
    and a topic's words often name a folder, a product or a kind of document
    ("glean.session-end" carrying a schema titled "Ping transport"). Where the schema names a
    fact or nothing, the topic is read as written ("orders.place-order" carrying
    "OrderPlaced" still orders)."""
    named = [verdict for source, verdict in verdicts if source.origin != "topic"]
    if named and all(verdict.kind in ("query", "reply") for verdict in named):
        # A question or an answer on a channel named for the order it serves (AsyncAPI's
        # request and reply on one channel): the message says what it is, and EVT002 says
        # it; the channel's order is not said again for it.
        return [(source, Verdict("noun", verdict.words) if source.origin == "topic"
                 and verdict.kind == "command" else verdict)
                for source, verdict in verdicts]
    if not named or any(verdict.kind != "noun" for verdict in named):
        return verdicts
    return [(source, Verdict("noun", verdict.words) if source.origin == "topic"
             and verdict.kind in ("command", "query") else verdict)
            for source, verdict in verdicts]


def _doc(schema: Schema) -> str:
    """The first record's doc (Avro) or description (JSON Schema)."""
    roots = schema.view.roots
    if not roots:
        return ""
    declared = roots[0].declaration
    doc = declared.get("doc", declared.get("description"))
    return doc if isinstance(doc, str) else ""


def _field_words(schema: Schema) -> frozenset[str]:
    """The words of the first record's field names (``ping_info`` gives ``ping`` and
    ``info``)."""
    roots = schema.view.roots
    if not roots:
        return frozenset()
    return frozenset(word for name in roots[0].fields for word in split_words(name))


def _reports_outcome(schema: Schema) -> bool:
    """Whether the first record's fields say how an act went: two or more that name what
    was done to something ("bytes_downloaded", "user_cancelled"), as a report of an install
    does and the order to install does not. A past form alone is a state the thing is in
    ("enabled", "archived"), which an order can set."""
    roots = schema.view.roots
    if not roots:
        return False
    lex = lexicon()
    ended = 0
    for name in roots[0].fields:
        words = split_words(name)
        if len(words) > 1 and lex.is_past(words[-1]) and words[-1] not in IDENTICAL_PARTICIPLES:
            ended += 1
    return ended >= 2


def _in_context(verdict: Verdict, doc: str, fields: frozenset[str] = frozenset(), *,
                outcome: bool = False) -> Verdict:
    """An order written after its entity ("revision/recommendation-create") whose schema says
    what it holds without a word of that order ("Represents a recommendation for a given
    revision") is the thing, not the order; one whose doc names the act ("Represents a MW
    Page Delete event", "the creation of a campaign") keeps the verdict.

    A verb-first name whose verb the schema's own fields use as a thing ("Ping transport"
    with a ``ping_info`` field: the transport of a ping, as Mozilla's Glean pings are
    titled) is read as that thing: a word that is a noun and a verb, with the schema using it
    as a noun, is too uncertain an order to report. So is a name whose schema's fields report
    how the act went (``outcome``: "install" with ``bytes_downloaded`` and
    ``user_cancelled``)."""
    if verdict.kind == "command" and ((len(verdict.words) > 1 and verdict.words[0] in fields)
                                      or outcome):
        return Verdict("noun", verdict.words)
    if verdict.kind != "command" or verdict.rename is None or not doc:
        return verdict
    verb, entity = verdict.words[0], verdict.words[1:]
    text = doc.lower().replace("-", "")
    names_entity = any(word in text for word in entity)
    names_act = verb[:max(4, len(verb) - 2)] in text
    return Verdict("noun", verdict.words) if names_entity and not names_act else verdict


# Words an order written as prose puts before its object: "Transfer a Patient".
_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "these", "those", "each", "every",
                          "all", "my", "your", "our", "their", "its", "his", "her", "some"})


def _as_written(source: NameSource, verdict: Verdict) -> Verdict:
    """A title written as a sentence-case phrase, without an article, whose first word is
    also a noun ("Ping transport", "Crash report"): English orders written as prose keep
    their articles ("Transfer a Patient"), noun phrases drop them, and the words alone cannot
    tell "ping the transport" from "the transport of a ping". Too uncertain to report.
    Title Case names ("Retrieve Document Set", "Swap Patients") are the names of
    transactions, and keep their verdict."""
    if source.origin != "title" or verdict.kind != "command":
        return verdict
    written = source.text.split()
    if len(written) < 2 or any(word.lower() in _DETERMINERS for word in written[1:]):
        return verdict
    if any(word[:1].isupper() for word in written[1:]):
        return verdict
    return Verdict("noun", verdict.words) if lexicon().is_noun(written[0].lower()) else verdict


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
