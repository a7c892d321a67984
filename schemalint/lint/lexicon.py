"""English verbs, their past forms and whether each is also a noun or an adjective, read from
LemmInflect's inflection table on first use.

The table is the one LemmInflect ships (``resources/infl_lu.csv.gz``, derived from the NIH
SPECIALIST Lexicon): one row a word and part of speech, ``base,verb,past,participle,ing,
third person`` for verbs, ``base,noun,...`` and ``base,adj,...`` for the others. It is read as
a file: importing LemmInflect itself loads numpy and both of its tables (about 0.7 s), where a
hook run needs a few rows. The word sets below are hand-written for schemalint: they capture
how words behave at the start or end of a message name, which a dictionary does not say.
"""

from __future__ import annotations

import contextlib
import os
import re
from functools import lru_cache
from importlib.machinery import PathFinder
from pathlib import Path
from typing import NamedTuple, Protocol

from schemalint.errors import UsageError

# Single lower-case words only: the table also lists names ("Aaron") and forms such as
# "logged-in", which a message name never splits into.
_SINGLE_WORD = re.compile(r"[a-z]+\Z")


class LexiconMissing(UsageError):
    """LemmInflect, a dependency, is not installed where schemalint runs: a one-line error,
    exit 2, rather than a traceback."""


def _table_path() -> Path:
    # find_spec locates the package without running its __init__ (which imports numpy);
    # PathFinder's own, without the import of importlib.util.
    spec = PathFinder.find_spec("lemminflect")
    locations = list(spec.submodule_search_locations or ()) if spec else []
    if not locations:
        raise LexiconMissing("the naming rules (EVT001-EVT003) read their verbs from the "
                             "lemminflect package, which is not installed: reinstall "
                             "schemalint, or pip install lemminflect")
    return Path(locations[0]) / "resources" / "infl_lu.csv.gz"


# ---- records: what the lexicon knows of each word, from the table ---------------------------
#
# One record a single lower-case word: ``past<TAB>participles<TAB>flags<TAB>bases``. ``past``
# and ``participles`` are the word's forms as a verb ("/"-joined; participles empty when equal
# to the past forms, both empty when the word is no verb of the table); ``flags`` holds ``n``
# when the table lists the word as a noun and ``a`` as an adjective; ``bases`` the verbs whose
# past or participle forms include the word, in table order.

_VERB_ROW = re.compile(r"^([a-z]+),verb,([^,\n]*)(?:,([^,\n]*))?", re.MULTILINE)
_NOUN_ROW = re.compile(r"^([a-z]+),noun,", re.MULTILINE)
_ADJECTIVE_ROW = re.compile(r"^([a-z]+),adj,", re.MULTILINE)


def _forms(column: str) -> tuple[str, ...]:
    return tuple(form for form in column.split("/") if _SINGLE_WORD.match(form))


def table_records(text: str) -> dict[str, str]:
    """The record of every word the table's text lists, by word."""
    nouns = set(_NOUN_ROW.findall(text))
    adjectives = set(_ADJECTIVE_ROW.findall(text))
    verbs: dict[str, tuple[str, str]] = {}
    bases: dict[str, list[str]] = {}
    for base, past_column, participle_column in _VERB_ROW.findall(text):
        forms = _forms(past_column)
        if not forms:
            continue
        participles = _forms(participle_column) if participle_column else ()
        verbs[base] = ("/".join(forms),
                       "/".join(participles) if participles and participles != forms else "")
        for form in {*forms, *participles}:
            bases.setdefault(form, []).append(base)
    records = {}
    for word in nouns | adjectives | verbs.keys() | bases.keys():
        past, shown = verbs.get(word, ("", ""))
        flags = ("n" if word in nouns else "") + ("a" if word in adjectives else "")
        records[word] = f"{past}\t{shown}\t{flags}\t{'/'.join(bases.get(word, ()))}"
    return records


class Records(Protocol):
    def get(self, word: str, /) -> str | None: ...


