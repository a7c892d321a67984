"""Where each lint code lives: ``schemalint/lint/rules/<family>/<CODE>.py``, one code a module.

A reader who sees ``FLD002`` in a finding opens ``lint/rules/fields/FLD002.py`` and finds the
rule, its checks and its documentation there; the registry lists every such module, and no
rule module exists that it does not list.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import re
from pathlib import Path

import pytest

import schemalint.lint.rules
from schemalint.lint.registry import RULES
from schemalint.lint.rule_model import Rule

RULES_DIR = Path(schemalint.lint.rules.__file__).parent
CODE = re.compile(r"^(?P<prefix>[A-Z]+)[0-9]{3}$")

# The folder of each code prefix.
FAMILIES = {
    "EVT": "naming", "KEY": "keys", "CDC": "cdc", "MET": "metadata", "EVO": "evolution",
    "FLV": "flavor", "CFG": "config", "SUP": "suppressions", "TOP": "topics",
    "OWN": "ownership", "DOC": "documentation", "FLD": "fields", "ENM": "enums",
    "UNI": "unions", "ORD": "ordering", "VER": "versioning", "SUB": "subjects",
    "PII": "privacy", "CE": "cloudevents", "EXM": "examples", "ORP": "orphans",
}


def _family(code: str) -> str:
    found = CODE.match(code)
    assert found is not None, f"{code} is not a lint code (letters and three digits)"
    return FAMILIES[found["prefix"]]


def _defined_rules(path: Path) -> list[str]:
    """The names a module binds to ``Rule(...)`` at its top level."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [target.id for node in tree.body if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Name)
            and node.value.func.id == "Rule"
            for target in node.targets if isinstance(target, ast.Name)]


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_each_code_is_its_own_module_in_its_family(rule: Rule) -> None:
    family = _family(rule.code)
    module = importlib.import_module(f"schemalint.lint.rules.{family}.{rule.code}")
    assert getattr(module, rule.code) is rule
    assert _defined_rules(RULES_DIR / family / f"{rule.code}.py") == [rule.code]
    checks = [check for check in (rule.check_schema, rule.check_project, rule.check_entry)
              if check is not None]
    assert all(check.__module__ == module.__name__ for check in checks)


def test_every_rule_module_is_registered() -> None:
    on_disk = {path.relative_to(RULES_DIR).as_posix() for path in RULES_DIR.glob("*/*.py")
               if not path.name.startswith("_")}
    registered = {f"{_family(rule.code)}/{rule.code}.py" for rule in RULES}
    assert on_disk == registered


@pytest.mark.parametrize("path", sorted(RULES_DIR.glob("*/_*.py")),
                         ids=lambda path: path.relative_to(RULES_DIR).as_posix())
def test_family_helpers_define_no_rule(path: Path) -> None:
    assert _defined_rules(path) == []


def test_families_are_folders_of_the_codes_they_name() -> None:
    folders = {path.name for path in RULES_DIR.iterdir() if (path / "__init__.py").is_file()}
    assert folders == set(FAMILIES.values())
    assert {_family(rule.code) for rule in RULES} == folders


def test_the_old_rules_package_is_gone() -> None:
    assert importlib.util.find_spec("schemalint.rules") is None
