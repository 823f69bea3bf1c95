"""One writer at a time for a catalogue: build, crawl install, review, and any future writer.

Every process that replaces catalogue.db holds DB.lock, an flock on a file beside it. The
operating system releases an flock when its process ends, however it ends (a kill -9, a
crash, a power cut): a crashed writer can never leave the catalogue locked. The holder writes
what it is ("build, pid 123, since 09:01:02") into the file, so a writer that waits says what
it waits for in one line, and one that waits longer than its limit refuses in one line.

A crawl also holds DB.crawl.lock for as long as it runs (two crawls of one catalogue would
number their runs alike); it takes DB.lock only to copy the catalogue at its start and to
install the rebuilt one at its end (crawler/crawl_command.py).

The lock is re-entrant within a process: a review that holds it while it writes courses.yaml
and rebuilds calls the build, which finds it already held.
"""
import fcntl
import os
import sys
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

_HELD = {}   # lock path -> depth, for the locks this process holds


class LockError(Exception):
    """Another writer held the lock for longer than this one would wait."""


def lock_path_for(db_path, kind=""):
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + (f".{kind}" if kind else "") + ".lock")


def holder(lock_path):
    """What the lock file says about its holder ("build, pid 123, since ..."), or ''."""
    try:
        return Path(lock_path).read_text(encoding="utf-8", errors="replace").strip()[:200]
    except OSError:
        return ""


@contextmanager
def writer_lock(db_path, who, wait, kind="", tell=True):
    """Hold DB[.kind].lock while the block runs. Waits up to `wait` seconds for another holder
    (saying once on stderr what it waits for), then raises LockError with a one-line message."""
    lock_path = lock_path_for(db_path, kind)
    key = str(lock_path.resolve()) if lock_path.parent.exists() else str(lock_path)
    if _HELD.get(key):
        _HELD[key] += 1
        try:
            yield
        finally:
            _HELD[key] -= 1
        return
    deadline = time.monotonic() + wait
    told = False
    while True:
        handle = open(lock_path, "a+")
        try:
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    other = holder(lock_path) or "another writer"
                    if time.monotonic() >= deadline:
                        raise LockError(f"{Path(db_path).name} is being written by {other} (it holds {lock_path.name}) "
                                        f"and was still busy after {wait:g} s; try again when it has finished") from None
                    if tell and not told:
                        print(f"waiting for {other} to finish with {Path(db_path).name} (up to {wait:g} s)",
                              file=sys.stderr, flush=True)
                        told = True
                    time.sleep(0.1)
            try:  # the holder before us may have removed the file we waited on: lock the one in place
                current = os.stat(lock_path).st_ino == os.fstat(handle.fileno()).st_ino
            except FileNotFoundError:
                current = False
        except BaseException:
            handle.close()
            raise
        if current:
            break
        handle.close()
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(f"{who}, pid {os.getpid()}, since {datetime.now(timezone.utc):%Y-%m-%d %H:%M:%S} UTC\n")
        handle.flush()
    except OSError:
        pass   # the description is a courtesy; the flock is the lock
    _HELD[key] = 1
    try:
        yield
    finally:
        _HELD.pop(key, None)
        try:
            lock_path.unlink()
        except FileNotFoundError:
            pass
        handle.close()
