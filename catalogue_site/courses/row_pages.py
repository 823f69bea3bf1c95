"""A provider's and a career route's own pages, made to be read (templates/row-catalogue-providers.html and
row-catalogue-routes.html); the planners' question pages and the course finder link their names here.

Its hook (`extra_template_vars`, called from catalogue_site/__init__.py) reads, for /catalogue/providers/<id>,
the provider and its courses (level, length, funding, fee) and, for /catalogue/routes/<id>, the route with
its entry requirements in the sources' words. The raw row stays one link away, for analysts.
"""
from datasette.utils import tilde_decode


async def provider_page_data(db, provider_id):
    provider = (await db.execute("SELECT * FROM providers WHERE id = ?", [provider_id])).first()
    if provider is None:
        return None
    courses = [dict(r) for r in await db.execute(
        "SELECT id, title, kind, aimh_level_target, duration_text, duration_months_min, duration_months_max, "
        "funding, fee_gbp FROM courses WHERE provider_id = ? ORDER BY aimh_level_target IS NULL, aimh_level_target, "
        "title", [provider_id])]
    return {"provider": dict(provider), "courses": courses}


async def route_page_data(db, route_id):
    route = (await db.execute("SELECT * FROM routes WHERE id = ?", [route_id])).first()
    if route is None:
        return None
    tables = set(await db.table_names()) | set(await db.view_names())
    rules = []
    if "eligibility_explained" in tables:
        rules = [dict(r) for r in await db.execute(
            "SELECT source_words, requirement, when_missing, if_unmet, source_id, section FROM eligibility_explained "
            "WHERE applies_to_kind = 'route' AND applies_to = ? ORDER BY rule_id", [route_id])]
    level = None
    if route["aimh_level_target"] is not None and "aimh_levels" in tables:
        row = (await db.execute("SELECT name FROM aimh_levels WHERE level = ?", [route["aimh_level_target"]])).first()
        level = row[0] if row else None
    return {"route": dict(route), "rules": rules, "level": level}


PAGES = {"row-catalogue-providers.html": ("provider_page", provider_page_data),
         "row-catalogue-routes.html": ("route_page", route_page_data)}


def extra_template_vars(template, database, table, request, datasette):
    if template not in PAGES or request is None:
        return {}
    name, read = PAGES[template]

    async def inner():
        key = request.url_vars.get("pks")
        if not key:
            return {}
        return {name: await read(datasette.get_database(database), tilde_decode(key))}

    return inner
