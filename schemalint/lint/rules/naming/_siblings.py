"""Names read beside their siblings: what the other schemas of a project say about a word that
alone could be a noun or a verb.

A word such as "order", "dock" or "start" is as often a noun as a verb, and a name made of it
and another word ("OrderBurger", "ContainerStart") is, alone, too uncertain an order to
report. Its siblings decide:

- a fact about an entity ("BurgerCompleted") makes that entity a thing the project acts on,
  so a verb in front of it orders the act ("OrderBurger", "CookFry");
- an order on an object ("MoveToHue", "LockDoor": verbs that only order) makes that object a
  thing the project acts on, so a verb in front of it orders too ("StepHue", "AccessDoor"),
  unless the whole name is itself such an object ("ChatPhoto" beside "SetChatPhoto");
- siblings written as an entity then an operation, read alone as orders or questions
  ("ContainerCreate", "ImageList"), make that the package's convention, and a name so
  written whose last word can order is an order too ("ContainerStart", "ImageBuild"): one
  package, one convention.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from schemalint.lint import lexicon as lx
from schemalint.lint.name_classifier import Verdict, name_words
from schemalint.lint.rules.naming import NameSource


class Sibling(NamedTuple):
    """A name and how it reads alone."""

    source: NameSource
    verdict: Verdict


class Reading(NamedTuple):
    """An order found through siblings: the order's words and the siblings that showed it,
    quoted."""

    words: tuple[str, ...]
    witness: str


def _written(source: NameSource) -> list[str]:
    return name_words(source.text.rsplit(".", 1)[-1])


def _fact_subject(words: list[str], lex: lx.Lexicon) -> tuple[str, ...] | None:
    """The entity a fact is about: the words before its participle ("burger" in
    "BurgerCompleted", "onion rings" in "OnionRingsFried")."""
    at = next((i for i, word in enumerate(words) if i > 0 and lex.is_past(word)), None)
    if at is None or at != len(words) - 1 or "not" in words:
        return None
    return tuple(words[:at])


def _can_order(word: str, lex: lx.Lexicon) -> bool:
    """A base form that can be an imperative: a verb, not a past form, a gerund, a question
    or a word that names information or a state ("ContainerLogs", "ContainerStats")."""
    return (lex.verb(word) is not None and not lex.is_past(word) and not word.endswith("ing")
            and word not in lx.QUERY_VERBS and word not in lx.OCCURRENCE_NOUNS
            and word not in lx.STATE_HEADS and word not in lx.INFORMATION_HEADS
            and word not in lx.DOCUMENT_HEADS and word not in lx.OUTCOME_HEADS)


def _leads_an_order(word: str, lex: lx.Lexicon) -> bool:
    """A first word that can order its object: not a noun for someone who does something
    ("CashierShift": the shift of a cashier) nor a word that can be an adjective, which in
    front of a noun modifies it ("EmptyShoppingCart")."""
    return _can_order(word, lex) and not _agent_noun(word, lex) and not lex.is_adjective(word)


def _agent_noun(word: str, lex: lx.Lexicon) -> bool:
    """A noun made from a verb by an ending that names the doer: "cashier" (cash),
    "driver" (drive), "sailor" (sail)."""
    for ending, restore in (("ier", ""), ("ier", "y"), ("er", ""), ("er", "e"), ("or", ""),
                            ("or", "e")):
        stem = word[:-len(ending)] + restore if word.endswith(ending) else ""
        if len(stem) >= 3 and lex.lists_verb(stem):
            return True
    return False


def _certain_verb(word: str, lex: lx.Lexicon) -> bool:
    """A verb that leads orders whatever follows it: only a verb ("undock", "submit"), or one
    that nearly always orders when it leads ("move", "lock")."""
    verb = lex.verb(word)
    return verb is not None and (not (verb.noun or verb.adjective) or word in lx.VERB_DOMINANT)


def _object(words: list[str]) -> tuple[str, ...] | None:
    """What an order acts on: the words after its verb and any preposition ("hue" in
    "MoveToHue", "door" in "LockDoor")."""
    rest = words[1:]
    while rest and (rest[0] in lx.PREPOSITIONS or rest[0] in lx.PARTICLES):
        rest = rest[1:]
    return tuple(rest) if rest and _a_thing_acted_on(rest[-1]) else None


def _a_thing_acted_on(head: str) -> bool:
    """A head that can be the object of an order rather than information about one: not
    "report", "status" or "failure" ("SendReport" beside "CrashReport" says nothing)."""
    return not (head in lx.INFORMATION_HEADS or head in lx.STATE_HEADS
                or head in lx.DOCUMENT_HEADS or head in lx.OUTCOME_HEADS
                or head in lx.OCCURRENCE_NOUNS)


def _operations_written_after_entity(names: Sequence[Sibling]) -> list[str]:
    """Siblings written as an entity then an operation that read alone as orders or
    questions ("ContainerCreate", "ImageList"): the package's way of naming operations."""
    found = []
    for sibling in names:
        if sibling.verdict.kind not in ("command", "query"):
            continue
        words = _written(sibling.source)
        verb, entity = sibling.verdict.words[:1], sibling.verdict.words[1:]
        if len(words) > 1 and tuple(words) == (*entity, *verb):
            found.append(sibling.source.text)
    return found


