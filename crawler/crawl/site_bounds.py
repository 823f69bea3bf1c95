"""What a provider's site may make the crawler do: bounded work, values only from the course's own site.

Three middlewares, switched on in crawler/settings.py (docs/security.md gives each limit and why):

- `OwnSiteRedirects` (downloader): a course page that redirects to another site is not
  followed. The fetch fails with `MovedOffSite`, which the spider records as outcome
  'moved' with the new address (crawl_link_health: 'redirected', new_url): the course has
  moved, and the other site's values are never taken as the course's.
- `PageEncoding` (downloader): the text of a page is read in the encoding its bytes are
  really in. A page declared ISO-8859-1 (or with no declaration) whose bytes are valid
  UTF-8 is read as UTF-8 (else "£" becomes "Â£"); bytes that are not valid in the declared
  encoding are read as Windows-1252 instead of being replaced.
- `RelatedPageCap` (spider): at most MAX_RELATED_PAGES pages followed per course, however
  many matching links a page holds.

The download size itself is bounded by Scrapy's DOWNLOAD_MAXSIZE (which also bounds a
decompressed gzip body) in crawler/settings.py.
"""
import codecs

from scrapy.exceptions import IgnoreRequest
from scrapy.http import TextResponse
from urllib.parse import urljoin, urlsplit

MAX_RELATED_PAGES = 20
# Second-level labels under .uk after which the registrable name comes (gla.ac.uk, nhs.uk trusts).
_UK_SECOND_LEVEL = {"ac", "co", "org", "gov", "nhs", "ltd", "plc", "me", "net", "sch", "police"}


def site_of(url):
    """The site a URL belongs to: its registrable domain ('www.gla.ac.uk' -> 'gla.ac.uk')."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    labels = host.split(".")
    if len(labels) >= 3 and labels[-1] == "uk" and labels[-2] in _UK_SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


class MovedOffSite(IgnoreRequest):
    """The course page redirected to another site: recorded as a move, never fetched."""

    def __init__(self, url, target):
        self.url, self.target = url, target
        super().__init__(f"redirected to another site: {target} (recorded as a move; its values are not taken)")


class OwnSiteRedirects:
    @classmethod
    def from_crawler(cls, crawler):
        return cls()

    def process_response(self, request, response, spider=None):
        course_url = request.meta.get("course_url")
        if not course_url:
            return response
        target = response.url
        location = response.headers.get(b"Location")
        if 300 <= response.status < 400 and location:
            target = urljoin(response.url, location.decode("latin-1"))
        if site_of(target) != site_of(course_url):
            raise MovedOffSite(course_url, target)
        return response


def _decodes(body, encoding):
    try:
        body.decode(encoding)
        return True
    except (UnicodeDecodeError, LookupError):
        return False


_SINGLE_BYTE_DEFAULTS = {"ascii", "latin_1", "iso8859_1", "cp1252"}


def page_encoding(body, declared):
    """The encoding to read a page's bytes in, given the encoding it declares (or None).

    The bytes are trusted over a header where they disagree: bytes that are valid UTF-8 and
    hold multi-byte sequences are UTF-8 whatever the header says (such sequences are very
    unlikely by chance in any other encoding, and a wrong header would turn every accented
    letter into mojibake); bytes that do not decode in the declared encoding are read as
    Windows-1252 (UK pages' legacy encoding) when they decode cleanly so, else in the encoding
    charset detection (charset-normalizer, installed with Scrapy) finds."""
    declared_name = codecs.lookup(declared).name if declared and _known(declared) else None
    if declared_name not in ("utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be") \
            and _decodes(body, "utf-8") and (declared_name is None or not body.isascii()
                                             or declared_name.replace("-", "_") in _SINGLE_BYTE_DEFAULTS):
        return "utf-8"
    if declared_name and _decodes(body, declared_name):
        return declared_name
    if _decodes(body, "cp1252"):   # the legacy encoding of UK pages; detection is unsure on short texts
        return "cp1252"
    return _detected(body) or "cp1252"


def _detected(body):
    try:
        from charset_normalizer import from_bytes
    except ImportError:
        return None
    best = from_bytes(body[:200_000]).best()
    return codecs.lookup(best.encoding).name if best and best.encoding and _known(best.encoding) else None


def _known(encoding):
    try:
        codecs.lookup(encoding)
        return True
    except LookupError:
        return False


class PageEncoding:
    @classmethod
    def from_crawler(cls, crawler):
        return cls()

    def process_response(self, request, response, spider=None):
        if not isinstance(response, TextResponse) or not response.body:
            return response
        declared = response._declared_encoding()
        encoding = page_encoding(response.body, declared)
        if declared and _known(declared) and codecs.lookup(declared).name == codecs.lookup(encoding).name:
            return response
        return response.replace(encoding=encoding)


class RelatedPageCap:
    def __init__(self, stats=None, limit=MAX_RELATED_PAGES):
        self.stats, self.limit, self.followed = stats, limit, {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats, crawler.settings.getint("MAX_RELATED_PAGES", MAX_RELATED_PAGES))

    def _keep(self, output):
        meta = getattr(output, "meta", None)
        if meta is None or not meta.get("related"):
            return True
        course = meta.get("course_id")
        if self.followed.get(course, 0) >= self.limit:
            if self.stats is not None:
                self.stats.inc_value("catalogue/related_pages_not_followed")
            return False
        self.followed[course] = self.followed.get(course, 0) + 1
        return True

    def process_spider_output(self, response, result, spider=None):
        for output in result:
            if self._keep(output):
                yield output

    async def process_spider_output_async(self, response, result, spider=None):
        async for output in result:
            if self._keep(output):
                yield output

    async def process_start(self, start):
        async for request in start:
            if self._keep(request):
                yield request
