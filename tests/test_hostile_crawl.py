"""Hostile sites: the real crawler (`python -m crawler crawl --mirror`) against pages on 127.0.0.1
that try to swell the catalogue, exhaust memory, hand over another site's values or corrupt text.

Each case is one an audit found (issue 14). Before the bounds: a gzip bomb and an endless
chunked answer were each buffered up to Scrapy's 1 GB default; a 200 MB value was stored
whole; 10,000 matching links became 20,002 fetches; a redirect to another host made that
host's values the course's; control characters reached the Atom feed; a "Page not found"
answered 200 overwrote the title; a page's bytes were read in the wrong encoding.

Two crawls of seven spiders: the first over the ordinary fixture pages (real pages' words),
the second over hostile versions of some of them. The server on 127.0.0.1 bounds everything
it sends (64 MB at most per answer), so the test is bounded even without the crawler's limits.
"""
import gzip
import os
import re
import sqlite3
import subprocess
import threading
from http.server import ThreadingHTTPServer

import pytest

import fixture_server as fs
from crawler.catalogue.build import build

pytestmark = pytest.mark.timeout(300)

SPIDERS = ["sunderland", "northampton", "bpf", "glasgow", "oxpip", "au_milieu", "school_of_infant_mental_health"]
SUNDERLAND = "sunderland-infant-mental-health"
NORTHAMPTON = "northampton-pgcert-infant-mental-health"
BPF = "bpf-parent-infant-psychotherapy"
BPF_OBSERVATION = "bpf-infant-observation"
GLASGOW = "glasgow-infant-mental-health-pg"
OXPIP = "oxpip-parent-infant-therapist-diploma"
OXPIP_ADVANCED = "oxpip-advanced-parent-infant-practitioner"
AU_MILIEU = "au-milieu-infant-parent-psychotherapy"
SIMH = "simh-parent-infant-psychoanalytic-psychotherapy"
SERVER_CAP = 64 * 1024 * 1024      # the most the test server sends in one answer
LINKS = 2000
OFF_SITE = "https://courses.example.org/parent-infant-therapist-diploma"
GLASGOW_H1 = "Infant Mental Health \u2013 Caf\u00e9 \u202eevil\u202c MSc"


def hostile_server(site, special):
    """fixture_server's server, plus answers that no fixture page can give (gzip bomb, endless stream)."""
    base = fs._handler(site)
    bomb = gzip.compress(b"\0" * SERVER_CAP, compresslevel=9)
    sent = {}

    class Handler(base):
        def do_GET(self):
            kind = special.get(self.path)
            if kind == "gzip_bomb":
                sent[self.path] = len(bomb)
                self.send_response(200)
                for name, value in (("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip"),
                                    ("Content-Length", str(len(bomb)))):
                    self.send_header(name, value)
                self.end_headers()
                self._write(bomb)
            elif kind == "endless":
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                chunk = b"<p>" + b"x" * 65530 + b"</p>"
                total = 0
                while total < SERVER_CAP:
                    if not self._write(b"%x\r\n%s\r\n" % (len(chunk), chunk)):
                        break
                    total += len(chunk)
                    sent[self.path] = total
                self._write(b"0\r\n\r\n")
            else:
                super().do_GET()

        def _write(self, data):
            try:
                self.wfile.write(data)
                return True
            except (BrokenPipeError, ConnectionResetError):
                return False

    site.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site.server.daemon_threads = True
    threading.Thread(target=site.server.serve_forever, daemon=True).start()
    return sent


def crawl(python_exe, repo_root, db, site):
    argv = fs.crawl_command(python_exe, db, site, "-s", "DOWNLOAD_TIMEOUT=30")
    for name in SPIDERS:
        argv += ["--spider", name]
    result = subprocess.run(argv, cwd=repo_root, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-3000:]
    # No traceback from our code. (Under heavy load Scrapy itself may log one for a connection it
    # aborted at the size cap, or a robots.txt that timed out: that is Scrapy's log, not a failure.)
    ours = [block for block in result.stderr.split("Traceback (most recent call last):")[1:]
            if "/crawler/" in block.split("\n\n")[0]]
    assert not ours, ours[0][:3000]
    return result


