"""Where a planner's uncached page spends its time: every SQL query Datasette runs, its plan and its time.

For each page (the course list with facets and the full-text search, as bench_datasette.py asks
for them), in-process through datasette.client with the project's metadata and serve settings:

- every query the page ran (Datasette's own tracer): the count, each facet, the full-text
  match, the row query, the foreign-key labels, with its time, and SQLite's EXPLAIN QUERY PLAN;
- the page's wall time and its CPU time (the process's user + system, all threads), median of
  --repeat requests after one warming request, and the part of the CPU not spent in SQLite
  queries (Python: the view, plugins, templates);
- the same page requested without Datasette's tracer (alternated with the traced requests): the
  tracer formats a stack for every query, which a planner's request does not pay.

Run it on a synthetic national catalogue and on the shipped one; `--immutable` serves the file
as `datasette serve -i` with an inspect file does (counts known in advance).

    .venv/bin/python benchmarks/profile_pages.py --db benchmarks/out/catalogue-50000/catalogue.db [--immutable]
    .venv/bin/python benchmarks/profile_pages.py --db catalogue.db --cprofile 25   # the Python time, by function
"""
import argparse
import asyncio
import cProfile
import io
import json
import pstats
import sqlite3
import statistics
import time
from pathlib import Path

import yaml
from datasette.app import Datasette
from datasette.tracer import capture_traces

import bench_datasette  # the pages and the serve settings the load test uses (run as a script, as it is)

ROOT = Path(__file__).resolve().parent.parent


def settings_from_serve():
    """The --setting pairs of scripts/serve, as Datasette(settings=...) takes them."""
    options, settings = bench_datasette.serve_options(), {}
    for i, word in enumerate(options):
        if word == "--setting":
            name, value = options[i + 1], options[i + 2]
            settings[name] = int(value) if value.isdigit() else value
    return settings


def pages():
    """bench_datasette.py's pages (not its canned query), and a search that keeps few courses."""
    return [(label, path) for label, path in bench_datasette.endpoints() if not label.startswith("canned")] + [
        ("search keeping 5% of the courses", "/catalogue/courses?_search=video+feedback")]


def make_datasette(db, immutable):
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    kwargs = {}
    if immutable:
        from datasette.inspect import inspect_hash, inspect_tables
        conn = sqlite3.connect(f"file:{db}?immutable=1", uri=True)
        conn.row_factory = sqlite3.Row
        kwargs = {"immutables": [str(db)], "inspect_data": {
            Path(db).stem: {"hash": inspect_hash(Path(db)), "file": str(db), "tables": inspect_tables(conn, {})}}}
        conn.close()
        files = []
    else:
        files = [str(db)]
    return Datasette(files, metadata=metadata, settings=settings_from_serve(), **kwargs)


async def one(ds, path, traced=True):
    traces = []
    cpu, wall = time.process_time(), time.perf_counter()
    if traced:
        with capture_traces(traces):
            response = await ds.client.get(path)
    else:   # as a planner's request runs: Datasette's tracer formats a stack for every query
        response = await ds.client.get(path)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    assert response.status_code == 200, (path, response.status_code, response.text[:300])
    return wall * 1000, cpu * 1000, [t for t in traces if t.get("type") == "sql"]


def plan(db, sql, params):
    from datasette.utils import escape_fts

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.create_function("escape_fts", 1, escape_fts)
    try:
        rows = conn.execute(f"explain query plan {sql}", params or {}).fetchall()
        return [f"{'  ' * depth(rows, row)}{row[3]}" for row in rows]
    except sqlite3.Error as exc:
        return [f"(no plan: {exc})"]
    finally:
        conn.close()


def depth(rows, row):
    parents = {r[0]: r[1] for r in rows}
    d, parent = 0, row[1]
    while parent in parents:
        d, parent = d + 1, parents[parent]
    return d


async def main_async(args):
    ds = make_datasette(args.db, args.immutable)
    report = {"db": str(args.db), "immutable": args.immutable, "pages": {}}
    for label, path in pages():
        await one(ds, path)  # warm: templates compiled, connections opened
        runs, plain = [], []
        for _ in range(args.repeat):   # traced and untraced requests alternated
            runs.append(await one(ds, path))
            plain.append(await one(ds, path, traced=False))
        walls, cpus = [r[0] for r in runs], [r[1] for r in runs]
        plain_walls, plain_cpus = [r[0] for r in plain], [r[1] for r in plain]
        queries = runs[-1][2]
        sql_ms = [sum(q["duration_ms"] for q in r[2]) for r in runs]
        print(f"\n== {label}: {path}")
        print(f"   wall median {statistics.median(walls):.1f} ms (min {min(walls):.1f}), CPU median "
              f"{statistics.median(cpus):.1f} ms (min {min(cpus):.1f}); {len(queries)} SQL queries taking "
              f"{statistics.median(sql_ms):.1f} ms in all (median); n={args.repeat}")
        print(f"   untraced: wall median {statistics.median(plain_walls):.1f} ms (min {min(plain_walls):.1f}), "
              f"CPU median {statistics.median(plain_cpus):.1f} ms (min {min(plain_cpus):.1f})")
        entries = []
        for q in sorted(queries, key=lambda q: -q["duration_ms"]):
            sql = " ".join(q["sql"].split())
            steps = plan(args.db, q["sql"], q.get("params"))
            entries.append({"ms": round(q["duration_ms"], 2), "sql": sql, "plan": steps})
            if q["duration_ms"] >= args.show_ms:
                print(f"   {q['duration_ms']:7.2f} ms  {sql[:220]}")
                for step in steps:
                    print(f"              | {step}")
        report["pages"][label] = {"path": path, "wall_ms": statistics.median(walls), "cpu_ms": statistics.median(cpus),
                                  "wall_ms_untraced": statistics.median(plain_walls),
                                  "cpu_ms_untraced": statistics.median(plain_cpus),
                                  "sql_ms": statistics.median(sql_ms), "queries": entries}
        if args.cprofile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(5):
                await ds.client.get(path)
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.cprofile)
            print("\n".join(out.getvalue().splitlines()[:args.cprofile + 12]))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
        print(f"\nwrote {args.json}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "benchmarks" / "out" / "catalogue-50000" / "catalogue.db")
    parser.add_argument("--immutable", action="store_true", help="as datasette serve -i with an inspect file")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--show-ms", type=float, default=0.0, help="print only queries at least this slow")
    parser.add_argument("--cprofile", type=int, default=0, metavar="N", help="also print the N costliest functions")
    parser.add_argument("--json", type=Path, help="write the profile here as JSON")
    args = parser.parse_args()
    if not args.db.exists():
        raise SystemExit(f"{args.db} is missing: run benchmarks/synthetic.py and benchmarks/bench_build.py first")
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
