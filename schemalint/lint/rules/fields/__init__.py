"""FLD001, FLD002, FLD003: field names in the project's case, time fields, one type per name."""

from __future__ import annotations

import fnmatch
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

from schemalint.model import Schema, SchemaType, Severity
from schemalint.rules.base import Hit, ProjectContext, Rule, RuleDoc, SchemaContext
from schemalint.rules.memo import per_schema
from schemalint.rules.settings import LintSettings
from schemalint.rules.shape import _TIMESTAMPS, PROTO_TIMESTAMPS, Element
from schemalint.rules.walk import context_fields, fields_of

_CASE_LABEL = {"snake": "snake_case", "camel": "camelCase"}
# The three above in one match, tried in their order: the group that matched names the case.
_CASES = re.compile(r"_*(?:([a-z][a-z0-9]*$)|([a-z][a-z0-9]*(?:_[a-z0-9]+)+$)"
                    r"|([a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+$))")
_CASE_OF_GROUP = {1: "both", 2: "snake", 3: "camel"}


def name_case(name: str) -> str:
    """``snake``, ``camel``, ``both`` (one lower-case word fits either) or ``neither``.

    Leading underscores (``__op``, ``_fivetran_synced``) mark technical columns and are
    read past.
    """
    found = _CASES.match(name)
    return _CASE_OF_GROUP[found.lastindex] if found is not None and found.lastindex else \
        "neither"


_FIXED_PREFIXES = ("$", "@")


def _allowed(name: str, settings: LintSettings) -> bool:
    # "$schema", "@type": names other specifications fix.
    if name.startswith(_FIXED_PREFIXES):
        return True
    return bool(settings.allow) and _allow_globs(settings.allow).match(name) is not None


def _judged_cases(schema: Schema, settings: LintSettings) -> list[tuple[Element, str]]:
    """``_field_cases`` of the fields not ``_allowed``; without globs to match, the test
    runs inline (once per field of the largest schemas)."""
    if settings.allow:
        return [(item, case) for item, case in _field_cases(schema)
                if not _allowed(item.name, settings)]
    return [(item, case) for item, case in _field_cases(schema)
            if not item.name.startswith(_FIXED_PREFIXES)]


@lru_cache(maxsize=16)
def _allow_globs(globs: tuple[str, ...]) -> re.Pattern[str]:
    """``fnmatch.fnmatchcase`` against any of the globs, as one expression."""
    return re.compile("|".join(f"(?:{fnmatch.translate(glob)})" for glob in globs))


def majority_case(names: Iterable[str]) -> str | None:
    return _majority(map(name_case, names))


def _majority(cases: Iterable[str]) -> str | None:
    counts = Counter(case for case in cases if case in ("snake", "camel"))
    if not counts or counts["snake"] == counts["camel"]:
        return None
    return counts.most_common(1)[0][0]


def _field_cases(schema: Schema) -> Iterator[tuple[Element, str]]:
    """Each field of ``schema`` with its ``name_case``, the cases read once for the schema
    and the project passes."""
    fields = fields_of(schema)
    cases = per_schema(schema, "fields.cases",
                       lambda: [name_case(item.name) for item in fields])
    return zip(fields, cases, strict=True)


def _case_hit(item: Element, case: str, inferred: bool, schema_type: SchemaType) -> Hit:
    origin = "the project's majority" if inferred else "[fields] case"
    keep = _RENAME_NOTE.get(schema_type, "")
    return Hit(item.pointer, (
        f"Field '{item.name_path}' is not {_CASE_LABEL[case]} ({origin}): consumers map field "
        "names onto code and columns, and a project that mixes cases makes every mapping a "
        f"special case. Rename it while it is new{keep}, or add it to [naming] allow."
    ), f"{item.name_path}:case")


_RENAME_NOTE = {
    SchemaType.AVRO: " (an Avro alias keeps old data readable)",
    SchemaType.PROTOBUF: (" (the field number keeps binary data readable; JSON readers see "
                          "the new name)"),
}


