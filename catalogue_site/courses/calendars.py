"""Calendars to download: /-/find-courses.ics?<a finder search> (that search's best pathway) and
/-/courses/<id>.ics (one course: its next start, its application deadline, or a to-do when no date
is published).

One hook: `register_routes`. Both are the recommender's own calendar (recommender.output.ics, the file
`python -m recommender recommend --ics FILE` writes) for the site's day (clock.today: the CLI's
--today); the finder's uses the same answers as the page (find_courses.search_answer), a
course's is that course as a one-step pathway dated by recommender.dated_pathway. A search the finder
refuses is a one-line 400; an unknown course a 404.
"""
import json

from datasette.utils.asgi import Response

from recommender.advice import dated_pathway
from recommender.output import ics

from ..serving import clock
from ..serving.database import catalogue_database
from . import find_courses


def _calendar_response(text, filename):
    return Response(text, status=200, content_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


async def search_calendar(datasette, request):
    answer = await find_courses.search_answer(datasette, request, "the calendar is that search's best pathway")
    if isinstance(answer, Response):
        return answer
    _, _, result = answer
    best = result["pathways"][0] if result["pathways"] else None
    who = f"a {result['stage']} {result['profession']['matched'].lower()}"
    text = ics.calendar_text(best, result["today"],
                             name=f"Pathway to AiMH level {result['target_level']} for {who} (as of {result['today']})")
    return _calendar_response(text, "pathway.ics")


async def course_calendar(datasette, request):
    db = catalogue_database(datasette)
    if db is None or not db.path:
        return Response.text("no catalogue database is being served\n", status=503)
    course_id = request.url_vars["course_id"]
    row = (await db.execute("SELECT * FROM courses WHERE id = ?", [course_id])).first()
    if row is None:
        return Response.text(f"no course {course_id!r} in the catalogue\n", status=404)
    course = dict(row)
    starts = json.loads(course["starts_known"]) if course.get("starts_known") else (
        [course["start_date_iso"]] if course.get("start_date_iso") else [])
    step = {"kind": "course", "id": course["id"], "name": course["title"], "url": course.get("url"),
            "duration_months_max": course.get("duration_months_max"),
            "applications_close": course.get("applications_close")}
    today = clock.today(datasette)
    pathway = dated_pathway.date_pathway({"steps": [step]}, lambda s: starts, today)
    text = ics.calendar_text(pathway, today, name=f"{course['title']} (as of {today})")
    return _calendar_response(text, f"{course['id']}.ics")


def register_routes():
    return [(r"^/-/find-courses\.ics$", search_calendar),
            (r"^/-/courses/(?P<course_id>[A-Za-z0-9_.-]+)\.ics$", course_calendar)]
