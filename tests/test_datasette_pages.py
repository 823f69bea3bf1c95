"""The Datasette pages, in-process (datasette.client): every template and plugin route, good and bad input.

Three catalogues (tests/datasette_fixtures.py): a fresh build with empty crawl tables, the same with a
small crawl history, and a bare one without crawl_* or scaling_* tables. No page may answer 500.
"""
import importlib
import re
import urllib.parse
from html.parser import HTMLParser
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import pytest

from datasette_fixtures import NORTHAMPTON, OXPIP, ROOT  # noqa: F401 (fixtures below)
from datasette_fixtures import catalogue_bare, catalogue_plain, catalogue_with_history  # noqa: F401
from datasette_fixtures import client_bare, client_before_any_crawl, client_history, client_plain  # noqa: F401

SVG = "{http://www.w3.org/2000/svg}"
ATOM = "{http://www.w3.org/2005/Atom}"


class Page(HTMLParser):
    """Links, form fields, labels and headings of an HTML page."""

    def __init__(self, html):
        super().__init__()
        self.links, self.fields, self.labels, self.headings, self.ids = [], [], set(), [], set()
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit"):
            self.fields.append(attrs)
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))


def load_plugin(name):
    """A module of the site package, for its pure functions."""
    return importlib.import_module(f"catalogue_site.{name}")


def assert_headings_in_order(html):
    levels = Page(html).headings
    assert levels and levels[0] == 1, "each page starts with one h1"
    assert levels.count(1) == 1
    for before, after in zip(levels, levels[1:]):
        # A heading may go back up any number of levels but never skip one going down.
        assert after <= before + 1, f"heading levels skip: {levels}"


def assert_every_field_labelled(html):
    page = Page(html)
    for field in page.fields:
        assert field.get("id") in page.labels, f"form field without a label: {field}"


# ---------------------------------------------------------------- the home page

def test_home_says_no_crawl_has_run_yet(client_before_any_crawl):
    response = client_before_any_crawl.get("/")
    assert response.status_code == 200
    assert "No crawl has run yet" in response.text
    assert "39 courses" in response.text.replace("<strong>", "").replace("</strong>", "")
    assert_headings_in_order(response.text)
    assert_every_field_labelled(response.text)


def test_home_shows_last_real_crawl_and_failed_pages(client_history):
    html = client_history.get("/").text
    # The mirror run of 2026-11-20 is a test crawl: the last real crawl ended 2026-11-01 09:03.
    assert "2026-11-01T09:03:00" in html
    assert "2026-11-20" not in html
    # Northampton's latest fetch was a 404: one of the two course pages failed.
    assert re.search(r"1 of 2</strong>\s*course pages\s*failed", html)
    assert "No crawl has run yet" not in html


@pytest.mark.parametrize("which", ["plain", "history", "bare"])
def test_every_link_on_the_home_page_answers(which, request):
    # Each planner's question is one click from the home page: every link there must work.
    client = request.getfixturevalue(f"client_{which}")
    links = {link for link in Page(client.get("/").text).links if link.startswith("/")}
    assert len(links) >= 15
    for link in sorted(links):
        response = client.get(link)
        assert response.status_code == 200, f"{link}: {response.status_code}"


def test_home_links_answer_each_planners_question(client_plain):
    html = client_plain.get("/").text
    for target in ("/catalogue/courses_by_aimh_level", "/catalogue/courses_by_funding", "/catalogue/courses_by_duration",
                   "/catalogue/career_routes", "/catalogue/professions_explained", "/-/changes", "/catalogue/unknown_facts",
                   "/catalogue/courses_for_profession", "/-/find-courses", "/-/charts", "/-/sources",
                   "/catalogue/who_can_take_what", "/catalogue/aimh_levels_explained", "/catalogue/where_sources_disagree"):
        assert f'href="{target}' in html, target
    # Issue 23: no link from home lands on a raw table as an answer; the tables stay reachable for analysts.
    for raw in ("/catalogue/routes", "/catalogue/professions", "/catalogue/sources", "/catalogue/aimh_levels",
                "/catalogue/eligibility_explained", "/catalogue/source_disagreements"):
        assert f'href="{raw}"' not in html and f'href="{raw}?' not in html, raw
    assert 'href="/catalogue">every table and view' in html


# ---------------------------------------------------------------- find courses for me

def verdicts(html):
    return dict(re.findall(r'<tr class="course" data-id="([^"]+)" data-verdict="([^"]+)"', html))


