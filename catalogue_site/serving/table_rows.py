"""The rows of a table page, written in Python: the same HTML as Datasette 0.65's _table.html.

Datasette renders its templates with Jinja in async mode, where each `{{ }}` in a loop is
awaited: a 100-row page of the 37-column course table is 3,700 cells and about half the
page's time at 50,000 courses (issue 25, docs/benchmarks.md). templates/_table.html keeps
Datasette's header and calls `rows_html` for the body, which writes the same bytes (the same
whitespace, the same escaping: markupsafe, as Jinja's autoescape) in one pass.
"""
from datasette.utils import to_css_class
from markupsafe import Markup, escape

ROW_START = "\n            <tr>\n                "
ROW_END = "\n            </tr>\n        "
CELL = '\n                    <td class="col-{css} type-{kind}">{value}</td>\n                '


def rows_html(display_rows):
    css = {}
    out = []
    for row in display_rows:
        out.append(ROW_START)
        for cell in row:
            column = cell["column"]
            name = css.get(column)
            if name is None:
                name = css[column] = escape(to_css_class(column))
            out.append(CELL.format(css=name, kind=escape(cell["value_type"]), value=escape(cell["value"])))
        out.append(ROW_END)
    return Markup("".join(out))
