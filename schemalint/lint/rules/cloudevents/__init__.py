"""CE001, CE002: CloudEvents structured envelopes against the specification (v1.0.2)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from schemalint.model import SchemaType, Severity
from schemalint.rules.base import Hit, Rule, RuleDoc, SchemaContext
from schemalint.rules.shape import Element, Shape, as_list
from schemalint.sourcemap import join_pointer

REQUIRED = ("id", "source", "specversion", "type")
_DATA = ("data", "data_base64")
_NAME = re.compile(r"^[a-z0-9]+$")
MAX_NAME = 20
# Reverse-DNS: a top-level domain first, then at least two more segments.
_REVERSE_DNS = re.compile(r"^[a-z]{2,}(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(\.[A-Za-z0-9_-]+)+$")
_GENERIC_TLDS = frozenset({
    "com", "org", "net", "io", "dev", "edu", "gov", "mil", "int", "biz", "info", "app",
    "cloud", "co", "ai", "tech", "xyz", "online", "site", "store", "shop", "systems",
    "solutions", "global", "group", "company", "digital", "network", "services", "software",
    "eu", "asia",
})


def envelope(ctx: SchemaContext) -> Shape | None:
    """The top-level record that is a CloudEvents structured envelope, or None.

    It is one when it declares ``specversion``, or three of the other required attributes
    beside ``data``/``data_base64``. CloudEvents' Avro format (an ``attribute`` map) keeps
    names in data and is not judged; binary mode (``metadata = "headers"``) has no envelope.
    """
    if ctx.topic_settings.metadata == "headers":
        return None
    if ctx.schema.schema_type is SchemaType.PROTOBUF:
        # CloudEvents' Protobuf format is its own message (spec_version, an attribute map, a
        # data oneof); the JSON envelope's attribute rules do not apply to it.
        return None
    for shape in ctx.shapes:
        fields = shape.fields
        if "attribute" in fields and "map" in fields["attribute"].kinds:
            continue
        if "specversion" in fields:
            return shape
        present = sum(name in fields for name in REQUIRED)
        if present >= 3 and any(name in fields for name in _DATA):
            return shape
    return None


def check_required(ctx: SchemaContext) -> Iterator[Hit]:
    shape = envelope(ctx)
    if shape is None:
        return
    missing = [name for name in REQUIRED if name not in shape.fields]
    if missing:
        yield Hit(shape.pointer, (
            f"This CloudEvents envelope lacks the required attribute"
            f"{'s' if len(missing) > 1 else ''} {', '.join(repr(m) for m in missing)}: "
            "CloudEvents SDKs and brokers reject such events, and consumers cannot route or "
            "deduplicate them. Add them (id, source, specversion, type)."
        ), f"{shape.name_path}:cloudevents")
    for item in shape.fields.values():
        if item.name in _DATA or _NAME.match(item.name):
            continue
        yield Hit(item.pointer, (
            f"CloudEvents attribute '{item.name}' has characters other than lower-case "
            "letters and digits: the HTTP and Kafka bindings map attributes to header names "
            f"(ce_{item.name}) that other SDKs cannot read back. Rename it to "
            f"'{re.sub(r'[^a-z0-9]', '', item.name.lower()) or 'attribute'}'."
        ), f"{shape.name_path}.{item.name}:cloudevents")


def _type_values(item: Element) -> list[tuple[str, str]]:
    """The literal values a schema gives the ``type`` attribute, with their pointers."""
    raw: Any = item.raw
    found: list[tuple[str, str]] = []
    if not isinstance(raw, Mapping):
        return found
    if isinstance(raw.get("const"), str):
        found.append((raw["const"], join_pointer(item.pointer, "const")))
    for index, value in enumerate(as_list(raw.get("enum"))):
        if isinstance(value, str):
            found.append((value, join_pointer(item.pointer, "enum", index)))
    if isinstance(raw.get("default"), str):
        found.append((raw["default"], join_pointer(item.pointer, "default")))
    for index, value in enumerate(as_list(raw.get("examples"))):
        if isinstance(value, str):
            found.append((value, join_pointer(item.pointer, "examples", index)))
    return found


def reverse_dns(value: str) -> bool:
    if not _REVERSE_DNS.match(value):
        return False
    first = value.split(".", 1)[0]
    return first in _GENERIC_TLDS or len(first) == 2


def check_recommendations(ctx: SchemaContext) -> Iterator[Hit]:
    shape = envelope(ctx)
    if shape is None:
        return
    for item in shape.fields.values():
        if len(item.name) > MAX_NAME and item.name not in _DATA:
            yield Hit(item.pointer, (
                f"CloudEvents attribute '{item.name}' is {len(item.name)} characters long; the "
                f"specification recommends at most {MAX_NAME}, and some transports limit "
                "header names. Shorten it."
            ), f"{shape.name_path}.{item.name}:length")
    type_field = shape.fields.get("type")
    if type_field is None:
        return
    for value, pointer in _type_values(type_field):
        if not reverse_dns(value):
            yield Hit(pointer, (
                f"CloudEvents type '{value}' is not prefixed with a reverse-DNS name: the "
                "specification recommends one (com.acme.orders.placed) so that types from "
                "different producers never collide. Prefix it with your organisation's "
                "reversed domain."
            ), f"{shape.name_path}.type:{value}")


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

CE002 = Rule(
    code="CE002", name="cloudevents-recommendations", default=Severity.WARNING,
    summary="A CloudEvents envelope against the specification's recommendations.",
    check_schema=check_recommendations,
    doc=RuleDoc(
        what=(f"In CloudEvents structured envelopes (as CE001 finds them): attribute names "
              f"longer than {MAX_NAME} characters, and `type` values the schema states "
              "(`const`, `enum`, `default`, `examples`) that are not prefixed with a "
              "reverse-DNS name (a top-level domain, then at least two segments)."),
        why=("The specification recommends short names because some transports limit "
             "header names, and reverse-DNS types so that producers never collide."),
        bad='"type": {"type": "string", "const": "order.placed"}',
        good='"type": {"type": "string", "const": "com.acme.orders.placed"}',
        fix="Shorten long attribute names; prefix types with your reversed domain.",
    ),
)
