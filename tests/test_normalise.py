"""Normalisers: pure functions, tested with real phrasings and with Hypothesis."""
import datetime

import pytest
from hypothesis import given, strategies as st

from crawler.reading.normalise import (clean_text, date_iso, dates, duration_months, durations, fee, fee_readings, fees,
                               start_date_iso)


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
    ("two terms", (6, 8)),                       # a term is three to four months
    ("1 semester", (4, 5)),                      # a semester four to five
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
    ("MSc £15,000; PgDip £10,000; PgCert £5,000 (total)", None),   # one fee per award: each kept, none is "the" fee
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


@pytest.mark.parametrize("text, expected", [
    # days sharing one month: a list or a range starts on its first day, never its last (the days are the
    # real-page dates above, put the ways workshop pages list them)
    ("19, 20 and 21 January 2026", "2026-01-19"),
    ("19-21 January 2026", "2026-01-19"),
    ("19 \u2013 21 January 2026", "2026-01-19"),
    ("19 to 21 January 2026", "2026-01-19"),
    ("19th & 26th January 2026", "2026-01-19"),
    ("Monday 19, Tuesday 20 January 2026", "2026-01-19"),
    ("Thursday 5 and Thursday 12 February 2026", "2026-02-05"),
    # over two months, the year said once: the first day, in the year before when the range crosses a new year
    ("19 January - 2 February 2026", "2026-01-19"),
    ("Mon 19 January \u2013 Mon 2 February 2026", "2026-01-19"),
    ("19 December to 2 January 2026", "2025-12-19"),
    # a numbered thing before a date is not its first day
    ("Module 3, 19 January 2026", "2026-01-19"),
    ("Cohort 2, 5 February 2026", "2026-02-05"),
    ("Week 2 - 19 January 2026", "2026-01-19"),
])
def test_days_of_one_month_start_on_the_first(text, expected):
    assert date_iso(text) == expected
    assert dates(text)[0]["date"] == expected


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
    if unit == "year":
        n = min(n, 10)   # longer than ten years is no course length (see the threshold test below)
    factor = {"week": 7 / (365.25 / 12), "month": 1, "year": 12}[unit]
    assert duration_months(f"{n} {unit}{plural}{suffix}") == (round(n * factor, 1), round(n * factor, 1))


@given(st.integers(1, 10), st.integers(1, 10), st.sampled_from(["-", "–", "—", " to ", " or "]))
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


# --- the wording of real pages (../shared/real-pages/, quoted) ---------------------------

def course_lengths(text):
    return [(r["award"], r["months"] or r["days"] or r["hours"], r["unit"]) for r in durations(text) if r["role"] == "course"]


@pytest.mark.parametrize("text, expected", [
    ("Duration 4 calendar years", (48, 48)),                       # a word between number and unit
    ("3 academic years", (36, 36)),
    ("2 full-time years", (24, 24)),
    ("2 years and 2 terms", (30, 32)),                             # compound: added, a term is 3 to 4 months
    ("1 year and 6 months", (18, 18)),
    ("Duration12 weeks", (2.8, 2.8)),                              # Sunderland's key facts, label and value run together
    ("Online content delivered as an eleven-week course.", (2.5, 2.5)),   # Glasgow MED5642
    ("This internationally renowned course comprises four years of NHS clinical training", (48, 48)),  # Tavistock M80
    ("During this  2-year course, you will draw upon psychoanalytic theory", (24, 24)),          # bpf, double space
])
def test_duration_months_of_real_wording(text, expected):
    assert duration_months(text) == expected


def test_per_award_durations_each_in_its_own_bullet():
    # Glasgow's Global Mental Health page: one bullet per award, non-breaking hyphens.
    text = ("Duration: MSc in Global Mental Health (online) 30 months part\u2011time\n"
            "• PgDip: 24 months part\u2011time\n• PgCert: 12 months part\u2011time")
    assert course_lengths(text) == [("MSc", [30, 30], "month"), ("PgDip", [24, 24], "month"), ("PgCert", [12, 12], "month")]
    assert {r["pattern"] for r in durations(text)} == {"part-time"}
    assert duration_months(text) == (12, 30)


def test_seed_per_award_durations():
    text = "MSc- 36 months part time, PGDip- 24 months part time, PGCert- 12 months part time"   # seed 002
    assert [r["award"] for r in durations(text)] == ["MSc", "PgDip", "PgCert"]


def test_a_strapline_is_never_a_duration():
    assert duration_months("benefit from over 100 years of expertise") is None
    assert durations("benefit from over 100 years of expertise")[0]["role"] == "not_length"
    # OxPIP: "Infant Observation began more than 50 years ago at the Tavistock Clinic"
    assert duration_months("Infant Observation began more than 50 years ago at the Tavistock Clinic") is None


