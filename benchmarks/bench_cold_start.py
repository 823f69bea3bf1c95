"""The recommender's cold start against a bare Python start, alternated in one run (issue 25).

Runs, in turn, RUNS times each:
  floor:   .venv/bin/python -c "import sqlite3"
  command: .venv/bin/python -m recommender recommend --profession "health visitor" --level 1
and prints the CPU time (user + system of the finished child, getrusage) and the wall time of
each, their medians and the median of the per-pair ratios command/floor. CPU time is the figure
on a shared machine: wall time there is mostly the queue for a core.

Both start the same interpreter with the same site-packages. The project's modules are
byte-compiled first (python -m compileall), as any installed or once-run package is: with
PYTHONDONTWRITEBYTECODE set and no __pycache__, every run would compile the recommender
from source (about 20 ms more), which no user's second run does. A test checks that every
project package the command imports is in PROJECT_PACKAGES.

    .venv/bin/python benchmarks/bench_cold_start.py [--runs 21] [--db catalogue.db] [-- extra recommend args]
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
# Every package of the project the recommender may import (pyproject.toml's packages.find). Until
# 2026-12-06 only recommender and course_order were compiled, so each run compiled course_dates from
# source (3.4 ms of the command's time, which no installed or once-run package pays).
PROJECT_PACKAGES = ("recommender", "course_order", "course_dates", "scaling_model")


def one(argv, env, cwd=ROOT):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000, wall * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--db", default=str(ROOT / "catalogue.db"))
    parser.add_argument("--before", metavar="DIR", help="also the recommender in DIR (e.g. git archive of an older "
                        "commit's recommender and course_order), alternated with the others: before/after in one run")
    parser.add_argument("extra", nargs="*", help="more recommend arguments (after --)")
    args = parser.parse_args()
    for tree in filter(None, (str(ROOT), args.before)):
        present = [name for name in PROJECT_PACKAGES if (Path(tree) / name).is_dir()]
        subprocess.run([PYTHON, "-m", "compileall", "-q", *present], cwd=tree, check=True,
                       stdout=subprocess.DEVNULL)
    env = dict(os.environ)
    floor = [PYTHON, "-c", "import sqlite3"]
    command = [PYTHON, "-m", "recommender", "recommend", "--profession", "health visitor", "--level", "1",
               "--db", args.db, *args.extra]
    before_env = dict(env, PYTHONPATH=args.before) if args.before else None
    one(floor, env), one(command, env)  # warm the file cache
    floors, commands, befores = [], [], []
    for _ in range(args.runs):
        floors.append(one(floor, env))
        commands.append(one(command, env))
        if before_env:
            befores.append(one(command, before_env, cwd=args.before))  # python -m: the cwd comes first
    rows = [("floor: python -c 'import sqlite3'", floors), ("recommend, this tree", commands)]
    if befores:
        rows.append((f"recommend, {args.before}", befores))
    for label, runs in rows:
        cpus, walls = [r[0] for r in runs], [r[1] for r in runs]
        line = (f"{label}: CPU median {statistics.median(cpus):.1f} ms (min {min(cpus):.1f}, max {max(cpus):.1f}); "
                f"wall median {statistics.median(walls):.1f} ms (min {min(walls):.1f})")
        if runs is not floors:
            line += (f"; ratio to the floor, median of {args.runs} pairs: CPU "
                     f"{statistics.median(c[0] / f[0] for c, f in zip(runs, floors)):.2f}x, wall "
                     f"{statistics.median(c[1] / f[1] for c, f in zip(runs, floors)):.2f}x")
        print(line)
    print(f"command: {' '.join(command[1:])}", file=sys.stderr)


if __name__ == "__main__":
    main()
