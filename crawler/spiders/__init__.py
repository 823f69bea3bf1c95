"""One spider per provider site. Start URLs come from the catalogue's courses table.

Every spider is a CourseSpider: it visits the URL of each course it covers (chosen by
provider id, or by the URL's host), sends conditional-request headers from the last good
fetch, extracts facts with crawler.reading.extract and yields one PageFetch per page. The
`other_providers` spider visits every course with a URL that no other spider covers, so
every course with a URL is visited by some spider.

May import: crawler.crawl, crawler.reading
"""
import hashlib
import re
import sqlite3
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.http import TextResponse
from twisted.internet.error import DNSLookupError, TCPTimedOutError, TimeoutError as TxTimeoutError

from crawler.crawl.items import PageFetch
from crawler.crawl.site_bounds import MovedOffSite
from crawler.reading import extract as extract_mod


def now():
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def host(url):
    return urlsplit(url).netloc.lower()


def read_courses(db_path):
    """(id, provider_id, url) of every course with a URL, read-only."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT id, provider_id, url FROM courses WHERE url IS NOT NULL AND url != '' ORDER BY id").fetchall()
    finally:
        conn.close()


def read_source_pages(db_path):
    """(course id, provider id, url, about) of every other source page of a course (courses.yaml
    `source_pages`, the course_source_pages table), read-only; none in a catalogue built before it."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        try:
            return conn.execute("SELECT p.course_id, c.provider_id, p.url, p.about FROM course_source_pages p "
                                "JOIN courses c ON c.id = p.course_id ORDER BY p.course_id, p.url").fetchall()
        except sqlite3.OperationalError:
            return []
    finally:
        conn.close()


def page_spider(provider_id, url):
    """The name of the one spider that visits a course's other source page: the spider of the
    page's site (the Digital Learning Map's entry for a Glasgow programme is read by the Digital
    Learning Map spider), else the spider of the course's provider, else `other_providers`."""
    from crawler.spiders.registry import all_spiders

    spiders = all_spiders()
    by_host = sorted(name for name, cls in spiders.items() if host(url) in cls.hosts)
    if by_host:
        return by_host[0]
    by_provider = sorted(name for name, cls in spiders.items() if provider_id in cls.provider_ids)
    return by_provider[0] if by_provider else "other_providers"


def last_validators(db_path, url):
    """ETag and Last-Modified of the last good fetch of a URL (for a conditional request)."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        try:
            row = conn.execute(
                "SELECT etag, last_modified FROM crawl_fetches WHERE url = ? AND http_status = 200 "
                "AND outcome IN ('ok', 'no_facts') ORDER BY id DESC LIMIT 1", (url,)).fetchone()
        except sqlite3.OperationalError:  # no crawl tables yet
            row = None
        return row or (None, None)
    finally:
        conn.close()


def known_related_pages(db_path, course_id, course_url):
    """URLs other than the course URL fetched for a course before (pages a spider followed)."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        try:
            return [r[0] for r in conn.execute(
                "SELECT DISTINCT url FROM crawl_fetches WHERE course_id = ? AND url != ? ORDER BY url", (course_id, course_url))]
        except sqlite3.OperationalError:  # no crawl tables yet
            return []
    finally:
        conn.close()


