"""Every page that holds a course's facts is visited (issue 22, part 5).

A course's other pages are listed in courses.yaml (`source_pages`: a directory entry, a news
page, a module page...). The real Scrapy engine, in a subprocess, crawls them from the fixture
server on 127.0.0.1 at their real URLs (into a temporary catalogue: fixture pages never reach
catalogue.db); each reading keeps the page it came from, a module page's facts stay the
module's, and a confirmed reading of another page sits beside the other sources in
source_disagreements.
"""
import json

import pytest

import fixture_server as fs
from catalogue_rows import tuples as rows
from crawler.catalogue.reference.reference_data import ReferenceDataError, load

DLM_GLASGOW = "https://www.digitallearningmap.nhs.scot/resources-a-to-z/infant-mental-health-msc"
MED5659 = "https://www.gla.ac.uk/coursecatalogue/course/?code=MED5659"
NEWS = "https://www.northampton.ac.uk/news/good-mental-health-starts-when-we-start-uon-students-champion-infant-mh/"
STUDYLONDON = "https://www.studylondon.ac.uk/courses/details/47669034-child-and-adolescent-psychotherapy-dpsych"


@pytest.fixture(scope="module")
def crawled_twice(python_exe, repo_root, tmp_path_factory):
    db = fs.fresh_catalogue(tmp_path_factory.mktemp("source-pages"))
    with fs.serving(db) as (site, _urls):
        for _ in range(2):   # the second crawl confirms what the first read
            result = fs.crawl(python_exe, repo_root, db, site, "--spider", "glasgow", "--spider", "digital_learning_map",
                              "--spider", "northampton", "--spider", "other_providers", timeout=150)
            assert result.returncode == 0, result.stderr[-2000:]
    return db, site


@pytest.mark.timeout(400)
def test_every_source_page_is_fetched_for_its_course(crawled_twice):
    db, site = crawled_twice
    fetched = {(c, u) for c, u in rows(db, "SELECT course_id, url FROM crawl_fetches WHERE outcome = 'ok'")}
    for course, url in [("glasgow-infant-mental-health-pg", DLM_GLASGOW), ("glasgow-infant-mental-health-pg", MED5659),
                        ("northampton-pgcert-infant-mental-health", NEWS), ("ucl-anna-freud-capt-dpsych", STUDYLONDON)]:
        assert (course, url) in fetched
        assert site.requests_for(url), f"{url} was never asked for"


@pytest.mark.timeout(400)
def test_each_fact_keeps_the_page_it_came_from(crawled_twice):
    db, _ = crawled_twice
    seen = dict(((f, u), v) for f, u, v in rows(
        db, "SELECT field, url, value FROM crawl_observations WHERE course_id = 'glasgow-infant-mental-health-pg' AND valid = 1"))
    # The Digital Learning Map entry (OBSERVED.md: "fees (total): MSc GBP 15,000, PGDip 10,000, PGCert 5,000;
    # NHS-funded students after discount 11,130 / 7,420 / 3,710"): per-award fees, the NHS fees apart.
    assert seen[("fees", DLM_GLASGOW)] == "MSc: GBP 15,000 (total); PGDip: GBP 10,000 (total); PGCert: GBP 5,000 (total)"
    assert seen[("other_fees", DLM_GLASGOW)] == "NHS-funded students after discount: GBP 11,130 / GBP 7,420 / GBP 3,710"
    readings = json.loads(rows(db, "SELECT readings FROM crawl_observations WHERE url = ? AND field = 'fees'", DLM_GLASGOW)[0][0])
    assert [(r["award"], r["amount"]) for r in readings] == [("MSc", 15000), ("PgDip", 10000), ("PgCert", 5000)]
    # The news page: "Classes are online" (real-pages/10), read for the Northampton course, at the news page's URL.
    news = dict(rows(db, "SELECT field, value FROM crawl_current WHERE course_id = 'northampton-pgcert-infant-mental-health' "
                         "AND url = ?", NEWS))
    assert news["mode"].startswith("Classes are online")


