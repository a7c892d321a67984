"""The README's promises: its configuration sample validates, its commands exist."""

from __future__ import annotations

import re
from pathlib import Path

from schemalint.config import parse_config
from schemalint.versions import DEFAULT_VERSIONED

README = (Path(__file__).parents[1] / "README.md").read_text()


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
