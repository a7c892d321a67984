"""EVO004: a union field's default is not of the union's first branch."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from schemalint.lint.reading import MAPPING
from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.lint.rules.evolution import _avro
from schemalint.model import Severity
from schemalint.sourcemap import join_pointer

_JSON_OF_PRIMITIVE: dict[str, tuple[type, ...]] = {
    "null": (type(None),), "boolean": (bool,), "int": (int,), "long": (int,),
    "float": (int, float), "double": (int, float), "bytes": (str,), "string": (str,),
}


def _default_fits(branch: Any, default: Any) -> bool:
    kind = branch.get("type") if isinstance(branch, MAPPING) else branch
    if isinstance(kind, str) and kind in _JSON_OF_PRIMITIVE:
        wanted = _JSON_OF_PRIMITIVE[kind]
        if isinstance(default, bool) and bool not in wanted:
            return False
        return isinstance(default, wanted)
    if kind in ("record", "error", "map"):
        return isinstance(default, MAPPING)
    if kind == "array":
        return isinstance(default, list)
    if kind in ("enum", "fixed"):
        return isinstance(default, str)
    # A named type by reference: a string (enum, fixed) or an object (record).
    return default is not None


def check_union_default(ctx: SchemaContext) -> Iterator[Hit]:
    if not _avro(ctx):
        return
    for item in ctx.schema.view.fields:
        union = item.declaration.get("type")
        if not isinstance(union, list) or not union or "default" not in item.declaration:
            continue
        default = item.declaration["default"]
        if _default_fits(union[0], default):
            continue
        first = union[0].get("type") if isinstance(union[0], MAPPING) else union[0]
        yield Hit(join_pointer(item.pointer, "default"), (
            f"Field '{item.name_path}' has default {_short(default)}, which is not of its "
            f"union's first branch ({first}). The Avro specification requires the default to "
            "match the first branch; some readers reject the schema, others use a different "
            "value than you meant. Reorder the union so the default's type comes first "
            "(\"null\" first for a null default)."
        ), item.name_path)


def _short(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) <= 30 else text[:27] + "..."


EVO004 = Rule(
    code="EVO004", name="union-default-not-first", default=Severity.WARNING,
    summary="A union field's default is not of the union's first branch.",
    check_schema=check_union_default,
    doc=RuleDoc(
        what="Avro fields of union type whose `default` does not match the first branch.",
        why=("The Avro specification takes a union's default from its first branch. Some "
             "parsers reject such schemas (Avro 1.12's Java parser validates defaults), "
             "others silently use a different value."),
        bad='{"name": "note", "type": ["string", "null"], "default": null}',
        good='{"name": "note", "type": ["null", "string"], "default": null}',
        fix="Reorder the union so that the default's type is first.",
    ),
)
