"""Whether the configuration points at schemas: roots that exist and hold schemas, and
``[[subjects]]`` files that are there. A run that checked nothing because of a typo would
pass for the wrong reason, so each of these is a configuration error naming its line."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from schemalint.config import Config, config_line
from schemalint.errors import ConfigError
from schemalint.project import SchemaFile
from schemalint.project import _normal_root as normal_root
from schemalint.sources.files import schema_file_kinds, unread_suffix

# How many files an error names before it counts the rest.
_NAMED = 3


def require_roots(config: Config, listed: Sequence[str], schemas: Mapping[str, SchemaFile],
                  root: Path, in_tree: bool) -> None:
    """Raise ``ConfigError`` for a configured root or ``[[subjects]] file`` that does not
    exist.

    ``listed``: every file under the roots (the work tree's, or a ref's when not
    ``in_tree``); ``schemas``: those that are schemas, by path.
    """
    roots = [normal_root(name) for name in config.roots]
    if config.source is not None and "roots" in config.stated:
        for name, normal in zip(config.roots, roots, strict=True):
            if not _exists(normal, listed, root, in_tree):
                raise _error(config, f"roots: the folder {name!r} does not exist", "roots")
    _require_subject_files(config, listed, schemas, root, in_tree)


def no_schema_error(config: Config, listed: Sequence[str]) -> ConfigError:
    """Roots that hold no schema: the error names them and the files found there."""
    return _error(config, _no_schema(config, listed), "roots")


def _require_subject_files(config: Config, listed: Sequence[str],
                           schemas: Mapping[str, SchemaFile], root: Path,
                           in_tree: bool) -> None:
    stems = {found.stem for found in schemas.values()}
    present = set(listed)
    for index, entry in enumerate(config.subjects):
        # A retired subject's file may be gone: that is what retiring allows.
        if entry.file is None or entry.retired or entry.file in schemas or entry.file in stems:
            continue
        if entry.file in present:
            reason = f"is not a schema file schemalint reads ({schema_file_kinds()})"
        elif in_tree and (root / entry.file).is_file():
            reason = f"is outside the roots ({', '.join(config.roots)})"
        else:
            reason = ("does not exist: restore it, correct the path, or mark the subject "
                      "retired = true")
        raise _error(config, f"subjects.{index}.file: {entry.file} {reason}",
                     "subjects", index, "file")


def _no_schema(config: Config, listed: Sequence[str]) -> str:
    where = ", ".join(config.roots)
    if config.source is None or "roots" not in config.stated:
        where += " (the default root: set roots in schemalint.toml, or run schemalint init)"
    unread = [path for path in listed if unread_suffix(path)]
    reads = f"schemalint reads {schema_file_kinds()}"
    if not listed:
        return f"no schema under {where}: no file there; {reads}"
    if not unread:
        # Named, so a layout schemalint does not read shows (snowplow/iglu-central's
        # extensionless schemas/<vendor>/<name>/jsonschema/1-0-0).
        return (f"no schema under {where}: none of its {len(listed)} files is a schema "
                f"({_named(listed)}); {reads}")
    kinds = Counter(unread_suffix(path) for path in unread)
    counted = ", ".join(f"{count} {suffix}" for suffix, count in kinds.most_common())
    return (f"no schema under {where}: {len(unread)} files there are of a kind schemalint "
            f"does not read ({counted}: {_named(unread)}); {reads}")


def _named(paths: Sequence[str]) -> str:
    return ", ".join(paths[:_NAMED]) + (
        f" and {len(paths) - _NAMED} more" if len(paths) > _NAMED else "")


def _exists(normal: str, listed: Sequence[str], root: Path, in_tree: bool) -> bool:
    if not normal:
        return True
    if in_tree and (root / normal).is_dir():
        return True
    return any(path.startswith(normal + "/") for path in listed)


def _error(config: Config, message: str, *location: str | int) -> ConfigError:
    if config.source is None:
        return ConfigError(message)
    return ConfigError(message, path=config.display_source, line=config_line(config, *location))
