"""The crawler: the Scrapy project (settings, spiders, pipelines) and its command line, `python -m crawler build|crawl|review`.

May import: crawler.catalogue, crawler.catalogue.reference, crawler.catalogue.tables, crawler.crawl, crawler.pipelines, crawler.spiders, course_dates

Rooms below, data flowing one way (crawl -> readings -> policy -> catalogue): crawl/ (what a fetch
may do and leaves behind), reading/ (a page into readings), catalogue/ (catalogue.db: reference
data, the shown-value policy, the build, review; tables/ and reference/ inside it). This room keeps
only what Scrapy and the command line name: __main__.py, settings.py (scrapy.cfg and pyproject name
crawler.settings) and the crawl command, which loads those settings and runs spiders and pipelines.
"""
