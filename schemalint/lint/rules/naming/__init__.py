"""EVT001, EVT002, EVT003: what message names say about the design."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from typing import Literal, NamedTuple

from schemalint.model import Schema, SchemaType, Severity
from schemalint.rules.base import Hit, ProjectContext, Rule, RuleDoc, SchemaContext
from schemalint.rules.names import Verdict, classify, propose_topic, split_words
from schemalint.rules.settings import LintSettings
from schemalint.rules.shape import Shape, root_shapes

Origin = Literal["record", "title", "message", "topic"]


class NameSource(NamedTuple):
    text: str
    pointer: str
    origin: Origin


def message_names(schema: Schema, topic: str | None,
                  shapes: list[Shape] | None = None) -> list[NameSource]:
    """The names a schema goes by: Avro record names, JSON Schema titles, the Protobuf
    file's first message (the one Confluent names the schema by), and its topic."""
    names: list[NameSource] = []
    for shape in root_shapes(schema) if shapes is None else shapes:
        if schema.schema_type is SchemaType.AVRO and shape.name:
            names.append(NameSource(shape.name, f"{shape.pointer}/name", "record"))
        elif schema.schema_type is SchemaType.JSON and shape.name:
            names.append(NameSource(shape.name, f"{shape.pointer}/title", "title"))
        elif schema.schema_type is SchemaType.PROTOBUF and shape.name:
            names.append(NameSource(shape.name, shape.pointer, "message"))
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
                for source in message_names(ctx.schema, ctx.topic, ctx.shapes)
                if not _allowed(source.text, ctx.settings)]
    return ctx.cached("naming.verdicts", compute)


def _extra(settings: LintSettings) -> tuple[str, ...]:
    return tuple(word.lower() for word in settings.extra_verbs)


def _describe(source: NameSource) -> str:
    return {"record": "record name", "title": "title", "message": "message name",
            "topic": "topic"}[source.origin]


def _proposal(source: NameSource, verdict: Verdict) -> str | None:
    if source.origin == "topic":
        return propose_topic(source.text, verdict)
    if verdict.proposal is None:
        return None
    namespace, _, _ = source.text.rpartition(".")
    return f"{namespace}.{verdict.proposal}" if namespace and source.origin in (
        "record", "message") else verdict.proposal


def check_command_names(ctx: SchemaContext) -> Iterator[Hit]:
    if ctx.topic_settings.kind == "command":
        return
    for source, verdict in _verdicts(ctx):
        if verdict.kind != "command":
            continue
        proposal = _proposal(source, verdict)
        fix = f"name the fact instead: '{proposal}'" if proposal else "name the fact instead"
        yield Hit(source.pointer, (
            f"The {_describe(source)} '{source.text}' is an imperative: a command published to "
            "a log queues work for one recipient while every other consumer has to guess "
            f"whether it happened. {fix[0].upper()}{fix[1:]}; if this topic really carries "
            "commands, declare it with kind = \"command\" in [[topics]]."
        ), f"{source.origin}:{source.text}")


def check_event_on_command_topic(ctx: SchemaContext) -> Iterator[Hit]:
    if ctx.topic_settings.kind != "command":
        return
    for source, verdict in _verdicts(ctx):
        if verdict.kind == "event":
            yield Hit(source.pointer, (
                f"The {_describe(source)} '{source.text}' states a fact, but topic "
                f"'{ctx.topic}' is declared kind = \"command\": its one consumer will treat "
                "a notification as an order to act. Name the command (what should happen), "
                "or move the event to an event topic."
            ), f"{source.origin}:{source.text}")


def check_request_reply(ctx: SchemaContext) -> Iterator[Hit]:
    for source, verdict in _verdicts(ctx):
        if verdict.kind == "query":
            yield Hit(source.pointer, (
                f"The {_describe(source)} '{source.text}' asks a question: request/reply over "
                "the log adds a round trip of latency, ties the asker to one answerer and "
                "leaves unanswered questions in every replay. Read the owner's API or a "
                "materialised view instead, and publish the facts that change the answer."
            ), f"{source.origin}:{source.text}")
        elif verdict.kind == "reply":
            yield Hit(source.pointer, (
                f"The {_describe(source)} '{source.text}' is a reply: the log is then carrying "
                "request/response with extra latency and a consumer that must correlate "
                "answers. Publish what happened as a fact (for example "
                "'BalanceChecked', 'CreditReserved') that any consumer can use."
            ), f"{source.origin}:{source.text}")


_REQUESTED = "requested"
_ANSWERS = ("responded", "replied", "answered", "response", "reply", "responses", "replies")


def _core_words(name: str) -> tuple[str, ...]:
    words = split_words(name.rsplit(".", 1)[-1])
    while words and (words[-1] in ("event", "message") or words[-1][-1:].isdigit()):
        words.pop()
    return tuple(words)


