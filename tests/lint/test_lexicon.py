"""The verb lexicon answers the same whether it searches its text or has indexed it."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemalint.lint import lexicon as lx


def searching() -> lx.Lexicon:
    lexicon = lx.lexicon()
    fresh = lx.Lexicon(lexicon._text[1:], lexicon._extras)
    fresh.SEARCHES_BEFORE_INDEX = 10**9
    return fresh


@pytest.fixture(scope="module")
def index() -> tuple[dict[str, str], dict[str, list[str]]]:
    return lx.lexicon()._build_index()


def test_every_fifth_past_form_is_found_by_search_as_the_index_has_it(
        index: tuple[dict[str, str], dict[str, list[str]]]) -> None:
    lexicon = searching()
    forms = sorted(index[1].items())[::5]
    assert [(form, lexicon._search_bases(form)) for form, _ in forms] == \
        [(form, tuple(bases)) for form, bases in forms]


def test_every_fifth_verb_row_is_found_by_search_as_the_index_has_it(
        index: tuple[dict[str, str], dict[str, list[str]]]) -> None:
    lexicon = searching()
    rows = sorted(index[0].items())[::5]
    assert [(base, lexicon._row(base)) for base, _ in rows] == rows


@pytest.mark.parametrize(("word", "bases"), [
    ("placed", ("place",)),
    ("went", ("go",)),
    ("unscheduled", ("unschedule",)),  # a prefix over a listed verb
    ("checkedout", ()),
    ("order", ()),
])
def test_past_bases_before_and_after_indexing(word: str, bases: tuple[str, ...]) -> None:
    lexicon = searching()
    assert lexicon.past_bases(word) == bases
    lexicon.SEARCHES_BEFORE_INDEX = 0
    lexicon._bases.clear()
    assert lexicon.past_bases(word) == bases
    assert lexicon._index is not None


def test_extra_verbs_have_rows_and_participles() -> None:
    lexicon = searching()
    extra = next(base for base in sorted(lexicon._extras) if lexicon._listed_row(base) is None)
    verb = lexicon.verb(extra)
    assert verb is not None and verb.past == (lx.regular_participle(extra),)
    assert extra in lexicon.past_bases(lx.regular_participle(extra))


def test_a_missing_lemminflect_is_a_one_line_usage_error(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lx.PathFinder, "find_spec", lambda name: None)
    with pytest.raises(lx.LexiconMissing, match="lemminflect") as raised:
        lx._table_path()
    assert raised.value.exit_code == 2


@pytest.mark.parametrize("cache", ["writable", "unwritable"])
def test_the_table_reads_the_same_from_the_users_cache(
        cache: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "cache"
    if cache == "unwritable":
        root.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(root))
    table = lx._table_path()
    first = lx.read_table(table)
    cached = list((root / "schemalint").glob("lexicon-*.csv")) if root.is_dir() else []
    assert len(cached) == (1 if cache == "writable" else 0)
    assert lx.read_table(table) == first
    assert "\nsend,verb,sent,sent," in "\n" + first and "\nparcel,noun," in first
    # Cached: only the single lower-case words a name splits into. Not cached: the whole
    # table, which compacting would cost more than it saves in one run.
    assert ("Aaron" in first) is (cache == "unwritable")
    if cached:  # the cached copy is what is read next
        cached[0].write_text("send,verb,sended,sended,sending,sends\n")
        assert lx.read_table(table).startswith("send,verb,sended")


def test_a_cache_of_another_table_is_replaced(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    stale = tmp_path / "schemalint" / "lexicon-1-0000000000000000.csv"
    stale.parent.mkdir(parents=True)
    stale.write_text("send,verb,sended,sended,sending,sends\n")
    lx.read_table(lx._table_path())
    assert [path.name for path in stale.parent.iterdir()] != [stale.name]
    assert not stale.exists()


WORDS = ["send", "sent", "happened", "ship", "parcel", "process", "metrics", "unban",
         "unbanned", "overcharge", "void", "voided", "third", "glean", "crash", "quick",
         "transport", "ping", "rerender", "log", "commit", "run", "ran", "read", "noun", "adj",
         "verb", "aaron", "logged", "in", "shut", "set", "lit", "light"]


def test_the_compact_table_answers_every_lookup_as_the_whole_table() -> None:
    import zlib

    text = zlib.decompress(lx._table_path().read_bytes(), 16 + zlib.MAX_WBITS).decode()
    extras = lx.lexicon()._extras
    full, compact = lx.Lexicon(text, extras), lx.Lexicon(lx.compact_table(text), extras)
    for lexicon in (full, compact):
        lexicon.SEARCHES_BEFORE_INDEX = 10_000  # by search, as a hook run reads
    for word in WORDS:
        assert (full.verb(word), full.is_noun(word), full.is_adjective(word),
                full.past_bases(word), full.participle(word)) == \
            (compact.verb(word), compact.is_noun(word), compact.is_adjective(word),
             compact.past_bases(word), compact.participle(word)), word
