"""The real Scrapy engine, in a subprocess, against fixture pages on 127.0.0.1 (--mirror).

Nothing here touches the internet: every request for https://HOST/PATH goes to the local
fixture server. Each test builds its own catalogue in a temp folder.
"""
import os
import signal
import subprocess
import time

import pytest

import fixture_server as fs
from catalogue_rows import rows as q
from crawler.catalogue.build import build
from crawler.catalogue.tables.crawl_tables import GONE_AFTER
from crawler.spiders.registry import all_spiders

# The providers' listing pages (providers.yaml `listings`): read by the `listings` spider on every crawl.
LISTING_URLS = ("https://app.sheepcrm.com/oxpip/events/e/training",
                "https://childpsychotherapy.org.uk/training-events-0/pre-clinical-courses")

pytestmark = pytest.mark.timeout(120)


def current(db, course_id, url=None):
    """The crawler's current values of one page of a course: its own page unless `url` names another
    (a course's other source pages, courses.yaml source_pages, are read under their own URL)."""
    url = url or q(db, "SELECT url FROM courses WHERE id = ?", course_id)[0]["url"]
    rows = q(db, "SELECT field, value, url FROM crawl_current WHERE course_id = ?", course_id)
    return {r["field"]: r["value"] for r in rows if r["url"] == url}


@pytest.fixture
def site():
    s = fs.start()
    yield s
    fs.stop(s)


@pytest.fixture
def catalogue(tmp_path):
    path = tmp_path / "catalogue.db"
    build(path)
    return path


def run_crawl(python_exe, repo_root, db, site, *args):
    result = fs.crawl(python_exe, repo_root, db, site, *args)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return result


def summary_lines(result):
    return {line.split()[1]: line.split()[0] for line in result.stdout.splitlines() if line.startswith("  ")}


@pytest.fixture(scope="module")
def crawled(python_exe, repo_root, tmp_path_factory):
    """Every spider, twice, over unchanged pages (shared by the read-only tests below)."""
    db = fs.fresh_catalogue(tmp_path_factory.mktemp("crawled"))
    with fs.serving(db) as (s, urls):
        first = run_crawl(python_exe, repo_root, db, s)
        s.log.clear()
        second = run_crawl(python_exe, repo_root, db, s)
    return db, urls, first, second, list(s.log)


def test_first_crawl_visits_every_course_with_a_url_and_fills_fields(crawled):
    catalogue, urls, first, _, _ = crawled
    fetched = {r["course_id"] for r in q(catalogue, "SELECT DISTINCT course_id FROM crawl_fetches WHERE outcome IN ('ok', 'no_facts')")}
    # The "done when": every course with a URL is visited by a spider.
    assert fetched == set(urls)
    # Pages whose sources give no course fact (OxPIP's events page, the School's workshops page)
    # are fetched and recorded as giving none: nothing is made up for them.
    no_facts = {r["course_id"] for r in q(catalogue, "SELECT DISTINCT course_id FROM crawl_fetches WHERE outcome = 'no_facts'")}
    assert no_facts == {"oxpip-short-courses", "simh-workshops-webinars"}
    assert set(summary_lines(first).values()) == {"new"}
    # Seed 001: "The bespoke seven month course is endorsed and accredited by ... (AIMH)."
    assert current(catalogue, "northampton-pgcert-infant-mental-health")["duration_months"] == "7"
    assert "start_date_iso" not in current(catalogue, "northampton-pgcert-infant-mental-health")
    assert current(catalogue, "glasgow-infant-mental-health-pg")["duration_months"] == "12–36"
    assert current(catalogue, "ucl-anna-freud-capt-dpsych")["fee"] == "GBP 6215"
    # Facts in sentences and under question headings are found, not only key-facts boxes.
    assert current(catalogue, "bpf-parent-infant-psychotherapy")["start_date_iso"] == "2026-01"
    assert "18 months" in current(catalogue, "oxpip-parent-infant-therapist-diploma")["duration"]
    # Related pages a spider follows are recorded for the same course, under their own URL.
    assert current(catalogue, "glasgow-understanding-imh-microcredential",
                   "https://www.gla.ac.uk/coursecatalogue/course/?code=MED5642")["duration"] == "Online content delivered as an eleven-week course."
    runs = q(catalogue, "SELECT spider, outcome, pages, finished FROM crawl_runs ORDER BY id")
    # one run per spider per crawl: the 12 provider spiders and `listings` (providers' listing pages)
    assert len(runs) == 2 * len(all_spiders()) == 26 and all(r["finished"] for r in runs)
    assert {r["outcome"] for r in runs} == {"finished"}


