"""``$ref`` to other files of a repository, resolved as ``jsonschema``/``referencing`` resolve
them: root-relative references through ``[json] ref-map``, references by ``$id`` to a schema
under the roots, and ``file:`` URIs, never reading outside the repository."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import referencing
import referencing.jsonschema
import yaml
from cli_runner import run_cli
from gitrepo import GitRepo

DRAFT_07 = "https://json-schema.org/draft-07/schema#"
PAGE = "jsonschema/mediawiki/page/change/value.schema.json"

# Reduced from wikimedia/schemas-event-primary at 43aeb4abccaa542eb56491489eb830d6459453a6:
# jsonschema/mediawiki/page/change/current.yaml ($id /mediawiki/page/change/1.2.0,
# allOf: [$ref: /fragment/common/2.0.0#]) and jsonschema/fragment/common/2.0.0.yaml, with
# jsonschema/fragment/common/2.0.0 a link to it; written as JSON here.
COMMON = {"title": "fragment/common", "$id": "/fragment/common/2.0.0", "$schema": DRAFT_07,
          "type": "object", "required": ["dt"],
          "properties": {"dt": {"type": "string", "format": "date-time"}}}


def page(ref: str, **extra: Any) -> dict[str, Any]:
    return {"title": "mediawiki/page/change", "$id": "/mediawiki/page/change/1.2.0",
            "$schema": DRAFT_07, "type": "object", "allOf": [{"$ref": ref}],
            "properties": {"page_id": {"type": "integer"}}, **extra}


def config(roots: list[str], ref_map: str = "") -> str:
    text = f"version = 1\nroots = {roots!r}\n".replace("'", '"')
    return text + (f"\n[json]\nref-map = {ref_map}\n" if ref_map else "")


# name → (files beside the page schema ("-> name": a link to it), config, $ref the page
# makes, words of the error or None when it resolves)
CASES: dict[str, tuple[dict[str, Any], str, str, str | None]] = {
    "root-relative, ref-map '/' to the folder (Wikimedia's link without extension)": (
        {"jsonschema/fragment/common/2.0.0.json": COMMON,
         "jsonschema/fragment/common/2.0.0": "-> 2.0.0.json"},
        config(["jsonschema/mediawiki"], '{ "/" = "jsonschema/" }'),
        "/fragment/common/2.0.0#", None),
    "root-relative, ref-map of a longer path prefix": (
        {"shared/common/2.0.0": COMMON},
        config(["jsonschema/mediawiki"], '{ "/fragment/" = "shared/" }'),
        "/fragment/common/2.0.0", None),
    "root-relative, found by the $id of a schema under the roots": (
        {"jsonschema/fragment/common/2.0.0.json": COMMON}, config(["jsonschema"]),
        "/fragment/common/2.0.0#", None),
    # As Wikimedia's repository holds it: the fragment in YAML only (2.0.0.yaml), found by
    # its $id as a validator's registry holds it; the $id index read .json files alone.
    "root-relative, found by the $id of a YAML schema under the roots": (
        {"jsonschema/fragment/common/2.0.0.yaml": COMMON}, config(["jsonschema"]),
        "/fragment/common/2.0.0#", None),
    "root-relative, nothing serves it": (
        {"jsonschema/fragment/common/2.0.0.json": COMMON}, config(["jsonschema/mediawiki"]),
        "/fragment/common/2.0.0#", "[json] ref-map"),
    "root-relative, ref-map folder without that file": (
        {}, config(["jsonschema"], '{ "/" = "jsonschema/" }'),
        "/fragment/common/2.0.0#", "No such file"),
    "a URL, found by the $id of a schema under the roots": (
        {"jsonschema/common.json": {**COMMON, "$id": "https://schemas.example.org/common.json"}},
        config(["jsonschema"]), "https://schemas.example.org/common.json", None),
    "a URL no $id and no ref-map serves": (
        {}, config(["jsonschema"]), "https://schemas.example.org/common.json", "not fetched"),
    "a file: URI inside the repository": (
        {"jsonschema/common.json": {k: v for k, v in COMMON.items() if k != "$id"}},
        config(["jsonschema"]), "file://{root}/jsonschema/common.json", None),
    "a file://localhost/ URI inside the repository": (
        {"jsonschema/common.json": {k: v for k, v in COMMON.items() if k != "$id"}},
        config(["jsonschema"]), "file://localhost{root}/jsonschema/common.json", None),
    # getsentry/sentry-kafka-schemas, schemas/buffered-segments.v1.schema.json at 864953d:
    # "file://ingest-spans.v1.schema.json#/definitions/SpanEvent", read by its validators'
    # file handler from the schemas' folder.
    "a file name where a file: URI has its host, beside the referring file": (
        {"jsonschema/mediawiki/page/change/common.json":
         {k: v for k, v in COMMON.items() if k != "$id"}},
        config(["jsonschema"]), "file://common.json#", None),
    "a file name where a file: URI has its host, with no such file": (
        {}, config(["jsonschema"]), "file://common.json#", "leaves the repository"),
    "a file: URI on another host": (
        {}, config(["jsonschema"]), "file://fileserver/share/common.json",
        "leaves the repository"),
    "ref-map '/' does not reach above the repository": (
        {}, config(["jsonschema"], '{ "/" = "jsonschema/" }'), "/../../../../etc/passwd",
        "No such file"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_ref_to_another_file_resolves_as_the_validators_resolve_it(
        repo: GitRepo, case: str) -> None:
    files, settings, ref, error = CASES[case]
    root = repo.path.resolve()
    repo.write("schemalint.toml", settings)
    for path, document in files.items():
        if isinstance(document, str):
            (repo.path / path).symlink_to(document.removeprefix("-> "))
        elif path.endswith(".yaml"):
            repo.write(path, yaml.safe_dump(document, sort_keys=False))
        else:
            repo.write(path, document)
    repo.write(PAGE, page(ref.format(root=root.as_posix())))
    repo.commit()
    result = run_cli(repo.path, "check", "--all", "--format", "concise")
    output = result.stdout + result.stderr
    if error is None:
        assert "INVALID_SCHEMA" not in output, output
        assert result.returncode in (0, 1), output
    else:
        assert result.returncode == 2, output
        assert f"{PAGE}:8:7:" in output and error in output, output


def test_a_root_relative_ref_reaches_the_content_the_validators_reach(repo: GitRepo) -> None:
    """Through the ref, the page requires the fragment's ``dt`` as a date-time string, in
    jsonschema (with a retriever serving "/" from the folder) and in schemalint (a ``dt`` of
    another type in the fragment breaks the page)."""
    folder = repo.path / "jsonschema"
    repo.write("jsonschema/fragment/common/2.0.0.json", COMMON)
    (folder / "fragment/common/2.0.0").symlink_to("2.0.0.json")
    repo.write("jsonschema/fragment/common/3.0.0.json", {
        **COMMON, "$id": "/fragment/common/3.0.0",
        "properties": {"dt": {"type": "integer"}}})
    (folder / "fragment/common/3.0.0").symlink_to("3.0.0.json")
    repo.write("old.json", page("/fragment/common/2.0.0#"))
    repo.write("new.json", page("/fragment/common/3.0.0#"))

    def retrieve(uri: str) -> referencing.Resource[Any]:
        return referencing.Resource.from_contents(
            json.loads((folder / uri.lstrip("/")).read_text()),
            default_specification=referencing.jsonschema.DRAFT7)

    registry: referencing.Registry[Any] = referencing.Registry(retrieve=retrieve)  # type: ignore[call-arg]
    old = jsonschema.Draft7Validator(page("/fragment/common/2.0.0#"), registry=registry)
    new = jsonschema.Draft7Validator(page("/fragment/common/3.0.0#"), registry=registry)
    assert not old.is_valid({"page_id": 1}) and not new.is_valid({"page_id": 1})
    event = {"page_id": 1, "dt": "2024-01-01T00:00:00Z"}
    assert old.is_valid(event) and not new.is_valid(event)

    same = run_cli(repo.path, "compat", "old.json", "old.json", "--ref-path", "jsonschema")
    assert same.returncode == 0, same.stdout + same.stderr
    # Confluent reports a changed allOf branch as the branches no longer matching.
    result = run_cli(repo.path, "compat", "new.json", "old.json", "--ref-path", "jsonschema")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "COMBINED_TYPE_SUBSCHEMAS_CHANGED" in result.stdout, result.stdout


def test_ref_map_with_a_root_relative_prefix_is_valid_config(tmp_path: Path) -> None:
    from schemalint.config import parse_config

    (tmp_path / "schemalint.toml").write_text(config(["jsonschema"], '{ "/" = "jsonschema/" }'))
    assert parse_config(tmp_path / "schemalint.toml").json_ref_map == {"/": "jsonschema/"}


def test_a_change_inside_another_file_is_not_said_as_the_ref_changing_into_itself(
        repo: GitRepo) -> None:
    """getsentry/sentry-kafka-schemas at 79102ab: buffered-segments.v1.schema.json holds its
    spans by ``file://ingest-spans.v1.schema.json#/definitions/SpanEvent``; a property type
    changed there was said as 'changed from "file://…SpanEvent" to "file://…SpanEvent"'."""
    def spans(event_id: str) -> dict[str, Any]:
        return {"$schema": DRAFT_07, "title": "spans", "type": "object",
                "definitions": {"SpanEvent": {"type": "object", "properties": {
                    "event_id": {"type": event_id}}}}}

    segments = {"$schema": DRAFT_07, "title": "segments", "type": "object", "properties": {
        "spans": {"type": "array",
                  "items": {"$ref": "file://ingest-spans.schema.json#/definitions/SpanEvent"}}}}
    repo.write("schemalint.toml", config(["schemas"]))
    repo.write("schemas/ingest-spans.schema.json", spans("string"))
    repo.write("schemas/buffered-segments.schema.json", segments)
    repo.commit()
    repo.write("schemas/ingest-spans.schema.json", spans("integer"))
    repo.commit()
    result = run_cli(repo.path, "check", "--against", "HEAD~1", "--format", "concise")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "INVALID_SCHEMA" not in output, output
    assert "TYPE_CHANGED The type of property 'spans[].event_id' changed:" in output, output
