"""How values are shown (catalogue_site/words/: values.py, citations.py): money, counts, codes, durations, said once.

The words come from the sources: OBSERVED.md gives UCL / Anna Freud's fee as GBP 6,215 and VIG's
training at about GBP 400; seed 002 Appendix 2 totals GBP 332,302,759; the durations are the
courses' own words in the catalogue.
"""
import pytest

from catalogue_site.words import citations
from catalogue_site.words import values as words


@pytest.mark.parametrize("value, shown", [
    (6215.0, "£6,215"), (400.0, "£400"), (332302759, "£332,302,759"), (282556.27, "£282,556.27"),
    (0, "£0"),  # 0 only where a source says free
    (None, "not known"), ("", "not known"),
])
def test_money(value, shown):
    assert words.money(value) == shown


@pytest.mark.parametrize("value, shown", [(8500, "8,500"), (8500.0, "8,500"), (None, "not known"), (7.33, "7.3")])
def test_counts(value, shown):
    assert words.count(value) == shown


@pytest.mark.parametrize("code, shown", [
    ("fully_funded", "Fully funded"), ("intervention_training", "Intervention training"), ("fee_paying", "Fee-paying"),
    (None, "not known"), ("", "not known"), ("online", "online"), ("eligible_if", "Eligible if"),
])
def test_codes_as_words(code, shown):
    assert words.words(code) == shown


@pytest.mark.parametrize("months, shown", [
    (0.1, "3 days"), (0.4, "12 days"), (0.5, "2 weeks"), (0.94, "4 weeks"), (0.95, "0.95 months"),
    (7, "7 months"), (12, "1 year"), (18, "18 months"), (23.9, "23.9 months"), (24, "2 years"), (48, "4 years"),
])
def test_months_in_natural_units(months, shown):
    assert words.months_words(months) == shown


def test_duration_words_prefer_the_sources_words():
    assert words.duration_words("four half-day sessions", 0.1, 0.1) == "four half-day sessions"
    assert words.duration_words(None, 12, 36) == "1 year to 3 years"
    assert words.duration_words(None, None, None) == "not known"


def test_rows_sorted_by_how_long_they_take():
    texts = ["2 years", "one year", None, "10 weeks", "3 days in person", "four half-day sessions",
             "2-day introductory workshop", "about 2 to 4 hours", "seven month course", "18 months"]
    ordered = [r["duration_text"] for r in words.by_length([{"duration_text": t} for t in texts])]
    assert ordered == ["about 2 to 4 hours", "four half-day sessions", "2-day introductory workshop",
                       "3 days in person", "10 weeks", "seven month course", "one year", "18 months", "2 years", None]


def test_hours_beside_days_do_not_decide_the_length():
    # Circle of Security: "24 hours: 4 days in person, or online over 1 or 2 weeks" takes 4 days to 2 weeks.
    assert words.duration_days("24 hours: 4 days in person, or online over 1 or 2 weeks") == (4, 14)
    assert words.duration_days("one teaching day a month") is None  # a rate, not a length of one month
    assert words.duration_days("no length given") is None


def test_said_once():
    assert words.said_once(["no entry requirements are recorded for this in the catalogue",
                            "no entry requirements recorded: check with the provider"]) == [
        "no entry requirements recorded: check with the provider"]
    different = ["a degree (assumed): at least a degree needed",
                 "confirm: needs 2 years' experience of working professionally with children and families"]
    assert words.said_once(different) == different
    assert words.said_once(["needs UKCP registration"] * 3) == ["needs UKCP registration"]


def test_when():
    assert words.when("2026-11-01T09:02:00") == "1 Nov 2026, 09:02 UTC"
    assert words.when("2026-11-01") == "1 Nov 2026"
    assert words.when("soon") == "soon"
    assert words.when(None) == ""


