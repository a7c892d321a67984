"""Versioned schema files: several files, told apart by a version in their names, that are
the history of one subject.

A layout is a regular expression matched against a file's name, with a named group
``version`` (digits, or dotted digits such as ``1.10.0``) and optionally ``name``:

- with ``name`` the file's unversioned name is ``name`` followed by what follows the version
  (``orders_v2.avsc`` → ``orders.avsc``); files of one folder with one unversioned name are
  one subject's versions;
- without ``name`` the folder is the schema and each matching file in it is one of its
  versions (``mediawiki/revision/create/1.1.0.yaml``). Beside those versions, ``current.*``
  and ``latest.*`` (or plain ``latest``) are the current version under another name, as
  Wikimedia's tooling writes them: part of the subject, neither extra versions nor subjects.

Versions order by their numbers, part by part: ``1.10.0`` comes after ``1.9.0``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from schemalint.regexes import lazy_compile

DEFAULT_VERSIONED = (
    r"^(?P<name>.+)\.v(?P<version>[0-9]+)\.(?:schema\.json|avsc|json|proto|yaml|yml)$",
    r"^(?P<name>.+)\.(?P<version>[0-9]+)\.schema\.json$",
    r"^(?P<name>.+)_v(?P<version>[0-9]+)\.avsc$",
    r"^(?P<version>[0-9]+\.[0-9]+\.[0-9]+)\.(?:yaml|yml|json|avsc)$",
)

_ALIAS = lazy_compile(r"^(?:current|latest)(?:\.(?:yaml|yml|json|avsc))?$")
_NUMBER = lazy_compile(r"^[0-9]+(?:\.[0-9]+)*$")


class FileVersion(NamedTuple):
    """A version as a file name writes it; ordered by its numbers, part by part."""

    key: tuple[int, ...]
    label: str

    def __str__(self) -> str:
        return self.label

    @property
    def number(self) -> int | None:
        """N of a file numbered plainly (``.v3``): the registry version it stands for."""
        return self.key[0] if len(self.key) == 1 else None

    def following(self) -> str:
        """The version a further change would take: N + 1, or the next minor version."""
        if len(self.key) == 1:
            return str(self.key[0] + 1)
        return ".".join(map(str, (self.key[0], self.key[1] + 1, *(0,) * (len(self.key) - 2))))


class VersionPattern(NamedTuple):
    """One configured layout of versioned files."""

    regex: re.Pattern[str]

    @property
    def folder_is_schema(self) -> bool:
        return "name" not in self.regex.groupindex


class VersionedName(NamedTuple):
    """What a file name says about versions: its version and unversioned name."""

    version: FileVersion | None
    base: str  # the unversioned file name; "" where the folder is the schema
    alias: bool = False  # current.* / latest.* beside a folder's versions


def compile_patterns(patterns: Sequence[str]) -> tuple[VersionPattern, ...]:
    """The layouts, or ``ValueError`` naming the first pattern that is not one."""
    compiled = []
    for index, pattern in enumerate(patterns):
        try:
            regex = re.compile(pattern)
        except re.error as error:
            raise ValueError(f"versioned.{index}: {pattern!r} is not a regular expression: "
                             f"{error}") from None
        if "version" not in regex.groupindex:
            raise ValueError(f"versioned.{index}: {pattern!r} has no named group "
                             "(?P<version>...)")
        compiled.append(VersionPattern(regex))
    return tuple(compiled)


DEFAULT_PATTERNS = compile_patterns(DEFAULT_VERSIONED)


def versioned_name(name: str, patterns: Sequence[VersionPattern]) -> VersionedName:
    """The version a file name carries under the first layout it matches, if any."""
    for pattern in patterns:
        found = pattern.regex.match(name)
        if found is None:
            continue
        label = found.group("version")
        if label is None or not _NUMBER.match(label):
            continue
        version = FileVersion(tuple(int(part) for part in label.split(".")), label)
        if pattern.folder_is_schema:
            return VersionedName(version, "")
        return VersionedName(version, found.group("name") + name[found.end("version"):])
    if _ALIAS.match(name) and any(pattern.folder_is_schema for pattern in patterns):
        return VersionedName(None, "", alias=True)
    return VersionedName(None, name)