def check_case(ctx: SchemaContext) -> Iterator[Hit]:
    configured = ctx.settings.field_case
    # Linted alone, the schema's own majority stands for the project's; in a project run
    # (project_subjects set) the project pass judges the majority.
    standalone = ctx.settings.project_subjects is None
    judged = _judged_cases(ctx.schema, ctx.settings)
    local = _majority(case for _, case in judged)
    kind = ctx.schema.schema_type
    for item, case in judged:
        if configured is not None:
            if case not in (configured, "both"):
                yield _case_hit(item, configured, False, kind)
        elif case == "neither":
            # Breaks either convention: judged here, without waiting for the majority.
            yield _case_hit(item, local or "snake", True, kind)
        elif standalone and local is not None and case != local and case != "both":
            yield _case_hit(item, local, True, kind)


def _project_fields(ctx: ProjectContext) -> list[list[Element]]:
    """Every entry's fields, walked once for the project rules that look at them all."""
    return ctx.cached("fields.per_entry",
                      lambda: [fields_of(entry.schema) for entry in ctx.entries])


def check_case_project(ctx: ProjectContext) -> Iterator[tuple[int, Hit]]:
    if ctx.settings.field_case is not None:
        return
    majority = _majority(case for entry in ctx.entries
                         for _, case in _judged_cases(entry.schema, ctx.settings))
    if majority is None:
        return
    other = "camel" if majority == "snake" else "snake"
    for index, entry in enumerate(ctx.entries):
        for item, case in _field_cases(entry.schema):
            if case == other and not _allowed(item.name, ctx.settings):
                yield index, _case_hit(item, majority, True,
                                       ctx.entries[index].schema.schema_type)


# FLD002 ------------------------------------------------------------------------------------

_BARE_TIME = frozenset({"string", "long", "int", "double", "float", "null"})
_CLOUDEVENTS_TIME = "time"


def _has_suffix(name: str, suffixes: Sequence[str]) -> bool:
    return any(name.endswith(suffix) and len(name) > len(suffix) for suffix in suffixes)


def check_time_fields(ctx: SchemaContext) -> Iterator[Hit]:
    suffixes = ctx.settings.time_suffixes
    shown = " or ".join(f"'{suffix}'" for suffix in suffixes)
    ends = tuple(suffixes)
    for item in context_fields(ctx):
        # Neither finding is possible for a field that is not a timestamp and whose name
        # does not end with a suffix: most fields, skipped before the costlier tests.
        if item.logical not in _TIMESTAMPS and not item.name.endswith(ends):
            continue
        if _allowed(item.name, ctx.settings):
            continue
        if item.is_timestamp:
            if _has_suffix(item.name, suffixes) or item.name == _CLOUDEVENTS_TIME:
                continue
            yield Hit(item.pointer, (
                f"Field '{item.name_path}' holds a timestamp but its name does not end with "
                f"{shown}: readers cannot tell a time from other values by name. Rename it "
                f"(for example '{_suggest(item.name, suffixes)}'), or configure [fields] "
                "time-suffixes."
            ), f"{item.name_path}:time")
        elif _has_suffix(item.name, suffixes) and item.logical is None \
                and item.kinds and item.kinds <= _BARE_TIME and item.kinds - {"null"}:
            yield Hit(item.pointer, (
                f"Field '{item.name_path}' is named as a time but is a bare "
                f"{'/'.join(sorted(item.kinds - {'null'}))}: consumers must guess the unit, "
                "the epoch or the format and the time zone. Use a logical type (Avro "
                "timestamp-millis), format \"date-time\" (JSON Schema) or "
                "google.protobuf.Timestamp (Protobuf)."
            ), f"{item.name_path}:time")


