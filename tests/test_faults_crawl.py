"""A crawl killed with SIGKILL at random points, then resumed, several times: the catalogue
passes PRAGMA integrity_check after every kill, no committed fact is ever lost, and the
next crawl completes.

The real `python -m crawler crawl` runs in a subprocess against a synthetic catalogue
(benchmarks/synthetic.py, never shipped) through `--mirror` to a real HTTP server on
127.0.0.1 serving synthetic course pages. Kill points are drawn from a seeded random
generator (FAULT_SEED to change it), so a failure can be replayed.
"""
import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import time

import pytest

pytest.importorskip("crawler.crawl_command")
from benchmarks import synthetic

COURSES = 150
KILLS = 5
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=4",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4", "-s", "DOWNLOAD_TIMEOUT=10", "-s", "RETRY_TIMES=0"]


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory):
    db, mirror = synthetic.catalogue_with_mirror(tmp_path_factory.mktemp("kill"), COURSES)
    server = synthetic.serve_mirror(mirror, delay=0.02)
    yield db, synthetic.mirror_url(server)
    server.shutdown()
    server.server_close()


def crawl(python_exe, repo_root, db, mirror):
    return subprocess.Popen([python_exe, "-m", "crawler", "crawl", "--db", str(db), "--mirror", mirror,
                             "--spider", "other_providers", "--quiet",
                             "--reference", str(db.parent / "reference"), *FAST],
                            cwd=repo_root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def fetches(db):
    """Pages stored so far: the crawl records them in its private working copy (issue 27)."""
    try:
        copies = sorted(db.parent.glob(f".{db.name}.*.crawl"), key=lambda p: p.stat().st_mtime)
        if not copies:
            return 0
        conn = sqlite3.connect(f"file:{copies[-1]}?mode=ro", uri=True, timeout=30)
        try:
            return conn.execute("SELECT COUNT(*) FROM crawl_fetches f JOIN crawl_runs r ON r.id = f.run_id "
                                "WHERE r.outcome = 'running'").fetchone()[0]
        finally:
            conn.close()
    except (OSError, sqlite3.Error):
        return 0


def kill_at_random_point(proc, db, rng):
    """Half the kills land at a random moment of start-up (opening the catalogue, creating
    tables, marking interrupted runs); the others after a random number of pages is stored."""
    if rng.random() < 0.5:
        time.sleep(rng.uniform(0.1, 1.5))
    else:
        start, target = 0, rng.randint(1, COURSES - 20)
        deadline = time.monotonic() + 60
        while proc.poll() is None and fetches(db) - start < target and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(rng.uniform(0, 0.05))
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    return proc.returncode == -signal.SIGKILL


def state(db):
    """integrity_check, the reference data's digest, and every committed crawl fact."""
    conn = sqlite3.connect(db, timeout=30)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchall()
        reference = hashlib.sha256(repr([
            conn.execute("SELECT * FROM courses ORDER BY id").fetchall(),
            conn.execute("SELECT * FROM course_facts ORDER BY course_id, field, position").fetchall(),
        ]).encode()).hexdigest()
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        current = dict(((c, u, f), v) for c, u, f, v in conn.execute(
            "SELECT course_id, url, field, value FROM crawl_current")) if "crawl_current" in tables else {}
        counts = {t: conn.execute(f"SELECT COUNT(*) FROM [{t}]").fetchone()[0]
                  for t in ("crawl_fetches", "crawl_observations", "crawl_runs") if t in tables}
        runs = conn.execute("SELECT id, outcome FROM crawl_runs ORDER BY id").fetchall() if "crawl_runs" in tables else []
    finally:
        conn.close()
    return {"integrity": integrity, "reference": reference, "current": current, "counts": counts, "runs": runs}


def test_sigkill_at_random_points_then_resume(synthetic_site, python_exe, repo_root):
    db, mirror = synthetic_site
    seed = int(os.environ.get("FAULT_SEED", "20261123"))
    rng = random.Random(seed)
    before = state(db)
    killed_mid_crawl = 0
    for attempt in range(KILLS):
        proc = crawl(python_exe, repo_root, db, mirror)
        killed_mid_crawl += kill_at_random_point(proc, db, rng)
        after = state(db)
        where = f"after kill {attempt + 1} (FAULT_SEED={seed})"
        assert after["integrity"] == [("ok",)], where
        # The crawler never writes the reference data: a kill cannot damage it.
        assert after["reference"] == before["reference"], where
        # Every fact committed before the kill is still there, with its value (the pages did not change).
        lost = {k: v for k, v in before["current"].items() if after["current"].get(k) != v}
        assert not lost, f"{where}: facts lost or changed: {list(lost.items())[:5]}"
        for table, count in before["counts"].items():
            assert after["counts"].get(table, 0) >= count, f"{where}: rows lost from {table}"
        before = after
    # Guards against a test that passes because every crawl finished before the kill.
    assert killed_mid_crawl >= KILLS - 1

    proc = crawl(python_exe, repo_root, db, mirror)
    _, stderr = proc.communicate(timeout=180)
    assert proc.returncode == 0, stderr[-2000:]
    final = state(db)
    assert final["integrity"] == [("ok",)]
    assert all(v == final["current"].get(k) for k, v in before["current"].items())
    # Resumed to completion: every course's page has facts recorded, and no run is left 'running'.
    courses_with_facts = {course for course, _, _ in final["current"]}
    assert len(courses_with_facts) == COURSES, stderr[-2000:]
    assert final["runs"][-1][1] not in ("running", "interrupted")
    assert all(outcome != "running" for _, outcome in final["runs"])
