"""Pathway recommender: reads catalogue.db with the standard sqlite3 module only.

Never import scrapy or datasette from this package: start-up time matters.
"""
