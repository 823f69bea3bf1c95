"""A real HTTP server on 127.0.0.1 serving fixture pages as a --mirror of the real sites.

A page for https://HOST/PATH is served at http://127.0.0.1:PORT/HOST/PATH. Each page can
be given a status, a delay (for timeouts), a redirect or a new body between crawls. The
server answers conditional requests (If-None-Match / If-Modified-Since) with 304 and logs
every request (path, status, body bytes sent), so tests can assert what was downloaded.
"""
import hashlib
import shutil
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

FILES = Path(__file__).resolve().parent / "files"
REFERENCE = Path(__file__).resolve().parent.parent / "crawler" / "reference"
LAST_MODIFIED = "Mon, 03 Nov 2025 09:00:00 GMT"


def mirror_path(url):
    parts = urlsplit(url)
    return f"/{parts.netloc}{parts.path or '/'}" + (f"?{parts.query}" if parts.query else "")


@dataclass
class Page:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0
    location: str = None          # a real URL to redirect to
    validators: bool = True       # send ETag / Last-Modified


@dataclass
class FixtureSite:
    pages: dict = field(default_factory=dict)
    log: list = field(default_factory=list)
    server: object = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def page(self, url, fixture=None, body=None, **kwargs):
        if fixture is not None:
            body = (FILES / fixture).read_bytes()
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.pages[mirror_path(url)] = Page(body=body or b"", **kwargs)

    def requests_for(self, url):
        return [entry for entry in self.log if entry[0] == mirror_path(url)]


def _handler(site):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            page = site.pages.get(self.path)
            if page is None:
                return self._send(self.path, 404, b"<html><head><title>Page not found</title></head><body><h1>Page not found</h1></body></html>")
            if page.delay:
                time.sleep(page.delay)
            if page.location:
                return self._send(self.path, page.status if 300 <= page.status < 400 else 301, b"",
                                  {"Location": site.url + mirror_path(page.location)})
            headers = {}
            if page.validators and page.status == 200:
                etag = '"' + hashlib.sha1(page.body).hexdigest()[:16] + '"'
                headers.update({"ETag": etag, "Last-Modified": LAST_MODIFIED})
                if self.headers.get("If-None-Match") == etag:
                    return self._send(self.path, 304, b"", headers)
            return self._send(self.path, page.status, page.body, headers, page.content_type)

        def _send(self, path, status, body, headers=None, content_type="text/html; charset=utf-8"):
            site.log.append((path, status, len(body)))
            try:
                self.send_response(status)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                if status != 304:
                    self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


def start(site=None):
    site = site or FixtureSite()
    site.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    site.server.daemon_threads = True
    threading.Thread(target=site.server.serve_forever, daemon=True).start()
    return site


def stop(site):
    site.server.shutdown()
    site.server.server_close()


# --- the fixture page for each course page (course id -> file under tests/files/) ----------

