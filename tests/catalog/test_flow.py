"""The flow picture: producers → topics → consumers as one SVG, read from the SVG it draws.

Every test parses the SVG it gets (``xml.etree``) and judges what a reader would see: each
service and topic once as a box with its name, each declared edge once, boxes apart and
inside the canvas, few crossings, names escaped, the same bytes for the same topics.
"""

from __future__ import annotations

import itertools
import random
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, replace

import pytest

from schemalint.catalog.flow import (
    GLANCE_GROUPS,
    GLANCE_TOPICS,
    FlowTopic,
    render_flow_svg,
    text_width,
    wrap_label,
)

SVG = "{http://www.w3.org/2000/svg}"

# confluentinc/examples, commit 4f840b64820e151497652cb34a4e8e3f48611ead:
# microservices-orders/src/main/java/io/confluent/examples/streams/microservices/ (the
# topics of domain/Schemas.java and which service's streams read and write each): most
# services both read and write, `orders` has six readers and two writers, and
# `orders-enriched` is declared with no reader or writer named here.
MICROSERVICES = (
    FlowTopic("orders", href="subjects/orders-value.html",
              producers=("orders-service", "validations-aggregator-service"),
              consumers=("email-service", "fraud-service", "inventory-service",
                         "order-details-service", "orders-service",
                         "validations-aggregator-service")),
    FlowTopic("order-validations", kind="command",
              producers=("fraud-service", "inventory-service", "order-details-service"),
              consumers=("validations-aggregator-service",)),
    FlowTopic("payments", producers=("post-orders-and-payments",), consumers=("email-service",)),
    FlowTopic("customers", kind="cdc", consumers=("email-service",)),
    FlowTopic("warehouse-inventory", producers=("add-inventory",),
              consumers=("inventory-service",)),
    FlowTopic("orders-enriched"),
)

DOMAINS = ("orders", "payments", "shipping", "inventory", "customers", "billing", "catalog",
           "notifications", "fraud", "loyalty")
READERS = ("analytics-pipeline", "search-indexer", "email-sender", "warehouse-sync",
           "audit-log")


def many_topics(count: int, seed: int = 7) -> list[FlowTopic]:
    """``count`` topics in the shape of a company's: each domain's service writes its own
    topics, and up to three services of all fifteen read each topic."""
    chance = random.Random(seed)
    services = [f"{domain}-service" for domain in DOMAINS] + list(READERS)
    topics = []
    for index in range(count):
        domain = DOMAINS[index % len(DOMAINS)]
        verb = ("created", "updated", "cancelled", "DeliveryAttemptFailed")[index % 4]
        topics.append(FlowTopic(
            f"com.acme.{domain}.{verb}.v{index}", href=f"subjects/{domain}-{index}.html",
            kind=("event", "event", "command", "cdc")[index % 4],
            producers=(f"{domain}-service",) if index % 7 else (),
            consumers=tuple(chance.sample(services, chance.randint(0, 3)))))
    return topics


THIRTY = many_topics(30)


@dataclass(frozen=True)
class Box:
    role: str
    name: str
    x: float
    y: float
    width: float
    height: float
    lines: tuple[str, ...]
    tooltip: str
    href: str | None

    @property
    def middle(self) -> float:
        return self.y + self.height / 2


@dataclass(frozen=True)
class Picture:
    root: ET.Element
    width: float
    height: float
    boxes: tuple[Box, ...]
    edges: Counter[tuple[str, str, str]]  # (produces | consumes, from, to)

    def box(self, role: str, name: str) -> Box:
        (found,) = [box for box in self.boxes if box.role == role and box.name == name]
        return found

    def texts(self) -> list[str]:
        return ["".join(text.itertext()) for text in self.root.iter(f"{SVG}text")]


