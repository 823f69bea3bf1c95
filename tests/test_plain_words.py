"""How values are shown (catalogue_site/plain_words.py): money, counts, codes, durations, said once.

The words come from the sources: OBSERVED.md gives UCL / Anna Freud's fee as GBP 6,215 and VIG's
training at about GBP 400; seed 002 Appendix 2 totals GBP 332,302,759; the durations are the
courses' own words in the catalogue.
"""
import pytest

from catalogue_site import plain_words as words


@pytest.mark.parametrize("value, shown", [
    (6215.0, "£6,215"), (400.0, "£400"), (332302759, "£332,302,759"), (282556.27, "£282,556.27"),
    (0, "£0"),  # 0 only where a source says free
    (None, "unknown"), ("", "unknown"),
])
def test_money(value, shown):
    assert words.money(value) == shown


@pytest.mark.parametrize("value, shown", [(8500, "8,500"), (8500.0, "8,500"), (None, "unknown"), (7.33, "7.3")])
def test_counts(value, shown):
    assert words.count(value) == shown


@pytest.mark.parametrize("code, shown", [
    ("fully_funded", "Fully funded"), ("intervention_training", "Intervention training"), ("fee_paying", "Fee-paying"),
    (None, "Unknown: no source says"), ("", "Unknown: no source says"), ("online", "online"),
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
    assert words.duration_words(None, None, None) == "Unknown: no source says"


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
