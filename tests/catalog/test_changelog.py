"""Each version's changelog in the catalogue, through the changes the differ may pass over
quickly: a field whose text is the same on both sides is skipped only where nothing of it can
have changed, so a doc-only change is still listed (doc changed, safe) and a field that names
a type whose definition moved and grew still reports what grew."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from gitrepo import GitRepo

from schemalint.catalog.model import SubjectEntry
from schemalint.commands.catalog import build
from schemalint.config import load_config

ADDRESS = {"type": "record", "name": "Address",
           "fields": [{"name": "city", "type": "string"}]}
ADDRESS_WITH_ZIP = {**ADDRESS, "fields": [*ADDRESS["fields"], {
    "name": "zip", "type": ["null", "string"], "default": None}]}
TOTAL = {"name": "total", "type": ["null", "long"], "default": None}
TOTAL_IN_CENTS = {**TOTAL, "doc": "In cents."}


def order(*fields: dict[str, Any], doc: str = "An order was placed.") -> dict[str, Any]:
    return {"type": "record", "name": "OrderPlaced", "namespace": "com.acme", "doc": doc,
            "fields": [{"name": "order_id", "type": "string", "doc": "The order."}, *fields]}


# (commit title, the version's schema, its verdict, its changes: kind, path, verdict, what)
HISTORY = [
    ("first", order(TOTAL, {"name": "billing", "type": ADDRESS},
                    {"name": "shipping", "type": "Address"}),
     "new", []),
    ("a field's doc, and nothing else", order(TOTAL_IN_CENTS, {"name": "billing", "type": ADDRESS},
                                              {"name": "shipping", "type": "Address"}),
     "compatible", [("doc-changed", "OrderPlaced.total", "safe", "doc changed")]),
    ("the record's doc", order(TOTAL_IN_CENTS, {"name": "billing", "type": ADDRESS},
                               {"name": "shipping", "type": "Address"}, doc="Placed."),
     "compatible", [("doc-changed", "OrderPlaced", "safe", "type doc changed")]),
    # ``shipping`` reads "Address" on both sides; the definition it names moved to the field
    # after it and grew: reached first through ``shipping``, it is reported there.
    ("Address defined after its use, with a zip",
     order(TOTAL_IN_CENTS, {"name": "shipping", "type": "Address"},
           {"name": "billing", "type": ADDRESS_WITH_ZIP}, doc="Placed."),
     "compatible", [("field-added", "OrderPlaced.shipping.zip", "safe",
                     "field zip added with a default")]),
    ("a union branch added",
     order({**TOTAL_IN_CENTS, "type": ["null", "long", "string"]},
           {"name": "shipping", "type": "Address"},
           {"name": "billing", "type": ADDRESS_WITH_ZIP}, doc="Placed."),
     "compatible", [("branch-added", "OrderPlaced.total", "allowed at this level",
                     "union branch string added")]),
]


@pytest.fixture(scope="module")
def orders(tmp_path_factory: pytest.TempPathFactory) -> SubjectEntry:
    repo = GitRepo(tmp_path_factory.mktemp("changelog") / "repo")
    repo.write("schemalint.toml", 'roots = ["schemas"]\ncompatibility = "BACKWARD"\n')
    for title, schema, _, _ in HISTORY:
        repo.write("schemas/orders/value.avsc", schema)
        repo.commit(title)
    catalog, _ = build(load_config(Path(repo.path)))
    subject = catalog.subject("orders-value")
    assert subject is not None
    return subject


@pytest.mark.parametrize(("number", "title", "verdict", "changes"), [
    (number, title, verdict, changes)
    for number, (title, _, verdict, changes) in enumerate(HISTORY, start=1)])
def test_each_version_lists_what_changed(orders: SubjectEntry, number: int, title: str,
                                         verdict: str, changes: list[tuple[str, ...]]) -> None:
    version = next(v for v in orders.versions if v.number == number)
    assert version.commit is not None and version.commit.title == title
    assert (version.verdict, [(c.kind, c.path, c.verdict, c.description)
                              for c in version.changes]) == (verdict, changes)
