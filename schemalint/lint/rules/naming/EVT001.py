"""EVT001: an event named as an imperative (SendEmail) instead of a fact (EmailSent)."""

from __future__ import annotations

from collections.abc import Iterator

from schemalint.lint.name_classifier import Verdict, propose_topic
from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.lint.rules.naming import NameSource, _describe, _verdicts
from schemalint.model import Severity


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