def test_an_age_is_not_a_duration():
    # NBO on the Digital Learning Map: "in newborn period from birth to 3 months".
    assert duration_months("the infant-parent relationship in newborn period from birth to 3 months") is None


def test_a_side_period_is_not_the_course_length():
    # OxPIP Infant Observation Training, "Time commitment".
    text = ("The observation of the baby will ideally last for seven terms, allowing for one term in which to find an "
            "appropriate mother-baby dyad, and two years to observe the baby. However, it is also possible to complete "
            "the observation over four terms, if required, in discussion with the course leader.")
    readings = durations(text)
    assert [(r["text"], r["role"]) for r in readings] == [
        ("seven terms", "course"), ("one term", "part"), ("two years", "part"), ("four terms", "course")]
    assert readings[0]["months"] == [21, 28]
    assert duration_months(text) == (12, 28)   # four to seven terms, never the one term to find a baby


def test_rates_are_not_lengths():
    # bpf: "Once a month for 18 months, there will be an in-person teaching day"
    assert duration_months("Once a month for 18 months, there will be an in-person teaching day") == (18, 18)
    # OxPIP: "Time commitments is a minimum of two hours a week"
    reading = durations("Time commitments is a minimum of two hours a week")[0]
    assert reading["role"] == "rate" and reading["hours"] == [2, 2] and reading["qualifier"] == "at least"


def test_days_and_half_days_are_kept_as_days():
    # NBO: "The training involves a 2-day in-person or online training."
    assert course_lengths("The training involves a 2-day in-person or online training.") == [(None, [2, 2], "day")]
    assert course_lengths("Three days in person training.") == [(None, [3, 3], "day")]           # Mellow Babies
    assert durations("four half-day sessions")[0]["days"] == [2, 2]                               # VIG (OBSERVED.md)
    # duration_months keeps reading them as elapsed months, for its callers.
    assert duration_months("Three days in person training.") == (0.1, 0.1)


def test_hours_of_study_are_kept_as_hours():
    text = "Approximately 2 – 4 hours of practitioner time is required to complete the module."   # NES e-learning
    reading = durations(text)[0]
    assert reading["hours"] == [2, 4] and reading["months"] is None and reading["qualifier"] == "about"
    assert duration_months(text) == (None, None)


def test_up_to_is_kept():
    reading = durations("up to 2 years")[0]
    assert reading["qualifier"] == "up to" and reading["months"] == [24, 24]


# --- fees, as pages say them ---------------------------------------------------------------

def test_each_fee_with_its_audience_year_and_basis():
    # UCL's key facts label (OBSERVED.md): "UK tuition fees (2025/26)", then the overseas fee.
    text = "UK tuition fees (2025/26) £6,215; Overseas tuition fees (2025/26) £36,500"
    readings = fee_readings(text)
    assert [(r["amount"], r["currency"], r["audience"], r["year"]) for r in readings] == [
        (6215, "GBP", "UK", "2025/26"), (36500, "GBP", "overseas", "2025/26")]
    assert fee(text) == (6215, "GBP")


def test_the_overseas_fee_never_wins_even_when_first():
    assert fee("Overseas £36,500; UK £6,215") == (6215, "GBP")


def test_a_supplement_never_wins():
    text = "A supplement of £200 applies. The course fee is £2,000 per year."
    assert [r["kind"] for r in fee_readings(text)] == ["supplement", "fee"]
    assert fee(text) == (2000, "GBP") and fee_readings(text)[1]["basis"] == "per year"
    assert fee("A supplement of £200 applies.") is None


def test_a_fee_per_credits_is_not_the_course_fee():
    reading = fee_readings("£1,000 per 20 credits")[0]
    assert reading["basis"] == "per 20 credits" and reading["amount"] == 1000
    assert fee("£1,000 per 20 credits") is None
    assert fee_readings("£350 per module")[0]["basis"] == "per module"


def test_per_award_fees_and_the_nhs_list():
    # OBSERVED.md, Glasgow IMH: "fees (total): MSc GBP 15,000, PGDip 10,000, PGCert 5,000;
    # NHS-funded students after discount 11,130 / 7,420 / 3,710" (written with £ here).
    text = "MSc £15,000; PgDip £10,000; PgCert £5,000 (total). NHS-funded students: £11,130 / £7,420 / £3,710"
    readings = fee_readings(text)
    assert [(r["award"], r["amount"], r["basis"]) for r in readings[:3]] == [
        ("MSc", 15000, "total"), ("PgDip", 10000, "total"), ("PgCert", 5000, "total")]
    assert [r["audience"] for r in readings[3:]] == ["NHS", "NHS", "NHS"]


