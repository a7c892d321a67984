"""The field table of a JSON Schema subject: every field path a consumer names, through
local ``$ref``s, arrays, maps (``additionalProperties``) and ``anyOf`` branches, each with its
type and the version since which every version has had it."""

from __future__ import annotations

from pathlib import Path

import pytest
from gitrepo import GitRepo

from schemalint.catalog.model import FieldEntry
from schemalint.commands.catalog import build
from schemalint.config import load_config

# wikimedia/schemas-event-primary (43aeb4a) jsonschema/mediawiki/page/change/current.yaml in
# shape: JSON Schema in YAML, a performer through a local $ref, nested objects and arrays.
PAGE_CHANGE = """\
$schema: https://json-schema.org/draft-07/schema#
title: page_change
type: object
definitions:
  performer:
    type: object
    properties:
      user_id: {type: integer}
      groups:
        type: array
        items: {type: string}
properties:
  meta:
    type: object
    properties:
      dt: {type: string}
      "a/b~c": {type: string}
  performer: {$ref: "#/definitions/performer"}
  revisions:
    type: array
    items:
      type: object
      properties:
        rev_id: {type: integer}
  tags:
    type: object
    additionalProperties:
      type: object
      properties:
        source: {type: string}
  prior:
    anyOf:
      - type: "null"
      - type: object
        properties:
          rev_id: {type: integer}
"""
WITH_DOMAIN = PAGE_CHANGE.replace("      dt: {type: string}\n",
                                  "      dt: {type: string}\n      domain: {type: string}\n")


@pytest.fixture(scope="module")
def fields(tmp_path_factory: pytest.TempPathFactory) -> dict[str, FieldEntry]:
    repo = GitRepo(tmp_path_factory.mktemp("fields") / "repo")
    repo.write("schemalint.toml", 'roots = ["schemas"]\n')
    repo.write("schemas/page_change/value.yaml", PAGE_CHANGE)
    repo.commit("page_change")
    repo.write("schemas/page_change/value.yaml", WITH_DOMAIN)
    repo.commit("the page's domain")
    catalog, unreadable = build(load_config(Path(repo.path)))
    subject = catalog.subject("page_change-value")
    assert subject is not None and not unreadable
    return {entry.path: entry for entry in subject.fields}


ROWS = [
    # (path, type, since)
    ("meta", "object", 1),
    ("meta.dt", "string", 1),
    ("meta.domain", "string", 2),
    ("meta.a/b~c", "string", 1),  # a name a pointer escapes
    ("performer", "performer", 1),  # through the local $ref
    ("performer.user_id", "integer", 1),
    ("performer.groups", "array<string>", 1),
    ("revisions", "array<object>", 1),
    ("revisions[].rev_id", "integer", 1),
    ("tags", "object", 1),
    ("tags[].source", "string", 1),  # additionalProperties: a map's values
    ("prior", "null | record", 1),
    ("prior.rev_id", "integer", 1),  # an anyOf branch
]


def test_every_field_path_is_a_row_in_order(fields: dict[str, FieldEntry]) -> None:
    assert list(fields) == [path for path, _, _ in ROWS]


@pytest.mark.parametrize(("path", "type_", "since"), ROWS)
def test_each_row_has_its_type_and_since(fields: dict[str, FieldEntry], path: str,
                                         type_: str, since: int) -> None:
    assert (fields[path].type, fields[path].since) == (type_, since)
