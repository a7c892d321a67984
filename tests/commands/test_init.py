from __future__ import annotations

import json
import subprocess
import sys

from gitrepo import GitRepo

from schemalint.commands.init import detect, render_config
from schemalint.config import parse_config


def test_init_writes_a_valid_commented_config_for_what_it_finds(repo: GitRepo) -> None:
    repo.write("events/orders/value.avsc", {"type": "record", "name": "OrderPlaced",
                                            "fields": []})
    repo.write("events/orders/key.avsc", {"type": "record", "name": "OrderKey", "fields": []})
    repo.write("events/customers/value.schema.json", {"type": "object"})
    layout = detect(repo.path)
    assert layout.roots == ["events"]
    assert layout.strategy == "topic"
    assert layout.formats == {"AVRO": 2, "JSON": 1}
    result = subprocess.run([sys.executable, "-m", "schemalint", "init"], cwd=repo.path,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "Next steps" in result.stdout
    config = parse_config(repo.path / "schemalint.toml")
    assert config.roots == ("events",)
    again = subprocess.run([sys.executable, "-m", "schemalint", "init"], cwd=repo.path,
                           capture_output=True, text=True, check=False)
    assert again.returncode == 2 and "--force" in again.stderr


def test_record_named_files_suggest_the_record_strategy(repo: GitRepo) -> None:
    for name in ("OrderPlaced", "OrderShipped", "OrderCancelled"):
        repo.write(f"schemas/{name}.avsc", json.dumps(
            {"type": "record", "name": name, "fields": []}))
    text = render_config(detect(repo.path))
    assert 'strategy = "record"' in text
