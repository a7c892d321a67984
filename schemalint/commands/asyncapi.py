"""``schemalint asyncapi``: the project as an AsyncAPI 3.0 document.

The subjects and their current schemas come from the check pipeline (every subject, no
lint), the producers from ``[[topics]]``, the consumers from the contracts
(``pipeline.consumers``, named only, not parsed); ``schemalint.catalog.asyncapi`` makes the
document. It returns the document's text and prints nothing; a schema that cannot be read is
a finding, which makes no document.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

import yaml

from schemalint.catalog.asyncapi import Consumer, Project, Subject, Topic, asyncapi_document
from schemalint.config import Config
from schemalint.errors import INPUT_ERROR_CODES, UsageError
from schemalint.model import Finding, Schema
from schemalint.pipeline.check import CheckOutcome, CheckRequest, run_check
from schemalint.pipeline.consumers import contract_specs
from schemalint.sources.git import Git
from schemalint.topics import TopicSubject, project_topics

_YAML_SUFFIXES = (".yaml", ".yml")


class AsyncApiResult(NamedTuple):
    document: dict[str, Any]
    # What made the input unusable: no document is written where there is any.
    findings: list[Finding]

    @property
    def channels(self) -> int:
        return len(self.document.get("channels", {}))

    @property
    def messages(self) -> int:
        return len(self.document.get("components", {}).get("messages", {}))

    @property
    def unbound(self) -> int:
        """Messages of no channel: subjects whose topic the files do not name."""
        return self.messages - sum(len(channel["messages"])
                                   for channel in self.document.get("channels", {}).values())

    @property
    def operations(self) -> int:
        return len(self.document.get("operations", {}))


def export_asyncapi(config: Config, git: Git | None = None) -> AsyncApiResult:
    """The AsyncAPI document of the project ``config`` describes."""
    git = git or Git(config.root)
    outcome = run_check(config, CheckRequest(all=True, against="none", lint=False,
                                             keep_subjects=True), git)
    findings = [finding for finding in outcome.findings if finding.code in INPUT_ERROR_CODES]
    if not outcome.subjects and not findings:
        raise UsageError(f"no schema found under {', '.join(config.roots)}: nothing to export "
                         "(set `roots` in the configuration)")
    head = git.head() if git.is_repository() else None
    project = Project(title=config.root.name, version=head[:12] if head else "0.0.0",
                      strategy=config.strategy, topics=tuple(_topics(config, outcome)),
                      schemas=_schemas(outcome))
    return AsyncApiResult(asyncapi_document(project), findings)


def _schemas(outcome: CheckOutcome) -> dict[str, Schema]:
    return {subject: schema for subject, schema in outcome.schemas.items() if schema is not None}


def _topics(config: Config, outcome: CheckOutcome) -> list[Topic]:
    """The project's topics that carry a message: a value or key schema that reads."""
    found = project_topics(config, (TopicSubject(name, state.files.topic, state.files.role)
                                    for name, state in outcome.subjects.items()),
                           contract_specs(config))
    schemas = _schemas(outcome)
    topics = []
    for topic in found:
        values = tuple(Subject(name, schemas[name]) for name in topic.values if name in schemas)
        key = (Subject(topic.key, schemas[topic.key])
               if topic.key is not None and topic.key in schemas else None)
        if not values and key is None:
            continue
        bound = {subject.name for subject in (*values, *((key,) if key else ()))}
        topics.append(Topic(
            topic.name, values, key, topic.settings, topic.level.value,
            tuple(Consumer(reader.name, reader.owner, subject) for reader in topic.readers
                  for subject in reader.subjects if subject in bound)))
    return topics


def render(document: dict[str, Any], path: str) -> str:
    """The document as YAML where ``path`` ends ``.yaml``/``.yml``, else JSON; keys in the
    document's own order."""
    if path.lower().endswith(_YAML_SUFFIXES):
        # libyaml's dumper where PyYAML has it: the pure-Python one takes seconds a megabyte.
        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        return yaml.dump(document, Dumper=dumper, sort_keys=False, allow_unicode=True,
                         width=100)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

