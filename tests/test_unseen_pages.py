"""Pages in no issue: real page texts and OBSERVED.md facts rebuilt in layouts UK provider sites use and
no other fixture uses (tests/files/unseen/: JSON-LD Course and EducationEvent with offers and a
courseInstance, key-facts cards with icons, a fee table with awards in rows and audiences in columns,
accordions, a definition list with CPD hours, a Welsh-language parallel text, a page listing several
courses, a course "no longer running", a table of rows headed by th, a table of columns), each inside a
cookie banner and a mega-menu that name durations, fees and dates of their own.

The real Scrapy engine crawls them from 127.0.0.1 at the courses' real URLs into a temporary
catalogue, and every fact a careful reader writes down is checked, quoting the page's words. Each is
right, wrong (something else stored) or missed (nothing stored). `python tests/test_unseen_pages.py`
prints the score (docs/crawling.md, "Pages in no issue").
"""
import re
import sys

import pytest

import fixture_server as fs
from catalogue_rows import tuples as q

UCL = "ucl-anna-freud-capt-dpsych"
M80 = "tavistock-m80-child-psychotherapy"
GLA = "glasgow-infant-mental-health-pg"
BPF = "bpf-parent-infant-psychotherapy"
VIG = "video-interaction-guidance"
COSP = "circle-of-security-parenting"
SOLIHULL = "solihull-approach-foundation"
ACP = "acp-child-adolescent-psychotherapy-training"
PERINATAL = "tavistock-infant-observation-perinatal"
NORTHAMPTON = "northampton-pgcert-infant-mental-health"
MELLOW = "mellow-babies"
NBO = "newborn-behavioural-observations"

FIXTURE = {UCL: "ucl_json_ld_course.html", M80: "tavistock_m80_cards.html", GLA: "glasgow_imh_fee_table.html",
           BPF: "bpf_ppip_accordions.html", VIG: "vig_education_event.html", COSP: "cosp_definition_list.html",
           SOLIHULL: "solihull_welsh_parallel.html", ACP: "acp_schools_listing.html",
           PERINATAL: "tavistock_perinatal_no_longer_running.html", NORTHAMPTON: "northampton_pgcert_row_table.html",
           MELLOW: "mellow_babies_accordions.html", NBO: "nbo_column_table.html"}
SPIDERS = ("other_providers", "tavistock_and_portman", "glasgow", "bpf", "digital_learning_map", "acp", "northampton")


def has(field, *words):
    """The stored value of field holds every one of words (case-insensitive)."""
    return lambda p: field in p and all(w.lower() in p[field].lower() for w in words)


def absent(field):
    return lambda p: field not in p


def equal(field, value):
    return lambda p: p.get(field) == value


def both(*checks):
    return lambda p: all(c(p) for c in checks)


def no_value_holds(pattern):
    return lambda p: not any(re.search(pattern, v, re.IGNORECASE) for v in p.values())


