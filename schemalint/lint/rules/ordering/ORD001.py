"""ORD001: events whose key does not keep one entity's events in order."""

from __future__ import annotations

from collections.abc import Iterator

from schemalint.lint.reading import normalise
from schemalint.lint.rule_model import Hit, LintEntry, ProjectContext, Rule, RuleDoc, SchemaContext
from schemalint.lint.rules.metadata import metadata_view
from schemalint.lint.rules.topics import GOVERNED, is_key_subject, topic_of
from schemalint.lint.settings import LintSettings
from schemalint.model import SchemaType, Severity
from schemalint.regexes import lazy_compile
from schemalint.view import PROTO_TIMESTAMPS, Element

_TIMESTAMP_LOGICAL = ("timestamp", "local-timestamp", "date-time")
_SEQUENCE = lazy_compile(
    r"(version|sequence|seq|revision|generation|offset|lsn)(number|num|no|nr)?$")


def _event_id(name: str, settings: LintSettings) -> bool:
    return normalise(name) in {normalise(known) for known in settings.id_fields}


def _timestamp(item: Element, settings: LintSettings) -> bool:
    if (item.logical or "").startswith(_TIMESTAMP_LOGICAL) or item.logical in PROTO_TIMESTAMPS:
        return True
    return normalise(item.name) in {normalise(known) for known in settings.time_fields}


def _scattering_key(ctx: SchemaContext) -> Iterator[Hit]:
    for record in ctx.schema.view.roots:
        for item in record.fields.values():
            if _event_id(item.name, ctx.settings):
                what = "the event id"
            elif _timestamp(item, ctx.settings):
                what = "a timestamp"
            else:
                continue
            yield Hit(item.pointer, (
                f"The key field '{item.name_path}' is {what}: every event gets its own key, "
                "so one entity's events scatter over partitions and lose their order (and "
                "compaction keeps nothing). Key by the entity the events are about (order_id, "
                "customer_id)."
            ), f"{item.name_path}:key")


def _scattering_key_fields(ctx: SchemaContext, topic: str) -> Iterator[Hit]:
    key_fields = ctx.topic_settings.key_fields
    for record in ctx.schema.view.roots:
        for name in key_fields:
            item = record.fields.get(name)
            if item is None:
                continue
            if _event_id(name, ctx.settings) or _timestamp(item, ctx.settings):
                yield Hit(item.pointer, (
                    f"[[topics]] key-fields for '{topic}' names '{name}', which differs on "
                    "every event: one entity's events scatter over partitions and lose their "
                    "order. Key by the entity the events are about."
                ), f"{item.name_path}:key")


def _without_sequence(ctx: SchemaContext) -> Iterator[Hit]:
    for record in ctx.schema.view.roots:
        names = [f.name for f in metadata_view(record).fields]
        if any(_SEQUENCE.search(normalise(name)) for name in names):
            continue
        yield Hit(record.pointer, (
            f"'{record.name_path or 'the event'}' transfers state but carries no version or "
            "sequence number: a consumer that sees two updates out of order (a retry, a "
            "rebalance, a replay) cannot tell which is newer and keeps the stale one. Add a "
            "monotonically increasing 'version' (or 'sequence') per entity."
        ), f"{record.name_path}:sequence")


def check_keys(ctx: SchemaContext) -> Iterator[Hit]:
    topic = topic_of(ctx)
    if topic is None or ctx.topic_settings.kind != "event":
        return
    if is_key_subject(ctx):
        yield from _scattering_key(ctx)
        return
    yield from _scattering_key_fields(ctx, topic)
    if ctx.topic_settings.flavor == "state-transfer":
        yield from _without_sequence(ctx)


def _is_value(entry: LintEntry) -> bool:
    if entry.is_key is not None:
        return not entry.is_key
    return entry.subject is None or entry.subject.endswith("-value")


def _topic(entry: LintEntry) -> str | None:
    if entry.schema.schema_type not in GOVERNED:
        return None
    if entry.topic is not None:
        if entry.subject is None or entry.subject.startswith(f"{entry.topic}-") \
                or entry.is_key is not None:
            return entry.topic
        return None
    if entry.subject is not None:
        for suffix in ("-value", "-key"):
            if entry.subject.endswith(suffix):
                return entry.subject[: -len(suffix)]
    return None


def keyed_topics(entries: list[LintEntry] | tuple[LintEntry, ...],
                 known_subjects: frozenset[str] | None) -> set[str]:
    """Topics that have a key schema, among the entries and the project's known subjects."""
    keyed = {topic for entry in entries if entry.key for topic in (_topic(entry),) if topic}
    keyed |= {subject[: -len("-key")] for subject in known_subjects or ()
              if subject.endswith("-key")}
    return keyed


