"""The rows of a table page, written in Python: the same HTML as Datasette 0.65's _table.html.

Datasette renders its templates with Jinja in async mode, where each `{{ }}` in a loop is
awaited: a 100-row page of the 37-column course table is 3,700 cells and about half the
page's time at 50,000 courses (issue 25, docs/benchmarks.md). templates/_table.html keeps
Datasette's header and calls `rows_html` for the body, which writes the same bytes (the same
whitespace, the same escaping: markupsafe, as Jinja's autoescape) in one pass.

The cells themselves (each value as the page shows it, after the render_cell hook) are
Datasette's display_columns_and_rows, which calls the hook through pluggy once per cell;
`display_columns_and_rows` here computes the same cells calling the site's one hook directly
(`faster_cells`, at startup, puts it in the table view's place; issue 25).
"""
import re
from asyncio import iscoroutine
from collections import OrderedDict

from datasette.utils import (CustomRow, await_me_maybe, format_bytes, is_url, path_from_row_pks, tilde_encode, to_css_class,
                             truncate_url)
from markupsafe import Markup, escape

try:   # the C function markupsafe.escape wraps for a plain str: the same characters, without a Markup per cell
    from markupsafe._speedups import _escape_inner as escape_text
except ImportError:   # another markupsafe: its public escape
    def escape_text(text):
        return str(escape(text))

ROW_START = "\n            <tr>\n                "
ROW_END = "\n            </tr>\n        "
NBSP = Markup("&nbsp;")
DATASETTE_OWN = []   # Datasette's display_columns_and_rows, once faster_cells has replaced it
own_item = OrderedDict.__getitem__   # a CustomRow's value by name, as its own __iter__ reads it
HOOK_ARGUMENTS = ("value", "column", "table", "database")   # what the site's render_cell takes
CELL_START = '\n                    <td class="col-{css} type-{kind}">'
CELL_END = '</td>\n                '


def _escaped(value):
    """str(escape(value)), without making a Markup for a plain str."""
    return escape_text(value) if type(value) is str else str(escape(value))


def rows_html(display_rows):
    starts = {}   # (column, value type): the cell's opening tag, written once
    out = []
    for row in display_rows:
        out.append(ROW_START)
        for cell in row:
            key = (cell["column"], cell["value_type"])
            start = starts.get(key)
            if start is None:
                start = starts[key] = CELL_START.format(css=escape(to_css_class(key[0])), kind=escape(key[1]))
            value = cell["value"]
            out += (start, escape_text(value) if type(value) is str else value if isinstance(value, Markup)
                    else escape(value), CELL_END)
        out.append(ROW_END)
    return Markup("".join(out))


PLAIN = re.compile(r"[A-Za-z0-9_-]*")   # what tilde_encode leaves as it is (datasette/utils _TILDE_ENCODING_SAFE)


def quick_tilde_encode(text):
    """Datasette's tilde_encode, which encodes character by character, without the work for a
    slug such as a course's or provider's id, which it gives back unchanged."""
    return text if PLAIN.fullmatch(text) else tilde_encode(text)


