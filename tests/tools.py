"""Outside tools a test needs (a browser, its driver): skipped with the reason where they are
missing, and a failure in CI, where ``.ci/run`` installs them and sets
``SCHEMALINT_REQUIRE_TOOLS=1``."""

from __future__ import annotations

import os
import shutil

import pytest

REQUIRE_TOOLS = "SCHEMALINT_REQUIRE_TOOLS"


def require_tool(path_or_name: str, why: str) -> str:
    """The tool's path; a skip naming it (a failure where tools are required) when absent."""
    found = shutil.which(path_or_name)
    if found is not None:
        return found
    message = f"{path_or_name} is not installed: {why}"
    if os.environ.get(REQUIRE_TOOLS) == "1":
        pytest.fail(f"{message} ({REQUIRE_TOOLS}=1 requires it)", pytrace=False)
    pytest.skip(message)
