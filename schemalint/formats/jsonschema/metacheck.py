"""A quick, conservative meta-schema check.

Validating a schema against its draft's meta-schema with ``jsonschema`` costs milliseconds
for a large schema; this walk costs microseconds. It says "valid" only when every keyword
it meets is one it knows and satisfies the meta-schema's constraints (often more strictly);
for anything else it says "not sure", and the caller runs ``jsonschema`` for the verdict and
the message. Keywords a meta-schema does not define are allowed by every draft.
"""

from __future__ import annotations

from typing import Any

_DRAFT4 = "draft-04"
_MODERN = ("2019-09", "2020-12")

_SIMPLE_TYPES = frozenset({"array", "boolean", "integer", "null", "number", "object", "string"})
_STRING_KEYS = frozenset({"$schema", "$comment", "title", "description", "format",
                          "contentMediaType", "contentEncoding", "$ref"})
_ANY_KEYS = frozenset({"default", "const", "examples"})
_BOOL_KEYS = frozenset({"uniqueItems", "readOnly", "writeOnly", "deprecated"})
_NUMBER_KEYS = frozenset({"maximum", "minimum"})
_COUNT_KEYS = frozenset({"maxLength", "minLength", "maxItems", "minItems", "maxProperties",
                         "minProperties", "maxContains", "minContains"})
_SCHEMA_KEYS = frozenset({"additionalItems", "additionalProperties", "contains", "not",
                          "propertyNames", "if", "then", "else", "unevaluatedItems",
                          "unevaluatedProperties", "contentSchema"})
_SCHEMA_MAP_KEYS = frozenset({"properties", "patternProperties", "definitions", "$defs",
                              "dependentSchemas"})
_SCHEMA_LIST_KEYS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _unique_strings(value: Any, allow_empty: bool) -> bool:
    return (isinstance(value, list) and (allow_empty or bool(value))
            and all(isinstance(item, str) for item in value) and len(set(value)) == len(value))


# Keywords whose only constraint is "a string" (or none at all).
_PLAIN_STRING_KEYS = frozenset({"$schema", "$comment", "title", "description", "format",
                                "contentMediaType", "contentEncoding", "pattern", "default",
                                "const"})

_STRING, _ANY, _MAP, _TYPE, _REQUIRED, _ENUM, _COUNT, _NUMBER, _EXCLUSIVE, _MULTIPLE, \
    _BOOL, _SCHEMA, _LIST, _ITEMS, _DEPENDENCIES, _DEPENDENT, _ID4, _ID = range(18)

_CATEGORY: dict[str, int] = {
    **dict.fromkeys(_STRING_KEYS, _STRING), **dict.fromkeys(_ANY_KEYS, _ANY),
    **dict.fromkeys(_SCHEMA_MAP_KEYS, _MAP), "type": _TYPE, "required": _REQUIRED,
    "enum": _ENUM, **dict.fromkeys(_COUNT_KEYS, _COUNT),
    **dict.fromkeys(_NUMBER_KEYS, _NUMBER), "exclusiveMaximum": _EXCLUSIVE,
    "exclusiveMinimum": _EXCLUSIVE, "multipleOf": _MULTIPLE, "pattern": _STRING,
    **dict.fromkeys(_BOOL_KEYS, _BOOL), **dict.fromkeys(_SCHEMA_KEYS, _SCHEMA),
    **dict.fromkeys(_SCHEMA_LIST_KEYS, _LIST), "items": _ITEMS,
    "dependencies": _DEPENDENCIES, "dependentRequired": _DEPENDENT, "id": _ID4, "$id": _ID,
}


