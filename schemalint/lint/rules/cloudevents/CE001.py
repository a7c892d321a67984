"""CE001: a CloudEvents envelope missing a required attribute or with an illegal name."""

from __future__ import annotations

import re
from collections.abc import Iterator

from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.lint.rules.cloudevents import _DATA, REQUIRED, envelope
from schemalint.model import Severity
from schemalint.regexes import lazy_compile

_NAME = lazy_compile(r"^[a-z0-9]+$")


def check_required(ctx: SchemaContext) -> Iterator[Hit]:
    record = envelope(ctx)
    if record is None:
        return
    missing = [name for name in REQUIRED if name not in record.fields]
    if missing:
        yield Hit(record.pointer, (
            f"This CloudEvents envelope lacks the required attribute"
            f"{'s' if len(missing) > 1 else ''} {', '.join(repr(m) for m in missing)}: "
            "CloudEvents SDKs and brokers reject such events, and consumers cannot route or "
            "deduplicate them. Add them (id, source, specversion, type)."
        ), f"{record.name_path}:cloudevents")
    for item in record.fields.values():
        if item.name in _DATA or _NAME.match(item.name):
            continue
        yield Hit(item.pointer, (
            f"CloudEvents attribute '{item.name}' has characters other than lower-case "
            "letters and digits: the HTTP and Kafka bindings map attributes to header names "
            f"(ce_{item.name}) that other SDKs cannot read back. Rename it to "
            f"'{re.sub(r'[^a-z0-9]', '', item.name.lower()) or 'attribute'}'."
        ), f"{record.name_path}.{item.name}:cloudevents")


CE001 = Rule(
    code="CE001", name="cloudevents-envelope", default=Severity.ERROR,
    summary="A CloudEvents envelope missing a required attribute or with an illegal name.",
    check_schema=check_required,
    doc=RuleDoc(
        what=("Only top-level records and objects that are CloudEvents structured envelopes "
              "(they declare `specversion`, or three of `id`, `source`, `type` beside `data` "
              "or `data_base64`): a missing `id`, `source`, `specversion` or `type`; an "
              "attribute name outside lower-case letters and digits (`data` and "
              "`data_base64` excepted). Binary mode (`[[topics]] metadata = \"headers\"`), "
              "CloudEvents' Avro format (attributes in one map) and Protobuf messages "
              "(CloudEvents' Protobuf format names its attributes differently) pass."),
        why=("SDKs, brokers and routers reject events without the required attributes, and "
             "the protocol bindings turn attribute names into header names that only "
             "lower-case letters and digits survive."),
        bad=('{"title": "CloudEvent", "properties": {"specversion": {}, "type": {}, '
             '"event_source": {}, "data": {}}}'),
        good=('{"title": "CloudEvent", "properties": {"specversion": {}, "id": {}, "source": {}, '
              '"type": {}, "data": {}}}'),
        fix="Add the required attributes and rename extensions to lower-case letters and digits.",
    ),
)