def replace_h1(fixture, new_h1):
    html = (fs.FILES / fixture).read_bytes()
    return re.sub(rb"<h1[^>]*>.*?</h1>", b"<h1>" + new_h1 + b"</h1>", html, count=1, flags=re.S)


@pytest.fixture(scope="module")
def crawled(python_exe, repo_root, tmp_path_factory):
    db = tmp_path_factory.mktemp("hostile") / "catalogue.db"
    build(db)
    site = fs.FixtureSite()
    special = {}
    sent = hostile_server(site, special)
    try:
        urls = fs.course_urls(db)
        fs.serve_catalogue(site, db)
        crawl(python_exe, repo_root, db, site)
        first = current_values(db)

        # The hostile versions.
        special[fs.mirror_path(urls[SUNDERLAND])] = "gzip_bomb"
        special[fs.mirror_path(urls[NORTHAMPTON])] = "endless"
        long_description = " Parent-infant psychotherapy." * 40_000    # 1.16 million characters
        bpf = (fs.FILES / "bpf.html").read_bytes()
        bpf = re.sub(rb"<h1[^>]*>.*?</h1>",
                     b"<h1>Psychodynamic or Psychoanalytic Parent\x07infant Psychotherapy\x1b[2J (PPIP)\x0c</h1>", bpf, 1, re.S)
        site.page(urls[BPF], body=bpf)
        site.page(urls[BPF_OBSERVATION], body=replace_h1("bpf_infant_observation.html",
                                                         b"Infant Observation" + long_description.encode()))
        links = "".join(f'<a href="https://www.gla.ac.uk/coursecatalogue/course/?code=MED{9000 + n}">MED{9000 + n}</a>'
                        for n in range(LINKS))
        glasgow = replace_h1("glasgow.html", GLASGOW_H1.encode("utf-8"))
        glasgow = glasgow.replace(b"</body>", links.encode() + b"</body>", 1)
        # issue 27: UTF-8 bytes under a wrong (windows-1251) header, and a right-to-left override.
        site.page(urls[GLASGOW], body=glasgow, content_type="text/html; charset=windows-1251")
        site.page(urls[OXPIP], location=OFF_SITE, status=301)
        site.page(OFF_SITE, body=replace_h1("oxpip.html", b"A different course on another site"))
        site.page(urls[OXPIP_ADVANCED], body=b"<html><head><title>Page not found | OXPIP</title></head>"
                                             b"<body><h1>Page not found</h1><p>Fees: \xc2\xa3 0</p></body></html>")
        # UTF-8 bytes declared ISO-8859-1; Windows-1252 bytes declared UTF-8.
        site.page(urls[AU_MILIEU], body=replace_h1("au_milieu.html", "Infant–Parent Psychotherapy Course – café".encode("utf-8")),
                  content_type="text/html; charset=iso-8859-1")
        site.page(urls[SIMH], body=replace_h1("school_of_infant_mental_health.html",
                                              "Parent Infant Psychoanalytic Psychotherapy – café".encode("cp1252")),
                  content_type="text/html; charset=utf-8")
        site.log.clear()
        second = crawl(python_exe, repo_root, db, site)
        log = list(site.log)
    finally:
        site.server.shutdown()
        site.server.server_close()
    return {"db": db, "urls": urls, "first": first, "after": current_values(db), "log": log, "sent": sent,
            "second": second}


def current_values(db):
    conn = sqlite3.connect(db)
    try:
        # each course's own page (its other source pages, courses.yaml source_pages, have values of their own)
        return {(c, f): v for c, f, v in conn.execute(
            "SELECT cc.course_id, cc.field, cc.value FROM crawl_current cc JOIN courses c ON c.id = cc.course_id AND c.url = cc.url")}
    finally:
        conn.close()