# --- Citations, options and codes in prose (issue 23: "documents cited by title and section; no file names,
# option flags or raw enum values on pages"). The titles are the sources' short titles (sources.yaml).
@pytest.fixture
def sources():
    saved = dict(citations.SOURCES)
    citations.set_sources([("seed-002", "Parent-Infant Foundation workforce paper"),
                           ("seed-003", "Parent-Infant Emotional Wellbeing proposal (FH&SfL framework)"),
                           ("observed", "Stored copies of providers' pages")])
    yield
    citations.set_sources(saved.items())


@pytest.mark.parametrize("prose, read", [
    # seed-002's routes: "government funded (seed-002 5.4.3)"
    ("government funded (seed-002 5.4.3)", "government funded (Parent-Infant Foundation workforce paper, section 5.4.3)"),
    ("seed-002 5.4.2, 7.5", "Parent-Infant Foundation workforce paper, sections 5.4.2, 7.5"),
    ("(seed-002 Appendix 1)", "(Parent-Infant Foundation workforce paper, Appendix 1)"),
    ("seed 003's national contracts", "Parent-Infant Emotional Wellbeing proposal (FH&SfL framework)'s national contracts"),
    ("Seed 003: 'most staff'", "Parent-Infant Emotional Wellbeing proposal (FH&SfL framework): 'most staff'"),
    ("(stored copy of the advert, OBSERVED.md The IEYP programme)",
     "(stored copy of the advert, stored copies of providers' pages, The IEYP programme)"),
    ("no citation here", "no citation here"),
])
def test_citations_read_as_titles_and_sections(sources, prose, read):
    assert citations.cite_text(prose) == read


def test_a_citation_links_to_the_sources_page(sources):
    html = str(citations.cite("judged level 1 (seed-002 5.2)"))
    assert '<a class="cite" href="/-/sources#seed-002">Parent-Infant Foundation workforce paper, section 5.2</a>' in html
    assert str(citations.cite_source("seed-002", "5.4.2, 7.5")).endswith(
        ">Parent-Infant Foundation workforce paper, sections 5.4.2, 7.5</a>")
    assert citations.cite_source(None) == "not known"
    assert "&lt;b&gt;" in str(citations.cite("<b>seed-002 5.2</b>"))  # the rest is escaped


@pytest.mark.parametrize("said, read", [
    # recommender/advice/profile.py's assumption and eligibility.py's missing words, as the finder's form has them
    ("registered with NMC (usual for a qualified midwife; say --registration to change)",
     "registered with NMC (usual for a qualified midwife; answer \u201cProfessional registration\u201d above to change)"),
    ("the class of your degree was not given: say --degree 2:1 if it is",
     "the class of your degree was not given: answer \u201cHighest degree\u201d with 2:1 above if it is"),
    ("the pattern is read (see study_pattern)", "the pattern is read (see pattern)"),
    ("verdict eligible_if", "verdict eligible if"),
    ("degree: unknown: no seed says", "degree: not known: no seed says"),
    ("https://example.org/a_b stays", "https://example.org/a_b stays"),
])
def test_options_and_codes_in_prose_read_as_words(said, read):
    assert citations.code_words(citations.form_words(said)) == read


def test_a_facet_counts_unknown_as_its_own_bucket():
    rows = [{"funded": "yes"}, {"funded": "yes"}, {"funded": None}, {"funded": "varies"}, {"funded": "unknown"}]
    assert words.buckets(rows, "funded") == [("Yes", 2), ("Varies", 1), ("not known", 2)]
    assert words.buckets([{"funded": "yes"}], "funded") == [("Yes", 1)]  # no empty unknown bucket


@pytest.mark.parametrize("value, name, read", [
    # seed 002 Appendix 2: "a 3% pay rise"; the team cost GBP 266,336.39 (April 2023 rates)
    (0.03, "pay_rise", "3%"), (0.05, "pay_rise", "5%"), (266336.388, "team_cost", "\u00a3266,336.39"),
    ([45, 80, 135], "teams", "45, 80, 135"), (2602.15, "wte", "2,602.2"),
])
def test_scaling_inputs_as_a_reader_reads_them(value, name, read):
    assert words.scenario_value(value, name) == read
