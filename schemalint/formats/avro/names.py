"""Avro names as Java's parser checks them for new schemas (``NameValidator.STRICT_VALIDATOR``).

Confluent parses a schema being registered with the strict validator: ASCII letters, digits
and ``_``, not starting with a digit. It applies to record, enum and fixed names, to each
part of a namespace, to field names, enum symbols and the simple part of type aliases.
"""

from __future__ import annotations

from functools import lru_cache


def is_valid_name(name: str) -> bool:
    # An ASCII Python identifier is exactly [A-Za-z_][A-Za-z0-9_]*, checked in C.
    return name.isascii() and name.isidentifier()


def name_error(name: object) -> str | None:
    """Why ``name`` is not a valid Avro name, in Java's words; None when it is valid."""
    if not isinstance(name, str):
        return "Null name"
    if is_valid_name(name):
        return None
    if not name:
        return "Empty name"
    if not (name[0] == "_" or "a" <= name[0].lower() <= "z"):
        return f"Illegal initial character: {name}"
    return f"Illegal character in: {name}"


def split_name(name: str, namespace: str | None) -> tuple[str, str | None]:
    """Java's ``Name(name, space)``: a dotted name carries its own namespace; "" means none."""
    dot = name.rfind(".")
    if dot >= 0:
        namespace = name[:dot]
        name = name[dot + 1:]
    return name, (namespace or None)


def full_name(name: str, namespace: str | None) -> str:
    return name if namespace is None else f"{namespace}.{name}"


@lru_cache(maxsize=4096)
def namespace_error(namespace: str) -> str | None:
    """Check each part of a namespace, as Java's ``ParseContext`` does for a full name."""
    # Java splits the full name, so an empty part ("a..b", ".a") is an error.
    for part in namespace.split("."):
        error = name_error(part)
        if error is not None:
            return f'Namespace part "{part}" is invalid: {error}'
    return None


def qualified(full: str, namespace: str | None, current: str | None) -> str:
    """Java's ``Name.getQualified``: the simple name when the namespace is the current one.

    Java also writes the full name when the simple name is an Avro type name ("record",
    "int"...), so that it cannot be read back as that type.
    """
    if namespace is not None and namespace == current:
        simple = full[len(namespace) + 1:]
        if simple not in _TYPE_NAMES:
            return simple
    return full


_TYPE_NAMES = frozenset((
    "record", "enum", "array", "map", "union", "fixed", "string", "bytes", "int", "long",
    "float", "double", "boolean", "null",
))
