"""Turning a fetched page (or a reference file's words) into readings: layered extraction and the normalisers, pure functions.

May import: nothing

extract.py reads a response into facts with how each was read; normalise.py turns words into
comparable values (months, GBP, ISO dates, clean text). Page labels come from
crawler/reference/page_labels.yaml (read as package data). Nothing here touches a database.
"""
