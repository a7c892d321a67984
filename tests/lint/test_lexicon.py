"""The verb lexicon: its records derived from LemmInflect's table, read by bisection from the
user's cache or from memory, answer alike."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from schemalint.lint import lexicon as lx


@pytest.fixture(scope="module")
def records() -> dict[str, str]:
    text = zlib.decompress(lx._table_path().read_bytes(), 16 + zlib.MAX_WBITS).decode()
    return lx.table_records(text)


def bisecting(records: dict[str, str]) -> lx.SortedRecords:
    sorted_records = lx.SortedRecords(lx.records_text(records).encode("ascii"))
    sorted_records.LOOKUPS_BEFORE_DICT = 10**9
    return sorted_records


def test_every_word_is_found_by_bisection_as_the_records_have_it(
        records: dict[str, str]) -> None:
    found = bisecting(records)
    assert {word: found.get(word) for word in records} == records


@pytest.mark.parametrize("word", [
    "a", "aaa", "zzzz", "sendx", "sen", "", "Send", "send-off", "naïve", "v2",
])
def test_words_the_records_lack_are_not_found(records: dict[str, str], word: str) -> None:
    assert word not in records
    assert bisecting(records).get(word) is None


def test_bisection_gives_way_to_a_dict_after_many_lookups(records: dict[str, str]) -> None:
    found = lx.SortedRecords(lx.records_text(records).encode("ascii"))
    found.LOOKUPS_BEFORE_DICT = 3
    words = ["send", "sent", "parcel", "quick", "zzzz", "happened"]
    assert [found.get(word) for word in words] == [records.get(word) for word in words]
    assert found._all == records


@pytest.mark.parametrize(("word", "record"), [
    ("send", "sent\t\t\t"),  # a verb: past forms, participles as the past
    ("sent", "\t\t\tsend"),  # a past form of "send"
    ("go", "went\tgone\tn\t"),  # participles unlike the past
    ("parcel", "parceled/parcelled\t\tn\t"),  # two spellings
    ("quick", "\t\tna\t"),
])
def test_records_say_what_the_table_lists(records: dict[str, str], word: str,
                                          record: str) -> None:
    assert records[word] == record


@pytest.mark.parametrize(("word", "bases"), [
    ("placed", ("place",)),
    ("went", ("go",)),
    ("unscheduled", ("unschedule",)),  # a prefix over a listed verb
    ("checkedout", ()),
    ("order", ()),
])
def test_past_bases(records: dict[str, str], word: str, bases: tuple[str, ...]) -> None:
    extras = lx.lexicon()._extras
    for source in (records, bisecting(records)):
        assert lx.Lexicon(source, extras).past_bases(word) == bases


def test_extra_verbs_have_rows_and_participles(records: dict[str, str]) -> None:
    lexicon = lx.Lexicon(records, lx.lexicon()._extras)
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


WORDS = ["send", "sent", "happened", "ship", "parcel", "process", "metrics", "unban",
         "unbanned", "overcharge", "void", "voided", "third", "glean", "crash", "quick",
         "transport", "ping", "rerender", "log", "commit", "run", "ran", "read", "noun", "adj",
         "verb", "aaron", "logged", "in", "shut", "set", "lit", "light", "checkout", "sync",
         "synced", "zzzz"]


def answers(lexicon: lx.Lexicon) -> list[tuple[object, ...]]:
    return [(lexicon.verb(word), lexicon.is_noun(word), lexicon.is_adjective(word),
             lexicon.past_bases(word), lexicon.participle(word)) for word in WORDS]


@pytest.mark.parametrize("cache", ["writable", "unwritable"])
def test_the_records_read_the_same_from_the_users_cache(
        cache: str, records: dict[str, str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "cache"
    if cache == "unwritable":
        root.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(root))
    table = lx._table_path()
    extras = lx.lexicon()._extras
    first = lx.read_records(table)
    cached = list((root / "schemalint").glob("lexicon-*")) if root.is_dir() else []
    assert len(cached) == (1 if cache == "writable" else 0)
    # Not cached: derived in memory. Cached: the file is read, by bisection.
    assert first == records
    again = lx.read_records(table)
    assert isinstance(again, lx.SortedRecords if cached else dict)
    assert answers(lx.Lexicon(again, extras)) == answers(lx.Lexicon(records, extras))
    if cached:  # the cached copy is what is read next
        cached[0].write_text("send\tsended\t\t\t\n")
        assert lx.Lexicon(lx.read_records(table), extras).participle("send") == "sended"


def test_a_cache_of_another_table_is_replaced_one_of_another_layout_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "schemalint"
    folder.mkdir()
    other_table = folder / f"lexicon-{lx._CACHE_LAYOUT}-0000000000000000.tsv"
    other_layout = folder / "lexicon-1-0000000000000000.csv"
    for stale in (other_table, other_layout):
        stale.write_text("send\tsended\t\t\t\n")
    lx.read_records(lx._table_path())
    assert not other_table.exists()
    assert other_layout.exists()
    assert len(list(folder.glob(f"lexicon-{lx._CACHE_LAYOUT}-*.tsv"))) == 1


@pytest.mark.parametrize("lookups_before_dict", [10**9, 0])
def test_a_damaged_cache_answers_without_failing(lookups_before_dict: int) -> None:
    found = lx.SortedRecords(b"caf\xc3\xa9\t\xff\t\t\t\nsend\tsent\t\t\t\n")
    found.LOOKUPS_BEFORE_DICT = lookups_before_dict
    assert found.get("send") == "sent\t\t\t"
    assert found.get("cafe") is None
