"""Follow a search: /-/find-courses.atom?<the finder's own query> (an Atom feed per finder search).

One hook: `register_routes`. The query's answers go to the recommender exactly as the finder page
sends them (find_courses.search_answer: answers_from / recommend), so the feed follows the courses
that page lists for that person, minus those it says they are not eligible for. Its entries, newest first, are what
the crawl history says happened to those courses:

- **new intake published** / **changed** (fee, length, title, ...): a shown value replaced
  (fact_changes: what every reader of the catalogue now sees), dated by the crawl that confirmed it;
- **changed on the provider's page** (entry requirements, funding, mode, ...): a page value the
  catalogue keeps as evidence beside the reference value (crawl_changes), dated by the crawl that saw it;
- **appeared**: a course whose own page was first read by a crawl of a provider whose pages had been
  crawled before without it (crawl_fetches of courses.url, crawl_runs; its other source pages do not count).

Routes have no crawl history (no page of theirs is crawled), so they are in no entry yet. The feed is
written by changes.atom_document, the same writer as /-/changes.atom. An empty result is a valid
feed whose subtitle says so; a query the finder would refuse is a one-line 400.
"""
from urllib.parse import urlencode

from datasette.utils.asgi import Response

from . import find_courses
from .changes import atom_document, base_url_of, last_change

FEED_SIZE = 50
FITS = ("eligible", "eligible_if")   # the verdicts of courses a search follows
# Shown fields (fact_changes) in words: field -> (entry title, what the value is).
SHOWN_FIELDS = {"start_dates": ("new intake published", "Starts"), "cost": ("fee changed", "Fee"),
                "duration": ("length changed", "How long"), "title": ("title changed", "Title")}
# Page fields kept as evidence (crawl_changes) the feed reports, in words. The promoted ones
# (title, duration, fees, start_date and what is parsed from them) are reported once shown, above.
PAGE_FIELDS = {"entry_requirements": "entry requirements", "funding": "funding", "audience": "who it is for",
               "mode": "mode of study", "study_pattern": "study pattern", "location": "where",
               "award": "award", "credits": "credits"}
SUCCESSFUL = ("ok", "not_modified", "no_facts")


def feed_query(form):
    """The finder's query string for these answers (only the answers given), as the page links it."""
    return urlencode({k: v for k, v in form.items() if v})


def _was(value):
    return f"was {value}" if value not in (None, "") else "not published before"


