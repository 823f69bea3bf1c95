"""The recommender at national scale: benchmarks/bench_recommender.py (the recommender's own
benchmark, reused as it is) run against the shipped catalogue and the synthetic 500 /
5,000 / 50,000-course catalogues.

For each catalogue: one recommendation as a whole cold process (median and spread over
--runs), and a 10,000-person roster (--roster-runs). Targets (issue 7): under 150 ms on the
shipped catalogue and under 500 ms on the national one; the roster under 3 s (issue 4).

    .venv/bin/python benchmarks/bench_roster_national.py [--runs 15] [--roster-runs 3] [--sizes ...] [--people N]

The roster's cost grows with the catalogue (every person is checked against every course):
run_all measures 10,000 people up to 5,000 courses and 1,000 people at 50,000 courses,
where 10,000 would take about a quarter of an hour per run.
"""
import argparse
import json
import subprocess
import time


import measure


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--roster-runs", type=int, default=3)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(measure.SIZES))
    parser.add_argument("--no-shipped", action="store_true", help="skip the shipped catalogue")
    parser.add_argument("--no-roster", action="store_true", help="only the single answers (table, --json, --limit 20)")
    args = parser.parse_args(argv)
    catalogues = {} if args.no_shipped else {"shipped": measure.ROOT / "catalogue.db"}
    catalogues.update({str(n): measure.catalogue_path(n) for n in args.sizes})
    for label, db in catalogues.items():
        if not db.exists():
            print(f"{label}: {db} missing, skipped (run benchmarks/bench_build.py first)")
            continue
        courses = subprocess.run(["sqlite3", str(db), "SELECT COUNT(*) FROM courses"], capture_output=True,
                                 text=True).stdout.strip() if label == "shipped" else label
        print(f"--- {label} catalogue ({courses} courses): {db.relative_to(measure.ROOT)}", flush=True)
        started = time.time()
        done = subprocess.run([measure.PYTHON, str(measure.ROOT / "benchmarks" / "bench_recommender.py"), "--db", str(db),
                               "--runs", str(args.runs), "--roster-runs", str(args.roster_runs), "--people", str(args.people)]
                              + (["--no-roster"] if args.no_roster else []),
                              cwd=measure.ROOT, text=True)
        own_path = measure.RESULTS / "recommender.json"
        if done.returncode not in (0, 1) or not own_path.exists() or own_path.stat().st_mtime < started:
            raise SystemExit(f"bench_recommender.py failed on {db}")  # 1 alone is a target not met: a figure
        own = json.loads(own_path.read_text(encoding="utf-8"))
        result = {"db": str(db.relative_to(measure.ROOT)), "courses": courses, "people": args.people,
                  "single": own["single"], "single_fuzzy": own["single_fuzzy"], "roster": own["roster"],
                  "first_screen": own.get("first_screen"), "json_limit_20": own.get("json_limit_20"),
                  "commands": own["commands"]}
        path = measure.save("recommender-national", {"sizes": {label: result}})  # saved as each catalogue is done
        print(f"results: {path}", flush=True)


if __name__ == "__main__":
    main()
