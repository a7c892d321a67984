"""English verbs and their past forms, loaded on first use only.

The verb list (``data/verbs.tsv``) was generated once from LemmInflect's inflection table (see
the file's header). The word sets below are hand-written for schemalint: they capture how
words behave at the start or end of a message name, which a dictionary does not say.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

_VERBS = Path(__file__).parent / "data" / "verbs.tsv"


class Verb(NamedTuple):
    base: str
    past: tuple[str, ...]
    participles: tuple[str, ...]
    noun: bool
    adjective: bool


class Lexicon:
    """Verbs by base form, and the bases of every past form; entries are built when asked.

    A hook run asks about a handful of words, and indexing 6,000 verbs would cost more than
    the rest of its lint; so words are first found by searching the text, and the text is
    indexed once enough words have been asked for that the index pays for itself.
    """

    # Lookups by search cost about 1/50 of indexing the text.
    SEARCHES_BEFORE_INDEX = 50

    def __init__(self, text: str, extras: dict[str, str]) -> None:
        # A newline in front lets every row, the first included, be found as "\n<base>\t".
        self._text = "\n" + text
        # Verbs the file lacks, with their flags: regular, so their rows are made here.
        self._extras = extras
        self._verbs: dict[str, Verb | None] = {}
        self._bases: dict[str, tuple[str, ...]] = {}
        self._searches = 0
        self._index: tuple[dict[str, str], dict[str, list[str]]] | None = None

    def verb(self, word: str) -> Verb | None:
        if word not in self._verbs:
            self._verbs[word] = self._build(word)
        return self._verbs[word]

    def _build(self, word: str) -> Verb | None:
        row = self._row(word)
        if row is not None:
            _, past, participles, flags = row.split("\t")
            past_tuple = tuple(past.split("/"))
            participle_tuple = tuple(participles.split("/")) if participles else past_tuple
            return Verb(word, past_tuple, participle_tuple, "n" in flags, "a" in flags)
        prefix, stem = _split_prefix(word)
        inner = self.verb(stem) if prefix else None
        if inner is None:
            return None
        return Verb(word, tuple(prefix + form for form in inner.past),
                    tuple(prefix + form for form in inner.participles), False, False)

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

    def _listed_row(self, base: str) -> str | None:
        start = self._text.find(f"\n{base}\t")
        if start == -1:
            return None
        end = self._text.find("\n", start + 1)
        row = self._text[start + 1:end if end != -1 else None]
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
        """The bases whose past or participle column lists ``form``, in file order."""
        text = self._text
        starts: set[int] = set()
        for needle in (f"\t{form}", f"/{form}"):
            position = text.find(needle)
            while position != -1:
                end = position + len(needle)
                if end < len(text) and text[end] in "\t/":
                    starts.add(text.rfind("\n", 0, position) + 1)
                position = text.find(needle, end)
        found = []
        for start in sorted(starts):
            line = text[start:text.find("\n", start)]
            if line.startswith("#"):
                continue
            base, past, participles, _ = line.split("\t")
            if past and (form in past.split("/") or form in participles.split("/")):
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


def _index_text(text: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    rows: dict[str, str] = {}
    past_forms: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        base, past, participles, _ = line.split("\t")
        if not past:
            continue
        rows[base] = line
        for form in {*past.split("/"), *participles.split("/")} - {""}:
            past_forms.setdefault(form, []).append(base)
    return rows, past_forms


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    extras = {base: "n" if base in EXTRA_NOUN_VERBS else ""
              for base in sorted(EXTRA_IMPERATIVES | EXTRA_NOUN_VERBS)}
    return Lexicon(_VERBS.read_text(encoding="utf-8"), extras)


# Prefixes that make new verbs of old ones: "Unscheduled", "Reassigned", "Deprovisioned".
VERB_PREFIXES = ("un", "re", "de", "dis", "pre", "mis", "co", "auto")


def _split_prefix(word: str) -> tuple[str, str]:
    for prefix in VERB_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 4:
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
    "checkout",
})

# Words that begin queries: a message named this way asks for data and waits for an answer.
QUERY_VERBS = frozenset({
    "get", "fetch", "find", "query", "lookup", "search", "retrieve", "list", "count", "read",
    "load", "browse", "resolve",
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
    "provision",
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
    "dashboard", "short", "entry", "entries", "row", "rows", "table", "shift",
})


# Trailing words that describe a state the subject is in: "ChargePending", "BalanceAvailable".
STATE_ADJECTIVES = frozenset({
    "pending", "available", "unavailable", "upcoming", "expiring", "active", "inactive", "due",
    "overdue", "ready", "valid", "invalid", "eligible", "ineligible", "outstanding", "late",
    "early", "empty", "full", "low", "high", "open", "idle", "busy", "online", "offline",
    "healthy", "unhealthy", "stale", "missing", "required", "exceeded",
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
