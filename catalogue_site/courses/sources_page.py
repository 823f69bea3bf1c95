"""Every source a citation can name, on one page made to be read: /-/sources (templates/sources.html).

Its route is registered by catalogue_site/__init__.py, which also calls `load` when the site starts so
that words/citations.py's cite writes each citation with its source's short title ("Parent-Infant Foundation
workforce paper, section 5.4.3"). Each citation on a page links here, to the source's entry
(/-/sources#seed-002); this page is where the ids a JSON answer cites are matched to their titles.
"""
from datasette.utils.asgi import Response

from ..serving.database import catalogue_database
from ..words import citations

KIND_WORDS = {
    "seed": "A source document",
    "stored_copy": "Stored copies of providers' own pages (a copy of the page as it was read; not crawled live)",
    "judgement": "A recorded judgement of the catalogue team: each one gives its reason and the sources it rests on",
    "crawl": "A provider's page the crawler fetched: each fact citing it gives the page and when it was read",
}


async def read_sources(db):
    if db is None or "sources" not in set(await db.table_names()):
        return []
    columns = {r[1] for r in await db.execute("PRAGMA table_info(sources)")}
    short = "short_title" if "short_title" in columns else "title"
    rows = await db.execute(
        f"""SELECT s.id, s.kind, s.title, s.{short} AS short_title, s.url,
                  (SELECT COUNT(*) FROM course_facts f WHERE f.source_id = s.id) AS facts
           FROM sources s ORDER BY s.rowid""")
    return [dict(r) for r in rows]


async def load(datasette):
    """Give the citations (words/citations.py) the short title of every source (citations are written with them)."""
    db = catalogue_database(datasette)
    try:
        rows = await read_sources(db)
    except Exception:  # a catalogue without the usual tables: citations keep their ids
        return
    citations.set_sources((r["id"], r["short_title"]) for r in rows)


async def sources_page(datasette, request):
    db = catalogue_database(datasette)
    rows = await read_sources(db)
    for row in rows:
        row["kind_words"] = KIND_WORDS.get(row["kind"], row["kind"])
    html = await datasette.render_template(
        "sources.html", {"sources": rows, "database": db.name if db else None}, request=request)
    return Response.html(html)


def register_routes():
    return [(r"^/-/sources$", sources_page)]
