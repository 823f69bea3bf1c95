"""Reading real pages the way they are written (issue 22, part 4): labelled rows in any markup,
home and overseas fees with their academic year, side amounts, ranges, per-award fee lists,
NHS and discounted fees, facts in sentences, dated notices, module pages, a row met twice.

Each page here is small and says what it stands for; the words of each fact are quoted from
issue 22 (which quotes the real pages it was tried on), a seed document, OBSERVED.md or a text
in ../shared/real-pages. Fast and pure: the extraction and validation of one page at a time.
"""
import pytest
from scrapy.http import HtmlResponse

from crawler.catalogue import currency
from crawler.pipelines.validate import check_fields
from crawler.reading.extract import extract, readings


def page(body, url="https://www.example.ac.uk/course"):
    html = f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{body}</body></html>"
    return HtmlResponse(url=url, body=html.encode("utf-8"), encoding="utf-8")


def read(body):
    """(valid fields {field: value}, structured readings) of a page."""
    facts = extract(page(body))
    valid, _ = check_fields(facts)
    return {field: value for field, (value, method) in valid.items()}, readings(facts)


# Issue 22: "labelled rows: 'UK tuition fees (2026/27) | £6,400', 'Overseas tuition fees (2026/27)
# | £36,500', 'Programme starts | September 2026'", the common UK university layout, in each markup.
UNIVERSITY_ROWS = [("UK tuition fees (2026/27)", "£6,400"), ("Overseas tuition fees (2026/27)", "£36,500"),
                   ("Programme starts", "September 2026")]
MARKUPS = {
    "th/td": lambda rows: "<table>" + "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows) + "</table>",
    "dt/dd": lambda rows: "<dl>" + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>",
    "label and value spans": lambda rows: "<ul>" + "".join(f"<li><span>{k}</span><span>{v}</span></li>" for k, v in rows) + "</ul>",
    "label box classes": lambda rows: "".join(f"<div><div class='key-info__label'>{k}</div><div class='key-info__value'>{v}</div></div>"
                                              for k, v in rows),
    "Label: value lines": lambda rows: "".join(f"<p>{k}: {v}</p>" for k, v in rows),
    "bold label in a bullet": lambda rows: "<ul>" + "".join(f"<li><strong>{k}</strong> {v}</li>" for k, v in rows) + "</ul>",
}


@pytest.mark.parametrize("markup", MARKUPS)
def test_university_key_facts_home_fee_with_its_year_overseas_apart_and_the_start(markup):
    found, r = read(f"<main><h1>A programme</h1>{MARKUPS[markup](UNIVERSITY_ROWS)}</main>")
    assert found["fee"] == "GBP 6400" and found["fee_year"] == "2026/27"      # "UK tuition fees (2026/27) | £6,400"
    assert found["fee_overseas_gbp"] == "36500"                               # "Overseas tuition fees (2026/27) | £36,500"
    assert found["start_date_iso"] == "2026-09"                               # "Programme starts | September 2026"
    assert [f["amount"] for f in r["fees"]] == [6400]                         # the course fee reading holds one amount
    assert [(f["amount"], f["year"], f["audience"]) for f in r["fee_overseas"]] == [(36500, "2026/27", "overseas")]


def test_the_university_fee_reading_is_not_doubtful_for_several_amounts():
    # Issue 22: "the fee reading is queued as 'doubtful: several amounts' (the reading text holds both rows twice)".
    found, _ = read("<main>" + MARKUPS["th/td"](UNIVERSITY_ROWS) + MARKUPS["Label: value lines"](UNIVERSITY_ROWS) + "</main>")
    assert found["fees"] == "UK tuition fees (2026/27): £6,400"
    assert currency.doubt("cost", found["fees"], ["£6,215"]) is None
    # The overseas row alone in a reading: its own fact, never the course fee.
    assert "fee" not in read("<main><dl><dt>Overseas tuition fees (2026/27)</dt><dd>£36,500</dd></dl></main>")[0]


@pytest.mark.parametrize("label, value, iso", [
    ("Programme starts", "September 2026", "2026-09"),     # issue 22, the university layout
    ("Start date", "24 February 2026", "2026-02-24"),      # real-pages/13 (Sunderland "Start dates24 February 2026")
    ("Next intake", "January 2026", "2026-01"),            # real-pages/19 (bpf: "The next intake ... January 2026")
    ("Entry", "September 2026", "2026-09"),
    # a workshop's or event's own label for its day (the date real-pages/13 gives; the label is the layout's)
    ("When", "24 February 2026", "2026-02-24"),
    ("Date and time", "Tuesday 24 February 2026, 9.30am - 4.30pm", "2026-02-24"),
    ("Workshop dates", "24 February 2026", "2026-02-24"),
])
def test_start_labels(label, value, iso):
    assert read(f"<main><dl><dt>{label}</dt><dd>{value}</dd></dl></main>")[0]["start_date_iso"] == iso