def picture(topics: list[FlowTopic] | tuple[FlowTopic, ...], *,
            group_above: int | None = GLANCE_TOPICS) -> Picture:
    svg = render_flow_svg(topics, group_above=group_above)
    root = ET.fromstring(svg)
    left, top, width, height = (float(value) for value in root.attrib["viewBox"].split())
    assert (left, top) == (0, 0)
    links = {id(node): anchor.attrib["href"] for anchor in root.iter(f"{SVG}a")
             for node in anchor}
    boxes = []
    for node in root.iter(f"{SVG}g"):
        if "data-role" not in node.attrib:
            continue
        rect = node.find(f"{SVG}rect")
        title = node.find(f"{SVG}title")
        text = node.find(f"{SVG}text")
        assert rect is not None and title is not None and text is not None
        boxes.append(Box(
            node.attrib["data-role"], node.attrib["data-name"],
            *(float(rect.attrib[key]) for key in ("x", "y", "width", "height")),
            lines=tuple("".join(line.itertext()) for line in text),
            tooltip=title.text or "", href=links.get(id(node))))
    edges = Counter(
        (path.attrib["class"].split()[-1].removeprefix("flow-"), path.attrib["data-from"],
         path.attrib["data-to"])
        for path in root.iter(f"{SVG}path") if "data-from" in path.attrib)
    return Picture(root, width, height, tuple(boxes), edges)


def declared(topics: list[FlowTopic] | tuple[FlowTopic, ...]) -> set[tuple[str, str, str]]:
    return ({("produces", producer, topic.name) for topic in topics
             for producer in topic.producers}
            | {("consumes", topic.name, consumer) for topic in topics
               for consumer in topic.consumers})


def crossings(drawn: Picture) -> int:
    """Pairs of edges between the same two columns whose ends are in opposite orders."""
    ends: dict[str, list[tuple[float, float]]] = {"produces": [], "consumes": []}
    for verb, source, target in drawn.edges:
        roles = ("producer", "topic") if verb == "produces" else ("topic", "consumer")
        ends[verb].append((drawn.box(roles[0], source).middle,
                           drawn.box(roles[1], target).middle))
    return sum(1 for pairs in ends.values() for (a, b), (c, d) in itertools.combinations(pairs, 2)
               if (a - c) * (b - d) < 0)


CASES = {
    "one topic, one of each": (FlowTopic("orders", producers=("shop",), consumers=("billing",)),),
    "a topic nobody writes or reads": (FlowTopic("orphans"), FlowTopic("orders", producers=("a",))),
    "the microservices of confluentinc/examples": MICROSERVICES,
    "thirty topics, fifteen services": tuple(THIRTY),
}


@pytest.mark.parametrize("topics", CASES.values(), ids=CASES.keys())
def test_every_service_and_topic_is_one_box_with_its_name(topics: tuple[FlowTopic, ...]) -> None:
    drawn = picture(topics)
    expected = Counter(
        [("topic", topic.name) for topic in topics]
        + [("producer", name) for name in {p for topic in topics for p in topic.producers}]
        + [("consumer", name) for name in {c for topic in topics for c in topic.consumers}])
    assert Counter((box.role, box.name) for box in drawn.boxes) == expected
    for box in drawn.boxes:
        assert box.tooltip.startswith(box.name)
        shown = "".join(box.lines)
        assert shown.replace(" ", "") == box.name.replace(" ", "") or shown.endswith("…")


@pytest.mark.parametrize("topics", CASES.values(), ids=CASES.keys())
def test_every_declared_edge_is_drawn_once(topics: tuple[FlowTopic, ...]) -> None:
    drawn = picture(topics)
    assert set(drawn.edges) == declared(topics)
    assert set(drawn.edges.values()) == {1}
    arrows = [path for path in drawn.root.iter(f"{SVG}path") if "data-from" in path.attrib]
    assert all(path.attrib["marker-end"] == "url(#schemalint-flow-arrow)" for path in arrows)
    assert all(" C" in path.attrib["d"] for path in arrows)


