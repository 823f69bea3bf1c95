"""A course's own page, as a person reads it (templates/row-catalogue-courses.html).

Its hook (`extra_template_vars`, called from catalogue_site/__init__.py): For /catalogue/courses/<id> it reads the course's facts with
their sources (course_facts), where sources disagree (every value, side by side, with the one
shown and why), who may take it (eligibility_rules, the sources' words), the provider and the
levels' names, and when the crawler last checked the page (crawl_link_health), if ever.
The raw row stays on the same page, one click away.
"""
import json

from datasette.utils import tilde_decode

import course_dates

from ..serving import clock

# The facts a reader looks for, in the order they read them: (course_facts field, label).
FACTS = (
    ("award", "Award"), ("duration", "How long"), ("study_pattern", "Pattern"), ("mode", "Mode"),
    ("location", "Where"), ("start_dates", "Starts"), ("cost", "Cost"), ("fee_gbp", "Fee"),
    ("funding", "Funding"), ("credits", "Credits"), ("audience", "Who it is for"),
    ("eligibility", "Who can take it"), ("accreditation", "Accreditation"), ("leads_to", "Leads to"),
    ("description", "What it is"), ("contact", "Contact"),
)


async def course_page_data(db, course_id, today=None):
    """The course page's data; today: the ISO date its dated facts are read for (the site's clock)."""
    tables = set(await db.table_names())
    course = (await db.execute("SELECT * FROM courses WHERE id = ?", [course_id])).first()
    if course is None:
        return None
    course = dict(course)
    out = {"course": course, "facts": [], "disagreements": [], "rules": [], "checked": None,
           "provider": None, "kind_words": None, "levels": {}, "crawled": False}
    sources = {r["id"]: dict(r) for r in await db.execute("SELECT id, kind, title, url FROM sources")}
    out["sources"] = sources
    if course.get("provider_id"):
        row = (await db.execute("SELECT id, name, website FROM providers WHERE id = ?", [course["provider_id"]])).first()
        out["provider"] = dict(row) if row else None
    if "course_kinds" in tables:
        row = (await db.execute("SELECT description FROM course_kinds WHERE id = ?", [course["kind"]])).first()
        out["kind_words"] = row[0] if row else None
    if "aimh_levels" in tables:
        out["levels"] = {r[0]: r[1] for r in await db.execute("SELECT level, name FROM aimh_levels")}
    out["facts"], out["disagreements"] = await _facts(db, tables, course_id)
    if "eligibility_rules" in tables:
        out["rules"] = [dict(r) for r in await db.execute(
            "SELECT id, words, source_id, section FROM eligibility_rules WHERE course_id = ? ORDER BY id", [course_id])]
    out["checked"] = await _last_checked(db, tables, course_id)
    out["dated"] = dated_words(course, today or course_dates.today_or_now())
    if "crawl_current" in tables:
        out["crawled"] = bool((await db.execute(
            "SELECT COUNT(*) FROM crawl_current WHERE course_id = ?", [course_id])).first()[0])
    return out


async def _facts(db, tables, course_id):
    """([the shown value of each fact in FACTS, with the others], [the facts whose sources disagree])."""
    facts = {}
    if "course_facts" in tables:
        for r in await db.execute(
                "SELECT field, position, value, source_id, section, shown, why FROM course_facts "
                "WHERE course_id = ? ORDER BY field, position", [course_id]):
            facts.setdefault(r["field"], []).append(dict(r))
    shown_facts, disagreements = [], []
    for field, label in FACTS:
        values = facts.get(field) or []
        shown = next((v for v in values if v["shown"]), values[0] if values else None)
        if shown is None:
            continue
        others = [v for v in values if v is not shown]
        shown_facts.append({"field": field, "label": label, "fact": shown, "others": others})
        differing = [o for o in others if not _agree(field, o["value"], shown["value"])]
        if differing:
            disagreements.append({"field": field, "label": label, "values": values, "differing": differing})
    titles = facts.get("title") or []
    if any(not _agree("title", t["value"], titles[0]["value"]) for t in titles[1:]):
        disagreements.insert(0, {"field": "title", "label": "Title", "values": titles,
                                 "differing": [t for t in titles[1:] if not _agree("title", t["value"], titles[0]["value"])]})
    return shown_facts, disagreements


def _agree(field, one, other):
    """Whether two sources' values say the same: the same words (case, spacing and punctuation aside), or
    for a duration the same length ("2 years" and "a 2-year course")."""
    import re

    from ..words.values import duration_days

    words = lambda text: " ".join(re.sub(r"[^\w]+", " ", str(text or "").lower()).split())  # noqa: E731
    if words(one) == words(other):
        return True
    if field == "duration":
        a, b = duration_days(one), duration_days(other)
        return a is not None and a == b
    return False


async def _last_checked(db, tables, course_id):
    """The course page's latest fetch by a real crawl (not a --mirror), else its link health; None if never."""
    if "crawl_fetches" in tables and "crawl_runs" in tables:
        row = (await db.execute(
            "SELECT f.url, f.outcome AS status, f.http_status, f.fetched_at AS last_checked FROM crawl_fetches f "
            "JOIN crawl_runs r ON r.id = f.run_id AND COALESCE(r.mirror, '') = '' "
            "WHERE f.course_id = ? ORDER BY f.id DESC LIMIT 1", [course_id])).first()
        if row:
            return dict(row)
    if "crawl_link_health" in tables:
        row = (await db.execute(
            "SELECT url, status, http_status, last_checked, last_ok FROM crawl_link_health WHERE course_id = ? "
            "ORDER BY last_checked DESC LIMIT 1", [course_id])).first()
        return dict(row) if row else None
    return None


def dated_words(course, today):
    """A course row's dated facts in words as of today: {"starts", "fee", "funding", "applications",
    "page_change"} (None where nothing is known), said as the CLI and the finder say them."""
    starts = json.loads(course["starts_known"]) if course.get("starts_known") else []
    fee = course.get("fee_gbp")
    return {
        "today": today,
        "starts": course_dates.start_words(starts, today),
        "fee": course_dates.fee_year_words(course.get("fee_year"), today),
        "fee_overseas": course.get("fee_overseas_gbp"),
        "funding": course_dates.funding_words(course.get("funding_ends"), today),
        "applications": course_dates.applications_words(course.get("applications_close"), today),
        "page_change": course_dates.page_change_words(course.get("page_changed_on"),
                                                      course.get("page_change_waits_for")),
        "fee_known": fee is not None,
    }


def extra_template_vars(template, database, table, request, datasette):
    if template != "row-catalogue-courses.html" or request is None:
        return {}

    async def inner():
        course_id = request.url_vars.get("pks")
        if not course_id:
            return {}
        db = datasette.get_database(database)
        return {"course_page": await course_page_data(db, tilde_decode(course_id), clock.today(datasette))}

    return inner
