"""The workforce planners' pages: the self-assessment, one area's plan, the scaling model, and the charts.

May import: catalogue_site.courses, catalogue_site.serving, catalogue_site.words, recommender, recommender.output, recommender.workforce, scaling_model

  workforce_assessment  /-/workforce-assessment (.json, .csv): seed 004's checklist rated, the training plan
  area_plan             /-/area-plan (.json, .csv): one area's PAIR teams, posts, levels, courses, gap
  scaling_page          /-/scaling, the scaling model (`recommender plan`) answered whole
  charts                /-/charts and its SVG charts (levels, a profile's pathways through the finder's
                        reading of its form (courses.find_courses), the scaling scenario)

Where changes go: a new planning page is a module here with `register_routes()`, its template in
catalogue_site/templates/, and one line in register_routes of catalogue_site/__init__.py. The answers
themselves (the plan, the assessment) are the recommender's: a new rule goes there, not here.
"""