def test_find_courses_form_has_a_label_for_every_field(client_plain):
    response = client_plain.get("/-/find-courses")
    assert response.status_code == 200
    assert_every_field_labelled(response.text)
    assert_headings_in_order(response.text)
    assert "Health visitor" in response.text  # the profession list comes from the catalogue


def test_find_courses_for_a_health_visitor_at_level_1(client_plain):
    response = client_plain.get("/-/find-courses?profession=health+visitor&level=1")
    assert response.status_code == 200
    html = response.text
    found = verdicts(html)
    # DOMAIN.md's examples: OxPIP advanced and the Northampton PGCert are open; the bpf course needs UKCP.
    assert found["oxpip-advanced-parent-infant-practitioner"] == "eligible"
    assert found["northampton-pgcert-infant-mental-health"] == "eligible"
    assert found["bpf-parent-infant-psychotherapy"] == "not_eligible"
    assert "needs UKCP registration" in html
    assert "Appendix 1" in html  # sources are shown with their section
    assert "/-/charts/pathway.svg?" in html
    assert_headings_in_order(html)


def test_find_courses_uses_the_recommender_itself(client_plain, catalogue_plain):
    # The page shows the recommender's answer, in its order: nothing is re-decided in the plugin.
    from recommender import recommend

    expected = recommend(str(catalogue_plain), "HV", level=1)
    html = client_plain.get("/-/find-courses?profession=HV&level=1").text
    assert list(verdicts(html).items()) == [(c["id"], c["verdict"]) for c in expected["courses"]]


def test_find_courses_with_every_field(client_plain):
    response = client_plain.get(
        "/-/find-courses?profession=social+worker&level=1&target=3&stage=qualified&registration=SWE"
        "&degree=2%3A1&experience=3&funded_only=1&online=1")
    assert response.status_code == 200
    assert "Social worker" in response.text
    assert 'value="SWE" selected' in response.text  # the form keeps what was asked


@pytest.mark.parametrize("words", [
    "social worker with 3 years experience",     # a note on the years read from the words
    "nursery nurse level 3",                      # a note on a qualification level, which is not --level
    "AiMH level 2 health visitor",                # a note on an AiMH level typed in the words
    "trainee child psychotherapist",              # a note on the training the person is on
    "locum GP",                                   # a note on words not read
])
def test_find_courses_notes_speak_of_the_form_not_the_command_line(client_plain, words):
    """The page's notes name the form's fields, never the command line's options (issue 23's plain words)."""
    html = client_plain.get("/-/find-courses?" + urllib.parse.urlencode({"profession": words})).text
    notes = re.findall(r'<p class="note">(.*?)</p>', html, re.S)
    assert notes, html[-2000:]
    assert not [n for n in notes if re.search(r"(?<![\w-])--[a-z]", n)], notes


