"""Workforce planning: the checklist and self-assessment, rosters of staff, one area's plan and the scaling plan.

May import: recommender.advice, recommender.catalogue, recommender.output, course_dates, scaling_model

What planners ask about many people at once, each answer a plain dict that the command line
prints and the site's pages show: `roster` (best options for every person in a CSV),
`checklist`, `assessment_file` and `assess` (seed 004's RAG self-assessment to a training plan,
`assess_csv` its CSV form), `area` (one area's PAIR teams from its babies), `staffing` (seed
002's scaling scenario from the catalogue's inputs and a planner's changes). `csv_files` reads
the CSV files planners give. Every verdict on a person comes from recommender.advice.
"""
