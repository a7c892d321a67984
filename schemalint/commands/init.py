"""``schemalint init``: a commented configuration for the repository it finds."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from schemalint.project import classify
from schemalint.sources.files import content_decides_type, guess_schema_type

SKIP = {".git", ".venv", "venv", "node_modules", "build", "dist", "target", "__pycache__"}


@dataclass
class Layout:
    """What ``init`` found: schema roots, formats, and how files are named."""

    roots: list[str] = field(default_factory=list)
    formats: Counter[str] = field(default_factory=Counter)
    role_files: int = 0
    other_files: int = 0
    versioned_files: int = 0

    @property
    def strategy(self) -> str:
        # key.avsc/value.avsc files mean topic naming; files named after records mean record.
        return "topic" if self.role_files >= self.other_files or not self.other_files else "record"


def detect(root: Path) -> Layout:
    layout = Layout()
    schema_dirs: Counter[str] = Counter()
    for path in sorted(_files(root)):
        relative = path.relative_to(root).as_posix()
        text = None
        if content_decides_type(relative):
            try:
                text = path.read_text(encoding="utf-8")[:4096]
            except (OSError, UnicodeDecodeError):
                continue
        kind = guess_schema_type(relative, text)
        if kind is None:
            continue
        top = relative.split("/", 1)[0] if "/" in relative else "."
        schema_dirs[top] += 1
        layout.formats[kind.value] += 1
        classified = classify(relative, [top], text)
        if classified is not None:
            if classified.role:
                layout.role_files += 1
            else:
                layout.other_files += 1
            if classified.version is not None:
                layout.versioned_files += 1
    layout.roots = [name for name, _ in schema_dirs.most_common()] or ["schemas"]
    if "schemas" in layout.roots:
        layout.roots = ["schemas"]
    return layout


def _files(root: Path) -> list[Path]:
    found: list[Path] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir():
                if entry.name not in SKIP and not entry.name.startswith("."):
                    stack.append(entry)
            elif entry.suffix in (".avsc", ".json", ".proto", ".yaml", ".yml"):
                found.append(entry)
    return found


def render_config(layout: Layout) -> str:
    formats = ", ".join(f"{count} {name}" for name, count in layout.formats.most_common())
    roots = ", ".join(f'"{root}"' for root in layout.roots)
    return f"""\
# schemalint configuration: https://github.com/schemalint/schemalint
# Found: {formats or "no schema files yet"}; {layout.versioned_files} versioned files.
version = 1

# Folders that hold schemas.
roots = [{roots}]

# How a file maps to a registry subject, as Confluent's serializers name subjects:
#   topic         schemas/<topic>/value.avsc -> <topic>-value (key.avsc -> <topic>-key)
#   record        the record's full name
#   topic-record  <topic>-<record full name>
strategy = "{layout.strategy}"

# Confluent Schema Registry's default level. Topics whose consumers replay from the start
# need every old version readable: consider BACKWARD_TRANSITIVE or FULL_TRANSITIVE.
compatibility = "BACKWARD"

# JSON Schema: Confluent's STRICT policy (adding an optional property to an open object is
# incompatible) or LENIENT.
json-policy = "strict"

# Findings at or above this severity fail the run: error, warning or info.
fail-on = "error"

[lint]
# Empty: the default rules. ["ALL"]: the strict preset. `schemalint rules` lists them.
select = []
ignore = []

# Per-topic settings; the first matching entry wins.
# [[topics]]
# match = "payments.*"
# kind = "event"                  # event | command | cdc
# owner = "team-payments"        # who approves changes (OWN001)
# compatibility = "FULL_TRANSITIVE"

# A reviewed, one-off breaking change (the breaking finding prints the schema identity).
# [[allow-breaking]]
# subject = "orders-value"
# schema = "sha256:..."
# reason = "remove PII field, approved in ADR-31"
# expires = "2027-01-31"

# [registry]
# url-env = "SCHEMA_REGISTRY_URL"
# auth-env = "SCHEMA_REGISTRY_USER_INFO"
"""


NEXT_STEPS = """\
Next steps:
  1. schemalint check --all          check every subject against its git history
  2. add the pre-commit hook (.pre-commit-config.yaml):
       - repo: https://github.com/schemalint/schemalint
         rev: v0.1.0
         hooks:
           - id: schemalint
  3. add the GitHub Action to a workflow (with actions/checkout fetch-depth: 0):
       - uses: schemalint/schemalint@v0.1.0
"""