@pytest.mark.parametrize("query, message", [
    ("profession=health+visitor&level=9", "AiMH level must be one of 0, 1, 2, 3"),
    ("profession=health+visitor&level=abc", "AiMH level must be one of"),
    ("profession=health+visitor&level=2&target=1", "must be above the current level"),
    ("profession=health+visitor&experience=-1", "experience must be between"),
    ("profession=health+visitor&experience=lots", "experience"),
    ("profession=health+visitor&registration=FOO", "unknown registration body"),
    ("profession=health+visitor&degree=phd", "unknown degree"),
    ("profession=health+visitor&stage=retired", "unknown stage"),
    ("profession=xyzzy&level=1", "closely enough"),
    ("profession=&level=1", "Please type a profession"),
    ("profession=%20%20&level=1", "Please type a profession"),
    ("level=1", "Please type a profession"),
    ("profession=" + "a" * 5000, "closely enough"),
    ("profession=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "closely enough"),
])
def test_find_courses_bad_input_is_a_clear_message_not_a_500(client_plain, query, message):
    response = client_plain.get(f"/-/find-courses?{query}")
    assert response.status_code == 400
    assert 'role="alert"' in response.text
    assert message in response.text
    assert "<script>alert(1)" not in response.text  # what was typed is escaped
    assert "--" not in re.search(r'<div class="notice error".*?</div>', response.text, re.S).group(0), \
        "command-line flags are reworded as the page's fields"


def test_find_courses_suggests_professions_for_unknown_words(client_plain):
    html = client_plain.get("/-/find-courses?profession=xyzzy&level=1").text
    assert "Did you mean" in html
    assert re.search(r'href="\?profession=[^"]+&amp;level=1"', html)


# ---------------------------------------------------------------- charts

def parse_svg(response):
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(response.text)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title").text  # a title for screen readers
    return root


def test_levels_chart(client_plain):
    root = parse_svg(client_plain.get("/-/charts/levels.svg"))
    description = root.find(f"{SVG}desc").text
    assert "Level 1" in description and "Level 2" in description and "Level 3" in description
    assert "Level not known" in description  # ABC and Watch Me Play! have no level: shown, not hidden


def test_pathway_chart_draws_the_recommenders_pathways(client_plain, catalogue_plain):
    from recommender import recommend

    result = recommend(str(catalogue_plain), "health visitor", level=1)
    root = parse_svg(client_plain.get("/-/charts/pathway.svg?profession=health+visitor&level=1"))
    text = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    first_step = result["pathways"][0]["steps"][0]["name"]
    assert first_step.split()[0] in text
    assert "Level 1" in text and f"Level {result['pathways'][0]['reaches_level']}" in text


@pytest.mark.parametrize("query", ["", "profession=", "profession=xyzzy", "profession=HV&level=7"])
def test_pathway_chart_bad_input_is_400(client_plain, query):
    response = client_plain.get(f"/-/charts/pathway.svg?{query}")
    assert response.status_code == 400
    assert response.text.strip()


def test_charts_page_with_and_without_the_scaling_scenario(client_plain, client_bare):
    html = client_plain.get("/-/charts").text
    assert_headings_in_order(html)
    assert "/-/charts/levels.svg" in html
    has_scaling = "scaling_years" in client_plain.loop.run_until_complete(
        client_plain.ds.get_database("catalogue").table_names())
    if has_scaling:
        assert "/-/charts/scaling.svg" in html
        root = parse_svg(client_plain.get("/-/charts/scaling.svg"))
        assert "Children seen" in " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    bare = client_bare.get("/-/charts")
    assert bare.status_code == 200
    assert "no scaling scenario" in bare.text
    assert client_bare.get("/-/charts/scaling.svg").status_code == 404


def test_chart_drawing_is_pure_and_escapes_text():
    charts = load_plugin("planning.charts")
    svg = charts.stacked_bars_svg("A & B <c>", ["Level 1"], ["x"], {"Level 1": {"x": 3}})
    ET.fromstring(svg)  # well-formed despite & and <
    assert charts.duration_band(None) == charts.UNKNOWN
    assert charts.duration_band(2.5) == "under 3 months"
    assert charts.duration_band(12) == "3 to 12 months"
    assert charts.duration_band(48) == "over 2 years"
    ET.fromstring(charts.sequence_svg("none", []))


# ---------------------------------------------------------------- what changed

def test_changes_page_before_any_crawl(client_before_any_crawl):
    response = client_before_any_crawl.get("/-/changes")
    assert response.status_code == 200
    assert "No crawl has run yet" in response.text
    assert_headings_in_order(response.text)


def test_changes_page_lists_changes_newest_first_with_links(client_history):
    html = client_history.get("/-/changes").text
    assert html.index("start_date") < html.index("duration"), "newest first"
    assert f'href="/catalogue/courses/{OXPIP}"' in html
    assert 'href="https://www.northampton.ac.uk/courses/' in html  # the page fetched
    assert "January 2027 &lt;b&gt;cohort&lt;/b&gt;" in html  # crawled text is escaped


def test_changes_page_filters_and_odd_parameters(client_history):
    only = client_history.get("/-/changes?field=duration").text
    assert "9 months part-time" in only and "January 2027" not in only
    for query in ("field=nonsense", "course=%27%3B+DROP+TABLE+courses", "field=" + "x" * 3000):
        response = client_history.get(f"/-/changes?{query}")
        assert response.status_code == 200
        assert "No changes recorded" in response.text


def parse_feed(response):
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}id").text and feed.find(f"{ATOM}updated").text
    return feed


def test_atom_feed_of_changes(client_history):
    feed = parse_feed(client_history.get("/-/changes.atom"))
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}updated").text for e in entries] == ["2026-11-01T09:02:00Z", "2026-10-01T09:01:30Z"]
    assert feed.find(f"{ATOM}updated").text == "2026-11-01T09:02:00Z"
    links = [link.get("href") for link in entries[0].findall(f"{ATOM}link")]
    assert any(urlsplit(link).path == f"/catalogue/courses/{OXPIP}" for link in links)


def test_atom_feed_before_any_crawl_is_valid_and_empty(client_before_any_crawl):
    feed = parse_feed(client_before_any_crawl.get("/-/changes.atom"))
    assert feed.findall(f"{ATOM}entry") == []