class SortedRecords:
    """Records read from the cached file: ``word<TAB>record`` lines sorted by word, each word
    found by bisection, so that a run asking about a few words reads a few dozen lines.

    Past ``LOOKUPS_BEFORE_DICT`` lookups (a project of many names) every line is read into a
    dict once, which then answers at once.
    """

    # Reading every line costs about what this many bisections do.
    LOOKUPS_BEFORE_DICT = 500

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._lookups = 0
        self._all: dict[str, str] | None = None

    def get(self, word: str, /) -> str | None:
        if self._all is None:
            self._lookups += 1
            if self._lookups <= self.LOOKUPS_BEFORE_DICT:
                return self._bisect(word) if _SINGLE_WORD.match(word) else None
            self._all = parse_records(self._data.decode("ascii", "replace"))
        return self._all.get(word)

    def _bisect(self, word: str) -> str | None:
        data, key = self._data, word.encode("ascii")
        # ``low`` and ``high`` are line starts: the lines before ``low`` hold smaller words,
        # those from ``high`` on none smaller than ``key``.
        low, high = 0, len(data)
        while low < high:
            start = data.rfind(b"\n", 0, (low + high) // 2) + 1
            end = data.find(b"\n", start)
            end = len(data) if end == -1 else end
            tab = data.find(b"\t", start, end)
            if data[start:tab if tab != -1 else end] < key:
                low = end + 1
            else:
                high = start
        end = data.find(b"\n", low)
        line = data[low:len(data) if end == -1 else end]
        head = key + b"\t"
        return line[len(head):].decode("ascii", "replace") if line.startswith(head) else None


def parse_records(text: str) -> dict[str, str]:
    return dict(line.split("\t", 1) for line in text.splitlines() if "\t" in line)


def records_text(records: dict[str, str]) -> str:
    """The cached file's text: one line a word, sorted by word (their bytes' order)."""
    return "".join(f"{word}\t{records[word]}\n" for word in sorted(records))


def read_records(path: Path) -> Records:
    """The records of the table at ``path``, from the user's cache when an earlier run left
    them there.

    Decompressing the megabyte of text and deriving the records is most of what a hook run's
    naming check would cost; the cached file is not even read whole (``SortedRecords``). The
    cache is named for the table's content (the CRC and length its gzip trailer records), so
    every install of one LemmInflect shares it and another gets its own. A cache that cannot
    be written is no error: the records are then derived in memory each time.
    """
    cached = _cache_path(path)
    if cached is not None:
        try:
            return SortedRecords(cached.read_bytes())
        except OSError:
            pass
    # zlib, not gzip: the gzip module costs a run an import of its own; and only here, as
    # a run that reads the cache needs neither.
    import zlib

    text = zlib.decompress(path.read_bytes(), 16 + zlib.MAX_WBITS).decode("utf-8")
    records = table_records(text)
    if cached is not None and _writable(cached.parent):
        _write_cache(cached, records_text(records))
    return records


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK)


# The cached records' layout: a new one gets a new name (1 was the table's rows, searched).
_CACHE_LAYOUT = 2


def _cache_path(table: Path) -> Path | None:
    try:
        with table.open("rb") as compressed:
            compressed.seek(-8, os.SEEK_END)
            trailer = compressed.read(8)  # gzip's CRC-32 and length of the text
    except OSError:
        return None
    given = os.environ.get("XDG_CACHE_HOME")
    base = Path(given) if given else Path("~").expanduser() / ".cache"
    if not base.is_absolute():  # no home to cache in
        return None
    return base / "schemalint" / f"lexicon-{_CACHE_LAYOUT}-{trailer.hex()}.tsv"


