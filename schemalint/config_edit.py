"""Record compatibility levels in the project's configuration, keeping the rest of the file
as the user wrote it (comments, order, spacing): ``pull`` writes what the registry holds.

The file is ``schemalint.toml`` (keys at the top level) or ``pyproject.toml`` (keys under
``[tool.schemalint]``); it is replaced whole or not at all.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import Array

from schemalint.config import CONFIG_FILE, PYPROJECT
from schemalint.errors import ConfigError
from schemalint.model import Level

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@dataclass(frozen=True)
class SubjectLevel:
    """A ``[[subjects]]`` entry's level (and JSON Schema policy) to record."""

    subject: str
    compatibility: Level | None = None
    json_policy: str | None = None  # "strict" | "lenient"


def table_path(path: Path) -> tuple[str, ...]:
    """Where schemalint's keys live in ``path``."""
    return ("tool", "schemalint") if path.name == PYPROJECT else ()


def with_levels(text: str, table: Sequence[str], compatibility: Level | None,
                subjects: Sequence[SubjectLevel]) -> str:
    """``text`` with the project level set to ``compatibility`` (unless None) and each
    subject's entry given its level: an existing ``[[subjects]]`` entry is updated in place,
    others are appended."""
    document = tomlkit.parse(text)
    container: Any = document
    for key in table:
        if key not in container:
            container[key] = tomlkit.table(is_super_table=key != table[-1])
        container = container[key]
    if compatibility is not None:
        container["compatibility"] = compatibility.value
    if subjects:
        entries = container.get("subjects")
        if entries is None:
            entries = tomlkit.aot()
            container["subjects"] = entries
        for wanted in subjects:
            entry = next((item for item in entries
                          if isinstance(item, dict) and item.get("subject") == wanted.subject),
                         None)
            if entry is not None:
                _set_levels(entry, wanted)
            elif isinstance(entries, Array):
                inline = tomlkit.inline_table()
                inline["subject"] = wanted.subject
                _set_levels(inline, wanted)
                entries.append(inline)
            else:
                new = tomlkit.table()
                # Set off by blank lines on both sides, as the user's own tables are.
                new.trivia.indent = "\n"
                new["subject"] = wanted.subject
                _set_levels(new, wanted)
                new.add(tomlkit.nl())
                entries.append(new)
    edited = tomlkit.dumps(document)
    if "\n\n\n" not in text:
        # Where a new table's blank line meets the neighbour's own, the two make one.
        edited = re.sub(r"\n{3,}", "\n\n", edited)
    if not text.startswith("\n"):
        edited = edited.lstrip("\n")
    if not text.endswith("\n\n"):
        edited = edited.rstrip("\n") + "\n"
    _check_recorded(edited, table, compatibility, subjects)
    return edited


def _set_levels(entry: Any, wanted: SubjectLevel) -> None:
    if wanted.compatibility is not None:
        entry["compatibility"] = wanted.compatibility.value
    if wanted.json_policy is not None:
        entry["json-policy"] = wanted.json_policy


def _check_recorded(edited: str, table: Sequence[str], compatibility: Level | None,
                    subjects: Sequence[SubjectLevel]) -> None:
    """The edited text reads back with what was recorded: nothing is written otherwise."""
    document: Any = tomllib.loads(edited)
    for key in table:
        document = document.get(key, {})
    read = {entry.get("subject"): entry for entry in document.get("subjects", [])
            if isinstance(entry, dict)}
    # (subject, or None for the project level; key; value recorded)
    expected: list[tuple[str | None, str, str | None]] = [
        (None, "compatibility", compatibility.value if compatibility else None)]
    for wanted in subjects:
        expected.append((wanted.subject, "compatibility",
                         wanted.compatibility.value if wanted.compatibility else None))
        expected.append((wanted.subject, "json-policy", wanted.json_policy))
    for subject, key, value in expected:
        found = document if subject is None else read.get(subject, {})
        if value is not None and found.get(key) != value:
            raise ConfigError(f"recording {key} = {value!r} would not read back from the "
                              "edited file; it is left unchanged")


def record_levels(config_path: Path | None, root: Path, compatibility: Level | None,
                  subjects: Sequence[SubjectLevel]) -> Path | None:
    """Write the levels into the configuration (a new ``schemalint.toml`` when the project
    has none); the path written, or None when there was nothing to record."""
    if compatibility is None and not subjects:
        return None
    path = config_path or root / CONFIG_FILE
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read configuration: {error}", path=str(path)) from None
    try:
        edited = with_levels(text, table_path(path), compatibility, subjects)
    except tomlkit.exceptions.TOMLKitError as error:
        raise ConfigError(f"invalid TOML: {error}", path=str(path)) from None
    except ConfigError as error:
        raise ConfigError(error.message, path=str(path)) from None
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(edited, encoding="utf-8")
        if path.exists():
            shutil.copymode(path, temporary)
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise ConfigError(f"cannot write configuration: {error.strerror or error}",
                          path=str(path)) from None
    return path
