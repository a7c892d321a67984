"""The README's promises: its configuration sample validates, its commands exist."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from schemalint.config import parse_config
from schemalint.versions import DEFAULT_VERSIONED

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text()


def test_the_configuration_sample_validates(tmp_path: Path) -> None:
    block = re.search(r"## Configuration.*?```toml\n(.*?)```", README, re.S)
    assert block is not None
    sample = block.group(1).replace("sha256:…", "sha256:" + "0" * 64)
    path = tmp_path / "schemalint.toml"
    path.write_text(sample)
    config = parse_config(path)
    assert config.topics[0].match == "payments.*"
    # The sample shows the default layouts of versioned files as they are.
    assert tuple(p.regex.pattern for p in config.versioned) == DEFAULT_VERSIONED


def test_the_readme_opens_with_the_two_commands() -> None:
    first_block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert first_block is not None
    lines = [line for line in first_block.group(1).splitlines() if line.strip()]
    assert "schemalint check --all" in lines[0]
    assert lines[1].startswith("./scripts/check")


def _commands(section: str) -> list[str]:
    """The ``schemalint`` command lines of the ``sh`` block under a README heading."""
    block = re.search(rf"## {section}\n.*?```sh\n(.*?)```", README, re.S)
    assert block is not None, section
    return [line.split("#", 1)[0].strip() for line in block.group(1).splitlines()
            if line.startswith("schemalint ")]


@pytest.mark.parametrize("command", [*_commands("Checking a repository"),
                                     *_commands("Reviewing a change locally"),
                                     *_commands("Replaying events"),
                                     *_commands("AsyncAPI"),
                                     *_commands("Event catalogue")])
def test_the_checking_commands_run_as_written_in_a_clone(tmp_path: Path, command: str) -> None:
    # `schemalint check schemas/orders/value.avsc` named a file the example does not have.
    from cli_runner import run_cli
    from gitrepo import GitRepo

    clone = GitRepo(tmp_path / "clone")
    shutil.copytree(ROOT / "schemas", clone.path / "schemas")
    shutil.copy(ROOT / "pyproject.toml", clone.path / "pyproject.toml")
    clone.commit("the example domain")
    result = run_cli(clone.path, *shlex.split(command)[1:])
    assert result.returncode == 0, result.stdout + result.stderr