def _write_cache(target: Path, text: str) -> None:
    """Written whole or not at all: a temporary file beside it (its folder made by
    ``_writable``), then a rename. Caches of other tables in this layout (an older
    LemmInflect) go; those of other layouts stay for the schemalint versions that read them
    (removing them would have two installs rebuild their caches turn about)."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="ascii")
        temporary.replace(target)
        for stale in target.parent.glob(f"lexicon-{_CACHE_LAYOUT}-*.tsv"):
            if stale != target:
                stale.unlink(missing_ok=True)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()


class Verb(NamedTuple):
    base: str
    past: tuple[str, ...]
    participles: tuple[str, ...]
    noun: bool
    adjective: bool


class _Row(NamedTuple):
    past: tuple[str, ...]
    participles: tuple[str, ...]
    flags: str


class Lexicon:
    """Verbs by base form, and the bases of every past form; each word's record is looked up
    when first asked about."""

    def __init__(self, records: Records, extras: dict[str, str]) -> None:
        self._records = records
        # Verbs the table lacks, with their flags: regular, so their rows are made here.
        self._extras = extras
        self._seen: dict[str, list[str] | None] = {}
        self._verbs: dict[str, Verb | None] = {}
        self._bases: dict[str, tuple[str, ...]] = {}

    def verb(self, word: str) -> Verb | None:
        if word not in self._verbs:
            self._verbs[word] = self._build(word)
        return self._verbs[word]

    def is_noun(self, word: str) -> bool:
        """Whether the table lists ``word`` (singular or plural) as a noun."""
        return word in NOUNS_THE_TABLE_LACKS or "n" in self._flags(word) or (
            word.endswith("s") and "n" in self._flags(word[:-1]))

    def knows(self, word: str) -> bool:
        """Whether the table (or the extras) lists ``word`` at all."""
        return self._record(word) is not None or word in self._extras

    def is_adjective(self, word: str) -> bool:
        return "a" in self._flags(word)

    def lists_verb(self, word: str) -> bool:
        """Whether the table (or the extras) lists ``word`` itself as a verb, not only as a
        prefix over one: "preauthorize" is listed, "precommit" is made of "pre" and
        "commit"."""
        return self._listed_row(word) is not None or self._extra_row(word) is not None

    def is_past(self, word: str) -> bool:
        return bool(self.past_bases(word))

    def past_bases(self, word: str) -> tuple[str, ...]:
        """The verbs ``word`` is a past form of ("unscheduled" is one of "unschedule")."""
        found = self._bases_of(word)
        if found:
            return found
        prefix, stem = _split_prefix(word)
        return tuple(prefix + base for base in self._bases_of(stem)) if prefix else ()

    def participle(self, base: str) -> str:
        verb = self.verb(base)
        if verb is None:
            return regular_participle(base)
        return verb.participles[0]

    def _build(self, word: str) -> Verb | None:
        listed = self._listed_row(word)
        row = listed if listed is not None else self._extra_row(word)
        prefix, stem = _split_prefix(word)
        # A prefix over a listed verb inflects as the verb does ("unban" -> "unbanned"),
        # unless the whole word is a listed verb or a noun of its own ("overview").
        derived = prefix and (row is None or word in self._extras) and not (
            row is None and "n" in self._flags(word))
        inner = self.verb(stem) if derived else None
        if inner is not None:
            return Verb(word, tuple(prefix + form for form in inner.past),
                        tuple(prefix + form for form in inner.participles), inner.noun,
                        inner.adjective)
        if row is None:
            return None
        noun = "n" in row.flags or word in NOUNS_THE_TABLE_LACKS
        return Verb(word, row.past, row.participles or row.past, noun, "a" in row.flags)

    def _record(self, word: str) -> list[str] | None:
        """The word's record as its four columns."""
        if word not in self._seen:
            record = self._records.get(word)
            self._seen[word] = record.split("\t") if record is not None else None
        return self._seen[word]

    def _flags(self, word: str) -> str:
        record = self._record(word)
        return record[2] if record is not None else ""

    def _listed_row(self, base: str) -> _Row | None:
        record = self._record(base)
        if record is None or not record[0]:
            return None
        past, participles, flags, _ = record
        return _Row(tuple(past.split("/")),
                    tuple(participles.split("/")) if participles else (), flags)

    def _extra_row(self, base: str) -> _Row | None:
        flags = self._extras.get(base)
        return None if flags is None else _Row((regular_participle(base),), (), flags)

    def _bases_of(self, form: str) -> tuple[str, ...]:
        if form not in self._bases:
            record = self._record(form)
            listed = record[3].split("/") if record is not None and record[3] else []
            self._bases[form] = (*listed, *(
                base for base in self._extras
                if regular_participle(base) == form and self._listed_row(base) is None))
        return self._bases[form]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    extras = {base: "n" if base in EXTRA_NOUN_VERBS else ""
              for base in sorted(EXTRA_IMPERATIVES | EXTRA_NOUN_VERBS)}
    return Lexicon(read_records(_table_path()), extras)

# Prefixes that make new verbs of old ones: "Unscheduled", "Reassigned", "Deprovisioned",
# "Overcharge", "AutoRenew"; written apart too ("re-enroll", "PreAuthorize").
VERB_PREFIXES = ("under", "over", "auto", "dis", "pre", "mis", "un", "re", "de", "co")


def _split_prefix(word: str) -> tuple[str, str]:
    for prefix in VERB_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            return prefix, word[len(prefix):]
    return "", word


def regular_participle(base: str) -> str:
    if base.endswith("e"):
        return base + "d"
    if base.endswith("y") and len(base) > 2 and base[-2] not in "aeiou":
        return base[:-1] + "ied"
    return base + "ed"