# course: [(fact, the page's words, check(stored fields of the page) -> right, field(s) it is stored in)]
FACTS = {
    UCL: [
        ("title", 'JSON-LD "name": "Child and Adolescent Psychotherapy DPsych"', equal("title", "Child and Adolescent Psychotherapy DPsych"), "title"),
        ("award", '"educationalCredentialAwarded": "DPsych"', equal("award", "DPsych"), "award"),
        ("duration", '"timeToComplete": "P4Y" (4 years)', equal("duration_months", "48"), "duration_months"),
        ("mode", '"courseMode": "Full-time"', has("mode", "full"), "mode"),
        ("start", '"startDate": "2025-09"', equal("start_date_iso", "2025-09"), "start_date_iso"),
        ("UK fee", '"UK tuition fees (2025/26)", "price": "6215"', equal("fee", "GBP 6215"), "fee"),
        ("fee year", '"UK tuition fees (2025/26)"', equal("fee_year", "2025/26"), "fee_year"),
        ("overseas fee", '"Overseas tuition fees (2025/26)", "price": "36500"', equal("fee_overseas_gbp", "36500"), "fee_overseas_gbp"),
        ("location", '"London, King\'s Cross"', has("location", "King's Cross"), "location"),
        ("entry requirements", "An upper second-class Bachelor's degree and/or a Master's degree",
         has("entry_requirements", "upper second-class"), "entry_requirements"),
    ],
    M80: [
        ("title", "Child and adolescent psychoanalytic psychotherapy (M80)",
         equal("title", "Child and adolescent psychoanalytic psychotherapy"), "title"),
        ("code", "(M80)", equal("course_code", "M80"), "course_code"),
        ("second code", "also referred to as PCDOTP001", equal("other_codes", "PCDOTP001"), "other_codes"),
        ("duration", "Course length | Four years", equal("duration_months", "48"), "duration_months"),
        ("award", "Award | Professional doctorate ... (DPsych)", has("award", "DPsych"), "award"),
        ("location", "Location | Tavistock Centre, London (M80); Leeds, with NSCAP (M80N)", has("location", "London", "Leeds"), "location"),
        ("validated by", "Validated by | University of Essex", has("accreditation", "University of Essex"), "accreditation"),
        ("no strapline", "The NHS’s most established clinical training (a strapline)", no_value_holds("most established"), None),
    ],
    GLA: [
        ("title", "Infant Mental Health MSc/PgDip/PgCert", has("title", "Infant Mental Health"), "title"),
        ("award", "MSc/PgDip/PgCert", equal("award", "MSc/PgDip/PgCert"), "award"),
        ("mode", "Study mode | Online distance learning", has("mode", "online"), "mode"),
        ("fees per award", "MSc | £15,000; PgDip | £10,000; PgCert | £5,000",
         has("fees", "MSc", "15,000", "PgDip", "10,000", "PgCert", "5,000"), "fees"),
        ("no one course fee", "(one fee per award: none is the fee)", absent("fee"), None),
        ("NHS fees apart", "NHS-funded students after discount | £11,130 | £7,420 | £3,710",
         both(has("other_fees", "11,130", "7,420", "3,710"), lambda p: "11,130" not in p.get("fees", "")), "other_fees"),
        ("level", "Credit level | Modules of 10 and 20 credits at SCQF level 11", has("level", "SCQF level 11"), "level"),
        ("credits", "Modules of 10 and 20 credits", has("credits", "10", "20"), "credits"),
    ],
    BPF: [
        ("title", "Psychodynamic or Psychoanalytic Parent-infant Psychotherapy",
         equal("title", "Psychodynamic or Psychoanalytic Parent-infant Psychotherapy"), "title"),
        ("start", "Next intake | January 2026", equal("start_date_iso", "2026-01"), "start_date_iso"),
        ("applications open", "Applications open | January 2025", has("applications_open", "January 2025"), "applications_open"),
        ("no deadline from the opening", "Applications open | January 2025 (when they open, not when they close)",
         absent("applications_close_iso"), None),
        ("duration", "During this 2-year course", equal("duration_months", "24"), "duration_months"),
        ("mode", "Hybrid Learning; a hybrid format", has("mode", "hybrid"), "mode"),
        ("accreditation", "currently undergoing the accreditation process with the BPC", has("accreditation", "BPC"), "accreditation"),
        ("leads to", "may join ... the PPIP Society", has("leads_to", "PPIP Society"), "leads_to"),
    ],
    VIG: [
        ("title", "Video Interaction Guidance: initial training", has("title", "Video Interaction Guidance"), "title"),
        ("fee", "Cost: about £400", equal("fee", "GBP 400"), "fee"),
        ("duration", "Format: four half-day sessions", has("duration", "four half-day sessions"), "duration"),
        ("no mode from a format", "Format: four half-day sessions (a length, not a mode)",
         lambda p: "half-day" not in p.get("mode", ""), None),
        ("no start", "Next cohort: TBC", absent("start_date_iso"), None),
        ("leads to", "supervised practice towards AVIGuk accreditation", has("leads_to", "AVIGuk"), "leads_to"),
    ],
    COSP: [
        ("title", "Circle of Security Parenting Facilitator Training", equal("title", "Circle of Security Parenting Facilitator Training"), "title"),
        ("CPD hours", "CPD hours | 24 hours", has("cpd_hours", "24 hours"), "cpd_hours"),
        ("length", "4 days in person, or online over 1 or 2 weeks", has("duration", "4 days"), "duration"),
        ("mode", "4 days in person, or online", has("mode", "in person", "online"), "mode"),
        ("leads to", "On completion | Registered COSP Facilitator", has("leads_to", "Registered COSP Facilitator"), "leads_to"),
    ],
    SOLIHULL: [
        ("title", "Solihull Approach 2-day Foundation level (its Welsh parallel is not the title)",
         equal("title", "Solihull Approach 2-day Foundation level"), "title"),
        ("duration", "Hyd / Duration | ... / Two workshop days, two weeks apart", has("duration", "Two workshop days"), "duration"),
        ("mode", "Dull / Mode | ... / In person or online", has("mode", "in person or online"), "mode"),
    ],
    ACP: [
        ("title", "Clinical training schools", equal("title", "Clinical training schools"), "title"),
        ("duration", "Each runs a four-year doctoral clinical training", equal("duration_months", "48"), "duration_months"),
        ("no mode of one school", "Mode: full time (one school's card)", absent("mode"), None),
        ("no funding of one school", "Funding: NHS-funded salaried trainee post (Band 6) (one school's card)",
         lambda p: "Band 6" not in p.get("funding", ""), None),
        ("no award of one school", "Award: professional doctorate validated by the University of Essex (one school's card)",
         lambda p: "Essex" not in p.get("award", "") + p.get("accreditation", ""), None),
    ],
    PERINATAL: [
        ("title", "Infant observation in the perinatal period", equal("title", "Infant observation in the perinatal period"), "title"),
        ("duration", "Duration | 12 weeks", has("duration", "12 weeks"), "duration"),
        ("audience", "Who it is for | Multi-disciplinary practitioners", has("audience", "Multi-disciplinary"), "audience"),
        ("no longer running", "This course is no longer running.", has("status", "no longer running"), "status"),
    ],
    NORTHAMPTON: [
        ("title", "Postgraduate Certificate in Advanced Practice in Infant Mental Health and Wellbeing",
         has("title", "Advanced Practice in Infant Mental Health"), "title"),
        ("award", "Award | Postgraduate Certificate (PGCert)", has("award", "PGCert"), "award"),
        ("duration", "Course length | 7 months", equal("duration_months", "7"), "duration_months"),
        ("mode", "Study mode | Online", has("mode", "online"), "mode"),
        ("AIMH", "Endorsed and accredited by the Association for Infant Mental Health (AIMH UK)", has("accreditation", "AIMH"), "accreditation"),
        ("audience", "Who is this course for? Mental health nurses, health visitors, ...", has("audience", "health visitors"), "audience"),
        ("no start from the first cohort", "First cohort | Started in 2023 (a past cohort, not the next start)",
         absent("start_date_iso"), None),
    ],
    MELLOW: [
        ("title", "Mellow Babies", equal("title", "Mellow Babies"), "title"),
        ("level", "Level | Enhanced", equal("level", "Enhanced"), "level"),
        ("free", "Is there a cost for this learning resource? | No", equal("fee", "0"), "fee"),
        ("duration (not the cookie banner's 12 months)", "Three days in person training.",
         both(has("duration", "Three days"), lambda p: p.get("duration_months") != "12"), "duration"),
        ("mode", "in person", has("mode", "in person"), "mode"),
        ("accreditation", "This resource is accredited by Mellow Parenting", has("accreditation", "Mellow Parenting"), "accreditation"),
        ("leads to", "leads to certified practitioner status", has("leads_to", "certified practitioner status"), "leads_to"),
    ],
    NBO: [
        ("title", "Newborn Behavioural Observation (NBO) System", equal("title", "Newborn Behavioural Observation (NBO) System"), "title"),
        ("level", "Level | Enhanced", equal("level", "Enhanced"), "level"),
        ("free", "Is there a cost for this learning resource? | No", equal("fee", "0"), "fee"),
        ("duration", "a 2-day in-person or online training", has("duration", "2-day"), "duration"),
        ("mode", "in-person or online", has("mode", "in-person or online"), "mode"),
        ("entry requirements", "Prerequisites for training include a relevant professional qualification",
         has("entry_requirements", "relevant professional qualification"), "entry_requirements"),
        ("audience", "for multisector early years practitioners", has("audience", "multisector early years practitioners"), "audience"),
        ("certification", "completing 5 practice NBO sessions", has("certification", "5 practice"), "certification"),
    ],
}