def test_atom_time():
    changes = load_plugin("courses.changes")
    assert changes.atom_time("2026-11-01T09:02:00") == "2026-11-01T09:02:00Z"
    assert changes.atom_time("2026-11-01T10:02:00+01:00") == "2026-11-01T09:02:00Z"
    assert changes.atom_time("not a date") == changes.EPOCH
    assert changes.atom_time(None) == changes.EPOCH


# ---------------------------------------------------------------- Datasette's own pages with our metadata

def test_courses_table_has_the_default_facets(client_plain):
    data = client_plain.get("/catalogue/courses.json?_size=0").json()
    assert set(data["facet_results"]) >= {"provider_id", "award", "aimh_level_target", "mode", "funding", "kind"}


def test_search_finds_the_observation_courses(client_plain):
    rows = client_plain.get("/catalogue/courses.json?_search=observation&_shape=array").json()
    ids = {row["id"] for row in rows}
    assert "tavistock-infant-observation-perinatal" in ids
    assert "tameside-observing-early-relationships" in ids


@pytest.mark.parametrize("path", ["/catalogue", "/catalogue/courses", "/catalogue/course_overview?_facet=funding",
                                  "/catalogue/courses/" + OXPIP, "/-/metadata", "/assets/catalogue.css"])
def test_standard_pages_answer(client_plain, path):
    assert client_plain.get(path).status_code == 200


def test_no_page_is_a_500_for_unknown_paths(client_plain):
    for path in ("/-/charts/nothing.svg", "/-/find-courses/extra", "/catalogue/no_such_table", "/assets/../metadata.yml"):
        assert client_plain.get(path).status_code in (400, 404), path


# ---------------------------------------------------------------- safe to publish

def test_read_only_no_write_plugins_and_limits_set(client_plain):
    plugins = {p["name"] for p in client_plain.get("/-/plugins.json").json()}
    assert plugins == {"imh-training-catalogue"}, \
        "only our own read-only site package: a write plugin must be a deliberate change to this test"
    settings = client_plain.get("/-/settings.json").json()
    assert settings["sql_time_limit_ms"] == 1000
    assert settings["max_returned_rows"] == 1000


def test_writes_are_refused(client_plain):
    # No canned query writes, and arbitrary SQL is read-only.
    response = client_plain.get("/catalogue.json?sql=DELETE+FROM+courses")
    assert response.status_code == 400
    for path in ("/catalogue/courses_by_funding", "/catalogue/courses", "/-/find-courses", "/catalogue/-/create"):
        response = client_plain.post(path, data={})
        assert response.status_code == 405, path
    assert client_plain.get("/catalogue/courses.json?_size=0").json()["filtered_table_rows_count"] == 39


# ---------------------------------------------------------------- the feed is valid whatever a page held

def test_atom_feed_drops_characters_xml_cannot_hold():
    changes = load_plugin("courses.changes")
    row = {"id": 1, "changed_at": "2026-11-01T09:02:00", "course_id": "c", "title": "A\x0bcourse\x00",
           "field": "cost", "old_value": "GBP\x1b 400", "new_value": "\ufffeGBP 450\x08", "url": "https://example.org/\x01"}
    feed = ET.fromstring(changes.atom_feed([row], "http://x", "catalogue"))  # raises if not well-formed
    text = ET.tostring(feed, encoding="unicode")
    assert "Acourse: cost changed" in text
    assert "GBP 400 -&gt; GBP 450" in text


def test_atom_feed_updated_is_never_1970(client_before_any_crawl):
    # Before any change or crawl, the feed was last updated when the catalogue was built.
    feed = parse_feed(client_before_any_crawl.get("/-/changes.atom"))
    updated = feed.find(f"{ATOM}updated").text
    assert not updated.startswith("1970"), updated
    assert re.fullmatch(r"20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ", updated)


# ---------------------------------------------------------------- the scaling question answered whole

def test_scaling_page_answers_with_the_papers_figures(client_plain):
    response = client_plain.get("/-/scaling")
    assert response.status_code == 200
    html = response.text
    # seed 002 section 1: "the estimated cost of scaling up teams over 5 years ... is £332,302,759";
    # section 8: "new investment of £265m over and above £67m which is already costed into the system".
    assert "£332,302,759" in html and "332302759" not in html
    assert "£264,796,926" in html and "£67,505,833" in html
    # Appendix 2: 45 teams operating in 25/26, 400 in 29/30; 8,500 children seen in 25/26.
    assert re.search(r"<strong>45</strong> teams operating in 25/26, <strong>400</strong> in 29/30", html)
    assert "8,500" in html
    assert_headings_in_order(html)
    assert_every_field_labelled(html)


