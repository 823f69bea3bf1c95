"""Text normalised once for every way in, and the review CLI (issue 27, probes 4 and 7).

Before: a UTF-8 page served with a wrong charset header had its mojibake title promoted; a
right-to-left override in a title was kept and promoted; the review CLI stored control
characters verbatim, pinned `fee_gbp nan`, left courses.yaml changed but the catalogue not
rebuilt when its echo met a closed pipe, and ended in a traceback on a full disk.
Now crawler.reading.normalise.normal_text (NFC, no control or bidirectional characters) is the one
normalisation of crawled values, review input and reference data; page_encoding trusts the
bytes over a wrong header; the review CLI checks a pin with the build's own reference checks
and rebuilds before it answers, undoing the decision if the answer cannot be written.
"""
import hashlib
import os
import shutil
import subprocess
import sys

import pytest

from crawler.catalogue.build import build
from crawler.catalogue.reference import reference_data
from crawler.crawl.site_bounds import page_encoding
from crawler.pipelines.validate import check_fields
from crawler.reading.normalise import normal_text

COURSE = "oxpip-parent-infant-therapist-diploma"
TITLE = "Infant\u2013Parent Psychotherapy Course \u2013 caf\u00e9"


@pytest.mark.parametrize("declared", ["iso-8859-1", "windows-1251", "shift_jis", "koi8-r", "ascii", None, "utf-8",
                                      "no-such-charset"])
def test_utf8_bytes_are_read_as_utf8_whatever_the_header_says(declared):
    assert page_encoding(TITLE.encode("utf-8"), declared) == "utf-8"


def test_bytes_invalid_in_the_declared_encoding_are_not_replaced():
    body = TITLE.encode("cp1252")
    encoding = page_encoding(body, "utf-8")
    assert body.decode(encoding) == TITLE


def test_a_page_in_its_declared_encoding_is_read_so():
    assert page_encoding("Привет, курс".encode("cp1251"), "windows-1251") == "cp1251"


@pytest.mark.parametrize("raw, clean", [
    ("Parent\u202einfant\u202c Psychotherapy", "Parentinfant Psychotherapy"),       # right-to-left override
    ("A\u2066B\u2069C\u200fD\u061c", "ABCD"),                                        # isolates and marks
    ("Cafe\u0301", "Caf\u00e9"),                                                     # NFC
    ("Bell\x07 and\x1b escape\x9b", "Bell and escape"),
    ("tab\tand newline\n stay", "tab\tand newline\n stay"),
])
def test_one_normalisation(raw, clean):
    assert normal_text(raw) == clean


def test_the_crawl_way_in_uses_it():
    valid, _ = check_fields({"title": ("Parent\u202einfant Psychotherapy", "h1")})
    assert valid["title"][0] == "Parentinfant Psychotherapy"


@pytest.fixture
def review_site(tmp_path):
    reference = tmp_path / "reference"
    shutil.copytree(reference_data.REFERENCE_DIR, reference)
    db = tmp_path / "catalogue.db"
    build(db, reference)
    return db, reference


def review(python_exe, repo_root, db, reference, *args, **kwargs):
    return subprocess.run([python_exe, "-m", "crawler", "review", "--db", str(db), "--reference", str(reference), *args],
                          cwd=repo_root, capture_output=True, text=True, timeout=180, **kwargs)


def digest(*paths):
    return [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]


@pytest.mark.parametrize("field, value, words", [
    ("fee_gbp", "nan", "fee_gbp is a number of pounds, 0 or more, not 'nan'"),
    ("fee_gbp", "inf", "not 'inf'"),
    ("fee_gbp", "-5", "not '-5'"),
    ("fee_gbp", "1e9", "fee_gbp must be a number of pounds from 0 to 100,000"),
    ("fee_gbp", "twelve", "fee_gbp is a number of pounds, not 'twelve'"),
    ("title", "Parent\u202eInfant", "control or direction characters (U+202E)"),
    ("title", "Bell\x07", "control or direction characters (U+0007)"),
])
def test_a_bad_pin_is_refused_with_nothing_written(python_exe, repo_root, review_site, field, value, words):
    db, reference = review_site
    before = digest(db, reference / "courses.yaml")
    done = review(python_exe, repo_root, db, reference, "--pin", COURSE, field, value, "--why", "test")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and words in done.stderr, done.stderr
    assert digest(db, reference / "courses.yaml") == before


def test_a_bidi_character_in_courses_yaml_is_refused_by_the_build(review_site):
    db, reference = review_site
    path = reference / "courses.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Parent-Infant", "Parent\u202e-Infant", 1), encoding="utf-8")
    with pytest.raises(reference_data.ReferenceDataError, match="U\\+202E"):
        reference_data.load(reference)


def test_a_good_pin_is_rebuilt_before_it_is_said(python_exe, repo_root, review_site):
    db, reference = review_site
    done = review(python_exe, repo_root, db, reference, "--pin", COURSE, "fee_gbp", "1234.5", "--why", "the page says so")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"pinned {COURSE} fee_gbp = '1234.5'", f"rebuilt {db}"]
    import sqlite3
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT fee_gbp FROM courses WHERE id = ?", (COURSE,)).fetchone()[0] == 1234.5
    conn.close()


def test_a_closed_pipe_undoes_the_decision(python_exe, repo_root, review_site):
    db, reference = review_site
    courses = reference / "courses.yaml"
    before_yaml = courses.read_bytes()
    import sqlite3
    conn = sqlite3.connect(db)
    before_rows = conn.execute("SELECT * FROM courses ORDER BY id").fetchall()
    conn.close()
    read_end, write_end = os.pipe()
    os.close(read_end)   # nobody reads the answer
    done = subprocess.run([python_exe, "-m", "crawler", "review", "--db", str(db), "--reference", str(reference), "--pin",
                           COURSE, "fee_gbp", "999", "--why", "closed pipe"], cwd=repo_root, stdout=write_end,
                          stderr=subprocess.PIPE, text=True, timeout=180)
    os.close(write_end)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        "python -m crawler review: error: the answer could not be written (the reader of the answer went away); "
        "the decision is undone: courses.yaml and catalogue.db are as they were"]
    assert courses.read_bytes() == before_yaml
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT * FROM courses ORDER BY id").fetchall() == before_rows
    conn.close()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_undoes_the_decision(python_exe, repo_root, review_site):
    db, reference = review_site
    courses = reference / "courses.yaml"
    before_yaml = courses.read_bytes()
    with open("/dev/full", "w") as full:
        done = subprocess.run([python_exe, "-m", "crawler", "review", "--db", str(db), "--reference", str(reference),
                               "--pin", COURSE, "fee_gbp", "999", "--why", "full disk"], cwd=repo_root, stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=180)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "No space left on device" in done.stderr, done.stderr
    assert courses.read_bytes() == before_yaml
