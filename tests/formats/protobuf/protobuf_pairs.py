"""Reads ``tests/fixtures/protobuf/differences.txt``: minimal old/new pairs and their changes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).parents[2] / "fixtures" / "protobuf"


@dataclass(frozen=True)
class Pair:
    name: str
    old: str
    new: str
    changes: tuple[str, ...]


def load_pairs() -> list[Pair]:
    text = (FIXTURES / "differences.txt").read_text(encoding="utf-8")
    pairs = []
    for block in text.split("\n### ")[1:]:
        name, _, body = block.partition("\n")
        sections: dict[str, list[str]] = {}
        current: list[str] = []
        for line in body.splitlines():
            if line.startswith("--- "):
                current = sections.setdefault(line[4:].strip(), [])
            else:
                current.append(line)
        pairs.append(Pair(
            name=name.strip(),
            old="\n".join(sections["old"]) + "\n",
            new="\n".join(sections["new"]) + "\n",
            changes=tuple(line.strip() for line in sections["changes"] if line.strip()),
        ))
    return pairs