def test_home_fees_after_the_amount():
    # studylondon.ac.uk's UCL DPsych listing: "DPsych - Doctor in Psychology £5,210 Home Fees"
    reading = fee_readings("DPsych - Doctor in Psychology £5,210 Home Fees")[0]
    assert reading["audience"] == "UK" and reading["amount"] == 5210 and reading["award"] == "DPsych"


@pytest.mark.parametrize("answer", ["No", "No.", "No – free", "There is no cost for this learning", "Free"])
def test_a_cost_question_answered_no_is_free(answer):
    # Digital Learning Map: "Is there a cost for this learning resource? :" then "No".
    assert fee(answer) == (0, None)
    assert fee_readings(answer)[0]["kind"] == "free"


@pytest.mark.parametrize("text", ["Nothing stated", "Not known", "Norwich", "Yes"])
def test_words_starting_like_no_are_not_free(text):
    assert fee(text) is None


# --- dates, as pages say them -------------------------------------------------------------

def test_a_deadline_is_not_the_start():
    text = "deadline for applications: 31st August 2020 for January 2021 start"
    assert [(d["date"], d["role"]) for d in dates(text)] == [("2020-08-31", "deadline"), ("2021-01", "start")]
    assert start_date_iso(text) == "2021-01"
    assert date_iso(text) == "2020-08-31"   # the first date, as date_iso has always said


def test_intake_and_applications_opening():
    # bpf: "The next intake for this course will be January 2026. Applications will open in January 2025."
    text = "The next intake for this course will be January 2026. Applications will open in January 2025."
    assert [(d["date"], d["role"]) for d in dates(text)] == [("2026-01", "start"), ("2025-01", "applications open")]
    assert start_date_iso(text) == "2026-01"


def test_a_publication_date_is_not_a_start():
    text = "Date posted 03 November 2025. Course start 19 January 2026"
    assert start_date_iso(text) == "2026-01-19"
    assert dates(text)[0]["role"] == "published"
    assert start_date_iso("Published 16 June 2023") is None


def test_a_news_page_date_is_an_event_or_page_date():
    # Northampton news page: "Date 16.06.2023"
    assert dates("Date 16.06.2023") == [{"date": "2023-06-16", "role": "event", "text": "Date 16.06.2023"}]


def test_a_start_date_straight_after_its_label():
    # Sunderland's key facts, "Start dates24 February 2026" in the page's text.
    assert start_date_iso("Start dates24 February 2026") == "2026-02-24"


@pytest.mark.parametrize("text, expected", [
    ("9 years", (108, 108)), ("10 years", (120, 120)), ("11 years", None), ("120 months", (120, 120)), ("121 months", None)])
def test_no_course_is_longer_than_ten_years(text, expected):
    # The ten-year bound keeps straplines and histories out of course lengths.
    assert duration_months(text) == expected


def test_contact_days_inside_a_longer_course_are_not_its_length():
    assert duration_months("One year, part time, with ten study days") == (12, 12)
    assert duration_months("4 days in person, or online over 1 or 2 weeks") == (0.1, 0.5)   # all short: days count


def test_whole_readings_have_every_key():
    # The store keeps these dicts as they are: every key is always there.
    assert fee_readings("£550") == [{"amount": 550, "amount_max": None, "currency": "GBP", "basis": None, "year": None, "audience": None,
                                     "award": None, "kind": "fee", "text": "£550"}]
    assert dates("24 February 2026") == [{"date": "2026-02-24", "role": None, "text": "24 February 2026"}]
    assert durations("12 weeks") == [{"text": "12 weeks", "unit": "week", "amount": [12, 12], "months": [2.8, 2.8],
                                      "days": None, "hours": None, "award": None, "pattern": None, "qualifier": None,
                                      "role": "course"}]


@pytest.mark.parametrize("text, expected", [("an academic year", (12, 12)), ("an 18-month course", (18, 18))])
def test_an_is_one(text, expected):
    assert duration_months(text) == expected


def test_award_names_are_normalised():
    assert [d["award"] for d in durations("PG Certificate: 12 months; Postgraduate Diploma: 24 months")] == ["PgCert", "PgDip"]


def test_currency_words():
    assert fees("1,000 euros") == [(1000, "EUR")] and fees("300 pounds") == [(300, "GBP")]


@pytest.mark.parametrize("text, mode", [
    ("This course will be taught online.", "online"),                                    # Sunderland
    ("Three days in person training.", "in person"),                                     # Mellow Babies
    ("The training involves a 2-day in-person or online training.", "in person or online"),   # NBO
    ("This course is delivered in a hybrid format with a mix of online and in-person study.", "hybrid"),   # bpf
    ("Hybrid Learning", "hybrid"), ("blended learning", "hybrid"),
    ("Yes", None), ("Full time", None), ("", None),
])
def test_study_mode(text, mode):
    from crawler.reading.normalise import study_mode

    assert study_mode(text) == mode