def latest_fetch(db, course_id, url):
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return dict(conn.execute("SELECT * FROM crawl_fetches WHERE course_id = ? AND url = ? ORDER BY id DESC LIMIT 1",
                                 (course_id, url)).fetchone())
    finally:
        conn.close()


def values_of(values, course_id):
    return {f: v for (c, f), v in values.items() if c == course_id}


def test_a_gzip_bomb_fails_the_fetch_and_keeps_the_last_values(crawled):
    fetch = latest_fetch(crawled["db"], SUNDERLAND, crawled["urls"][SUNDERLAND])
    assert fetch["outcome"] == "unreachable" and "DOWNLOAD_MAXSIZE" in fetch["error"]
    assert values_of(crawled["after"], SUNDERLAND) == values_of(crawled["first"], SUNDERLAND) != {}


def test_an_endless_answer_is_cut_at_the_download_cap(crawled):
    path = fs.mirror_path(crawled["urls"][NORTHAMPTON])
    # 10 MB is the cap: the crawler hung up long before the server's own 64 MB bound.
    assert crawled["sent"][path] < 20 * 1024 * 1024
    fetch = latest_fetch(crawled["db"], NORTHAMPTON, crawled["urls"][NORTHAMPTON])
    assert fetch["outcome"] == "unreachable" and "DOWNLOAD_MAXSIZE" in fetch["error"]
    assert values_of(crawled["after"], NORTHAMPTON) == values_of(crawled["first"], NORTHAMPTON) != {}


def test_a_huge_value_is_clipped_and_marked_never_stored_whole(crawled):
    conn = sqlite3.connect(crawled["db"])
    try:
        longest = conn.execute("SELECT MAX(LENGTH(value)) FROM crawl_observations").fetchone()[0]
        marked = conn.execute("SELECT value FROM crawl_observations WHERE course_id = ? AND field = 'title' "
                              "AND valid = 0", (BPF_OBSERVATION,)).fetchall()
    finally:
        conn.close()
    assert longest < 2100
    # The page's heading, then the injected text, clipped at 2,000 characters and marked.
    assert marked and marked[-1][0].endswith("[longer than 2000 characters (1,160,018), clipped]")
    assert marked[-1][0].startswith("Infant Observation Parent-infant psychotherapy.")
    assert len(marked[-1][0]) == 2000 + len(" [longer than 2000 characters (1,160,018), clipped]")
    # The last good title stays the course's current value.
    assert crawled["after"][(BPF_OBSERVATION, "title")] == crawled["first"][(BPF_OBSERVATION, "title")]
    assert crawled["db"].stat().st_size < 5 * 1024 * 1024


def test_control_characters_are_stripped(crawled):
    title = crawled["after"][(BPF, "title")]
    # bpf.html's own words, with the injected BEL, ESC and form feed gone.
    assert title == "Psychodynamic or Psychoanalytic Parentinfant Psychotherapy[2J (PPIP)"


def test_links_followed_per_course_are_capped(crawled):
    conn = sqlite3.connect(crawled["db"])
    try:
        followed = {url for (url,) in conn.execute("SELECT url FROM crawl_fetches WHERE course_id = ? AND url != ?",
                                                   (GLASGOW, crawled["urls"][GLASGOW]))}
    finally:
        conn.close()
    # 2,000 matching links on the page; 20 pages at most are followed for one course.
    assert len(followed) == 20
    requested = [path for path, _, _ in crawled["log"] if "coursecatalogue/course" in path]
    assert len(requested) <= 21     # and the microcredential's one known related page


