"""DOC001: records, enums and fields without documentation."""

from __future__ import annotations

import fnmatch
from collections import Counter
from collections.abc import Iterator, Mapping

from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.model import SchemaType, Severity
from schemalint.regexes import lazy_compile
from schemalint.view import Element

_DEFINITION = lazy_compile(r"^/(\$defs|definitions)/[^/]+$")
_NOUNS = {"record": "record", "enum": "enum", "field": "field"}
# Names fixed by other specifications (JSON Schema's ``$schema``, JSON-LD's ``@context``).
_FIXED_PREFIXES = ("$", "@")


def _exempt(element: Element, ctx: SchemaContext) -> bool:
    names = [element.name_path, element.full_name, element.name]
    if ctx.schema.path:
        names.append(ctx.schema.path)
    return any(fnmatch.fnmatchcase(name, glob) for glob in ctx.settings.docs_exempt
               for name in names if name)


def _documented_elsewhere(element: Element, ctx: SchemaContext) -> bool:
    """A JSON Schema property that only refers to a documented definition."""
    if element.kind != "field" or ctx.schema.schema_type is not SchemaType.JSON:
        return False
    node = element.declaration
    if not isinstance(node.get("$ref"), str):
        return False
    target = element.type_node
    if target is node:
        # A reference to another file: documented there.
        return True
    doc = target.get("description") if hasattr(target, "get") else None
    return isinstance(doc, str) and len(doc.strip()) >= ctx.settings.docs_min_length


def _documented_by_what_it_holds(element: Element, minimum: int) -> bool:
    """A field holding an object whose properties are all documented (Wikimedia's ``meta``),
    or an Avro record with its own doc: the field says no more than what it holds."""
    if element.kind != "field":
        return False
    node = element.type_node
    if not isinstance(node, Mapping):
        return False
    if node.get("type") == "record":
        return len(str(node.get("doc") or "").strip()) >= minimum
    properties = node.get("properties")
    return isinstance(properties, Mapping) and bool(properties) and all(
        isinstance(held, Mapping) and len(str(held.get("description") or "").strip()) >= minimum
        for held in properties.values())


def _judged(element: Element, ctx: SchemaContext) -> bool:
    """JSON Schema objects and enums are documented by the property that holds them; only
    the root and the definitions are documented on their own."""
    if element.kind == "field" or ctx.schema.schema_type is not SchemaType.JSON:
        return True
    return element.pointer == "" or _DEFINITION.match(element.pointer) is not None


def _field_key(element: Element, schema_type: SchemaType) -> str:
    """What makes two declarations one element: for JSON Schema properties, the name path
    (the same property narrowed in several branches); otherwise each declaration."""
    if schema_type is SchemaType.JSON and element.kind == "field" and element.name_path:
        return f"field:{element.name_path}"
    return f"at:{element.pointer}"


def _keyword(schema_type: SchemaType) -> str:
    return {SchemaType.JSON: "description", SchemaType.PROTOBUF: "comment"}.get(schema_type,
                                                                               "doc")