def crawl_pages(python_exe, repo_root, folder):
    """{course: {field: value}} the real engine stored for each unseen page (one crawl, temporary catalogue)."""
    db = fs.fresh_catalogue(folder)
    with fs.serving(db) as (site, urls):
        for course, fixture in FIXTURE.items():
            site.page(urls[course], "unseen/" + fixture)
        args = [a for spider in SPIDERS for a in ("--spider", spider)]
        result = fs.crawl(python_exe, repo_root, db, site, *args, timeout=240)
        assert result.returncode == 0, result.stderr[-2000:]
    stored = {course: dict(q(db, "SELECT field, value FROM crawl_current WHERE course_id = ? AND url = ?", course, urls[course]))
              for course in FIXTURE}
    stored["review"] = q(db, "SELECT id, kind, new_value FROM review_queue WHERE field = 'status'")
    return stored


def score(stored):
    """[(course, fact, words, 'right' | 'wrong' | 'missed', what was stored)]."""
    rows = []
    for course, facts in FACTS.items():
        page = stored[course]
        for fact, words, check, field in facts:
            if check(page):
                verdict = "right"
            else:
                verdict = "missed" if field and field not in page else "wrong"
            rows.append((course, fact, words, verdict, {f: page[f] for f in ([field] if field else []) if f in page}))
    return rows