@pytest.mark.parametrize("topics", CASES.values(), ids=CASES.keys())
def test_boxes_do_not_overlap_and_everything_is_on_the_canvas(
        topics: tuple[FlowTopic, ...]) -> None:
    drawn = picture(topics)
    for first, second in itertools.combinations(drawn.boxes, 2):
        apart = (first.x + first.width <= second.x or second.x + second.width <= first.x
                 or first.y + first.height <= second.y or second.y + second.height <= first.y)
        assert apart, f"{first.role} {first.name!r} overlaps {second.role} {second.name!r}"
        if first.x == second.x:
            gap = max(second.y - first.y - first.height, first.y - second.y - second.height)
            assert gap >= 4, f"{first.name!r} and {second.name!r} touch"
    for box in drawn.boxes:
        assert box.x >= 0 and box.x + box.width <= drawn.width
        assert box.y >= 0 and box.y + box.height <= drawn.height
        for line in box.lines:
            assert text_width(line) <= box.width, (box.name, line)
    for text in drawn.root.iter(f"{SVG}text"):
        for line in text.iter():
            if "x" not in line.attrib or not line.text:
                continue
            x, y, wide = float(line.attrib["x"]), float(line.attrib["y"]), text_width(line.text)
            start = x - wide / 2 if text.attrib.get("text-anchor") == "middle" else x
            assert start >= 0 and start + wide <= drawn.width, line.text
            assert 0 < y <= drawn.height, line.text


# Each case's topics in name order cross: the picture's order does not.
UNTANGLED = {
    "two producers writing each other's alphabetical topic": (
        FlowTopic("a-topic", producers=("zeta",)), FlowTopic("b-topic", producers=("alpha",))),
    "readers in reverse": (
        FlowTopic("t1", consumers=("c3",)), FlowTopic("t2", consumers=("c2",)),
        FlowTopic("t3", consumers=("c1",))),
    "a chain through both columns": (
        FlowTopic("a", producers=("p2",), consumers=("c1",)),
        FlowTopic("b", producers=("p1",), consumers=("c2",)),
        FlowTopic("c", producers=("p2",), consumers=("c1",))),
}


@pytest.mark.parametrize("topics", UNTANGLED.values(), ids=UNTANGLED.keys())
def test_an_order_without_crossings_is_found(topics: tuple[FlowTopic, ...]) -> None:
    assert crossings(picture(topics)) == 0


def test_the_thirty_topics_cross_less_than_half_as_often_as_in_name_order() -> None:
    drawn = picture(THIRTY)
    in_name_order = Picture(drawn.root, drawn.width, drawn.height, tuple(
        replace(box, y=rank * 50.0, height=40.0)
        for role in ("producer", "topic", "consumer")
        for rank, box in enumerate(sorted((box for box in drawn.boxes if box.role == role),
                                          key=lambda box: box.name))), drawn.edges)
    assert crossings(drawn) * 2 < crossings(in_name_order)


def test_a_service_that_writes_and_reads_is_on_both_sides_and_says_so() -> None:
    drawn = picture(MICROSERVICES)
    writer = drawn.box("producer", "inventory-service")
    reader = drawn.box("consumer", "inventory-service")
    assert writer.x + writer.width < drawn.box("topic", "orders").x < reader.x
    assert "writes and reads" in writer.tooltip and "writes and reads" in reader.tooltip
    assert "writes and reads" not in drawn.box("producer", "add-inventory").tooltip
    both = {(node.attrib["data-role"], node.attrib["data-name"]) for node in drawn.root.iter()
            if "flow-both" in node.attrib.get("class", "").split()}
    assert ("producer", "inventory-service") in both and ("consumer", "inventory-service") in both
    assert ("producer", "add-inventory") not in both and ("consumer", "email-service") not in both


EMPTY_COLUMNS = {
    "nobody writes": ((FlowTopic("orders", consumers=("billing",)),), ["Producers"]),
    "nobody reads": ((FlowTopic("orders", producers=("shop",)),), ["Consumers"]),
    "neither": ((FlowTopic("orders"), FlowTopic("payments")), ["Producers", "Consumers"]),
}


@pytest.mark.parametrize(("topics", "empty"), EMPTY_COLUMNS.values(), ids=EMPTY_COLUMNS.keys())
def test_an_empty_column_says_none_is_declared(topics: tuple[FlowTopic, ...],
                                               empty: list[str]) -> None:
    drawn = picture(topics)
    headings = {"".join(text.itertext()): float(text.attrib["x"])
                for text in drawn.root.iter(f"{SVG}text")
                if text.attrib.get("class") == "flow-heading"}
    muted = [float(text.attrib["x"]) for text in drawn.root.iter(f"{SVG}text")
             if "".join(text.itertext()) == "none declared"]
    assert muted == [headings[heading] for heading in empty]


