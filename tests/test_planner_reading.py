"""The site read as a workforce planner reads it (issue 23, "Done when").

One `datasette serve` of a fresh build (the shipped catalogue's content), with the options of
scripts/serve, on 127.0.0.1. The test opens the home page, follows every link on it to a page of
this site (the analysts' "every table and view" link and the Atom feed excepted: raw tables stay
reachable for those who want SQL, they are not answers), and the pages a planner reaches with
typical inputs: the course finder, the workforce self-assessment with the example assessment and
roster, a question with a profession, a search, a level, a course page, a provider's and a route's
page, the scaling page with a changed input and the sources page. Every page must answer 200 and its text must hold:

  no developer words     seed ids ("seed-002 5.4.3"), file names (OBSERVED.md), commands
                         ("python -m"), option flags ("--registration"), SQL, snake_case words
                         (column names such as duration_months_min, codes such as eligible_if)
  no unformatted numbers 4121.6 (a count of more than 999 without a thousands separator),
                         266336.388 (more than two decimals), 24.0 months (a needless .0),
                         0.03 (a rate that is not a percentage)
  one word for unknown   "not known": never "Unknown: no source says", "not stated", "unknown" or a
                         lone dash in a table cell
  plain headings         no table heading is a column name

The sources page is where a citation's id is matched to its title (issue 23: "the ids stay in JSON
and in a sources page"), so seed ids are allowed there and nowhere else.
"""
import re
import time
import urllib.error
import urllib.request
from urllib.parse import urldefrag, urljoin, urlparse

import pytest
from parsel import Selector

from datasette_fixtures import datasette_argv
from datasette_fixtures import catalogue_plain, catalogue_with_history  # noqa: F401
from served_site import datasette_serving
from test_assess_page import ROSTER, example_query

pytestmark = pytest.mark.timeout(300)

