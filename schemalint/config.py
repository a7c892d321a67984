"""Load and validate schemalint's configuration.

The keys live in ``[tool.schemalint]`` of ``pyproject.toml`` or at the top level of
``schemalint.toml``; ``schemalint/data/config.schema.json`` is their JSON Schema. Every
problem is reported with the file and line of the offending key.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from schemalint.errors import ConfigError
from schemalint.model import Level, SchemaType, Severity
from schemalint.versions import (
    DEFAULT_PATTERNS,
    DEFAULT_VERSIONED,
    VersionPattern,
    compile_patterns,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_FILE = "schemalint.toml"
# The default of every table: empty, and read-only since defaults are shared.
_NOTHING: Mapping[str, Any] = MappingProxyType({})
PYPROJECT = "pyproject.toml"


class TopicSettings(NamedTuple):
    match: str
    kind: str = "event"
    flavor: str | None = None
    compatibility: Level | None = None
    json_policy: str | None = None
    replay: bool | None = None
    metadata: str = "payload"


class SubjectSettings(NamedTuple):
    subject: str
    file: str | None = None
    schema_type: SchemaType | None = None
    compatibility: Level | None = None
    json_policy: str | None = None
    history_since: str | None = None
    retired: bool = False


class AllowBreaking(NamedTuple):
    subject: str
    schema: str
    reason: str
    expires: dt.date | None = None
    line: int | None = None


class RegistryTarget(NamedTuple):
    url_env: str | None = None
    url: str | None = None
    auth_env: str | None = None
    token_env: str | None = None
    ca_bundle_env: str | None = None
    client_cert_env: str | None = None
    client_key_env: str | None = None
    context: str | None = None
    normalize: bool | None = None
    subject_prefix: str | None = None


class Config(NamedTuple):
    """The validated configuration, with the defaults of the design filled in."""

    root: Path
    source: Path | None = None
    roots: tuple[str, ...] = ("schemas",)
    versioned: tuple[VersionPattern, ...] = DEFAULT_PATTERNS
    strategy: str = "topic"
    compatibility: Level = Level.BACKWARD
    json_policy: str = "STRICT"
    json_draft: str | None = None
    fail_on: Severity = Severity.ERROR
    lint: Mapping[str, Any] = _NOTHING
    naming: Mapping[str, Any] = _NOTHING
    metadata: Mapping[str, Any] = _NOTHING
    topics: tuple[TopicSettings, ...] = ()
    subjects: tuple[SubjectSettings, ...] = ()
    allow_breaking: tuple[AllowBreaking, ...] = ()
    json_ref_map: Mapping[str, str] = _NOTHING
    # Protobuf import folders (protoc's -I), relative to ``root``; empty: the roots, then
    # the repository root.
    protobuf_include: tuple[str, ...] = ()
    registry: RegistryTarget = RegistryTarget()
    registry_envs: Mapping[str, RegistryTarget] = _NOTHING
    # The validated keys as written (hyphenated), for parts that read them whole (lint).
    raw: Mapping[str, Any] = _NOTHING

    @property
    def display_source(self) -> str:
        if self.source is None:
            return "defaults"
        try:
            return str(self.source.relative_to(self.root))
        except ValueError:
            return str(self.source)

    def topic_settings(self, topic: str | None) -> TopicSettings | None:
        """The first ``[[topics]]`` entry whose ``match`` glob matches ``topic``."""
        if topic is None:
            return None
        for entry in self.topics:
            if fnmatch.fnmatchcase(topic, entry.match):
                return entry
        return None

    def subject_settings(self, subject: str) -> SubjectSettings | None:
        for entry in self.subjects:
            if entry.subject == subject:
                return entry
        return None

    def level_for(self, subject: str | None, topic: str | None) -> Level:
        """Subject level, then topic level, then the project default (as the registry does)."""
        if subject is not None:
            entry = self.subject_settings(subject)
            if entry is not None and entry.compatibility is not None:
                return entry.compatibility
        topic_entry = self.topic_settings(topic)
        if topic_entry is not None and topic_entry.compatibility is not None:
            return topic_entry.compatibility
        return self.compatibility

    def policy_for(self, subject: str | None, topic: str | None) -> str:
        if subject is not None:
            entry = self.subject_settings(subject)
            if entry is not None and entry.json_policy is not None:
                return entry.json_policy
        topic_entry = self.topic_settings(topic)
        if topic_entry is not None and topic_entry.json_policy is not None:
            return topic_entry.json_policy
        return self.json_policy


def find_config(start: Path) -> Path | None:
    """The nearest ``schemalint.toml``, or ``pyproject.toml`` with ``[tool.schemalint]``.

    The search walks up from ``start`` and stops at the top of the git repository.
    """
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
        if (folder / ".git").exists():
            return None
    return None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^\s*\[\s*tool\.schemalint[\].]", text, re.MULTILINE) is not None


def project_root(start: Path) -> Path:
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def load_config(start: Path | None = None, explicit: Path | None = None) -> Config:
    """Find, read and validate the configuration; defaults when there is none."""
    here = (start or Path.cwd()).resolve()
    path = explicit.resolve() if explicit is not None else find_config(here)
    if path is None:
        return Config(root=project_root(here))
    return parse_config(path)


def parse_config(path: Path) -> Config:
    display = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("configuration file not found", path=display) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read configuration: {error}", path=display) from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, column = _toml_error_position(str(error))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        raise ConfigError(f"invalid TOML: {message}", path=display, line=line,
                          column=column) from None
    prefix: tuple[str, ...] = ()
    if path.name == PYPROJECT:
        document = document.get("tool", {}).get("schemalint", {})
        prefix = ("tool", "schemalint")
    cache = _ValidationCache(path.parent)
    key = cache.key(text, prefix)
    if not cache.has(key):
        _validate(document, text, display, prefix)
        _validate_codes(document, text, display, prefix)
        cache.add(key)
    root = path.parent
    return _build(document, root, path, text, prefix)


class _ValidationCache:
    """Digests of configurations that validated, kept in the git directory.

    Validating with jsonschema costs more than the rest of a one-file hook run; a config
    that has not changed since it last validated need not pay it again.
    """

    KEEP = 32

    def __init__(self, folder: Path) -> None:
        git_dir = next((f / ".git" for f in (folder, *folder.parents)
                        if (f / ".git").exists()), None)
        self.file = git_dir / "schemalint-config-ok" if git_dir and git_dir.is_dir() else None

    def key(self, text: str, prefix: tuple[str, ...]) -> str:
        from schemalint import __version__

        material = "\0".join((__version__, config_schema_text(), "/".join(prefix), text))
        return hashlib.sha256(material.encode()).hexdigest()

    def _known(self) -> list[str]:
        if self.file is None:
            return []
        try:
            return self.file.read_text().split()
        except OSError:
            return []

    def has(self, key: str) -> bool:
        return key in self._known()

    def add(self, key: str) -> None:
        if self.file is None:
            return
        keys = [*self._known()[-(self.KEEP - 1):], key]
        temporary = self.file.with_suffix(f".{os.getpid()}.tmp")
        try:
            temporary.write_text("\n".join(keys) + "\n")
            temporary.replace(self.file)
        except OSError:
            temporary.unlink(missing_ok=True)


def _toml_error_position(message: str) -> tuple[int | None, int | None]:
    found = re.search(r"at line (\d+), column (\d+)", message)
    if found is None:
        return None, None
    return int(found.group(1)), int(found.group(2))


@cache
def config_schema_text() -> str:
    # Read beside the module: importlib.resources costs more to import than every run needs.
    return (Path(__file__).parent / "data" / "config.schema.json").read_text(encoding="utf-8")


@cache
def config_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(config_schema_text())
    return schema


def _validate(document: Mapping[str, Any], text: str, display: str,
              prefix: tuple[str, ...]) -> None:
    import jsonschema  # deferred: only a project with a config pays for it

    validator = jsonschema.Draft202012Validator(config_schema())
    problems = [_problem(error) for error in validator.iter_errors(document)]
    if not problems:
        return
    located = [(locate_key(text, (*prefix, *where)) or 0, where, message)
               for where, message in problems]
    line, where, message = min(located, key=lambda item: item[0])
    if message.startswith("unknown key"):
        where = where[:-1]
    dotted = ".".join(str(part) for part in where)
    raise ConfigError(f"{dotted + ': ' if dotted else ''}{message}", path=display,
                      line=line or None)


def _validate_codes(document: Mapping[str, Any], text: str, display: str,
                    prefix: tuple[str, ...]) -> None:
    """Every rule code or prefix ``[lint]`` names must name a rule: a typo would select or
    silence nothing, and the run would pass for the wrong reason."""
    lint = document.get("lint", {})
    if not lint:
        return
    from schemalint.lint.registry import unknown_selectors

    places: list[tuple[tuple[str, ...], list[str], bool]] = [
        (("lint", key), list(lint.get(key, [])), False)
        for key in ("select", "extend-select", "ignore")]
    places.append((("lint", "severity"), list(lint.get("severity", {})), True))
    places.extend((("lint", "per-file-ignores", glob), list(codes), False)
                  for glob, codes in lint.get("per-file-ignores", {}).items())
    for where, codes, exact in places:
        unknown = unknown_selectors(codes, exact=exact)
        if unknown:
            kind = "rule code" if exact else "rule code or prefix"
            raise ConfigError(
                f"{'.'.join(where)}: unknown {kind} {', '.join(map(repr, unknown))} "
                "(`schemalint rules` lists them)",
                path=display, line=locate_key(text, (*prefix, *where)))


def config_line(config: Config, *location: str | int) -> int | None:
    """The line where the configuration file writes a key, for an error that names it."""
    if config.source is None:
        return None
    try:
        text = config.source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    prefix = ("tool", "schemalint") if config.source.name == PYPROJECT else ()
    return locate_key(text, (*prefix, *location))


def _problem(error: Any) -> tuple[list[str | int], str]:
    """Where a validation error is (the unknown key itself, for unknown keys) and what it is."""
    where: list[str | int] = list(error.absolute_path)
    if error.validator in ("additionalProperties", "unevaluatedProperties"):
        unexpected = re.findall(r"'([^']+)'", error.message.split("(")[-1])
        known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        unexpected = [name for name in unexpected if name not in known] or unexpected
        return [*where, unexpected[0]] if unexpected else where, (
            f"unknown key {', '.join(unexpected)}{_did_you_mean(unexpected, known)}")
    if error.validator == "enum":
        choices: list[str] = []
        for value in error.validator_value:
            if str(value).upper() not in (c.upper() for c in choices):
                choices.append(str(value))
        return where, f"{json.dumps(error.instance)} is not one of {', '.join(choices)}"
    return where, str(error.message)


def _did_you_mean(unexpected: Sequence[str], known: Iterable[str]) -> str:
    """`` (did you mean strategy?)`` for a key one typo away from a known one."""
    import difflib

    if len(unexpected) != 1:
        return ""
    close = difflib.get_close_matches(unexpected[0], list(known), n=1, cutoff=0.75)
    return f" (did you mean {close[0]}?)" if close else ""


def locate_key(text: str, location: Sequence[str | int]) -> int | None:
    """The 1-based line where a TOML key path is written, or its nearest written ancestor.

    TOML parsers do not keep positions, so this reads the text: it tracks the current table
    (``[a.b]``, ``[[a]]`` with a running index) and finds ``key =`` lines and inline tables.
    """
    target = [str(part) for part in location]
    best: tuple[int, int] | None = None  # (matched depth, line)
    table: list[str] = []
    counters: dict[tuple[str, ...], int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        header = re.match(r"^\[\[\s*([^\]]+?)\s*\]\]", line)
        if header:
            parts = _key_parts(header.group(1))
            key = tuple(parts)
            counters[key] = counters.get(key, -1) + 1
            table = [*parts, str(counters[key])]
            best = _better(best, _match_depth(table, target), number)
            continue
        header = re.match(r"^\[\s*([^\]]+?)\s*\]", line)
        if header:
            table = _expand_arrays(_key_parts(header.group(1)), counters)
            best = _better(best, _match_depth(table, target), number)
            continue
        assignment = re.match(r'^("[^"]*"|\'[^\']*\'|[A-Za-z0-9_.\- "]+?)\s*=', line)
        if not assignment:
            continue
        keys = [*table, *_key_parts(assignment.group(1))]
        depth = _match_depth(keys, target)
        best = _better(best, depth, number)
        if depth == len(keys) and depth < len(target):
            # An inline table or array on this line may hold the rest of the path.
            rest = target[depth:]
            if all(re.search(rf'(?:^|[{{,\s]){re.escape(part)}\s*=|"{re.escape(part)}"\s*=', line)
                   for part in rest if not part.isdigit()):
                best = _better(best, len(target), number)
    return best[1] if best else None


def _better(best: tuple[int, int] | None, depth: int, line: int) -> tuple[int, int] | None:
    if depth == 0:
        return best
    if best is None or depth > best[0]:
        return (depth, line)
    return best


def _match_depth(keys: Sequence[str], target: Sequence[str]) -> int:
    depth = 0
    for have, want in zip(keys, target, strict=False):
        if have != want:
            return depth if depth == len(keys) else 0
        depth += 1
    return depth if depth == len(keys) else 0


def _key_parts(dotted: str) -> list[str]:
    return [part.strip().strip('"').strip("'")
            for part in re.findall(r'"[^"]*"|\'[^\']*\'|[^.]+', dotted)]


def _expand_arrays(parts: list[str], counters: Mapping[tuple[str, ...], int]) -> list[str]:
    expanded: list[str] = []
    for index, part in enumerate(parts):
        expanded.append(part)
        key = tuple(parts[: index + 1])
        if key in counters and index < len(parts) - 1:
            expanded.append(str(counters[key]))
    return expanded


def _build(document: Mapping[str, Any], root: Path, source: Path, text: str,
           prefix: tuple[str, ...]) -> Config:
    def level(value: Any) -> Level | None:
        return Level.parse(value) if isinstance(value, str) else None

    def policy(value: Any) -> str | None:
        return value.upper() if isinstance(value, str) else None

    topics = tuple(
        TopicSettings(
            match=entry["match"], kind=entry.get("kind", "event"), flavor=entry.get("flavor"),
            compatibility=level(entry.get("compatibility")),
            json_policy=policy(entry.get("json-policy")), replay=entry.get("replay"),
            metadata=entry.get("metadata", "payload"),
        )
        for entry in document.get("topics", [])
    )
    subjects = tuple(
        SubjectSettings(
            subject=entry["subject"], file=entry.get("file"),
            schema_type=SchemaType.parse(entry["type"]) if "type" in entry else None,
            compatibility=level(entry.get("compatibility")),
            json_policy=policy(entry.get("json-policy")),
            history_since=entry.get("history-since"), retired=entry.get("retired", False),
        )
        for entry in document.get("subjects", [])
    )
    allow = []
    for index, entry in enumerate(document.get("allow-breaking", [])):
        expires = None
        if "expires" in entry:
            try:
                expires = dt.date.fromisoformat(entry["expires"])
            except ValueError:
                raise ConfigError(
                    f"allow-breaking.{index}.expires: {entry['expires']!r} is not a date",
                    path=str(source),
                    line=locate_key(text, (*prefix, "allow-breaking", index, "expires")),
                ) from None
        allow.append(AllowBreaking(
            subject=entry["subject"], schema=entry["schema"], reason=entry["reason"],
            expires=expires, line=locate_key(text, (*prefix, "allow-breaking", index)),
        ))
    try:
        versioned = compile_patterns(document.get("versioned", DEFAULT_VERSIONED))
    except ValueError as error:
        raise ConfigError(str(error), path=str(source),
                          line=locate_key(text, (*prefix, "versioned"))) from None
    registry = dict(document.get("registry", {}))
    envs = registry.pop("envs", {})
    return Config(
        root=root,
        source=source,
        roots=tuple(document.get("roots", ("schemas",))),
        versioned=versioned,
        strategy=document.get("strategy", "topic"),
        compatibility=level(document.get("compatibility")) or Level.BACKWARD,
        json_policy=policy(document.get("json-policy")) or "STRICT",
        json_draft=document.get("json-draft"),
        fail_on=Severity.parse(document.get("fail-on", "error")),
        lint=document.get("lint", {}),
        naming=document.get("naming", {}),
        metadata=document.get("metadata", {}),
        topics=topics,
        subjects=subjects,
        allow_breaking=tuple(allow),
        json_ref_map=document.get("json", {}).get("ref-map", {}),
        protobuf_include=tuple(document.get("protobuf", {}).get("include", ())),
        registry=_registry_target(registry),
        registry_envs={name: _registry_target(value) for name, value in envs.items()},
        raw=document,
    )


def _registry_target(raw: Mapping[str, Any]) -> RegistryTarget:
    return RegistryTarget(**{key.replace("-", "_"): value for key, value in raw.items()})
