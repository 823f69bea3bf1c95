"""Benchmark `python -m crawler build` on the synthetic 500 / 5,000 / 50,000-course references.

Each run is the whole command as a user runs it (a fresh process, the database written
beside the old one and swapped in). Reports wall time, peak memory and database size, and
splits out how long reading and checking the YAML takes (reference_data.load, in process).

    .venv/bin/python benchmarks/bench_build.py [--runs 3] [--sizes 500 5000 50000]
"""
import argparse
import os
import subprocess
import sys
import time


import measure
import synthetic


def build_once(size):
    db = measure.catalogue_path(size)
    db.parent.mkdir(parents=True, exist_ok=True)
    argv = [measure.PYTHON, "-m", "crawler", "build", "--db", str(db), "--reference", str(measure.reference_path(size))]
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=measure.ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, status, rusage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"build of {size} failed: {proc.stderr.read().strip()[-500:]}")
    return elapsed, rusage.ru_maxrss / 1024, rusage.ru_utime, rusage.ru_stime


WHAT_IF = """
import sqlite3, sys, time
import crawler.catalogue.build as build
real_connect = sqlite3.connect
def connect(*args, **kwargs):
    conn = real_connect(*args, **kwargs)
    conn.execute("PRAGMA synchronous = OFF")  # what if each row's commit did not wait for the disk?
    return conn
build.sqlite3 = type(sys)("sqlite3_what_if")
build.sqlite3.__dict__.update(sqlite3.__dict__)
build.sqlite3.connect = connect
start = time.perf_counter()
build.build(sys.argv[1], sys.argv[2])
print(time.perf_counter() - start)
"""


def what_if_once(size):
    """The same build with synchronous=OFF: how much of the time is waiting for one fsync per row."""
    db = measure.OUT / "build-what-if" / "catalogue.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    subprocess.run([measure.PYTHON, "-c", WHAT_IF, str(db), str(measure.reference_path(size))], cwd=measure.ROOT,
                   check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def load_once(size):
    from crawler.catalogue.reference import reference_data
    start = time.perf_counter()
    reference_data.load(measure.reference_path(size))
    return time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(measure.SIZES))
    parser.add_argument("--what-if-runs", type=int, default=1,
                        help="runs of the same build with synchronous=OFF, to show the cost of per-row commits")
    args = parser.parse_args(argv)
    results = {}
    for size in args.sizes:
        if not (measure.reference_path(size) / "courses.yaml").exists():
            synthetic.generate(size, measure.reference_path(size))
        runs = [build_once(size) for _ in range(args.runs)]
        load = [load_once(size)]
        what_if = [what_if_once(size) for _ in range(args.what_if_runs)]
        results[str(size)] = {
            "wall_s": measure.summary([r[0] for r in runs]),
            "peak_rss_mb": measure.summary([r[1] for r in runs]),
            "user_cpu_s": measure.summary([r[2] for r in runs]),
            "system_cpu_s": measure.summary([r[3] for r in runs]),
            "yaml_load_and_check_s": measure.summary(load),
            "db_mb": measure.catalogue_path(size).stat().st_size / 1e6,
            "what_if_synchronous_off_wall_s": measure.summary(what_if) if what_if else None,
        }
        r = results[str(size)]
        print(f"build {size:>6} courses: {measure.fmt(r['wall_s'], lambda s: f'{s:.2f} s')}; "
              f"peak RSS {r['peak_rss_mb']['median']:.0f} MB; user {r['user_cpu_s']['median']:.1f} s, "
              f"system {r['system_cpu_s']['median']:.1f} s; reading YAML {r['yaml_load_and_check_s']['median']:.1f} s; "
              f"database {r['db_mb']:.1f} MB" + (f"; what if synchronous=OFF: "
              f"{r['what_if_synchronous_off_wall_s']['median']:.2f} s" if what_if else ""), flush=True)
    path = measure.save("build", {"command": "python -m crawler build --db benchmarks/out/catalogue-N/catalogue.db "
                                  "--reference benchmarks/out/reference-N", "sizes": results})
    print(f"results: {path}")


if __name__ == "__main__":
    main()
