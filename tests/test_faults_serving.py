"""Datasette serving the catalogue while a crawl writes to it: no reader errors, no lost writes.

A real `datasette serve` process (free port, 127.0.0.1, the project's metadata.yml) serves a
synthetic catalogue (benchmarks/synthetic.py, never shipped) while the real
`python -m crawler crawl` crawls it through `--mirror` (the crawler records pages in a private
copy and installs the rebuilt catalogue atomically at the end, issue 27, so readers are never
blocked by the writer). Reader threads keep asking
for the course list, the crawl tables and the search canned query the whole time.
"""
import json
import sqlite3
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("crawler.crawl_command")
from benchmarks import synthetic
from served_site import datasette_serving

COURSES = 150
READERS = 4
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=4",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4", "-s", "DOWNLOAD_TIMEOUT=10", "-s", "RETRY_TIMES=0"]
READS = [
    "/catalogue/courses.json?_shape=array&_size=20",
    "/catalogue/crawl_fetches.json?_shape=array&_size=20&_sort_desc=id",
    "/catalogue/crawl_current.json?_size=0",
    "/catalogue/courses.json?_search=infant&_size=5",
]


@pytest.fixture(scope="module")
def served_catalogue(tmp_path_factory, repo_root):
    db, mirror = synthetic.catalogue_with_mirror(tmp_path_factory.mktemp("serving"), COURSES)
    server = synthetic.serve_mirror(mirror, delay=0.01)
    argv = [str(db)]
    if (repo_root / "metadata.yml").exists():
        argv += ["-m", str(repo_root / "metadata.yml")]
    try:
        with datasette_serving(argv, start_within=30) as (base, datasette):
            yield db, synthetic.mirror_url(server), base, datasette
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def crawl_while_serving(served_catalogue, python_exe, repo_root):
    """Run one crawl while reader threads load Datasette; return what happened."""
    db, mirror, base, datasette = served_catalogue
    results, stop = [], threading.Event()
    wal_seen = threading.Event()

    def reader(offset):
        i = offset
        while not stop.is_set():
            path = READS[i % len(READS)]
            i += 1
            try:
                with urllib.request.urlopen(base + path, timeout=30) as response:
                    response.read()
                    results.append((path, response.status, None))
            except urllib.error.HTTPError as exc:
                results.append((path, exc.code, exc.read()[:300]))
            except OSError as exc:
                results.append((path, None, repr(exc)))
            if Path(str(db) + "-wal").exists():
                wal_seen.set()

    threads = [threading.Thread(target=reader, args=(n,), daemon=True) for n in range(READERS)]
    for t in threads:
        t.start()
    crawl = subprocess.run([python_exe, "-m", "crawler", "crawl", "--db", str(db), "--mirror", mirror,
                            "--spider", "other_providers", "--quiet",
                             "--reference", str(db.parent / "reference"), *FAST],
                           cwd=repo_root, capture_output=True, text=True, timeout=240)
    reads_during_crawl = len(results)
    stop.set()
    for t in threads:
        t.join(60)
    return {"db": db, "base": base, "datasette": datasette, "crawl": crawl, "results": results,
            "reads_during_crawl": reads_during_crawl, "wal_seen": wal_seen.is_set()}


def test_readers_see_no_errors_while_a_crawl_writes(crawl_while_serving):
    seen = crawl_while_serving
    # Guards against a vacuous pass: the readers really were reading while the crawl wrote.
    assert seen["reads_during_crawl"] >= 20
    assert not seen["wal_seen"], "the crawl wrote the served file in place"
    errors = [r for r in seen["results"] if r[1] != 200]
    assert not errors, f"{len(errors)} of {len(seen['results'])} reads failed, e.g. {errors[:3]}"
    assert seen["datasette"].poll() is None


def test_no_write_is_lost_while_datasette_serves(crawl_while_serving):
    seen = crawl_while_serving
    conn = sqlite3.connect(seen["db"])
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        run_id, pages = conn.execute("SELECT id, pages FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
        stored = conn.execute("SELECT COUNT(*) FROM crawl_fetches WHERE run_id = ?", (run_id,)).fetchone()[0]
        courses_with_facts = conn.execute("SELECT COUNT(DISTINCT course_id) FROM crawl_current").fetchone()[0]
    finally:
        conn.close()
    # Every page of the run is recorded in the installed file.
    assert pages == stored == COURSES
    assert courses_with_facts == COURSES
    # The running Datasette still answers from the whole catalogue it opened (the new file is
    # installed beside it atomically; a restart serves it, as after any build).
    served = json.load(urllib.request.urlopen(f"{seen['base']}/catalogue/courses.json?_size=0", timeout=30))
    assert served["filtered_table_rows_count"] == COURSES


def test_the_crawl_completes_while_datasette_serves(crawl_while_serving):
    crawl = crawl_while_serving["crawl"]
    # Regression: finish_db's switch back out of WAL needs the only connection and used to
    # end the crawl in 'database is locked' while Datasette had the file open.
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    assert "Traceback" not in crawl.stderr
