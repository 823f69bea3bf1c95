"""Crawled facts reach users: the real Scrapy engine against fixture pages on 127.0.0.1, the real
`crawler` and `recommender` CLIs, crawls one after another as weeks would go.

Week A (twice): the fixture pages as they are. Week B (twice): Northampton's page changes its
fee and intake, the Tavistock perinatal page's duration is misread as "12-month" (seed 002 says
12 weeks), Sunderland's page answers 404. Then a person pins a fee, and one more crawl. The
shown values are what the recommender prints; nothing is lost when the catalogue is rebuilt.
"""
import json
import shutil
import subprocess
from datetime import date

import pytest

import fixture_server as fs
from catalogue_rows import rows as q
from crawler.catalogue.build import build
from crawler.catalogue.tables.crawl_tables import GONE_AFTER

pytestmark = pytest.mark.timeout(300)

NORTHAMPTON = "northampton-pgcert-infant-mental-health"
TAVISTOCK = "tavistock-infant-observation-perinatal"
SUNDERLAND = "sunderland-infant-mental-health"
LISTING = "https://app.sheepcrm.com/oxpip/events/e/training"
CANDIDATE = "https://www.oxpip.org.uk/extended-course/infant-observation-training-rolling-programme"


def cli(python_exe, repo_root, *args):
    return subprocess.run([python_exe, *args], cwd=repo_root, capture_output=True, text=True, timeout=120)


def recommended(python_exe, repo_root, db):
    """{course id: course} as `python -m recommender recommend --json` prints it."""
    result = cli(python_exe, repo_root, "-m", "recommender", "recommend", "--profession", "health visitor", "--json",
                 "--db", str(db))
    assert result.returncode == 0, result.stderr
    return {c["id"]: c for c in json.loads(result.stdout)["courses"]}


def user_facing(db):
    """Everything a user reads about courses: the shown columns, every fact with its source,
    replacements, the review queue and candidates."""
    return {name: q(db, sql) for name, sql in {
        "courses": "SELECT * FROM courses ORDER BY id",
        "course_overview": "SELECT * FROM course_overview ORDER BY id",
        "course_facts": "SELECT * FROM course_facts ORDER BY course_id, field, position",
        "fact_changes": "SELECT * FROM fact_changes ORDER BY id",
        "review": "SELECT * FROM review",
        "course_candidates": "SELECT * FROM course_candidates"}.items()}


# Test data, not a source: no page or seed gives Northampton a fee or an intake.
MADE_UP_KEY_FACTS = ('<!-- made up for this test --><dl class="key-facts"><dt>Fees</dt><dd>{fee}</dd>'
                     '<dt>Start date</dt><dd>{start}</dd></dl>')


@pytest.fixture(scope="module")
def weeks(python_exe, repo_root, tmp_path_factory):
    folder = tmp_path_factory.mktemp("weeks")
    db = folder / "catalogue.db"
    reference = folder / "reference"
    shutil.copytree(repo_root / "crawler" / "reference", reference)
    build(db, reference)
    site = fs.start()
    states = {}

    def crawl(name):
        # a longer timeout than the other engine tests: this module is about values, not timeouts
        result = fs.crawl(python_exe, repo_root, db, site, "--reference", reference, "-s", "DOWNLOAD_TIMEOUT=15")
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-3000:]
        states[name] = {"json": recommended(python_exe, repo_root, db), "tables": user_facing(db),
                        "stdout": result.stdout}

    try:
        urls = fs.serve_catalogue(site, db)
        site.page(LISTING, "listings.html")  # OxPIP's training list, with a course not in the catalogue
        states["built"] = {"json": recommended(python_exe, repo_root, db)}
        # The honest fixture holds no fee or intake (no source gives one), so this test serves its own
        # page: the fixture with a key-facts box MADE UP FOR THIS TEST ONLY (never in tests/files).
        page = (fs.FILES / "northampton.html").read_text(encoding="utf-8")
        site.page(urls[NORTHAMPTON], body=page.replace("</main>", MADE_UP_KEY_FACTS.format(
            fee="UK &pound;2,150 (2025/26)", start="February 2026") + "</main>"))
        crawl("A1")
        crawl("A2")
        site.page(urls[NORTHAMPTON], body=page.replace("</main>", MADE_UP_KEY_FACTS.format(
            fee="UK &pound;2,250 (2026/27)", start="February 2027") + "</main>"))
        page = (fs.FILES / "tavistock_and_portman.html").read_text(encoding="utf-8")
        assert "A 12 weeks course" in page  # seed 002: "Duration: 12 weeks"
        site.page(urls[TAVISTOCK], body=page.replace("A 12 weeks course", "A 12 months course"))
        site.page(urls[SUNDERLAND], body="<h1>Page not found</h1>", status=404)
        crawl("B1")
        crawl("B2")
        pinned = cli(python_exe, repo_root, "-m", "crawler", "review", "--db", str(db), "--reference", str(reference),
                     "--results", str(folder / "data" / "crawls"),
                     "--pin", NORTHAMPTON, "cost", "UK £2,150 (2025/26)", "--why", "test: the provider says the 2026/27 fee is not final")
        assert pinned.returncode == 0, pinned.stderr
        states["pinned"] = {"json": recommended(python_exe, repo_root, db), "tables": user_facing(db)}
        crawl("C1")
    finally:
        fs.stop(site)
    return db, reference, states