def test_a_registration_fee_beside_the_course_fee_is_never_the_course_fee():
    # Issue 22: "Side amounts became the course fee (a £60 registration fee ...)"; the course fee is
    # Sunderland's "Fee£550" (real-pages/13).
    for rows in ([("Fee", "£550"), ("Registration fee", "£60")], [("Registration fee", "£60"), ("Fee", "£550")]):
        found, r = read("<main>" + MARKUPS["th/td"](rows) + "</main>")
        assert found["fee"] == "GBP 550"
        assert [(f["amount"], f["kind"]) for f in r["other_fees"]] == [(60, "registration fee")]
    only, r = read("<main><p>Registration fee: £60</p></main>")
    assert "fee" not in only and only["other_fees"] == "Registration fee: £60"


@pytest.mark.parametrize("words, kind", [
    ("Membership fee: £60", "membership"), ("Application fee: £60", "application fee"), ("Deposit: £60", "deposit"),
    ("Accommodation costs: £60", "accommodation"),
])
def test_other_side_amounts_are_kept_with_their_label(words, kind):
    found, r = read(f"<main><ul><li>Fee: £550</li><li>{words}</li></ul></main>")
    assert found["fee"] == "GBP 550" and [f["kind"] for f in r["other_fees"]] == [kind]


def test_a_range_stays_a_range():
    # Issue 22: '"£375 – £475" stored as £375'.
    found, r = read("<main><dl><dt>Course fee</dt><dd>£375 – £475</dd></dl></main>")
    assert "fee" not in found and found["fees"] == "£375 – £475"
    assert [(f["amount"], f["amount_max"]) for f in r["fees"]] == [(375, 475)]


def test_per_award_fees_are_matched_by_their_label_not_their_place():
    # OBSERVED.md, Glasgow IMH: "fees (total): MSc GBP 15,000, PGDip 10,000, PGCert 5,000" (with £ here),
    # the award after each amount, then each award in its own row.
    _, r = read("<main><p>Fees (total): £15,000 (MSc), £10,000 (PgDip), £5,000 (PgCert).</p></main>")
    assert [(f["award"], f["amount"]) for f in r["fees"]] == [("MSc", 15000), ("PgDip", 10000), ("PgCert", 5000)]
    _, r = read("<main><h2>Fees</h2><ul><li>MSc: £15,000</li><li>PgDip: £10,000</li><li>PgCert: £5,000</li></ul></main>")
    assert [(f["award"], f["amount"]) for f in r["fees"]] == [("MSc", 15000), ("PgDip", 10000), ("PgCert", 5000)]


def test_an_nhs_fee_is_its_own_fact_not_a_discount_and_not_the_course_fee():
    # OBSERVED.md, Glasgow IMH: "NHS-funded students after discount 11,130 / 7,420 / 3,710" (with £ here).
    found, r = read("<main><dl><dt>NHS-funded students after discount</dt><dd>£11,130 / £7,420 / £3,710</dd></dl></main>")
    assert "fee" not in found
    assert [(f["amount"], f["audience"], f["kind"]) for f in r["other_fees"]] == [
        (11130, "NHS", "discounted fee"), (7420, "NHS", "discounted fee"), (3710, "NHS", "discounted fee")]


def test_facts_given_only_in_sentences():
    found, r = read(
        "<main><h1>Infant and Early Years Practitioner Parent-Infant (IEYP-PI)</h1>"
        # OBSERVED.md, the IEYP advert: "course start 19 January 2026"
        "<p>The course start 19 January 2026, with teaching at Anna Freud in London.</p>"
        # seed 003: "Family Hubs & Start for Life funding ends on 31 March 2025."
        "<p>Family Hubs &amp; Start for Life funding ends on 31 March 2025.</p>"
        # OBSERVED.md, VIG: "about GBP 400" (with £ here)
        "<p>The initial training course costs about £400.</p></main>")
    assert found["start_date_iso"] == "2026-01-19"
    assert found["funding_ends_iso"] == "2025-03-31"
    assert found["fee"] == "GBP 400"


