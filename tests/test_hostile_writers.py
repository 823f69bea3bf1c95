"""Two writers at once, killed at random points: the catalogue is always readable and nothing
written before is lost (issue 27, probe 1).

Before: a `crawler build` or a `crawler review --pin` (which rebuilds) while a crawl ran on the
same catalogue left catalogue.db unreadable ("malformed database schema ... trigger already
exists"): the build lock stopped only build against build, and the crawl's write-ahead log was
folded into the newly installed file. Every later build refused.

Now every writer holds DB.lock (an flock the OS releases when the process dies), a crawl works
in a private copy and installs through the build, and a second crawl refuses in one line.
Each pair of writers (crawl+build, crawl+review, build+review, crawl+crawl, review+review) is
started together, many times, and one of them is killed with SIGKILL at a random moment, or
none is. After every round: integrity_check is ok, no -wal file lies beside the catalogue,
every crawl run and crawled fact seen before is still there, every pin a review reported is
shown, and each writer that was not killed ended with exit 0 or a one-line message (no
traceback). Kill points come from a seeded generator (FAULT_SEED replays one).

The real CLIs run as subprocesses against a synthetic catalogue (benchmarks/synthetic.py,
never shipped), the crawl through --mirror to a real HTTP server on 127.0.0.1.
"""
import os
import random
import signal
import sqlite3
import subprocess
import time
from contextlib import contextmanager

import pytest

from benchmarks import synthetic

COURSES = 30
ROUNDS = int(os.environ.get("WRITER_ROUNDS", "4"))
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=4",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4", "-s", "DOWNLOAD_TIMEOUT=10", "-s", "RETRY_TIMES=0"]
PAIRS = [("crawl", "build"), ("crawl", "review"), ("build", "review"), ("crawl", "crawl"), ("review", "review"),
         ("build", "build")]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    directory = tmp_path_factory.mktemp("writers")
    db, mirror = synthetic.catalogue_with_mirror(directory, COURSES)
    server = synthetic.serve_mirror(mirror, delay=0.15)   # a crawl lasts a few seconds
    yield db, directory / "reference", synthetic.mirror_url(server)
    server.shutdown()
    server.server_close()