def test_a_changed_fee_and_intake_are_shown_after_two_crawls_with_the_old_values_in_history(weeks):
    db, _, states = weeks
    # Before any crawl the seeds decide: seed 001 gives no fee for Northampton.
    assert states["built"]["json"][NORTHAMPTON]["fee_gbp"] is None
    assert states["built"]["json"][NORTHAMPTON]["last_checked"] is None
    # Week A: the page's "UK £2,150 (2025/26)" is read twice, so it is shown, from the page.
    a2 = states["A2"]["json"][NORTHAMPTON]
    assert a2["fee_gbp"] == 2150
    assert a2["fact_sources"]["cost"]["url"].startswith("https://www.northampton.ac.uk/courses/")
    # Week B, first crawl: the new fee is seen once; users still see the old one.
    b1 = states["B1"]["json"][NORTHAMPTON]
    assert b1["fee_gbp"] == 2150
    waiting = {r["id"]: r for r in states["B1"]["tables"]["review"]}
    assert waiting[f"{NORTHAMPTON}/cost"]["section"] == "seen once"
    # Second crawl: the new fee and intake are what the recommender shows, checked today.
    b2 = states["B2"]["json"][NORTHAMPTON]
    assert b2["fee_gbp"] == 2250
    assert b2["last_checked"] == date.today().isoformat()
    assert b2["next_start"] == "2027-02"
    overview = {r["id"]: r for r in states["B2"]["tables"]["course_overview"]}[NORTHAMPTON]
    assert overview["next_start"] == "2027-02" and overview["last_checked"] == date.today().isoformat()
    changes = [(r["field"], r["old_value"], r["new_value"]) for r in states["B2"]["tables"]["fact_changes"]
               if r["course_id"] == NORTHAMPTON]
    assert ("cost", "UK £2,150 (2025/26)", "UK £2,250 (2026/27)") in changes
    assert ("start_dates", "February 2026", "February 2027") in changes
    # Every value any source gave is still there, with its source.
    kept = {(r["field"], r["value"], r["source_kind"]) for r in states["B2"]["tables"]["course_facts"]
            if r["course_id"] == NORTHAMPTON}
    assert {("cost", "UK £2,150 (2025/26)", "crawl"), ("cost", "UK £2,250 (2026/27)", "crawl"),
            ("duration", "one year", "seed")} <= kept


def test_an_implausible_reading_is_queued_not_shown(weeks):
    _, _, states = weeks
    # seed 002: "12 weeks"; the page now reads "12 months": more than 3 times longer than every source.
    assert states["B2"]["json"][TAVISTOCK]["duration_months_max"] < 3
    item = {r["id"]: r for r in states["B2"]["tables"]["review"]}[f"{TAVISTOCK}/duration"]
    assert item["section"] == "waits for a person"
    assert "12 months course" in item["new_value"] and item["source"].startswith("https://tavistockandportman.ac.uk/")


def test_a_page_gone_after_repeated_404s_is_marked_never_deleted(weeks):
    _, _, states = weeks
    # Two 404s (B1, B2) are not enough; the third (C1) marks the page gone.
    assert GONE_AFTER == 3
    assert states["B2"]["json"][SUNDERLAND]["page_status"] == "unreachable"
    c1 = states["C1"]["json"][SUNDERLAND]
    assert c1["page_status"] == "gone"
    assert c1["title"]  # the course is still offered to users, with its last good values
    review = {r["id"]: r for r in states["C1"]["tables"]["review"]}
    assert review[f"{SUNDERLAND}/page"]["section"] == "waits for a person"


def test_a_pin_beats_the_crawl(weeks):
    _, reference, states = weeks
    text = (reference / "courses.yaml").read_text(encoding="utf-8")
    assert "pinned: true" in text and "the provider says the 2026/27 fee is not final" in text
    for state in ("pinned", "C1"):
        assert states[state]["json"][NORTHAMPTON]["fee_gbp"] == 2150
    conflict = {r["id"]: r for r in states["C1"]["tables"]["review"]}[f"{NORTHAMPTON}/cost"]
    assert conflict["section"] == "waits for a person" and "pinned" in conflict["why"]


