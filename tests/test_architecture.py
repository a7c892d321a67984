"""ARCHITECTURE.md names only places that exist: a newcomer who follows it finds each one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "schemalint"
TEXT = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
# A backticked module or folder: `cli/app.py`, `lint/rules/<family>/<CODE>.py`, `formats/`.
NAMED = sorted({name for name in re.findall(r"`([\w/<>.-]+(?:\.py|/))`", TEXT)})


def _resolve(name: str) -> list[Path]:
    if "<" in name:
        pattern = re.sub(r"<[^>]+>", "*", name)
        return list(PACKAGE.glob(pattern))
    found = [PACKAGE / name, ROOT / name]
    return [path for path in found if path.exists()]


@pytest.mark.parametrize("name", NAMED)
def test_every_place_it_names_exists(name: str) -> None:
    assert _resolve(name), f"ARCHITECTURE.md names `{name}`, which does not exist"