async def display_columns_and_rows(datasette, database_name, table_name, description, rows, link_column=False,
                                   truncate_cells=0, sortable_columns=None):
    """Datasette 0.65's display_columns_and_rows (datasette/views/table.py), the cells the table page
    shows, with the same values, in less time: the site's one render_cell hook (plain_words) is called
    directly instead of through pluggy once per cell (4,400 cells a course-list page), and what is the
    same for every row (a column's foreign key, the table's URL) is looked up once. Any other
    render_cell plugin, or a table with units, gets Datasette's own function."""
    from datasette.plugins import pm
    from datasette.views import table as table_view  # not at import: Datasette loads plugins while importing its views

    impls = pm.hook.render_cell.get_hookimpls()
    table_metadata = datasette.table_metadata(database_name, table_name)
    if table_metadata.get("units") or len(impls) != 1 or impls[0].hookwrapper or impls[0].wrapper \
            or impls[0].plugin_name != "catalogue_site" or impls[0].argnames != HOOK_ARGUMENTS:
        return await DATASETTE_OWN[0](datasette, database_name, table_name, description, rows,
                                      link_column=link_column, truncate_cells=truncate_cells,
                                      sortable_columns=sortable_columns)
    render_cell = impls[0].function
    for_column = getattr(render_cell, "for_column", None)   # how the hook renders one column, decided once
    sortable_columns = sortable_columns or set()
    db = datasette.databases[database_name]
    column_descriptions = table_metadata.get("columns") or {}
    column_details = {col.name: col for col in await db.table_column_details(table_name)}
    pks = await db.primary_keys(table_name)
    pks_for_display = pks or ["rowid"]
    columns = []
    for r in description:
        if r[0] == "rowid" and "rowid" not in column_details:
            type_, notnull = "integer", 0
        else:
            type_, notnull = column_details[r[0]].type, column_details[r[0]].notnull
        columns.append({"name": r[0], "sortable": r[0] in sortable_columns, "is_pk": r[0] in pks_for_display,
                        "type": type_, "notnull": notnull, "description": column_descriptions.get(r[0])})
    column_to_foreign_key_table = {fk["column"]: fk["other_table"] for fk in await db.foreign_keys_for_table(table_name)}
    base_url = datasette.setting("base_url")
    table_path = datasette.urls.table(database_name, table_name)
    names = [column["name"] for column in columns]
    skip = pks[0] if link_column and len(pks) == 1 else None
    renderers = [for_column(table_name, name) if for_column is not None else
                 (lambda value, name=name: render_cell(value, name, table_name, database_name)) for name in names]
    cell_rows = []
    for row in rows:
        cells = []
        if link_column:
            pk_path = path_from_row_pks(row, pks, not pks, False)
            quoted = pk_path if len(pks) == 1 and PLAIN.fullmatch(pk_path) else path_from_row_pks(row, pks, not pks)
            cells.append({"column": pks[0] if len(pks) == 1 else "Link", "value_type": "pk",
                          "is_special_link_column": len(pks) != 1, "raw": pk_path,
                          "value": Markup('<a href="{table_path}/{flat_pks_quoted}">{flat_pks}</a>'.format(
                              table_path=table_path, flat_pks=str(escape(pk_path)),
                              flat_pks_quoted=quoted))})
        values = [own_item(row, c) for c in row.columns] if type(row) is CustomRow else row
        for value, column, render in zip(values, names, renderers):
            if column == skip:
                continue
            if value is None and for_column is not None:   # the site's hook shows nothing for NULL: Datasette's &nbsp;
                cells.append({"column": column, "value": NBSP, "raw": None, "value_type": "none"})
                continue
            shown = render(value)
            if shown is not None and (callable(shown) or iscoroutine(shown)):
                shown = await await_me_maybe(shown)
            if shown:
                display_value = shown
            elif type(value) is str:   # the same branches as below, for the commonest kind of value
                if not value:
                    display_value = NBSP
                elif "://" in value and is_url(value.strip()):
                    display_value = Markup('<a href="{url}">{truncated_url}</a>'.format(
                        url=escape(value.strip()), truncated_url=escape(truncate_url(value.strip(), truncate_cells))))
                else:
                    display_value = value[:truncate_cells] + "\u2026" if truncate_cells and len(value) > truncate_cells \
                        else value
            elif isinstance(value, bytes):
                formatted = format_bytes(len(value))
                display_value = Markup(
                    '<a class="blob-download" href="{}"{}>&lt;Binary:&nbsp;{:,}&nbsp;byte{}&gt;</a>'.format(
                        datasette.urls.row_blob(database_name, table_name, path_from_row_pks(row, pks, not pks), column),
                        ' title="{}"'.format(formatted) if "bytes" not in formatted else "",
                        len(value), "" if len(value) == 1 else "s"))
            elif isinstance(value, dict):  # an expanded foreign key: a link to the other row
                label, value = value["label"], value["value"]
                link_template = table_view.LINK_WITH_LABEL if (label != value) else table_view.LINK_WITH_VALUE
                display_value = Markup(link_template.format(
                    database=database_name, base_url=base_url, table=quick_tilde_encode(column_to_foreign_key_table[column]),
                    link_id=quick_tilde_encode(str(value)), id=_escaped(value), label=_escaped(label) or "-"))
            elif value in ("", None):
                display_value = NBSP
            elif isinstance(value, str) and "://" in value and is_url(value.strip()):  # Datasette: is_url(str(value).strip())
                display_value = Markup('<a href="{url}">{truncated_url}</a>'.format(
                    url=escape(value.strip()), truncated_url=escape(truncate_url(value.strip(), truncate_cells))))
            else:
                display_value = str(value)
                if truncate_cells and len(display_value) > truncate_cells:
                    display_value = display_value[:truncate_cells] + "\u2026"
            cells.append({"column": column, "value": display_value, "raw": value,
                          "value_type": "none" if value is None else type(value).__name__})
        cell_rows.append(table_view.Row(cells))
    if link_column:
        if len(pks) == 1:
            columns = [col for col in columns if col["name"] != pks[0]]
            first_column = {"name": pks[0], "sortable": True, "is_pk": True,
                            "type": column_details[pks[0]].type, "notnull": column_details[pks[0]].notnull}
        else:
            first_column = {"name": "Link", "sortable": False, "is_pk": False, "type": "", "notnull": 0}
        columns = [first_column] + columns
    return columns, cell_rows


def faster_cells():
    """Datasette's table view computes its cells with display_columns_and_rows above (the row
    page, one row, keeps Datasette's own)."""
    import datasette.views.table as table_view

    if table_view.display_columns_and_rows is not display_columns_and_rows:
        DATASETTE_OWN[:] = [table_view.display_columns_and_rows]
        table_view.display_columns_and_rows = display_columns_and_rows
