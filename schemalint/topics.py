"""The topics of a project: which subjects each topic carries, what its ``[[topics]]`` entry
says of it, its compatibility level, and which declared consumers read it.

The catalogue (``catalog/model.py``) and the AsyncAPI export (``commands/asyncapi.py``) both
read this one model. A topic is the one each schema file maps to by its place
(``schemas/orders/value.avsc`` and ``orders-value.avsc``: ``orders``), whatever the strategy
names its subjects by; an AsyncAPI document's channel gives its messages theirs
(``sources/asyncapi.py``). A topic holds:

- its value subjects: one under ``strategy = "topic"`` (``<topic>-value``), any number under
  ``record`` and ``topic-record``, each a message of the topic;
- its key subject, where a key schema maps to it (the first by name, should two);
- the other subjects filed under its name: the types its schemas reference (a named type
  beside the topic's files), listed by the catalogue and no message of the export. A folder
  of such types alone is a topic with no message.

Pure: the callers say what each subject is and hand over the project's contracts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from schemalint.config import Config
from schemalint.contracts.judge import Contract
from schemalint.lint.settings import TopicSettings
from schemalint.model import Level


class TopicSubject(NamedTuple):
    """What grouping needs of one subject."""

    name: str
    topic: str | None  # None: a subject of no topic (a type other files reference, by name)
    role: str | None  # "key", "value", or None: a type other schemas reference


class TopicReader(NamedTuple):
    """A declared consumer with a contract on subjects of one topic."""

    name: str
    owner: str | None  # the first its contracts declare
    subjects: tuple[str, ...]  # the topic's subjects it has a contract on, by name


@dataclass(frozen=True)
class ProjectTopic:
    name: str
    settings: TopicSettings | None  # the first ``[[topics]]`` entry matching the name
    level: Level  # its value subject's (else its key's), as ``Config.level_for`` gives it
    values: tuple[str, ...]  # by name
    key: str | None
    subjects: tuple[str, ...]  # every subject filed under it, by name: values, keys, types
    readers: tuple[TopicReader, ...]  # by name

    @property
    def kind(self) -> str:
        return self.settings.kind if self.settings is not None else "event"

    @property
    def flavor(self) -> str | None:
        return self.settings.flavor if self.settings is not None else None

    @property
    def owner(self) -> str | None:
        return self.settings.owner if self.settings is not None else None

    @property
    def producers(self) -> tuple[str, ...]:
        return self.settings.producers if self.settings is not None else ()

    @property
    def declared_key_fields(self) -> tuple[str, ...]:
        return self.settings.key_fields if self.settings is not None else ()


def project_topics(config: Config, subjects: Iterable[TopicSubject],
                   contracts: Mapping[str, Sequence[Contract]]) -> tuple[ProjectTopic, ...]:
    """The topics ``subjects`` are filed under, by name; ``contracts`` by subject
    (``pipeline.consumers.contract_specs``)."""
    grouped: dict[str, list[TopicSubject]] = {}
    for subject in sorted(subjects, key=lambda subject: subject.name):
        if subject.topic is not None:
            grouped.setdefault(subject.topic, []).append(subject)
    return tuple(_topic(config, name, members, contracts)
                 for name, members in sorted(grouped.items()))


def _topic(config: Config, name: str, members: Sequence[TopicSubject],
           contracts: Mapping[str, Sequence[Contract]]) -> ProjectTopic:
    values = tuple(m.name for m in members if m.role is not None and m.role != "key")
    key = next((m.name for m in members if m.role == "key"), None)
    representative = values[0] if values else key or members[0].name
    readers: dict[str, tuple[str | None, list[str]]] = {}
    for member in members:
        for contract in contracts.get(member.name, ()):
            owner, read = readers.setdefault(contract.consumer, (contract.owner, []))
            if owner is None and contract.owner is not None:
                readers[contract.consumer] = (contract.owner, read)
            if member.name not in read:
                read.append(member.name)
    return ProjectTopic(
        name, config.topic_settings(name), config.level_for(representative, name), values,
        key, tuple(m.name for m in members),
        tuple(TopicReader(reader, owner, tuple(read))
              for reader, (owner, read) in sorted(readers.items())))
