"""The scale-out path as docs/scaling-out.md writes it: a real Scrapyd on 127.0.0.1 (installed by
scripts/setup with the test extras), the project deployed with the real `scrapyd-deploy` (which
builds an egg carrying Scrapy's settings entry point), the glasgow spider scheduled through
Scrapyd's API against the local fixture mirror, and its crawl found in the catalogue.

The deploy runs from a copy of the project's files in a temporary folder, so the egg build
(setup.py bdist_egg) leaves nothing behind in the repository.
"""
import json
import shutil
import socket
import sqlite3
import subprocess
import time
import tomllib
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

import fixture_server as fs
from crawler.catalogue.build import build

PROJECT = "imh_catalogue"  # scrapy.cfg's [deploy] project
# the top-level packages the egg is built from: those pyproject.toml's package finder includes
PACKAGES = sorted({pattern.rstrip("*") for pattern in tomllib.loads(
    (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]["find"]["include"]})
GLASGOW_RELATED = "https://www.gla.ac.uk/coursecatalogue/course/?code=MED5642"
# No politeness delays: only 127.0.0.1 is contacted.
FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_TIMEOUT": "10", "RETRY_ENABLED": "False"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base, action, data=None):
    """GET (no data) or POST (data: a list of pairs) a Scrapyd JSON endpoint."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(f"{base}/{action}", data=body, timeout=10) as response:
        return json.loads(response.read())


def wait_for(what, check, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.3)
    pytest.fail(f"gave up waiting for {what} after {seconds} s")


@pytest.fixture
def scrapyd(python_exe, tmp_path):
    """A real Scrapyd on a free port of 127.0.0.1, with its eggs, logs and queues in tmp_path."""
    scrapyd_bin = Path(python_exe).parent / "scrapyd"
    assert scrapyd_bin.exists(), "scrapyd is part of the test extras: run bash scripts/setup"
    home = tmp_path / "scrapyd"
    home.mkdir()
    port = free_port()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\nbind_address = 127.0.0.1\n"
        f"http_port = {port}\neggs_dir = {home / 'eggs'}\nlogs_dir = {home / 'logs'}\n"
        f"dbs_dir = {home / 'dbs'}\nitems_dir =\npoll_interval = 0.5\nmax_proc = 2\n", encoding="utf-8")
    log = open(home / "scrapyd.out", "wb")
    process = subprocess.Popen([str(scrapyd_bin)], cwd=home, stdout=log, stderr=subprocess.STDOUT,
                               env={"PATH": f"{scrapyd_bin.parent}:/usr/bin:/bin", "HOME": str(home)})
    base = f"http://127.0.0.1:{port}"

    def up():
        if process.poll() is not None:
            pytest.fail("scrapyd stopped: " + (home / "scrapyd.out").read_text(errors="replace")[-2000:])
        try:
            return call(base, "daemonstatus.json")["status"] == "ok"
        except OSError:
            return False

    try:
        wait_for("Scrapyd to answer", up, seconds=60)
        yield base, home
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def project_copy(repo_root, folder, scrapyd_url):
    """The files an egg is built from, with scrapy.cfg's [deploy] target pointed at this Scrapyd."""
    folder.mkdir()
    for name in ("pyproject.toml", "setup.py"):
        shutil.copy(repo_root / name, folder / name)
    for package in PACKAGES:
        shutil.copytree(repo_root / package, folder / package, ignore=shutil.ignore_patterns("__pycache__"))
    cfg = (repo_root / "scrapy.cfg").read_text(encoding="utf-8")
    assert "url = http://127.0.0.1:6800/" in cfg
    (folder / "scrapy.cfg").write_text(cfg.replace("http://127.0.0.1:6800/", scrapyd_url + "/"), encoding="utf-8")
    return folder


def test_deploy_schedule_and_the_crawl_reaches_the_catalogue(scrapyd, python_exe, repo_root, tmp_path):
    base, home = scrapyd
    project = project_copy(repo_root, tmp_path / "project", base)
    deploy = subprocess.run([str(Path(python_exe).parent / "scrapyd-deploy"), "-v", "r1"], cwd=project,
                            capture_output=True, text=True, timeout=300)
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr[-3000:]
    answer = json.loads(deploy.stdout.strip().splitlines()[-1])
    assert answer["status"] == "ok" and answer["project"] == PROJECT, answer

    # Scrapyd found every spider through the egg's settings entry point: the same list the
    # crawl command gives.
    listed = subprocess.run([python_exe, "-m", "crawler", "crawl", "--list"], cwd=repo_root,
                            capture_output=True, text=True, timeout=60, check=True)
    spider_names = {line.split(":")[0] for line in listed.stdout.splitlines() if line.strip()}
    assert set(call(base, f"listspiders.json?project={PROJECT}")["spiders"]) == spider_names
    assert answer["spiders"] == len(spider_names)

    db = tmp_path / "crawl" / "catalogue.db"
    db.parent.mkdir()
    build(db)
    site = fs.start()
    try:
        fs.serve_catalogue(site, db)
        settings = {"CATALOGUE_DB": str(db), "MIRROR_URL": site.url, **FAST}
        scheduled = call(base, "schedule.json", [("project", PROJECT), ("spider", "glasgow"),
                                                 *[("setting", f"{k}={v}") for k, v in settings.items()]])
        assert scheduled["status"] == "ok", scheduled
        job = scheduled["jobid"]

        def finished():
            jobs = call(base, f"listjobs.json?project={PROJECT}")
            return next((j for j in jobs["finished"] if j["id"] == job), None)

        wait_for("the glasgow job to finish", finished)
        requested = {path for path, _, _ in site.log}
    finally:
        fs.stop(site)

    job_log = "\n".join(p.read_text(errors="replace") for p in (home / "logs").rglob("*.log"))
    # The job went through the mirror: the related course-catalogue page was asked of 127.0.0.1.
    assert fs.mirror_path(GLASGOW_RELATED) in requested, job_log[-3000:]
    conn = sqlite3.connect(db)
    try:
        runs = conn.execute("SELECT spider, outcome, mirror FROM crawl_runs").fetchall()
        problems = conn.execute("SELECT course_id, url, outcome FROM crawl_fetches WHERE outcome != 'ok'").fetchall()
        fetched = {row[0] for row in conn.execute("SELECT course_id FROM crawl_fetches WHERE outcome = 'ok'")}
        duration = conn.execute("SELECT value FROM crawl_current WHERE course_id = ? AND url = ? AND field = 'duration'",
                                ("glasgow-understanding-imh-microcredential", GLASGOW_RELATED)).fetchone()
    finally:
        conn.close()
    assert runs == [("glasgow", "finished", site.url)], (problems, job_log[-3000:])
    assert {"glasgow-infant-mental-health-pg", "glasgow-understanding-imh-microcredential"} <= fetched
    # The fixture page's own words (tests/files/glasgow_course_catalogue.html).
    # real-pages/02_gla_coursecatalogue_MED5642.txt: "Online content delivered as an eleven-week course."
    assert duration == ("Online content delivered as an eleven-week course.",)
