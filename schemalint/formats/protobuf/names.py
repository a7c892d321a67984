"""A .proto file's record name without compiling it: cheap enough for mapping subjects.

Confluent's record name strategy names a Protobuf subject by the full name of the file's first
message. Reading it needs only the ``package`` statement and the first top-level ``message``,
outside comments, strings and braces; the parse itself (which needs the imports) can wait.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

_TOKENS = re.compile(
    r"""//[^\n]*|/\*.*?\*/|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[A-Za-z_][\w.]*|[{};]|\S""",
    re.DOTALL,
)

# Imports Confluent's registry resolves by itself (ProtobufSchema's KNOWN_DEPENDENCIES):
# never sent as references. Any other import, ``google/api/*`` included, is a reference.
_KNOWN_FILES = frozenset({
    "confluent/meta.proto", "confluent/type/decimal.proto",
    *(f"google/protobuf/{name}.proto" for name in (
        "any", "api", "descriptor", "duration", "empty", "field_mask", "source_context",
        "struct", "timestamp", "type", "wrappers")),
    *(f"google/type/{name}.proto" for name in (
        "calendar_period", "color", "date", "datetime", "dayofweek", "decimal", "expr",
        "fraction", "interval", "latlng", "money", "month", "phone_number", "postal_address",
        "quaternion", "timeofday")),
})


def is_known_import(name: str) -> bool:
    """Whether registries already know the file ``name`` (so it is no reference)."""
    return name in _KNOWN_FILES


def first_message_name(text: str) -> str | None:
    """The full name of the first top-level message, or None when there is none."""
    package = ""
    for token, previous in _top_level(text):
        if previous == "package" and token != ";":
            package = token
        elif previous == "message" and re.fullmatch(r"[A-Za-z_]\w*", token):
            return f"{package}.{token}" if package else token
    return None


def import_path(path: str, include: Sequence[str]) -> str | None:
    """The name ``import`` statements give the repository file ``path``: its path relative to
    the first of the ``include`` folders (repository-relative, protoc's ``-I``) holding it,
    or None when none does."""
    for folder in include:
        normal = folder.strip().strip("/").removeprefix("./")
        if normal in ("", "."):
            return path
        if path.startswith(normal + "/"):
            return path[len(normal) + 1:]
    return None


def package_and_imports(text: str) -> tuple[str, list[str]]:
    """The file's ``package`` and the paths it imports, read as ``first_message_name`` reads."""
    package = ""
    imports: list[str] = []
    for token, previous in _top_level(text):
        if previous == "package" and token != ";":
            package = token
        elif token.startswith(('"', "'")) and previous in ("import", "public", "weak"):
            imports.append(token[1:-1])
    return package, imports


def top_level_message_starts(text: str) -> list[int]:
    """Where each top-level message's declaration (its ``message`` keyword) starts in
    ``text``, in order."""
    starts: list[int] = []
    keyword: int | None = None
    for match, previous in _top_level_matches(text):
        if previous == "message" and keyword is not None and \
                re.fullmatch(r"[A-Za-z_]\w*", match.group()):
            starts.append(keyword)
        keyword = match.start() if match.group() == "message" else None
    return starts


def _top_level(text: str) -> Iterator[tuple[str, str | None]]:
    """The tokens outside braces and comments, each with the token before it."""
    for match, previous in _top_level_matches(text):
        yield match.group(), previous


def _top_level_matches(text: str) -> Iterator[tuple[re.Match[str], str | None]]:
    depth = 0
    previous: str | None = None
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token.startswith(("//", "/*")):
            continue
        if token == "{":
            depth += 1
        elif token == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            yield match, previous
        previous = token
