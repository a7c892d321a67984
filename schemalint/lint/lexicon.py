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
import zlib
from functools import lru_cache
from importlib.machinery import PathFinder
from pathlib import Path
from typing import NamedTuple

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


def read_table(path: Path) -> str:
    """The rows of the table the lexicon reads (``compact_table``), from the user's cache when
    an earlier run left them there.

    Decompressing the megabyte of text and searching it is most of what a hook run's naming
    check costs; the cached rows (three fifths of the text) read in about a millisecond. The
    cache is named for the table's content (the CRC and length its gzip trailer records), so
    every install of one LemmInflect shares it and another gets its own. A cache that cannot
    be written is no error: the whole table is then decompressed each time.
    """
    cached = _cache_path(path)
    if cached is not None:
        try:
            return cached.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            pass
    # zlib, not gzip: the gzip module costs a hook run an import of its own.
    text = zlib.decompress(path.read_bytes(), 16 + zlib.MAX_WBITS).decode("utf-8")
    if cached is None or not _writable(cached.parent):
        # The whole table reads the same (compacting drops only rows no lookup matches), and
        # compacting costs more than it saves in one run.
        return text
    compact = compact_table(text)
    _write_cache(cached, compact)
    return compact


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK)


def compact_table(text: str) -> str:
    """The rows the lexicon reads: single lower-case words, verbs whole (their past and
    participle columns are searched), nouns and adjectives as ``base,pos,`` (only their
    presence is)."""
    kept: list[str] = []
    for line in text.splitlines():
        base, _, rest = line.partition(",")
        if not _SINGLE_WORD.match(base):
            continue
        if rest.startswith("verb,"):
            kept.append(line)
        elif rest.startswith(("noun,", "adj,")):
            kept.append(f"{base},{rest.partition(',')[0]},")
    return "\n".join(kept) + "\n"


# The cached rows' layout: a new one gets a new name.
_CACHE_LAYOUT = 1


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
    return base / "schemalint" / f"lexicon-{_CACHE_LAYOUT}-{trailer.hex()}.csv"


