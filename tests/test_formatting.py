"""recommender/output/formatting.py: the one way pages, the planner's spreadsheets and the CLI write numbers and unknown.

Expected values are the sources' figures as a reader should see them: seed 002 Appendix 2's team cost
"£266,336.39" (stored as 266336.388), its "3%" pay rise (0.03), section 8's 7.33 WTE team and the 355
teams' 2,602.15 WTE; OBSERVED.md's UCL fee "GBP 6,215". Unknown (None) is always "not known", never 0.
"""
import math

import pytest

from recommender.output import formatting as f


@pytest.mark.parametrize("value, shown", [
    (266336.388, "£266,336.39"), (6215.0, "£6,215"), (6215, "£6,215"), (0, "£0"), (400.004, "£400"),
    (400.006, "£400.01"), (None, "not known"), ("", "not known"), (math.nan, "not known"), ("abc", "not known"),
])
def test_money(value, shown):
    assert f.money(value) == shown


@pytest.mark.parametrize("value, shown", [(200, "200"), (200.0, "200"), (4121.6, "4,122"), (0, "0"), (None, "not known")])
def test_whole_things_are_whole(value, shown):
    # people and places are whole: issue 23 saw "4121.6 staff-weeks" and "200 funded places"
    assert f.whole(value) == shown


@pytest.mark.parametrize("value, shown", [(7.33, "7.3 WTE"), (2602.15, "2,602.2 WTE"), (7.0, "7 WTE"), (None, "not known")])
def test_wte_to_one_decimal(value, shown):
    assert f.wte(value) == shown


@pytest.mark.parametrize("rate, shown", [(0.03, "3%"), (0.035, "3.5%"), (0, "0%"), (1, "100%"), (None, "not known")])
def test_rates_as_percentages(rate, shown):
    assert f.percent(rate) == shown


@pytest.mark.parametrize("value, shown", [(24.0, "24 months"), (1, "1 month"), (1.5, "1.5 months"), (None, "not known")])
def test_months_as_months(value, shown):
    assert f.months(value) == shown


@pytest.mark.parametrize("value, shown", [
    # under a week in days, at and above a week in weeks; from 10 weeks whole weeks
    (0.4, "3 days"), (1 / 7, "1 day"), (0.99, "7 days"), (1, "1 week"), (1.5, "1.5 weeks"), (9.96, "10 weeks"),
    (10, "10 weeks"), (12.4, "12 weeks"), (None, "not known"),
])
def test_weeks(value, shown):
    assert f.weeks(value) == shown


@pytest.mark.parametrize("low, high, shown", [
    # 3 nursery staff on "about 2 to 4 hours" of e-learning (its stored page): 6 to 12 hours of staff time, which
    # at the NHS Agenda for Change 37.5-hour week is 0.16 to 0.32 staff-weeks: never "0 staff-weeks"
    (6 / 37.5, 12 / 37.5, "6 to 12 staff-hours"),
    (0.4 / 37.5, 0.4 / 37.5, "0.4 staff-hours"), (1 / 37.5, 1 / 37.5, "1 staff-hour"),
    (0.99, 1.0, "37 to 38 staff-hours"), (1.0, 1.0, "1 staff-week"),     # at and around one staff-week
    (1.8, 1.8, "1.8 staff-weeks"),                                        # never "1 staff-weeks" for 1.8
    (9.94, 9.94, "9.9 staff-weeks"), (10.0, 10.0, "10 staff-weeks"), (10.4, 10.4, "10 staff-weeks"),
    (480, 480, "480 staff-weeks"), (1440, 1531.2, "1,440 to 1,531 staff-weeks"), (0, 0, "0 staff-weeks"),
    (None, None, "staff-weeks not known"),
])
def test_staff_weeks_are_never_rounded_away(low, high, shown):
    assert f.staff_weeks(low, high) == shown


@pytest.mark.parametrize("value, noun, plural, shown", [
    (0, "gap", None, "0 gaps"), (1, "gap", None, "1 gap"), (2, "gap", None, "2 gaps"),
    (1, "person", "people", "1 person"), (1200, "person", "people", "1,200 people"),
    (None, "gap", None, "gaps not known"),
])
def test_a_count_agrees_with_its_noun(value, noun, plural, shown):
    # seen on the planner pages and CLI (session 33): "1 gaps", "1 workforce parts", "1 posts": a count and its noun agree
    assert f.count(value, noun, plural) == shown