def _suggest(name: str, suffixes: Sequence[str]) -> str:
    base = re.sub(r"(_?(time|timestamp|ts|date|datetime)|Time|Timestamp|Ts|Date|DateTime)$", "",
                  name) or name
    camel = name_case(name) == "camel"
    wanted = next((s for s in suffixes if s[:1].isupper() == camel), suffixes[0])
    return base + wanted


# FLD003 ------------------------------------------------------------------------------------

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


FLD001 = Rule(
    code="FLD001", name="field-name-case", default=Severity.WARNING,
    summary="A field name that breaks the project's case (snake_case or camelCase).",
    check_schema=check_case, check_project=check_case_project,
    doc=RuleDoc(
        what=("Field names against `[fields] case` (`\"snake\"` or `\"camel\"`). Unset, the "
              "case is the majority of the project's snake_case and camelCase field names "
              "(one lower-case word fits both and does not count; a tie infers nothing); a "
              "schema linted on its own stands for the project. Names in neither case "
              "(`OrderId`, `order-id`, `order_Id`) are reported in any project. Leading "
              "underscores are read past; names starting with `$` or `@` (fixed by other "
              "specifications) and `[naming] allow` globs are never flagged. Protobuf "
              "fields count as any other (the style guide wants snake_case)."),
        why=("Field names become properties in generated code, columns in sinks and keys in "
             "JSON documents; a project that mixes cases makes every consumer special-case "
             "each event."),
        bad='fields: "order_id", "customerId", "placed_at"',
        good='fields: "order_id", "customer_id", "placed_at"',
        fix=("Rename the field while it is new; in Avro, keep the old name in `aliases` so "
             "old data stays readable."),
    ),
)

FLD002 = Rule(
    code="FLD002", name="time-field-convention", default=Severity.INFO,
    summary="A time field off convention: suffix or bare string/number type.",
    check_schema=check_time_fields,
    doc=RuleDoc(
        what=("Fields typed as timestamps (Avro `timestamp-*`/`local-timestamp-*`, JSON "
              "Schema `format: date-time`, Protobuf `google.protobuf.Timestamp`) whose names "
              "lack one of `[fields] time-suffixes` "
              "(default `_at`, `At`); and fields named with such a suffix that are a bare "
              "string or number without a logical type or `format` (Protobuf: a bare "
              "`int64` or `string`). CloudEvents' `time` attribute passes."),
        why=("A consistent suffix tells readers a value is a point in time; a logical type "
             "or format tells them the unit, epoch and zone, which a bare long or string "
             "leaves to guesswork."),
        bad='{"name": "created", "type": {"type": "long", "logicalType": "timestamp-millis"}}, '
            '{"name": "shipped_at", "type": "long"}',
        good='{"name": "created_at", "type": {"type": "long", "logicalType": "timestamp-millis"}}',
        fix="Rename the field with the suffix, or give it a timestamp type.",
    ),
)

FLD003 = Rule(
    code="FLD003", name="field-type-inconsistent", default=Severity.INFO,
    summary="One field name typed differently across the project.",
    check_project=check_type_consistency,
    doc=RuleDoc(
        what=("Fields with the same name across the linted schemas whose types differ: "
              "string against integer, record against string. Types compare by family "
              "across formats (Avro `int`/`long` and JSON `integer` are one; a timestamp "
              "logical type, `format: date-time` and `google.protobuf.Timestamp` are one; "
              "Protobuf's `int32`/`int64` are integers; an enum counts as a string). "
              "The less common type is reported."),
        why=("Consumers join and copy fields between events by name; an `order_id` that is "
             "a string in one event and a long in another breaks joins and loses leading "
             "zeros."),
        bad=('orders: {"name": "customer_id", "type": "string"}\n'
             'payments: {"name": "customer_id", "type": "long"}'),
        good='orders and payments: {"name": "customer_id", "type": "string"}',
        fix="Use one type for one name across the project, or rename the field that differs.",
    ),
)
