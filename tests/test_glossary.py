"""The field's words for search (crawler/reference/glossary.yaml, crawler/catalogue/tables/glossary.py).

Expected words come from the sources: seed 000 says the IEYP's parent-infant pathway gains
"accreditation in either video feedback intervention to promote positive parenting (VIPP) or Video
Interaction Guidance (VIG)"; OBSERVED.md names "Newborn Behavioural Observations (NBO)".
"""
import sqlite3
from pathlib import Path

import pytest

from crawler.catalogue.build import build
from crawler.catalogue.reference.reference_data import REFERENCE_DIR
from crawler.catalogue.tables import glossary

GROUPS = glossary.load(REFERENCE_DIR)


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    path = tmp_path_factory.mktemp("glossary") / "catalogue.db"
    build(path)
    return path


def search(catalogue, words):
    query = " ".join(f'"{w}"' for w in words.split())
    with sqlite3.connect(catalogue) as conn:
        return {r[0] for r in conn.execute(
            "SELECT c.id FROM courses_fts JOIN courses c ON c.rowid = courses_fts.rowid WHERE courses_fts MATCH ?", [query])}


@pytest.mark.parametrize("words, course", [
    ("video feedback", "ieyp-postgraduate-diploma"),          # its pathway trains VIPP or VIG
    ("Video Interaction Guidance", "ieyp-postgraduate-diploma"),
    ("VIG", "video-interaction-guidance"),
    ("VIPP", "vipp-sd"),
    ("NBO", "newborn-behavioural-observations"),
    ("IEYP", "ieyp-parent-infant-trainee-ucl"),
    ("CAPT", "ucl-anna-freud-capt-dpsych"),
    ("parent-infant psychotherapy", "au-milieu-infant-parent-psychotherapy"),
    ("infant observation", "tameside-observing-early-relationships"),
    ("Incredible Years", "ieyp-postgraduate-diploma"),
])
def test_search_finds_courses_in_the_fields_words(catalogue, words, course):
    assert course in search(catalogue, words)


def test_an_acronym_is_not_its_neighbour(catalogue):
    # VIPP-SD is video feedback but not Video Interaction Guidance: "VIG" must not find it.
    assert "vipp-sd" not in search(catalogue, "VIG")
    assert "video-interaction-guidance" not in search(catalogue, "VIPP")


def test_acronyms_match_their_capitals_only():
    pair = [g for g in GROUPS if g["term"] == "PAIR"]
    assert glossary.search_words("work with a PAIR team", pair)
    assert glossary.search_words("a pair of shoes", pair) is None
    vig = [g for g in GROUPS if g["term"] == "VIG"]
    assert glossary.search_words("Video Interaction Guidance training", vig)  # expansions in any case
    assert glossary.search_words("video interaction guidance training", vig)
    assert glossary.search_words("VIGOROUS", vig) is None  # whole words only


def test_every_group_cites_a_known_source():
    with sqlite3.connect(Path(REFERENCE_DIR).parent.parent / "catalogue.db") as conn:
        sources = {r[0] for r in conn.execute("SELECT id FROM sources")}
    assert {g["source"] for g in GROUPS} <= sources


def test_the_glossary_is_a_table_datasette_shows(catalogue):
    with sqlite3.connect(catalogue) as conn:
        terms = {r[0] for r in conn.execute("SELECT term FROM glossary")}
    assert {"VIG", "VIPP", "NBO", "IEYP", "CAPT", "PAIR", "video feedback"} <= terms


@pytest.mark.parametrize("text, message", [
    ("glossary: [{term: X, words: [X], source: nowhere, section: s}]", "unknown source 'nowhere'"),
    ("glossary: [{term: X, words: [], source: seed-000, section: s}]", "missing 'words'"),
    ("glossary: [{term: X, words: [X], source: seed-000, section: s}, {term: X, words: [Y], source: seed-000, section: s}]",
     "appears twice"),
    ("glossary: {term: X}", "expected a list"),
    ("glossary: [unclosed", "not valid YAML"),
])
def test_a_bad_glossary_is_refused_with_a_message(tmp_path, text, message):
    (tmp_path / "glossary.yaml").write_text(text)
    with pytest.raises(glossary.GlossaryError, match=message.replace("(", r"\(")):
        glossary.load(tmp_path, {"seed-000"})
