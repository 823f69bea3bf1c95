"""What changed: /-/changes (a page) and /-/changes.atom (a feed planners can subscribe to).

One hook: `register_routes`. Both read crawl_changes (the crawler's history), newest
first, with links to the course and to the page the new value was read from. A catalogue
without crawl history answers 200 with "no crawl has run yet" (and an empty, valid feed).
"""
import os
import re
from datetime import datetime, timezone
from xml.etree import ElementTree as ET

from datasette.utils.asgi import Response

from ..serving.database import catalogue_database

ATOM = "http://www.w3.org/2005/Atom"
PAGE_SIZE = 100
FEED_SIZE = 50
EPOCH = "1970-01-01T00:00:00Z"
# Characters XML 1.0 cannot hold (C0 controls other than tab, newline and return; lone surrogates;
# U+FFFE and U+FFFF): a crawled page may hold any of them, the feed must stay valid XML.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value):
    """Text safe for an XML 1.0 document: the characters XML cannot hold are dropped."""
    return NOT_XML.sub("", str(value))


async def read_changes(db, limit, field=None, course=None):
    """(has_history, rows): rows are dicts, newest first."""
    tables = set(await db.table_names())
    if "crawl_changes" not in tables:
        return False, []
    where, params = [], {"limit": limit}
    if field:
        where.append("ch.field = :field")
        params["field"] = field
    if course:
        where.append("ch.course_id = :course")
        params["course"] = course
    sql = f"""SELECT ch.id, ch.changed_at, ch.course_id, c.title, ch.field, ch.old_value, ch.new_value, ch.url, ch.run_id
              FROM crawl_changes ch LEFT JOIN courses c ON c.id = ch.course_id
              {"WHERE " + " AND ".join(where) if where else ""}
              ORDER BY ch.changed_at DESC, ch.id DESC LIMIT :limit"""
    rows = [dict(r) for r in await db.execute(sql, params)]
    runs = 0
    if "crawl_runs" in tables:
        runs = (await db.execute("SELECT COUNT(*) FROM crawl_runs WHERE COALESCE(mirror, '') = ''")).first()[0]
    return bool(runs or rows), rows


async def last_change(db):
    """When the catalogue last changed: its newest recorded change; before any change, its last
    real crawl; before any crawl, when the catalogue file was written (its build). None if unknown."""
    tables = set(await db.table_names())
    queries = []
    if "crawl_changes" in tables:
        queries.append("SELECT MAX(changed_at) FROM crawl_changes")
    if "crawl_runs" in tables:
        queries.append("SELECT MAX(COALESCE(finished, started)) FROM crawl_runs WHERE COALESCE(mirror, '') = ''")
    for sql in queries:  # the first that knows a time
        moment = atom_time((await db.execute(sql)).first()[0], None)
        if moment:
            return moment
    if db.path and os.path.exists(db.path):
        return datetime.fromtimestamp(os.path.getmtime(db.path), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return None


def atom_time(value, default=EPOCH):
    """An RFC 3339 time for Atom from what the crawler stored (ISO 8601, maybe without a zone)."""
    if not value:
        return default
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return default
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom_feed(rows, base_url, database, title="Infant mental health training catalogue: changes", updated=None):
    """The changes as an Atom 1.0 document (bytes). base_url: scheme and host, no trailing slash.
    updated: when the catalogue last changed (default: the newest row's time)."""
    entries = [{
        "id": f"{base_url}/{database}/crawl_changes/{row['id']}",
        "title": f"{row['title'] or row['course_id']}: {row['field']} changed",
        "updated": row["changed_at"],
        "link": f"{base_url}/{database}/courses/{row['course_id']}",
        "via": row["url"],
        "summary": (f"{row['field']}: {row['old_value'] if row['old_value'] is not None else '(none)'} -> "
                    f"{row['new_value'] if row['new_value'] is not None else '(none)'}"
                    + (f" (read from {row['url']})" if row["url"] else "")),
    } for row in rows]
    return atom_document(title=title, feed_id=f"{base_url}/-/changes", self_href=f"{base_url}/-/changes.atom",
                         alternate_href=f"{base_url}/-/changes", entries=entries, updated=updated)


def atom_document(*, title, feed_id, self_href, alternate_href, entries, updated=None, subtitle=None,
                  author="The catalogue's crawler"):
    """An Atom 1.0 document (bytes) of `entries`, newest first: dicts with id, title, updated (a stored
    time), link (the page to read), and optionally via (where the value was read) and summary.
    updated: when the catalogue last changed (the feed's time is the newest of it and its entries).
    Every text is made safe for XML 1.0. Used by /-/changes.atom and the finder's feeds (search_feed.py)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    if subtitle:
        ET.SubElement(feed, f"{{{ATOM}}}subtitle").text = subtitle
    ET.SubElement(feed, f"{{{ATOM}}}id").text = feed_id
    newest = atom_time(entries[0]["updated"], None) if entries else None
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = max(t for t in (newest, updated, EPOCH) if t)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_href)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=alternate_href)
    person = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(person, f"{{{ATOM}}}name").text = author
    for item in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = item["id"]
        ET.SubElement(entry, f"{{{ATOM}}}title").text = item["title"]
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = atom_time(item["updated"])
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=item["link"])
        if item.get("via"):
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="via", href=item["via"])
        if item.get("summary"):
            ET.SubElement(entry, f"{{{ATOM}}}summary").text = item["summary"]
    for element in feed.iter():
        if element.text:
            element.text = xml_text(element.text)
        for name, value in element.attrib.items():
            element.attrib[name] = xml_text(value)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")


def base_url_of(request):
    return f"{request.scheme}://{request.host}"


async def changes_page(datasette, request):
    db = catalogue_database(datasette)
    field = (request.args.get("field") or "").strip() or None
    course = (request.args.get("course") or "").strip() or None
    has_history, rows = await read_changes(db, PAGE_SIZE, field, course)
    html = await datasette.render_template("changes.html", {
        "database": db.name, "has_history": has_history, "rows": rows, "field": field, "course": course,
        "page_size": PAGE_SIZE,
    }, request=request)
    return Response.html(html)


async def changes_feed(datasette, request):
    db = catalogue_database(datasette)
    _, rows = await read_changes(db, FEED_SIZE)
    return Response(atom_feed(rows, base_url_of(request), db.name, updated=await last_change(db)), status=200,
                    content_type="application/atom+xml; charset=utf-8")


def register_routes():
    return [(r"^/-/changes$", changes_page), (r"^/-/changes\.atom$", changes_feed)]
