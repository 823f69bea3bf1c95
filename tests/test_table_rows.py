"""The rows of a table page, written by catalogue_site/serving/table_rows.py instead of Datasette's
display_columns_and_rows and _table.html loop (issue 25): the same cells and the same HTML, on every
table and view of the catalogue, with foreign keys shown as links, money and funding in words,
citations, URLs and empty cells.

For each page the real site serves, the rows Datasette's view hands over are given to both: the
site's function and Datasette 0.65's own, and the body is written by the site's rows_html and by
the `{% for row in display_rows %}` loop of Datasette's own _table.html."""
import re
from pathlib import Path

import datasette
import pytest
from markupsafe import escape

from catalogue_site.serving import table_rows
from datasette_fixtures import Client
from test_immutable_schema import tables_and_views

DATASETTE_TABLE_HTML = Path(datasette.__file__).parent / "templates" / "_table.html"


@pytest.fixture(scope="module")
def recorded(built_catalogue):
    """(path, our cells, Datasette's cells) for every table page the site serves."""
    import datasette.views.table as table_view

    site = Client(built_catalogue)
    ours = table_view.display_columns_and_rows
    assert ours is table_rows.display_columns_and_rows
    seen = []

    async def both(datasette, database_name, table_name, description, rows, **kwargs):
        mine = await ours(datasette, database_name, table_name, description, rows, **kwargs)
        own = await table_rows.DATASETTE_OWN[0](datasette, database_name, table_name, description, rows, **kwargs)
        seen.append((table_name, mine, own))
        return mine

    names, course, provider = tables_and_views(built_catalogue)
    paths = [f"/catalogue/{name}?_size=max" for name in names] + [
        "/catalogue/courses?_search=infant", "/catalogue/courses?_sort_desc=fee_gbp", "/catalogue/courses?_labels=off",
        "/catalogue/courses?_nocol=description&_size=3"]
    table_view.display_columns_and_rows = both
    try:
        for path in paths:
            response = site.get(path)
            assert response.status_code == 200, (path, response.text[:200])
    finally:
        table_view.display_columns_and_rows = ours
    yield site, seen
    site.close()


def test_every_tables_cells_are_datasettes_own(recorded):
    _, seen = recorded
    assert len(seen) > 50
    for table, (columns, rows), (own_columns, own_rows) in seen:
        assert columns == own_columns, table
        assert [list(row) for row in rows] == [list(row) for row in own_rows], table


def test_the_rows_html_is_what_datasettes_own_template_writes(recorded):
    site, seen = recorded
    loop = re.search(r"(\{% for row in display_rows %\}.*?</tr>\s*\{% endfor %\})",
                     DATASETTE_TABLE_HTML.read_text(encoding="utf-8"), re.S).group(1)
    template = site.ds.jinja_env.from_string(loop)
    written = 0
    for table, (_, rows), (_, own_rows) in seen:
        theirs = site.loop.run_until_complete(template.render_async(display_rows=own_rows))
        ours = str(table_rows.rows_html(rows))
        assert ours.strip() == theirs.strip(), table
        written += bool(rows)
    assert written > 40


def test_the_cells_seen_include_every_kind_a_planner_meets(recorded):
    """The pages compared above hold links to other tables, money, funding in words, citations,
    web addresses and empty cells: the comparison covers them."""
    _, seen = recorded
    values = [str(cell["value"]) for _, (_, rows), _ in seen for row in rows for cell in row]
    assert any('<a href="/catalogue/providers/' in v for v in values)
    assert any(v.startswith("\u00a3") for v in values)
    assert any('<span class="code">(' in v for v in values)
    assert any('href="/-/sources' in v for v in values)
    assert any(v.startswith('<a href="http') for v in values)
    assert any(v == "&nbsp;" for v in values)


@pytest.mark.parametrize("text", ["", "plain", "<b>&amp;</b>", "it's \"quoted\"", "caf\u00e9 \u00a3 \u2014", "\x00\x1b",
                                  "a" * 5000, "&&<<>>''\"\""])
def test_text_is_escaped_as_markupsafe_escapes_it(text):
    assert table_rows.escape_text(text) == str(escape(text))


def test_every_cell_naming_a_seed_paper_cites_it(recorded):
    """Prose naming a seed paper ("seed-002 section 8") is written as a citation linked to the
    sources page, on every table page: the site checks each cell cheaply first, and may not skip one."""
    _, seen = recorded
    naming = [(table, cell) for table, (_, rows), _ in seen for row in rows for cell in row
              if isinstance(cell["raw"], str) and re.search(r"\b[Ss]eed[- ]00\d", cell["raw"])]
    assert len({table for table, _ in naming}) >= 3, {table for table, _ in naming}
    for table, cell in naming:
        shown = str(cell["value"])   # a citation, or a source's id linked to its row
        assert 'href="/-/sources' in shown or 'href="/catalogue/sources/' in shown, (table, cell["column"], cell["raw"][:80])
