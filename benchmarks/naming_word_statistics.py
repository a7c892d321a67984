"""Whether how English uses a word separates the orders EVT001 misses from the things it
rightly leaves alone: WordNet's sense-tagged counts, held out one catalogue at a time.

EVT001 reads a name whose first word is both a verb and a noun ("ShipParcel", "CrashReport")
as a thing unless its siblings show otherwise. Two kinds of knowledge could decide such names
from data rather than from hand lists:

- how often the first word is used as a verb rather than as a noun (the SemCor tag counts of
  WordNet 3.0's ``cntlist.rev``: "ship" 7 verb senses tagged to 49 noun ones, "launch" 27 to
  0);
- what kind of thing the last word, the compound's head, names (the lexicographer file of
  its most frequent noun sense: ``noun.artifact``, ``noun.communication``, ``noun.state``).

This fits a logistic regression over such features to the names the rules read as things
(two words or more, a first word that can be a verb) on the tuning split, holding out one
catalogue at a time, and prints what flipping the held-out names above a threshold to orders
would do to EVT001's precision and recall. It then shows, for the names EVT001 does report,
how their heads' classes split orders from things. WordNet is read from Debian's
``wordnet-base`` (``/usr/share/wordnet``); nothing is shipped or downloaded.

Run: .venv/bin/python benchmarks/naming_word_statistics.py [--wordnet /usr/share/wordnet]
"""

from __future__ import annotations

import argparse
import csv
import json
import math
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, NamedTuple

from schemalint.api import parse_schema
from schemalint.lint import lexicon as lx
from schemalint.lint.engine import lint_project, lint_schema
from schemalint.lint.name_classifier import classify
from schemalint.lint.rule_model import LintEntry
from schemalint.lint.settings import LintSettings
from schemalint.model import SchemaType

ROOT = Path(__file__).resolve().parent.parent
TUNING = ROOT / "tests" / "data" / "naming_corpus.csv"
# WordNet's lexicographer files for nouns, by number (lexnames(5WN)).
NOUN_FILES = dict(enumerate((
    "Tops", "act", "animal", "artifact", "attribute", "body", "cognition", "communication",
    "event", "feeling", "food", "group", "location", "motive", "object", "person", "phenomenon",
    "plant", "possession", "process", "quantity", "relation", "shape", "state", "substance",
    "time"), start=3))
CONCRETE = {"artifact", "object", "person", "animal", "food", "plant", "substance", "location",
            "body", "group", "possession", "shape", "quantity", "relation", "Tops"}
INFORMATION = {"communication", "cognition", "state", "attribute", "feeling", "motive"}
OCCURRENCE = {"act", "event", "process", "phenomenon", "time"}
SETTINGS = LintSettings(select=("EVT001",))
FEATURES = ("bias", "verb share of the first word", "head: a concrete thing",
            "head: information or a state", "head: an act or an event",
            "verb share of the head", "first word can be an adjective", "two words",
            "snake case", "upper case")


class Word(NamedTuple):
    noun_tags: int
    verb_tags: int
    noun_file: str | None


def read_wordnet(root: Path) -> dict[str, Word]:
    tags: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    files: dict[str, Counter[str]] = defaultdict(Counter)
    for line in (root / "cntlist.rev").read_text().splitlines():
        key, _, count = line.split()
        lemma, _, rest = key.partition("%")
        pos, lexfile = rest.split(":")[:2]
        if pos == "1":
            tags[lemma][0] += int(count)
            files[lemma][NOUN_FILES[int(lexfile)]] += int(count)
        elif pos == "2":
            tags[lemma][1] += int(count)
    synset_file = {}
    for line in (root / "data.noun").read_text().splitlines():
        if not line.startswith(" "):
            offset, number = line.split(" ", 2)[:2]
            synset_file[offset] = NOUN_FILES[int(number)]
    words: dict[str, Word] = {}
    for line in (root / "index.noun").read_text().splitlines():
        if line.startswith(" "):
            continue
        parts = line.split()
        first_sense = synset_file[parts[-int(parts[2])]]
        noun, verb = tags.get(parts[0], [0, 0])
        tagged = files[parts[0]].most_common(1)
        words[parts[0]] = Word(noun, verb, tagged[0][0] if tagged else first_sense)
    for lemma, (noun, verb) in tags.items():
        words.setdefault(lemma, Word(noun, verb, None))
    return words


def verb_share(word: str, wordnet: dict[str, Word]) -> float:
    found = wordnet.get(word)
    if found is None or found.noun_tags + found.verb_tags == 0:
        return 0.5
    return (found.verb_tags + 0.5) / (found.noun_tags + found.verb_tags + 1)


def head_class(word: str, wordnet: dict[str, Word]) -> str | None:
    found = wordnet.get(word) or (wordnet.get(word[:-1]) if word.endswith("s") else None)
    return found.noun_file if found else None


def features(name: str, words: tuple[str, ...], wordnet: dict[str, Word]) -> list[float]:
    lex = lx.lexicon()
    head = head_class(words[-1], wordnet)
    return [1.0, verb_share(words[0], wordnet), float(head in CONCRETE),
            float(head in INFORMATION), float(head in OCCURRENCE),
            verb_share(words[-1], wordnet), float(lex.is_adjective(words[0])),
            float(len(words) == 2), float("_" in name and name.islower()), float(name.isupper())]