@pytest.mark.parametrize("text, pattern", [("4 years Full Time", "full-time"), ("30 months part‑time", "part-time"),
                                           ("full-time or part-time", None), ("online", None)])
def test_study_pattern(text, pattern):
    from crawler.reading.normalise import study_pattern

    assert study_pattern(text) == pattern


@pytest.mark.parametrize("text, basis", [("£90 per credit", "per credit"), ("£1,200 per term", "per term"),
                                         ("£100 per month", "per month"), ("£60 per session", "per session"),
                                         ("£9,000 per annum", "per year"), ("£5,000 for the whole course", "total")])
def test_fee_basis_words(text, basis):
    assert fee_readings(text)[0]["basis"] == basis


def test_one_academic_year_for_a_whole_fee_text():
    readings = fee_readings("Fees for 2025/26. Home: £6,215. Overseas: £36,500.")
    assert [(r["year"], r["audience"]) for r in readings] == [("2025/26", "UK"), ("2025/26", "overseas")]


def test_an_event_date_is_a_start_only_when_nothing_else_is():
    assert start_date_iso("Date: 5 February 2026") == "2026-02-05"
    assert start_date_iso("Closing date 1 December 2025") is None


@pytest.mark.parametrize("text, patterns", [
    # ACP "How to train" page: "the four-year doctoral-level clinical training based full-time"
    ("the four-year doctoral-level clinical training based full-time", ["full-time"]),
    ("a 2-year course which is run part-time over weekends", ["part-time"]),
    # both said, or said in another sentence, clause or of another step: not this length's
    ("2 years of study, part-time or full-time", [None]),
    ("1 year. Full-time study is also possible", [None]),
    ("3 years; the course is full-time", [None]),
    ("one year, then a second year full-time", [None]),
    ("12 months (full time) or 24 months part time", ["full-time", "part-time"]),
    # seven words after the length at most: further on, the words are about something else
    ("2 years with teaching on site and online, all full-time", [None]),
    ("2 years with teaching on site and online full-time", ["full-time"]),
])
def test_a_study_pattern_said_later_in_the_clause_belongs_to_the_length(text, patterns):
    assert [d["pattern"] for d in durations(text)] == patterns


@pytest.mark.parametrize("text, basis, course_fee", [
    # the amounts are quoted (OBSERVED.md: VIG "about £400"; issue 22: "£1,000 per 20 credits"); VAT beside them
    # is how training charities price a place
    ("£400 + VAT", None, 400.0),
    ("£400 plus VAT", None, 400.0),
    ("£400 (inc. VAT) per delegate", "per participant", 400.0),
    ("£1,000 + VAT per 20 credits", "per 20 credits", None),     # a price per credits is never the course fee
    ("£1,000 per 20 credits", "per 20 credits", None),
])
def test_vat_beside_an_amount_is_neither_a_supplement_nor_in_the_way_of_its_basis(text, basis, course_fee):
    first = fee_readings(text)[0]
    assert (first["amount"], first["kind"], first["basis"]) == (float(text.split("£")[1].split()[0].replace(",", "")),
                                                                "fee", basis)
    assert (fee(text) or (None,))[0] == course_fee


def test_an_amount_after_plus_is_still_a_supplement():
    assert [r["kind"] for r in fee_readings("£400 plus £50 supplement")] == ["fee", "supplement"]


@pytest.mark.parametrize("text, hours", [
    # an e-learning length in minutes is hours of study, as "about 2 to 4 hours" is (OBSERVED.md, NES e-learning)
    ("approximately 45 minutes", (0.75, 0.75)),
    ("Each session takes around 20-30 minutes", (0.33, 0.5)),
    ("90 minutes", (1.5, 1.5)),
    ("about 2 to 4 hours", (2.0, 4.0)),
    # time not spent studying is no length
    ("a 20-minute break every hour", None),
    ("an hour for lunch", None),
])
def test_minutes_of_study_are_hours(text, hours):
    from crawler.reading.normalise import study_hours

    assert study_hours(text) == hours


@pytest.mark.parametrize("low, high, words", [
    (0.33, 0.5, "20 to 30 minutes"), (0.75, 0.75, "45 minutes"), (None, 0.99, "59 minutes"),
    (1, 1, "1 hour"), (0.5, 1.5, "0.5 to 1.5 hours"), (2, 4, "2 to 4 hours"),
])
def test_hours_under_one_are_said_in_minutes(low, high, words):
    from recommender.output.formatting import hours

    assert hours(low, high) == words
