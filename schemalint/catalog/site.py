"""The catalogue as files: an index of topics with the flow picture and a search box, and a
page per subject, rendered by Jinja2 with every value escaped (schema docs are anyone's
text). The folder opens from disk: styles and scripts sit beside the pages, the search
index is a script that sets a variable (file:// pages may not fetch() JSON), and nothing is
loaded from the network. Same catalogue, same bytes: nothing depends on the clock or on
dictionary order."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources
from typing import Any

from schemalint.catalog.flow import FlowTopic, render_flow_svg
from schemalint.catalog.model import Catalog, SubjectEntry, TopicEntry

ASSETS = ("catalog.css", "catalog.js")
# Results the search lists at most; each keystroke searches the whole index.
SEARCH_LIMIT = 60
# From this many subjects on, a forked process renders half of the subject pages: past the
# check's drafts, the pages are most of what a catalogue of many subjects costs.
PAGES_IN_TWO_FROM = 200


def render_site(catalog: Catalog, title: str = "Event catalogue") -> dict[str, bytes]:
    """Every file of the site by its path in the folder."""
    environment = _environment()
    pages = {subject.name: subject.page for subject in catalog.subjects}
    # A picture of topics that nobody is declared to write or read shows nothing more than
    # the table: the index says what to declare instead.
    flow_svg = render_flow_svg(flow_topics(catalog)) if any(
        topic.producers or topic.consumers for topic in catalog.topics) else ""
    columns = {"flavor": any(t.flavor for t in catalog.topics),
               "owner": any(t.owner for t in catalog.topics),
               "key": any(t.key_fields for t in catalog.topics)}
    declares_consumers = any(t.consumers for t in catalog.topics) or any(
        change.readers for s in catalog.subjects for v in s.versions for change in v.changes)
    context: dict[str, Any] = {"catalog": catalog, "title": title, "pages": pages,
                               "columns": columns, "declares_consumers": declares_consumers,
                               "labels": {s.name: subject_label(s.name, s.role)
                                          for s in catalog.subjects},
                               "topic_page": {t.name: _topic_page(t, pages)
                                              for t in catalog.topics}}
    files: dict[str, bytes] = {}
    index = environment.get_template("index.html").render(
        **context, root=".", flow_svg=flow_svg, limit=SEARCH_LIMIT)
    files["index.html"] = index.encode()
    subject_template = environment.get_template("subject.html")
    topics = {topic.name: topic for topic in catalog.topics}

    def page(subject: SubjectEntry) -> bytes:
        html: str = subject_template.render(**context, root="..", subject=subject,
                                            topic=topics.get(subject.topic or ""))
        return html.encode()

    for subject, html in zip(catalog.subjects, _rendered(page, catalog.subjects), strict=True):
        files[f"subjects/{subject.page}"] = html
    for name in ASSETS:
        files[f"assets/{name}"] = _asset(name)
    files["assets/search-index.js"] = search_script(catalog).encode()
    return files


def subject_label(name: str, role: str | None) -> str:
    """How a topic's row names one of its subjects: ``key``, ``value``, or the last step of
    a name such as a Protobuf file's path."""
    if role in ("key", "value"):
        return role
    return name.rsplit("/", 1)[-1]


def flow_topics(catalog: Catalog) -> list[FlowTopic]:
    """The topics as the flow picture draws them, each linking to its page."""
    pages = {subject.name: subject.page for subject in catalog.subjects}
    topics = []
    for topic in catalog.topics:
        page = _topic_page(topic, pages)
        topics.append(FlowTopic(topic.name, f"subjects/{page}" if page else None, topic.kind,
                                topic.producers, tuple(c.name for c in topic.consumers)))
    return topics


def _topic_page(topic: TopicEntry, pages: dict[str, str]) -> str | None:
    chosen = next((name for name in topic.subjects if name.endswith("-value")),
                  topic.subjects[0] if topic.subjects else None)
    return pages.get(chosen) if chosen else None


def search_entries(catalog: Catalog) -> list[dict[str, str]]:
    """What the search looks through: topics, subjects, and every field with its doc."""
    pages = {subject.name: subject.page for subject in catalog.subjects}
    entries: list[dict[str, str]] = []
    for topic in catalog.topics:
        page = _topic_page(topic, pages)
        entries.append({"kind": "topic", "name": topic.name,
                        "text": " ".join((topic.kind, topic.flavor or "", topic.owner or "",
                                          *topic.producers,
                                          *(c.name for c in topic.consumers))).strip(),
                        "href": f"subjects/{page}" if page else "index.html"})
    for subject in catalog.subjects:
        href = f"subjects/{subject.page}"
        entries.append({"kind": "subject", "name": subject.name,
                        "text": f"{subject.format} {subject.path}", "href": href})
        for entry in subject.fields:
            entries.append({"kind": "field", "name": entry.path, "subject": subject.name,
                            "text": f"{entry.type} {entry.doc or ''}".strip(),
                            "href": f"{href}#{entry.anchor}"})
    return entries


def search_script(catalog: Catalog) -> str:
    # "<" written as \u003c: the index stays inert text wherever it is included.
    data = json.dumps(search_entries(catalog), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).replace("<", "\\u003c")
    return f"window.SCHEMALINT_CATALOG_INDEX = {data};\n"


# What the forked process renders: the function and its share of the subjects.
_FORKED: tuple[Callable[[SubjectEntry], bytes], Sequence[SubjectEntry]] | None = None


def _rendered(page: Callable[[SubjectEntry], bytes], subjects: Sequence[SubjectEntry]
              ) -> list[bytes]:
    """Each subject's page, in order: the second half rendered in a forked process where
    there are many subjects and two cores (the same bytes, the pages being pure)."""
    if len(subjects) < PAGES_IN_TWO_FROM or (os.cpu_count() or 1) < 2:
        return [page(subject) for subject in subjects]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        return [page(subject) for subject in subjects]
    global _FORKED
    half = len(subjects) // 2
    mine, theirs = subjects[:half], subjects[half:]
    _FORKED = (page, theirs)
    # A forked process flushes what it inherited unwritten as it ends: none must be left.
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        with ProcessPoolExecutor(1, multiprocessing.get_context("fork")) as pool:
            forked = pool.submit(_render_forked_share)
            done = [page(subject) for subject in mine]
            try:
                done_there = forked.result()
            except Exception:
                # Whatever failed there is rendered here again, to fail as it would alone.
                done_there = [page(subject) for subject in theirs]
    finally:
        _FORKED = None
    return done + done_there


def _render_forked_share() -> list[bytes]:
    """In a forked process: the pages of the share ``_FORKED`` gives."""
    assert _FORKED is not None
    page, share = _FORKED
    return [page(subject) for subject in share]


@cache
def _asset(name: str) -> bytes:
    return resources.files("schemalint.catalog").joinpath("templates", name).read_bytes()


@cache
def _environment() -> Any:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("schemalint.catalog", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
        lstrip_blocks=True, keep_trailing_newline=True)
    environment.filters["verdict_class"] = _verdict_class
    return environment


def _verdict_class(verdict: str) -> str:
    if verdict.startswith("breaks") or verdict in ("breaking", "removed"):
        return "bad"
    if verdict in ("unclassified", "unclassified changes", "allowed at this level"):
        return "warn"
    if verdict in ("new", "uncommitted", "references changed"):
        return "info"
    return "good"
