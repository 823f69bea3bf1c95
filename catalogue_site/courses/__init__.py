"""The pages about the courses: finding them (page, feed, calendars), each course, provider and route, sources, changes.

May import: catalogue_site.serving, catalogue_site.words, recommender, recommender.advice, recommender.output, course_dates

Each module is one page or one set of URLs; the plugin (catalogue_site/__init__.py) registers them:

  find_courses      /-/find-courses, the recommender's answer as a page (answers_from, recommend and
                    search_answer are shared with the feed, the calendars and the pathway chart)
  search_feed       /-/find-courses.atom?<a finder search>: follow that search (new intakes, changes)
  calendars         /-/find-courses.ics?<a finder search> and /-/courses/<id>.ics
  course_page       a course's own page: facts with sources, disagreements, last checked (extra_template_vars)
  row_pages         a provider's and a career route's own pages (extra_template_vars)
  question_pages    the planners' questions (canned queries): the profession matcher's reading
  sources_page      /-/sources, the page every citation links to; gives words/citations.py the short titles
  changes           /-/changes and /-/changes.atom (its Atom writer also writes the search feed)
  catalogue_status  the home page's "how current is this" panel (extra_template_vars)

Where changes go: a new page about courses is a module here with `register_routes()` (or
`extra_template_vars` for a Datasette row or query page), its template in catalogue_site/templates/,
and one line in the hook of catalogue_site/__init__.py. A new canned question goes in metadata.yml
(its words through words/); a page for the workforce, not for a course, goes in planning/.
"""
