"""KEY001: a new key schema moves equal keys to other partitions."""

from __future__ import annotations

from collections.abc import Iterator

from schemalint.lint.rule_model import Hit, ProjectContext, Rule, RuleDoc
from schemalint.model import Severity


def check_key_change(ctx: ProjectContext) -> Iterator[tuple[int, Hit]]:
    for index, entry in enumerate(ctx.entries):
        if not entry.key or entry.previous is None:
            continue
        # As the check told them apart (a hint, then digests it kept): nothing written again.
        if entry.previous.same_identity(entry.schema):
            continue
        subject = entry.subject or entry.schema.path or "this key"
        yield index, Hit("", (
            f"The key schema of '{subject}' changed. Confluent's serializers write the schema "
            "id into every key's bytes, so a new key-schema version, compatible or not, makes "
            "equal keys hash to different partitions: per-key ordering breaks and compaction "
            "keeps two latest values per key. Keep the previous key schema; if the key must "
            "change, move to a new topic and migrate its consumers."
        ), "key")


KEY001 = Rule(
    code="KEY001", name="key-schema-changed", default=Severity.ERROR,
    summary="A new key-schema version: equal keys now land on other partitions.",
    check_project=check_key_change,
    doc=RuleDoc(
        what=("Key subjects (`…-key`) whose schema differs by identity from the previous "
              "version. A re-formatted key that the registry would call the same schema "
              "passes."),
        why=("The Confluent wire format puts a magic byte and the schema id in front of the "
             "serialized key, and the default partitioner hashes those bytes. A new key "
             "schema id changes the hash of every key, even when the change is compatible: "
             "ordering per key and log compaction both break."),
        bad=('key.avsc v1: {"type": "record", "name": "OrderKey", "fields": [{"name": "id", '
             '"type": "string"}]}  v2 adds {"name": "region", "type": "string", '
             '"default": "eu"}'),
        good="key.avsc unchanged since the topic was created",
        fix=("Revert the key schema. To change what the key is, create a new topic with the "
             "new key and migrate producers and consumers to it."),
    ),
)
