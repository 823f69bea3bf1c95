"""Advice for one practitioner: their profile and profession, eligibility, ranking, pathways and the recommendation.

May import: recommender.catalogue, recommender.output, course_dates, course_order

Words and answers in, the --json object out (`recommendation.recommend`, re-exported as
`recommender.recommend`): `professions` matches the words, `profile` turns answers into a
Person, `eligibility` gives each rule's verdict with reasons, `ranking` orders and filters
courses and routes, `pathways` finds the ways up the AiMH levels and `dated_pathway` puts them
in dates. The workforce room and the site ask this room for every verdict.
"""
