"""Builds at the same time, and the installed file's mode (issue 14).

Before: every build wrote the same `catalogue.db.new`, so two builds at once removed or
overwrote each other's file and could install a catalogue without its search index, views
or scaling tables; and the installed file took a new mode, whatever the old one had.
Now each build writes a private file of its own and holds catalogue.db.lock: a second build
waits for the first (and refuses, in one line, after BUILD_LOCK_WAIT seconds).
"""
import fcntl
import sqlite3
import stat
import subprocess
import time

import pytest

import crawler.catalogue.build as build_module
from crawler.catalogue.build import BuildError, build

EXPECTED = {"courses", "courses_fts", "course_overview", "eligibility_explained", "scaling_years"}


def run_build(python_exe, repo_root, db):
    return subprocess.Popen([python_exe, "-m", "crawler", "build", "--db", str(db)], cwd=repo_root,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def contents(db):
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        courses = conn.execute("SELECT * FROM courses ORDER BY id").fetchall()
        found = conn.execute("SELECT COUNT(*) FROM courses_fts WHERE courses_fts MATCH 'infant'").fetchone()[0]
    finally:
        conn.close()
    return names, courses, found


def test_simultaneous_builds_each_install_a_whole_catalogue(python_exe, repo_root, built_catalogue, tmp_path):
    db = tmp_path / "catalogue.db"
    build(db)
    builds = [run_build(python_exe, repo_root, db) for _ in range(3)]
    results = [(b.wait(240), b.stderr.read()) for b in builds]
    assert all(code == 0 for code, _ in results), results
    names, courses, found = contents(db)
    reference_names, reference_courses, reference_found = contents(built_catalogue)
    assert EXPECTED <= names and names == reference_names
    assert courses == reference_courses and found == reference_found > 0
    # No private file or lock is left behind.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalogue.db"]


def test_a_build_waits_while_another_holds_the_lock(python_exe, repo_root, tmp_path):
    db = tmp_path / "catalogue.db"
    build(db)
    before = db.stat().st_mtime_ns
    with open(tmp_path / "catalogue.db.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        waiting = run_build(python_exe, repo_root, db)
        time.sleep(3)
        # Still waiting, and the catalogue untouched, while the other build holds the lock.
        assert waiting.poll() is None
        assert db.stat().st_mtime_ns == before
        fcntl.flock(lock, fcntl.LOCK_UN)
    assert waiting.wait(240) == 0, waiting.stderr.read()
    assert db.stat().st_mtime_ns != before


def test_a_build_refuses_after_waiting_too_long(tmp_path, monkeypatch):
    db = tmp_path / "catalogue.db"
    build(db)
    before = db.read_bytes()
    monkeypatch.setattr(build_module, "BUILD_LOCK_WAIT", 0.5)
    with open(tmp_path / "catalogue.db.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        # issue 27: the lock is every writer's, and the message names the one holding it.
        with pytest.raises(BuildError, match=r"catalogue.db is being written by another writer \(it holds "
                                             r"catalogue.db.lock\) and was still busy after 0.5 s"):
            build(db)
    assert db.read_bytes() == before


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o644, 0o664])
def test_the_installed_file_keeps_the_old_files_mode(tmp_path, mode):
    db = tmp_path / "catalogue.db"
    build(db)
    db.chmod(mode)
    build(db)
    assert stat.S_IMODE(db.stat().st_mode) == mode


def test_a_new_catalogue_gets_the_umask_mode(tmp_path):
    import os

    old = os.umask(0o022)
    try:
        build(tmp_path / "catalogue.db")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "catalogue.db").stat().st_mode) == 0o644
