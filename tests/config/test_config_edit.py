"""Levels written into the user's configuration: the rest of the file stays as written, and
the result is what the loader reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemalint.config import parse_config
from schemalint.config_edit import SubjectLevel, record_levels, with_levels
from schemalint.errors import ConfigError
from schemalint.model import Level

FULL, NONE, FORWARD = Level.FULL, Level.NONE, Level.FORWARD
SCHEMALINT: tuple[str, ...] = ()
TOOL = ("tool", "schemalint")


@pytest.mark.parametrize(("text", "table", "compatibility", "subjects", "expected"), [
    pytest.param(
        "", SCHEMALINT, FULL, [], 'compatibility = "FULL"\n',
        id="an empty file"),
    pytest.param(
        '# schemas\nroots = ["schemas"]  # one root\n\n[registry]\nurl-env = "SR"\n',
        SCHEMALINT, FULL, [SubjectLevel("a-value", NONE)],
        '# schemas\nroots = ["schemas"]  # one root\ncompatibility = "FULL"\n\n[registry]\n'
        'url-env = "SR"\n\n[[subjects]]\nsubject = "a-value"\ncompatibility = "NONE"\n',
        id="top-level key before the tables, a new array of tables after them"),
    pytest.param(
        'compatibility = "BACKWARD"  # team default\n', SCHEMALINT, FORWARD, [],
        'compatibility = "FORWARD"  # team default\n',
        id="an existing key is replaced, its comment kept"),
    pytest.param(
        '[[subjects]]\nsubject = "a-value"\nfile = "schemas/a.avsc"\n\n'
        '[[subjects]]\nsubject = "b-value"\n',
        SCHEMALINT, None, [SubjectLevel("b-value", FULL, "lenient"),
                           SubjectLevel("c-value", NONE)],
        '[[subjects]]\nsubject = "a-value"\nfile = "schemas/a.avsc"\n\n'
        '[[subjects]]\nsubject = "b-value"\ncompatibility = "FULL"\njson-policy = "lenient"\n\n'
        '[[subjects]]\nsubject = "c-value"\ncompatibility = "NONE"\n',
        id="an entry is updated in place, a new one appended in the same style"),
    pytest.param(
        'subjects = [{ subject = "a-value" }]\n', SCHEMALINT, None,
        [SubjectLevel("a-value", FULL), SubjectLevel("b-value", NONE)],
        'subjects = [{ subject = "a-value", compatibility = "FULL"}, '
        '{subject = "b-value", compatibility = "NONE"}]\n',
        id="inline tables stay inline"),
    pytest.param(
        '[project]\nname = "x"\n\n[tool.schemalint.lint]\nignore = ["DOC001"]\n\n'
        '[tool.ruff]\nline-length = 100\n',
        TOOL, FULL, [SubjectLevel("a-value", NONE)],
        '[project]\nname = "x"\n\n[tool.schemalint]\ncompatibility = "FULL"\n\n'
        '[tool.schemalint.lint]\nignore = ["DOC001"]\n\n[[tool.schemalint.subjects]]\n'
        'subject = "a-value"\ncompatibility = "NONE"\n\n[tool.ruff]\nline-length = 100\n',
        id="pyproject with only a sub-table of tool.schemalint; other tools untouched"),
])
def test_with_levels(text: str, table: tuple[str, ...], compatibility: Level | None,
                     subjects: list[SubjectLevel], expected: str) -> None:
    assert with_levels(text, table, compatibility, subjects) == expected


@pytest.mark.parametrize("name", ["schemalint.toml", "pyproject.toml"])
def test_recorded_levels_are_what_the_loader_reads(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text('[tool.schemalint]\nroots = ["events"]\n' if name == "pyproject.toml"
                    else 'roots = ["events"]\n')

    written = record_levels(path, tmp_path, FORWARD,
                            [SubjectLevel("a-value", Level.FULL_TRANSITIVE, "lenient")])

    config = parse_config(path)
    assert written == path
    assert config.roots == ("events",)
    assert config.compatibility is FORWARD
    assert config.level_for("a-value", None) is Level.FULL_TRANSITIVE
    assert config.policy_for("a-value", None) == "LENIENT"
    assert config.level_for("b-value", None) is FORWARD


def test_nothing_to_record_writes_nothing(tmp_path: Path) -> None:
    assert record_levels(None, tmp_path, None, []) is None
    assert list(tmp_path.iterdir()) == []


def test_an_unreadable_configuration_is_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "schemalint.toml"
    path.write_text("roots = [\n")

    with pytest.raises(ConfigError) as raised:
        record_levels(path, tmp_path, FULL, [])

    assert str(raised.value).startswith(f"{path}: invalid TOML")
    assert raised.value.exit_code == 2
    assert path.read_text() == "roots = [\n"
    assert [p.name for p in tmp_path.iterdir()] == ["schemalint.toml"]