def test_names_that_tie_are_in_the_order_of_their_numbers() -> None:
    drawn = picture((FlowTopic("hub-10", consumers=("reader-10", "reader-9")),
                     FlowTopic("hub-9", consumers=("reader-2",))))
    assert [box.name for box in sorted(drawn.boxes, key=lambda box: (box.x, box.y))] == [
        "hub-9", "hub-10", "reader-2", "reader-9", "reader-10"]


def test_topics_are_coloured_by_kind_with_a_legend_of_those_kinds() -> None:
    topics = (FlowTopic("a"), FlowTopic("b", kind="command"), FlowTopic("c", kind="cdc"),
              FlowTopic("d", kind="notification"))
    drawn = picture(topics)
    classes = {node.attrib["data-name"]: node.attrib["class"].split()
               for node in drawn.root.iter(f"{SVG}g") if node.attrib.get("data-role") == "topic"}
    assert {name: next(c for c in found if c.startswith("flow-kind-"))
            for name, found in classes.items()} == {
        "a": "flow-kind-event", "b": "flow-kind-command", "c": "flow-kind-cdc",
        "d": "flow-kind-other"}
    legend = next(node for node in drawn.root.iter(f"{SVG}g")
                  if node.attrib.get("class") == "flow-legend")
    assert ["".join(text.itertext()) for text in legend.iter(f"{SVG}text")] == [
        "event", "command", "cdc", "other"]
    assert drawn.box("topic", "d").tooltip == "d (notification)"
    assert "other" not in picture(topics[:3]).texts()


LONG = "com.acme.fulfilment.warehouse.InventoryReservationExpiredForBackorderedLineItems.v2"
# A name, its first line, and how the label ends.
LABELS = {
    "short: one line": ("orders", "orders", "orders"),
    "long: wrapped at the last dot that fits, then cut": (
        LONG, "com.acme.fulfilment.warehouse.", "…"),
    "a dot in the first half before a case change in the second": (
        "com.acme.billing.DeliveryAttemptFailed.v15", "com.acme.billing.",
        "DeliveryAttemptFailed.v15"),
    "a dot before a case change": (
        "com.acme.notifications.DeliveryAttemptFailed.v27", "com.acme.notifications.",
        "DeliveryAttemptFailed.v27"),
    "no separator: at a case change": (
        "InventoryReservationExpiredForBackorderedItems", "InventoryReservationExpiredFor",
        "BackorderedItems"),
    "one long word: cut where full, then at the end": ("x" * 80, "x" * 30, "x…"),
    "wide characters: each counted as wide as the font size": ("注文" * 20, "注文" * 8, "…"),
    "spaces and newlines: one space": ("orders\n\t created", "orders created", "created"),
}


@pytest.mark.parametrize(("name", "first", "end"), LABELS.values(), ids=LABELS.keys())
def test_long_names_wrap_then_end_in_an_ellipsis(name: str, first: str, end: str) -> None:
    lines = wrap_label(name, 220.0)
    assert lines[0].startswith(first) and lines[-1].endswith(end)
    assert len(lines) <= 2 and all(text_width(line) <= 220.0 for line in lines)
    assert "".join(lines).removesuffix("…") in name.replace("\n\t ", " ")


def test_a_long_name_is_whole_in_its_tooltip() -> None:
    box = picture((FlowTopic(LONG, producers=("a-service-with-a-rather-long-name-too",)),)).box(
        "topic", LONG)
    assert box.tooltip == f"{LONG} (event)"
    assert len(box.lines) == 2 and box.lines[-1].endswith("…")


HOSTILE = {
    "a script element": "<script>alert(1)</script>",
    "markup and entities": 'a & b <b>"quoted"</b> &amp;',
    "characters XML cannot hold": "bell\x07 and nul\x00",
    "a closing svg": "</svg><svg onload=alert(1)>",
    "five thousand digits": "9" * 5000,
}


@pytest.mark.parametrize("name", HOSTILE.values(), ids=HOSTILE.keys())
def test_names_are_text_never_markup(name: str) -> None:
    drawn = picture((FlowTopic(name, href=f"subjects/{name}.html", kind=name, producers=(name,),
                               consumers=(name,)),))
    tags = {node.tag for node in drawn.root.iter()}
    assert tags <= {f"{SVG}{tag}" for tag in (
        "svg", "title", "style", "defs", "marker", "path", "g", "text", "tspan", "rect", "a")}
    assert not any(key.startswith("on") for node in drawn.root.iter() for key in node.attrib)
    shown = name.replace("\x07", "\ufffd").replace("\x00", "\ufffd")
    assert {box.name for box in drawn.boxes} == {shown}
    assert drawn.edges == Counter({("produces", shown, shown): 1, ("consumes", shown, shown): 1})