async def feed_entries(db, course_ids, link_of, limit=FEED_SIZE):
    """Entries (dicts for changes.atom_document) for these courses, newest first."""
    if not course_ids:
        return []
    tables = set(await db.table_names())
    ids = sorted(course_ids)
    marks = ", ".join("?" * len(ids))
    titles = {r[0]: r[1] for r in await db.execute(f"SELECT id, title FROM courses WHERE id IN ({marks})", ids)}
    entries = []

    def entry(course_id, anchor, what, updated, summary, kind, via=None):
        """One entry: the course's title and what happened, linked to its page (via: the page read)."""
        return {"id": f"{link_of(course_id)}#{anchor}", "title": f"{titles.get(course_id, course_id)}: {what}",
                "updated": updated, "link": link_of(course_id), "via": via, "summary": summary, "kind": kind}

    if "fact_changes" in tables:
        for r in await db.execute(f"SELECT course_id, field, old_value, new_value, new_source, changed_at "
                                  f"FROM fact_changes WHERE course_id IN ({marks})", ids):
            what, label = SHOWN_FIELDS.get(r["field"], (f"{r['field'].replace('_', ' ')} changed",
                                                        r["field"].replace("_", " ")))
            if r["field"] == "start_dates" and not r["new_value"]:
                what = "intake dates withdrawn"
            entries.append(entry(r["course_id"], f"{r['field']}-{r['changed_at']}", what, r["changed_at"],
                                 f"{label}: {r['new_value'] or 'not given'} ({_was(r['old_value'])}). "
                                 f"Read from {r['new_source']}.",
                                 "opened" if what == "new intake published" else "changed"))
    if "crawl_changes" in tables:
        fields = sorted(PAGE_FIELDS)
        for r in await db.execute(
                f"SELECT id, course_id, url, field, old_value, new_value, changed_at FROM crawl_changes "
                f"WHERE course_id IN ({marks}) AND field IN ({', '.join('?' * len(fields))})", ids + fields):
            words = PAGE_FIELDS[r["field"]]
            entries.append(entry(r["course_id"], f"page-{r['field']}-{r['changed_at']}",
                                 f"{words} changed on the provider's page", r["changed_at"],
                                 f"The provider's page now says of {words}: {r['new_value']} "
                                 f"({_was(r['old_value'])}). Read from {r['url']}.", "changed", via=r["url"]))
    if {"crawl_fetches", "crawl_runs"} <= tables:
        # A course first read in a later run of its spider than the spider's first: new to the provider's pages.
        spider_of = {r[0]: r[1] for r in await db.execute("SELECT id, spider FROM crawl_runs")}
        first_run = {}
        for run_id, spider in sorted(spider_of.items()):
            first_run.setdefault(spider, run_id)
        # Its own page (courses.url): a course's other source pages (a catalogue record, a news item:
        # course_source_pages) may be read before its own page is there, and do not make it appear.
        sql = f"""SELECT f.course_id, MIN(f.run_id) AS run_id, MIN(f.fetched_at) AS fetched_at, MIN(f.url) AS url
                  FROM crawl_fetches f JOIN courses c ON c.id = f.course_id AND c.url = f.url
                  WHERE f.outcome IN ({', '.join('?' * len(SUCCESSFUL))}) AND f.course_id IN ({marks})
                  GROUP BY f.course_id"""
        rows = [r for r in await db.execute(sql, list(SUCCESSFUL) + ids)
                if r["run_id"] in spider_of and r["run_id"] > first_run[spider_of[r["run_id"]]]]
        for r in rows:
            entries.append(entry(r["course_id"], "appeared", "appeared", r["fetched_at"],
                                 f"First read by the crawler at {r['url']}, on a provider whose pages "
                                 f"were crawled before without it.", "appeared", via=r["url"]))
    entries.sort(key=lambda e: (str(e["updated"]), e["id"]), reverse=True)
    return entries[:limit]


async def search_feed(datasette, request):
    answer = await find_courses.search_answer(datasette, request, "the feed follows one finder search")
    if isinstance(answer, Response):
        return answer
    db, form, result = answer
    base = base_url_of(request)
    query = feed_query(form)
    courses = [c for c in result["courses"] if c["verdict"] in FITS]
    entries = await feed_entries(db, {c["id"] for c in courses},
                                 lambda course_id: base + datasette.urls.row(db.name, "courses", course_id))
    who = f"a {result['stage']} {result['profession']['matched'].lower()} at AiMH level {result['aimh_level']}"
    subtitle = (f"Courses open to {who} (this search finds {len(courses)}) that opened, changed or appeared, "
                f"as the catalogue's crawls saw them.")
    if not entries:
        subtitle += (" Nothing yet: no crawl has recorded a new intake, a change or a new course among them."
                     if courses else " This search finds no course you are eligible for, so nothing to follow yet.")
    finder = base + datasette.urls.path("/-/find-courses") + "?" + query
    body = atom_document(title=f"Infant mental health training for {who}", subtitle=subtitle,
                         feed_id=base + datasette.urls.path("/-/find-courses.atom") + "?" + query,
                         self_href=base + datasette.urls.path("/-/find-courses.atom") + "?" + query,
                         alternate_href=finder, entries=entries, updated=await last_change(db))
    return Response(body, status=200, content_type="application/atom+xml; charset=utf-8")


def register_routes():
    return [(r"^/-/find-courses\.atom$", search_feed)]
