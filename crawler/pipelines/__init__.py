"""Item pipelines: validate (pure checks of each field) then store (history in SQLite).

May import: crawler.catalogue, crawler.catalogue.tables, crawler.crawl, crawler.reading
"""
