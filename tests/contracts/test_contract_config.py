"""``[[consumers]]`` in the configuration: read into the typed model with the line of each
entry, refused with the file and line where a value is wrong, and described alike by the
JSON Schema editors read."""

from __future__ import annotations

import sys
from pathlib import Path

import jsonschema
import pytest

from schemalint.config import ConsumerSettings, config_schema, parse_config
from schemalint.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ENTRIES = '''version = 1

[[consumers]]
name = "billing"
owner = "@acme/billing"
subjects = ["orders-value"]
reads = ["order_id", "customer.email", "items[].sku", "attributes[].value", "items.sku"]

[[consumers]]
name = "returns"
pending = true
'''


def test_entries_are_read_with_their_lines(tmp_path: Path) -> None:
    (tmp_path / "schemalint.toml").write_text(ENTRIES)
    config = parse_config(tmp_path / "schemalint.toml")
    assert config.consumers == (
        ConsumerSettings("billing", "@acme/billing", ("orders-value",),
                         ("order_id", "customer.email", "items[].sku", "attributes[].value",
                          "items.sku"), line=3),
        ConsumerSettings("returns", pending=True, line=9))
    jsonschema.validate(tomllib.loads(ENTRIES), config_schema())


@pytest.mark.parametrize(("entry", "line", "says"), [
    ('owner = "x"', 3, "'name' is a required property"),
    ('name = "billing"\nreads = ["items..sku"]', 5, "does not match"),
    ('name = "billing"\nreads = ["items[]sku"]', 5, "does not match"),
    ('name = "billing"\nreads = ["[].sku"]', 5, "does not match"),
    ('name = "billing/x"', 4, "does not match"),
    ('name = "billing"\npending = "yes"', 5, "is not of type 'boolean'"),
    ('name = "billing"\nowner = ""', 5, "should be non-empty"),
    ('name = "billing"\nteam = "x"', 5, "team"),
])
def test_a_wrong_entry_names_its_line(tmp_path: Path, entry: str, line: int, says: str) -> None:
    text = f"version = 1\n\n[[consumers]]\n{entry}\n"
    (tmp_path / "schemalint.toml").write_text(text)
    with pytest.raises(ConfigError) as raised:
        parse_config(tmp_path / "schemalint.toml")
    assert raised.value.line == line and says in str(raised.value), str(raised.value)
    # The JSON Schema refuses it too.
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(tomllib.loads(text), config_schema())