def test_an_application_deadline_is_its_own_fact_never_the_start():
    # The deadline wording the normaliser's tests quote: "deadline for applications: 31st August 2020 for January 2021 start".
    found, _ = read("<main><p>The deadline for applications: 31st August 2020 for January 2021 start.</p></main>")
    assert found["start_date_iso"] == "2021-01" and found["applications_close_iso"] == "2020-08-31"
    assert read("<main><dl><dt>Application deadline</dt><dd>31 August 2020</dd></dl></main>")[0] == {
        "applications_close": "31 August 2020", "applications_close_iso": "2020-08-31"}


@pytest.mark.parametrize("sentence", [
    "Applications for the January 2021 intake close on 31 August 2020.",
    "Applications to the January 2021 cohort will close on 31 August 2020.",
    "Places must be booked by 31 August 2020 for the January 2021 start.",
])
def test_a_deadline_said_with_the_intake_between_its_words(sentence):
    """The same deadline and start as above ("deadline for applications: 31st August 2020 for January 2021
    start"), in the other ways pages put it: the intake named between "applications" and "close", a booking."""
    found, _ = read(f"<main><h2>Fees and funding</h2><p>{sentence}</p></main>")
    assert found["applications_close_iso"] == "2020-08-31"
    assert found.get("start_date_iso") in (None, "2021-01")   # never the deadline


def test_when_an_application_closes_is_not_read_from_a_sentence_without_a_deadline():
    found, _ = read("<main><p>Applications for the January 2021 intake are welcome from health visitors.</p></main>")
    assert "applications_close" not in found


COVID_NOTICE = ("Please note: there may be some adjustments to the teaching arrangements published in the course catalogue "
                "for 2020-21. Given current circumstances related to the Covid-19 pandemic it is anticipated that some usual "
                "arrangements for teaching on campus will be modified to ensure the safety and wellbeing of students and staff "
                "on campus; further adjustments may also be necessary, or beneficial, during the course of the academic year as "
                "national requirements relating to management of the pandemic are revised.")   # real-pages/02


@pytest.mark.parametrize("wrapper", ["<p>{}</p>", "<div class='notice'><p>{}</p></div>"])
def test_an_old_covid_notice_is_not_the_mode(wrapper):
    found, _ = read("<main>" + wrapper.format(COVID_NOTICE) + "<h1>Understanding Infant Mental Health and Development MED5642</h1>"
                    "<p>Online content delivered as an eleven-week course.</p></main>")       # real-pages/02
    assert found["mode"] == "Online content delivered as an eleven-week course."
    found, _ = read("<main>" + wrapper.format(COVID_NOTICE) + "<h1>A course</h1></main>")
    assert "mode" not in found      # "teaching on campus" in a 2020-21 notice says nothing of the course now


def test_a_dated_notice_is_not_a_start_but_a_plain_note_is_still_read():
    found, _ = read("<main><div class='alert'><p>Update: the January 2021 intake was moved online.</p></div>"
                    "<p>Please note: you may see the M80 course also referred to as PCDOTP001 in communications "
                    "from our application system.</p></main>")                               # real-pages/15
    assert "start_date" not in found and "mode" not in found


@pytest.mark.parametrize("after", [
    "<h2>Excluded Courses</h2>", "<p><strong>Excluded Courses</strong></p>", "<h3>Excluded Courses</h3><p>None</p>",
    "<p>Excluded Courses</p><p>None</p>",
])
def test_an_empty_requirements_of_entry_takes_nothing_from_the_next_section(after):
    # real-pages/02 and 03 (Glasgow course catalogue): "Requirements of Entry" then "Excluded Courses" ("None").
    found, _ = read(f"<main><h1>Exploring Infant Mental Health and Development MED5659</h1><h2>Requirements of Entry</h2>{after}</main>")
    assert "entry_requirements" not in found


def test_a_row_met_through_two_markups_is_read_once():
    found, r = read("<main><table><tr><th>Fee</th><td>£550</td></tr></table><p>Fee: £550</p></main>")
    assert found["fees"] == "£550" and len(r["fees"]) == 1


def test_one_paragraph_holding_the_home_and_the_overseas_fee():
    # The university fees, written as lines of one paragraph under a bold "Fees".
    found, r = read("<main><p><strong>Fees</strong><br>UK: £6,400<br>International: £36,500</p></main>")
    assert found["fees"] == "UK: £6,400" and found["fee"] == "GBP 6400"
    assert found["fee_overseas"] == "International: £36,500" and found["fee_overseas_gbp"] == "36500"


