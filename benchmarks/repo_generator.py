"""Generate a large schema repository with long history, for the check and hook benchmarks.

``python benchmarks/repo_generator.py DIR --subjects 1000 --versions 10`` makes a git
repository whose every subject (``schemas/topic-N/value.avsc``; ``value.schema.json`` with
``--format json``) has VERSIONS versions, each adding an optional field, so every version is
compatible with all before it at every level.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
from pathlib import Path

GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}


SCHEMA_FILES = {"avro": "value.avsc", "json": "value.schema.json"}


def schema(subject: int, version: int, base_fields: int = 12) -> dict[str, object]:
    fields: list[dict[str, object]] = [
        {"name": "event_id", "type": "string", "doc": "Unique id of this event."},
        {"name": "occurred_at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
    ]
    fields += [{"name": f"attribute_{n}", "type": "string"} for n in range(base_fields)]
    fields += [{"name": f"added_in_v{n}", "type": ["null", "long"], "default": None}
               for n in range(2, version + 1)]
    return {"type": "record", "name": f"Thing{subject}Happened",
            "namespace": f"com.bench.topic{subject}", "fields": fields}


def json_schema(subject: int, version: int, base_fields: int = 12) -> dict[str, object]:
    """``schema``'s JSON Schema twin. Its added properties fall under its
    ``additionalProperties`` schema, so that each version is compatible with all before it
    both ways under the registry's STRICT policy (an open object would refuse an added
    property backward, a closed one forward)."""
    optional_long = {"type": ["integer", "null"]}
    properties: dict[str, object] = {
        "event_id": {"type": "string", "description": "Unique id of this event."},
        "occurred_at": {"type": "string", "format": "date-time"},
        **{f"attribute_{n}": {"type": "string"} for n in range(base_fields)},
        **{f"added_in_v{n}": optional_long for n in range(2, version + 1)},
    }
    return {"$schema": "http://json-schema.org/draft-07/schema#",
            "title": f"Thing{subject}Happened", "type": "object", "properties": properties,
            "required": ["event_id", "occurred_at", *(f"attribute_{n}"
                                                      for n in range(base_fields))],
            "additionalProperties": optional_long}


def generate(target: Path, subjects: int, versions: int, schema_format: str = "avro") -> None:
    """``schema_format``: ``avro`` (``value.avsc``) or ``json`` (``value.schema.json``)."""
    target.mkdir(parents=True, exist_ok=True)
    run = lambda *args: subprocess.run(["git", *args], cwd=target, env=GIT_ENV,  # noqa: E731
                                       check=True, capture_output=True)
    run("init", "-q", "-b", "main")
    for version in range(1, versions + 1):
        for subject in range(subjects):
            path = target / "schemas" / f"topic-{subject}" / SCHEMA_FILES[schema_format]
            path.parent.mkdir(parents=True, exist_ok=True)
            document = (schema if schema_format == "avro" else json_schema)(subject, version)
            path.write_text(json.dumps(document, indent=2) + "\n")
        run("add", "-A")
        run("commit", "-q", "-m", f"version {version} of every subject")
    (target / "schemalint.toml").write_text('compatibility = "FULL_TRANSITIVE"\n')
    run("add", "-A")
    run("commit", "-q", "-m", "config")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", type=Path)
    parser.add_argument("--subjects", type=int, default=1000)
    parser.add_argument("--versions", type=int, default=10)
    parser.add_argument("--format", choices=sorted(SCHEMA_FILES), default="avro")
    args = parser.parse_args()
    generate(args.target, args.subjects, args.versions, args.format)


if __name__ == "__main__":
    main()
