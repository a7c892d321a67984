"""Load and validate schemalint's configuration.

The keys live in ``[tool.schemalint]`` of ``pyproject.toml`` or at the top level of
``schemalint.toml``. They are read in one pass into one typed model, by the declarations
below; ``schemalint/data/config.schema.json`` is their JSON Schema for editors, and a test
keeps the two in agreement. Every problem is reported with the file and line of the
offending key.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any, NamedTuple

from schemalint.config_reader import (
    Choice,
    Const,
    Flag,
    Invalid,
    ListOf,
    MapOf,
    Problem,
    Table,
    Text,
    Then,
    Whole,
    python_names,
    read_document,
)
from schemalint.errors import ConfigError
from schemalint.lint.settings import LintSettings, TopicSettings
from schemalint.model import Level, SchemaType, Severity
from schemalint.versions import DEFAULT_PATTERNS, VersionPattern, compile_patterns

CONFIG_FILE = "schemalint.toml"
# The default of every table: empty, and read-only since defaults are shared.
_NOTHING: Mapping[str, Any] = MappingProxyType({})
PYPROJECT = "pyproject.toml"


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


class ConsumerSettings(NamedTuple):
    """A ``[[consumers]]`` entry: a consumer, who owns it, and what it reads (a field list,
    or reader schemas under ``consumers/<name>/``)."""

    name: str
    owner: str | None = None
    subjects: tuple[str, ...] = ()
    reads: tuple[str, ...] = ()
    pending: bool = False
    line: int | None = None
    # Reader schemas named by subject, repository-relative, wherever the consumer's code
    # keeps them (beside those found under the contracts folder).
    reader_schemas: Mapping[str, str] = _NOTHING


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
    # What [lint], [naming], [metadata], [topic-naming], [docs], [fields] and [pii] say;
    # ``lint_settings`` adds the project's keys the rules read too.
    lint: LintSettings = LintSettings()
    topics: tuple[TopicSettings, ...] = ()
    subjects: tuple[SubjectSettings, ...] = ()
    allow_breaking: tuple[AllowBreaking, ...] = ()
    consumers: tuple[ConsumerSettings, ...] = ()
    json_ref_map: Mapping[str, str] = _NOTHING
    # Protobuf import folders (protoc's -I), relative to ``root``; empty: the roots, then
    # the repository root.
    protobuf_include: tuple[str, ...] = ()
    # Recorded events for replay: ``<replay_samples>/<subject>/``, relative to ``root``.
    replay_samples: str = "samples"
    # Consumers' reader schemas by convention: ``<contracts_folder>/<consumer>/<subject>.avsc``.
    contracts_folder: str = "consumers"
    registry: RegistryTarget = RegistryTarget()
    registry_envs: Mapping[str, RegistryTarget] = _NOTHING
    # The top-level keys the file writes: a default stated differs from one left implicit.
    stated: frozenset[str] = frozenset()

    @property
    def display_source(self) -> str:
        if self.source is None:
            return "defaults"
        try:
            return str(self.source.relative_to(self.root))
        except ValueError:
            return str(self.source)

    def lint_settings(self) -> LintSettings:
        """What the lint reads: its tables, and the topics, subjects and levels of the project."""
        return self.lint._replace(
            topics=self.topics, compatibility=self.compatibility,
            json_policy="lenient" if self.json_policy == "LENIENT" else "strict",
            strategy=self.strategy,
            explicit_subjects={entry.subject: entry.file or "" for entry in self.subjects})

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
    # Imported here: a run without a configuration file (a hook's, often) need not load it.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
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
        tool = document.get("tool")
        document = tool.get("schemalint", {}) if isinstance(tool, dict) else {}
        prefix = ("tool", "schemalint")
    return read_config(document, path.parent, source=path, text=text, prefix=prefix)


def read_config(document: Mapping[str, Any], root: Path, source: Path | None = None,
                text: str = "", prefix: tuple[str, ...] = ()) -> Config:
    """The configuration a TOML document (``[tool.schemalint]`` when ``prefix`` says so)
    gives, read in one pass; ``ConfigError`` for its first problem, with the line ``text``
    writes it on."""
    values, problems = read_document(CONFIG_KEYS, document)
    if problems:
        located = [(locate_key(text, (*prefix, *problem.located)) or 0, problem)
                   for problem in problems]
        line, problem = min(located, key=lambda item: (item[1].stage, item[0]))
        raise ConfigError(problem.text, path=None if source is None else str(source),
                          line=line or None)
    allow = tuple(
        entry._replace(line=locate_key(text, (*prefix, "allow-breaking", index)))
        for index, entry in enumerate(values.get("allow-breaking", ())))
    consumers = tuple(
        entry._replace(line=locate_key(text, (*prefix, "consumers", index)))
        for index, entry in enumerate(values.get("consumers", ())))
    registry = values.get("registry", {})
    return Config(
        root=root,
        source=source,
        # A key left out keeps the model's default.
        **python_names({key: values[key] for key in _PLAIN_KEYS if key in values}),
        lint=LintSettings(**{name: value for table in _LINT_TABLES
                             for name, value in values.get(table, {}).items()}),
        allow_breaking=allow,
        consumers=consumers,
        json_ref_map=values.get("json", {}).get("ref-map", _NOTHING),
        protobuf_include=values.get("protobuf", {}).get("include", ()),
        replay_samples=values.get("replay", {}).get("samples", "samples"),
        contracts_folder=PurePosixPath(
            values.get("contracts", {}).get("folder", "consumers")).as_posix(),
        registry=registry.get("target", RegistryTarget()),
        registry_envs=registry.get("envs", _NOTHING),
        stated=frozenset(values),
    )


def _toml_error_position(message: str) -> tuple[int | None, int | None]:
    found = re.search(r"at line (\d+), column (\d+)", message)
    if found is None:
        return None, None
    return int(found.group(1)), int(found.group(2))


def config_schema() -> dict[str, Any]:
    """The JSON Schema of the configuration: the contract editors validate against."""
    text = (Path(__file__).parent / "data" / "config.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


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



# ---- the keys --------------------------------------------------------------------------------
# One declaration per table; each builds its typed value from the keys written. Messages and
# the lines they name come from ``config_reader``.

def _known_codes(exact: bool) -> Any:
    """Rule codes (or, unless ``exact``, prefixes) upper-cased; every one must name a rule:
    a typo would select or silence nothing, and the run would pass for the wrong reason."""
    def known(codes: Sequence[str]) -> tuple[str, ...]:
        if codes:
            from schemalint.lint.registry import unknown_selectors

            unknown = unknown_selectors(codes, exact=exact)
            if unknown:
                kind = "rule code" if exact else "rule code or prefix"
                raise ValueError(f"unknown {kind} {', '.join(map(repr, unknown))} "
                                 "(`schemalint rules` lists them)")
        return tuple(code.strip().upper() for code in codes)
    return known


def _severities(severities: Mapping[str, str]) -> Mapping[str, str]:
    _known_codes(exact=True)(list(severities))
    return {code.strip().upper(): value for code, value in severities.items()}


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date") from None


def _patterns(patterns: Sequence[str]) -> tuple[VersionPattern, ...]:
    try:
        return compile_patterns(patterns)
    except ValueError as error:
        # The message names the pattern's index itself.
        raise Invalid(Problem((), str(error), at=("versioned",), stage=1)) from None


def _renamed(names: Mapping[str, str]) -> Any:
    """A table's keys as the fields of ``LintSettings`` they set."""
    return lambda values: {names[key]: value for key, value in values.items()}


