"""EVT003: a topic declared kind = "command" carries a message named as a fact."""

from __future__ import annotations

from collections.abc import Iterator

from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.lint.rules.naming import _describe, _verdicts
from schemalint.model import Severity


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