def surely_valid(document: Any, draft: str, plain: list[bool] | None = None) -> bool:
    """True only when the document certainly satisfies the draft's meta-schema.

    When the answer is True and ``plain`` is given, ``plain[0]`` tells whether no schema of
    the document holds a ``$ref``, a ``not`` or an object or array ``default`` (see
    ``nodes.is_plain``).
    """
    simple = True
    draft4 = draft == _DRAFT4
    modern = draft in _MODERN
    category = _CATEGORY.get
    stack = [document]
    while stack:
        schema = stack.pop()
        if type(schema) is not dict:
            if type(schema) is bool and not draft4:
                continue
            return False
        for key, value in schema.items():
            if type(value) is str:
                # The common case first: annotations and string-valued keywords.
                if key in _PLAIN_STRING_KEYS:
                    continue
                if key == "type":
                    if value in _SIMPLE_TYPES:
                        continue
                    return False
            code = category(key)
            if code is None:
                if key[:1] == "$":
                    return False  # $anchor, $dynamicRef …: left to jsonschema
                continue
            if code == _STRING:
                if type(value) is not str:
                    return False
                if key == "$ref":
                    simple = False
            elif code == _MAP:
                if type(value) is not dict:
                    return False
                stack.extend(value.values())
            elif code == _TYPE:
                if type(value) is str:
                    if value not in _SIMPLE_TYPES:
                        return False
                elif not (_unique_strings(value, False)
                          and all(item in _SIMPLE_TYPES for item in value)):
                    return False
            elif code == _ANY:
                if key == "examples" and type(value) is not list:
                    return False
                if key == "default" and type(value) in (dict, list):
                    simple = False
            elif code == _REQUIRED:
                if not _unique_strings(value, not draft4):
                    return False
            elif code == _ENUM:
                if type(value) is not list or not value or not _distinct(value):
                    return False
            elif code == _COUNT:
                if not _is_int(value) or value < 0:
                    return False
            elif code == _NUMBER:
                if not _is_number(value):
                    return False
            elif code == _EXCLUSIVE:
                if draft4:
                    partner = "maximum" if key == "exclusiveMaximum" else "minimum"
                    if type(value) is not bool or partner not in schema:
                        return False
                elif not _is_number(value):
                    return False
            elif code == _MULTIPLE:
                if not _is_number(value) or value <= 0:
                    return False
            elif code == _BOOL:
                if type(value) is not bool:
                    return False
            elif code == _SCHEMA:
                if key == "not":
                    simple = False
                if draft4 and type(value) is bool and key in ("additionalItems",
                                                              "additionalProperties"):
                    continue
                stack.append(value)
            elif code == _LIST:
                if type(value) is not list or not value:
                    return False
                stack.extend(value)
            elif code == _ITEMS:
                if type(value) is list:
                    if draft == "2020-12" or not value:
                        return False
                    stack.extend(value)
                else:
                    stack.append(value)
            elif code == _DEPENDENCIES:
                if type(value) is not dict:
                    return False
                for item in value.values():
                    if type(item) is list:
                        if not _unique_strings(item, not draft4):
                            return False
                    else:
                        stack.append(item)
            elif code == _DEPENDENT:
                if type(value) is not dict or not all(
                        _unique_strings(item, True) for item in value.values()):
                    return False
            elif code == _ID4:
                if draft4 and type(value) is not str:
                    return False
            elif code == _ID:
                if draft4:
                    continue
                if type(value) is not str or (modern and "#" in value):
                    return False
    if plain is not None:
        plain[0] = simple
    return True


def _distinct(values: list[Any]) -> bool:
    """Whether no two values are equal, as jsonschema's uniqueItems sees equality."""
    seen: set[str] = set()
    for value in values:
        if isinstance(value, (dict, list)):
            return False  # structural equality with numbers is subtle: leave it to jsonschema
        if isinstance(value, bool) or value is None or isinstance(value, str):
            key = f"{type(value).__name__}:{value!r}"
        elif isinstance(value, float) and value.is_integer():
            key = f"num:{int(value)}"
        else:
            key = f"num:{value!r}"
        if key in seen:
            return False
        seen.add(key)
    return True