def _docs(values: Mapping[str, Any]) -> dict[str, Any]:
    built: dict[str, Any] = {"docs_min_length": values.get("min-length", 1)}
    if "exempt" in values or "exemptions" in values:  # the same key, spelled two ways
        built["docs_exempt"] = (*values.get("exempt", ()), *values.get("exemptions", ()))
    return built


def _topic(values: Mapping[str, Any]) -> TopicSettings:
    return TopicSettings(**python_names(values), kind_declared="kind" in values)


def _subject(values: Mapping[str, Any]) -> SubjectSettings:
    named = python_names(values)
    if "type" in named:
        named["schema_type"] = named.pop("type")
    return SubjectSettings(**named)


def _registry(values: Mapping[str, Any]) -> dict[str, Any]:
    target = {key: value for key, value in values.items() if key != "envs"}
    return {"target": RegistryTarget(**python_names(target)),
            "envs": values.get("envs", _NOTHING)}


STRINGS = ListOf(Text())
CODES = ListOf(Text(pattern="^[A-Za-z_]+[0-9]*$"))
# A field name, or a dotted path of them from the top-level record (`meta.id`).
FIELD_PATHS = ListOf(Text(pattern="^[^.]+(\\.[^.]+)*$"))
# A field a consumer reads: names through records, `[]` stepping into an array's items or a
# map's values (`items[].sku`; `items.sku` reads the same).
READ_PATH = "^[^.\\[\\]]+(\\[\\])*(\\.[^.\\[\\]]+(\\[\\])*)*$"
# A reader schema's file: an Avro, JSON Schema or Protobuf schema, by its suffix.
READER_SCHEMA_FILE = "\\.(avsc|json|yaml|yml|proto)$"
LEVEL = Choice((*(level.value for level in Level), *(level.value.lower() for level in Level)),
               Level.parse)
