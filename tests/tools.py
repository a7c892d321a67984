"""Tools outside Python that some tests run (a browser and its driver, node and its packages):
a test skips, saying why, where one is missing; in CI, where ``.ci/run`` installs them and sets
``SCHEMALINT_REQUIRE_TOOLS=1``, it fails instead."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REQUIRE_ENV = "SCHEMALINT_REQUIRE_TOOLS"


def require_tool(path_or_name: str | Path, why: str) -> str:
    """The tool's path: a path that must exist, or a program's name looked up on ``PATH``."""
    if isinstance(path_or_name, Path):
        found = str(path_or_name) if path_or_name.exists() else None
    else:
        found = shutil.which(path_or_name)
    if found is None:
        message = f"{path_or_name} is missing: {why}"
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"{message} ({REQUIRE_ENV}=1)", pytrace=False)
        pytest.skip(message)
    return found