@pytest.mark.timeout(400)
def test_a_module_page_is_never_the_whole_programme(crawled_twice):
    db, _ = crawled_twice
    # real-pages/03, a module of the Glasgow programme: "Credits: 10", "Typically Offered: Semester 1".
    fields = dict(rows(db, "SELECT field, value FROM crawl_current WHERE course_id = 'glasgow-infant-mental-health-pg' "
                           "AND url = ?", MED5659))
    assert fields["module_credits"] == "10" and fields["module_start_date"] == "Semester 1"
    assert not [f for f in fields if not f.startswith("module_")]
    assert not rows(db, "SELECT 1 FROM course_facts WHERE url = ?", MED5659)


@pytest.mark.timeout(400)
def test_a_confirmed_reading_of_another_page_sits_in_source_disagreements(crawled_twice):
    db, _ = crawled_twice
    found = rows(db, "SELECT value, shown, source_kind, section FROM source_disagreements "
                     "WHERE course_id = 'glasgow-infant-mental-health-pg' AND field = 'cost' AND url = ?", DLM_GLASGOW)
    assert found and found[0][0].startswith("MSc: GBP 15,000 (total)")
    assert found[0][1] == 0 and found[0][2] == "crawl" and "directory entry" in found[0][3]
    # The shown cost is still the reference's (the course's own page gives none).
    shown = rows(db, "SELECT cost FROM courses WHERE id = 'glasgow-infant-mental-health-pg'")[0][0]
    assert shown.startswith("fees (total): MSc GBP 15,000")


def _reference_with(tmp_path, repo_root, replace, by):
    import shutil

    folder = tmp_path / "reference"
    shutil.copytree(repo_root / "crawler" / "reference", folder)
    text = (folder / "courses.yaml").read_text(encoding="utf-8")
    assert replace in text
    (folder / "courses.yaml").write_text(text.replace(replace, by, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize("replace, by, words", [
    ("      about: news\n", "      about: gossip\n", "about must be one of"),
    ("      about: news\n      source: observed\n", "      about: news\n      source: nowhere\n", "needs a known source"),
    ("    - url: https://www.northampton.ac.uk/news/", "    - url: ftp://www.northampton.ac.uk/news/", "http(s) url"),
])
def test_a_wrong_source_page_is_refused_with_the_row(tmp_path, repo_root, replace, by, words):
    folder = _reference_with(tmp_path, repo_root, replace, by)
    with pytest.raises(ReferenceDataError) as refused:
        load(folder)
    assert words in str(refused.value) and "northampton-pgcert-infant-mental-health" in str(refused.value)


@pytest.mark.timeout(400)
def test_a_news_page_gives_the_course_it_names_never_its_headline_as_the_title(crawled_twice):
    db, _ = crawled_twice
    titles = [v for (v,) in rows(db, "SELECT value FROM course_facts WHERE course_id = 'northampton-pgcert-infant-mental-health' "
                                     "AND field = 'title' AND url = ?", NEWS)]
    # real-pages/10: "... a specific course to equip them, the Postgraduate Certificate in Advanced Practice in
    # Infant Mental Health and Wellbeing." (the headline "Good mental health starts when we start..." is not it)
    assert titles == ["Postgraduate Certificate in Advanced Practice in Infant Mental Health and Wellbeing"]


def test_each_source_page_has_one_spider_the_one_of_its_site(built_catalogue):
    from crawler.spiders.registry import all_spiders, source_pages_for

    pages = source_pages_for(built_catalogue)
    assert pages[("glasgow-infant-mental-health-pg", DLM_GLASGOW)] == "digital_learning_map"   # the page's own site
    assert pages[("glasgow-infant-mental-health-pg", MED5659)] == "glasgow"                    # the course's provider
    assert pages[("ucl-anna-freud-capt-dpsych", STUDYLONDON)] == "other_providers"             # no spider of its own
    assert set(pages.values()) <= set(all_spiders())
