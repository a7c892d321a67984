"""EVT001: an event named as an imperative (SendEmail) instead of a fact (EmailSent)."""

from __future__ import annotations

from collections.abc import Iterator

from schemalint.lint.name_classifier import Verdict, propose_topic
from schemalint.lint.rule_model import Hit, ProjectContext, Rule, RuleDoc, SchemaContext
from schemalint.lint.rules.naming import NameSource, _describe, _verdicts, one_per_schema
from schemalint.lint.rules.naming._siblings import (
    Sibling,
    could_be_shown,
    declared,
    read_beside,
)
from schemalint.model import Severity


def _proposal(source: NameSource, verdict: Verdict) -> str | None:
    if verdict.rename is not None:
        return verdict.rename
    if source.origin == "topic":
        return propose_topic(source.text, verdict)
    if verdict.proposal is None:
        return None
    namespace, _, _ = source.text.rpartition(".")
    return f"{namespace}.{verdict.proposal}" if namespace and source.origin in (
        "record", "message") else verdict.proposal


def _message(source: NameSource, verdict: Verdict, also: list[NameSource]) -> str:
    order = " ".join(verdict.words)
    proposal = _proposal(source, verdict)
    fix = f"Name the fact instead: '{proposal}'." if proposal else \
        "Name the fact instead, in the past tense."
    same = "".join(f" The {_describe(other)} '{other.text}' says the same." for other in also)
    return (
        f"The {_describe(source)} '{source.text}' reads as an order (\"{order}\"): a reader "
        "of the log cannot tell whether it already happened or is still to be done, and a "
        f"replay orders it again. {fix}{same} If this topic really carries commands, declare "
        "it with kind = \"command\" in [[topics]]."
    )


def check_command_names(ctx: SchemaContext) -> Iterator[Hit]:
    if ctx.topic_settings.kind == "command":
        return
    found = one_per_schema(_verdicts(ctx), ("command",))
    if found is not None:
        (source, verdict), also = found
        yield Hit(source.pointer, _message(source, verdict, also),
                  f"{source.origin}:{source.text}")


def check_command_names_beside_siblings(ctx: ProjectContext) -> Iterator[tuple[int, Hit]]:
    """Names that alone could be things, shown to be orders by the project's other schemas
    (``_siblings.read_beside``); those the schema pass reports are left to it."""
    candidates: list[tuple[int, Sibling]] = []
    names: list[Sibling] = []
    for index, entry in enumerate(ctx.entries):
        schema_ctx = SchemaContext(entry.schema, entry.subject, entry.topic, ctx.settings,
                                   memo=dict(entry.memo or {}))
        verdicts = _verdicts(schema_ctx)
        own = declared(verdicts)
        if own is None:
            continue
        names.append(own)
        if schema_ctx.topic_settings.kind != "command" and not any(
                verdict.kind == "command" for _, verdict in verdicts):
            candidates.append((index, own))
    readings = read_beside(names)
    by_name = {id(sibling): reading for sibling, reading in zip(names, readings, strict=True)}
    for index, own in candidates:
        reading = by_name.get(id(own))
        if reading is None:
            continue
        source = own.source
        yield index, Hit(source.pointer, (
            f"The {_describe(source)} '{source.text}' reads as an order "
            f"(\"{' '.join(reading.words)}\") beside {reading.witness}: a word that alone "
            "could be a noun is, in this project, the verb of an order. A reader of the log "
            "cannot tell whether it already happened or is still to be done, and a replay "
            "orders it again. Name the fact instead, in the past tense. If this topic really "
            "carries commands, declare it with kind = \"command\" in [[topics]]."
        ), f"{source.origin}:{source.text}")


def _judged_alone(ctx: SchemaContext) -> bool:
    """Whether the schema pass alone can judge an EVT001 suppression here: not where the
    schema's own name is one its siblings could show to be an order."""
    own = declared(_verdicts(ctx))
    return own is None or not could_be_shown(own)


EVT001 = Rule(
    code="EVT001", name="command-style-event-name", default=Severity.ERROR,
    summary="An event named as an imperative (SendEmail) instead of a fact (EmailSent).",
    check_schema=check_command_names, check_project=check_command_names_beside_siblings,
    judged_alone=_judged_alone,
    doc=RuleDoc(
        what=("The Avro record name (namespace included), the JSON Schema `title`, the "
              "Protobuf file's first message (package included: the message Confluent names "
              "the schema by) and the topic name, in any case convention, with environment, "
              "version and suffix parts such as `Event`, `Command` or `V2` ignored. A name "
              "that opens with an imperative verb (`SendEmail`, `orders.place-order`, "
              "`ForceDeleteUser`, `ReEnrollMember`), ends with an order after its entity "
              "(`invoice/void`, `PAYMENT_LINKS_CREATE`, `project_create`), carries a command "
              "suffix (`CreateUserCommand`, `RefundRequest`) or lives in a `commands` "
              "namespace is reported, once per schema however many of its names say so. "
              "Within a project, a name that alone could be a noun is read beside the other "
              "schemas: a verb in front of an entity the project reports facts about "
              "(`OrderBurger` beside `BurgerCompleted`) or an object of its orders (`StepHue` "
              "beside `MoveToHue`) orders, and where two or more siblings "
              "are written as an entity then an operation (`ContainerCreate`, `VolumeRemove`), "
              "so does every name so written whose last word can order (`ContainerStart`); "
              "where two or more lone names, one in four, are orders named by a verb alone "
              "(`Suspend`, `Reset`), so is a lone word that can be a verb (`Halt`). A message "
              "type under a command prefix is the operation after it (`CommandSubscribe`, "
              "`MAV_CMD_SET_CAMERA_MODE`), a JSON-RPC method is read without its namespace "
              "(`eth_sendTransaction`), and lower-case words run together are split "
              "(`decoderawtransaction`). "
              "Past-tense facts (`EmailSent`, `PasswordReset`, `ServerShutDown`), nouns that "
              "are also verbs (`Refund`, `PriceUpdate`), compounds whose last word is a thing "
              "(`ProcessMetrics`, `RunSummary`, `CrashReport`, `upload_failure`) and state "
              "names (`CustomerProfile`) are not. Off on topics declared "
              "`kind = \"command\"`. The verbs, their past forms and whether a word is also a "
              "noun come from LemmInflect's inflection table."),
        why=("An event is a fact with no recipient: any number of consumers can react to it, "
             "now or on replay. A command has one intended recipient and expects it to act; "
             "on a shared log every other consumer must guess whether the thing happened, "
             "and a replay repeats the order."),
        bad='{"type": "record", "name": "SendEmail", "namespace": "com.acme.mail", ...}',
        good='{"type": "record", "name": "EmailSent", "namespace": "com.acme.mail", ...}',
        fix=("Name what happened, in the past tense, keeping the entity (the message proposes "
             "a name when one is certain: `invoice/void` -> `invoice.voided`). If the topic "
             "really is a command channel, declare it with `kind = \"command\"` under "
             "`[[topics]]`; to keep a legacy name, add it to `[naming] allow` or suppress it "
             "inline with a reason."),
    ),
)
