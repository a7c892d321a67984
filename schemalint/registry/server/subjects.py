"""Subject names and contexts as Confluent qualifies them (``:.context:subject``)."""

from __future__ import annotations

import unicodedata

DEFAULT_CONTEXT = "."
CONTEXT_WILDCARD = ":*:"
_RESERVED = ("__GLOBAL", "__EMPTY")


def normalize(subject: str) -> str:
    """The stored form of a subject: the default context's prefix ``:.:`` is dropped."""
    if subject.startswith(":.:"):
        return subject[3:]
    return subject


def context_of(subject: str) -> str:
    """The context a subject lives in: ``.`` or a name such as ``.staging``."""
    if subject.startswith(":.") and ":" in subject[2:]:
        return subject[1:subject.index(":", 2)]
    return DEFAULT_CONTEXT


def unqualified(subject: str) -> str:
    if subject.startswith(":.") and ":" in subject[2:]:
        return subject[subject.index(":", 2) + 1:]
    return subject


def is_default_context(subject: str) -> bool:
    """``:.:`` (or nothing at all) names the default context, whose settings are global."""
    return subject in ("", ":.:", ".")


def is_context_only(subject: str) -> bool:
    return subject.startswith(":.") and subject.endswith(":") and subject.count(":") == 2


def is_valid(subject: str, *, setting: bool = False) -> bool:
    """Confluent's rule: no control characters, not a reserved name, not empty; config and
    mode (``setting``) may also name a whole context (``:.staging:``)."""
    if any(unicodedata.category(char) == "Cc" for char in subject):
        return False
    if setting and is_context_only(subject):
        return True
    name = unqualified(subject)
    return name not in _RESERVED and name != ""


def matches_prefix(subject: str, prefix: str) -> bool:
    """Whether a subject falls under a ``subjectPrefix`` filter (``:*:`` = every context)."""
    if prefix in ("", CONTEXT_WILDCARD):
        return True
    if prefix.startswith(CONTEXT_WILDCARD):
        return unqualified(subject).startswith(prefix[len(CONTEXT_WILDCARD):])
    return normalize(subject).startswith(normalize(prefix))
