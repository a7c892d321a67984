"""What a paused block builds: left to the collector in a library, set aside in a one-shot run."""

from __future__ import annotations

import subprocess
import sys

import pytest

BUILD = """
import gc
from schemalint.allocation import tune_for_one_command, paused_gc
{setup}
with paused_gc():
    built = [[index] for index in range(10_000)]
print(gc.get_freeze_count() >= 10_000, gc.isenabled())
"""


@pytest.mark.parametrize(("setup", "set_aside"), [
    ("", False),
    ("tune_for_one_command()", True),
])
def test_what_a_paused_block_builds(setup: str, set_aside: bool) -> None:
    result = subprocess.run([sys.executable, "-c", BUILD.format(setup=setup)],
                            capture_output=True, text=True, check=True)
    assert result.stdout.split() == [str(set_aside), "True"]


@pytest.mark.parametrize(("command", "set_aside"), [
    ("check", True), ("compat", True), ("diff", True), ("sync", True),
    ("registry", False), ("rules", False),
])
def test_only_commands_that_end_set_what_they_build_aside(command: str,
                                                          set_aside: bool) -> None:
    probe = ("import sys, schemalint.allocation as allocation, schemalint.cli.entry as entry\n"
             "entry._answer = lambda args: None\n"
             f"sys.argv = ['schemalint', '{command}']\n"
             "entry.main()\n"
             "print(allocation._keep_built)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == str(set_aside)
