"""FLD003: one field name typed differently across the project."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from schemalint.lint.rule_model import Hit, ProjectContext, Rule, RuleDoc
from schemalint.lint.rules.fields import _FIXED_PREFIXES, _allowed
from schemalint.model import Severity
from schemalint.view import PROTO_TIMESTAMPS, Element


def _project_fields(ctx: ProjectContext) -> list[tuple[Element, ...]]:
    """Every entry's fields."""
    return [entry.schema.view.fields for entry in ctx.entries]


_FAMILY = {"int": "integer", "long": "integer", "float": "number", "double": "number",
           "enum": "string", "fixed": "bytes"}
_LOGICAL_FAMILY = {
    "timestamp-millis": "timestamp", "timestamp-micros": "timestamp",
    "timestamp-nanos": "timestamp", "local-timestamp-millis": "timestamp",
    "local-timestamp-micros": "timestamp", "local-timestamp-nanos": "timestamp",
    "date-time": "timestamp", "org.apache.kafka.connect.data.Timestamp": "timestamp",
    "date": "date", "decimal": "decimal", "time-millis": "time", "time-micros": "time",
    "time": "time", "uuid": "string",
    **dict.fromkeys(PROTO_TIMESTAMPS, "timestamp"), "google.type.Date": "date",
    "google.type.TimeOfDay": "time",
}


def type_family(item: Element) -> str | None:
    """What a field holds, compared across formats: ``string``, ``integer``, ``timestamp``…"""
    return _family(item.kinds, item.logical)


@lru_cache(maxsize=1024)
def _family(kinds: frozenset[str], logical: str | None) -> str | None:
    if logical in _LOGICAL_FAMILY:
        return _LOGICAL_FAMILY[logical]
    families = {_FAMILY.get(kind, kind) for kind in kinds} - {"null"}
    if not families:
        return None
    return "|".join(sorted(families))


_MIXED = ""


def check_type_consistency(ctx: ProjectContext) -> Iterator[tuple[int, Hit]]:
    # First the one family of each name, then the places of only the names with several.
    families: dict[str, str] = {}
    globs = bool(ctx.settings.allow)
    for items in _project_fields(ctx):
        for item in items:
            family = _family(item.kinds, item.logical)  # ``type_family``, once per field
            if family is not None and not item.name.startswith(_FIXED_PREFIXES) and not (
                    globs and _allowed(item.name, ctx.settings)):
                known = families.setdefault(item.name, family)
                if known != family:
                    families[item.name] = _MIXED
    seen: dict[str, list[tuple[int, Element, str]]] = {
        name: [] for name, family in families.items() if family == _MIXED}
    del families
    for index, items in enumerate(_project_fields(ctx)):
        for item in items:
            places = seen.get(item.name)
            if places is not None:
                family = type_family(item)
                if family is not None:
                    places.append((index, item, family))
    for name, places in seen.items():
        counts = Counter(family for _, _, family in places)
        if len(counts) < 2:
            continue
        # The most common type is the project's; ties go to the first seen.
        order = {family: position for position, (_, _, family) in reversed(
            list(enumerate(places)))}
        usual = max(counts, key=lambda family: (counts[family], -order[family]))
        example = next(item for _, item, family in places if family == usual)
        for index, item, family in places:
            if family == usual:
                continue
            where = ctx.entries[index].schema.path or ctx.entries[index].subject or "here"
            yield index, Hit(item.pointer, (
                f"Field '{name}' is {family} in {where} but {usual} elsewhere in the project "
                f"(for example '{example.name_path}'): consumers that join or copy it between "
                "events convert, truncate or fail. Use one type for one name, or rename one "
                "of them."
            ), f"{item.name_path}:type")


FLD003 = Rule(
    code="FLD003", name="field-type-inconsistent", default=None,
    when_selected=Severity.INFO,
    summary="One field name typed differently across the project.",
    check_project=check_type_consistency,
    doc=RuleDoc(
        what=("Fields with the same name across the linted schemas whose types differ: "
              "string against integer, record against string. Types compare by family "
              "across formats (Avro `int`/`long` and JSON `integer` are one; a timestamp "
              "logical type, `format: date-time` and `google.protobuf.Timestamp` are one; "
              "Protobuf's `int32`/`int64` are integers; an enum counts as a string). "
              "The less common type is reported. "
              "Off by default (the strict preset): generic names (`id`, `value`, "
              "`name`) mean different things in different records."),
        why=("Consumers join and copy fields between events by name; an `order_id` that is "
             "a string in one event and a long in another breaks joins and loses leading "
             "zeros."),
        bad=('orders: {"name": "customer_id", "type": "string"}\n'
             'payments: {"name": "customer_id", "type": "long"}'),
        good='orders and payments: {"name": "customer_id", "type": "string"}',
        fix="Use one type for one name across the project, or rename the field that differs.",
    ),
)
