"""A build that cannot write (full disk, read-only directory, read-only catalogue file)
fails with one clear line and leaves the old catalogue exactly as it was.

Each case runs the real `python -m crawler build --db PATH` in a subprocess against a copy
of the built catalogue. A full disk is made with RLIMIT_FSIZE (writes past the limit fail
with EFBIG, which SQLite reports as it reports a full disk). Read-only is chmod for a normal
user; for root, whom permissions do not stop, it is the immutable attribute (chattr +i).
"""
import hashlib
import os
import resource
import shutil
import signal
import subprocess

import pytest

def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_build(python_exe, repo_root, db, **kwargs):
    return subprocess.run([python_exe, "-m", "crawler", "build", "--db", str(db)], cwd=repo_root,
                          capture_output=True, text=True, timeout=120, **kwargs)


def full_disk():
    """In the child: any file write past 64 KB fails as if the disk were full."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64_000, 64_000))


def _chattr(flag, path):
    return subprocess.run(["chattr", flag, str(path)], capture_output=True).returncode == 0


@pytest.fixture
def read_only(tmp_path):
    """make_read_only(path): chmod for a normal user, chattr +i for root; undone afterwards."""
    undo = []

    def make_read_only(path):
        if os.geteuid() != 0:
            mode = path.stat().st_mode
            path.chmod(0o555 if path.is_dir() else 0o444)
            undo.append(lambda: path.chmod(mode))
        elif shutil.which("chattr") and _chattr("+i", path):
            undo.append(lambda: _chattr("-i", path))
        else:
            pytest.skip("running as root and the file system has no immutable attribute: cannot make it read-only")

    yield make_read_only
    for step in reversed(undo):
        step()


@pytest.fixture
def old_catalogue(catalogue_copy):
    return catalogue_copy, digest(catalogue_copy)


def _cases():
    return ["full_disk", "read_only_directory", "read_only_file"]


def _provoke(case, db, read_only):
    if case == "full_disk":
        return {"preexec_fn": full_disk}
    if case == "read_only_directory":
        read_only(db.parent)
    else:
        if os.geteuid() != 0:
            pytest.skip("for a normal user a read-only file in a writable folder is simply replaced (rename)")
        read_only(db)
    return {}


@pytest.mark.parametrize("case", _cases())
def test_a_failed_build_leaves_the_old_catalogue_intact(case, old_catalogue, read_only, python_exe, repo_root):
    db, before = old_catalogue
    result = run_build(python_exe, repo_root, db, **_provoke(case, db, read_only))
    assert result.returncode != 0, "the build cannot have succeeded without writing"
    # The old catalogue is byte for byte the same, and no half-written file is left beside it.
    assert digest(db) == before
    assert sorted(p.name for p in db.parent.iterdir()) == ["catalogue.db"]


@pytest.mark.parametrize("case", ["full_disk", "read_only_directory", "read_only_file"])
def test_a_failed_build_says_so_in_one_line(case, old_catalogue, read_only, python_exe, repo_root):
    db, _ = old_catalogue
    result = run_build(python_exe, repo_root, db, **_provoke(case, db, read_only))
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    # A planner running the build sees what failed, not a Python traceback.
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(lines) == 1 and "build failed" in lines[0] and str(db.name) in lines[0], result.stderr
