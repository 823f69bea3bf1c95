"""Extraction layers and page parts, on small pages written for each test (not provider
pages: each says what it stands for). Fast, pure: part of the mutation run."""
import pytest
from scrapy.http import HtmlResponse

from crawler.reading.extract import extract, readings
from crawler.reading.labelled_facts import label_field


def page(body, head=""):
    html = f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"
    return HtmlResponse(url="https://example.org/course", body=html.encode("utf-8"), encoding="utf-8")


def values(response, **kwargs):
    return {field: value for field, (value, method) in extract(response, **kwargs).items()}


@pytest.mark.parametrize("label, field", [
    ("Duration", "duration"), ("Duration & Attendance", "duration"), ("Time commitment", "duration"),
    ("Staff capacity and time commitment:", "duration"),
    ("UK tuition fees (2025/26)", "fees"), ("Is there a cost for this learning resource? :", "fees"), ("Fee", "fees"),
    ("Programme starts", "start_date"), ("Start dates", "start_date"), ("Next intake", "start_date"),
    ("Date", "date"),                                    # a news page's or an event's date is not a start
    ("Study mode", "mode"), ("Training model:", None),   # the Digital Learning Map's "Training model" is not the mode
    ("Requirements of Entry", "entry_requirements"), ("Requirements", "entry_requirements"),
    ("Who is the training suitable for?", "audience"), ("Course code", "course_code"), ("Credits:", "credits"),
    ("Has this resource been accredited or endorsed by any organisation? :", "accreditation"),
    ("Why this programme", None), ("Please note", None),
])
def test_label_table_names_the_words_real_pages_use(label, field):
    assert label_field(label) == field


def test_extra_labels_of_a_site_come_first():
    assert label_field("Contract", extra_labels=[(r"contract", "duration")]) == "duration"
    assert label_field("Contract") is None


def test_json_ld_comes_first_and_labels_fill_the_rest():
    # Stands for a course page that publishes schema.org JSON-LD beside a key-facts list.
    head = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Course", "name": "A course",'
            ' "hasCourseInstance": {"@type": "CourseInstance", "courseMode": "full-time", "courseWorkload": "4 years"},'
            ' "offers": {"@type": "Offer", "price": "6215", "priceCurrency": "GBP"}}</script>')
    response = page("<main><h1>A course</h1><dl><dt>Duration</dt><dd>3 years</dd><dt>Entry requirements</dt>"
                    "<dd>A degree.</dd></dl></main>", head)
    facts = extract(response)
    assert facts["fees"] == ("GBP 6215", "json-ld") and facts["duration"] == ("4 years", "json-ld")
    assert facts["entry_requirements"] == ("A degree.", "label")
    assert facts.where["entry_requirements"] == "main > dl > dt"


def test_a_broken_json_ld_block_leaves_the_other_layers():
    response = page("<main><h1>T</h1><p><strong>Duration:</strong> 2 years</p></main>",
                    '<script type="application/ld+json">{not json</script>')
    assert values(response)["duration"] == "2 years"


def test_navigation_footer_related_boxes_and_straplines_are_not_course_facts():
    # Stands for a course page whose menus, strapline, related-course box and footer carry
    # lengths, fees and dates of other things.
    response = page(
        "<header><nav><p>Courses from 1 day to 4 years</p></nav></header>"
        "<main><div class='hero'><h1>A course</h1><p class='hero__strapline'>Benefit from over 100 years of expertise,"
        " in a course that lasts 5 years.</p></div>"
        "<p>This course runs over 12 weeks, online.</p>"
        "<aside class='related-courses'><h2>Related courses</h2><p>Another course: 3 years, fee £9,000.</p></aside>"
        "<div class='related'><dl><dt>Fees</dt><dd>£9,000</dd></dl></div>"
        "<h2>You may also like</h2><p>A diploma course starting January 2027, over 2 years.</p></main>"
        "<footer><dl><dt>Start date</dt><dd>1 January 2030</dd></dl></footer>")
    found = values(response)
    assert found["duration"] == "This course runs over 12 weeks, online."
    assert "fees" not in found and "start_date" not in found


def test_a_table_with_a_header_row():
    # Stands for studylondon.ac.uk's course table (real-pages/25).
    response = page("<main><table><tr><th>Duration &amp; Attendance</th><th>Tuition fees</th><th>Fee type</th></tr>"
                    "<tr><td>4 years<br>Full Time</td><td>£5,210</td><td>Home Fees</td></tr></table></main>")
    found = values(response)
    assert found["duration"] == "4 years Full Time" and found["fees"] == "£5,210 Home Fees"
    assert readings(extract(response))["fees"][0]["audience"] == "UK"


