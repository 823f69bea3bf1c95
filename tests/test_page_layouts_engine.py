"""The second markups of the real page texts, and the university key-facts table, through the
real Scrapy engine (a subprocess) against the fixture server on 127.0.0.1 at the real URLs.

Each course page is served in its second markup (tests/files/*, "in a second markup" in their
first line); the expected facts quote the real page texts (../shared/real-pages) and
OBSERVED.md. The crawl writes into a temporary catalogue only.
"""
import pytest

import fixture_server as fs
from catalogue_rows import tuples as q

BPF = "bpf-parent-infant-psychotherapy"
M80 = "tavistock-m80-child-psychotherapy"
NBO = "newborn-behavioural-observations"
MELLOW = "mellow-babies"
UCL = "ucl-anna-freud-capt-dpsych"
MICRO = "glasgow-understanding-imh-microcredential"
MED5642 = "https://www.gla.ac.uk/coursecatalogue/course/?code=MED5642"
SECOND_MARKUP = {BPF: "bpf_tabs.html", M80: "tavistock_and_portman_m80_sections.html", NBO: "digital_learning_map_nbo_fields.html",
                 MELLOW: "digital_learning_map_mellow_babies_headings.html", UCL: "other_providers_ucl_table.html"}


@pytest.fixture(scope="module")
def crawled(python_exe, repo_root, tmp_path_factory):
    db = fs.fresh_catalogue(tmp_path_factory.mktemp("layouts"))
    with fs.serving(db) as (site, urls):
        for course, fixture in SECOND_MARKUP.items():
            site.page(urls[course], fixture)
        site.page(MED5642, "glasgow_course_catalogue_dl.html")
        for _ in range(2):   # the policy shows a page reading after two agreeing crawls
            result = fs.crawl(python_exe, repo_root, db, site, "--spider", "bpf", "--spider", "tavistock_and_portman",
                              "--spider", "digital_learning_map", "--spider", "other_providers", "--spider", "glasgow",
                              timeout=150)
            assert result.returncode == 0, result.stderr[-2000:]
    return db, urls


def page(db, course, url):
    return dict(q(db, "SELECT field, value FROM crawl_current WHERE course_id = ? AND url = ?", course, url))


@pytest.mark.timeout(400)
def test_second_markups_read_like_the_first(crawled):
    db, urls = crawled
    bpf = page(db, BPF, urls[BPF])
    assert bpf["start_date_iso"] == "2026-01"          # "The next intake for this course will be January 2026."
    assert bpf["duration_months"] == "24"              # "During this  2-year course"
    m80 = page(db, M80, urls[M80])
    assert m80["course_code"] == "M80" and m80["other_codes"] == "PCDOTP001"   # "(M80)", "also referred to as PCDOTP001"
    assert m80["duration_months"] == "48"              # "comprises four years of NHS clinical training"
    assert not any("most established" in v for v in m80.values())   # the strapline is no fact
    nbo = page(db, NBO, urls[NBO])
    assert nbo["fee"] == "0" and nbo["level"] == "Enhanced"   # "Is there a cost for this learning resource? :" "No"
    mellow = page(db, MELLOW, urls[MELLOW])
    assert "certified practitioner status" in mellow["leads_to"]   # "leads to certified practitioner status"


@pytest.mark.timeout(400)
def test_an_old_covid_notice_and_an_empty_module_section_give_nothing(crawled):
    db, _ = crawled
    med = page(db, MICRO, MED5642)
    # "Taught Wholly by Distance Learning: Yes", not the 2020-21 notice's "teaching on campus".
    assert med["mode"] == "online (wholly distance learning)"
    assert "entry_requirements" not in med             # "Requirements of Entry", then "Excluded Courses"
    assert med["duration_months"] == "2.5"             # "Online content delivered as an eleven-week course."


@pytest.mark.timeout(400)
def test_the_university_table_home_fee_with_its_year_overseas_apart_shown_after_two_crawls(crawled):
    db, urls = crawled
    ucl = page(db, UCL, urls[UCL])
    # OBSERVED.md: "UK fee 2025/26 GBP 6,215 (overseas 36,500); starts September 2025"
    assert ucl["fees"] == "UK tuition fees (2025/26): £6,215"      # the summary lines repeat it: read once
    assert ucl["fee"] == "GBP 6215" and ucl["fee_year"] == "2025/26"
    assert ucl["fee_overseas"] == "Overseas tuition fees (2025/26): £36,500" and ucl["fee_overseas_gbp"] == "36500"
    assert ucl["start_date_iso"] == "2025-09"
    # Not "doubtful: several amounts": the reading is promoted by the second agreeing crawl.
    assert not q(db, "SELECT why FROM review_queue WHERE course_id = ? AND field = 'cost'", UCL)
    assert q(db, "SELECT cost, fee_gbp FROM courses WHERE id = ?", UCL)[0] == ("UK tuition fees (2025/26): £6,215", 6215)
