"""Follow a search: each finder search's own Atom feed (/-/find-courses.atom?<its query>), read by a real
feed reader (feedparser) from the real Datasette app, over a crawl history made by the real Scrapy engine
against fixture pages on 127.0.0.1.

The history: one crawl of the Glasgow pages as the fixtures hold them (no intake given), then the
Infant Mental Health programme's page publishes an intake and changes its entry requirements (both
MADE UP FOR THIS TEST: no source gives Glasgow an intake), then two crawls (a page reading is shown
after two consecutive crawls agree: docs/data-model.md).

Who it fits, from the sources (seed 002, Appendix 1, Glasgow's entry rule): "At least 2:1 honours in
relevant degree or registered healthcare professional qualification also considered". A health visitor
is a registered healthcare professional; a family support worker with no degree and no registration is
not eligible. The course is fee-paying (stored copy of digitallearningmap.nhs.scot: "fees (total): MSc
GBP 15,000 ..."), so a "funded only" search does not list it.
"""
import shutil
import sqlite3
from urllib.parse import urlencode, urlsplit

import feedparser
import pytest

import fixture_server as fs
from datasette_fixtures import Client

pytestmark = pytest.mark.timeout(300)

GLASGOW = "glasgow-infant-mental-health-pg"
MICRO = "glasgow-understanding-imh-microcredential"   # its page missing (404) at the first crawl, then there
HV = {"profession": "health visitor", "level": "1"}
FSW = {"profession": "family support worker", "level": "1", "degree": "none", "registration": "none"}
HV_FUNDED = {"profession": "health visitor", "level": "1", "funded_only": "1"}
ENTRY = "At least 2:1 honours in relevant degree or registered healthcare professional qualification also considered"
MADE_UP_ENTRY = ENTRY + " (made up for this test: and IELTS 6.5)"


@pytest.fixture(scope="module")
def history(python_exe, repo_root, tmp_path_factory):
    folder = tmp_path_factory.mktemp("feeds")
    db, reference = fs.fresh_catalogue(folder, own_reference=True), folder / "reference"
    before = folder / "before" / "catalogue.db"
    before.parent.mkdir()
    shutil.copy(db, before)
    with fs.serving(db) as (site, urls):
        site.page(urls[MICRO], body="<h1>Page not found</h1>", status=404)

        def crawl():
            result = fs.crawl(python_exe, repo_root, db, site, "--reference", reference, "--spider", "glasgow",
                              "-s", "DOWNLOAD_TIMEOUT=15")
            assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-3000:]

        crawl()
        site.page(urls[MICRO], fs.COURSE_FIXTURES[MICRO])
        page = (fs.FILES / "glasgow.html").read_text(encoding="utf-8")
        assert "12 months part time</li>" in page and ENTRY in page
        site.page(urls[GLASGOW], body=page.replace(
            "12 months part time</li>",
            "12 months part time</li><li><strong>Start date: </strong>September 2027</li>").replace(ENTRY, MADE_UP_ENTRY))
        crawl()
        crawl()
    return {"db": db, "before": before}


@pytest.fixture(scope="module")
def client(history):
    return Client(history["db"])


def feed(client, answers):
    response = client.get("/-/find-courses.atom?" + urlencode(answers))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.id and parsed.feed.updated and parsed.feed.title and parsed.feed.author
    assert any(link.rel == "self" for link in parsed.feed.links)
    for entry in parsed.entries:
        assert entry.id and entry.title and entry.updated and entry.link and entry.summary
    return parsed


def about(parsed, course_id):
    return [e for e in parsed.entries if urlsplit(e.link).path == f"/catalogue/courses/{course_id}"]


def test_a_published_intake_reaches_the_feeds_of_the_searches_it_fits_and_no_other(client, history):
    hv = about(feed(client, HV), GLASGOW)
    opened = [e for e in hv if "new intake published" in e.title]
    assert len(opened) == 1
    assert "September 2027" in opened[0].summary and "not published before" in opened[0].summary
    # dated by the crawl that confirmed it (the third), not by the reader's clock
    third = sqlite3.connect(history["db"]).execute(
        "SELECT started, finished FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
    assert third[0][:19] <= opened[0].updated.replace("Z", "")[:19] <= third[1][:19]
    assert about(feed(client, FSW), GLASGOW) == []        # not eligible: no 2:1, no registration
    assert about(feed(client, HV_FUNDED), GLASGOW) == []  # fee-paying: outside a funded-only search


def test_a_changed_entry_requirement_is_said_in_plain_words(client):
    changed = [e for e in about(feed(client, HV), GLASGOW) if "entry requirements changed" in e.title]
    assert len(changed) == 1
    assert "IELTS 6.5" in changed[0].summary and ENTRY in changed[0].summary
    assert any(link.rel == "via" and "gla.ac.uk" in link.href for link in changed[0].links)


def test_a_course_first_found_after_its_provider_was_crawled_appears(client):
    appeared = [e for e in about(feed(client, HV), MICRO) if e.title.endswith(": appeared")]
    assert len(appeared) == 1 and "First read by the crawler" in appeared[0].summary
    # The programme page was read at the first crawl of the provider: it did not appear later.
    assert [e for e in about(feed(client, HV), GLASGOW) if e.title.endswith(": appeared")] == []


def test_two_profiles_get_different_feeds(client):
    hv, fsw = feed(client, HV), feed(client, FSW)
    assert hv.feed.id != fsw.feed.id
    assert {e.id for e in hv.entries} != {e.id for e in fsw.entries}
    assert "health visitor" in hv.feed.title.lower() and "family support worker" in fsw.feed.title.lower()


def test_the_feed_is_the_same_search_as_the_page_it_follows(client):
    assert feed(client, HV).feed.id == feed(client, dict(HV, stage="")).feed.id  # an empty answer is no answer
    page = client.get("/-/find-courses?" + urlencode(HV)).text
    href = "/-/find-courses.atom?" + urlencode(HV)
    assert f'<link rel="alternate" type="application/atom+xml" title="New intakes and changes for this search" ' \
           f'href="{href.replace("&", "&amp;")}">' in page
    assert "Follow this search" in page


def test_before_any_crawl_the_feed_is_valid_and_says_nothing_happened_yet(history):
    parsed = feed(Client(history["before"]), HV)
    assert parsed.entries == []
    assert "Nothing yet" in parsed.feed.subtitle


@pytest.mark.parametrize("query, words", [
    ({}, "profession"), ({"profession": "astronaut"}, "astronaut"), ({"profession": "HV", "level": "7"}, "level")])
def test_a_search_the_finder_refuses_is_a_one_line_400(client, query, words):
    response = client.get("/-/find-courses.atom?" + urlencode(query))
    assert response.status_code == 400
    text = response.text.strip()
    assert "\n" not in text and words in text.lower() and "Traceback" not in text