def test_per_award_lengths_each_in_its_own_bullet_are_all_kept():
    response = page("<main><h1>X MSc/PgDip/PgCert</h1><ul><li><strong>Duration: </strong>MSc 30 months part-time</li>"
                    "<li><strong>PgDip: </strong>24 months part-time</li><li><strong>PgCert: </strong>12 months part-time</li></ul></main>")
    durations = readings(extract(response))["durations"]
    assert [(d["award"], d["months"]) for d in durations] == [("MSc", [30, 30]), ("PgDip", [24, 24]), ("PgCert", [12, 12])]


def test_yes_for_a_yes_no_label_is_the_value_it_stands_for():
    response = page("<main><ul><li><strong>Taught Wholly by Distance Learning: </strong>Yes</li></ul></main>")
    assert values(response)["mode"] == "online (wholly distance learning)"
    response = page("<main><ul><li><strong>Taught Wholly by Distance Learning: </strong>No</li></ul></main>")
    assert "mode" not in values(response)


@pytest.mark.parametrize("title, code, rest", [
    ("Child and adolescent psychoanalytic psychotherapy (M80)", "M80", "Child and adolescent psychoanalytic psychotherapy"),
    ("Understanding Infant Mental Health and Development MED5642", "MED5642", "Understanding Infant Mental Health and Development"),
    ("Psychotherapy (PPIP)", None, "Psychotherapy (PPIP)"),            # letters only: an acronym, not a code
])
def test_course_code_after_a_title(title, code, rest):
    found = values(page(f"<main><h1>{title}</h1></main>"))
    assert found.get("course_code") == code and found["title"] == rest


def test_prose_reads_start_not_deadline_and_mode():
    response = page("<main><h1>T</h1><p>The deadline for applications: 31st August 2020 for January 2021 start.</p>"
                    "<p>This course will be taught online.</p></main>")
    facts = extract(response)
    assert readings(facts)["dates"][1] == {"date": "2021-01", "role": "start", "text": "for January 2021"}
    assert facts["mode"] == ("This course will be taught online.", "prose")


def test_a_label_and_value_in_one_paragraph():
    # Stands for a job advert's "Contract: Fixed term" style lines.
    assert values(page("<main><p>Duration: 2 years</p></main>"))["duration"] == "2 years"


def test_award_from_prose_skips_stage_words_and_reads_the_award():
    response = page("<main><p>This course comprises four years of NHS clinical training.</p>"
                    "<p>The course leads to the award of a DPsych.</p></main>")
    assert values(response)["award"] == "DPsych"


def test_prose_values_say_they_came_from_prose():
    facts = extract(page("<main><p>This course runs over 12 weeks.</p><p>Applications will open in January 2025.</p></main>"))
    assert facts["duration"] == ("This course runs over 12 weeks.", "prose")
    assert facts["applications_open"] == ("Applications will open in January 2025.", "prose")
    assert "start_date" not in facts


def test_json_ld_award_by_name():
    head = ('<script type="application/ld+json">{"@type": "Course", "name": "C", '
            '"educationalCredentialAwarded": {"@type": "EducationalOccupationalCredential", "name": "DPsych"}}</script>')
    assert values(page("<main><h1>C</h1></main>", head))["award"] == "DPsych"


def test_a_menu_is_not_course_facts():
    response = page("<main><div class='menu'><dl><dt>Duration</dt><dd>1 day</dd></dl></div>"
                    "<dl><dt>Duration</dt><dd>2 years</dd></dl></main>")
    assert values(response)["duration"] == "2 years"


def test_a_job_posting_in_json_ld():
    head = '<script type="application/ld+json">{"@type": "JobPosting", "title": "Trainee", "datePosted": "2025-11-03"}</script>'
    found = values(page("<main><h1>Trainee</h1></main>", head))
    assert found["posted"] == "2025-11-03" and "start_date" not in found


def test_where_names_the_node_by_id_or_first_class():
    facts = extract(page("<main id='m'><div class='key facts'><dl><dt>Duration</dt><dd>2 years</dd></dl></div></main>"))
    assert facts.where["duration"] == "main#m > div.key > dl > dt"
