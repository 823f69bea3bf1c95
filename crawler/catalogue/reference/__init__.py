"""The reviewable reference data (crawler/reference/*.yaml): loading, checking, and the typed models of its rows.

May import: crawler.reading, course_dates
"""