def test_a_redirect_to_another_site_is_a_move_and_its_values_are_not_taken(crawled):
    off_site = fs.mirror_path(OFF_SITE)
    assert not [path for path, _, _ in crawled["log"] if path == off_site], "the other site was fetched"
    assert values_of(crawled["after"], OXPIP) == values_of(crawled["first"], OXPIP) != {}
    fetch = latest_fetch(crawled["db"], OXPIP, crawled["urls"][OXPIP])
    assert fetch["outcome"] == "moved" and fetch["final_url"] == OFF_SITE
    conn = sqlite3.connect(crawled["db"])
    try:
        status, new_url = conn.execute("SELECT status, new_url FROM crawl_link_health WHERE course_id = ?", (OXPIP,)).fetchone()
    finally:
        conn.close()
    assert (status, new_url) == ("redirected", OFF_SITE)


def test_a_soft_404_is_a_failure_that_keeps_the_last_values(crawled):
    fetch = latest_fetch(crawled["db"], OXPIP_ADVANCED, crawled["urls"][OXPIP_ADVANCED])
    assert fetch["http_status"] == 200 and fetch["outcome"] == "not_found" and "Page not found" in fetch["error"]
    assert values_of(crawled["after"], OXPIP_ADVANCED) == values_of(crawled["first"], OXPIP_ADVANCED) != {}


def test_utf8_under_a_wrong_header_and_a_bidi_override_are_read_clean(crawled):
    # issue 27: before, the title was promoted as mojibake ("Р’Р...") with the U+202E kept.
    assert crawled["after"][(GLASGOW, "title")] == "Infant Mental Health \u2013 Caf\u00e9 evil MSc"


def test_utf8_declared_latin1_is_read_as_utf8(crawled):
    assert crawled["after"][(AU_MILIEU, "title")] == "Infant–Parent Psychotherapy Course – café"


def test_windows_1252_declared_utf8_is_read_as_windows_1252(crawled):
    assert crawled["after"][(SIMH, "title")] == "Parent Infant Psychoanalytic Psychotherapy – café"


def test_the_crawl_carries_on_past_every_hostile_page(crawled):
    assert "totals:" in crawled["second"].stdout


@pytest.mark.parametrize("args, words", [
    (["-s", "DOWNLOAD_DELAY=abc"], "-s DOWNLOAD_DELAY=abc: expected a number"),
    (["-s", "DOWNLOAD_DELAYY=1"], "-s DOWNLOAD_DELAYY: no such setting"),
    (["-s", "ROBOTSTXT_OBEY=maybe"], "-s ROBOTSTXT_OBEY=maybe: expected True or False"),
    (["-s", "CONCURRENT_REQUESTS=-1"], "expected a number of 0 or more"),
    (["-s", "DOWNLOADER_MIDDLEWARES=x"], "expected a JSON object"),
    (["--mirror", ""], "--mirror must be an http(s) URL"),
])
def test_bad_settings_and_an_empty_mirror_are_refused(python_exe, repo_root, catalogue_copy, args, words):
    before = catalogue_copy.read_bytes()
    # Were a refusal ever lost, the crawl would still only reach 127.0.0.1 (a closed port as proxy).
    closed = "http://127.0.0.1:9"
    env = {**os.environ, "http_proxy": closed, "https_proxy": closed, "HTTP_PROXY": closed, "HTTPS_PROXY": closed}
    result = subprocess.run([python_exe, "-m", "crawler", "crawl", "--db", str(catalogue_copy), "--spider", "sunderland",
                             "-s", "RETRY_ENABLED=False", *args], cwd=repo_root, capture_output=True, text=True,
                            timeout=60, env=env)
    # One line, exit 2, nothing crawled or written (an empty --mirror is never a live crawl).
    assert result.returncode == 2 and words in result.stderr, result.stderr[-2000:]
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert catalogue_copy.read_bytes() == before


def test_good_settings_are_taken(python_exe, repo_root, catalogue_copy):
    result = subprocess.run([python_exe, "-m", "crawler", "crawl", "--db", str(catalogue_copy), "--list",
                             "-s", "DOWNLOAD_DELAY=0.5", "-s", "ROBOTSTXT_OBEY=True"],
                            cwd=repo_root, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
