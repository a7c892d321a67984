"""What a message name says it is: a command, an event, a query, a reply, or a noun.

Names come as Avro full names, JSON Schema titles or topic names, in any case convention.
The classifier splits them into words, drops environment, version and technical parts, and
reads what is left the way a person would: a trailing past participle is a fact
(``EmailSent``, ``ServerShutDown``), a leading imperative is a command (``SendEmail``), a
leading query verb is a question (``GetBalance``), a reply suffix an answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise
from typing import Literal, NamedTuple

from schemalint.lint import lexicon as lx

Kind = Literal["command", "event", "query", "reply", "noun"]

_WORD = re.compile(r"[Vv]\d+(?![a-z])|[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_SEGMENT_SEPARATORS = re.compile(r"[./:]")
# A name spelled as a method: a lower-case word, then capitalised ones ("claimVictory").
_METHOD_CASE = re.compile(r"[a-z]+[A-Z][a-z]")
# A lower-case namespace, an underscore, then a method in lower camel case ("eth_getBalance",
# "debug_traceTransaction").
_RPC_NAMESPACE = re.compile(r"([a-z][a-z0-9]*)_([a-z]+[A-Z][A-Za-z0-9]*)")
_ENVIRONMENTS = frozenset({
    "prod", "production", "prd", "dev", "development", "staging", "stage", "stg", "test", "qa",
    "uat", "int", "integration", "preprod", "local", "sandbox", "perf", "demo",
})
_VISIBILITY = frozenset({"public", "private", "internal", "external", "shared", "global"})
_TECHNICAL = frozenset({
    "dlq", "dlt", "retry", "retries", "deadletter", "avro", "json", "proto", "protobuf",
    "value", "key", "topic", "stream", "table", "compacted", "raw", "tmp", "v",
})
_GENERIC_RECORDS = frozenset({
    "value", "key", "envelope", "payload", "data", "record", "body", "schema", "root",
})
_COMMAND_MARKERS = frozenset({"command", "commands", "cmd", "cmds"})
_TOPIC_COMMAND_SEGMENTS = frozenset({"command", "commands", "cmd", "cmds", "action", "actions"})
_EVENT_MARKERS = frozenset({"event", "events", "evt", "evts"})
_QUERY_MARKERS = frozenset({"query", "queries", "qry", "inquiry", "enquiry"})
_REPLY_MARKERS = frozenset({"response", "responses", "reply", "replies", "result", "ack",
                            "resp", "rsp", "rpl"})
# Abbreviations that, leading a constant, file it as an answer: IRC's "RPL_WELCOME".
_REPLY_PREFIXES = frozenset({"rpl", "rsp", "resp"})
_REQUEST_MARKERS = frozenset({"request", "requests", "req"})
_KIND_HEADS = frozenset({"type", "types", "kind", "kinds"})
# Kind words that make a notice something else: "notify_gcode_response" answers.
_NOT_NOTICE = _REPLY_MARKERS | _QUERY_MARKERS | _REQUEST_MARKERS | _COMMAND_MARKERS
_QUANTIFIERS = frozenset({"all", "every", "each", "any"})
# Dropped from the end of a name before reading it: "OrderPlacedIntegrationEvent".
_TRAILING_NOISE = frozenset({
    "integration", "domain", "message", "messages", "msg", "payload", "data", "dto", "record",
    "envelope", "body", "value", "schema", "notification", "topic", "avro", "json",
})


class Verdict(NamedTuple):
    kind: Kind
    # The words the verdict was read from, lower case.
    words: tuple[str, ...]
    # For commands: the fact the name should state (``SendEmail`` -> ``EmailSent``).
    proposal: str | None = None
    # For commands whose order is the name's last part after the entity ("invoice/void"):
    # the whole name rewritten, the entity kept ("invoice.voided").
    rename: str | None = None


def split_words(text: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(text)]


def name_words(text: str) -> list[str]:
    """The words of a message name, those run together in lower case found too:
    "getblockchaininfo" is "get blockchain info"."""
    return [part for word in _WORD.findall(text)
            for part in (_run_together(word) if word.islower() else (word.lower(),))]


# A project's names are read again by EVT001's project pass and by EVT002: each word split
# once.
@lru_cache(maxsize=4096)
def _run_together(word: str) -> tuple[str, ...]:
    """A lower-case word that is no word of the table, split into the words that make it:
    names written as one word ("decoderawtransaction", "verifychain", "getmempoolinfo").
    Either the fewest words of three letters or more, the first a verb and none a particle
    (two parts only where the first is only a verb: "webrequest" stays whole), or a verb
    that is only a verb, then the rest as it is ("createpsbt", "getchaintips"). Short ones
    ("signup", "pageview") are left whole: closed compounds, not run-together phrases."""
    if len(word) < 8:
        return (word,)
    lex = lx.lexicon()
    if lex.knows(word) or lex.is_noun(word) or lex.is_past(word) or _gerund(word, lex) or any(
            word.endswith(ending) and (lex.knows(word[:-len(ending)]) or lex.knows(
                word[:-len(ending)] + "e")) for ending in _DERIVED_ENDINGS):
        # A word of the table, or one made from one: "transactions", "redaction".
        return (word,)
    parts = _fewest_words(word, lex) if len(word) >= 10 else None
    if parts is not None and len(parts) > 1 and lex.verb(parts[0]) is not None and not any(
            part in lx.PARTICLES for part in parts) and (
                len(parts) > 2 or _verb_only(parts[0], lex)):
        return tuple(parts)
    for cut in range(len(word) - 3, 2, -1):
        head = word[:cut]
        if lex.knows(head) and _verb_only(head, lex):
            rest = word[cut:]
            return (head, *(_fewest_words(rest, lex) or [rest]))
    return (word,)


# Endings that make a word of another: "accepting", "redaction", "settlements".
_DERIVED_ENDINGS = ("ing", "ings", "ion", "ions", "ment", "ments", "ance", "ence", "ness",
                    "able", "ible", "ity", "ive", "ers", "ors")


def _fewest_words(word: str, lex: lx.Lexicon) -> list[str] | None:
    """The fewest words of three letters or more, each listed, that make ``word``."""
    fewest: list[list[str] | None] = [None] * (len(word) + 1)
    fewest[0] = []
    for end in range(3, len(word) + 1):
        for start in range(0, end - 2):
            before = fewest[start]
            if before is not None and lex.knows(word[start:end]):
                candidate = [*before, word[start:end]]
                current = fewest[end]
                if current is None or len(candidate) < len(current):
                    fewest[end] = candidate
    return fewest[-1]

def classify(name: str, *, extra_verbs: Iterable[str] = (), topic: bool = False) -> Verdict:
    """Read a record name, title or topic name. ``topic`` names split on dots into segments."""
    segments = _meaningful_segments(name)
    if not segments:
        return Verdict("noun", ())
    # Kind words of the namespace, or the name's own last word ("RefundCommand"), not words
    # inside the name ("CommandError").
    markers = {word for segment in segments[:-1] for word in split_words(segment)} | set(
        split_words(segments[-1])[-1:])
    last = segments[-1]
    words = name_words(last)
    # A kind segment after the name: "product.create.command", "product.created.event".
    if len(segments) > 1 and set(words) <= (_COMMAND_MARKERS | _EVENT_MARKERS | _QUERY_MARKERS):
        marker = words[0]
        last = segments[-2]
        inner = _classify_words(name_words(last), frozenset(extra_verbs))
        if marker in _COMMAND_MARKERS and inner.kind not in ("query", "reply"):
            return Verdict("command", inner.words, _proposal(last, inner.words))
        if marker in _QUERY_MARKERS:
            return Verdict("query", inner.words)
        return inner if inner.kind != "command" else Verdict("noun", inner.words)
    follow_up = _follow_up(name, segments, words, extra_verbs, topic)
    if follow_up is not None:
        return follow_up
    verdict = _classify_words(words, frozenset(extra_verbs),
                              method=_METHOD_CASE.match(last) is not None,
                              snake="_" in last)
    # Entity and action set apart: in a topic or a path-like title, not in an Avro or
    # Protobuf namespace (a package, not an entity).
    apart = topic or "/" in name
    lone_order = verdict.kind == "command" and len(verdict.words) == 1
    if verdict.kind == "noun" or (apart and lone_order):
        bare = _bare_order(name, segments, frozenset(extra_verbs), topic, apart)
        if bare is not None:
            return bare
    if verdict.kind == "noun" and topic and _can_order(verdict.words) and any(
            set(split_words(segment)) <= _TOPIC_COMMAND_SEGMENTS for segment in segments[:-1]):
        # A topic that files itself under commands: "….action.{id}.dim".
        return Verdict("command", verdict.words, _proposal(last, verdict.words))
    if verdict.kind == "command" and verdict.proposal is None:
        # A lone verb has no entity to keep: "Enroll" proposes nothing rather than "Enrolled".
        certain = len(verdict.words) > 1 or len(segments) > 1
        return Verdict("command", verdict.words,
                       _proposal(last, verdict.words) if certain else None)
    if verdict.kind == "noun" and not topic and markers & _COMMAND_MARKERS and len(segments) > 1:
        # A namespace that says so: "com.acme.commands.Shipment".
        return Verdict("command", verdict.words)
    return verdict


# Route segments that go on with the question before them rather than name a message:
# "files/list_folder/continue" pages through a listing, "…/batch" asks it for many,
# "files/copy_batch/check" asks how an operation is going.
_FOLLOW_UPS = frozenset({"continue", "batch", "check"})


def _follow_up(name: str, segments: list[str], words: list[str], extra_verbs: Iterable[str],
               topic: bool) -> Verdict | None:
    if len(segments) < 2 or len(words) != 1 or words[0] not in _FOLLOW_UPS or not (
            topic or "/" in name):
        return None
    before = name[:name.rstrip("/").rfind(segments[-1])].rstrip("./:")
    operation = classify(before, extra_verbs=extra_verbs, topic=topic)
    if words[0] == "check" and (operation.kind in ("command", "query") or (
            operation.words and operation.words[-1] in ("status", "state"))):
        return Verdict("query", ("check", *operation.words))
    if words[0] != "check" and operation.kind == "query":
        # Pages through the answer, or asks it for many; after an order, "continue" can be
        # its own message ("change-prop/continue").
        return Verdict("query", operation.words)
    return None


def _bare_order(name: str, segments: list[str], extra: frozenset[str],
                topic: bool, apart: bool) -> Verdict | None:
    """An order written after its entity: "invoice/void", "member.enroll",
    "PAYMENT_LINKS_CREATE"; a question so written ("orders/list") is a query.

    Read so only where the parts are set apart as entity and action: by a separator, or in
    an upper-case constant. A lower-case compound ("profile-restore", "DataExport") is read as
    the noun English makes of it.
    """
    last = segments[-1]
    lex = lx.lexicon()
    words, marker = _strip(_join_prefixes(name_words(last), lex))
    if marker is not None or (words[-1:] == ["notify"] and not last.isupper()):
        # "MapNotify": a notice that something was mapped, not an order to notify a map.
        return None
    kinds = {word for segment in segments[:-1] for word in split_words(segment)}
    if kinds & {"response", "reply"}:
        # "bridge/response/device/remove": the answer to a request.
        return Verdict("reply", tuple(words))
    lex = lx.lexicon()
    if apart and len(segments) > 1 and len(words) == 1:
        entity: list[str] = split_words(segments[-2])
    elif len(words) > 1 and words[-1] in lx.QUERY_VERBS_STRICT and not lex.is_noun(
            words[-1]) and all(lex.is_noun(word) for word in words[:-1]):
        # "ContainerList", "WEB_SEARCH": the entity, then the question.
        return Verdict("query", tuple(words))
    elif len(words) > 1 and ("_" in last or (
            (apart or _dominant(words[-1])) and _verb_only(words[-1], lex) and all(
                lex.is_noun(word) and not _verb_only(word, lex) for word in words[:-1]))):
        # "PAYMENT_LINKS_CREATE", "project_create"; "revision/recommendation-create" after its
        # entity; "user_add_to_team" with the rest of its phrase. A record name needs a verb
        # that leads orders ("ContainerCreate"): "LobbyEnter", "MedicationDispense" name the
        # occasion.
        at = next((i for i, word in enumerate(words) if i > 0 and (
            _verb_only(word, lex) or word in extra) and not _past(word, lex)), None)
        if at is not None and at < len(words) - 1 and words[at + 1] not in lx.PREPOSITIONS:
            return None
        if at is None or any(lex.verb(word) is not None and not lex.is_noun(word)
                             for word in words[:at]):
            if not (last.isupper() and "_" in last) or not _verb_only(words[-1], lex):
                return None
            at = len(words) - 1
        entity, words = words[:at], words[at:]
    elif apart and len(words) > 1 and _bare_imperative(words[-1], lex, extra) and all(
            lex.is_noun(word) and not _leads_commands(word) and not _verb_only(word, lex)
            for word in words[:-1]):
        # A topic's entity, then a verb that leads orders: "order-sign", "appointment-book".
        entity, words = words[:-1], words[-1:]
    else:
        return None
    verb = words[0]
    if entity and (_gerund(entity[-1], lex) or entity[0] in lx.AUXILIARIES
                   or entity[0] in lx.LEADING_NOUN_MODIFIERS):
        # "TYPING_START": the start of typing.
        return None
    if not entity or (lex.verb(entity[-1]) is not None and not lex.is_noun(entity[-1])) or (
            entity[0] in lx.PREPOSITIONS):
        return None
    if verb in lx.QUERY_VERBS_STRICT:
        return Verdict("query", (verb, *entity))
    if not _bare_imperative(verb, lex, extra) and not (
            apart and _collection(entity, lex) and _method(verb, lex)):
        return None
    done = lex.participle(verb)
    return Verdict("command", (verb, *entity), None, _rename(name, done, topic))


def _collection(entity: list[str], lex: lx.Lexicon) -> bool:
    """A plural noun naming many things of a kind, not information: "videos", "drives"."""
    last = entity[-1]
    return (last.endswith("s") and not last.endswith("ss") and len(last) > 3
            and last not in lx.INFORMATION_HEADS and last[:-1] not in lx.INFORMATION_HEADS)


def _method(word: str, lex: lx.Lexicon) -> bool:
    """A verb a collection can be asked to do: "insert", "hide", "watch"."""
    if word in lx.OCCURRENCE_NOUNS or word in lx.INFORMATION_HEADS \
            or word in lx.STATE_ADJECTIVES or _past(word, lex):
        return False
    return lex.verb(word) is not None


def _can_order(words: tuple[str, ...]) -> bool:
    """Whether a name filed under actions can be one: "….action.dim", but not a state such as
    "android.intent.action.SCREEN_OFF" or "….action.AIRPLANE_MODE"."""
    if not words:
        return False
    lex = lx.lexicon()
    if lex.verb(words[0]) is None:
        return False
    return not (len(words) > 1 and words[-1] in ("on", "off") and not _phrasal(list(words)))


def _bare_imperative(word: str, lex: lx.Lexicon, extra: frozenset[str]) -> bool:
    if word in extra:
        return True
    if word in _REQUEST_MARKERS or word in _REPLY_MARKERS or word in _QUERY_MARKERS or \
            _time_before(word, lex):
        return False
    if (word in lx.OCCURRENCE_NOUNS or word in lx.STATE_HEADS or word in lx.DOCUMENT_HEADS
            or word in lx.INFORMATION_HEADS or word in lx.STATE_ADJECTIVES
            or word in lx.PARTICLES or _past(word, lex)):
        return False
    verb = lex.verb(word)
    if verb is None:
        return False
    return not _also_a_thing(word, verb, lex) or _leads_commands(word)


def _leads_commands(word: str) -> bool:
    """A verb that, leading a name, is nearly always an order (prefixed ones too)."""
    stem = lx._split_prefix(word)[1]
    return any(candidate in lx.VERB_DOMINANT or candidate in lx.IMPERATIVE_LEANING
               or candidate in lx.BARE_IMPERATIVES for candidate in (word, stem))


def _rename(name: str, done: str, topic: bool) -> str:
    """The name with its last word made the participle, its path written with dots as
    event names are (and as a Kafka topic name must be): "invoice/void" -> "invoice.voided"."""
    # The last word, camel case split: "ContainerCreate" keeps "Container".
    last = [match for match in _WORD.finditer(name) if match.group().isalpha()]
    if not last:
        return name
    word = last[-1].group()
    before, after = name[:last[-1].start()], name[last[-1].end():]
    fact = done.upper() if word.isupper() else (
        done[:1].upper() + done[1:] if word[:1].isupper() else done)
    if topic or " " not in name:
        before = before.replace("/", ".")
    return f"{before}{fact}{after}"


def _meaningful_segments(name: str) -> list[str]:
    kept: list[str] = []
    # In a phrase with spaces a slash joins alternatives ("Admit/Visit Notification").
    separators = re.compile(r"[.:]") if " " in name else _SEGMENT_SEPARATORS
    for segment in separators.split(name):
        words = split_words(segment)
        if not words or "{" in segment:
            # AsyncAPI channel parameters ("{streetlightId}") name instances, not messages.
            continue
        if len(words) == 1 and (words[0] in _ENVIRONMENTS or words[0] in _VISIBILITY
                                or words[0] in _TECHNICAL or words[0].isdigit()
                                or re.fullmatch(r"v\d+", segment.lower())):
            continue
        if re.fullmatch(r"[vV]\d+(\.\d+)*", segment):
            continue
        namespaced = _RPC_NAMESPACE.fullmatch(segment)
        if namespaced:
            # A JSON-RPC method in its namespace: "eth_getBalance" is "getBalance" of "eth".
            kept.extend(namespaced.groups())
            continue
        kept.append(segment)
    # A generic record name says nothing; its namespace does ("inventory.customers.Value").
    while len(kept) > 1 and split_words(kept[-1]) and \
            " ".join(split_words(kept[-1])) in _GENERIC_RECORDS:
        kept.pop()
    # A trailing particle belongs to the segment before it: "….turn.on".
    if len(kept) > 1 and set(split_words(kept[-1])) <= lx.PARTICLES:
        kept[-2:] = [f"{kept[-2]}-{kept[-1]}"]
    return kept


def _strip(words: list[str]) -> tuple[list[str], str | None]:
    """Drop version and noise words from the end; return the words and a kind marker."""
    marker: str | None = None
    words = list(words)
    while words:
        tail = words[-1]
        if tail.isdigit() or re.fullmatch(r"v\d+", tail) or (
                tail in _TRAILING_NOISE and len(words) > 2 and not _described(words)):
            words.pop()
            continue
        if marker is None and len(words) > 1 and tail in (
                _COMMAND_MARKERS | _EVENT_MARKERS | _QUERY_MARKERS | _REPLY_MARKERS
                | _REQUEST_MARKERS) and words[-2] not in lx.PREPOSITIONS and not (
                    # The kind word is the object of a phrase: "SubscribeForPersistedEvents".
                    len(words) > 2 and words[-3] in lx.PREPOSITIONS
                    and words[-2].endswith(("ing", "ed"))):
            marker = tail
            words.pop()
            continue
        break
    if not words and marker is not None:
        words = [marker]
        marker = None
    return words, marker


def _after_command_prefix(words: list[str], marker: str | None,
                          extra: frozenset[str]) -> Verdict | None:
    """A message type filed under a command prefix, the operation after it:
    "CommandSubscribe", "CommandLookupTopic" (a question), "CommandSendReceipt" (an answer),
    "MAV_CMD_SET_CAMERA_MODE" (after its protocol's own prefix)."""
    lex = lx.lexicon()
    if len(words) > 1 and words[0] in _REPLY_PREFIXES:
        return Verdict("reply", tuple(words[1:]))
    at = next((i for i, word in enumerate(words[:2]) if word in _COMMAND_MARKERS), None)
    if at is None or at == len(words) - 1 or (at == 1 and lex.verb(words[0]) is not None):
        return None
    rest = words[at + 1:]
    inner = _classify_words([*rest, *([marker] if marker else [])], extra)
    if inner.kind != "noun":
        return inner
    if len(rest) == 1 and _bare_imperative(rest[0], lex, extra):
        # "CommandConnect", "CommandSeek".
        return Verdict("command", tuple(rest))
    if len(rest) > 1 and rest[-1] in lx.OUTCOME_HEADS:
        # How a command went: "CommandProducerSuccess", "CommandSendError".
        return Verdict("reply", tuple(rest))
    if at == 1 and not _information(rest[-1]) and not (
            rest[-1] in lx.OUTCOME_HEADS or rest[-1] in _KIND_HEADS):
        # After a protocol's own prefix, whatever its words, an operation the prefix files
        # as a command: "MAV_CMD_IMAGE_START_CAPTURE".
        return Verdict("command", tuple(rest))
    return None


def _information(word: str) -> bool:
    """A word naming information or a state, which is asked for rather than ordered."""
    return word in lx.INFORMATION_HEADS or word in lx.DOCUMENT_HEADS or (
        word in lx.STATE_HEADS and word not in lx.SETTABLE_HEADS)


def _described(words: list[str]) -> bool:
    """A noun described by the participle before it, after an order's verb: "data" in
    "ExportRecordedData" is the object, not noise."""
    lex = lx.lexicon()
    return len(words) == 3 and _past(words[1], lex) and (
        _verb_only(words[0], lex) or _dominant(words[0]))


def _classify_words(raw: list[str], extra: frozenset[str], *, method: bool = False,
                    snake: bool = False) -> Verdict:
    """``method``: the words are spelled as a method is (``claimVictory``), lower camel case;
    ``snake``: joined by underscores."""
    lex = lx.lexicon()
    words, marker = _strip(_join_prefixes(raw, lex))
    if not words:
        return Verdict("noun", ())
    if words[:2] == ["go", "to"] and len(words) > 2:
        # "GoToLiftValue" as "GotoPreset": one verb of moving to a place.
        words = ["goto", *words[2:]]
    while len(words) > 2 and (words[0] in lx.LEAD_INS or words[0] in _VISIBILITY
                              or _adjective_only(words[0], lex)
                              or words[0].endswith("ly")) and (
            words[1] in extra or _verb_only(words[1], lex) or _dominant(words[1])):
        # "ForceDeleteUser" orders what "DeleteUser" orders; "MassQuoteAcknowledgement"
        # has no order after its lead-in.
        words = words[1:]
    first = words[0]
    if marker not in _NOT_NOTICE and len(words) > 1 and (words[-1] == "notify" or (
            snake and first == "notify")):
        # A notice of what the rest says: X11's "CreateNotify", Moonraker's
        # "notify_status_update".
        return Verdict("noun", tuple(words))
    if len(words) == 2 and words[1] == "of":
        # "balanceOf", "ownerOf": what something has, asked of it by name.
        return Verdict("noun", tuple(words))
    prefixed = _after_command_prefix(words, marker, extra)
    if prefixed is not None:
        return prefixed
    if len(words) > 2 and words[-1] in _KIND_HEADS and words[-2] in (
            _EVENT_MARKERS | _COMMAND_MARKERS | _REQUEST_MARKERS | _REPLY_MARKERS):
        # A kind of message, not one: "RefreshRequiredEventType", "AuditCommandKind".
        return Verdict("noun", tuple(words))
    if marker is not None and first in lx.QUERY_VERBS_STRICT and (
            len(words) > 1 or marker in _EVENT_MARKERS):
        # The kind word is what is asked for: "getMyCommands", "ListQueries", "FindEvents".
        return Verdict("query", tuple(words))
    if len(words) == 1 and first in lx.QUERY_VERBS_STRICT and _verb_only(first, lex) and (
            marker is None or marker in _COMMAND_MARKERS):
        # A question verb alone, or named a command, asks: "Get", "GetCommand".
        return Verdict("query", tuple(words))
    if marker in _REPLY_MARKERS:
        if marker == "result" and words[-1] != first and not any(
                _is_verb_base(word, lex, extra) for word in words):
            return Verdict("noun", tuple(words))
        return Verdict("reply", tuple(words))
    if marker in _QUERY_MARKERS:
        if len(words) > 1 and _reads_as_imperative(words, lex, extra) and _dominant(first):
            # An order about a query: "answerCallbackQuery".
            return Verdict("command", tuple(words))
        return Verdict("query", tuple(words))
    if marker in _COMMAND_MARKERS:
        if not _reads_as_imperative(words, lex, extra):
            # A kind of command, not one: "BotCommand", "MenuButtonCommands".
            return Verdict("noun", tuple(words))
        return Verdict("command", tuple(words))
    if len(words) == 1 and first in (_REPLY_MARKERS - {"result", "ack"}):
        return Verdict("reply", tuple(words))
    if first in _WH_WORDS or (first.startswith("who") and len(first) > 4
                              and not lex.knows(first)):
        # A question word asks: "WHO", "WhereIsDevice", IRC's "WHOIS"; Mozilla's
        # "whats-new-panel" is a panel.
        return Verdict("query", tuple(words))
    if method and first in _QUESTION_OPENERS and len(words) > 1:
        # Spelled as a method, "is" and "has" name a predicate: "isApprovedForAll",
        # "hasVoted" ask, where "HasShipped" tells.
        return Verdict("query", tuple(words))
    if _yes_no_question(words, lex):
        return Verdict("query", tuple(words))
    if _reads_as_fact(words, lex):
        return Verdict("event", tuple(words))
    if marker in _REQUEST_MARKERS:
        return _request(words, lex, extra)
    if first == "request" and len(words) > 1 and words[1] not in lx.PREPOSITIONS and (
            _information(words[-1])):
        # Asks for information: "REQUEST_CAMERA_INFORMATION", "RequestDataMessage".
        return Verdict("query", tuple(words))
    if first == "request" and len(words) > 2 and words[1] == "for":
        # "RequestForPositions" asks for information; "RequestForQuote" too.
        return _request(words[2:], lex, extra)
    if first == "request" and len(words) > 2 and words[1] == "to":
        # "RequestToModifyPayment" orders what "ModifyPayment" orders.
        inner = _classify_words(words[2:], extra)
        return inner if inner.kind == "command" else Verdict("noun", tuple(words))
    if marker in _EVENT_MARKERS and len(words) > 1 and _subject_verb(words, lex):
        # "PlayerJoinEvent", "BlockBreakEvent": the thing, then what it does.
        return Verdict("noun", tuple(words))
    if _pair(words) and not _verb_only(first, lex):
        # A pair of things: "CountAndSum", "MinAndMax".
        return Verdict("noun", tuple(words))
    if first in lx.QUERY_VERBS_STRICT and len(words) > 1 and not _noun_compound(words):
        return Verdict("query", tuple(words))
    if len(words) > 1 and (first == "estimate" or (
            first == "check" and not snake and not _phrasal(words))):
        # "CheckPermissions", "estimateGas" ask; "check_run" (a run of checks) and
        # "CheckInGuest" do not.
        return Verdict("query", tuple(words))
    if first == "read" and len(words) > 1 and not (len(words) == 2 and (
            _information(words[1]) or words[1] in lx.OUTCOME_HEADS
            or words[1] in lx.OCCURRENCE_NOUNS)) and words[-1] not in lx.STATE_ADJECTIVES \
            and not _reads_as_fact(words, lex):
        # "ReadRemoteVersionInformation", "ReadRssi" ask; "ReadReceipt", "ReadModel" are
        # things, "ReadClockOffsetComplete" tells.
        return Verdict("query", tuple(words))
    if first in ("reply", "response") and len(words) > 1 and words[-1] not in lx.DOCUMENT_HEADS \
            and words[-1] not in lx.STATE_HEADS:
        return Verdict("reply", tuple(words))
    if _reads_as_imperative(words, lex, extra) or (method and _method_call(words, lex)):
        return Verdict("command", tuple(words))
    return Verdict("noun", tuple(words))


def _pair(words: list[str]) -> bool:
    """A pair of things ("CountAndSum", "MinAndMax"), not an order whose object is a pair:
    a verb that leads orders keeps its order when the pair comes after its object
    ("SetSystemDateAndTime", "MoveToHueAndSaturation")."""
    at = next((i for i, word in enumerate(words) if i > 0 and word in ("and", "or")), None)
    return at is not None and not (at > 1 and _dominant(words[0]))


def _method_call(words: list[str], lex: lx.Lexicon) -> bool:
    """A verb that is also a noun, then its object, spelled as a method (``claimVictory``,
    ``emailCard``): read as the call it is spelled as, unless the last word names a thing
    the first is about: a state or a body of information (``gameState``, ``stackTrace``), an
    occurrence or an act made a noun (``messageUpdate``, ``codeAction``), or a verb of which
    the first is the subject (``gameFinish``)."""
    if len(words) < 2 or lex.verb(words[0]) is None or words[0] in lx.QUERY_VERBS or \
            _time_before(words[0], lex):
        return False
    head = words[-1]
    return not (head in lx.STATE_HEADS or head in lx.INFORMATION_HEADS
                or head in lx.DOCUMENT_HEADS or head in lx.OCCURRENCE_NOUNS
                or head.endswith(_ACT_NOUN_ENDINGS) or _verb_only(head, lex)
                or _past(head, lex) or head in lx.STATE_ADJECTIVES)


# Endings of nouns made from verbs: "reaction", "settlement", "acceptance", "renewal".
_ACT_NOUN_ENDINGS = ("tion", "sion", "ment", "ance", "ence", "al")


def _request(words: list[str], lex: lx.Lexicon, extra: frozenset[str]) -> Verdict:
    """What a "…Request" asks for: an answer ("GetBalanceRequest", "MarketDataRequest",
    "OffsetFetchRequest"), an action ("CreateUserRequest", "RefundRequest",
    "NewOrderRequest"), or neither: a kind of request ("BadRequest", "DeletionRequest",
    "BrokerHeartbeatRequest")."""
    first = words[0]
    # The head is the last word before "for" or "of": "OffsetForLeaderEpoch" asks for offsets.
    cut = next((i for i, word in enumerate(words) if word in ("for", "of") and i > 0),
               len(words))
    core = words[:cut]
    head = core[-1]
    singular = head[:-1] if head.endswith("s") else head
    information = singular not in _EVENT_MARKERS and any(
        word in lx.INFORMATION_HEADS or word in lx.STATE_HEADS or word in lx.DOCUMENT_HEADS
        or word in lx.QUOTE_WORDS for word in (head, singular))
    if _past(first, lex) and first not in lx.IDENTICAL_PARTICIPLES and len(words) > 1:
        # "ClearedChargingLimitRequest" tells that a limit was cleared.
        return Verdict("event", tuple(words))
    if any(word in lx.QUERY_VERBS_STRICT for word in core) or (
            len(words) == 1 and first in lx.QUERY_VERBS and first != "resolve"):
        return Verdict("query", tuple(words))
    if _lookup(words, lex):
        # "HeaderByNumberRequest": a thing asked for by its key.
        return Verdict("query", tuple(words))
    if len(words) == 1:
        if information:
            return Verdict("query", tuple(words))
        if _gerund(first, lex) or _act_noun(first, lex):
            # "Booking request": a request to book; "Request for Cancellation" to cancel.
            return Verdict("command", tuple(words))
        if first in extra or lex.verb(first) is not None:
            return Verdict("command", tuple(words), _request_proposal(words, lex))
        return Verdict("noun", tuple(words))
    if first in extra or _verb_only(first, lex) or _dominant(first):
        return Verdict("command", tuple(words), _request_proposal(words, lex))
    if any(_verb_only(word, lex) or _gerund(word, lex) or word in lx.OCCURRENCE_NOUNS
           for word in core[1:]) or (_act_noun(head, lex) and not information) or any(
               (_verb_only(word, lex) or _dominant(word)) and lex.is_noun(after)
               and lex.verb(after) is None for word, after in pairwise(core[1:])):
        # "OrderCancelRequest", "SaslAuthenticateRequest", "AccountOpeningRequest": a request
        # to act on the entity.
        return Verdict("command", tuple(words))
    if information:
        return Verdict("query", tuple(words))
    if first == "new" or _reads_as_imperative(words, lex, extra):
        return Verdict("command", tuple(words), _request_proposal(words, lex))
    return Verdict("noun", tuple(words))


def _lookup(words: list[str], lex: lx.Lexicon) -> bool:
    """A thing, then "by" and its key, as lookups are named: "HeaderByNumber",
    "OrderById"; not an order done by someone ("ChangeChannelByNumber")."""
    at = next((i for i, word in enumerate(words) if word == "by"), None)
    return at is not None and 0 < at < len(words) - 1 and all(
        lex.is_noun(word) and not _verb_only(word, lex) and not _dominant(word)
        for word in words[:at])


def _act_noun(word: str, lex: lx.Lexicon) -> bool:
    """A noun made from a verb by its ending, naming the act: "cancellation" (cancel),
    "renewal" (renew), "initiation" (initiate), "compaction" (compact). Requested, the act is
    ordered, as a gerund is ("Booking request")."""
    for ending in ("ation", "ion", "al", "ment"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            stem = word[:-len(ending)]
            doubled = stem[:-1] if stem[-1:] == stem[-2:-1] else stem
            if any(lex.lists_verb(candidate) for candidate in (stem, stem + "e", doubled)):
                return True
    return False


def _gerund(word: str, lex: lx.Lexicon) -> bool:
    """An -ing form of a verb: "typing", "opening", "shipping"."""
    if not word.endswith("ing") or len(word) < 6:
        return False
    stem = word[:-3]
    candidates = (stem, stem + "e", stem[:-1] if stem[-1:] == stem[-2:-1] else stem)
    return any(lex.verb(candidate) is not None for candidate in candidates)


def _subject_verb(words: list[str], lex: lx.Lexicon) -> bool:
    last = words[-1]
    return lex.verb(last) is not None and not _past(last, lex) and lex.is_noun(words[0])


def _adjective_only(word: str, lex: lx.Lexicon) -> bool:
    return lex.is_adjective(word) and not lex.is_noun(word) and lex.verb(word) is None


def _dominant(word: str) -> bool:
    return word in lx.VERB_DOMINANT or lx._split_prefix(word)[1] in lx.VERB_DOMINANT


def _verb_only(word: str, lex: lx.Lexicon) -> bool:
    verb = lex.verb(word)
    return verb is not None and not _also_a_thing(word, verb, lex) and not _time_before(
        word, lex)


def _time_before(word: str, lex: lx.Lexicon) -> bool:
    """"pre" over a verb the dictionary does not list whole names the time before the act,
    as hooks are named ("pre-commit", "preinstall", "task_prerun"): no order. Listed ones
    are verbs of their own ("preauthorize", "prepay")."""
    return word.startswith("pre") and lx._split_prefix(word)[0] == "pre" and \
        not lex.lists_verb(word)


def _also_a_thing(word: str, verb: lx.Verb, lex: lx.Lexicon) -> bool:
    """Whether a verb is also a noun or an adjective. A verb made with a prefix inflects as
    its stem, but is a noun only where the dictionary lists the whole word as one: "pause"
    and "boot" are nouns, "unpause" and "reboot" only verbs; "rebate" and "register" both."""
    if not (verb.noun or verb.adjective):
        return False
    if not lx._split_prefix(word)[0]:
        return True
    return lex.is_noun(word) or lex.is_adjective(word)


def _join_prefixes(words: list[str], lex: lx.Lexicon) -> list[str]:
    """A prefix written as its own word belongs to the verb after it: "re-enroll",
    "PreAuthorize", "AutoRenew"."""
    joined: list[str] = []
    for word in words:
        if joined and joined[-1] in lx.VERB_PREFIXES and lex.verb(word) is not None and \
                lex.verb(joined[-1] + word) is not None:
            joined[-1] += word
        else:
            joined.append(word)
    return joined


def _noun_compound(words: list[str]) -> bool:
    """A noun-capable first word in front of a state word: "SearchHistoryView" (a plural
    asks for those things: "ListParameters"); or an
    outcome: "fetch_error"."""
    return (words[0] in lx.QUERY_NOUNISH and words[-1] in lx.STATE_HEADS
            and not words[-1].endswith("s")) or \
        words[-1] in lx.OUTCOME_HEADS


def _is_verb_base(word: str, lex: lx.Lexicon, extra: frozenset[str]) -> bool:
    return word in extra or lex.verb(word) is not None


def _reads_as_fact(words: list[str], lex: lx.Lexicon) -> bool:
    """A past participle or tense after the subject, a modal or auxiliary, or a state adjective."""
    core = list(words)
    while len(core) > 1 and core[-1] in lx.PARTICLES:
        core.pop()
    tail = core[-1]
    if core[0] in lx.AUXILIARIES and len(core) > 1:
        # "DID_RENEW", "WasCancelled".
        return True
    if core[0] in lx.QUERY_VERBS_STRICT and (tail in lx.IDENTICAL_PARTICIPLES or (
            core[0] in lx.ASKING_VERBS and (len(core) > 2 or not lex.is_noun(core[0])))):
        # "getStickerSet" asks for a set; "getRecentlyPlayed" and "getApproved" for what was
        # played or approved ("listCreated" tells of a list).
        return False
    ordering = len(core) > 1 and (_verb_only(core[0], lex) or _dominant(core[0])
                                  or core[0] in lx.QUERY_VERBS)
    if ordering and tail in lx.IDENTICAL_PARTICIPLES and lex.is_noun(tail):
        # An order's object that a past form spells too: "SetPreset", "AddDataSet".
        return False
    if ordering and len(core) > 2 and (core[1] in _QUANTIFIERS or any(
            _past(word, lex) and lex.is_noun(after) and after not in lx.PREPOSITIONS
            for word, after in pairwise(core[1:]))):
        # A participle before the object describes it: "AddSubscribedDataSet",
        # "ReadLocalSupportedFeatures", "ExportRecordedData", "delete_all_closed".
        return False
    if _past(tail, lex) and (len(core) > 1 or tail.endswith("ed")) and not _complement(core, -1):
        return True
    if len(core) > 1 and tail in lx.STATE_ADJECTIVES and core[0] not in lx.QUERY_VERBS:
        return True
    for index, word in enumerate(core[1:], start=1):
        if word in lx.AUXILIARIES:
            return True
        if _past(word, lex) and word not in lx.IDENTICAL_PARTICIPLES and not _complement(
                core, index):
            # An unambiguous past form inside the name: "OrderStatusChangedToPaid".
            return _verb_is_not_imperative_start(core, lex)
        if word.endswith("s") and index == len(core) - 2 and _third_person(word, lex):
            return True
    return False


# Auxiliaries that, opening a name, invert it into a question: "IsPathValid", "HasParameters".
# "do" opens orders as often ("DoWork", MAVLink's "MAV_CMD_DO_JUMP_TAG"): not a question.
_QUESTION_OPENERS = frozenset({"is", "are", "has", "have", "does", "can"})
_DO_OPENERS = frozenset({"does", "can"})
_WH_WORDS = frozenset({"who", "what", "where", "which", "whom", "whose"})
_BE_OPENERS = frozenset({"is", "are"})


def _yes_no_question(words: list[str], lex: lx.Lexicon) -> bool:
    """An auxiliary before its subject asks whether something holds ("IsPathValid",
    "HasParameters", "CanCreateUser"); with a past participle after it, it tells what has
    happened ("HasShipped", "IsDeleted")."""
    opener = words[0]
    if opener not in _QUESTION_OPENERS or len(words) < 2:
        return False
    if opener in _DO_OPENERS and len(words) < 3:
        # "DoWork" orders; "DoesUserExist" asks: a subject, then its verb.
        return False
    if opener in _BE_OPENERS and len(words) == 2:
        # "IsClosed", "IsReady": whether a state holds, where "WasClosed" tells.
        return True
    return not any(_past(word, lex) for word in words[1:])


def _complement(words: list[str], index: int) -> bool:
    """A participle that completes an imperative: "MarkMeetingFeeAsPaid"."""
    position = index % len(words)
    return position > 0 and words[position - 1] == "as"


def _past(word: str, lex: lx.Lexicon) -> bool:
    """A past form of some verb; a form equal to its own base only when listed ("reset")."""
    bases = lex.past_bases(word)
    return any(base != word for base in bases) or (
        bool(bases) and word in lx.IDENTICAL_PARTICIPLES)


def _verb_is_not_imperative_start(core: list[str], lex: lx.Lexicon) -> bool:
    """The subject of a fact, not an imperative: "OrderStatusChangedToPaid", but not
    "UpdateSelectedItems"."""
    first = core[0]
    verb = lex.verb(first)
    if verb is None or first in lx.NOUN_LEANING:
        return True
    return (verb.noun or verb.adjective) and first not in lx.VERB_DOMINANT


def _third_person(word: str, lex: lx.Lexicon) -> bool:
    for base in (word[:-1], word[:-2]):
        verb = lex.verb(base)
        if verb is not None and not verb.noun:
            return True
    return False


def _reads_as_imperative(words: list[str], lex: lx.Lexicon, extra: frozenset[str]) -> bool:
    first = words[0]
    if first in extra:
        return True
    verb = lex.verb(first)
    if verb is None or _time_before(first, lex):
        return False
    head = words[-1]
    ambiguous = _also_a_thing(first, verb, lex)
    if ambiguous and (_pair(words) or (head in lx.INFORMATION_HEADS and (
            len(words) == 2 or not _leads_commands(first)))):
        # The head of an English compound is its last word: "ProcessMetrics", "RunSummary",
        # "upload_failure" are things; so are pairs such as "CountAndSum". A longer name
        # opened by a verb that leads orders keeps the order: "ChangeContactInfo".
        return False
    if len(words) == 1:
        # Alone, a word that is also a noun is the noun ("Refund", "Grant"); one that is also
        # a state is the state ("build.complete").
        return (not ambiguous and first not in lx.STATE_ADJECTIVES) or \
            first in lx.BARE_IMPERATIVES
    if _outcome(words, first) or first in lx.LEADING_NOUN_MODIFIERS or (
            len(words) == 2 and head in lx.ABOUT_HEADS) or (
                ambiguous and len(words) == 2 and _gerund(head, lex) and not lex.is_noun(head)):
        # "fetch_error", "TempAverage", "DebugInfo": things about the first word.
        return False
    if not ambiguous and head not in lx.STATE_ADJECTIVES and words[1] not in lx.PREPOSITIONS:
        # A word that is only a verb cannot modify a noun: "CreateSnapshot" orders.
        return True
    if head in lx.STATE_ADJECTIVES or (head in lx.DOCUMENT_HEADS and (
            len(words) == 2 or first not in lx.VERB_DOMINANT) and not (
                head in lx.SETTABLE_HEADS and _dominant(first))):
        # "StartDate", "ChangeHistory"; but "SetMeetingGroupExpirationDate" commands.
        return False
    if not ambiguous:
        return True
    if _phrasal(words):
        return True
    if words[1] in lx.PREPOSITIONS and not (
            first in lx.VERB_DOMINANT and words[1] not in lx.PARTICLES):
        # A noun with a phrase after it: "BookOnHold", "RecordInArray"; but a verb that
        # leads orders keeps its order before any phrase: "JoinToGroup", "MoveWithOnOff".
        return False
    if _dominant(first):
        return True
    if head in lx.STATE_HEADS:
        return False
    # Verbs that lead commands about as often as noun compounds decide by the head; any
    # other word that is also a noun is read as the noun ("FieldTest", "PriceUpdate").
    return first in lx.IMPERATIVE_LEANING or lx._split_prefix(first)[1] in lx.IMPERATIVE_LEANING


def _outcome(words: list[str], first: str) -> bool:
    """A name that ends in how something went reports it: "ExportTracePartialSuccess",
    "upload_failure"; unless its verb records it ("RecordGuestCheckoutFailure")."""
    return words[-1] in lx.OUTCOME_HEADS and first not in lx.RECORDING_VERBS


def _phrasal(words: list[str]) -> bool:
    """A phrasal verb: "CheckOutGuest", "turnOnOff" (but "RecordInArray" is a noun)."""
    return f"{words[0]} {words[1]}" in lx.PHRASAL_VERBS


def _request_proposal(words: list[str], lex: lx.Lexicon) -> str:
    if len(words) == 1:
        return _join([words[0], "requested"], "Pascal")
    return _fact_words(words, lex, "Pascal")


def _proposal(original: str, words: tuple[str, ...]) -> str | None:
    if not words:
        return None
    style = _style(original)
    return _fact_words(list(words), lx.lexicon(), style)


def _fact_words(words: list[str], lex: lx.Lexicon, style: str) -> str:
    verb = words[0]
    rest = words[1:]
    particle: list[str] = []
    while rest and rest[0] in lx.PARTICLES:
        particle, rest = [*particle, rest[0]], rest[1:]
    # The object ends at a preposition; a phrase right after the verb has no object before
    # it and follows the fact ("MoveToHue" -> "MovedToHue", "transferFrom" ->
    # "transferredFrom").
    split = next((i for i, word in enumerate(rest) if word in lx.PREPOSITIONS), len(rest))
    obj, tail = rest[:split], rest[split:]
    done = list(lx.COMPOUND_PARTICIPLES.get(verb, (lex.participle(verb),)))
    fact = [*obj, *done, *particle, *tail]
    return _join(fact, style)


def _style(text: str) -> str:
    if "-" in text:
        return "kebab"
    if "_" in text:
        return "snake"
    if text[:1].islower() and any(ch.isupper() for ch in text):
        return "camel"
    if text.islower():
        return "kebab"
    return "Pascal"


def _join(words: list[str], style: str) -> str:
    if style == "kebab":
        return "-".join(words)
    if style == "snake":
        return "_".join(words)
    pascal = "".join(word[:1].upper() + word[1:] for word in words)
    return pascal[:1].lower() + pascal[1:] if style == "camel" else pascal


def propose_topic(topic: str, verdict: Verdict) -> str | None:
    """The topic with its message segment rewritten as the fact, kind segments dropped."""
    meaningful = _meaningful_segments(topic)
    if verdict.proposal is None or not meaningful:
        return None
    target = meaningful[-1]
    if len(meaningful) > 1 and set(split_words(target)) <= _COMMAND_MARKERS:
        target = meaningful[-2]
    # Segments at even indexes, separators between them.
    parts = re.split(r"([./:])", topic)
    if target not in parts[::2]:
        return None
    index = len(parts) - 1 - parts[::-1].index(target)
    parts[index] = _proposal(target, verdict.words) or target
    out = parts[0]
    for separator, segment in zip(parts[1::2], parts[2::2], strict=True):
        if not set(split_words(segment)) <= _COMMAND_MARKERS or not segment:
            out += separator + segment
    return out
