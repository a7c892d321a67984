"""SUB001: subjects that contradict the subject-name strategy the producers use."""

from __future__ import annotations

from collections.abc import Iterator

from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.lint.rules.topics import GOVERNED, is_key_subject
from schemalint.model import SchemaType, Severity
from schemalint.regexes import lazy_compile

_ROLE_FILE = lazy_compile(r"^(?:.+-)?(?P<role>key|value)(?:\.v[0-9]+)?(?:\.schema)?"
                          r"\.(?:avsc|json|proto|yaml|yml)$")


def _role(path: str | None) -> str | None:
    if not path:
        return None
    found = _ROLE_FILE.match(path.rsplit("/", 1)[-1])
    return found.group("role") if found else None


def expected_subject(strategy: str, topic: str | None, role: str | None,
                     record: str | None) -> str | None:
    """The subject Confluent's serializers derive, or None when the inputs do not say."""
    if strategy == "topic":
        return f"{topic}-{role}" if topic and role else None
    if strategy == "record":
        return record
    if strategy == "topic-record":
        return f"{topic}-{record}" if topic and record else None
    return None


def _record_name(ctx: SchemaContext) -> str | None:
    if ctx.schema.schema_type is SchemaType.PROTOBUF:
        # Confluent names a Protobuf schema by its first message's full name.
        names = ctx.schema.view.root_names
        return names[0] if names else None
    if ctx.schema.schema_type not in (SchemaType.AVRO, SchemaType.JSON):
        return None
    if ctx.schema.schema_type is SchemaType.JSON:
        title = ctx.schema.document.get("title") if isinstance(ctx.schema.document,
                                                                 dict) else None
        return title if isinstance(title, str) else None
    names = ctx.schema.view.root_names
    return names[0] if len(names) == 1 and isinstance(ctx.schema.document, dict) else None


def _explicit_mismatch(ctx: SchemaContext) -> Iterator[Hit]:
    subject = ctx.subject
    if subject is None or subject not in ctx.settings.explicit_subjects:
        return
    strategy = ctx.settings.strategy
    file = ctx.settings.explicit_subjects[subject] or ctx.schema.path
    record = _record_name(ctx)
    expected = expected_subject(strategy, ctx.topic, _role(file), record)
    if expected is None or expected == subject:
        return
    if strategy == "topic-record" and subject.endswith(f"-{record}") and \
            len(subject) > len(record or "") + 1:
        # The topic is whichever topic producers write the record to: an entry names it
        # where the folder does not (one record in two projects of a repository).
        return
    yield Hit("", (
        f"[[subjects]] names this schema '{subject}', but the {strategy} strategy the "
        f"producers' serializers use derives '{expected}': they register and look up "
        f"'{expected}', so '{subject}' is never read and its checks guard nothing. Use "
        f"subject = \"{expected}\", or configure the strategy the producers really use."
    ), f"subject:{subject}")


def _replaced_record(ctx: SchemaContext) -> Iterator[Hit]:
    if ctx.settings.strategy != "topic" or ctx.previous is None or is_key_subject(ctx):
        return
    if ctx.schema.schema_type is not SchemaType.AVRO or not isinstance(ctx.schema.document,
                                                                        dict):
        return
    # Only the names of the previous version's records: their fields are never read.
    roots, before = ctx.schema.view.roots, ctx.previous.view.root_names
    if len(roots) != 1 or not roots[0].name or not before:
        return
    current = roots[0]
    if current.name is None:
        return
    old_names = {name for name in before if name}
    old_short = {name.rsplit(".", 1)[-1] for name in old_names}
    aliases = current.declaration.get("aliases")
    known = {current.name, *(a for a in aliases if isinstance(a, str))} \
        if isinstance(aliases, list) else {current.name}
    namespace = current.name.rpartition(".")[0]
    known |= {f"{namespace}.{name}" for name in known if "." not in name and namespace}
    if known & old_names or current.short_name in old_short or not old_names:
        return
    previous = ", ".join(sorted(old_names))
    yield Hit("", (
        f"Under the topic strategy, subject '{ctx.subject or 'this subject'}' held {previous} "
        f"and now holds the unrelated record '{current.name}': one topic carries several "
        "event types, and a subject holds one schema at a time, so producers of the old "
        "type fail and consumers cannot read both. Make the value a union of the event "
        "types (a union root), or use the topic-record strategy."
    ), f"subject:{ctx.subject}:types")


def check_subjects(ctx: SchemaContext) -> Iterator[Hit]:
    if ctx.schema.schema_type not in GOVERNED:
        return
    yield from _explicit_mismatch(ctx)
    yield from _replaced_record(ctx)


SUB001 = Rule(
    code="SUB001", name="subject-strategy-mismatch", default=Severity.ERROR,
    summary="A subject that contradicts the subject-name strategy.",
    check_schema=check_subjects,
    doc=RuleDoc(
        what=("An explicit `[[subjects]]` entry whose subject differs from what the "
              "configured `strategy` derives for its file: `<topic>-key`/`<topic>-value` "
              "for `key`/`value` files under `topic`, the record's full name (JSON Schema: "
              "its `title`; Protobuf: the first message's full name) under `record`, "
              "`<topic>-<full name>` under `topic-record` (where an entry may name any "
              "topic: the record part is what the strategy fixes). "
              "Files the strategy does not name (a referenced type) pass. Under `topic`, "
              "also a value subject whose top-level Avro record is replaced by an unrelated "
              "one (another name, not an alias, no union root)."),
        why=("Confluent's serializers derive the subject from the strategy; a subject that "
             "differs is never the one producers register to, so its checks protect "
             "nothing. Several event types on one topic need a union root under the topic "
             "strategy, or each new type replaces the last."),
        bad=('strategy = "record"\n[[subjects]]\nsubject = "orders-value"\n'
             'file = "schemas/orders/OrderPlaced.avsc"  # record com.acme.OrderPlaced'),
        good=('strategy = "record"\n[[subjects]]\nsubject = "com.acme.OrderPlaced"\n'
              'file = "schemas/orders/OrderPlaced.avsc"'),
        fix=("Name the subject as the strategy derives it, or configure the strategy the "
             "producers really use; for several event types per topic, use a union root "
             "or `topic-record`."),
    ),
)
