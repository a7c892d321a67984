"""EXM001: JSON Schema examples and defaults that their own schema rejects."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from schemalint.lint.rule_model import Hit, Rule, RuleDoc, SchemaContext
from schemalint.model import SchemaType, Severity
from schemalint.patterns import Budget, PatternTooSlow, bounded_validator
from schemalint.regexes import lazy_compile
from schemalint.sourcemap import join_pointer

_DEFAULT_DRAFT = "http://json-schema.org/draft-07/schema#"
# An escape of a character below 0x80, which could spell a key.
_ASCII_ESCAPE = lazy_compile(r"\\u00[0-7][0-9a-fA-F]")


def _may_hold_values(text: str) -> bool:
    """Whether a JSON text may have an object with a "default" or "examples" key: one written
    as it is, or with an escape (searched for only where the plain searches find nothing)."""
    return ('"default"' in text or '"examples"' in text
            or ("\\u00" in text and _ASCII_ESCAPE.search(text) is not None))


def _with_values(document: Any) -> list[tuple[Mapping[str, Any], str]]:
    """Every subschema holding a ``default`` or ``examples``, with its pointer; values of
    ``examples``, ``default``, ``const`` and ``enum`` are data, not schemas, and are not
    entered."""
    # Here, not at the top: the rules load without the format engines.
    from schemalint.formats.jsonschema.view import SUBSCHEMA_KEYWORDS, subschemas

    children = SUBSCHEMA_KEYWORDS | {"properties"}
    found: list[tuple[Mapping[str, Any], str]] = []

    def visit(node: Any, pointer: str) -> None:
        if not isinstance(node, Mapping):
            return
        if "default" in node or isinstance(node.get("examples"), list):
            found.append((node, pointer))
        if children.isdisjoint(node):
            return  # a leaf (most properties): no keyword to ask for
        properties = node.get("properties")
        if isinstance(properties, Mapping):
            for name, value in properties.items():
                # Most properties of a large schema: a leaf with no value to check, passed
                # over without a pointer made for it.
                if value.__class__ is dict and "default" not in value \
                        and "examples" not in value and children.isdisjoint(value):
                    continue
                visit(value, join_pointer(pointer, "properties", name))
        for child in subschemas(node, pointer):
            visit(child.node, child.pointer)

    visit(document, "")
    return found


def _validator(document: Mapping[str, Any]) -> Any:
    import jsonschema
    from jsonschema import validators

    cls = validators.validator_for(document, default=validators.validator_for(
        {"$schema": _DEFAULT_DRAFT}))
    try:
        cls.check_schema(dict(document))
    except jsonschema.SchemaError:
        return None
    return bounded_validator(cls, document)(document)


def _problem(root: Any, schema: Mapping[str, Any], value: Any) -> str | None:
    try:
        error = next(iter(root.evolve(schema=schema).iter_errors(value)), None)
    except PatternTooSlow:
        raise
    except Exception:
        return None
    if error is None:
        return None
    where = "/".join(str(part) for part in error.absolute_path)
    return f"{error.message}{f' (at {where})' if where else ''}"


def check_examples(ctx: SchemaContext) -> Iterator[Hit]:
    if ctx.schema.schema_type is not SchemaType.JSON:
        return  # before ``document``: a Protobuf schema decodes its descriptor when asked
    document = ctx.schema.document
    if not isinstance(document, Mapping) or not _may_hold_values(ctx.schema.text):
        return
    try:
        candidates = _with_values(document)
    except RecursionError:
        return
    if not candidates:
        return
    try:
        root = _validator(document)
    except Exception:
        return
    if root is None:
        return
    patterns = Budget()  # shared by every value of the document
    for node, pointer in candidates:
        values: list[tuple[str, Any, str]] = []
        if "default" in node:
            values.append(("default", node["default"], join_pointer(pointer, "default")))
        for index, value in enumerate(node.get("examples") or []):
            values.append((f"examples[{index}]", value,
                           join_pointer(pointer, "examples", index)))
        for label, value, where in values:
            try:
                with patterns.running():
                    problem = _problem(root, node, value)
            except PatternTooSlow as slow:
                yield Hit(where, (
                    f"The {label} of {pointer or 'the root schema'} cannot be validated: "
                    f"{slow}. Simplify the pattern (no nested quantifiers over the same "
                    "characters with lookaround or backreferences)."
                ), f"{pointer}:{label}")
                continue
            if problem is None:
                continue
            name = pointer or "the root schema"
            yield Hit(where, (
                f"The {label} of {name} does not validate against its own schema: {problem}. "
                "Generated documentation, mocks and producers that fill in defaults emit "
                "data consumers reject. Fix the value or the schema."
            ), f"{pointer}:{label}")


EXM001 = Rule(
    code="EXM001", name="invalid-example", default=Severity.ERROR,
    summary="A JSON Schema `examples` entry or `default` its own schema rejects.",
    check_schema=check_examples,
    doc=RuleDoc(
        what=("Every JSON Schema subschema's `default` and each `examples` entry, validated "
              "against that subschema (with the document's draft, local `$ref`s resolved, "
              "`format` not asserted). Avro defaults are the parser's concern "
              "(INVALID_DEFAULT)."),
        why=("Examples feed documentation, mocks and contract tests, and defaults are filled "
             "in by producers and tools; a value the schema rejects spreads data that "
             "consumers refuse."),
        bad='{"type": "integer", "minimum": 1, "default": 0, "examples": ["one"]}',
        good='{"type": "integer", "minimum": 1, "default": 1, "examples": [3]}',
        fix="Correct the value, or the schema if the value is right.",
    ),
)