# Imperatives of software vocabulary the dictionary lacks or knows only as nouns.
EXTRA_IMPERATIVES = frozenset({
    "redact",
    "init", "upsert", "sync", "resync", "rollback", "unassign", "reindex", "recalc", "dedupe",
    "unpublish", "unarchive", "undelete", "unlink", "unblock", "unban", "unresolve", "reprice",
    "resend", "reopen", "rerun", "redeploy", "unsubscribe", "unfollow", "unpause",
    "deprovision", "provision", "onboard", "offboard", "enqueue", "dequeue", "autoscale",
    "geocode", "tokenize", "tokenise", "denormalize", "reconcile", "goto",
})

# Participles of closed compounds, for proposals: "CheckoutCart" -> "CartCheckedOut".
COMPOUND_PARTICIPLES = {
    "checkout": ("checked", "out"), "setup": ("set", "up"), "rollback": ("rolled", "back"),
    "login": ("logged", "in"), "logout": ("logged", "out"), "signup": ("signed", "up"),
    "backup": ("backed", "up"), "onboard": ("onboarded",), "upsert": ("upserted",),
    "goto": ("reached",),
}

# Closed compounds used both ways: "CheckoutCart" (a command), "CheckoutSession" (a noun).
EXTRA_NOUN_VERBS = frozenset({
    "checkout", "sync", "init",
})

# Words that begin queries: a message named this way asks for data and waits for an answer.
QUERY_VERBS = frozenset({
    "get", "fetch", "find", "query", "lookup", "search", "retrieve", "list", "count", "read",
    "load", "browse", "resolve", "describe", "inspect",
})
# Query verbs that also lead noun compounds: "SearchHistoryView", "ListItem".
QUERY_NOUNISH = frozenset({
    "search", "query", "list", "count",
})
# "resolve" reads as a query only with an object that is data ("ResolveAddress"); the rules
# treat it as a command unless a query suffix says otherwise.
QUERY_VERBS_STRICT = QUERY_VERBS - {"resolve", "read", "load"}

# Verbs the dictionary also lists as nouns or adjectives that, leading a message name, are
# nearly always imperatives: "UpdateDummyName", "CloseShift", "RecordPayment".
VERB_DOMINANT = frozenset({
    "provision", "fail", "reboot", "commit", "take", "make", "give", "fire", "skip", "purge",
    "answer", "forward", "ban", "pin", "mute", "kick", "init", "elect", "wait", "handle", "throw",
    "pause", "buy", "sell", "turn", "switch", "toggle", "dim", "like", "unlike", "follow",
    "accept", "add", "adjust", "allocate", "approve", "archive", "assign", "authorise",
    "authorize", "block", "calculate", "cancel", "capture", "change", "clear", "close",
    "complete", "confirm", "copy", "create", "decline", "decrease", "delete", "deliver",
    "discard", "downgrade", "download", "drop", "edit", "escalate", "export", "finish", "fix",
    "flag", "freeze", "grant", "import", "increase", "initialise", "initialize", "initiate",
    "install", "invite", "join", "leave", "link", "lock", "log", "lower", "mark", "merge",
    "modify", "move", "notify", "open", "pay", "place", "process", "publish", "raise",
    "rebuild", "record", "register", "reject", "release", "remove", "rename", "renew", "reopen",
    "repair", "reserve", "reset", "restore", "resume", "retry", "revoke", "run", "save",
    "schedule", "send", "set", "settle", "split", "start", "stop", "submit", "suspend",
    "trigger", "unlock", "update", "upgrade", "upload", "validate", "verify", "void",
    "withdraw",
})

# Verbs that are also nouns but, alone as a message name, are still orders: "Finish".
BARE_IMPERATIVES = frozenset({
    "initiate", "finish", "reject", "retry", "refresh", "restart", "reload", "resend",
})

# Verbs that lead commands about as often as they lead noun compounds: a command unless the
# name ends in a state or document word ("ChargeCard" but "ChargeAmount").
IMPERATIVE_LEANING = frozenset({
    "checkout", "book", "call", "charge", "check", "credit", "debit", "deposit", "dispatch",
    "end", "issue", "load", "pack", "pick", "ping", "post", "print", "queue", "quote", "refund",
    "report", "request", "return", "review", "scan", "score", "share", "ship", "sign", "store",
    "tag", "trace", "track", "transfer",
})