def read_beside(names: Sequence[Sibling]) -> list[Reading | None]:
    """For each name that alone is not an order, the order its siblings show it to be."""
    lex = lx.lexicon()
    subjects: dict[tuple[str, ...], str] = {}
    for sibling in names:
        if sibling.verdict.kind == "event":
            subject = _fact_subject(_written(sibling.source), lex)
            if subject:
                subjects.setdefault(subject, sibling.source.text)
    # The objects of the project's orders: "hue" in "MoveToHue", "door" in "LockDoor".
    objects: dict[tuple[str, ...], str] = {}
    for sibling in names:
        words = _written(sibling.source)
        if sibling.verdict.kind == "command" and words and _certain_verb(words[0], lex):
            target = _object(words)
            if target:
                objects.setdefault(target, sibling.source.text)
    # Two siblings so written make a convention; one could be a noun read as an order.
    operations = _operations_written_after_entity(names)
    convention = operations if len(operations) > 1 else []
    # Siblings named by a verb alone that read as orders ("Suspend", "Reset"): where they
    # are two or more and one name in four of those of a single word, the project names its
    # orders so, and a lone word that can be a verb is one more ("Halt"). One such order
    # among many lone nouns ("uninstall" among Mozilla's pings) is no convention.
    lone = [sibling for sibling in names if len(_written(sibling.source)) == 1]
    bare_verbs = [sibling.source.text for sibling in lone if sibling.verdict.kind == "command"]
    if len(bare_verbs) < 2 or 4 * len(bare_verbs) < len(lone):
        bare_verbs = []
    readings: list[Reading | None] = []
    for sibling in names:
        words = _written(sibling.source)
        reading = None
        # A name that is itself an entity of the project's facts ("FryShake" beside
        # "FryShakeCompleted") is that thing.
        if sibling.verdict.kind == "noun" and len(words) == 1 and bare_verbs and _bare_verb(
                words[0], lex) and tuple(words) not in subjects and tuple(words) not in objects:
            # Unless the project's facts or orders are about it: "Order" beside "OrderPlaced".
            reading = Reading(tuple(words), " and ".join(f"'{name}'" for name in bare_verbs[:2]))
        if sibling.verdict.kind == "noun" and len(words) > 1 and tuple(words) not in subjects:
            verb, rest = words[0], tuple(words[1:])
            entity, last = words[:-1], words[-1]
            if rest in subjects and _leads_an_order(verb, lex) and _a_thing_acted_on(last):
                reading = Reading((verb, *rest), f"'{subjects[rest]}'")
            elif rest in objects and tuple(words) not in objects and _leads_an_order(
                    verb, lex):
                reading = Reading((verb, *rest), f"'{objects[rest]}'")
            elif convention and _can_order(last, lex) and all(
                    lex.is_noun(word) for word in entity):
                reading = Reading((last, *entity), " and ".join(f"'{name}'" for name in
                                                                convention[:2]))
        readings.append(reading)
    return readings


def _bare_verb(word: str, lex: lx.Lexicon) -> bool:
    """A lone word that can be an order: a verb, not a word for someone who does something
    ("Driver") nor one for information or a state."""
    return _can_order(word, lex) and not _agent_noun(word, lex)


def could_be_shown(sibling: Sibling) -> bool:
    """Whether siblings could show this name to be an order: a name read alone as a thing
    whose first word could lead an order or whose last could be one, or a lone word that
    can be a verb."""
    lex = lx.lexicon()
    words = _written(sibling.source)
    if sibling.verdict.kind != "noun" or not words:
        return False
    if len(words) == 1:
        return _bare_verb(words[0], lex)
    return _leads_an_order(words[0], lex) or _can_order(words[-1], lex)


def declared(verdicts: Iterable[tuple[NameSource, Verdict]]) -> Sibling | None:
    """A schema's own name (its record name or title, not its topic), as read alone."""
    return next((Sibling(source, verdict) for source, verdict in verdicts
                 if source.origin != "topic"), None)
