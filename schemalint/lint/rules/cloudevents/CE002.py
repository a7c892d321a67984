"""CE002: a CloudEvents envelope against the specification's recommendations."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from schemalint.lint.reading import as_list
from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.lint.rules.cloudevents import _DATA, envelope
from schemalint.model import Severity
from schemalint.regexes import lazy_compile
from schemalint.sourcemap import join_pointer
from schemalint.view import Element

MAX_NAME = 20
# Reverse-DNS: a top-level domain first, then at least two more segments.
_REVERSE_DNS = lazy_compile(r"^[a-z]{2,}(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(\.[A-Za-z0-9_-]+)+$")
_GENERIC_TLDS = frozenset({
    "com", "org", "net", "io", "dev", "edu", "gov", "mil", "int", "biz", "info", "app",
    "cloud", "co", "ai", "tech", "xyz", "online", "site", "store", "shop", "systems",
    "solutions", "global", "group", "company", "digital", "network", "services", "software",
    "eu", "asia",
})


def _type_values(item: Element) -> list[tuple[str, str]]:
    """The literal values a schema gives the ``type`` attribute, with their pointers."""
    raw: Any = item.declaration
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
    record = envelope(ctx)
    if record is None:
        return
    for item in record.fields.values():
        if len(item.name) > MAX_NAME and item.name not in _DATA:
            yield Hit(item.pointer, (
                f"CloudEvents attribute '{item.name}' is {len(item.name)} characters long; the "
                f"specification recommends at most {MAX_NAME}, and some transports limit "
                "header names. Shorten it."
            ), f"{record.name_path}.{item.name}:length")
    type_field = record.fields.get("type")
    if type_field is None:
        return
    for value, pointer in _type_values(type_field):
        if not reverse_dns(value):
            yield Hit(pointer, (
                f"CloudEvents type '{value}' is not prefixed with a reverse-DNS name: the "
                "specification recommends one (com.acme.orders.placed) so that types from "
                "different producers never collide. Prefix it with your organisation's "
                "reversed domain."
            ), f"{record.name_path}.type:{value}")


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
