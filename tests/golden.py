"""Golden files: expected output kept beside the tests. UPDATE_GOLDEN=1 rewrites them."""

from __future__ import annotations

import os
from pathlib import Path


def assert_golden(path: Path, actual: str) -> None:
    if os.environ.get("UPDATE_GOLDEN") == "1" or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual)
        if os.environ.get("UPDATE_GOLDEN") != "1":
            raise AssertionError(f"golden file {path} was missing and has been written")
    assert actual == path.read_text(), f"output differs from {path} (UPDATE_GOLDEN=1 to accept)"
