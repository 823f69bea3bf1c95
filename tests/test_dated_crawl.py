"""An honest "last checked" across weeks of crawling: the real Scrapy engine against fixture pages on
127.0.0.1, the real `crawler build --today` and `recommender recommend --today` CLIs.

Five crawls, a week apart: in weeks 1 and 2 Northampton's page gives a fee and an intake; in week 3
both change; week 4 agrees with week 3; in week 5 the fee becomes two amounts, which wait for a person. The crawls run now, one after another; each crawl's saved
results file (data/crawls/*.jsonl, the text the build reads) is then dated to its week, as a
weekly crawl would have dated it, and the catalogue is built as it stood at the end of each week
(`crawler build --today`). Users must see the old values with the date the page last agreed with
them, and the page's change waiting, until the policy's second agreeing crawl; then the new values,
checked that day, with the old ones in history.
"""
import json
import subprocess
from datetime import date

import pytest

import fixture_server as fs
from catalogue_rows import rows as q

pytestmark = pytest.mark.timeout(400)

NORTHAMPTON = "northampton-pgcert-infant-mental-health"
WEEKS = ("2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30")
# Test data, not a source: no page or seed gives Northampton a fee or an intake.
MADE_UP_KEY_FACTS = ('<!-- made up for this test --><dl class="key-facts"><dt>Fees</dt><dd>{fee}</dd>'
                     '<dt>Start date</dt><dd>{start}</dd></dl>')
OLD = ("UK &pound;2,150 (2025/26)", "February 2026")
NEW = ("UK &pound;2,250 (2026/27)", "February 2027")
# Week 5: two amounts at once, which the policy leaves to a person ("several amounts"). Both are course
# fees: since issue 22b an NHS-funded price beside the fee is read apart (other_fees), leaving one course
# fee, so a second amount for an NHS-funded place would no longer be a doubt.
DOUBTFUL = ("UK &pound;2,400 (2026/27) or &pound;2,600 with a placement", "February 2027")


def cli(python_exe, repo_root, *args):
    return subprocess.run([python_exe, *map(str, args)], cwd=repo_root, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def weeks(python_exe, repo_root, tmp_path_factory):
    folder = tmp_path_factory.mktemp("dated-weeks")
    db, reference = fs.fresh_catalogue(folder, own_reference=True), folder / "reference"
    crawled_on = date.today().isoformat()
    with fs.serving(db) as (site, urls):
        page = (fs.FILES / "northampton.html").read_text(encoding="utf-8")
        for week, (fee, start) in zip(WEEKS, (OLD, OLD, NEW, NEW, DOUBTFUL)):
            site.page(urls[NORTHAMPTON], body=page.replace("</main>", MADE_UP_KEY_FACTS.format(fee=fee, start=start)
                                                           + "</main>"))
            result = fs.crawl(python_exe, repo_root, db, site, "--reference", reference, "-s", "DOWNLOAD_TIMEOUT=15")
            assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-3000:]
    saved = sorted((folder / "data" / "crawls").glob("*.jsonl"))
    assert len(saved) == len(WEEKS)
    dated = folder / "dated-results"
    dated.mkdir()
    for week, path in zip(WEEKS, saved):
        text = path.read_text(encoding="utf-8")
        assert crawled_on in text, "the crawl ran over midnight: run the test again"
        (dated / path.name.replace(crawled_on, week)).write_text(text.replace(crawled_on, week), encoding="utf-8")
    states = {}
    for day in ("2026-11-08", "2026-11-09", "2026-11-16", "2026-11-22", "2026-11-23", "2026-11-30"):
        built = folder / day / "catalogue.db"
        built.parent.mkdir()
        result = cli(python_exe, repo_root, "-m", "crawler", "build", "--db", built, "--reference", reference,
                     "--results", dated, "--today", day)
        assert result.returncode == 0, result.stderr
        answer = cli(python_exe, repo_root, "-m", "recommender", "recommend", "--profession", "health visitor",
                     "--json", "--db", built, "--today", "2026-12-05")
        assert answer.returncode == 0, answer.stderr
        table = cli(python_exe, repo_root, "-m", "recommender", "recommend", "--profession", "health visitor",
                    "--all", "--db", built, "--today", "2026-12-05")
        states[day] = {"course": {c["id"]: c for c in json.loads(answer.stdout)["courses"]}[NORTHAMPTON],
                       "table": " ".join(table.stdout.split()), "db": built}
    return states


