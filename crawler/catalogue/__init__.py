"""catalogue.db: the build, the shown-value policy (currency, plausibility, other source pages), review, and the one-writer lock.

May import: crawler.catalogue.reference, crawler.catalogue.tables, crawler.crawl, crawler.reading, course_dates

Sub-rooms: reference/ (loading and checking crawler/reference/*.yaml, its typed models) and
tables/ (the tables and views Datasette shows, each written by the build).
"""