def check_request_reply_pairs(ctx: ProjectContext) -> Iterator[tuple[int, Hit]]:
    requests: dict[tuple[str, ...], list[tuple[int, NameSource]]] = {}
    answers: dict[tuple[str, ...], tuple[int, NameSource]] = {}
    for index, entry in enumerate(ctx.entries):
        for source in message_names(entry.schema, entry.topic):
            if source.origin == "topic" or _allowed(source.text, ctx.settings):
                continue
            words = _core_words(source.text)
            if len(words) > 1 and words[-1] == _REQUESTED:
                requests.setdefault(words[:-1], []).append((index, source))
            elif len(words) > 1 and words[-1] in _ANSWERS:
                answers.setdefault(words[:-1], (index, source))
    for stem, found in requests.items():
        answer = answers.get(stem)
        if answer is None:
            continue
        for index, source in found:
            yield index, Hit(source.pointer, (
                f"'{source.text}' is answered by '{answer[1].text}': together they are "
                "request/reply over the log, with the latency of two round trips through "
                "the broker and a requester that must correlate answers. Call the owner "
                "directly, or publish the outcome as a fact that needs no request."
            ), f"pair:{source.text}")


EVT001 = Rule(
    code="EVT001", name="command-style-event-name", default=Severity.ERROR,
    summary="An event named as an imperative (SendEmail) instead of a fact (EmailSent).",
    check_schema=check_command_names,
    doc=RuleDoc(
        what=("The Avro record name (namespace included), the JSON Schema `title`, the "
              "Protobuf file's first message (package included: the message Confluent names "
              "the schema by) and the topic name, in any case convention, with environment, "
              "version and suffix parts such as `Event`, `Command` or `V2` ignored. A name "
              "that opens with an imperative verb (`SendEmail`, `orders.place-order`), "
              "carries a command suffix "
              "(`CreateUserCommand`, `RefundRequest`) or lives in a `commands` namespace is "
              "reported. Past-tense facts (`EmailSent`, `PasswordReset`, `ServerShutDown`), "
              "nouns that are also verbs (`Refund`, `PriceUpdate`) and state names "
              "(`CustomerProfile`) are not. Off on topics declared `kind = \"command\"`."),
        why=("An event is a fact with no recipient: any number of consumers can react to it, "
             "now or on replay. A command has one intended recipient and expects it to act; "
             "on a shared log every other consumer must guess whether the thing happened, "
             "and a replay repeats the order."),
        bad='{"type": "record", "name": "SendEmail", "namespace": "com.acme.mail", ...}',
        good='{"type": "record", "name": "EmailSent", "namespace": "com.acme.mail", ...}',
        fix=("Name what happened, in the past tense (the message proposes one). If the topic "
             "really is a command channel, declare it with `kind = \"command\"` under "
             "`[[topics]]`; to keep a legacy name, add it to `[naming] allow` or suppress it "
             "inline with a reason."),
    ),
)

EVT002 = Rule(
    code="EVT002", name="request-reply-over-log", default=Severity.WARNING,
    summary="Queries, replies and XRequested/XResponded pairs: request/reply over the log.",
    check_schema=check_request_reply, check_project=check_request_reply_pairs,
    doc=RuleDoc(
        what=("Query-shaped names (`GetBalance`, `FetchUserQuery`), replies (`…Response`, "
              "`…Reply`, `…Result`, a `….response` topic), and within the project a pair "
              "such as `PaymentRequested` with `PaymentResponded` or `PaymentReply`. A lone "
              "`RefundRequested` is a fact and is not reported."),
        why=("Request/reply through a broker costs two trips through the log, couples the "
             "asker to one answerer, and leaves questions nobody will answer in every replay; "
             "a synchronous call or a materialised view does the same job better."),
        bad='{"type": "record", "name": "GetBalanceRequest", ...}',
        good='{"type": "record", "name": "BalanceChanged", ...}',
        fix=("Read the data from the owner's API or from a view built from events; publish "
             "the facts that change the answer. If request/reply over the log is deliberate, "
             "ignore the rule for those topics with per-file ignores."),
    ),
)

EVT003 = Rule(
    code="EVT003", name="event-on-command-topic", default=Severity.WARNING,
    summary="A topic declared kind = \"command\" carries a message named as a fact.",
    check_schema=check_event_on_command_topic,
    doc=RuleDoc(
        what=("On topics declared `kind = \"command\"`, record names, titles, Protobuf "
              "message names and topic names that read as past-tense facts (`OrderPlaced`)."),
        why=("A command topic has one consumer that acts on each message; an event name "
             "there tells readers something happened when in fact something is asked to."),
        bad='[[topics]] match = "billing.commands" kind = "command"  # schema: InvoiceIssued',
        good='[[topics]] match = "billing.commands" kind = "command"  # schema: IssueInvoice',
        fix=("Name the command (`IssueInvoice`), or move the event to an event topic and "
             "let the command topic carry commands only."),
    ),
)