def test_one_crawl_is_not_enough(weeks):
    first = weeks["2026-11-08"]["course"]   # only week 1's crawl by then
    assert first["fee_gbp"] is None and first["starts_known"] == []
    assert first["last_checked"] is None   # the page never agreed with anything shown: no date is claimed
    assert first["page_changed_on"] == "2026-11-02" and first["page_change_waits_for"] == "a second crawl"


def test_the_second_agreeing_crawl_shows_the_page_checked_that_day(weeks):
    second = weeks["2026-11-09"]["course"]
    assert second["fee_gbp"] == 2150 and second["starts_known"] == ["2026-02"]
    assert second["last_checked"] == "2026-11-09" and second["page_changed_on"] is None
    assert second["fact_sources"]["cost"]["confirmed_at"].startswith("2026-11-09")


@pytest.mark.parametrize("day", ["2026-11-16", "2026-11-22"])
def test_a_changed_page_keeps_the_date_it_last_agreed_and_says_it_changed(weeks, day):
    waiting = weeks[day]["course"]
    assert waiting["fee_gbp"] == 2150                     # the old value, still shown...
    assert waiting["last_checked"] == "2026-11-09"        # ...with the day the page last said it, not week 3's
    assert waiting["page_changed_on"] == "2026-11-16"
    assert waiting["fact_sources"]["cost"]["confirmed_at"].startswith("2026-11-09")
    assert ("the provider's page changed on 16 November 2026; the new value waits for a second crawl; "
            "page last agreed 2026-11-09") in weeks[day]["table"]


def test_the_new_values_reach_users_after_the_second_agreeing_crawl(weeks):
    now = weeks["2026-11-23"]
    course = now["course"]
    assert course["fee_gbp"] == 2250 and course["last_checked"] == "2026-11-23" and course["page_changed_on"] is None
    # both intakes are known: on 5 December 2026 February 2026 is past and February 2027 is next
    assert course["starts_known"] == ["2026-02", "2027-02"]
    assert (course["next_start"], course["last_known_start"]) == ("2027-02", "2026-02")
    assert "next intake February 2027" in now["table"]
    changes = [(r["field"], r["old_value"], r["new_value"], r["changed_at"][:10]) for r in q(
        now["db"], "SELECT * FROM fact_changes WHERE course_id = ? ORDER BY id", NORTHAMPTON)]
    assert ("cost", "UK £2,150 (2025/26)", "UK £2,250 (2026/27)", "2026-11-23") in changes
    assert ("start_dates", "February 2026", "February 2027", "2026-11-23") in changes
    kept = {(r["field"], r["value"]) for r in q(now["db"], "SELECT field, value FROM course_facts WHERE course_id = ?",
                                                 NORTHAMPTON)}
    assert {("cost", "UK £2,150 (2025/26)"), ("cost", "UK £2,250 (2026/27)")} <= kept


def test_a_doubtful_reading_waits_for_review_and_the_date_stays_honest(weeks):
    later = weeks["2026-11-30"]
    course = later["course"]
    assert course["fee_gbp"] == 2250                  # not replaced by a reading a person must judge
    assert course["last_checked"] == "2026-11-23" and course["page_changed_on"] == "2026-11-30"
    assert course["page_change_waits_for"] == "review"
    assert "the provider's page changed on 30 November 2026; the new value waits for review" in later["table"]
    queued = q(later["db"], "SELECT status, new_value FROM review_queue WHERE id = ?", f"{NORTHAMPTON}/cost")
    assert queued == [{"status": "waits for a person", "new_value": "UK £2,400 (2026/27) or £2,600 with a placement"}]