LINKS = {
    "relative": ("subjects/orders-value.html", "subjects/orders-value.html"),
    "https": ("https://example.com/orders", "https://example.com/orders"),
    "javascript: dropped": ("javascript:alert(1)", None),
    "data: dropped": ("data:text/html,<script>alert(1)</script>", None),
    "javascript: behind a control character dropped": ("\x01javascript:alert(1)", None),
    "javascript: split by a newline dropped": ("java\nscript:alert(1)", None),
    "JAVASCRIPT: in capitals dropped": (" JAVASCRIPT:alert(1)", None),
    "none": (None, None),
}


@pytest.mark.parametrize(("href", "link"), LINKS.values(), ids=LINKS.keys())
def test_a_topic_links_to_its_page_when_the_link_is_safe(href: str | None,
                                                          link: str | None) -> None:
    assert picture((FlowTopic("orders", href=href),)).box("topic", "orders").href == link


def test_the_same_topics_in_any_order_draw_the_same_bytes() -> None:
    first = render_flow_svg(THIRTY)
    assert render_flow_svg(THIRTY) == first
    shuffled = list(THIRTY)
    random.Random(3).shuffle(shuffled)
    assert render_flow_svg(shuffled) == first
    assert render_flow_svg(list(MICROSERVICES)) != first
    twice = [FlowTopic("orders", href="a.html", kind="cdc", producers=("shop",)),
             FlowTopic("orders", href="b.html", kind="command", consumers=("billing",))]
    assert render_flow_svg(twice) == render_flow_svg(twice[::-1])


def test_a_topic_given_twice_is_one_box_with_its_services_joined() -> None:
    drawn = picture((FlowTopic("orders", producers=("shop",)),
                     FlowTopic("orders", href="orders.html", consumers=("billing", "billing"))))
    assert [(box.role, box.name) for box in drawn.boxes if box.role == "topic"] == [
        ("topic", "orders")]
    assert drawn.box("topic", "orders").href == "orders.html"
    assert set(drawn.edges) == {("produces", "shop", "orders"), ("consumes", "orders", "billing")}


def test_nothing_to_draw_is_a_small_picture_that_says_so() -> None:
    svg = render_flow_svg([])
    root = ET.fromstring(svg)
    assert root.attrib["role"] == "img"
    assert "Nothing to draw" in root.attrib["aria-label"]
    assert any("Nothing to draw" in "".join(text.itertext()) for text in root.iter(f"{SVG}text"))
    assert float(root.attrib["height"]) < 100


def test_the_picture_is_accessible_scalable_and_self_contained() -> None:
    svg = render_flow_svg(THIRTY)
    root = ET.fromstring(svg)
    assert root.attrib["role"] == "img"
    assert root.attrib["aria-label"] == "Event flow: 10 producers, 30 topics, 15 consumers"
    assert root.find(f"{SVG}title") is not None
    assert root.attrib["viewBox"] == f"0 0 {root.attrib['width']} {root.attrib['height']}"
    assert "url(http" not in svg and "@import" not in svg and "<script" not in svg
    style = root.find(f"{SVG}style")
    assert style is not None and style.text is not None
    assert all(rule.startswith(".flow-picture") for rule in style.text.split("}") if rule)


def test_thirty_topics_fit_a_page() -> None:
    drawn = picture(THIRTY)
    assert 600 <= drawn.width <= 1000
    assert 30 * 26 <= drawn.height <= 30 * 40 + 200
    assert GLANCE_TOPICS >= 30 and "more than a picture shows" not in "".join(drawn.texts())


def test_thirty_topics_are_drawn_in_a_few_milliseconds() -> None:
    render_flow_svg(THIRTY)
    fastest = min(_timed(THIRTY) for _ in range(10))
    assert fastest < 0.02


