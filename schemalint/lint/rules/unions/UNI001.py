"""UNI001: avro unions beyond ["null", T]."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.model import SchemaType, Severity
from schemalint.sourcemap import join_pointer


def _unions(node: Any, pointer: str, path: str) -> Iterator[tuple[str, str, list[Any]]]:
    if isinstance(node, list):
        for index, branch in enumerate(node):
            yield from _unions(branch, join_pointer(pointer, index), path)
        return
    if not isinstance(node, Mapping):
        return
    kind = node.get("type")
    if kind in ("record", "error") and isinstance(node.get("name"), str):
        here = f"{path}.{node['name']}" if path else str(node["name"])
        fields = node.get("fields")
        for index, item in enumerate(fields if isinstance(fields, list) else []):
            if not isinstance(item, Mapping):
                continue
            where = join_pointer(pointer, "fields", index, "type")
            field_path = f"{here}.{item.get('name')}"
            if isinstance(item.get("type"), list):
                yield where, field_path, item["type"]
            yield from _unions(item.get("type"), where, field_path)
    elif kind == "array":
        items = node.get("items")
        if isinstance(items, list):
            yield join_pointer(pointer, "items"), path, items
        yield from _unions(items, join_pointer(pointer, "items"), path)
    elif kind == "map":
        values = node.get("values")
        if isinstance(values, list):
            yield join_pointer(pointer, "values"), path, values
        yield from _unions(values, join_pointer(pointer, "values"), path)
    elif isinstance(kind, Mapping):
        yield from _unions(kind, join_pointer(pointer, "type"), path)


def _branch_name(branch: Any) -> str:
    if isinstance(branch, str):
        return branch
    if isinstance(branch, Mapping):
        return str(branch.get("name") or branch.get("type"))
    return "?"


def check_unions(ctx: SchemaContext) -> Iterator[Hit]:
    if ctx.schema.schema_type is not SchemaType.AVRO:
        return
    # A top-level union is how several event types share a topic: not reported.
    try:
        unions = list(_unions(ctx.schema.document, "", ""))
    except RecursionError:
        return
    for pointer, path, branches in unions:
        others = [branch for branch in branches if branch != "null"]
        if len(others) < 2:
            continue
        shown = ", ".join(_branch_name(branch) for branch in branches)
        yield Hit(pointer, (
            f"'{path}' is a union of [{shown}]: consumers in most languages get an untyped "
            "value to test branch by branch, JSON encodings wrap it, and adding a branch is "
            "a change every reader must handle. Prefer [\"null\", T], or a record per case."
        ), f"{path}:union")


UNI001 = Rule(
    code="UNI001", name="wide-union", default=None, when_selected=Severity.INFO,
    summary='Avro unions beyond ["null", T].',
    check_schema=check_unions,
    doc=RuleDoc(
        what=("Avro unions in fields, array items and map values with two or more non-null "
              "branches. A top-level union (several event types on one topic) is not "
              "reported. Off by default."),
        why=("Most languages represent a wide union as an untyped value to test, Avro's JSON "
             "encoding wraps it in a branch object, and a new branch is a change every "
             "reader must handle."),
        bad='{"name": "amount", "type": ["null", "int", "string"]}',
        good='{"name": "amount", "type": ["null", "int"]}',
        fix=("Keep unions to [\"null\", T]; model alternatives as separate optional fields "
             "or records."),
    ),
)