def fit(rows: list[tuple[list[float], bool]], ridge: float = 1.0) -> list[float]:
    """A logistic regression by Newton's method, its weights (bias unpenalised) kept small."""
    size = len(rows[0][0])
    weights = [0.0] * size
    for _ in range(25):
        gradient = [ridge * w if k else 0.0 for k, w in enumerate(weights)]
        hessian = [[ridge if i == j and i else 0.0 for j in range(size)] for i in range(size)]
        for x, y in rows:
            p = 1 / (1 + math.exp(-sum(w * v for w, v in zip(weights, x, strict=True))))
            for i in range(size):
                gradient[i] += (p - y) * x[i]
                for j in range(size):
                    hessian[i][j] += p * (1 - p) * x[i] * x[j]
        step = solve(hessian, gradient)
        weights = [w - s for w, s in zip(weights, step, strict=True)]
    return weights


def solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    size = len(vector)
    rows = [[*row, value] for row, value in zip(matrix, vector, strict=True)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        if abs(rows[col][col]) < 1e-12:
            rows[col][col] = 1e-12
        for r in range(size):
            if r != col:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col], strict=True)]
    return [rows[i][size] / rows[i][i] for i in range(size)]


def probability(weights: list[float], x: list[float]) -> float:
    return 1 / (1 + math.exp(-sum(w * v for w, v in zip(weights, x, strict=True))))


def catalogue(source: str) -> str:
    """As tests/lint/test_lint_corpus.py groups rows: a page, or a repository's folder."""
    if source.startswith("github:"):
        return source.split("@")[0].rsplit("/", 1)[0]
    return source.split("#")[0]


def entry(row: dict[str, str], folder: str) -> LintEntry:
    """The row as the corpus test lints it: a record, a titled JSON Schema, or a topic's."""
    if row["form"] == "record":
        document: dict[str, Any] = {"type": "record", "name": row["name"],
                                    "namespace": "com.acme", "fields": []}
        return LintEntry(parse_schema(json.dumps(document), SchemaType.AVRO,
                                      path=f"schemas/{folder}/value.avsc"))
    document = {"type": "object", "properties": {}}
    if row["form"] == "title":
        document["title"] = row["name"]
    schema = parse_schema(json.dumps(document), SchemaType.JSON,
                          path=f"schemas/{folder}/value.schema.json")
    return LintEntry(schema, topic=row["name"] if row["form"] == "topic" else None)


def flagged_beside_catalogue(rows: list[dict[str, str]]) -> set[int]:
    """The rows EVT001 reports, each catalogue linted as one project."""
    by_catalogue: dict[str, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        by_catalogue[catalogue(row["source"])].append(index)
    found: set[int] = set()
    for members in by_catalogue.values():
        entries = [entry(rows[index], f"n{index}") for index in members]
        # Each schema alone, then beside its siblings (EVT001's project pass).
        alone = [finding for item in entries for finding in lint_schema(
            item.schema, topic=item.topic, settings=SETTINGS)]
        for finding in [*alone, *lint_project(entries, SETTINGS)]:
            if finding.code == "EVT001":
                found.add(int(finding.path.split("/")[1][1:]))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    args = parser.parse_args()
    wordnet = read_wordnet(args.wordnet)
    lex = lx.lexicon()
    with TUNING.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    flagged = flagged_beside_catalogue(rows)
    orders = sum(row["label"] == "command" for row in rows)
    tp = sum(rows[i]["label"] == "command" for i in flagged)
    fp = len(flagged) - tp
    print(f"EVT001 beside its catalogue, {len(rows)} names: precision {tp / (tp + fp):.3f}, "
          f"recall {tp / orders:.3f}")
    candidates: list[tuple[int, str, list[float], bool]] = []
    heads: dict[str | None, Counter[bool]] = defaultdict(Counter)
    for index, row in enumerate(rows):
        verdict = classify(row["name"], topic=row["form"] == "topic")
        words = verdict.words
        if index in flagged:
            if len(words) > 1:
                heads[head_class(words[-1], wordnet)][row["label"] == "command"] += 1
            continue
        if verdict.kind == "noun" and len(words) > 1 and lex.verb(words[0]) is not None:
            candidates.append((index, catalogue(row["source"]),
                               features(row["name"], words, wordnet),
                               row["label"] == "command"))
    print(f"names read as things whose first word can be a verb: {len(candidates)}, "
          f"{sum(c[3] for c in candidates)} of them orders")
    weights = fit([(c[2], c[3]) for c in candidates])
    for name, weight in zip(FEATURES, weights, strict=True):
        print(f"  {name:32} {weight:+.2f}")
    held_out: dict[int, float] = {}
    for name in {c[1] for c in candidates}:
        trained = fit([(c[2], c[3]) for c in candidates if c[1] != name])
        held_out.update({c[0]: probability(trained, c[2]) for c in candidates if c[1] == name})
    print("leave one catalogue out: flipping held-out names at or above a threshold to orders")
    for threshold in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        gained = sum(held_out[c[0]] >= threshold and c[3] for c in candidates)
        wrong = sum(held_out[c[0]] >= threshold and not c[3] for c in candidates)
        print(f"  {threshold:.1f}: +{gained} orders, +{wrong} false alarms; precision "
              f"{(tp + gained) / (tp + fp + gained + wrong):.3f}, "
              f"recall {(tp + gained) / orders:.3f}")
    print("names EVT001 reports, by their head's class: orders / things")
    for head, counts in sorted(heads.items(), key=lambda item: -sum(item[1].values())):
        print(f"  {head or 'not in WordNet':16} {counts[True]:4} / {counts[False]}")


if __name__ == "__main__":
    main()