def test_a_thousand_topics_are_drawn_in_groups_by_the_start_of_their_names() -> None:
    topics = many_topics(1000)
    started = time.process_time()
    drawn = picture(topics)
    assert time.process_time() - started < 5
    nodes = [box for box in drawn.boxes if box.role == "topic"]
    assert 2 <= len(nodes) <= GLANCE_GROUPS
    node_of = {member: box.name for box in nodes for member in box.tooltip.splitlines()[1:]}
    assert sorted(node_of) == sorted(topic.name for topic in topics)
    assert all(topic.startswith(node.removesuffix("*")) for topic, node in node_of.items())
    counts = Counter({edge: int(path.attrib.get("data-count", 1))
                      for path in drawn.root.iter(f"{SVG}path") if "data-from" in path.attrib
                      for edge in [(path.attrib["class"].split()[-1].removeprefix("flow-"),
                                    path.attrib["data-from"], path.attrib["data-to"])]})
    grouped = Counter((verb, node_of.get(source, source), node_of.get(target, target))
                      for verb, source, target in declared(topics))
    assert counts == grouped
    assert any(text.startswith("1000 topics, in ") for text in drawn.texts())


# mozilla-services/mozilla-pipeline-schemas, branch generated-schemas, commit
# 19c97f5cd31cffddb9074782ac69c31fb5170ff4: schemas/<namespace>/<doctype>/, 1,051 document
# types whose names part 37 ways at their first separator (org-*, firefox-*, telemetry.*...),
# more than thirty: here forty namespaces of two document types each.
MOZILLA = [FlowTopic(f"app{index}.{doctype}.v1", consumers=("decoder",))
           for index in range(40) for doctype in ("baseline", "events")]
# Groups: their names, and how many topics each holds (a topic alone is itself).
GROUPS = {
    "the most crowded group is split first, as far as thirty boxes allow": (
        [FlowTopic(f"org.alpha.x{index}") for index in range(50)]
        + [FlowTopic(f"org.beta.y{index}") for index in range(20)]
        + [FlowTopic(f"net.c{index}") for index in range(30)],
        {"org.alpha.*": 50, "net.*": 30} | {f"org.beta.y{index}": 1 for index in range(20)}),
    "names that part more than thirty ways: those groups, split no further": (
        MOZILLA, {f"{topic.name.split('.')[0]}.*": 2 for topic in MOZILLA}),
}


@pytest.mark.parametrize(("topics", "groups"), GROUPS.values(), ids=GROUPS.keys())
def test_groups_are_as_fine_as_a_glance_allows(topics: list[FlowTopic],
                                               groups: dict[str, int]) -> None:
    drawn = picture(topics)
    assert {box.name: len(box.tooltip.splitlines()[1:]) or 1 for box in drawn.boxes
            if box.role == "topic"} == groups
    group_nodes = [node for node in drawn.root.iter(f"{SVG}g")
                   if "flow-group" in node.attrib.get("class", "").split()]
    assert {node.attrib["data-name"]: int(node.attrib["data-topics"])
            for node in group_nodes} == {name: count for name, count in groups.items()
                                         if count > 1}


UNGROUPED = {
    "asked for every topic": ([FlowTopic(f"com.acme.t{index}") for index in range(100)], None),
    "names without separators": ([FlowTopic(f"topic{index}") for index in range(100)], 60),
    "names in one group only": ([FlowTopic(f"com.acme.t{index}") for index in range(100)], 60),
}


@pytest.mark.parametrize(("topics", "group_above"), UNGROUPED.values(), ids=UNGROUPED.keys())
def test_many_topics_that_do_not_group_are_each_drawn_with_a_note(
        topics: list[FlowTopic], group_above: int | None) -> None:
    drawn = picture(topics, group_above=group_above)
    assert sorted(box.name for box in drawn.boxes) == sorted(topic.name for topic in topics)
    expected = "100 topics: more than a picture shows at a glance" if group_above else None
    assert [text for text in drawn.texts() if text.startswith("100 topics")] == (
        [f"{expected}; every one is drawn."] if expected else [])


def _timed(topics: list[FlowTopic]) -> float:
    """The processor time one drawing takes: the machine's other work does not count."""
    started = time.process_time()
    render_flow_svg(topics)
    return time.process_time() - started
