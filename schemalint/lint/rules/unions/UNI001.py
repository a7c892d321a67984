"""UNI001: avro unions beyond ["null", T]."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.model import SchemaType, Severity
from schemalint.view import Element


def _written_paths(elements: Sequence[Element]) -> Iterator[tuple[Element, str]]:
    """Each declared field with its name path as this rule has always named it: through the
    names of its records as written (``com.acme.Order.line.x.Line.sku``), where the view
    names a record by its simple name (``Order.line.Line.sku``)."""
    # View name path of a record or field → the same as written. Records come before their
    # fields, a field before the records its type declares.
    written: dict[str, str] = {}
    for item in elements:
        if item.kind == "record":
            name = item.declaration.get("name")
            own = name if isinstance(name, str) else item.name
            parent, _, _ = item.name_path.rpartition(".")
            written[item.name_path] = f"{written.get(parent, parent)}.{own}" if parent else own
        elif item.kind == "field":
            path = f"{written.get(item.base_path, item.base_path)}.{item.name}"
            written[item.name_path] = path
            yield item, path


def _branch_name(branch: Any) -> str:
    if isinstance(branch, str):
        return branch
    if isinstance(branch, Mapping):
        return str(branch.get("name") or branch.get("type"))
    return "?"


def check_unions(ctx: SchemaContext) -> Iterator[Hit]:
    if ctx.schema.schema_type is not SchemaType.AVRO:
        return
    # Here, not at the top: the rules load without the format engines.
    from schemalint.formats.avro.view import unions_held

    # A top-level union is how several event types share a topic: not reported.
    unions = [(pointer, path, branches)
              for field, path in _written_paths(ctx.schema.view.elements)
              for pointer, branches in unions_held(field)]
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
