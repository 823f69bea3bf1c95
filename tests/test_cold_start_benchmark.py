"""The cold-start benchmark (benchmarks/bench_cold_start.py, issue 25) compares like with like.

It byte-compiles the project's packages before timing, as any installed or once-run package is
compiled. A package the recommender imports but the benchmark does not compile is compiled from
source on every timed run (PYTHONDONTWRITEBYTECODE is set on this machine): until 2026-12-06 that
was course_dates, 3.4 ms of a ~50 ms command. Here the real command runs with -X importtime and
every project package it imports must be in the benchmark's list.
"""
import os
import subprocess
import sys
from pathlib import Path

from benchmarks.bench_cold_start import PROJECT_PACKAGES

ROOT = Path(__file__).resolve().parent.parent


def imported_project_packages(argv):
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "recommender", *argv], cwd=ROOT,
                            capture_output=True, text=True, env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    assert result.returncode == 0, result.stderr[-2000:]
    names = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            top = line.rsplit("|", 1)[1].strip().split(".")[0]
            if (ROOT / top / "__init__.py").is_file():
                names.add(top)
    return names


def test_every_package_the_recommend_command_imports_is_compiled_by_the_benchmark():
    imported = imported_project_packages(["recommend", "--profession", "health visitor", "--level", "1",
                                          "--today", "2026-12-06"])
    assert "recommender" in imported and "course_dates" in imported  # the reading works at all
    assert imported <= set(PROJECT_PACKAGES), f"not compiled by the benchmark: {imported - set(PROJECT_PACKAGES)}"
