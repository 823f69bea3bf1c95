"""How the recommender writes things: numbers and unknowns, text tables, JSON, CSV cells and calendars.

May import: recommender.catalogue, course_dates

Shared by the command line, the advice and workforce answers and the site's pages, so that all
of them write a number, an unknown, a CSV cell or a calendar the same way. Nothing here knows
a command or an answer's shape: `formatting` (money, WTE, weeks, "not known", half-up
rounding), `table` (fixed-width text tables and paragraphs), `jsonout` (the --json writer),
`csv_cells` (no spreadsheet formulas in a cell), `ics` (a dated pathway as an iCalendar file).
"""
