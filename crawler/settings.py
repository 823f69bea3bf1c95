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

# What a hostile or broken site can make us do (crawler/crawl/site_bounds.py, docs/security.md).
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024     # bytes; a bigger page (or gzip body, once decompressed) fails
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024     # bytes; logged: course pages are well under 1 MB
MAX_RELATED_PAGES = 20                  # pages followed per course, however many links match

DOWNLOADER_MIDDLEWARES = {
    # Text read in the encoding its bytes are really in (after decompression at 590).
    "crawler.crawl.site_bounds.PageEncoding": 560,
    # Before RedirectMiddleware (600) sees a response: a redirect off the course's site is a move.
    "crawler.crawl.site_bounds.OwnSiteRedirects": 650,
    # After robots.txt (100) and before the downloader: rewrite https://HOST/PATH to the mirror.
    "crawler.crawl.mirror.MirrorMiddleware": 950,
}
SPIDER_MIDDLEWARES = {
    "crawler.crawl.site_bounds.RelatedPageCap": 900,
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


def override_problem(name, value):
    """What is wrong with `-s NAME=VALUE`, in one line, or None: the name must be a Scrapy or
    project setting, and the value must read as the kind of value that setting holds."""
    import json
    import math

    from scrapy.settings import default_settings

    own = {key: val for key, val in globals().items() if key.isupper()}
    known = {key: getattr(default_settings, key) for key in dir(default_settings) if key.isupper()} | own
    if name not in known:
        return f"-s {name}: no such setting (see https://docs.scrapy.org/en/latest/topics/settings.html)"
    default = known[name]
    if isinstance(default, bool):
        if value.strip().lower() not in ("true", "false", "1", "0"):
            return f"-s {name}={value}: expected True or False"
    elif isinstance(default, (int, float)):
        try:
            number = float(value) if isinstance(default, float) or "." in value else int(value)
        except ValueError:
            return f"-s {name}={value}: expected a number"
        if not math.isfinite(number) or number < 0:
            return f"-s {name}={value}: expected a number of 0 or more"
    elif isinstance(default, dict):
        try:
            parsed = json.loads(value)
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            return f"-s {name}={value}: expected a JSON object such as {{\"name\": 1}}"
    return None