def test_a_new_course_on_a_listing_page_becomes_a_candidate_and_can_be_added(weeks, python_exe, repo_root, tmp_path):
    db, reference, states = weeks
    candidates = states["A1"]["tables"]["course_candidates"]
    # The diploma is a catalogue course and "Contact us" is not training: only the new course.
    assert [(c["url"], c["title"], c["provider_id"]) for c in candidates] == [
        (CANDIDATE, "Infant Observation Training", "oxpip")]
    assert candidates[0]["first_seen"] == states["C1"]["tables"]["course_candidates"][0]["first_seen"]
    copy_db, copy_ref = tmp_path / "catalogue.db", tmp_path / "reference"
    shutil.copy(db, copy_db)
    shutil.copytree(reference, copy_ref)
    added = cli(python_exe, repo_root, "-m", "crawler", "review", "--db", str(copy_db), "--reference", str(copy_ref),
                "--results", str(db.parent / "data" / "crawls"),
                "--add", CANDIDATE, "--id", "oxpip-infant-observation-training", "--kind", "short_course")
    assert added.returncode == 0, added.stderr
    row = q(copy_db, "SELECT title, provider_id, url FROM courses WHERE id = 'oxpip-infant-observation-training'")
    assert row == [{"title": "Infant Observation Training", "provider_id": "oxpip", "url": CANDIDATE}]
    assert q(copy_db, "SELECT * FROM course_candidates") == []


def test_rebuilding_after_all_of_it_changes_nothing_users_see(weeks, python_exe, repo_root):
    db, reference, states = weeks
    result = cli(python_exe, repo_root, "-m", "crawler", "build", "--db", str(db), "--reference", str(reference))
    assert result.returncode == 0, result.stderr
    assert user_facing(db) == states["C1"]["tables"]
    assert recommended(python_exe, repo_root, db) == states["C1"]["json"]


def test_each_crawl_is_saved_as_text_and_a_fresh_build_from_it_is_the_same(weeks, tmp_path):
    db, reference, states = weeks
    saved = sorted((db.parent / "data" / "crawls").glob("*.jsonl"))
    assert len(saved) == 5  # A1, A2, B1, B2, C1
    first = saved[0].read_text(encoding="utf-8").splitlines()
    assert all(json.loads(line)["table"].startswith("crawl_") for line in first)
    fresh = tmp_path / "fresh.db"
    build(fresh, reference, db.parent / "data" / "crawls")
    assert user_facing(fresh) == states["C1"]["tables"]


@pytest.mark.parametrize("args, words", [
    (["--accept", "no-such-item"], "no review item"),
    (["--pin", NORTHAMPTON, "cost", "£1"], "needs --why"),
    (["--pin", "no-such-course", "cost", "£1", "--why", "x"], "no course"),
    (["--pin", NORTHAMPTON, "colour", "red", "--why", "x"], "unknown field"),
    (["--add", CANDIDATE, "--id", "Bad Id", "--kind", "short_course"], "--add needs --id"),
])
def test_bad_review_input_is_one_line_exit_2_nothing_written(weeks, python_exe, repo_root, args, words):
    db, reference, _ = weeks
    before = (reference / "courses.yaml").read_text(encoding="utf-8")
    result = cli(python_exe, repo_root, "-m", "crawler", "review", "--db", str(db), "--reference", str(reference), *args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and words in result.stderr
    assert (reference / "courses.yaml").read_text(encoding="utf-8") == before


def test_review_prints_the_queue_and_json(weeks, python_exe, repo_root):
    db, _, _ = weeks
    text = cli(python_exe, repo_root, "-m", "crawler", "review", "--db", str(db))
    assert text.returncode == 0
    assert "WAITS FOR A PERSON" in text.stdout and f"{TAVISTOCK}/duration" in text.stdout
    assert "NEW COURSES SPOTTED ON LISTING PAGES (1)" in text.stdout and CANDIDATE in text.stdout
    data = json.loads(cli(python_exe, repo_root, "-m", "crawler", "review", "--db", str(db), "--json").stdout)
    assert {i["id"] for i in data["items"]} >= {f"{TAVISTOCK}/duration", f"{SUNDERLAND}/page", f"{NORTHAMPTON}/cost"}


def test_datasette_shows_the_review_queue_and_the_candidates(weeks, tmp_path):
    from datasette_fixtures import Client

    db, _, states = weeks
    copy = tmp_path / "catalogue.db"  # Datasette names the database after the file, as in production
    shutil.copy(db, copy)
    client = Client(copy)
    review = client.get("/catalogue/review.json?_shape=array&_size=max")
    assert review.status_code == 200
    rows = {r["id"]: r for r in review.json()}
    gone = rows[f"{SUNDERLAND}/page"]
    assert gone["section"] == "waits for a person" and "gone" in gone["why"]
    doubtful = rows[f"{TAVISTOCK}/duration"]
    # week A showed the page's own "A 12 weeks course ..."; the misreading did not replace it
    assert doubtful["old_value"].startswith("A 12 weeks course") and doubtful["source"].startswith("https://tavistockandportman.ac.uk/")
    html = client.get("/catalogue/review")
    assert html.status_code == 200 and "Review queue" in html.text
    candidates = client.get("/catalogue/course_candidates.json?_shape=array").json()
    assert [c["url"] for c in candidates] == [CANDIDATE]
    assert "New courses spotted" in client.get("/catalogue/course_candidates").text
    overview = client.get(f"/catalogue/course_overview.json?_shape=array&id={NORTHAMPTON}").json()[0]
    assert overview["last_checked"] == date.today().isoformat()