def _write_cache(target: Path, text: str) -> None:
    """Written whole or not at all: a temporary file beside it (its folder made by
    ``_writable``), then a rename. Caches of other tables (an older LemmInflect) go."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(target)
        for stale in target.parent.glob("lexicon-*.csv"):
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


def _forms(column: str) -> tuple[str, ...]:
    return tuple(form for form in column.split("/") if _SINGLE_WORD.match(form))


class Lexicon:
    """Verbs by base form, and the bases of every past form; entries are built when asked.

    A hook run asks about a handful of words, and indexing 40,000 rows would cost more than
    the rest of its lint; so words are first found by searching the text, and the text is
    indexed once enough words have been asked for that the index pays for itself.

    Rows are handed out as ``base<TAB>past<TAB>participles<TAB>flags`` (participles empty
    when equal to the past forms; flags ``n`` for a noun, ``a`` for an adjective).
    """

    # Lookups by search cost about 1/50 of indexing the text.
    SEARCHES_BEFORE_INDEX = 50

    def __init__(self, text: str, extras: dict[str, str]) -> None:
        # A newline in front lets every row, the first included, be found as "\n<base>,".
        self._text = "\n" + text
        # Verbs the table lacks, with their flags: regular, so their rows are made here.
        self._extras = extras
        self._verbs: dict[str, Verb | None] = {}
        self._bases: dict[str, tuple[str, ...]] = {}
        self._searches = 0
        self._index: tuple[dict[str, str], dict[str, list[str]]] | None = None

    def verb(self, word: str) -> Verb | None:
        if word not in self._verbs:
            self._verbs[word] = self._build(word)
        return self._verbs[word]

    def is_noun(self, word: str) -> bool:
        """Whether the table lists ``word`` (singular or plural) as a noun."""
        return word in NOUNS_THE_TABLE_LACKS or self._has_row(word, "noun") or (
            word.endswith("s") and self._has_row(word[:-1], "noun"))

    def is_adjective(self, word: str) -> bool:
        return self._has_row(word, "adj")

    def _has_row(self, word: str, pos: str) -> bool:
        return f"\n{word},{pos}," in self._text

    def _build(self, word: str) -> Verb | None:
        row = self._row(word)
        prefix, stem = _split_prefix(word)
        # A prefix over a listed verb inflects as the verb does ("unban" -> "unbanned"),
        # unless the whole word is a listed verb or a noun of its own ("overview").
        derived = prefix and (row is None or word in self._extras) and not (
            row is None and self._has_row(word, "noun"))
        inner = self.verb(stem) if derived else None
        if inner is not None:
            return Verb(word, tuple(prefix + form for form in inner.past),
                        tuple(prefix + form for form in inner.participles), inner.noun,
                        inner.adjective)
        if row is None:
            return None
        _, past, participles, flags = row.split("\t")
        past_tuple = tuple(past.split("/"))
        participle_tuple = tuple(participles.split("/")) if participles else past_tuple
        noun = "n" in flags or word in NOUNS_THE_TABLE_LACKS
        return Verb(word, past_tuple, participle_tuple, noun, "a" in flags)

    def lists_verb(self, word: str) -> bool:
        """Whether the table (or the extras) lists ``word`` itself as a verb, not only as a
        prefix over one: "preauthorize" is listed, "precommit" is made of "pre" and
        "commit"."""
        return self._row(word) is not None

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

    # ---- lookups: by search, then by index ---------------------------------------------

    def _row(self, base: str) -> str | None:
        index = self._indexed()
        if index is not None:
            return index[0].get(base)
        return self._listed_row(base) or self._extra_row(base)

    def _verb_line(self, base: str) -> str | None:
        start = self._text.find(f"\n{base},verb,")
        if start == -1:
            return None
        end = self._text.find("\n", start + 1)
        return self._text[start + 1:end if end != -1 else None]

    def _listed_row(self, base: str) -> str | None:
        line = self._verb_line(base) if _SINGLE_WORD.match(base) else None
        if line is None:
            return None
        row = _row_of(line, self._has_row(base, "noun"), self._has_row(base, "adj"))
        return row if row.split("\t")[1] else None

    def _extra_row(self, base: str) -> str | None:
        flags = self._extras.get(base)
        return None if flags is None else f"{base}\t{regular_participle(base)}\t\t{flags}"

    def _bases_of(self, form: str) -> tuple[str, ...]:
        if form in self._bases:
            return self._bases[form]
        index = self._indexed()
        found = self._search_bases(form) if index is None else tuple(index[1].get(form, ()))
        self._bases[form] = found
        return found

    def _search_bases(self, form: str) -> tuple[str, ...]:
        """The bases whose past or participle column lists ``form``, in table order."""
        text = self._text
        starts: set[int] = set()
        for needle in (f",{form}", f"/{form}"):
            position = text.find(needle)
            while position != -1:
                end = position + len(needle)
                if end < len(text) and text[end] in ",/":
                    starts.add(text.rfind("\n", 0, position) + 1)
                position = text.find(needle, end)
        found = []
        for start in sorted(starts):
            base, pos, *columns = text[start:text.find("\n", start)].split(",")
            if pos != "verb" or not _SINGLE_WORD.match(base) or len(columns) < 2:
                continue
            if form in _forms(columns[0]) or form in _forms(columns[1]):
                found.append(base)
        found.extend(base for base in self._extras
                     if regular_participle(base) == form and self._listed_row(base) is None)
        return tuple(found)

    def _indexed(self) -> tuple[dict[str, str], dict[str, list[str]]] | None:
        if self._index is None:
            self._searches += 1
            if self._searches <= self.SEARCHES_BEFORE_INDEX:
                return None
            self._index = self._build_index()
        return self._index

    def _build_index(self) -> tuple[dict[str, str], dict[str, list[str]]]:
        rows, past_forms = _index_text(self._text)
        for base in self._extras:
            row = self._extra_row(base)
            if base not in rows and row is not None:
                rows[base] = row
                past_forms.setdefault(regular_participle(base), []).append(base)
        return rows, past_forms


def _row_of(line: str, noun: bool, adjective: bool) -> str:
    base, _, past_column, participle_column, *_ = (*line.split(","), "", "")
    past = _forms(past_column)
    participles = _forms(participle_column) if participle_column else ()
    flags = ("n" if noun else "") + ("a" if adjective else "")
    shown = "/".join(participles) if participles and participles != past else ""
    return f"{base}\t{'/'.join(past)}\t{shown}\t{flags}"


def _index_text(text: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    nouns: set[str] = set()
    adjectives: set[str] = set()
    verb_lines: list[tuple[str, str]] = []
    for line in text.splitlines():
        base, _, rest = line.partition(",")
        if rest.startswith("verb,"):
            if _SINGLE_WORD.match(base):
                verb_lines.append((base, line))
        elif rest.startswith("noun,"):
            nouns.add(base)
        elif rest.startswith("adj,"):
            adjectives.add(base)
    rows: dict[str, str] = {}
    past_forms: dict[str, list[str]] = {}
    for base, line in verb_lines:
        row = _row_of(line, base in nouns, base in adjectives)
        _, past, participles, _ = row.split("\t")
        if not past:
            continue
        rows[base] = row
        for form in {*past.split("/"), *participles.split("/")} - {""}:
            past_forms.setdefault(form, []).append(base)
    return rows, past_forms


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    extras = {base: "n" if base in EXTRA_NOUN_VERBS else ""
              for base in sorted(EXTRA_IMPERATIVES | EXTRA_NOUN_VERBS)}
    return Lexicon(read_table(_table_path()), extras)


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
    "geocode", "tokenize", "tokenise", "denormalize", "reconcile",
})

# Participles of closed compounds, for proposals: "CheckoutCart" -> "CartCheckedOut".
COMPOUND_PARTICIPLES = {
    "checkout": ("checked", "out"), "setup": ("set", "up"), "rollback": ("rolled", "back"),
    "login": ("logged", "in"), "logout": ("logged", "out"), "signup": ("signed", "up"),
    "backup": ("backed", "up"), "onboard": ("onboarded",), "upsert": ("upserted",),
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
NOUNS_THE_TABLE_LACKS = frozenset({"log", "hang", "commit"})

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
