"""How values read on every page and spreadsheet: money, counts, codes, durations, dates and citations in plain words.

May import: recommender.output

Nothing here changes a value, it only chooses how a value is shown; numbers and unknowns come from
recommender/output/formatting.py, so a fee or an unknown reads the same on a page, in a CSV and in the CLI.

  values     one value in, words out: money, counts, codes (CODE_WORDS), column names (COLUMN_LABELS),
             levels, durations (and their order), dates, said_once, buckets
  citations  prose in a reader's words: sources by short title linked to /-/sources (set_sources is
             called when the site starts), the recommender's options as the form's fields, codes in prose
  cells      the words applied: template filters (FILTERS, prepare_jinja2_environment), Datasette's own
             cells (render_cell, per table: MONEY_COLUMNS, COUNT_COLUMNS...) and the planner's spreadsheet
             (plain_rows, per column: HIDDEN_COLUMNS, CODE_COLUMNS, DATE_COLUMNS...)

Where changes go: a new filter in plain words: the function in values.py (citations.py if it names a
source), then its name in cells.FILTERS. A new code or column heading: CODE_WORDS or COLUMN_LABELS in
values.py. A new table's money, count or code columns on Datasette's pages, or a column a planner's
page hides or shows as a date, yes/no or level: the column sets in cells.py.
"""
