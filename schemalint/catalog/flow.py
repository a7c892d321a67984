"""The flow picture: producers → topics → consumers, one SVG a page can inline.

Three columns read left to right: the services that write (left), the topics (middle), the
services that read (right). An edge runs from a producer to each topic it writes and from a
topic to each consumer reading it, a cubic Bézier with an arrowhead. A service that both
writes and reads appears once on each side: every edge then runs left to right, so the eye
follows data one way and no edge doubles back across the topic column; its tooltip says it
is on both sides. A topic nobody declares as written or read still appears.

Readable at a glance for thirty topics and some fifteen services:

- Order. The columns start sorted by name (numbers by value) and are reordered by
  barycentre sweeps (each node to the mean place of its neighbours, ties kept in place) on
  three schedules, each order reached then improved by swapping neighbours while a swap
  removes crossings; the order with the fewest crossings is kept.
- Position. The tallest column is stacked from the top; each other column is placed as close
  to the middle of its neighbours as its order allows (isotonic regression), so edges run as
  level as they can.
- Size. The canvas is sized from the content: height from the tallest column, each column's
  width from its longest label. Text width is estimated from Helvetica's advance widths (the
  metrics of the sans-serif fonts the style names, closely enough), with no font read.
  A long name wraps at its separators (``.``, ``-``, ``_``, ``/``, ``:``, a case change)
  onto a second line and is then cut with an ellipsis; the full name is in the node's
  ``<title>``, which browsers show as a tooltip.
- Kind. Topics are coloured by kind (event, command, cdc; any other kind is ``other``) with
  a legend; command and cdc borders are also dashed and dotted, for print and for eyes that
  do not tell the colours apart.

A topic given an ``href`` links to it (relative or http(s) links only: a name or link is
untrusted input, so text is escaped, characters XML cannot hold are replaced, and a
``javascript:`` link is dropped). The SVG has a ``viewBox`` (it scales), ``role="img"``, an
``aria-label`` and a ``<title>``, and fetches nothing: its style is one ``<style>`` element
whose rules all sit under ``.flow-picture``, on ``flow-*`` classes a page can restyle.
Nodes carry ``data-role`` and ``data-name``, edges ``data-from`` and ``data-to``.

Past sixty topics (``group_above``) no picture of every topic is read at a glance, so the
topics are drawn in groups by the start of their names, ``com.acme.billing.*``: at most
thirty, the most crowded split first (else as few as the names part into, up to sixty), each with
its count and its topics listed in its tooltip, its edges drawn wider by the number of
topics each stands for. Names that do not group (no separators, or all in one group) are
drawn one by one, however many, with a note above the picture saying it holds too many to
read at a glance; ``group_above=None`` always draws every topic.

Same input, same bytes: nothing depends on the order topics are given in.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import accumulate
from math import log10
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr


@dataclass(frozen=True)
class FlowTopic:
    """One topic of the picture with the services that write and read it."""

    name: str
    # A link to the topic's page in the catalogue, relative to the page showing the picture.
    href: str | None = None
    kind: str = "event"  # event | command | cdc
    producers: tuple[str, ...] = ()
    consumers: tuple[str, ...] = ()


KINDS = ("event", "command", "cdc")
_MIXED = "mixed"  # the kind of a group whose topics are of several
# Past this many topics a picture of every one is no longer read at a glance...
GLANCE_TOPICS = 60
# ... and they are drawn in groups, at most this many: an overview is read at a glance.
GLANCE_GROUPS = 30

_FONT_SIZE = 12.0
_HEADING_SIZE = 13.0
_LINE_HEIGHT = 14.0
_BASELINE = 10.5  # from the top of a line to its baseline, at 12px
_PAD_X = 10.0
_PAD_Y = 6.0
_ROW_GAP = 8.0
_PORT_GAP = 6.0  # the least room between edges meeting one side of a box
_COLUMN_GAP = 150.0
_MARGIN = 16.0
_HEADINGS = 30.0  # the band above the columns that holds their headings
_LEGEND = 34.0  # the band above the headings that holds the legend
_NOTE = 18.0  # the line under the legend that says the topics are many
_MAX_LINES = 2
_TOPIC_TEXT = (60.0, 220.0)  # the narrowest and widest a topic's label may be
_SERVICE_TEXT = (60.0, 170.0)
_SWEEPS = 6
_TRANSPOSE_PASSES = 6

# Helvetica's advance widths in thousandths of the font size: Arial, Liberation Sans and the
# system sans-serif fonts the style asks for are close to them.
_ADVANCES = {
    191: "'", 222: "ijl", 260: "|", 278: " !,./:;I[\\]ft", 333: "()-`r", 334: "{}",
    355: '"', 389: "*", 469: "^", 500: "Jckvxyzs", 556: "#$0123456789?L_abdeghnopqu",
    584: "+<=>~", 611: "FTZ", 667: "&ABEKPSVXY", 722: "CDHNRUw", 778: "GOQ", 833: "Mm",
    889: "%", 944: "W", 1015: "@",
}
_ADVANCE = {char: width for width, chars in _ADVANCES.items() for char in chars}
_UNKNOWN_ADVANCE = 600
_WIDE_ADVANCE = 1000
# Fonts other than Helvetica run a little wider: the estimate errs on the roomy side.
_WIDTH_MARGIN = 1.12
_BOLD = 1.08

# Where a long name may wrap: after a separator, or between a lower case letter and a capital.
_SEPARATORS = "._-/:@ "
_BREAK = re.compile(r"(?<=[._\-/:@ ])|(?<=[a-z0-9])(?=[A-Z])")
# Characters XML 1.0 cannot hold, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile("[\x00-\x1f\x7f]")
_NUMBERED = re.compile(r"(\D*)(\d{0,18})")  # int() refuses a run of digits too long

_STYLE = (
    ".flow-picture{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,"
    "sans-serif;font-size:12px}"
    ".flow-picture .flow-heading{font-size:13px;font-weight:600;fill:#334155}"
    ".flow-picture .flow-label{fill:#0f172a}"
    ".flow-picture .flow-muted,.flow-picture .flow-note{fill:#64748b}"
    ".flow-picture .flow-node rect,.flow-picture .flow-swatch{stroke-width:1.2}"
    ".flow-picture .flow-service rect{fill:#f8fafc;stroke:#94a3b8}"
    ".flow-picture rect.flow-kind-event{fill:#dbeafe;stroke:#2563eb}"
    ".flow-picture rect.flow-kind-command{fill:#fef3c7;stroke:#b45309;stroke-dasharray:5 2}"
    ".flow-picture rect.flow-kind-cdc{fill:#dcfce7;stroke:#15803d;stroke-dasharray:1.5 1.5}"
    ".flow-picture rect.flow-kind-mixed{fill:#ede9fe;stroke:#6d28d9}"
    ".flow-picture .flow-group rect{stroke-width:2}"
    ".flow-picture rect.flow-kind-other{fill:#f1f5f9;stroke:#475569}"
    ".flow-picture .flow-edge{fill:none;stroke:#94a3b8;stroke-width:1.2}"
    ".flow-picture .flow-edge:hover{stroke:#0f172a;stroke-width:2}"
    ".flow-picture .flow-arrow{fill:#94a3b8}"
    ".flow-picture a:hover rect,.flow-picture a:focus rect{stroke-width:2.4}"
    ".flow-picture a:hover .flow-label{text-decoration:underline}"
)
_ARROW_ID = "schemalint-flow-arrow"


def render_flow_svg(topics: Sequence[FlowTopic], *,
                    group_above: int | None = GLANCE_TOPICS) -> str:
    """The flow picture of ``topics``: a complete ``<svg>`` element, inline-able in HTML.

    Past ``group_above`` topics they are drawn in groups by the start of their names where
    their names allow it (``None``: every topic, however many)."""
    graph = _graph(topics)
    if not graph.topics:
        return _nothing_to_draw()
    if group_above is not None and len(graph.topics) > group_above:
        graph = _grouped(graph, group_above)
    return _draw(graph, _layout(graph, _order(graph)))


# --- the graph -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Topic:
    kind: str
    href: str | None
    members: tuple[str, ...] = ()  # the topics of a group, which a group's node stands for


@dataclass(frozen=True)
class _Graph:
    topics: Mapping[str, _Topic]
    # Each service's topics and each topic's services, by side; every list sorted.
    writes: Mapping[str, tuple[str, ...]]  # producer → topics
    read_by: Mapping[str, tuple[str, ...]]  # consumer → topics
    writers: Mapping[str, tuple[str, ...]]  # topic → producers
    readers: Mapping[str, tuple[str, ...]]  # topic → consumers
    # How many topics an edge to or from a group stands for: (produces | consumes, from, to).
    weights: Mapping[tuple[str, str, str], int] = field(default_factory=dict)
    note: str | None = None  # said above the picture when it holds too many topics to read


def _graph(topics: Sequence[FlowTopic]) -> _Graph:
    """The topics merged by name (a name given twice is one topic, its services joined)."""
    found: dict[str, _Topic] = {}
    writers: dict[str, set[str]] = {}
    readers: dict[str, set[str]] = {}
    for topic in sorted(topics, key=lambda topic: (
            topic.name, topic.kind, topic.href or "", topic.producers, topic.consumers)):
        known = found.get(topic.name)
        href = _safe_href(topic.href)
        if known is None:
            found[topic.name] = _Topic(topic.kind, href)
        elif known.href is None and href is not None:
            found[topic.name] = _Topic(known.kind, href)
        writers.setdefault(topic.name, set()).update(_named(topic.producers))
        readers.setdefault(topic.name, set()).update(_named(topic.consumers))
    return _Graph(
        topics=found,
        writes=_invert(writers), read_by=_invert(readers),
        writers={name: tuple(sorted(services)) for name, services in writers.items()},
        readers={name: tuple(sorted(services)) for name, services in readers.items()},
    )


def _named(services: Sequence[str]) -> set[str]:
    return {service for service in services if service.strip()}


def _invert(edges: Mapping[str, set[str]]) -> dict[str, tuple[str, ...]]:
    inverted: dict[str, set[str]] = {}
    for topic, services in edges.items():
        for service in services:
            inverted.setdefault(service, set()).add(topic)
    return {service: tuple(sorted(inverted[service]))
            for service in sorted(inverted, key=_natural)}


def _natural(name: str) -> tuple[tuple[tuple[str, int], ...], str]:
    """A key that sorts numbers by value: ``reader-2`` before ``reader-10``."""
    return (tuple((text, int(digits) if digits else -1)
                  for text, digits in _NUMBERED.findall(name)), name)


def _safe_href(href: str | None) -> str | None:
    """A link to keep: relative, or http(s). Anything else (``javascript:``) is dropped, and
    so is a link holding a control character, which a browser would remove before reading
    the scheme (``java\\nscript:``)."""
    link = (href or "").strip()
    if not link or _CONTROL.search(link):
        return None
    try:
        scheme = urlsplit(link).scheme
    except ValueError:
        return None
    return link if scheme.lower() in ("", "http", "https") else None


def _kind_class(topic: _Topic) -> str:
    """The class that colours a topic: its kind, ``mixed`` for a group of several kinds,
    ``other`` for a kind the picture does not know."""
    if topic.members and topic.kind == _MIXED:
        return _MIXED
    return topic.kind if topic.kind in KINDS else "other"


# --- many topics: groups by the start of their names ----------------------------------

_SEPARATOR_RUN = re.compile(r"[._\-/:]+")
_GROUP_DEPTH = 8  # the most separators a group's prefix is looked for through


def _grouped(graph: _Graph, limit: int) -> _Graph:
    """``graph`` with its topics in at most thirty (else ``limit``) groups of topics whose
    names start alike (``com.acme.billing.*``); a topic alone in its group stays itself.
    Where no such grouping exists (names without separators, or all in one group), every
    topic is drawn and the note says so."""
    count = len(graph.topics)
    names = sorted(graph.topics, key=_natural)
    # Thirty groups where the names allow so few; else the fewest the names part into, up to
    # as many as topics drawn one by one.
    groups = (_groups(names, min(limit, GLANCE_GROUPS))
              or _groups(names, limit, split_further=False))
    if groups is None:
        return replace(graph, note=(
            f"{count} topics: more than a picture shows at a glance; every one is drawn."))
    nodes: dict[str, _Topic] = {}
    writers: dict[str, set[str]] = {}
    readers: dict[str, set[str]] = {}
    weights: dict[tuple[str, str, str], int] = {}
    for prefix, members in groups.items():
        if len(members) == 1:
            node = members[0]
            nodes[node] = graph.topics[node]
        else:
            node = f"{prefix}*"
            kinds = {graph.topics[member].kind for member in members}
            nodes[node] = _Topic(kinds.pop() if len(kinds) == 1 else _MIXED, None,
                                 tuple(members))
        for member in members:
            for producer in graph.writers.get(member, ()):
                writers.setdefault(node, set()).add(producer)
                weights[("produces", producer, node)] = (
                    weights.get(("produces", producer, node), 0) + 1)
            for consumer in graph.readers.get(member, ()):
                readers.setdefault(node, set()).add(consumer)
                weights[("consumes", node, consumer)] = (
                    weights.get(("consumes", node, consumer), 0) + 1)
    return _Graph(
        topics=nodes, writes=_invert(writers), read_by=_invert(readers),
        writers={node: tuple(sorted(services)) for node, services in writers.items()},
        readers={node: tuple(sorted(services)) for node, services in readers.items()},
        weights=weights,
        note=(f"{count} topics, in {len(nodes)} groups by the start of their names: "
              "a group's tooltip lists its topics."))


def _groups(names: Sequence[str], limit: int, *,
            split_further: bool = True) -> dict[str, list[str]] | None:
    """The names in at most ``limit`` groups by the start of their names, keyed by that
    start: from one group of all, the largest group that can be split by one more run of
    separators is split while the groups stay within ``limit``, so a crowded prefix
    (``org-*``) is split before a small one; unless ``split_further``, no group is split once
    there are two. ``None`` where fewer than two groups result."""
    groups: dict[str, tuple[int, list[str]]] = {"": (0, list(names))}
    final: set[str] = set()  # groups whose split would pass the limit: it only grows
    while split_further or len(groups) < 2:
        splittable = [(prefix, depth, members) for prefix, (depth, members) in groups.items()
                      if prefix not in final and len(members) > 1 and depth < _GROUP_DEPTH]
        if not splittable:
            break
        prefix, depth, members = min(
            splittable, key=lambda group: (-len(group[2]), _natural(group[0])))
        parts: dict[str, list[str]] = {}
        for name in members:
            parts.setdefault(_prefix(name, depth + 1), []).append(name)
        if len(groups) - 1 + len(parts) > limit:
            final.add(prefix)
            continue
        del groups[prefix]
        groups.update((part, (depth + 1, found)) for part, found in parts.items())
    if len(groups) < 2:
        return None
    return {prefix: members for prefix, (_, members) in
            sorted(groups.items(), key=lambda group: _natural(group[0]))}


def _prefix(name: str, depth: int) -> str:
    """``name`` through its ``depth``-th run of separators (the whole name if it has fewer)."""
    for seen, run in enumerate(_SEPARATOR_RUN.finditer(name), start=1):
        if seen == depth:
            return name[: run.end()]
    return name


# --- order: fewest crossings -----------------------------------------------------------


@dataclass(frozen=True)
class _Order:
    producers: tuple[str, ...]
    topics: tuple[str, ...]
    consumers: tuple[str, ...]


_Sides = Sequence[tuple[Mapping[str, tuple[str, ...]], Sequence[str]]]


# Sweep schedules: down (topics after the producers, consumers after the topics), up
# (topics after the consumers, producers after the topics), both (topics after both sides).
# Each breaks ties the others leave; no one of them wins on every graph.
_SCHEDULES = (("both",), ("down", "up"), ("down", "up", "both"))


def _order(graph: _Graph) -> _Order:
    """The columns' order with the fewest edge crossings found: from the names' order, a few
    barycentre sweeps on each schedule, the best order each reached then improved by swaps
    of neighbours; the fewest crossings win (ties: the first schedule)."""
    start = _Order(tuple(graph.writes), tuple(sorted(graph.topics, key=_natural)),
                   tuple(graph.read_by))
    best, fewest = start, _all_crossings(graph, start)
    for schedule in _SCHEDULES:
        if fewest == 0:
            break
        reached = _transposed(graph, _swept(graph, start, schedule))
        crossings = _all_crossings(graph, reached)
        if crossings < fewest:
            best, fewest = reached, crossings
    return best


def _swept(graph: _Graph, start: _Order, schedule: Sequence[str]) -> _Order:
    """The order with the fewest crossings met in a few rounds of ``schedule``."""
    producers, topics, consumers = list(start.producers), list(start.topics), list(start.consumers)
    best, fewest = start, _all_crossings(graph, start)
    for _ in range(_SWEEPS):
        before = (producers, topics, consumers)
        for step in schedule:
            if step == "down":
                topics = _by_barycentre(topics, [(graph.writers, producers)])
                consumers = _by_barycentre(consumers, [(graph.read_by, topics)])
            elif step == "up":
                topics = _by_barycentre(topics, [(graph.readers, consumers)])
                producers = _by_barycentre(producers, [(graph.writes, topics)])
            else:
                producers = _by_barycentre(producers, [(graph.writes, topics)])
                consumers = _by_barycentre(consumers, [(graph.read_by, topics)])
                topics = _by_barycentre(
                    topics, [(graph.writers, producers), (graph.readers, consumers)])
            candidate = _Order(tuple(producers), tuple(topics), tuple(consumers))
            crossings = _all_crossings(graph, candidate)
            if crossings < fewest:
                best, fewest = candidate, crossings
            if fewest == 0:
                return best
        if (producers, topics, consumers) == before:
            break  # a round that moves nothing: the next would not either
    return best


def _by_barycentre(layer: Sequence[str], sides: _Sides) -> list[str]:
    """``layer`` sorted by the mean place of each node's neighbours (places scaled to 0..1,
    so that columns of different lengths weigh alike); a node without neighbours keeps its
    own place, and ties keep the current order."""
    places = [({name: (index + 0.5) / len(other) for index, name in enumerate(other)}, edges)
              for edges, other in sides]

    def key(entry: tuple[int, str]) -> tuple[float, int]:
        index, name = entry
        total, count = 0.0, 0
        for place, edges in places:
            for neighbour in edges.get(name, ()):
                total += place[neighbour]
                count += 1
        return (total / count if count else (index + 0.5) / len(layer), index)

    return [name for _, name in sorted(enumerate(layer), key=key)]


def _crossings(edges: Mapping[str, tuple[str, ...]], left: Sequence[str],
               right: Sequence[str]) -> int:
    """How many pairs of edges between two columns cross: an edge crosses each edge from a
    node above its own on the left that ends below its own end on the right. The left nodes
    are taken from the top, with how many edges seen so far end below each place kept as a
    running sum (linear in the two columns' lengths for each left node, not in the edges)."""
    right_place = {name: index for index, name in enumerate(right)}
    ends = [sorted(right_place[target] for target in edges.get(name, ())) for name in left]
    seen = [0] * (len(right) + 1)  # edges seen so far ending at each place
    crossings = 0
    for index, targets in enumerate(ends):
        if not targets:
            continue
        if index:
            # below[k]: the edges seen ending at place len(right) - k or lower down.
            below = list(accumulate(reversed(seen)))
            crossings += sum(below[len(right) - target - 1] for target in targets)
        for target in targets:
            seen[target] += 1
    return crossings


def _all_crossings(graph: _Graph, order: _Order) -> int:
    return (_crossings(graph.writes, order.producers, order.topics)
            + _crossings(graph.readers, order.topics, order.consumers))


def _transposed(graph: _Graph, order: _Order) -> _Order:
    """``order`` with adjacent nodes of a column swapped wherever the swap removes crossings,
    until no swap does (or a few passes have run)."""
    producers, topics, consumers = (
        list(order.producers), list(order.topics), list(order.consumers))
    for _ in range(_TRANSPOSE_PASSES):
        swapped = _transpose(producers, [(graph.writes, topics)])
        swapped |= _transpose(topics, [(graph.writers, producers), (graph.readers, consumers)])
        swapped |= _transpose(consumers, [(graph.read_by, topics)])
        if not swapped:
            break
    return _Order(tuple(producers), tuple(topics), tuple(consumers))


def _transpose(layer: list[str], sides: _Sides) -> bool:
    """Swap adjacent nodes of ``layer`` where that removes crossings; whether any moved."""
    places = [{name: index for index, name in enumerate(other)} for _, other in sides]
    # Each node's neighbours' places, sorted, on each side (those columns do not move here).
    reach = {name: [sorted(place[neighbour] for neighbour in edges.get(name, ()))
                    for place, (edges, _) in zip(places, sides, strict=True)]
             for name in layer}

    def crossed(upper: str, lower: str) -> int:
        """Crossings between the edges of two neighbours, ``upper`` placed above ``lower``."""
        return sum(bisect_left(below, above)
                   for aboves, below in zip(reach[upper], reach[lower], strict=True)
                   for above in aboves)

    swapped = False
    for index in range(len(layer) - 1):
        upper, lower = layer[index], layer[index + 1]
        if crossed(lower, upper) < crossed(upper, lower):
            layer[index], layer[index + 1] = lower, upper
            swapped = True
    return swapped


# --- layout ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Box:
    role: str  # producer | topic | consumer
    name: str
    lines: tuple[str, ...]
    x: float
    y: float
    width: float
    height: float

    @property
    def middle(self) -> float:
        return self.y + self.height / 2


@dataclass(frozen=True)
class _Layout:
    width: float
    height: float
    columns: tuple[tuple[str, float, float], ...]  # heading, x, width
    headings_y: float  # the top of the band that holds the column headings
    producers: tuple[_Box, ...]
    topics: tuple[_Box, ...]
    consumers: tuple[_Box, ...]
    legend_y: float


def text_width(text: str, size: float = _FONT_SIZE) -> float:
    """The width ``text`` takes at ``size`` pixels, estimated from Helvetica's advances."""
    units = 0
    for char in text:
        advance = _ADVANCE.get(char)
        if advance is None:
            if unicodedata.combining(char):
                advance = 0
            elif unicodedata.east_asian_width(char) in ("W", "F"):
                advance = _WIDE_ADVANCE
            else:
                advance = _UNKNOWN_ADVANCE
        units += advance
    return units * size / 1000 * _WIDTH_MARGIN


def wrap_label(text: str, limit: float, max_lines: int = _MAX_LINES) -> tuple[str, ...]:
    """``text`` in at most ``max_lines`` lines no wider than ``limit``: broken at the last
    separator past the first third of a full line, else at the last case change in its
    second half, else where it is full; what is left past the last line is cut with an
    ellipsis."""
    rest = _SPACES.sub(" ", text).strip()
    lines: list[str] = []
    while len(lines) < max_lines - 1 and text_width(rest) > limit:
        fits = _fitting(rest, limit)
        breaks = [found.start() for found in _BREAK.finditer(rest)
                  if fits / 3 <= found.start() <= fits]
        separators = [at for at in breaks if rest[at - 1] in _SEPARATORS]
        changes = [at for at in breaks if at >= fits / 2]
        cut = (separators or changes or [fits])[-1]
        lines.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    lines.append(_ellipsised(rest, limit))
    return tuple(lines)


def _fitting(text: str, limit: float) -> int:
    """How many leading characters of ``text`` fit in ``limit`` (at least one)."""
    width = 0.0
    for index, char in enumerate(text):
        width += text_width(char)
        if width > limit:
            return max(index, 1)
    return len(text)


def _ellipsised(text: str, limit: float) -> str:
    if text_width(text) <= limit:
        return text
    return text[: _fitting(text, limit - text_width("…"))].rstrip() + "…"


def _layout(graph: _Graph, order: _Order) -> _Layout:
    producer_text = _column_text(order.producers, _SERVICE_TEXT)
    topic_text = _column_text(order.topics, _TOPIC_TEXT)
    consumer_text = _column_text(order.consumers, _SERVICE_TEXT)
    columns: list[tuple[str, float, float]] = []
    x = _MARGIN
    for heading, text in (("Producers", producer_text), ("Topics", topic_text),
                          ("Consumers", consumer_text)):
        width = max(text + 2 * _PAD_X, text_width(heading, _HEADING_SIZE) * _BOLD)
        columns.append((heading, x, width))
        x += width + _COLUMN_GAP
    right = x - _COLUMN_GAP + _MARGIN

    def labels(names: Sequence[str], text: float) -> list[tuple[str, ...]]:
        return [wrap_label(name, text) for name in names]

    def topic_labels(names: Sequence[str], text: float) -> list[tuple[str, ...]]:
        return [(*wrap_label(name, text), f"{len(graph.topics[name].members)} topics")
                if graph.topics[name].members else wrap_label(name, text) for name in names]

    lines = (labels(order.producers, producer_text), topic_labels(order.topics, topic_text),
             labels(order.consumers, consumer_text))
    # A box is tall enough for its label and for the edges meeting one of its sides to
    # arrive apart.
    degrees = ([len(graph.writes[name]) for name in order.producers],
               [max(len(graph.writers.get(name, ())), len(graph.readers.get(name, ())))
                for name in order.topics],
               [len(graph.read_by[name]) for name in order.consumers])
    heights = [[max(2 * _PAD_Y + len(label) * _LINE_HEIGHT, _PORT_GAP * (degree + 1))
                for label, degree in zip(column, column_degrees, strict=True)]
               for column, column_degrees in zip(lines, degrees, strict=True)]
    tallest = max(_extent(column) for column in heights)
    # The legend (and, for many topics, the note) comes first: a tall picture is read from
    # its top.
    headings_y = _MARGIN + _LEGEND + (_NOTE if graph.note else 0)
    top = headings_y + _HEADINGS
    bottom = top + tallest

    names = (order.producers, order.topics, order.consumers)
    tops: list[list[float] | None] = [None, None, None]
    # The tallest column is stacked; the columns beside it follow their neighbours outwards.
    anchor = max((1, 0, 2), key=lambda column: _extent(heights[column]))
    tops[anchor] = _stacked(heights[anchor], top)
    sequence = {0: (1, 2), 1: (0, 2), 2: (1, 0)}[anchor]
    for column in sequence:
        reference = 1 if column != 1 else anchor
        placed = tops[reference]
        assert placed is not None
        middles = {name: placed[index] + heights[reference][index] / 2
                   for index, name in enumerate(names[reference])}
        edges = {0: graph.writes, 2: graph.read_by}.get(
            column, graph.writers if reference == 0 else graph.readers)
        wanted = [_mean([middles[neighbour] for neighbour in edges.get(name, ())])
                  for name in names[column]]
        tops[column] = _placed(heights[column], wanted, top, bottom)

    boxes: list[tuple[_Box, ...]] = []
    for column, role in enumerate(("producer", "topic", "consumer")):
        _, left, width = columns[column]
        column_tops = tops[column]
        assert column_tops is not None
        boxes.append(tuple(
            _Box(role, name, label, left, y, width, height)
            for name, label, y, height in zip(
                names[column], lines[column], column_tops, heights[column], strict=True)))
    width = max(right, _MARGIN * 2 + _legend_width(graph),
                _MARGIN * 2 + text_width(graph.note or ""))
    return _Layout(width, bottom + _MARGIN, tuple(columns), headings_y, boxes[0], boxes[1],
                   boxes[2], legend_y=_MARGIN + _SWATCH / 2)


def _column_text(names: Sequence[str], bounds: tuple[float, float]) -> float:
    """The width a column gives its labels: its widest name's, within ``bounds``."""
    narrowest, widest = bounds
    return min(max([narrowest, *(text_width(name) for name in names)]), widest)


def _extent(heights: Sequence[float]) -> float:
    return sum(heights) + _ROW_GAP * max(len(heights) - 1, 0)


def _stacked(heights: Sequence[float], top: float) -> list[float]:
    tops: list[float] = []
    y = top
    for height in heights:
        tops.append(y)
        y += height + _ROW_GAP
    return tops


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _placed(heights: Sequence[float], middles: Sequence[float | None], top: float,
            bottom: float) -> list[float]:
    """Tops for boxes kept in order and apart, as near as can be to where each wants its
    middle (``None``: wherever it falls after the one above), between ``top`` and ``bottom``.

    Shifted by the room the boxes above take, the tops must not decrease: the nearest such
    tops are an isotonic regression (pool adjacent violators), then clamped to the canvas.
    """
    offsets = [stacked - top for stacked in _stacked(heights, top)]
    known = [middle - height / 2 - offset for middle, height, offset
             in zip(middles, heights, offsets, strict=True) if middle is not None]
    shifted: list[float] = []
    previous = known[0] if known else top
    for middle, height, offset in zip(middles, heights, offsets, strict=True):
        previous = previous if middle is None else middle - height / 2 - offset
        shifted.append(previous)
    blocks: list[list[float]] = []  # [sum, count]
    for value in shifted:
        blocks.append([value, 1.0])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    highest = bottom - _extent(heights)
    tops: list[float] = []
    for total, count in blocks:
        level = min(max(total / count, top), highest)
        tops.extend(level for _ in range(int(count)))
    return [level + offset for level, offset in zip(tops, offsets, strict=True)]


def _present_kinds(graph: _Graph) -> list[str]:
    present = {_kind_class(topic) for topic in graph.topics.values()}
    return [*KINDS, *(kind for kind in (_MIXED, "other") if kind in present)]


_SWATCH = 14.0
_LEGEND_GAP = 18.0


def _legend_width(graph: _Graph) -> float:
    return sum(_SWATCH + 6 + text_width(kind) + _LEGEND_GAP for kind in _present_kinds(graph))


# --- drawing -----------------------------------------------------------------------------


def _draw(graph: _Graph, layout: _Layout) -> str:
    summary = (f"Event flow: {_count(len(layout.producers), 'producer')}, "
               f"{_count(len(layout.topics), 'topic')}, "
               f"{_count(len(layout.consumers), 'consumer')}")
    out = [_open(layout.width, layout.height, summary)]
    out.append('<g class="flow-headings">')
    for heading, x, width in layout.columns:
        out.append(f'<text class="flow-heading" x="{_n(x + width / 2)}"'
                   f' y="{_n(layout.headings_y + 14)}" text-anchor="middle">{heading}</text>')
    for (_, x, width), boxes in zip(
            layout.columns, (layout.producers, layout.topics, layout.consumers), strict=True):
        if not boxes:
            out.append(f'<text class="flow-muted" x="{_n(x + width / 2)}"'
                       f' y="{_n(layout.headings_y + _HEADINGS + 12)}" text-anchor="middle">'
                       f'none declared</text>')
    out.append("</g>")
    out.append('<g class="flow-edges">')
    out.extend(_edges(graph, layout))
    out.append("</g>")
    out.append('<g class="flow-nodes">')
    both = {box.name for box in layout.producers} & {box.name for box in layout.consumers}
    for box in (*layout.producers, *layout.consumers):
        out.append(_service(box, box.name in both))
    for box in layout.topics:
        out.append(_topic(box, graph.topics[box.name]))
    out.append("</g>")
    out.append(_legend(graph, layout))
    out.append("</svg>")
    return "".join(out)


def _open(width: float, height: float, summary: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="flow-picture"'
            f' viewBox="0 0 {_n(width)} {_n(height)}" width="{_n(width)}"'
            f' height="{_n(height)}" role="img" aria-label={_attr(summary)}>'
            f"<title>{_text(summary)}</title><style>{_STYLE}</style>"
            f'<defs><marker id="{_ARROW_ID}" viewBox="0 0 8 8" refX="8" refY="4"'
            f' markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse"'
            f' orient="auto"><path class="flow-arrow" d="M0,0 L8,4 L0,8 z"/></marker></defs>')


def _edges(graph: _Graph, layout: _Layout) -> list[str]:
    producers = {box.name: box for box in layout.producers}
    topics = {box.name: box for box in layout.topics}
    consumers = {box.name: box for box in layout.consumers}
    pairs = [(producers[producer], topics[topic], "produces")
             for producer, written in graph.writes.items() for topic in written]
    pairs += [(topics[topic], consumers[consumer], "consumes")
              for topic, readers in graph.readers.items() for consumer in readers]
    leaving = _ports([(source, target) for source, target, _ in pairs])
    arriving = _ports([(target, source) for source, target, _ in pairs])
    drawn = []
    for source, target, verb in sorted(
            pairs, key=lambda pair: (pair[2], pair[0].name, pair[1].name)):
        x1, y1 = source.x + source.width, leaving[(source.role, source.name, target.name)]
        x2, y2 = target.x, arriving[(target.role, target.name, source.name)]
        bend = (x2 - x1) / 2
        weight = graph.weights.get((verb, source.name, target.name), 1)
        # An edge standing for several topics is drawn wider, by the digits of its count.
        wide = (f' data-count="{weight}" style="stroke-width:{_n(1.2 + 1.6 * log10(weight))}"'
                if weight > 1 else "")
        drawn.append(
            f'<path class="flow-edge flow-{verb}" data-from={_attr(source.name)}'
            f" data-to={_attr(target.name)}{wide}"
            f' d="M{_n(x1)},{_n(y1)} C{_n(x1 + bend)},{_n(y1)} {_n(x2 - bend)},{_n(y2)}'
            f' {_n(x2)},{_n(y2)}" marker-end="url(#{_ARROW_ID})"/>')
    return drawn


def _ports(ends: Sequence[tuple[_Box, _Box]]) -> dict[tuple[str, str, str], float]:
    """Where each edge meets a box's side: spread over the side in the order of the boxes
    at their other ends, so that edges meeting at one box do not cross there."""
    sides: dict[tuple[str, str], list[_Box]] = {}
    boxes: dict[tuple[str, str], _Box] = {}
    for box, other in ends:
        sides.setdefault((box.role, box.name), []).append(other)
        boxes[(box.role, box.name)] = box
    ports: dict[tuple[str, str, str], float] = {}
    for key, others in sides.items():
        box = boxes[key]
        inner = box.height - _PAD_Y
        ranked = sorted(others, key=lambda other: (other.middle, other.name))
        for index, other in enumerate(ranked):
            ports[(*key, other.name)] = (box.y + _PAD_Y / 2
                                         + inner * (index + 1) / (len(ranked) + 1))
    return ports


def _service(box: _Box, both_sides: bool) -> str:
    tip = box.name + (" (writes and reads: on both sides)" if both_sides else "")
    both = " flow-both" if both_sides else ""
    return (f'<g class="flow-node flow-service flow-{box.role}{both}" data-role="{box.role}"'
            f" data-name={_attr(box.name)}><title>{_text(tip)}</title>"
            f"{_rect(box)}{_label(box)}</g>")


def _topic(box: _Box, topic: _Topic) -> str:
    kind = _kind_class(topic)
    if topic.members:
        group, count = " flow-group", f' data-topics="{len(topic.members)}"'
        tip = "\n".join((f"{box.name}: {len(topic.members)} topics ({topic.kind})",
                         *topic.members))
    else:
        group, count, tip = "", "", f"{box.name} ({topic.kind})"
    node = (f'<g class="flow-node flow-topic flow-kind-{kind}{group}" data-role="topic"'
            f" data-name={_attr(box.name)} data-kind={_attr(topic.kind)}{count}>"
            f"<title>{_text(tip)}</title>"
            f'{_rect(box, f"flow-kind-{kind}")}{_label(box)}</g>')
    if topic.href is None:
        return node
    return f'<a class="flow-link" href={_attr(topic.href)}>{node}</a>'


def _rect(box: _Box, css: str | None = None) -> str:
    classes = f' class="{css}"' if css else ""
    return (f'<rect{classes} x="{_n(box.x)}" y="{_n(box.y)}" width="{_n(box.width)}"'
            f' height="{_n(box.height)}" rx="4"/>')


def _label(box: _Box) -> str:
    middle = _n(box.x + box.width / 2)
    top = box.y + (box.height - len(box.lines) * _LINE_HEIGHT) / 2
    lines = "".join(
        f'<tspan x="{middle}" y="{_n(top + index * _LINE_HEIGHT + _BASELINE)}">'
        f"{_text(line)}</tspan>" for index, line in enumerate(box.lines))
    return f'<text class="flow-label" text-anchor="middle">{lines}</text>'


def _legend(graph: _Graph, layout: _Layout) -> str:
    out = ['<g class="flow-legend">']
    x = _MARGIN
    y = layout.legend_y
    for kind in _present_kinds(graph):
        out.append(f'<rect class="flow-swatch flow-kind-{kind}" x="{_n(x)}"'
                   f' y="{_n(y - _SWATCH / 2)}" width="{_n(_SWATCH)}" height="{_n(_SWATCH)}"'
                   ' rx="3"/>')
        out.append(f'<text class="flow-muted" x="{_n(x + _SWATCH + 6)}" y="{_n(y + 4)}">'
                   f"{kind}</text>")
        x += _SWATCH + 6 + text_width(kind) + _LEGEND_GAP
    if graph.note:
        out.append(f'<text class="flow-note" x="{_n(_MARGIN)}" y="{_n(y + _NOTE + 4)}">'
                   f"{_text(graph.note)}</text>")
    out.append("</g>")
    return "".join(out)


def _nothing_to_draw() -> str:
    message = "Nothing to draw: no topics are declared."
    width = 2 * _MARGIN + text_width(message)
    return (_open(width, 48, message)
            + f'<text class="flow-muted" x="{_n(_MARGIN)}" y="28">{_text(message)}</text>'
            + "</svg>")


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _n(value: float) -> str:
    """A coordinate, to a tenth of a pixel, written the same way every time."""
    text = f"{round(value, 1):.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _text(text: str) -> str:
    return escape(_xml(text))


def _attr(text: str) -> str:
    return quoteattr(_xml(text))