# Nouns that also happen to be verbs and head documents or states rather than commands:
# "OrderLine", "CashRegister", "GuestStayAccount".
NOUN_LEANING = frozenset({
    "price", "stock", "cash", "cart", "guest", "room", "project", "document", "package",
    "motion", "group", "account", "product", "customer", "user", "hotel", "shift", "balance",
    "address", "name", "status", "state", "inventory", "catalog", "catalogue", "item", "line",
    "phone", "page", "file", "data", "event", "service", "system", "source", "target",
    "payment", "shipment", "fund", "funds", "ticket", "seat", "table", "profile", "level",
    "session", "message", "comment", "rating", "loan", "claim", "policy", "plan", "feature",
    "test", "sample", "trial", "sensor", "device", "minute", "hour", "day", "week", "month",
    "year", "date", "incident", "fee", "rate", "tax", "discount", "coupon", "voucher", "gift",
    "card", "cashier", "author", "invoice", "bill", "email", "order", "reply", "response",
    "result", "answer", "notice", "alert", "warning", "error", "failure", "success", "job",
    "task", "batch", "step", "stage", "phase", "workflow", "pipeline", "audit", "dispute",
    "payout", "withdrawal", "trade", "position", "quota", "limit", "count", "total", "amount",
    "sum", "stake", "bid", "offer", "lead", "contact", "note", "memo", "template", "model",
    "view", "shape", "form",
})

# Last words that make even a verb-dominant start a document: "ChangeHistory", "StartDate".
DOCUMENT_HEADS = frozenset({
    "details", "detail", "info", "information", "summary", "dto", "snapshot", "history",
    "metadata", "envelope", "payload", "stats", "statistics", "metrics", "date", "time",
    "timestamp", "reason", "point", "config", "configuration", "settings", "options",
})

# Last words that make a name a document or a state ("TransferDetails", "ChargeAmount").
STATE_HEADS = frozenset({
    "note", "notes", "memo", "label", "labels", "receipt", "slip", "instance", "instances",
    "copy", "copies", "title", "edition", "duration", "interval", "session", "sessions",
    "details", "detail", "info", "information", "summary", "item", "items", "line", "lines",
    "status", "state", "history", "entity", "model", "data", "record", "records", "id", "ids",
    "key", "keys", "type", "types", "level", "levels", "profile", "snapshot", "view", "views",
    "list", "dto", "config", "configuration", "settings", "setting", "options", "option",
    "report", "document", "score", "rate", "rates", "amount", "total", "count", "balance",
    "limit", "limits", "window", "address", "fee", "fees", "policy", "policies", "plan",
    "template", "metadata", "envelope", "payload", "value", "values", "schema", "version",
    "number", "code", "reference", "ref", "name", "names", "account", "method", "methods",
    "period", "date", "time", "timestamp", "reason", "result", "results", "stats", "statistics",
    "metrics", "metric", "log", "logs", "trail", "audit", "tracker", "register", "ledger",
    "book", "catalog", "catalogue", "index", "map", "set", "queue", "buffer", "context",
    "wrapper", "header", "headers", "attributes", "properties", "spec", "specification",
    "definition", "descriptor", "identifier", "token", "cursor", "offset", "position",
    "location", "range", "availability", "inventory", "stock", "price", "prices", "cost",
    "costs", "quantity", "weight", "size", "dimensions", "measurement", "measurements",
    "reading", "readings", "sample", "samples", "tracking", "projection", "aggregate",
    "dashboard", "short", "entry", "entries", "row", "rows", "table", "shift", "parameters",
    "markup",
})


# Trailing words that describe a state the subject is in: "ChargePending", "BalanceAvailable".
STATE_ADJECTIVES = frozenset({
    "pending", "available", "unavailable", "upcoming", "expiring", "active", "inactive", "due",
    "overdue", "ready", "valid", "invalid", "eligible", "ineligible", "outstanding", "late",
    "early", "empty", "full", "low", "high", "open", "idle", "busy", "online", "offline",
    "healthy", "unhealthy", "stale", "missing", "required", "exceeded", "complete", "done",
})

# Verbs whose past participle is the base form, read as participles at the end of a name
# ("PasswordReset", "ServerShutDown") but not others ("ShippingCost", "SalesForecast").
IDENTICAL_PARTICIPLES = frozenset({
    "reset", "set", "shut", "cut", "put", "quit", "split", "broadcast", "hit", "read", "upset",
    "spread", "shed", "burst", "rid", "preset", "rerun", "reread", "undercut", "outbid",
})