COURSE_FIXTURES = {
    "bpf-parent-infant-psychotherapy": "bpf.html",
    "bpf-infant-observation": "bpf_infant_observation.html",
    "simh-parent-infant-psychoanalytic-psychotherapy": "school_of_infant_mental_health.html",
    "simh-workshops-webinars": "school_of_infant_mental_health_workshops.html",
    "au-milieu-infant-parent-psychotherapy": "au_milieu.html",
    "oxpip-parent-infant-therapist-diploma": "oxpip.html",
    "oxpip-advanced-parent-infant-practitioner": "oxpip_advanced.html",
    "oxpip-short-courses": "oxpip_short_courses.html",
    "acp-child-adolescent-psychotherapy-training": "acp.html",
    "northampton-pgcert-infant-mental-health": "northampton.html",
    "glasgow-infant-mental-health-pg": "glasgow.html",
    "glasgow-understanding-imh-microcredential": "glasgow_microcredential.html",
    "sunderland-infant-mental-health": "sunderland.html",
    "tavistock-infant-observation-perinatal": "tavistock_and_portman.html",
    "tavistock-m7-pre-clinical": "tavistock_and_portman_m7.html",
    "tavistock-m80-child-psychotherapy": "tavistock_and_portman_m80.html",
    "ieyp-parent-infant-trainee-ucl": "ieyp.html",
    "newborn-behavioural-observations": "digital_learning_map.html",
    "solihull-approach-foundation": "digital_learning_map.html",
    "mellow-babies": "digital_learning_map_mellow_babies.html",
    "incredible-years-preschool-basic": "digital_learning_map.html",
    "nes-imh-developing-positive-early-attachments": "digital_learning_map_elearning.html",
    "ucl-anna-freud-capt-dpsych": "other_providers.html",
    "video-interaction-guidance": "other_providers_vig.html",
    "circle-of-security-parenting": "other_providers_vig.html",
    "watch-wait-and-wonder": "other_providers_vig.html",
    "hee-perinatal-mental-health-elearning": "digital_learning_map_elearning.html",
}
# Pages a spider follows from a course page (same course): real URL -> fixture.
RELATED_FIXTURES = {
    "https://childpsychotherapy.org.uk/training-events-0/how-train-child-and-adolescent-psychotherapist": "acp_how_to_train.html",
    "https://childpsychotherapy.org.uk/training-events-0/pre-clinical-courses": "acp_pre_clinical.html",
    "https://www.gla.ac.uk/coursecatalogue/course/?code=MED5642": "glasgow_course_catalogue.html",
}


# A course's other source pages (courses.yaml source_pages): real URL -> fixture.
SOURCE_PAGE_FIXTURES = {
    "https://www.digitallearningmap.nhs.scot/resources-a-to-z/infant-mental-health-msc": "digital_learning_map_glasgow_imh.html",
    "https://www.gla.ac.uk/coursecatalogue/course/?code=MED5659": "glasgow_course_catalogue_med5659.html",
    "https://www.northampton.ac.uk/news/good-mental-health-starts-when-we-start-uon-students-champion-infant-mh/":
        "northampton_news.html",
    "https://www.studylondon.ac.uk/courses/details/47669034-child-and-adolescent-psychotherapy-dpsych":
        "other_providers_studylondon.html",
}


def course_urls(db_path):
    from catalogue_rows import tuples

    return dict(tuples(db_path, "SELECT id, url FROM courses WHERE url IS NOT NULL"))


def serve_catalogue(site, db_path):
    """Serve the fixture page of every course URL in the catalogue (and related pages)."""
    urls = course_urls(db_path)
    for course_id, url in urls.items():
        site.page(url, COURSE_FIXTURES[course_id])
    for url, fixture in {**RELATED_FIXTURES, **SOURCE_PAGE_FIXTURES}.items():
        site.page(url, fixture)
    return urls


# Settings for crawls in tests: only 127.0.0.1 is ever contacted, so no politeness delays.
TEST_SETTINGS = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
                 "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "DOWNLOAD_TIMEOUT=1.5", "-s", "RETRY_ENABLED=False"]


def crawl_command(python, db_path, site, *args):
    return [python, "-m", "crawler", "crawl", "--db", str(db_path), "--mirror", site.url, *TEST_SETTINGS, *map(str, args)]


def crawl(python, repo_root, db_path, site, *args, timeout=90):
    import subprocess

    return subprocess.run(crawl_command(python, db_path, site, *args), cwd=repo_root, capture_output=True, text=True,
                          timeout=timeout)


def fresh_catalogue(folder, own_reference=False):
    """A catalogue.db built in folder (its path); with own_reference, built from folder/reference, a
    copy of crawler/reference that the test may change."""
    from crawler.catalogue.build import build

    db = folder / "catalogue.db"
    if own_reference:
        shutil.copytree(REFERENCE, folder / "reference")
        build(db, folder / "reference")
    else:
        build(db)
    return db


@contextmanager
def serving(db_path):
    """A fixture server serving every course page of the catalogue: (site, {course id: url}); stopped after."""
    site = start()
    try:
        yield site, serve_catalogue(site, db_path)
    finally:
        stop(site)