def start(kind, python_exe, repo_root, db, reference, mirror, n):
    base = [python_exe, "-m", "crawler"]
    if kind == "crawl":
        argv = [*base, "crawl", "--db", str(db), "--mirror", mirror, "--spider", "other_providers", "--quiet",
                "--reference", str(reference), *FAST]
    elif kind == "build":
        argv = [*base, "build", "--db", str(db), "--reference", str(reference)]
    else:
        argv = [*base, "review", "--db", str(db), "--reference", str(reference), "--pin", "synthetic-course-000003",
                "title", f"Pinned title {n}", "--why", f"writer test round {n}"]
    return subprocess.Popen(argv, cwd=repo_root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def state(db):
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchall()
        runs = set(conn.execute("SELECT id, spider, started FROM crawl_runs"))
        current = dict(((c, u, f), v) for c, u, f, v in conn.execute("SELECT course_id, url, field, value FROM crawl_current"))
        courses = conn.execute("SELECT COUNT(*) FROM courses").fetchone()[0]
        title = conn.execute("SELECT title FROM courses WHERE id = 'synthetic-course-000003'").fetchone()[0]
    finally:
        conn.close()
    return {"integrity": integrity, "runs": runs, "current": current, "courses": courses, "title": title}


def test_each_pair_of_writers_at_once_with_kills_never_corrupts_or_loses(site, python_exe, repo_root):
    db, reference, mirror = site
    seed = int(os.environ.get("FAULT_SEED", "20271205"))
    rng = random.Random(seed)
    before = state(db)
    killed = finished = 0
    n = 0
    for round_number in range(ROUNDS):
        for pair in PAIRS:
            n += 1
            where = f"round {round_number + 1}, {pair[0]} with {pair[1]} (FAULT_SEED={seed})"
            procs = [start(pair[0], python_exe, repo_root, db, reference, mirror, f"{n}a")]
            time.sleep(rng.uniform(0, 2.5))   # the second starts while the first is at work
            procs.append(start(pair[1], python_exe, repo_root, db, reference, mirror, f"{n}b"))
            victim = rng.choice([0, 1, None])
            if victim is not None:
                time.sleep(rng.uniform(0.02, 1.2))
                if procs[victim].poll() is None:
                    procs[victim].send_signal(signal.SIGKILL)
                    killed += 1
            outputs = [p.communicate(timeout=300) for p in procs]
            pinned = None
            for index, (proc, (out, err)) in enumerate(zip(procs, outputs)):
                if proc.returncode == -signal.SIGKILL:
                    continue
                finished += 1
                assert "Traceback" not in err, f"{where}: {pair[index]} {err[-1500:]}"
                assert proc.returncode in (0, 1, 2), f"{where}: {pair[index]} exit {proc.returncode} {err[-500:]}"
                if proc.returncode:
                    assert len([line for line in err.splitlines() if "error" in line or "failed" in line]) == 1, f"{where}: {err}"
                if pair[index] == "review" and proc.returncode == 0:
                    pinned = out.split("= ")[-1].split("\n")[0].strip("'")
            after = state(db)
            assert after["integrity"] == [("ok",)], where
            assert not os.path.exists(f"{db}-wal"), f"{where}: a write-ahead log lies beside the catalogue"
            assert after["courses"] == before["courses"] == COURSES, where
            assert before["runs"] <= after["runs"], f"{where}: crawl runs lost: {before['runs'] - after['runs']}"
            lost = {k: v for k, v in before["current"].items() if after["current"].get(k) != v}
            assert not lost, f"{where}: crawled facts lost: {list(lost.items())[:3]}"
            if pinned and all(p.returncode != -signal.SIGKILL for p in procs) and "review" == pair[-1] != pair[0]:
                assert after["title"] == pinned, where
            before = after
    # Guards against a vacuous pass (a build or review often ends before its kill comes).
    assert killed >= max(2, ROUNDS // 2), "too few kills landed while a writer was running"
    # A last crawl, alone, completes, and saves what killed crawls had recorded.
    proc = start("crawl", python_exe, repo_root, db, reference, mirror, "last")
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err[-2000:]
    final = state(db)
    assert final["integrity"] == [("ok",)]
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert conn.execute("SELECT COUNT(*) FROM crawl_runs WHERE outcome = 'running'").fetchone()[0] == 0
        assert conn.execute("SELECT COUNT(DISTINCT course_id) FROM crawl_current").fetchone()[0] == COURSES
    finally:
        conn.close()
    assert not list(db.parent.glob(f".{db.name}.*"))   # no private file left behind



@contextmanager
def held_lock(lock_path, holder):
    """A writer lock held by this test (an flock, as a real writer holds it), its file naming `holder`."""
    import fcntl

    with open(lock_path, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        lock.write(holder + "\n")
        lock.flush()
        yield lock


def test_a_second_crawl_refuses_in_one_line_naming_the_first(site, python_exe, repo_root, tmp_path):
    db, reference, mirror = site
    lock_path = db.with_name(db.name + ".crawl.lock")
    with held_lock(lock_path, "a crawl, pid 4242, since 2026-12-05 09:00:00 UTC"):
        result = subprocess.run([python_exe, "-m", "crawler", "crawl", "--db", str(db), "--mirror", mirror,
                                 "--spider", "other_providers", "--quiet", *FAST],
                                cwd=repo_root, capture_output=True, text=True, timeout=120)
    lock_path.unlink()
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"python -m crawler crawl: error: a crawl, pid 4242, since 2026-12-05 09:00:00 UTC is crawling into "
        f"{db.name} already; crawl again when it has finished"]


def test_a_lock_left_by_a_killed_writer_does_not_block(site, python_exe, repo_root):
    """The lock is an flock: the process that held it is gone, so the file left behind is no lock."""
    db, reference, _ = site
    holder = subprocess.Popen([python_exe, "-c", (
        "import fcntl, sys, time; f = open(sys.argv[1], 'a+'); fcntl.flock(f, fcntl.LOCK_EX); "
        "f.write('a build, pid 1, since then'); f.flush(); print('held', flush=True); time.sleep(60)"),
        str(db.with_name(db.name + ".lock"))], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    holder.send_signal(signal.SIGKILL)
    holder.wait(10)
    assert db.with_name(db.name + ".lock").exists()
    started = time.monotonic()
    result = subprocess.run([python_exe, "-m", "crawler", "build", "--db", str(db), "--reference", str(reference)],
                            cwd=repo_root, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "waiting" not in result.stderr
    assert time.monotonic() - started < 60


def test_a_review_waits_for_a_build_and_says_what_it_waits_for(site, python_exe, repo_root):
    db, reference, _ = site
    import fcntl

    with held_lock(db.with_name(db.name + ".lock"), "a build, pid 77, since 2026-12-05 09:00:00 UTC") as lock:
        review = subprocess.Popen([python_exe, "-m", "crawler", "review", "--db", str(db), "--reference", str(reference),
                                   "--pin", "synthetic-course-000004", "title", "Waited title", "--why", "waits"],
                                  cwd=repo_root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(3)
        assert review.poll() is None   # still waiting
        fcntl.flock(lock, fcntl.LOCK_UN)
    out, err = review.communicate(timeout=120)
    assert review.returncode == 0, err
    assert err.strip().splitlines() == [
        f"waiting for a build, pid 77, since 2026-12-05 09:00:00 UTC to finish with {db.name} (up to 120 s)"]
    assert state(db)["integrity"] == [("ok",)]
