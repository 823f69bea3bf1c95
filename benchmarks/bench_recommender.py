"""Benchmark the recommender as people run it: whole processes, from a cold start.

1. One recommendation: `python -m recommender recommend --profession "health visitor"
   --level 1 --json` as a fresh process, N times (default 30): median, spread and the
   first run on its own. Target (issue 4): median under 150 ms.
2. The first screen and the limited JSON (issue 10): the table view (`recommend
   --profession "health visitor" --level 1`, a summary of the best courses, open routes and
   the best pathway) and `--json --limit 20`, each as a fresh process, N times. Target at
   national scale (the synthetic 50,000-course catalogue): under 500 ms each.
3. A roster of 10,000 people (deterministic: seeded random professions, aliases, typos,
   stage words, levels, registrations, degrees, experience; 1% malformed rows):
   `python -m recommender roster FILE --json` as a fresh process, 3 times. Target: under 3 s.

    .venv/bin/python benchmarks/bench_recommender.py [--runs 30] [--people 10000] [--db catalogue.db] [--no-roster]

Stdlib only. Prints the figures and the commands; writes benchmarks/out/results/recommender.json.
"""
import argparse
import csv
import json
import os
import random
import shlex
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable


def time_runs(argv, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):  # roster: 1 = some rows malformed (on purpose)
            raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.strip()[-400:]}")
    return times


def describe(times):
    ordered = sorted(times)
    return {"runs": len(times), "first": times[0], "median": statistics.median(times), "min": ordered[0],
            "max": ordered[-1], "p90": ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))],
            "stdev": statistics.stdev(times) if len(times) > 1 else 0.0}


def roster_file(db, people, path):
    """A deterministic roster of `people` rows drawn from the catalogue's professions."""
    rng = random.Random(4)
    conn = sqlite3.connect(db)
    aliases = [a for (a,) in conn.execute("SELECT alias FROM profession_aliases ORDER BY alias")]
    bodies = [b for (b,) in conn.execute("SELECT id FROM registration_bodies ORDER BY id")]
    conn.close()
    typos = ["health visiter", "midwfie", "nursery nurce", "family suport worker", "councellor", "social wroker"]
    stages = ["", "", "", "student", "trainee", "qualified"]
    degrees = ["", "", "none", "degree", "2:1", "postgraduate"]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "profession", "level", "stage", "registration", "degree", "experience"])
        for n in range(people):
            profession = rng.choice(typos) if rng.random() < 0.05 else rng.choice(aliases)
            if rng.random() < 0.1:
                profession = rng.choice(["trainee ", "student ", "newly qualified "]) + profession
            level = str(rng.randrange(0, 4)) if rng.random() > 0.01 else "7"  # 1% malformed
            registration = ";".join(rng.sample(bodies, rng.randrange(0, 3))) if rng.random() < 0.3 else ""
            experience = str(rng.randrange(0, 15)) if rng.random() < 0.6 else ""
            writer.writerow([f"person {n + 1}", profession, level, rng.choice(stages), registration,
                             rng.choice(degrees), experience])
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="runs of the single recommendation (default 30)")
    parser.add_argument("--roster-runs", type=int, default=3, help="runs of the roster (default 3)")
    parser.add_argument("--people", type=int, default=10_000, help="people in the roster (default 10000)")
    parser.add_argument("--db", default=str(ROOT / "catalogue.db"), help="catalogue to read (default: the repo's)")
    parser.add_argument("--no-roster", action="store_true", help="skip the roster (it is slow at 50,000 courses)")
    args = parser.parse_args(argv)
    if not Path(args.db).exists():
        raise SystemExit(f"{args.db} not found: build it first with .venv/bin/python -m crawler build")

    one = [PYTHON, "-m", "recommender", "recommend", "--profession", "health visitor", "--level", "1", "--json",
           "--db", args.db]
    single = describe(time_runs(one, args.runs))
    fuzzy = describe(time_runs([*one[:5], "health visiter", *one[6:]], max(5, args.runs // 3)))
    screen = [PYTHON, "-m", "recommender", "recommend", "--profession", "health visitor", "--level", "1", "--db", args.db]
    first_screen = describe(time_runs(screen, args.runs))
    limited_argv = [*one, "--limit", "20"]
    limited = describe(time_runs(limited_argv, args.runs))

    OUT.mkdir(parents=True, exist_ok=True)
    path = roster_file(args.db, args.people, OUT / f"roster-{args.people}.csv")
    many = [PYTHON, "-m", "recommender", "roster", str(path), "--json", "--db", args.db]
    roster = describe(time_runs(many, args.roster_runs)) if not args.no_roster else None

    def shown(argv):
        return shlex.join(os.path.relpath(a, ROOT) if a.startswith(str(ROOT)) else a for a in argv)

    def ms(s):
        return f"{s * 1000:.0f} ms"

    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"one recommendation, whole process, fresh each run ({single['runs']} runs):")
    print(f"  $ {shown(one)}")
    print(f"  median {ms(single['median'])}, min {ms(single['min'])}, p90 {ms(single['p90'])}, "
          f"max {ms(single['max'])}, stdev {ms(single['stdev'])}; first run {ms(single['first'])}")
    print(f"same with a typo (rapidfuzz loaded), {fuzzy['runs']} runs: median {ms(fuzzy['median'])}, "
          f"min {ms(fuzzy['min'])}, max {ms(fuzzy['max'])}")
    for label, argv, figures in (("table view (the first screen)", screen, first_screen),
                                 ("--json --limit 20", limited_argv, limited)):
        print(f"{label}, whole process, fresh each run ({figures['runs']} runs):")
        print(f"  $ {shown(argv)}")
        print(f"  median {ms(figures['median'])}, min {ms(figures['min'])}, p90 {ms(figures['p90'])}, "
              f"max {ms(figures['max'])}; first run {ms(figures['first'])}")
    if roster:
        print(f"roster of {args.people:,} people, whole process ({roster['runs']} runs):")
        print(f"  $ {shown(many)}")
        print(f"  median {roster['median']:.2f} s, min {roster['min']:.2f} s, max {roster['max']:.2f} s")
    results = OUT / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "recommender.json").write_text(json.dumps({
        "benchmark": "recommender", "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": f"{os.cpu_count()} cores", "single": single, "single_fuzzy": fuzzy, "first_screen": first_screen,
        "json_limit_20": limited, "roster": roster, "people": args.people,
        "commands": {"single": one, "first_screen": screen, "json_limit_20": limited_argv, "roster": many}},
        indent=2) + "\n", encoding="utf-8")
    ok = single["median"] < 0.150 and (roster is None or roster["median"] < 3.0)
    print("targets (median < 150 ms; roster < 3 s):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
