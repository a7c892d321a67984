"""The tests of the AsyncAPI export need node and tests/node's packages: without them a test
skips and says why, except under ``SCHEMALINT_REQUIRE_TOOLS=1`` (CI), where it fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from tools import REQUIRE_ENV, require_tool


@pytest.mark.parametrize(("required", "outcome"), [
    (None, pytest.skip.Exception),
    ("0", pytest.skip.Exception),
    ("1", pytest.fail.Exception),
])
@pytest.mark.parametrize("tool", ["no-such-program-here", Path("/no/such/node_modules")])
def test_a_missing_tool_skips_unless_tools_are_required(
        monkeypatch: pytest.MonkeyPatch, required: str | None, outcome: type[BaseException],
        tool: str | Path) -> None:
    if required is None:
        monkeypatch.delenv(REQUIRE_ENV, raising=False)
    else:
        monkeypatch.setenv(REQUIRE_ENV, required)
    with pytest.raises(outcome, match="is missing: the tests need it"):
        require_tool(tool, "the tests need it")


@pytest.mark.parametrize("tool", ["sh", Path(__file__)])
def test_a_tool_found_is_its_path(tool: str | Path) -> None:
    found = require_tool(tool, "the tests need it")
    assert Path(found).exists()