@pytest.fixture(scope="module")
def stored(python_exe, repo_root, tmp_path_factory):
    return crawl_pages(python_exe, repo_root, tmp_path_factory.mktemp("unseen"))


@pytest.mark.timeout(400)
def test_no_fact_on_an_unseen_page_is_read_wrong(stored):
    wrong = [row for row in score(stored) if row[3] == "wrong"]
    assert not wrong, "\n".join(f"{c}: {f} (the page says {w!r}); stored {s}" for c, f, w, _, s in wrong)


@pytest.mark.timeout(400)
@pytest.mark.parametrize("course", list(FACTS))
def test_every_fact_on_an_unseen_page_is_read(stored, course):
    missed = [row for row in score(stored) if row[0] == course and row[3] != "right"]
    assert not missed, "\n".join(f"{f}: the page says {w!r}; {v}, stored {s}" for _, f, w, v, s in missed)


@pytest.mark.timeout(400)
def test_a_page_saying_its_course_stopped_puts_the_course_in_front_of_a_person(stored):
    # "This course is no longer running." (the closure notice); no other page says so
    assert stored["review"] == [(f"{PERINATAL}/status", "course stopped", "This course is no longer running.")]


def test_accepting_a_stopped_course_is_refused_in_one_line_and_nothing_is_written(tmp_path):
    import sqlite3

    from crawler.catalogue import review

    db = fs.fresh_catalogue(tmp_path, own_reference=True)
    before = (tmp_path / "reference" / "courses.yaml").read_bytes()
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    conn.execute("INSERT INTO review_queue (id, status, kind, course_id, field, new_value, url, seen_at, why) VALUES "
                 "(?, 'waits for a person', 'course stopped', ?, 'status', 'This course is no longer running.', 'u', 't', 'w')",
                 (f"{PERINATAL}/status", PERINATAL))
    with pytest.raises(review.ReviewError, match="the page says the course has stopped"):
        review.accept(conn, tmp_path / "reference", f"{PERINATAL}/status")
    conn.close()
    assert (tmp_path / "reference" / "courses.yaml").read_bytes() == before


def test_the_unseen_pages_say_they_are_test_data_and_where_their_facts_come_from(repo_root):
    for path in (repo_root / "tests" / "files" / "unseen").glob("*.html"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("<!-- Test layout page (tests/files/unseen/: test data"), path.name
        assert "Built from the real page text" in first or "No stored copy" in first, path.name
    assert sorted(p.name for p in (repo_root / "tests" / "files" / "unseen").glob("*.html")) == sorted(FIXTURE.values())


if __name__ == "__main__":   # prints the score for docs/crawling.md
    import tempfile
    from pathlib import Path

    here = Path(__file__).resolve().parent
    with tempfile.TemporaryDirectory() as folder:
        rows = score(crawl_pages(str(here.parent / ".venv" / "bin" / "python"), here.parent, Path(folder)))
    totals = {v: sum(1 for r in rows if r[3] == v) for v in ("right", "wrong", "missed")}
    for course in FACTS:
        mine = [r for r in rows if r[0] == course]
        print(f"| {course} ({FIXTURE[course]}) | {len(mine)} | " + " | ".join(
            str(sum(1 for r in mine if r[3] == v)) for v in ("right", "wrong", "missed")) + " |")
    print(f"| **all** | **{len(rows)}** | **{totals['right']}** | **{totals['wrong']}** | **{totals['missed']}** |")
    for course, fact, words, verdict, seen in rows:
        if verdict != "right":
            print(f"{verdict}: {course}: {fact} (the page says {words!r}); stored {seen}", file=sys.stderr)