# What a planner must never read (issue 23, "What was seen" 2-5), each with why.
DEVELOPER_WORDS = [
    (re.compile(r"\bseed[- ]?0\d\d\b", re.I), "a seed id instead of the document's title"),
    (re.compile(r"\b[\w-]+\.(?:md|yaml|yml|jsonl|py|txt)\b"), "a file name"),
    (re.compile(r"\bpython3? -m\b|\brecommender (?:recommend|assess|plan|roster|area)\b|\bcrawler (?:build|crawl)\b"),
     "a command"),
    (re.compile(r"(?<![\w-])--[a-z][a-z-]+"), "a command-line option"),
    (re.compile(r"\bSELECT\b|\bCOALESCE\b|\bLEFT JOIN\b|\bsnippet\(|\beligibility_verdict\b"), "SQL"),
    (re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b"), "a snake_case name (a column or a code such as eligible_if)"),
    (re.compile(r"\bscore \d"), "the matcher's score"),
]
UNFORMATTED_NUMBERS = [
    (re.compile(r"(?<![\w.,/£-])\d{4,}(?:\.\d+)?(?![\w/-])(?!\.\d)"), "more than 999 without a thousands separator"),
    (re.compile(r"(?<![\w.])\d[\d,]*\.\d{3,}\b"), "more than two decimals"),
    (re.compile(r"(?<![\w.])\d[\d,]*\.0\b(?!\.)"), "a needless .0"),
    (re.compile(r"(?<![\w.£])0\.\d+\b(?!\s*(?:WTE|whole-time))"), "a rate or fraction that is not a percentage"),
]
OTHER_UNKNOWN_WORDS = re.compile(r"unknown: no source says|\bnot stated\b|\bunknown\b", re.I)
YEAR = re.compile(r"^(?:19|20)\d\d$")


@pytest.fixture(scope="module", params=["shipped", "after crawls"])
def served(request, catalogue_plain, catalogue_with_history):  # noqa: F811
    """(base URL, catalogue): the shipped catalogue's content, and the same after two crawls (whose home page
    links the crawl history and link health)."""
    catalogue = catalogue_plain if request.param == "shipped" else catalogue_with_history
    with datasette_serving(datasette_argv(catalogue)) as (base, _):
        yield base, catalogue


@pytest.fixture
def site(served):
    return served[0]


def get(base, path):
    try:
        with urllib.request.urlopen(urljoin(base, path), timeout=60) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def readable(html):
    """(the page's text as a reader gets it, the table headings, the table cells): scripts, styles and the
    SVG's inner text left out (a chart's words are checked by its own tests), links' text kept."""
    page = Selector(html)
    for node in page.css("script, style, template, svg, [hidden], head, textarea"):  # textarea: what the user typed
        node.root.getparent().remove(node.root)
    body = page.css("body")[0]
    text = re.sub(r"\s+", " ", " ".join(body.css("*::text").getall()))
    headings = [re.sub(r"\s+", " ", " ".join(th.css("*::text").getall())).strip() for th in body.css("th")]
    cells = [re.sub(r"\s+", " ", " ".join(td.css("*::text").getall())).strip() for td in body.css("td")]
    return text, headings, cells


def links_from_home(base):
    """Every link on the home page to a page of this site, but the analysts' tables and the feed."""
    status, html = get(base, "/")
    assert status == 200
    page = Selector(html)
    main = page.css("section.content, main")[0] if page.css("section.content, main") else page
    paths = []
    for link in main.css("a"):
        href = link.attrib.get("href", "")
        words = " ".join(link.css("::text").getall())
        url = urlparse(urljoin(base + "/", href))
        if url.netloc and url.netloc != urlparse(base).netloc:
            continue
        path = urldefrag(url.path + (f"?{url.query}" if url.query else ""))[0]
        if path.endswith(".atom") or "every table" in words.lower() or path in ("/", "/catalogue"):
            continue
        if path not in paths:
            paths.append(path)
    return paths


def problems(path, html):
    text, headings, cells = readable(html)
    found = []
    for pattern, why in DEVELOPER_WORDS:
        if path.startswith("/-/sources") and "seed id" in why:
            continue
        for match in pattern.finditer(re.sub(r"https?://\S+", " ", text)):
            found.append(f"{why}: {match.group(0)!r} in ...{text[max(0, match.start() - 60):match.end() + 40]}...")
    for pattern, why in UNFORMATTED_NUMBERS:
        for match in pattern.finditer(re.sub(r"https?://\S+|\b\d{2}/\d{2}\b", " ", text)):
            if YEAR.match(match.group(0)):
                continue
            found.append(f"{why}: {match.group(0)!r} in ...{text[max(0, match.start() - 60):match.end() + 40]}...")
    for match in OTHER_UNKNOWN_WORDS.finditer(text):
        found.append(f"unknown said another way: {match.group(0)!r} in ...{text[max(0, match.start() - 60):match.end() + 40]}...")
    for cell in cells:
        if cell in ("-", "\u2013", "\u2014", "?"):
            found.append(f"a table cell holding {cell!r} instead of words")
    for heading in headings:
        if "_" in heading or re.fullmatch(r"[a-z]+", heading):
            found.append(f"a raw column heading: {heading!r}")
    return found


def typical_pages(base, catalogue):
    """Pages a planner reaches with typical inputs (and the first course page the levels page links to)."""
    _, levels = get(base, "/catalogue/courses_by_aimh_level?level=2")
    course = Selector(levels).css("table#answer td.col-title a::attr(href)").get()
    assert course, "the levels page links its courses to their pages"
    return [
        "/-/find-courses?profession=health+visitor&level=1",
        "/-/find-courses?profession=trainee+clinical+psychologist&level=0&target=2",
        "/-/find-courses?profession=family+support+worker&level=1&funded=1",
        f"/-/workforce-assessment?{example_query(catalogue)}",
        f"/-/workforce-assessment?{example_query(catalogue, roster=True)}",
        "/catalogue/courses_for_profession?profession=HV",
        "/catalogue/courses_by_aimh_level?level=2",
        "/catalogue/search_courses?q=video+feedback",
        "/catalogue/search_courses?q=observe",
        "/catalogue/glossary_explained",
        "/-/scaling?pay_rise=5%25",
        "/-/sources",
        course,
        # the provider and route pages every question and the finder link their names to
        "/catalogue/providers/oxpip",
        "/catalogue/routes/recruit-to-train",
        "/catalogue/routes/cyp-iapt-ieyp",
    ]


def test_every_page_from_home_reads_as_plain_words(served):
    site, catalogue = served
    assert ROSTER.exists()
    paths = links_from_home(site)
    # The home page links each planner's question (issue 23: "every link from home lands on a page made to
    # be read"): at least the levels, funding, duration, who can take it, routes, finder, assessment, gaps.
    assert len(paths) >= 12, paths
    report = {}
    for path in ["/"] + paths + typical_pages(site, catalogue):
        status, html = get(site, path)
        assert status == 200, f"{path} answered {status}"
        found = problems(path, html)
        if found:
            report[path] = found[:8]
    assert not report, "\n".join(f"{path}:\n  " + "\n  ".join(found) for path, found in report.items())


def test_no_home_link_lands_on_a_raw_table(site):
    # A raw table page is Datasette's table.html (its filters form says so); home links to answers instead.
    for path in links_from_home(site):
        _, html = get(site, path)
        assert 'class="filters"' not in html, f"{path} is a raw table page"


def test_the_checker_catches_what_issue_23_saw():
    # The words and numbers issue 23 quotes from the pages it read, each caught by this test's checks.
    seen = {
        "seed-002 5.4.3": "seed id", "OBSERVED.md": "file name", "python -m recommender plan": "command",
        "say --registration": "command-line option", "eligibility_verdict": "SQL", "eligible_if": "snake_case",
        "score 100.0": "score", "4121.6 staff-weeks": "thousands separator", "266336.388": "two decimals",
        "24.0 months": ".0", "0.03": "percentage", "Unknown: no source says": "unknown said another way",
        "not stated": "unknown said another way",
    }
    for words, why in seen.items():
        html = f"<html><body><p>The plan: {words}.</p></body></html>"
        assert any(why in problem for problem in problems("/x", html)), words
    table = "<html><body><table><tr><th>duration_months_min</th></tr><tr><td>–</td></tr></table></body></html>"
    assert len(problems("/x", table)) >= 2
    plain = ("<html><body><p>Fee £6,215; 2,602.2 WTE; a 3% pay rise; 24 months; 1 year; 25/26 to 29/30; in 2025; "
             "not known; 147,050 children; £266,336.39.</p></body></html>")
    assert problems("/x", plain) == []


def test_the_spreadsheet_of_a_question_reads_as_its_page(site):
    # Issue 23: one way to format numbers and unknowns, on pages and in the CSV a planner downloads.
    import csv
    import io

    status, html = get(site, "/catalogue/courses_by_funding")
    link = Selector(html).xpath('//a[text()="Download as a spreadsheet (CSV)"]/@href').get()
    assert link and "_plain=1" in link
    status, text = get(site, link)
    assert status == 200
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    assert "Fee (£)" in header and not any("_" in h for h in header)
    by_course = {row[header.index("Course")]: dict(zip(header, row)) for row in rows[1:]}
    # OBSERVED.md, UCL / Anna Freud's DPsych: "UK fee 2025/26 GBP 6,215"; funding fee-paying.
    ucl = by_course["Child and Adolescent Psychotherapy DPsych"]
    assert ucl["Fee (£)"] == "£6,215" and ucl["Funding"] == "Fee-paying"
    # seed 002 Appendix 1: ABC has no fee, funding or level in any source: "not known", never 0 or empty.
    abc = by_course["ABC"]
    assert abc["Fee (£)"] == abc["Funding"] == abc["Builds towards"] == "not known"
    # Without _plain the CSV is the data as stored, for analysts (its columns are a contract).
    _, raw = get(site, "/catalogue/courses_by_funding.csv?_size=max")
    raw_rows = list(csv.DictReader(io.StringIO(raw)))
    assert {"course_id", "fee_gbp", "funding"} <= set(raw_rows[0])
    assert any(r["funding"] == "fee_paying" and r["fee_gbp"] == "6215.0" for r in raw_rows)


def test_routes_spreadsheet_counts_unknown_funding_in_words(site):
    import csv
    import io

    _, text = get(site, "/catalogue/career_routes.csv?_plain=1")
    rows = list(csv.DictReader(io.StringIO(text)))
    funded = sorted(r["Funded?"] for r in rows)
    # routes.yaml: two routes funded (seed-002 5.4.1, 5.4.3), three that vary, one no source says.
    assert funded == ["Varies", "Varies", "Varies", "Yes", "Yes", "not known"]
    assert all("seed-" not in r["Source"] for r in rows)