def test_an_nhs_price_in_brackets_beside_the_course_fee():
    # OBSERVED.md, Glasgow IMH: PGCert "5,000" total, NHS-funded students "3,710" (with £ here).
    found, r = read("<main><dl><dt>Fees</dt><dd>£5,000 (£3,710 for NHS-funded students)</dd></dl></main>")
    assert found["fee"] == "GBP 5000" and found["fees"] == "£5,000"
    assert [(f["amount"], f["audience"]) for f in r["other_fees"]] == [(3710, "NHS")]


def test_a_fee_table_with_a_header_row_and_label_cells():
    # The rows under a header row ("Fee status | Full-time"): the header never labels the first row.
    found, _ = read("<main><h2>Tuition fees</h2><table><tr><th>Fee status</th><th>Full-time</th></tr>"
                    "<tr><td>UK tuition fees (2026/27)</td><td>£6,400</td></tr>"
                    "<tr><td>Overseas tuition fees (2026/27)</td><td>£36,500</td></tr></table></main>")
    assert found["fees"] == "UK tuition fees (2026/27): £6,400" and found["fee_year"] == "2026/27"
    assert found["fee_overseas_gbp"] == "36500" and "fee_type" not in found


def test_every_start_under_a_start_label():
    # OBSERVED.md's UCL start ("starts September 2025") and the next one ("September 2026").
    found, _ = read("<main><dl><dt>Programme starts</dt><dd>September 2025, September 2026</dd></dl></main>")
    assert found["start_date_iso"] == "2025-09" and found["start_dates_iso"] == "2025-09; 2026-09"


def test_one_label_naming_the_awards_in_the_order_of_its_amounts():
    # OBSERVED.md's Glasgow IMH fees, with the awards in one label: each amount gets its own award.
    _, r = read("<main><dl><dt>Fees</dt><dd>MSc / PgDip / PgCert: £15,000 / £10,000 / £5,000</dd></dl></main>")
    assert [(f["award"], f["amount"]) for f in r["fees"]] == [("MSc", 15000), ("PgDip", 10000), ("PgCert", 5000)]


def test_a_sentence_giving_the_home_and_the_overseas_fee():
    # The 2026/27 fees, in one sentence: the course fee reading keeps the home fee's words only.
    found, _ = read("<main><p>The fee for 2026/27 is £6,400 for UK students and £36,500 for international students.</p></main>")
    assert found["fees"] == "The fee for 2026/27 is £6,400 for UK students" and found["fee_year"] == "2026/27"
    assert found["fee_overseas_gbp"] == "36500"
    assert currency.doubt("cost", found["fees"], []) is None


def test_a_sentence_giving_only_a_side_amount_is_no_course_fee():
    # Issue 22's "£60 registration fee", said in a sentence with no course fee beside it.
    found, r = read("<main><p>A £60 registration fee is payable on application.</p></main>")
    assert "fees" not in found and "fee" not in found
    assert [(f["amount"], f["kind"]) for f in r["other_fees"]] == [(60, "registration fee")]


@pytest.mark.parametrize("sentence, days", [
    ("The Solihull Approach Foundation is two workshop days, two weeks apart.", [2, 2]),   # OBSERVED.md, Solihull
    ("The training takes place over three consecutive days.", [3, 3]),                      # Mellow Babies' 3 days
])
def test_a_length_in_days_said_in_a_sentence(sentence, days):
    found, r = read(f"<main><h1>A training</h1><p>{sentence}</p></main>")
    assert [d["days"] for d in r["durations"] if d["role"] == "course"] == [days]
    assert found["duration_months"] == "0.1"


def test_a_fee_label_saying_what_the_price_is_for():
    # OBSERVED.md's VIG fee ("about GBP 400"), under a "Cost per delegate" label.
    found, r = read("<main><dl><dt>Cost per delegate</dt><dd>£400</dd></dl></main>")
    assert found["fee"] == "GBP 400" and r["fees"][0]["basis"] == "per participant"


def test_the_fee_year_from_the_table_caption_or_section_heading():
    # The fees, with the academic year said once, above the rows.
    for above in ("<h2>Tuition fees 2026/27</h2><table>", "<table><caption>Tuition fees for 2026/27 entry</caption>"):
        found, _ = read(f"<main>{above}<tr><th>UK</th><td>£6,400</td></tr><tr><th>Overseas</th><td>£36,500</td></tr></table></main>")
        assert found["fee"] == "GBP 6400" and found["fee_year"] == "2026/27" and found["fee_overseas_gbp"] == "36500"