def test_crawled_values_never_touch_the_reference_columns(crawled):
    catalogue = crawled[0]
    # The seeds say "one year" for Northampton in one source and seven months in another;
    # the build decides what courses shows, the crawl only records beside it.
    fresh = catalogue.parent / "fresh-build.db"
    build(fresh)
    assert q(catalogue, "SELECT * FROM courses ORDER BY id") == q(fresh, "SELECT * FROM courses ORDER BY id")
    side_by_side = q(catalogue, "SELECT * FROM crawl_vs_reference WHERE course_id = 'northampton-pgcert-infant-mental-health' AND field = 'duration'")
    assert side_by_side and side_by_side[0]["crawled_value"].startswith("The bespoke seven month course")


def test_second_crawl_of_unchanged_pages_records_no_change_and_downloads_no_body(crawled):
    catalogue, urls, _, second, log = crawled
    assert q(catalogue, "SELECT COUNT(*) AS n FROM crawl_changes")[0]["n"] == 0
    assert set(summary_lines(second).values()) == {"unchanged"}
    listing_pages = {fs.mirror_path(u) for u in LISTING_URLS}
    page_requests = [e for e in log if not e[0].endswith("/robots.txt")]
    # The listings spider reads each listing page in full (it keeps no validators): those aside,
    listing_reads = [e for e in page_requests if e[0] in listing_pages and e[1] == 200]
    assert len(listing_reads) == len(LISTING_URLS)
    page_requests = [e for e in page_requests if e not in listing_reads]
    # Related pages (ACP how-to-train, Glasgow course catalogue) are revisited too.
    assert len(page_requests) == len(urls) + len(fs.RELATED_FIXTURES) + len(fs.SOURCE_PAGE_FIXTURES)
    # Conditional requests: every page answered 304 with an empty body.
    assert page_requests and all(status == 304 and sent == 0 for _, status, sent in page_requests), page_requests
    last = q(catalogue, "SELECT outcome, bytes FROM crawl_fetches WHERE run_id > 13")
    assert {r["outcome"] for r in last} == {"not_modified"} and {r["bytes"] for r in last} == {0}
    assert {r["status"] for r in q(catalogue, "SELECT status FROM crawl_link_health")} == {"ok"}


def test_a_changed_page_records_a_change_row(python_exe, repo_root, catalogue, site):
    urls = fs.serve_catalogue(site, catalogue)
    run_crawl(python_exe, repo_root, catalogue, site, "--spider", "bpf")
    page = (fs.FILES / "bpf.html").read_text(encoding="utf-8")
    # Real pages change their titles under the same URL, and their intakes.
    page = page.replace("Psychodynamic or Psychoanalytic Parent-infant Psychotherapy</h1>",
                        "Parent&ndash;Infant Psychotherapy (PPIP)</h1>").replace("January 2026", "January 2027")
    site.page(urls["bpf-parent-infant-psychotherapy"], body=page)
    result = run_crawl(python_exe, repo_root, catalogue, site, "--spider", "bpf")
    changes = {r["field"]: r for r in q(catalogue, "SELECT * FROM crawl_changes WHERE course_id = 'bpf-parent-infant-psychotherapy'")}
    assert set(changes) == {"title", "description", "start_date", "start_date_iso"}   # the intake sits in the course content tab
    assert changes["start_date_iso"]["old_value"] == "2026-01" and changes["start_date_iso"]["new_value"] == "2027-01"
    assert changes["title"]["new_value"] == "Parent–Infant Psychotherapy (PPIP)"
    assert current(catalogue, "bpf-parent-infant-psychotherapy")["start_date_iso"] == "2027-01"
    assert "changed   bpf-parent-infant-psychotherapy: description, start_date, start_date_iso, title" in result.stdout
    assert "unchanged bpf-infant-observation" in result.stdout


