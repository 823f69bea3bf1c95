"""`--mirror URL`: send every request for https://HOST/PATH to URL/HOST/PATH instead.

Spiders, pipelines and the catalogue only ever see the real URLs: the request is
rewritten on its way to the downloader and the response (and any redirect Location) is
mapped back on its way out. A whole crawl can so run against a local copy of the sites.
"""
from urllib.parse import urljoin, urlsplit

from scrapy.exceptions import NotConfigured


def to_mirror(url, mirror):
    """'https://www.gla.ac.uk/a/?x=1' -> 'http://127.0.0.1:8000/www.gla.ac.uk/a/?x=1'."""
    parts = urlsplit(url)
    rest = parts.path or "/"
    if parts.query:
        rest += "?" + parts.query
    return f"{mirror.rstrip('/')}/{parts.netloc}{rest}"


def from_mirror(url, mirror):
    """The inverse of to_mirror; URLs outside the mirror are returned unchanged."""
    base = mirror.rstrip("/") + "/"
    if not url.startswith(base):
        return url
    rest = url[len(base):]
    host, _, path = rest.partition("/")
    return f"https://{host}/{path}"


class MirrorMiddleware:
    def __init__(self, mirror):
        self.mirror = mirror.rstrip("/")

    @classmethod
    def from_crawler(cls, crawler):
        mirror = crawler.settings.get("MIRROR_URL")
        if not mirror:
            raise NotConfigured
        return cls(mirror)

    def _is_mirrored(self, url):
        return url.startswith(self.mirror + "/")

    def process_request(self, request, spider=None):
        if self._is_mirrored(request.url) or not request.url.startswith(("http://", "https://")):
            return None
        return request.replace(url=to_mirror(request.url, self.mirror), dont_filter=True,
                               meta={**request.meta, "mirror_of": request.url})

    def process_response(self, request, response, spider=None):
        if not self._is_mirrored(response.url):
            return response
        headers = response.headers.copy()
        location = headers.get(b"Location")
        if location:
            target = urljoin(response.url, location.decode("latin-1"))
            headers[b"Location"] = from_mirror(target, self.mirror).encode("latin-1")
        return response.replace(url=from_mirror(response.url, self.mirror), headers=headers)
