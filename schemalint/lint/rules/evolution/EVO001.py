"""EVO001: a logical-type change the registry accepts but readers misinterpret."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from schemalint.lint.reading import MAPPING
from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.lint.rules.evolution import (
    _AVRO_ONLY,
    PreviousFields,
    _avro,
    _previous_fields,
)
from schemalint.model import SchemaType, Severity
from schemalint.sourcemap import join_pointer


def _logical(field_type: Any) -> tuple[str, Any, Any] | None:
    branches = field_type if isinstance(field_type, list) else [field_type]
    for branch in branches:
        if isinstance(branch, MAPPING) and isinstance(branch.get("logicalType"), str):
            return branch["logicalType"], branch.get("precision"), branch.get("scale", 0)
    return None


def _describe_logical(info: tuple[str, Any, Any] | None) -> str:
    if info is None:
        return "no logical type"
    name, precision, scale = info
    return f"decimal({precision}, {scale})" if name == "decimal" else name


def check_logical_type_change(ctx: SchemaContext) -> Iterator[Hit]:
    if not _avro(ctx) or ctx.previous is None or ctx.previous.schema_type is not SchemaType.AVRO:
        return
    before: PreviousFields | None = None
    for item in ctx.schema.view.fields:
        new_type = item.declaration.get("type")
        if new_type.__class__ is str and not _typed_before(ctx):
            continue  # no logical type on either side
        if before is None:
            before = _previous_fields(ctx)
        old = before.of(item)
        if old is None:
            continue
        old_type = old.get("type")
        if new_type.__class__ is str and old_type.__class__ is str:
            continue  # no logical type on either side
        new_info, old_info = _logical(new_type), _logical(old_type)
        if new_info == old_info or (new_info is None and old_info is None):
            continue
        if (new_info is None or old_info is None) and not _reinterpreted(new_type, old_type):
            continue
        yield Hit(join_pointer(item.pointer, "type"), (
            f"Field '{item.name_path}' changes from {_describe_logical(old_info)} to "
            f"{_describe_logical(new_info)}. The registry accepts it because the underlying "
            "type still matches, but readers decode the same bytes differently: amounts "
            "scaled by the wrong power of ten, instants off by a factor of 1000, dates read "
            "as timestamps. Add a new field with the new logical type and deprecate the old "
            "one instead."
        ), item.name_path)


# A type written as an object or a list, as a field's (or any other key's) is in the text.
_INLINE_TYPE = re.compile(r'"type"\s*:\s*[\[{]')


def _typed_before(ctx: SchemaContext) -> bool:
    """Whether some field of the previous version has a type that is not a name (only such
    a type can carry a logical type)."""
    previous = ctx.previous
    assert previous is not None

    def read() -> bool:
        if "\\u" not in previous.text and _INLINE_TYPE.search(previous.text) is None:
            # Every type is a name (no key is spelled with escapes to hide one): the previous
            # version's view, the largest cost of a large schema, need not be built to tell.
            return False
        return any(item.declaration.get("type").__class__ is not str
                   for item in previous.view.fields)

    return ctx.cached("evolution.previous.typed", read)


_NUMERIC_BASES = frozenset({"int", "long", "bytes", "fixed"})


def _reinterpreted(new: Any, old: Any) -> bool:
    """A logical type added or removed on numbers or bytes changes what the value means."""
    def base(value: Any) -> set[str]:
        branches = value if isinstance(value, list) else [value]
        return {str(b.get("type")) if isinstance(b, MAPPING) else str(b) for b in branches}
    return bool(base(new) & base(old) & _NUMERIC_BASES)


EVO001 = Rule(
    code="EVO001", name="logical-type-changed", default=Severity.WARNING,
    summary="A logical-type change the registry accepts but readers misinterpret.",
    check_schema=check_logical_type_change,
    doc=RuleDoc(
        what=("Fields present in the previous and the new version whose logical type "
              "changes while the underlying type still matches: decimal precision or scale, "
              "`timestamp-millis` ↔ `timestamp-micros`, `date` → `timestamp-millis`, a logical "
              "type added to or removed from a plain type. " + _AVRO_ONLY),
        why=("Avro's schema resolution, and so the registry, ignores logical types: the "
             "change passes every level, yet readers decode the same bytes as a different "
             "value."),
        bad=('v1 {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", '
             '"precision": 10, "scale": 2}}  v2 ... "scale": 4'),
        good='v2 adds {"name": "amount_v2", ...} and keeps "amount" unchanged',
        fix="Add a new field with the new logical type; deprecate and later remove the old one.",
    ),
)
