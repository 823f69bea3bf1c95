"""Providers' course listing pages (providers.yaml `listings`, each with its source): links that
look like infant mental health or parent-infant training and are not catalogue courses are
recorded as candidates (crawl_candidates) for a person to add with `python -m crawler review --add`.

It visits no course page (`covers` is always false), so every course still has exactly one spider.
"""
import re
import sqlite3
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.http import TextResponse

from crawler.crawl.items import ListingPage
from crawler.reading.normalise import clean_text
from crawler.spiders import CourseSpider, now

# A link whose words (text or address) name one of these looks like a course in the catalogue's
# field: infant mental health, parent-infant relationships, the perinatal period, infant observation.
IMH_WORDS = re.compile(
    r"\b(infant|infants|parent[\s-]+infant|perinatal|newborn|bab(y|ies)|under[\s-]*(twos?|2s|fives?|5s)|first 1001 days"
    r"|early (years|attachments?|relationships?)|attachment|observational)\b", re.IGNORECASE)
# At most this many candidates from one listing page (a page may hold thousands of links).
MAX_CANDIDATES = 50
NOT_A_COURSE = re.compile(r"^(mailto|tel|javascript):|#|\.(pdf|jpe?g|png|docx?)$", re.IGNORECASE)


def read_listings(db_path):
    """(provider_id, url) of every listing page, and the catalogue's course URLs, read-only."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        try:
            listings = conn.execute("SELECT provider_id, url FROM provider_listings ORDER BY provider_id, url").fetchall()
        except sqlite3.OperationalError:  # a catalogue built before listings were kept
            listings = []
        known = {r[0] for r in conn.execute("SELECT url FROM courses WHERE url IS NOT NULL")}
        return listings, known
    finally:
        conn.close()


def _key(url):
    parts = urlsplit(url)
    return (parts.netloc.lower().removeprefix("www."), parts.path.rstrip("/").lower(), parts.query)


def candidate_links(links, page_url, known_urls):
    """Pure: [(url, text)] of the links that look like IMH training and are not known courses.

    links: [(href, link text)] as on the page; relative links are read against page_url.
    """
    known = {_key(u) for u in known_urls} | {_key(page_url)}
    found, seen = [], set()
    for href, text in links:
        if not href or NOT_A_COURSE.search(href.strip()):
            continue
        url = urljoin(page_url, href.strip()).split("#")[0]
        text = clean_text(text) or ""
        if not url.startswith(("http://", "https://")) or _key(url) in known or _key(url) in seen:
            continue
        if IMH_WORDS.search(text) or IMH_WORDS.search(urlsplit(url).path.replace("-", " ").replace("_", " ")):
            seen.add(_key(url))
            found.append((url, (text or url)[:300]))
            if len(found) >= MAX_CANDIDATES:
                break
    return found


class ListingsSpider(CourseSpider):
    name = "listings"

    @classmethod
    def covers(cls, provider_id, url):
        return False

    def start_requests(self):
        listings, self.known_urls = read_listings(self.settings.get("CATALOGUE_DB"))
        for provider_id, url in listings:
            yield scrapy.Request(url, callback=self.parse_listing, errback=self.listing_failed, dont_filter=True,
                                 meta={"provider_id": provider_id, "listing_url": url})

    def parse_listing(self, response):
        meta = response.meta
        item = ListingPage(spider=self.name, provider_id=meta["provider_id"], url=meta["listing_url"],
                           final_url=response.url, http_status=response.status, fetched_at=now(), fields={},
                           links_seen=0, candidates=[])
        if response.status in (404, 410):
            item.update(outcome="not_found", error=f"HTTP {response.status}")
        elif response.status >= 400:
            item.update(outcome="server_error" if response.status >= 500 else "http_error", error=f"HTTP {response.status}")
        elif not isinstance(response, TextResponse):
            item.update(outcome="not_html", error="not an HTML page")
        else:
            links = [(a.attrib.get("href"), " ".join(a.xpath(".//text()").getall())) for a in response.xpath("//a[@href]")]
            item.update(outcome="ok", links_seen=len(links),
                        candidates=candidate_links(links, response.url, self.known_urls))
        yield item

    def listing_failed(self, failure):
        meta = failure.request.meta
        yield ListingPage(spider=self.name, provider_id=meta["provider_id"], url=meta["listing_url"], final_url=None,
                          http_status=None, outcome="unreachable", error=f"{type(failure.value).__name__}: {failure.value}"[:300],
                          fetched_at=now(), fields={}, links_seen=0, candidates=[])
