"""``schemalint catalog``: what it writes, where, and what it refuses."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from cli_runner import run_cli
from gitrepo import GitRepo

from schemalint.catalog.fields import field_rows
from schemalint.catalog.model import page_names
from schemalint.catalog.site import search_script
from schemalint.commands.catalog import build
from schemalint.config import load_config
from schemalint.model import SchemaType
from schemalint.pipeline.check import CheckRequest, run_check
from schemalint.workspace import parse_with_config


def site_files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_the_same_repository_gives_the_same_bytes(catalog_project: GitRepo,
                                                  catalog_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    result = run_cli(catalog_project.path, "catalog", "--out", str(again))
    assert result.returncode == 0, result.stderr
    assert site_files(again) == site_files(catalog_site)
    assert sorted(site_files(again)) == [
        "assets/catalog.css", "assets/catalog.js", "assets/search-index.js", "index.html",
        "subjects/customers-value.html", "subjects/orders-key.html",
        "subjects/orders-value.html", "subjects/payments-value.html",
        "subjects/refunds-value.html"]
    assert result.stdout == (f"Wrote the catalogue of 4 topics and 5 subjects to "
                             f"{again / 'index.html'}\n")


# What would make a browser load something: a link or source elsewhere, a CSS url() or
# @import, a script fetching (an SVG's xmlns names a namespace and loads nothing).
REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']?(?:[a-z]+:)?//|url\(\s*["']?(?:[a-z]+:)?//"""
                    r"|@import|fetch\(|XMLHttpRequest", re.IGNORECASE)


def test_nothing_in_the_site_is_fetched_from_the_network(catalog_site: Path) -> None:
    for name, content in site_files(catalog_site).items():
        assert REMOTE.search(content.decode()) is None, name
    assert REMOTE.search('<script src="https://cdn.example/x.js">')  # the pattern sees one


def test_versions_of_versioned_files_have_the_commit_that_added_them(
        catalog_project: GitRepo) -> None:
    catalog, _ = build(load_config(catalog_project.path))
    refunds = catalog.subject("refunds-value")
    assert refunds is not None
    assert [(v.number, v.verdict, v.commit.title if v.commit else None)
            for v in refunds.versions] == [
        (2, "compatible", "Orders carry their amount"),
        (1, "new", "Orders, customers and payments, first versions")]
    assert [(f.path, f.since) for f in refunds.fields] == [("refund_id", 1), ("reason", 2)]


def test_versioned_files_outside_git_still_have_versions_and_a_changelog(
        tmp_path: Path) -> None:
    (tmp_path / "schemas" / "refunds").mkdir(parents=True)
    (tmp_path / "schemalint.toml").write_text('roots = ["schemas"]\n')
    for number, fields in ((1, []), (2, [{"name": "reason", "type": ["null", "string"],
                                           "default": None}])):
        (tmp_path / f"schemas/refunds/value.v{number}.avsc").write_text(json.dumps(
            {"type": "record", "name": "RefundIssued",
             "fields": [{"name": "refund_id", "type": "string"}, *fields]}))
    result = run_cli(tmp_path, "catalog", "--out", "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/subjects/refunds-value.html").read_text()
    assert "field reason added with a default" in page
    assert page.count('class="version"') == 2


