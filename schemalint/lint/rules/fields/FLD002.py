"""FLD002: a time field off convention: suffix or bare string/number type."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.lint.rules.fields import _allowed, name_case
from schemalint.model import Severity
from schemalint.view import TIMESTAMPS

_BARE_TIME = frozenset({"string", "long", "int", "double", "float", "null"})
_CLOUDEVENTS_TIME = "time"


def _has_suffix(name: str, suffixes: Sequence[str]) -> bool:
    return any(name.endswith(suffix) and len(name) > len(suffix) for suffix in suffixes)


def check_time_fields(ctx: SchemaContext) -> Iterator[Hit]:
    suffixes = ctx.settings.time_suffixes
    shown = " or ".join(f"'{suffix}'" for suffix in suffixes)
    ends = tuple(suffixes)
    for item in ctx.schema.view.fields:
        # Neither finding is possible for a field that is not a timestamp and whose name
        # does not end with a suffix: most fields, skipped before the costlier tests.
        if item.logical not in TIMESTAMPS and not item.name.endswith(ends):
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


FLD002 = Rule(
    code="FLD002", name="time-field-convention", default=None,
    when_selected=Severity.INFO,
    summary="A time field off convention: suffix or bare string/number type.",
    check_schema=check_time_fields,
    doc=RuleDoc(
        what=("Fields typed as timestamps (Avro `timestamp-*`/`local-timestamp-*`, JSON "
              "Schema `format: date-time`, Protobuf `google.protobuf.Timestamp`) whose names "
              "lack one of `[fields] time-suffixes` "
              "(default `_at`, `At`); and fields named with such a suffix that are a bare "
              "string or number without a logical type or `format` (Protobuf: a bare "
              "`int64` or `string`). CloudEvents' `time` attribute passes. "
              "Off by default (the strict preset): a naming convention many projects do "
              "not share (`dt`, `submission_timestamp`)."),
        why=("A consistent suffix tells readers a value is a point in time; a logical type "
             "or format tells them the unit, epoch and zone, which a bare long or string "
             "leaves to guesswork."),
        bad='{"name": "created", "type": {"type": "long", "logicalType": "timestamp-millis"}}, '
            '{"name": "shipped_at", "type": "long"}',
        good='{"name": "created_at", "type": {"type": "long", "logicalType": "timestamp-millis"}}',
        fix="Rename the field with the suffix, or give it a timestamp type.",
    ),
)