def test_scaling_page_reruns_the_plan_model_with_other_inputs(client_plain, catalogue_plain):
    import json
    import subprocess
    import sys

    html = client_plain.get("/-/scaling?pay_rise=5%25").text
    plan = json.loads(subprocess.run([sys.executable, "-m", "recommender", "plan", "--pay-rise", "5%", "--json",
                                      "--db", str(catalogue_plain)], capture_output=True, text=True, check=True).stdout)
    assert f"£{plan['five_year_total']:,}" in html, "the page and `recommender plan` give the same total"
    assert "with your changes" in html


@pytest.mark.parametrize("query, words", [("pay_rise=abc", "not a number"), ("teams=1,2", "one per year"),
                                          ("years=0", "between 1 and"), ("team_cost=-5", "negative")])
def test_scaling_page_bad_input_is_a_message(client_plain, query, words):
    response = client_plain.get(f"/-/scaling?{query}")
    assert response.status_code == 400
    assert words in response.text and 'role="alert"' in response.text
    assert "--" not in re.search(r'role="alert".*?</div>', response.text, re.S).group(0), "form words, not options"


def test_scaling_page_without_the_scenario(client_bare):
    assert client_bare.get("/-/scaling").status_code == 404


# ---------------------------------------------------------------- planners' questions as pages

@pytest.mark.parametrize("name", ["courses_by_aimh_level", "courses_by_funding", "courses_by_duration",
                                  "courses_for_profession", "unknown_facts", "search_courses", "what_changed",
                                  "career_routes", "professions_explained", "who_can_take_what",
                                  "aimh_levels_explained", "where_sources_disagree"])
def test_question_pages_read_as_pages(client_plain, name):
    html = client_plain.get(f"/catalogue/{name}").text
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "SELECT" not in title and "select" not in title
    # Issue 23: the SQL is hidden; a "How this was worked out" link shows it.
    assert "SELECT" not in html and 'id="sql-query"' not in html
    assert re.search(r'<a href="\?[^"]*_how=1#how-worked-out">How this was worked out</a>', html)
    shown = client_plain.get(f"/catalogue/{name}?_how=1").text
    assert 'id="sql-query"' in shown and "SELECT" in shown
    assert 'value="Run SQL"' not in html
    assert_headings_in_order(html)
    assert_every_field_labelled(html)


def test_question_results_link_to_course_and_provider_pages(client_plain):
    html = client_plain.get("/catalogue/courses_by_funding").text
    assert f'href="/catalogue/courses/{NORTHAMPTON}"' in html
    assert 'href="/catalogue/providers/university-of-glasgow"' in html or 'href="/catalogue/providers/' in html
    # Codes as words, money as money: OBSERVED.md, UCL: a fee of GBP 6,215.
    assert "fully_funded</td>" not in html and "Fully funded" in html
    assert "6215.0" not in html and "£6,215" in html


def test_profession_in_own_words_goes_through_the_matcher(client_plain):
    typo = client_plain.get("/catalogue/courses_for_profession?profession=health+visiter").text
    assert "We read &ldquo;health visiter&rdquo; as <strong>Health visitor</strong>" in typo
    unknown = client_plain.get("/catalogue/courses_for_profession?profession=xyzzy").text
    assert "closely enough" in unknown and "Did you mean" in unknown
    exact = client_plain.get("/catalogue/courses_for_profession?profession=HV").text
    assert "open to a health visitor" in exact and "We read" not in exact


def test_durations_in_the_sources_words_sorted_by_length(client_plain):
    html = client_plain.get("/catalogue/courses_by_duration").text
    order = [html.index(words) for words in (
        "about 2 to 4 hours",          # NES e-learning (seed 003 / NES page)
        "four half-day sessions",      # VIG
        "3 days in person",            # Mellow Babies
        "10 weeks",                    # Sunderland
        "seven month course",          # Northampton (seed 001)
        "18 months",                   # OxPIP diploma
        "4 years")]                    # UCL / Anna Freud
    assert order == sorted(order)
    assert "0.1 months" not in html


# ---------------------------------------------------------------- a course's own page