def check_docs(ctx: SchemaContext) -> Iterator[Hit]:
    """One finding per schema: a schema with forty undocumented fields is one gap to close, not
    forty warnings that drown every other finding."""
    view = ctx.schema.view
    if not view.docs_known:
        return
    keyword = _keyword(ctx.schema.schema_type)
    minimum = ctx.settings.docs_min_length
    judged: Counter[str] = Counter()
    missing: Counter[str] = Counter()
    # One entry per field: JSON Schema repeats a property in each branch of a oneOf/allOf
    # to narrow it (a `const` per branch), and one description anywhere documents it.
    verdicts: dict[str, tuple[Element, str, bool]] = {}
    for element in view.elements:
        if element.kind == "fixed" or element.name.startswith(_FIXED_PREFIXES) \
                or not _judged(element, ctx):
            continue
        text = (element.doc or "").strip()
        documented = len(text) >= minimum or _exempt(element, ctx) \
            or _documented_elsewhere(element, ctx) \
            or _documented_by_what_it_holds(element, minimum)
        key = _field_key(element, ctx.schema.schema_type)
        earlier = verdicts.get(key)
        if earlier is None:
            verdicts[key] = (element, text, documented)
        elif documented and not earlier[2]:
            verdicts[key] = (earlier[0], earlier[1], True)
    undocumented: list[tuple[Element, str]] = []
    for element, text, documented in verdicts.values():
        noun = "message" if element.kind == "record" and keyword == "comment" \
            else _NOUNS[element.kind]
        judged[noun] += 1
        if not documented:
            missing[noun] += 1
            undocumented.append((element, text))
    if not undocumented:
        return
    first, text = undocumented[0]
    if len(undocumented) == 1:
        noun = "message" if first.kind == "record" and keyword == "comment" \
            else _NOUNS[first.kind]
        label = f"{noun} '{first.name_path or first.name or 'root'}'"
        if not text:
            problem = f"The {label} has no {keyword}"
        else:
            problem = (f"The {label} has a {keyword} of {len(text)} characters, shorter than "
                       f"[docs] min-length = {minimum}")
    else:
        counts = " and ".join(f"{missing[noun]} of {judged[noun]} {noun}s"
                              for noun in ("record", "message", "enum", "field") if missing[noun])
        names = ", ".join(f"'{element.name_path or element.name or 'root'}'"
                          for element, _ in undocumented[:5])
        more = f" and {len(undocumented) - 5} more" if len(undocumented) > 5 else ""
        short = f" (or one shorter than [docs] min-length = {minimum})" if minimum > 1 else ""
        problem = f"{counts} have no {keyword}{short}: {names}{more}"
    yield Hit(first.pointer, (
        f"{problem}. The schema is the contract other teams read, and they cannot ask what a "
        f"field means, its unit or when it is empty. Add a {_advice(keyword)} to each (or "
        "exempt them with [docs] exempt)."
    ), ":doc")


def _advice(keyword: str) -> str:
    return "// comment above the declaration" if keyword == "comment" else keyword


DOC001 = Rule(
    code="DOC001", name="missing-doc", default=Severity.WARNING,
    summary="A record, enum or field without `doc` (JSON Schema: `description`; Protobuf: a "
            "comment).",
    check_schema=check_docs,
    doc=RuleDoc(
        what=("Every Avro record, enum and field, and every JSON Schema object, enum and "
              "property (nested ones and `$defs` included), for a `doc` (`description`) of at "
              "least `[docs] min-length` characters (default 1; whitespace does not count). "
              "A JSON Schema property that is only a `$ref` to a documented definition, or to "
              "another file, passes; a property narrowed in several branches (`oneOf`, `allOf`) "
              "is one field, documented by any of its declarations. Protobuf messages, "
              "enums and fields (nested ones included, imports not) are documented by their "
              "leading comment, or a "
              "trailing comment on the same line; enum values and oneofs are not judged, and "
              "a file compiled without source info (so without its comments) is not judged. "
              "`[docs] exempt` lists globs matched against the name "
              "path (`OrderPlaced.lines.sku`), the full name, the bare name and the file "
              "path. A field holding an object whose properties are all documented, or an "
              "Avro record with its own doc, passes, as do names starting with `$` or `@` "
              "(fixed by other specifications). One finding per schema, at its first "
              "undocumented element, counting what lacks a doc (`17 of 40 fields`) and "
              "naming the first five."),
        why=("A schema is the contract between teams that rarely talk; what a field means, "
             "its unit and when it is empty live nowhere else."),
        bad=('{"type": "record", "name": "OrderPlaced", "fields": [{"name": "amount", '
             '"type": "long"}]}'),
        good=('{"type": "record", "name": "OrderPlaced", "doc": "A customer placed an order.", '
              '"fields": [{"name": "amount", "type": "long", "doc": "Total, in cents."}]}'),
        fix="Write the doc; for generated or self-evident names, add globs to `[docs] exempt`.",
    ),
)