# Phrasal verbs of software and commerce, read as one imperative: "CheckOutGuest".
PHRASAL_VERBS = frozenset(f"{verb} {particle}" for verb, particles in {
    "check": "in out", "log": "in out on off", "sign": "in up out on off", "set": "up",
    "time": "out", "turn": "on off", "switch": "on off", "opt": "in out", "roll": "back out",
    "back": "up", "top": "up", "look": "up", "clean": "up", "shut": "down", "start": "up",
    "power": "on off up down", "pick": "up", "drop": "off", "hand": "over", "cash": "out",
    "pay": "out off", "write": "off", "scale": "up down out in", "spin": "up down",
    "wind": "down", "call": "back", "charge": "back", "follow": "up", "lock": "out",
    "clock": "in out", "tear": "down", "bring": "up down", "take": "over down",
}.items() for particle in particles.split())

# Prepositions of direction that follow verbs: "JoinToGroup", "MoveToTrash".
DIRECTIONS = frozenset({"to", "into", "onto", "from"})

PARTICLES = frozenset({
    "in", "out", "up", "down", "off", "over", "back", "on", "away",
})
PREPOSITIONS = frozenset({
    "to", "from", "for", "in", "into", "on", "onto", "at", "by", "with", "within", "of",
    "after", "before", "via", "as", "per", "between", "without",
})
AUXILIARIES = frozenset({
    "will", "has", "have", "had", "was", "were", "is", "are", "been", "being", "did", "does",
})

# Words in front of an imperative that do not change it: "ForceDeleteUser", "BulkCreateUsers",
# "PleaseConfirmBooking", "ShouldRetryPayment".
LEAD_INS = frozenset({
    "please", "force", "try", "incremental", "bulk", "batch", "mass", "async", "manually",
    "immediately",
    "now", "soft", "hard", "just", "must", "should", "shall",
})

# Nouns that name an occurrence themselves: "PriceUpdate", "page/change" are the event of
# changing, not an order to change.
OCCURRENCE_NOUNS = frozenset({
    "change", "update", "edit", "move", "patch", "delta", "increase", "decrease",
})

# Heads that make a compound a body of information about its first word, however long the
# name and whatever that word can also be: "ProcessMetrics", "RunSummary", "CrashReport",
# "upload_failure", "Crash ping".
INFORMATION_HEADS = frozenset({
    "average", "mean", "median", "sum", "total", "min", "max",
    "metrics", "metric", "summary", "summaries", "report", "reports", "stats", "statistics",
    "details", "detail", "info", "information", "history", "snapshot", "dto", "metadata",
    "context", "overview", "digest", "advice", "notice", "manifest", "trace", "traces", "ping",
    "pings", "failure", "failures",
    "error", "errors", "success", "outcome", "outcomes", "feedback", "telemetry", "diagnostics",
    "analytics", "insights", "record", "records", "log", "logs", "event", "events", "data",
    "attempt", "attempts", "status", "state", "result", "results",
})

# Nouns the table lists only as verbs: "LogRecord" is a record of a log.
NOUNS_THE_TABLE_LACKS = frozenset({"log", "hang", "commit", "override"})

# Heads that say how something went: a name ending in one reports, it does not order.
OUTCOME_HEADS = frozenset({
    "success", "successes", "failure", "failures", "error", "errors", "outcome", "outcomes",
    "exception", "exceptions",
})
# Verbs whose object is itself a report: "RecordGuestCheckoutFailure" orders.
RECORDING_VERBS = frozenset({
    "record", "log", "report", "register", "track", "note", "throw", "raise", "handle",
    "clear", "ignore",
})

# Price quotes are information: "QuoteRequest" asks for one.
QUOTE_WORDS = frozenset({
    "quote", "quotes", "quotation", "quotations", "discovery", "check", "reflection", "lookup",
})

# Words that, leading a name, modify the noun after them rather than order anything:
# "post-profile-restore" (after), "TempAverage".
LEADING_NOUN_MODIFIERS = frozenset({"post", "temp"})

# Heads that are information about what comes before them, even after a word that is only
# a verb: "DebugInfo", "RetryInfo", "ProcessMetrics".
ABOUT_HEADS = frozenset({
    "info", "information", "details", "detail", "metadata", "stats", "statistics", "metrics",
    "summary", "context", "rules", "rule",
})

# Heads a verb that leads orders sets rather than describes: "ChangeConfiguration" orders,
# "ChangeHistory" does not.
SETTABLE_HEADS = frozenset({"config", "configuration", "settings", "options", "preferences"})

# Query verbs that ask for whatever follows, participles included: "getRecentlyPlayed".
ASKING_VERBS = frozenset({"get", "list", "find", "search", "describe"})