LAYOUT_CHANGED = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Mellow Babies | Digital Learning Map</title></head>
<body><main><h1>Mellow Babies</h1><div class="new-template"><p>We have redesigned this page.</p></div></main></body></html>"""
MALFORMED = b"<html><head><title>Solihull Approach</ti\xff\xfe<body><div><p>Sta\x00\x00ff capa</div"


def test_failures_keep_the_last_good_values_and_record_what_happened(python_exe, repo_root, catalogue, site):
    urls = fs.serve_catalogue(site, catalogue)
    spiders = ["--spider", "digital_learning_map", "--spider", "tavistock_and_portman"]
    run_crawl(python_exe, repo_root, catalogue, site, *spiders)
    courses = ["newborn-behavioural-observations", "incredible-years-preschool-basic", "nes-imh-developing-positive-early-attachments",
               "tavistock-m80-child-psychotherapy", "solihull-approach-foundation", "mellow-babies", "tavistock-m7-pre-clinical"]
    before = {c: current(catalogue, c) for c in courses}
    assert all(before[c] for c in courses)

    site.page(urls["newborn-behavioural-observations"], body="<h1>Not found</h1>", status=404)
    site.page(urls["incredible-years-preschool-basic"], body="<h1>Internal error</h1>", status=500)
    site.page(urls["nes-imh-developing-positive-early-attachments"], "digital_learning_map_elearning.html", delay=4)  # > DOWNLOAD_TIMEOUT
    moved = "https://tavistockandportman.ac.uk/courses/m80-child-and-adolescent-psychotherapy/"
    site.page(urls["tavistock-m80-child-psychotherapy"], status=301, location=moved)
    site.page(moved, "tavistock_and_portman_m80.html")
    site.page(urls["solihull-approach-foundation"], body=MALFORMED)
    site.page(urls["mellow-babies"], body=LAYOUT_CHANGED)
    site.page("https://tavistockandportman.ac.uk/robots.txt", body="User-agent: *\nDisallow: /courses/working-with-children",
              content_type="text/plain")
    result = run_crawl(python_exe, repo_root, catalogue, site, *spiders)

    after = {c: current(catalogue, c) for c in courses}
    for c in courses:
        # Why: an empty or failed extraction must never blank a known value.
        for field, value in before[c].items():
            if field != "title":
                assert after[c].get(field) == value, (c, field)
    last = {r["course_id"]: r for r in q(catalogue, "SELECT * FROM crawl_fetches WHERE id IN (SELECT MAX(id) FROM crawl_fetches GROUP BY course_id, url)")}
    health = {r["course_id"]: r for r in q(catalogue, "SELECT * FROM crawl_link_health")}
    assert last["newborn-behavioural-observations"]["outcome"] == "not_found"
    assert health["newborn-behavioural-observations"]["status"] == "unreachable"   # not gone after one 404
    assert last["incredible-years-preschool-basic"]["outcome"] == "server_error"
    assert health["incredible-years-preschool-basic"]["status"] == "unreachable"
    assert last["nes-imh-developing-positive-early-attachments"]["outcome"] == "timeout", last["nes-imh-developing-positive-early-attachments"]["error"]
    assert health["nes-imh-developing-positive-early-attachments"]["status"] == "unreachable"
    assert last["tavistock-m80-child-psychotherapy"]["final_url"] == moved
    assert health["tavistock-m80-child-psychotherapy"]["status"] == "redirected"
    assert health["tavistock-m80-child-psychotherapy"]["new_url"] == moved
    assert last["solihull-approach-foundation"]["outcome"] == "no_facts"
    assert last["mellow-babies"]["outcome"] == "no_facts"
    # robots.txt is obeyed: the page is not fetched, and that is not a link failure.
    assert last["tavistock-m7-pre-clinical"]["outcome"] == "robots_forbidden"
    assert health["tavistock-m7-pre-clinical"]["status"] == "ok"
    assert not site.requests_for(urls["tavistock-m7-pre-clinical"])[1:], "fetched despite robots.txt"
    # The summary says what failed and why.
    lines = summary_lines(result)
    assert lines["newborn-behavioural-observations:"] == "failed"
    assert lines["nes-imh-developing-positive-early-attachments:"] == "failed"
    assert "no answer within" in result.stdout
    # The reference columns still hold the course, whatever the page did.
    assert q(catalogue, "SELECT COUNT(*) AS n FROM courses WHERE id = 'newborn-behavioural-observations'")[0]["n"] == 1

    for _ in range(GONE_AFTER - 1):
        run_crawl(python_exe, repo_root, catalogue, site, "--spider", "digital_learning_map")
    gone = q(catalogue, "SELECT status, consecutive_not_found FROM crawl_link_health WHERE course_id = 'newborn-behavioural-observations'")[0]
    assert gone == {"status": "gone", "consecutive_not_found": GONE_AFTER}
    assert current(catalogue, "newborn-behavioural-observations") == before["newborn-behavioural-observations"]
    assert q(catalogue, "SELECT COUNT(*) AS n FROM courses WHERE id = 'newborn-behavioural-observations'")[0]["n"] == 1


def test_sigkill_part_way_leaves_a_sound_catalogue_and_the_next_crawl_completes(python_exe, repo_root, catalogue, site):
    urls = fs.serve_catalogue(site, catalogue)
    for course_id, url in urls.items():
        site.pages[fs.mirror_path(url)].delay = 0.4   # slow enough to be caught part-way
    cmd = fs.crawl_command(python_exe, catalogue, site, "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2")
    proc = subprocess.Popen(cmd, cwd=repo_root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.time() + 30
        seen = 0
        while time.time() < deadline and seen < 4:
            line = proc.stderr.readline()
            seen += line.startswith("[")
        assert seen >= 4, "the crawl never got going"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    assert q(catalogue, "PRAGMA integrity_check")[0]["integrity_check"] == "ok"
    # The crawl works in a private copy (issue 27): the catalogue is as it was, the copy waits.
    assert q(catalogue, "SELECT COUNT(*) AS n FROM crawl_runs WHERE outcome = 'running'")[0]["n"] == 0
    assert list(catalogue.parent.glob(f".{catalogue.name}.*.crawl"))
    for course_id, url in urls.items():
        site.pages[fs.mirror_path(url)].delay = 0
    result = run_crawl(python_exe, repo_root, catalogue, site)
    assert "totals:" in result.stdout and "0 failed" in result.stdout
    assert q(catalogue, "SELECT COUNT(*) AS n FROM crawl_runs WHERE outcome = 'running'")[0]["n"] == 0
    # What the killed crawl recorded in its copy is saved by the next one, marked interrupted.
    assert q(catalogue, "SELECT COUNT(*) AS n FROM crawl_runs WHERE outcome = 'interrupted'")[0]["n"] >= 1
    assert not list(catalogue.parent.glob(f".{catalogue.name}.*.crawl"))
    assert q(catalogue, "PRAGMA integrity_check")[0]["integrity_check"] == "ok"
    assert q(catalogue, "PRAGMA journal_mode")[0]["journal_mode"] == "delete"


@pytest.mark.parametrize("args, message", [
    (["--db", "/nonexistent/catalogue.db"], "no catalogue at"),
    (["--spider", "no_such_spider"], "unknown spider no_such_spider"),
    (["--mirror", "ftp://example"], "--mirror must be an http(s) URL"),
])
def test_a_crawl_that_cannot_run_says_so_in_one_line(python_exe, repo_root, catalogue, args, message):
    cmd = [python_exe, "-m", "crawler", "crawl", "--db", str(catalogue), *args]
    result = subprocess.run(cmd, cwd=repo_root, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
