"""Normalisers: pure functions, tested with real phrasings and with Hypothesis."""
import datetime

import pytest
from hypothesis import given, strategies as st

from crawler.normalise import clean_text, date_iso, duration_months, fee, fees


@pytest.mark.parametrize("text, expected", [
    ("2 years p/t", (24, 24)),
    ("18 months", (18, 18)),
    ("10 weeks", (2.3, 2.3)),
    ("36 months part-time", (36, 36)),
    ("2-4 years", (24, 48)),
    ("2 – 4 years, depending on previous qualification and experience", (24, 48)),   # en dash
    ("2—4 years", (24, 48)),                                                          # em dash
    ("one year", (12, 12)),
    ("a year", (12, 12)),
    ("eleven weeks", (2.5, 2.5)),
    ("12 weeks", (2.8, 2.8)),
    ("7 months part\u2011time", (7, 7)),                                             # non-breaking hyphen
    ("a four\u2011year doctoral training", (48, 48)),
    ("MSc 36 months, PGDip 24 months, PGCert 12 months", (12, 36)),
    ("MSc: 36 months part-time; PgDip: 24 months part-time; PgCert: 12 months part-time", (12, 36)),
    ("4-year courses", (48, 48)),
    ("two terms", (6, 6)),
    ("1 semester", (4, 4)),
    ("four half-day sessions", (0.1, 0.1)),
    ("2 days", (0.1, 0.1)),
    ("18 mths", (18, 18)),
    ("3 yrs", (36, 36)),
    ("2\u00a0years", (24, 24)),                                                       # non-breaking space
    ("The diploma runs over 18 months: one teaching day a month", (18, 18)),          # a rate is not a duration
    ("once a week for two years", (24, 24)),
])
def test_duration_months_real_phrasings(text, expected):
    assert duration_months(text) == expected


@pytest.mark.parametrize("text", ["about 2 to 4 hours", "24 hours", "3 hrs"])
def test_hours_of_learning_are_readable_but_not_elapsed_time(text):
    assert duration_months(text) == (None, None)


@pytest.mark.parametrize("text", ["", "   ", "various", "See website", None])
def test_duration_unreadable_is_none(text):
    assert duration_months(text) is None


@pytest.mark.parametrize("text, expected", [
    ("£6,215", (6215, "GBP")),
    ("UK tuition fees (2025/26) £6,215; Overseas £36,500", (6215, "GBP")),
    ("about GBP 400", (400, "GBP")),
    ("£400 + VAT", (400, "GBP")),
    ("MSc £15,000; PgDip £10,000; PgCert £5,000 (total)", (15000, "GBP")),
    ("£4,950 per year", (4950, "GBP")),
    ("£60.00", (60, "GBP")),
    ("€1.5k", (1500, "EUR")),
    ("$2,000 USD", (2000, "USD")),
    ("15,000 pounds", (15000, "GBP")),
    ("Yes – £450 per participant", (450, "GBP")),
    ("£\u00a01,200", (1200, "GBP")),
    ("Free", (0, None)),
    ("No – free", (0, None)),
    ("There is no cost for this learning", (0, None)),
])
def test_fee_real_phrasings(text, expected):
    assert fee(text) == expected


@pytest.mark.parametrize("text", ["", "Fully funded by NHS England", "Please contact us for fees", "2025/26",
                                  "10 credits", "feel free to ask", None])
def test_fee_unknown_is_none_never_zero(text):
    # Unknown is a value: never 0, never a guess.
    assert fee(text) is None


def test_fees_lists_every_amount():
    assert fees("NHS-funded students: £11,130 / £7,420 / £3,710") == [(11130, "GBP"), (7420, "GBP"), (3710, "GBP")]


@pytest.mark.parametrize("text, expected", [
    ("19 January 2026", "2026-01-19"),
    ("January 2026", "2026-01"),
    ("next intake January 2026, applications open January 2025", "2026-01"),
    ("Sept 2025", "2025-09"),
    ("1st September 2025", "2025-09-01"),
    ("Thursday 5 February 2026", "2026-02-05"),
    ("19/01/2026", "2026-01-19"),        # UK order: day first
    ("2025-09-22", "2025-09-22"),
    ("September 19, 2025", "2025-09-19"),
    ("Starts 4 February 2026, Wednesday evenings", "2026-02-04"),
    ("14 March 2026 – Working with fathers", "2026-03-14"),
    ("2023-09", "2023-09"),
    ("course start 19\u00a0January\u00a02026", "2026-01-19"),
])
def test_date_iso_real_phrasings(text, expected):
    assert date_iso(text) == expected


@pytest.mark.parametrize("text", ["Spring 2026", "Semester 1", "starts in F 2023", "31 February 2026", "", None, "2025/26"])
def test_date_iso_unreadable_is_none(text):
    assert date_iso(text) is None


# --- properties ------------------------------------------------------------------------

@given(st.text())
def test_duration_never_raises_and_min_is_at_most_max(text):
    result = duration_months(text)
    if result and result != (None, None):
        assert result[0] <= result[1]


@given(st.integers(1, 99), st.sampled_from(["week", "month", "year"]), st.sampled_from(["", "s"]),
       st.sampled_from(["", " part-time", " p/t", " full time"]))
def test_duration_of_n_units(n, unit, plural, suffix):
    factor = {"week": 7 / (365.25 / 12), "month": 1, "year": 12}[unit]
    assert duration_months(f"{n} {unit}{plural}{suffix}") == (round(n * factor, 1), round(n * factor, 1))


@given(st.integers(1, 20), st.integers(1, 20), st.sampled_from(["-", "–", "—", " to ", " or "]))
def test_duration_ranges_in_any_dash(a, b, dash):
    low, high = sorted((a, b))
    assert duration_months(f"{a}{dash}{b} years") == (low * 12, high * 12)


@given(st.integers(0, 10_000_000), st.sampled_from(["£{:,}", "£{}", "GBP {:,}", "{:,} GBP", "£ {:,}"]))
def test_fee_round_trip(amount, template):
    assert fee(template.format(amount)) == (float(amount), "GBP")


@given(st.text())
def test_fee_never_raises(text):
    result = fee(text)
    assert result is None or result[0] >= 0


@given(st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2150, 12, 31)),
       st.sampled_from(["{d.day} {month} {d.year}", "{d.day:02d}/{d.month:02d}/{d.year}", "{iso}", "{month} {d.day}, {d.year}",
                        "Starts {d.day} {month} {d.year}."]))
def test_date_round_trip(d, template):
    month = d.strftime("%B")
    assert date_iso(template.format(d=d, month=month, iso=d.isoformat())) == d.isoformat()


@given(st.text())
def test_date_never_raises(text):
    result = date_iso(text)
    assert result is None or len(result) in (7, 10)


@given(st.text())
def test_clean_text_is_idempotent(text):
    assert clean_text(clean_text(text)) == clean_text(text)
