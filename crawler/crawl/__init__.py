"""What a crawl fetches and leaves behind: site bounds and mirror middlewares, the items a fetch yields, the results files in data/crawls.

May import: nothing

crawler/settings.py switches the middlewares on by dotted path (crawler.crawl.site_bounds.*,
crawler.crawl.mirror.MirrorMiddleware); the spiders yield crawler.crawl.items; the crawl command
saves each crawl as data/crawls/*.jsonl with crawl_results, and the build reads them back.
"""
