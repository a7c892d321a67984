"""VER001: a new `.vN` topic or subject for a change the old one would have accepted."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import NamedTuple

from schemalint.lint.rule_model import Hit, LintEntry, ProjectContext, Rule, RuleDoc
from schemalint.lint.rules.topics import GOVERNED
from schemalint.model import Level, Schema, Severity
from schemalint.regexes import lazy_compile

_VERSION = lazy_compile(r"(?:^|(?<=[._-]))[vV](?P<number>[0-9]+)(?=$|[._-])")
_ROLE = lazy_compile(r"-(key|value)$")


class Versioned(NamedTuple):
    base: str
    version: int
    role: str


def split_version(name: str) -> Versioned:
    """``orders.v2-value`` → (``orders-value`` without the version, 2, ``value``).

    A name without a version segment is version 1 of its base.
    """
    role_match = _ROLE.search(name)
    role = role_match.group(1) if role_match else ""
    stem = name[: role_match.start()] if role_match else name
    found = list(_VERSION.finditer(stem))
    if not found:
        return Versioned(stem, 1, role)
    last = found[-1]
    start, end = last.span()
    # Drop the separator before (or, at the start, after) the version segment.
    if start > 0:
        start -= 1
    elif end < len(stem):
        end += 1
    return Versioned(stem[:start] + stem[end:], int(last.group("number")), role)


def _name(entry: LintEntry) -> str | None:
    if entry.subject:
        return entry.subject
    if entry.topic:
        return f"{entry.topic}-{'key' if entry.key else 'value'}"
    return None


def compatible(new: Schema, old: Schema, level: Level) -> bool:
    """Whether ``new`` could have been registered after ``old`` at ``level``."""
    from schemalint.compat import compatible_pair

    if new.schema_type is not old.schema_type or new.parsed is None or old.parsed is None:
        return False
    try:
        return compatible_pair(new, old, level)
    except Exception:
        return False


def check_needless_bump(ctx: ProjectContext) -> Iterator[tuple[int, Hit]]:
    by_base: dict[tuple[str, str], dict[int, int]] = {}
    for index, entry in enumerate(ctx.entries):
        name = _name(entry)
        if name is None or entry.schema.schema_type not in GOVERNED:
            continue
        split = split_version(name)
        by_base.setdefault((split.base, split.role), {}).setdefault(split.version, index)
    for versions in by_base.values():
        if len(versions) < 2:
            continue
        ordered = sorted(versions)
        for older, newer in itertools.pairwise(ordered):
            old_entry, new_entry = ctx.entries[versions[older]], ctx.entries[versions[newer]]
            level = old_entry.level or ctx.settings.level_for(old_entry.topic)
            if level is Level.NONE:
                level = Level.BACKWARD
            if not compatible(new_entry.schema, old_entry.schema, level):
                continue
            old_name, new_name = _name(old_entry), _name(new_entry)
            yield versions[newer], Hit("", (
                f"'{new_name}' is a new version (v{newer}) of '{old_name}', but the change is "
                f"{level.value}-compatible with it: the old subject would have accepted it. "
                "A new topic or subject splits consumers and history for nothing; evolve the "
                f"existing one and retire '{new_name}'."
            ), f"version:{new_name}")


VER001 = Rule(
    code="VER001", name="needless-version-bump", default=None,
    when_selected=Severity.INFO,
    summary="A `.vN` topic or subject for a change that was compatible.",
    check_project=check_needless_bump,
    doc=RuleDoc(
        what=("Linted subjects whose names differ only by a version segment (`orders` and "
              "`orders.v2`, `orders-v2-value`, a `v2` namespace part), key with key and value "
              "with value: each version is checked against the one before at that subject's "
              "level (BACKWARD when it is NONE). Reported on the newer one when the change "
              "was compatible. Incompatible changes are the compatibility check's concern. "
              "Off by default (the strict preset): a versioned name is as often a "
              "deliberate split (one study, experiment or cohort a subject) as a "
              "needless one."),
        why=("A new topic means every consumer moves, the history is split and both topics "
             "live on for a migration; for a compatible change the registry would simply "
             "have accepted a new version."),
        bad=("orders-value: {... fields: [order_id]}  orders.v2-value: {... fields: [order_id, "
             "{\"name\": \"note\", \"type\": [\"null\", \"string\"], \"default\": null}]}"),
        good="orders-value version 2 with the optional field added",
        fix="Register the change as a new version of the existing subject; remove the copy.",
    ),
)