@pytest.mark.parametrize(("setup", "message"), [
    ("out-is-a-file", "site: --out names a file; the catalogue is a folder"),
    ("bad-config", "schemalint.toml"),
    ("no-schema", "no schema under schemas"),
])
def test_refused_with_one_line_and_exit_2(tmp_path: Path, setup: str, message: str) -> None:
    (tmp_path / "schemas/orders").mkdir(parents=True)
    (tmp_path / "schemas/orders/value.avsc").write_text('"string"')
    (tmp_path / "schemalint.toml").write_text('roots = ["schemas"]\n')
    if setup == "out-is-a-file":
        (tmp_path / "site").write_text("keep me")
    elif setup == "bad-config":
        (tmp_path / "schemalint.toml").write_text('roots = ["schemas"]\nunknown-key = 1\n')
    else:
        (tmp_path / "schemas/orders/value.avsc").unlink()
    result = run_cli(tmp_path, "catalog", "--out", "site")
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    if setup == "out-is-a-file":
        assert (tmp_path / "site").read_text() == "keep me"
    else:
        assert not (tmp_path / "site").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_an_existing_catalogue_is_replaced_whole(tmp_path: Path) -> None:
    (tmp_path / "schemas/orders").mkdir(parents=True)
    (tmp_path / "schemas/orders/value.avsc").write_text('"string"')
    (tmp_path / "schemalint.toml").write_text('roots = ["schemas"]\n')
    (tmp_path / "site/subjects").mkdir(parents=True)
    (tmp_path / "site/subjects/gone-value.html").write_text("a subject removed since")
    assert run_cli(tmp_path, "catalog", "--out", "site").returncode == 0
    assert sorted(p.name for p in (tmp_path / "site/subjects").iterdir()) == [
        "orders-value.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["schemalint.toml", "schemas", "site"]


def digest(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()[:8]


@pytest.mark.parametrize(("names", "pages"), [
    (["orders-value"], ["orders-value.html"]),
    (["com.acme.Order"], ["com.acme.Order.html"]),
    # Made safe, then told apart by a digest of the name.
    (["a/b", "a_b"], [f"a_b-{digest('a/b')}.html", "a_b.html"]),
    (["Orders", "orders"], ["Orders.html", f"orders-{digest('orders')}.html"]),
    ([".."], [f"subject-{digest('..')}.html"]),
])
def test_each_subject_has_a_safe_page_of_its_own(names: list[str], pages: list[str]) -> None:
    assert sorted(page_names(dict.fromkeys(names)).values()) == pages


PROTO = """syntax = "proto3";
package acme;
message Order {
  // Its id.
  string id = 1;
  repeated Line lines = 2;
  message Line { string sku = 1; }
}
"""


@pytest.mark.parametrize(("schema_type", "text", "rows"), [
    (SchemaType.AVRO, json.dumps({"type": "record", "name": "R", "fields": [
        {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "note", "type": ["null", "string"], "default": None, "doc": "Free text."},
        {"name": "tags", "type": {"type": "map", "values": "string"}}]}),
     [("at", "timestamp-millis (long)", None, None), ("note", "null | string", "null",
                                                      "Free text."),
      ("tags", "map<string>", None, None)]),
    (SchemaType.JSON, json.dumps({"type": "object", "properties": {
        "when": {"type": "string", "format": "date-time", "description": "When."},
        "items": {"type": "array", "items": {"type": "object", "properties": {
            "sku": {"type": "string"}}}}}}),
     [("when", "string (date-time)", None, "When."), ("items", "array<object>", None, None),
      ("items[].sku", "string", None, None)]),
    (SchemaType.PROTOBUF, PROTO,
     [("id", "string", None, "Its id."), ("lines", "repeated acme.Order.Line", None, None),
      ("lines[].sku", "string", None, None)]),
])
def test_fields_are_rows_of_path_type_default_and_doc(
        tmp_path: Path, schema_type: SchemaType, text: str,
        rows: list[tuple[str, str, str | None, str | None]]) -> None:
    schema = parse_with_config(load_config(tmp_path), text, schema_type, "schemas/x/value")
    assert [tuple(row) for row in field_rows(schema)] == rows


def test_the_search_index_is_inert_in_a_page(catalog_project: GitRepo) -> None:
    catalog, _ = build(load_config(catalog_project.path))
    script = search_script(catalog)
    assert "<script>" not in script and "\\u003cscript>" in script
    assert script.startswith("window.SCHEMALINT_CATALOG_INDEX = [")


def test_a_recursive_protobuf_message_still_has_its_table(tmp_path: Path) -> None:
    # The shape of opentelemetry-proto's AnyValue and KeyValueList (common/v1/common.proto at
    # open-telemetry/opentelemetry-proto ac2c4b5): messages that hold each other.
    text = """syntax = "proto3";
package acme;
message AnyValue {
  // A list of values.
  KeyValueList kvlist_value = 1;
  string string_value = 2;
}
message KeyValueList { repeated AnyValue values = 1; }
"""
    schema = parse_with_config(load_config(tmp_path), text, SchemaType.PROTOBUF,
                               "schemas/acme/value.proto")
    rows = field_rows(schema)
    assert [row.path for row in rows if "." not in row.path] == ["kvlist_value",
                                                                 "string_value"]
    assert rows[0].doc == "A list of values."


def test_against_an_older_ref_marks_the_newer_text_as_not_committed(
        catalog_project: GitRepo) -> None:
    catalog, _ = build(load_config(catalog_project.path), against="HEAD~1")
    orders = catalog.subject("orders-value")
    assert orders is not None
    assert [(v.number, v.verdict, v.committed, v.commit.title if v.commit else None)
            for v in orders.versions] == [
        (3, "breaking", False, None),
        (2, "compatible", True, "Orders carry their amount"),
        (1, "new", True, "Orders, customers and payments, first versions")]


def test_lint_status_counts_what_the_check_finds_per_topic(catalog_project: GitRepo) -> None:
    config = load_config(catalog_project.path)
    catalog, _ = build(config)
    # The check as sync and diff run it, every version read (a plain `check --all` on a
    # non-transitive level reads less history and leaves out the CON001 of an existing
    # version).
    findings = run_check(config, CheckRequest(all=True)).findings
    assert {f.code for f in findings} >= {"CON001", "DOC001"}
    for topic in catalog.topics:
        severities = [f.severity.value for f in findings if f.subject in topic.subjects]
        assert topic.lint == {severity: severities.count(severity)
                              for severity in ("error", "warning", "info")
                              if severity in severities}, topic.name


def test_an_unreadable_schema_is_named_and_its_page_says_so(tmp_path: Path) -> None:
    (tmp_path / "schemas/orders").mkdir(parents=True)
    (tmp_path / "schemalint.toml").write_text('roots = ["schemas"]\n')
    (tmp_path / "schemas/orders/value.avsc").write_text('{"type": "record", "fields": [\n')
    result = run_cli(tmp_path, "catalog", "--out", "site")
    assert result.returncode == 2
    assert result.stderr.startswith("schemalint: error: schemas/orders/value.avsc:2:")
    assert result.stdout == (f"Wrote the catalogue of 1 topic and 1 subject to "
                             f"{Path('site') / 'index.html'}\n")
    page = (tmp_path / "site/subjects/orders-value.html").read_text()
    assert "The current file cannot be read" in page and "INVALID_SCHEMA" in page


def test_without_producers_or_consumers_the_index_says_what_to_declare(tmp_path: Path) -> None:
    (tmp_path / "schemas/orders").mkdir(parents=True)
    (tmp_path / "schemalint.toml").write_text('roots = ["schemas"]\n')
    (tmp_path / "schemas/orders/value.avsc").write_text('"string"')
    assert run_cli(tmp_path, "catalog", "--out", "site").returncode == 0
    index = (tmp_path / "site/index.html").read_text()
    assert "<svg" not in index and "No topic names its producers" in index


@pytest.mark.parametrize("forked_from", [1, 3])
def test_pages_rendered_in_two_processes_are_the_pages_of_one(
        catalog_project: GitRepo, catalog_site: Path, forked_from: int,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Many subjects: a forked process renders the second half of the subject pages."""
    import os

    from schemalint.catalog import site

    catalog, _ = build(load_config(catalog_project.path))
    monkeypatch.setattr(site, "PAGES_IN_TWO_FROM", forked_from)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert site.render_site(catalog) == site_files(catalog_site)