class CourseSpider(scrapy.Spider):
    """Base spider. Subclasses set name, provider_ids and/or hosts; may add extra_labels,
    follow (regexes of related links to visit for the same course) and site_facts()."""

    provider_ids = ()
    hosts = ()
    extra_labels = ()
    follow = ()
    # Let 304 and error statuses reach the callback, so they are recorded, not dropped.
    handle_httpstatus_list = [304, 400, 401, 403, 404, 410, 429, 500, 502, 503, 504]

    custom_settings = {}

    @classmethod
    def covers(cls, provider_id, url):
        return provider_id in cls.provider_ids or host(url) in cls.hosts

    def course_urls(self):
        db_path = self.settings.get("CATALOGUE_DB")
        return [(cid, url) for cid, provider, url in read_courses(db_path) if self.covers(provider, url)]

    async def start(self):
        for request in self.start_requests():
            yield request

    def source_pages(self):
        """(course id, url, about) of the courses' other source pages this spider visits (see page_spider)."""
        db_path = self.settings.get("CATALOGUE_DB")
        return [(cid, url, about) for cid, provider, url, about in read_source_pages(db_path)
                if page_spider(provider, url) == self.name]

    def start_requests(self):
        db_path = self.settings.get("CATALOGUE_DB")
        for course_id, url in self.course_urls():
            yield self.page_request(course_id, url)
            # Related pages seen before are revisited even when the course page answers 304.
            for related_url in known_related_pages(db_path, course_id, url) if self.follow else ():
                if any(re.search(pattern, related_url) for pattern in self.follow):
                    yield self.page_request(course_id, related_url, related=True)
        # Every other page that holds a course's facts (courses.yaml source_pages), each read for that course.
        for course_id, url, about in self.source_pages():
            request = self.page_request(course_id, url, related=True, about=about)
            if request is not None:
                yield request

    def page_request(self, course_id, url, related=False, about=None):
        requested = self.__dict__.setdefault("_requested", set())
        if (course_id, url) in requested:
            return None
        requested.add((course_id, url))
        headers = {}
        db_path = self.settings.get("CATALOGUE_DB") if hasattr(self, "settings") else None
        etag, last_modified = last_validators(db_path, url) if db_path else (None, None)
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return scrapy.Request(url, callback=self.parse, errback=self.failed, headers=headers, dont_filter=True,
                              meta={"course_id": course_id, "course_url": url, "related": related, "about": about})

    # --- parsing: a pure function of the response -----------------------------------

    def site_facts(self, response):
        """Per-site extraction, tried before the generic layers. Override where needed."""
        return {}

    def extract(self, response):
        """{field: (value, method)} for one page, with `.where` per field. Pure: depends only on the response."""
        return extract_mod.extract(response, extra_labels=self.extra_labels, site=self.site_facts)

    def parse(self, response):
        meta = response.meta
        item = PageFetch(
            spider=self.name, course_id=meta["course_id"], url=meta["course_url"], final_url=response.url,
            http_status=response.status, fetched_at=now(), bytes=len(response.body), fields={},
            etag=_header(response, b"ETag"), last_modified=_header(response, b"Last-Modified"),
            content_hash=hashlib.sha256(response.body).hexdigest() if response.status != 304 else None)
        if response.status == 304:
            item.update(outcome="not_modified", bytes=0)
        elif response.status in (404, 410):
            item.update(outcome="not_found", error=f"HTTP {response.status}")
        elif response.status >= 500:
            item.update(outcome="server_error", error=f"HTTP {response.status}")
        elif response.status >= 400:
            item.update(outcome="http_error", error=f"HTTP {response.status}")
        elif not isinstance(response, TextResponse) or b"<" not in response.body[:2048]:
            item.update(outcome="not_html", error=f"not an HTML page ({_header(response, b'Content-Type') or 'no content type'})")
        else:
            try:
                facts = self.extract(response)
                item["fields"] = dict(facts)
                item["where"] = {f: {"layer": method, "selector": facts.where.get(f)} for f, (_, method) in facts.items()}
                item["readings"] = extract_mod.readings(facts)
                if meta.get("about") == "module":
                    # A module's page: what it says (its credits, its "Requirements of Entry") is the
                    # module's, recorded as module_<field>, never the whole programme's fact.
                    item["fields"] = {f"module_{f}": v for f, v in item["fields"].items()}
                    item["where"] = {f"module_{f}": v for f, v in item["where"].items()}
                    item["readings"] = {}
            except Exception as exc:  # a page that breaks the parser is recorded, not fatal
                item.update(outcome="parse_error", error=f"{type(exc).__name__}: {exc}")
            else:
                facts = [f for f in item["fields"] if f not in ("title", "description")]
                item["outcome"] = "ok" if facts else "no_facts"
                if not facts:
                    item["error"] = "no course facts found on the page (layout changed or not a course page?)"
            if not meta.get("related"):
                yield from self.related_requests(response)
        yield item

    def related_requests(self, response):
        if not self.follow:
            return
        seen = set()
        settings = getattr(self, "settings", None)   # none when a test parses a page without a crawler
        limit = settings.getint("MAX_RELATED_PAGES", 20) if settings else 20   # a page may hold thousands of links
        for href in response.xpath("//a/@href").getall():
            if len(seen) >= limit:
                break
            url = urljoin(response.url, href).split("#")[0]
            if url in seen or url == response.url:
                continue
            if any(re.search(pattern, url) for pattern in self.follow):
                seen.add(url)
                request = self.page_request(response.meta["course_id"], url, related=True)
                if request is not None:
                    yield request

    def failed(self, failure):
        request = failure.request
        meta = request.meta
        error = failure.value
        if failure.check(MovedOffSite):
            # Another site's page is never read as this course's: the move is recorded instead.
            yield PageFetch(spider=self.name, course_id=meta["course_id"], url=meta["course_url"], final_url=error.target,
                            http_status=None, outcome="moved", error=str(error)[:300], fetched_at=now(), bytes=0, fields={})
            return
        if failure.check(TxTimeoutError, TCPTimedOutError) or any("Timeout" in k.__name__ for k in type(error).__mro__):
            outcome, why = "timeout", f"no answer within {self.settings.getfloat('DOWNLOAD_TIMEOUT')} s"
        elif "robots.txt" in str(error):
            outcome, why = "robots_forbidden", "robots.txt forbids this page"
        elif type(error).__name__ == "DownloadCancelledError":  # Scrapy stops a body past DOWNLOAD_MAXSIZE
            outcome = "unreachable"
            why = str(error) or f"larger than the download cap (DOWNLOAD_MAXSIZE, {self.settings.getint('DOWNLOAD_MAXSIZE'):,} bytes)"
        elif failure.check(DNSLookupError):
            outcome, why = "unreachable", f"DNS lookup failed: {error}"
        else:
            outcome, why = "unreachable", f"{type(error).__name__}: {error}"[:300]
        yield PageFetch(spider=self.name, course_id=meta["course_id"], url=meta["course_url"], final_url=None,
                        http_status=None, outcome=outcome, error=why, fetched_at=now(), bytes=0, fields={})


def _header(response, name):
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
