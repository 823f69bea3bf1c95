"""What holds for every request: which database, the site's day, limits, read-only, safe CSV, table rows, facets.

May import: catalogue_site.words, recommender, recommender.advice, recommender.catalogue, recommender.output, course_dates

The plugin (catalogue_site/__init__.py) hands these hooks to this room's modules; the pages of the
other rooms use `database` (which database they read) and `clock` (the day they answer for):

  database         which database the pages read: the one named catalogue, else the first one served
  clock            the day the pages answer for (metadata plugins.catalogue_site.today or IMH_TODAY; startup)
  limits           bounds that hold for any single query or search (prepare_connection, asgi_wrapper)
  read_only        every request but GET, HEAD and OPTIONS answered 405 (asgi_wrapper)
  csv_exports      .csv answers with no cell a spreadsheet would run as a formula; ?_plain=1 as the
                   planner's spreadsheet (asgi_wrapper)
  eligibility_sql  the recommender's verdicts as SQL functions for canned queries (prepare_connection)
  table_rows       a table page's rows written in Python, the same HTML as Datasette's _table.html
                   (templates/_table.html, prepare_jinja2_environment)
  facet_counts     facet counts from the build's facet_counts table, or one query for all facets
                   (register_facet_classes, as a hook wrapper)
  search_sql       a course search's count and first page without looking up every match: the two
                   queries Datasette builds for ?_search= on courses, rewritten (startup, execute)

Where changes go: a new limit (a length, a time, a size, an option refused) in limits.py; a new SQL
function for canned queries in eligibility_sql.py (registered for every connection); a new setting
of the site's day in clock.py. Nothing here knows a page: pages live in courses/ and planning/.
"""