POLICY = Choice(("strict", "lenient", "STRICT", "LENIENT"), str.upper)
REGISTRY_TARGET: Mapping[str, Any] = {
    "url-env": Text(), "url": Text(), "auth-env": Text(), "token-env": Text(),
    "ca-bundle-env": Text(), "client-cert-env": Text(), "client-key-env": Text(),
    "context": Text(pattern="^\\.[A-Za-z0-9_.-]*$"), "normalize": Flag(),
    "subject-prefix": Text(),
}

# The keys whose values are fields of ``Config`` as they are read.
_PLAIN_KEYS = ("roots", "versioned", "strategy", "compatibility", "json-policy", "json-draft",
               "fail-on", "topics", "subjects")
# The tables whose values are fields of ``LintSettings``, as ``Config.lint``.
_LINT_TABLES = ("lint", "naming", "metadata", "topic-naming", "docs", "fields", "pii")

CONFIG_KEYS = Table({
    "version": Const(1),
    "roots": ListOf(Text(), min_items=1),
    "versioned": Then(STRINGS, _patterns),
    "strategy": Choice(("topic", "record", "topic-record")),
    "compatibility": LEVEL,
    "json-policy": POLICY,
    "json-draft": Choice(("4", "6", "7", "2019-09", "2020-12")),
    "fail-on": Choice(("error", "warning", "info"), Severity.parse),
    "lint": Table({
        "select": Then(CODES, _known_codes(exact=False)),
        "extend-select": Then(CODES, _known_codes(exact=False)),
        "ignore": Then(CODES, _known_codes(exact=False)),
        "severity": Then(MapOf(Choice(("error", "warning", "info", "off"))), _severities),
        "per-file-ignores": MapOf(Then(CODES, _known_codes(exact=False))),
    }, python_names),
    "naming": Table({"extra-verbs": STRINGS, "allow": STRINGS}, python_names),
    "metadata": Table({"id-fields": FIELD_PATHS, "time-fields": FIELD_PATHS,
                       "correlation-fields": FIELD_PATHS}, python_names),
    "topics": ListOf(Table({
        "match": Text(),
        "kind": Choice(("event", "command", "cdc")),
        "flavor": Choice(("notification", "state-transfer", "sourcing")),
        "compatibility": LEVEL,
        "json-policy": POLICY,
        "replay": Flag(),
        "metadata": Choice(("payload", "headers")),
        "owner": Text(min_length=1),
        "audience": Choice(("internal", "company", "public")),
        "key-fields": STRINGS,
        "producers": STRINGS,
    }, _topic, required=("match",))),
    "subjects": ListOf(Table({
        "subject": Text(min_length=1),
        "file": Text(),
        "type": Choice(("avro", "json", "protobuf", "AVRO", "JSON", "PROTOBUF"),
                       SchemaType.parse),
        "compatibility": LEVEL,
        "json-policy": POLICY,
        "history-since": Text(min_length=1),
        "retired": Flag(),
    }, _subject, required=("subject",))),
    "allow-breaking": ListOf(Table({
        "subject": Text(),
        "schema": Text(pattern="^sha256:[0-9a-f]{64}$"),
        "reason": Text(min_length=1),
        "expires": Then(Text(pattern="^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), _date),
    }, lambda values: AllowBreaking(**values), required=("subject", "schema", "reason"))),
    "consumers": ListOf(Table({
        "name": Text(pattern="^[^/\\\\]+$"),
        "owner": Text(min_length=1),
        "subjects": ListOf(Text(min_length=1)),
        "reads": ListOf(Text(pattern=READ_PATH)),
        "pending": Flag(),
        "reader-schemas": MapOf(Text(pattern=READER_SCHEMA_FILE)),
    }, lambda values: ConsumerSettings(**python_names(values)), required=("name",))),
    "contracts": Table({"folder": Text(min_length=1)}),
    "json": Table({"ref-map": MapOf(Text())}),
    "protobuf": Table({"include": ListOf(Text(), min_items=1)}),
    "replay": Table({"samples": Text(min_length=1)}),
    "registry": Table({
        **REGISTRY_TARGET,
        "envs": MapOf(Table(REGISTRY_TARGET, lambda values: RegistryTarget(
            **python_names(values)))),
    }, _registry),
    "topic-naming": Table({"pattern": Text(min_length=1)}, _renamed({"pattern": "topic_pattern"})),
    "docs": Table({"min-length": Whole(minimum=1), "exempt": STRINGS, "exemptions": STRINGS},
                  _docs),
    "fields": Table({"case": Choice(("snake", "camel")), "time-suffixes": STRINGS},
                    _renamed({"case": "field_case", "time-suffixes": "time_suffixes"})),
    "pii": Table({"patterns": STRINGS, "classified": STRINGS},
                 _renamed({"patterns": "pii_patterns", "classified": "pii_classified"})),
})
