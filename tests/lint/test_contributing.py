"""CONTRIBUTING.md's "Adding a rule": its example module works and its family table is true."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from lint_helpers import make_schema, record
from test_layout import FAMILIES

from schemalint.lint.registry import RULES_BY_CODE
from schemalint.lint.rule_model import Rule, SchemaContext
from schemalint.lint.settings import LintSettings

GUIDE = (Path(__file__).parents[2] / "CONTRIBUTING.md").read_text(encoding="utf-8")


def _example_rule() -> Rule:
    block = re.search(r"```python\n(.*?)```", GUIDE, re.S)
    assert block is not None
    namespace: dict[str, Any] = {"__name__": "example"}
    exec(compile(re.sub(r"(?m)^   ", "", block.group(1)), "CONTRIBUTING.md", "exec"),
         namespace)
    rule = namespace["FLD004"]
    assert isinstance(rule, Rule)
    return rule


@pytest.mark.parametrize(("fields", "pointers"), [
    ([{"name": "data", "type": "string"}], ["/fields/0"]),
    ([{"name": "id", "type": "string"}, {"name": "Payload", "type": "bytes"}], ["/fields/1"]),
    ([{"name": "shipping_label", "type": "string"}], []),
])
def test_the_example_rule_finds_what_it_documents(fields: list[dict[str, Any]],
                                                  pointers: list[str]) -> None:
    rule = _example_rule()
    assert rule.code not in RULES_BY_CODE, "the example must stay a code no rule has"
    assert rule.check_schema is not None
    context = SchemaContext(make_schema(record("LabelPrinted", *fields)), None, None,
                            LintSettings())
    assert [hit.pointer for hit in rule.check_schema(context)] == pointers


def test_the_family_table_is_the_layout() -> None:
    rows = re.findall(r"\| ([A-Z]+) \| `([a-z]+)` ", GUIDE)
    assert dict(rows) == FAMILIES
