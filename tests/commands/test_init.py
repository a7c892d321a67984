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


def test_init_in_a_repository_without_schemas_says_where_the_first_goes(repo: GitRepo) -> None:
    # A repository of AsyncAPI documents only (bitsy-ai/printnanny-asyncapi-schema, 2.4.0/):
    # "schemalint check --all" as the first step failed there, with nothing to check.
    repo.write("README.md", "# events\n")
    result = subprocess.run([sys.executable, "-m", "schemalint", "init"], cwd=repo.path,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "1. put a first schema in schemas/ (schemas/<topic>/value.avsc" in result.stdout
    assert "1. schemalint check --all" not in result.stdout


def test_record_named_files_suggest_the_record_strategy(repo: GitRepo) -> None:
    for name in ("OrderPlaced", "OrderShipped", "OrderCancelled"):
        repo.write(f"schemas/{name}.avsc", json.dumps(
            {"type": "record", "name": name, "fields": []}))
    text = render_config(detect(repo.path))
    assert 'strategy = "record"' in text


# bitrockteam/kafka-dvs-avro-schemas@HEAD keeps its schemas as Avro IDL only
# (src/main/avro/it/bitrock/dvs/model/*.avdl): init once wrote roots = ["schemas"], a folder
# that does not exist, and said nothing of the IDL.
AIRLINE_IDL = """@namespace("it.bitrock.dvs.model.avro")
protocol AirlineRawProtocol {
  record AirlineRaw { string airlineId; string name; }
}
"""


def test_avro_idl_files_are_named_as_unread_and_roots_point_at_them(repo: GitRepo) -> None:
    repo.write("src/main/avro/it/bitrock/dvs/model/AirlineRaw.avdl", AIRLINE_IDL)
    repo.write("src/main/avro/it/bitrock/dvs/model/Flight.avpr", '{"protocol": "Flight"}')
    repo.commit("IDL only")
    result = subprocess.run([sys.executable, "-m", "schemalint", "init"], cwd=repo.path,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert ("Note: 1 .avdl (Avro IDL) and 1 .avpr (Avro protocol) files found, which "
            "schemalint does not read") in result.stdout
    text = (repo.path / "schemalint.toml").read_text()
    assert "# Found: no schema files it reads" in text
    assert parse_config(repo.path / "schemalint.toml").roots == ("src",)
    check = subprocess.run([sys.executable, "-m", "schemalint", "check", "--all"],
                           cwd=repo.path, capture_output=True, text=True, check=False)
    assert check.returncode == 2
    assert "no schema under src: 2 files there are of a kind schemalint does not read" \
        in check.stderr


def test_avro_idl_beside_readable_schemas_is_noted_without_moving_roots(repo: GitRepo) -> None:
    repo.write("schemas/orders/value.avsc", {"type": "record", "name": "OrderPlaced",
                                             "fields": []})
    repo.write("idl/Orders.avdl", AIRLINE_IDL)
    layout = detect(repo.path)
    assert layout.roots == ["schemas"]
    assert layout.unread == ["idl/Orders.avdl"]
    assert "1 .avdl (Avro IDL) files found" in render_config(layout)