def test_course_page_reads_as_a_course(client_plain):
    html = client_plain.get(f"/catalogue/courses/{NORTHAMPTON}").text
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert title.startswith("Postgraduate Certificate in Advanced Practice in Infant Mental Health and Wellbeing")
    # seed 001 "seven month course" is shown; seed 002 Appendix 1 "one year" is beside it, with why.
    assert "seven month course" in html and "&ldquo;one year&rdquo;" in html
    assert 'id="disagree-duration"' in html
    assert "Not yet checked by the crawler" in html
    # The raw row is for analysts, one link away (not part of the page a planner reads).
    assert f'href="/catalogue/courses?id={NORTHAMPTON}"' in html and '<table class="rows-and-columns' not in html
    assert_headings_in_order(html)


def test_course_page_says_when_last_checked(client_history):
    html = client_history.get(f"/catalogue/courses/{OXPIP}").text
    assert "last fetched <time datetime=\"2026-10-01T09:01:00\">1 Oct 2026, 09:01 UTC</time>" in html
    # Northampton: the real crawl of 1 Nov got a 404; the mirror run of 20 Nov is a test, not a check.
    html = client_history.get(f"/catalogue/courses/{NORTHAMPTON}").text
    assert "1 Nov 2026, 09:01 UTC" in html and "HTTP 404" in html and "20 Nov" not in html


# ---------------------------------------------------------------- the finder says each thing once

def test_finder_says_each_thing_once(client_plain):
    html = client_plain.get("/-/find-courses?profession=clinical+psychologist&level=3").text
    row = re.search(r'<tr class="course" data-id="abc-intervention".*?</tr>', html, re.S).group(0)
    assert row.count("no entry requirements") == 1


def test_finder_at_the_top_level_says_what_to_do_next(client_plain):
    html = client_plain.get("/-/find-courses?profession=clinical+psychologist&level=3").text
    assert 'id="top-level"' in html and "No pathway reaches" not in html
    for word in ("Supervise", "Lead", "Specialise"):
        assert f"<strong>{word}</strong>" in html
    below = client_plain.get("/-/find-courses?profession=clinical+psychologist&level=2").text
    assert 'id="top-level"' not in below


def test_scaling_chart_follows_the_pages_inputs(client_plain):
    html = client_plain.get("/-/scaling?years=3").text
    assert 'src="/-/charts/scaling.svg?years=3"' in html
    svg = parse_svg(client_plain.get("/-/charts/scaling.svg?years=3"))
    description = svg.find(f"{SVG}desc").text
    # seed 002 Appendix 2: the first three years cost 19.0m, 34.1m and 53.5m; no fourth year drawn.
    assert "25/26: £19.0m; 26/27: £34.1m; 27/28: £53.5m |" in description and "28/29" not in description
    assert client_plain.get("/-/charts/scaling.svg?pay_rise=x").status_code == 400


def test_scaling_tables_show_money_as_money(client_plain):
    html = client_plain.get("/catalogue/scaling_totals").text
    # seed 002: "£332,302,759"; section 8: "new investment of £265m" (a figure in millions, not £265).
    assert "£332,302,759" in html and "332302759" not in html
    assert "£265.0m" in html and ">£265<" not in html
    years = client_plain.get("/catalogue/scaling_years").text
    assert "£19,047,480" in years and "8,500" in years  # Appendix 2, 25/26


def test_a_facet_is_shown_once_with_its_unknown_bucket(client_plain, catalogue_plain):
    # Issue 23: "the funded facet twice" (metadata.yml's facet and ?_facet=funded) and "the funded facet
    # hides the unknown bucket". routes.yaml: the champions training's funding is not given by any source.
    html = client_plain.get("/catalogue/routes?_facet=funded").text
    assert html.count('<div class="facet-info facet-catalogue-routes-funded"') == 1
    unknown = re.search(r'<li class="facet-unknown"><a href="([^"]+)">not known</a> (\d+)</li>',
                        html[html.index('id="facet-funded"'):])
    import sqlite3
    conn = sqlite3.connect(catalogue_plain)
    nulls = conn.execute("SELECT COUNT(*) FROM routes WHERE funded IS NULL").fetchone()[0]
    conn.close()
    assert nulls >= 1 and unknown and int(unknown.group(2)) == nulls
    assert "funded__isnull=1" in unknown.group(1)
    # following it lists exactly those routes
    listed = client_plain.get(unknown.group(1).replace("&amp;", "&").replace("/catalogue/routes?",
                                                                             "/catalogue/routes.json?_shape=array&"))
    assert [r["funded"] for r in listed.json()] == [None] * nulls