def _asked_for(settings: LintSettings) -> bool:
    named = (*settings.select, *settings.extend_select)
    return any(code != "ALL" and "ORD001".startswith(code) for code in named)


_EXTENSIONS = {SchemaType.AVRO: "avsc", SchemaType.JSON: "json", SchemaType.PROTOBUF: "proto"}


def _key_path(entry: LintEntry, topic: str) -> str:
    """Where the topic's key schema goes, named as its value file is: ``value.avsc`` →
    ``key.avsc``, ``orders-value.avsc`` → ``orders-key.avsc`` beside it."""
    path = entry.schema.path
    if path:
        folder, _, name = path.rpartition("/")
        if "value" in name:
            head, _, tail = name.rpartition("value")
            return f"{folder}/{head}key{tail}" if folder else f"{head}key{tail}"
    return f"schemas/{topic}/key.{_EXTENSIONS[entry.schema.schema_type]}"


def check_unkeyed_topics(ctx: ProjectContext) -> Iterator[tuple[int, Hit]]:
    known = ctx.settings.project_subjects
    if known is None and not any(entry.key for entry in ctx.entries) \
            and not _asked_for(ctx.settings):
        # Nothing says whether the project has key schemas at all (a run over some value
        # subjects only): absence of a key among the entries proves nothing, unless the
        # caller asked for this rule by name.
        return
    keyed = keyed_topics(list(ctx.entries), known)
    topics = keyed | {topic for entry in ctx.entries if (topic := _topic(entry))} | {
        subject[: -len("-value")] for subject in known or () if subject.endswith("-value")}
    if 2 * len(keyed) < len(topics) and not _asked_for(ctx.settings):
        # A project where most topics have no key schema keeps its keys elsewhere (most are
        # plain strings, which no registry holds; DRIVER-EU's 45 topics share one key
        # schema, copied at registration): their lack of one says nothing of their keys.
        # Where most topics have key schemas, a topic without one stands out.
        return
    reported: set[str] = set()
    for index, entry in enumerate(ctx.entries):
        topic = _topic(entry)
        if topic is None or topic in keyed or topic in reported or not _is_value(entry):
            continue
        settings = ctx.settings.topic(topic)
        if settings.kind != "event" or settings.key_fields:
            continue
        reported.add(topic)
        yield index, Hit("", (
            f"Event topic '{topic}' has neither a key schema nor [[topics]] key-fields: "
            "records without a key are spread round-robin, so the events of one order or "
            "customer land on different partitions and consumers see them out of order. Add "
            f"a key schema ({_key_path(entry, topic)}) or declare key-fields."
        ), f"topic:{topic}:key")


ORD001 = Rule(
    code="ORD001", name="ordering-not-guaranteed", default=Severity.WARNING,
    summary="An event topic whose key does not keep one entity's events in order.",
    check_schema=check_keys, check_project=check_unkeyed_topics,
    doc=RuleDoc(
        what=("On `kind = \"event\"` topics: a topic with neither a key subject (`…-key`) nor "
              "`[[topics]] key-fields`, judged where at least half the project's topics have a "
              "key subject (a project where most have none keeps its keys out of the "
              "registry, most often as plain strings, or shares one key schema) or when "
              "ORD001 is selected by name; a key schema field, or "
              "a key-field, that is the event "
              "id (`[metadata] id-fields`) or a timestamp (a timestamp logical type or a "
              "`[metadata] time-fields` name); and, on topics declared `flavor = "
              "\"state-transfer\"`, a value without a field whose name ends in `version`, "
              "`sequence`, `seq`, `revision`, `generation`, `offset` or `lsn` (optionally "
              "followed by `number`/`no`)."),
        why=("Kafka orders records per partition, and the partition comes from the key: "
             "without a key, or with a key that differs on every event, one entity's events "
             "spread over partitions and arrive out of order. State-transfer consumers keep "
             "the latest state, and need a version to know which state is the latest."),
        bad=('schemas/orders/key.avsc: {"type": "record", "name": "OrderKey", "fields": '
             '[{"name": "event_id", "type": "string"}]}'),
        good=('schemas/orders/key.avsc: {"type": "record", "name": "OrderKey", "fields": '
              '[{"name": "order_id", "type": "string"}]}'),
        fix=("Key each event by the entity it is about; declare `key-fields` when the key "
             "is a plain string; add a per-entity `version` to state-transfer events."),
    ),
)
