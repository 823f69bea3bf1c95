"""Scrapy settings for the catalogue's spiders: polite by default, set explicitly here.

The crawl command loads this module; tests override a few values with `-s NAME=VALUE`
(no delay, no AutoThrottle, short timeouts) because they only ever talk to 127.0.0.1.
"""
BOT_NAME = "imh_catalogue"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Who we are: the project's name and where to read about it.
USER_AGENT = "imh-training-catalogue/0.1 (+UK infant mental health training catalogue; weekly course-page check)"

# Politeness.
ROBOTSTXT_OBEY = True
DOWNLOAD_DELAY = 5                      # seconds between requests to one site
DOWNLOAD_DELAY_JITTER = 0.5               # each delay varies by ±50% (Scrapy ≥ 2.14)
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 5
AUTOTHROTTLE_MAX_DELAY = 60
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
RETRY_ENABLED = True
RETRY_TIMES = 2                         # then the page counts as unreachable for this crawl
REDIRECT_ENABLED = True
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# Conditional requests are ours: the spider sends If-None-Match / If-Modified-Since from
# the last good fetch in crawl_fetches, so the catalogue itself is the cache and a 304
# counts as "unchanged". Scrapy's own HTTP cache stays off (it would be a second cache).
HTTPCACHE_ENABLED = False

DOWNLOADER_MIDDLEWARES = {
    # After robots.txt (100) and before the downloader: rewrite https://HOST/PATH to the mirror.
    "crawler.mirror.MirrorMiddleware": 950,
}
ITEM_PIPELINES = {
    "crawler.pipelines.validate.ValidatePipeline": 100,
    "crawler.pipelines.store.StorePipeline": 500,
}

# Where to write (the crawl command sets it from --db) and the optional mirror (--mirror).
CATALOGUE_DB = None
MIRROR_URL = None

LOG_LEVEL = "WARNING"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
