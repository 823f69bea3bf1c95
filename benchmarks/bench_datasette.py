"""Load-test Datasette on the synthetic 500 / 5,000 / 50,000-course catalogues with wrk.

Starts a real `datasette serve` on 127.0.0.1 (a free port) against each catalogue with the
project's metadata.yml and serve settings (as scripts/serve runs it), then drives it with
`wrk` (Debian's package: `bash benchmarks/setup`) at 20 concurrent connections for a fixed
time per run. Reports requests/s and p50/p95/p99 latency for:
  - the course list with facets (what a planner browses),
  - a full-text search of courses,
  - a canned query from metadata.yml (or, if it has none yet, the same SQL as an ad-hoc query).
Each page is also measured with one connection alone (the cost of one page for one planner).
wrk runs on the same 2-core machine as Datasette, so the figures are a floor; a run in
which no request finished within its time (an overloaded server) is counted and reported.

    .venv/bin/python benchmarks/bench_datasette.py [--runs 3] [--seconds 5] [--sizes ...] [--immutable]
"""
import argparse
import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path


import measure

CONNECTIONS = 20
FACETS = ["kind", "funding", "aimh_level_target", "mode"]
SEARCH = "infant observation"
FALLBACK_SQL = ("select id, title, provider_id, kind, duration_text, funding from courses "
                "where aimh_level_target = 2 and funding in ('fully_funded', 'free') order by title limit 50")
WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %d, "duration_us": %d, "bytes": %d, "connect_errors": %d, '
    .. '"read_errors": %d, "write_errors": %d, "status_errors": %d, "timeouts": %d, '
    .. '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_options():
    """The options scripts/serve gives Datasette (metadata, settings, plugins, templates, static),
    read from the script itself so the benchmark serves exactly what planners get."""
    import shlex
    serve = (measure.ROOT / "scripts" / "serve").read_text(encoding="utf-8").replace("\\\n", " ")
    for line in serve.splitlines():
        if "datasette serve" in line:
            words = shlex.split(line, comments=True)
            words = words[words.index("serve") + 1:]
            options = []
            for word in words:
                if word == "--host" or word.startswith("$"):
                    break
                if not word.endswith(".db"):
                    options.append(word)
            return options
    return ["-m", "metadata.yml"] if (measure.ROOT / "metadata.yml").exists() else []


def canned_query():
    """(name, params) of a canned query on the catalogue from metadata.yml, or None."""
    path = measure.ROOT / "metadata.yml"
    if not path.exists():
        return None
    import yaml
    metadata = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    queries = ((metadata.get("databases") or {}).get("catalogue") or {}).get("queries") or {}
    best = None
    for name, query in queries.items():
        sql = query if isinstance(query, str) else query.get("sql", "")
        if isinstance(query, dict) and query.get("write"):
            continue
        params = {p: SEARCH if "search" in p or p in ("q", "query", "text", "words") else "1"
                  for p in dict.fromkeys(re.findall(r"(?<!:):(\w+)", sql))}
        # Prefer a search query (the brief's "search through an FTS canned query"), else the first.
        if best is None or ("fts" in sql.lower() and "fts" not in best[2].lower()):
            best = (name, params, sql)
    return best[:2] if best else None


def endpoints():
    facets = "&".join(f"_facet={f}" for f in FACETS)
    found = canned_query()
    if found:
        name, params = found
        canned = (f"canned query {name}", f"/catalogue/{name}?" + urllib.parse.urlencode(params))
    else:
        canned = ("ad-hoc SQL (metadata.yml has no canned query)", "/catalogue?" + urllib.parse.urlencode({"sql": FALLBACK_SQL}))
    return [
        ("floor: /-/versions.json", "/-/versions.json"),
        ("course list with facets", f"/catalogue/courses?{facets}"),
        ("full-text search", "/catalogue/courses?" + urllib.parse.urlencode({"_search": SEARCH})),
        canned,
    ]


def start_datasette(db, port, immutable, extra_settings=(), workers=1):
    datasette = str(measure.ROOT / ".venv" / "bin" / "datasette")
    extra = []
    if immutable:  # as scripts/publish does: immutable, with table counts from `datasette inspect`
        inspect = db.parent / "inspect-data.json"
        if db.resolve().parent == measure.ROOT:  # the shipped catalogue: where scripts/publish keeps it (gitignored)
            inspect = measure.ROOT / "build" / "inspect-data.json"
            inspect.parent.mkdir(exist_ok=True)
        subprocess.run([datasette, "inspect", str(db), "--inspect-file", str(inspect)], cwd=measure.ROOT, check=True)
        extra = ["--inspect-file", str(inspect)]
    argv = [datasette, "serve", *(["-i"] if immutable else []), str(db), *extra,
            *serve_options(), *extra_settings, "--host", "127.0.0.1", "--port", str(port)]
    env = None
    if workers > 1:  # the same Datasette in N processes sharing the port (catalogue_site/workers.py)
        import os
        import shlex
        env = dict(os.environ, CATALOGUE_SERVE_ARGS=shlex.join(argv[2:-4]))
        argv = [sys.executable, "-m", "catalogue_site.workers",
                "--workers", str(workers), "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(argv, cwd=measure.ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"datasette exited: {proc.stderr.read()[-800:]}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=2).read()
            return proc, argv
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("datasette did not start within 60 s")


def wrk(url, seconds, script, connections=CONNECTIONS):
    argv = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "-s", script, url]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 60).stdout
    line = next(l for l in reversed(out.splitlines()) if l.startswith("{"))
    r = json.loads(line)
    r["requests_per_s"] = r["requests"] / (r["duration_us"] / 1e6)
    r["errors"] = r["connect_errors"] + r["read_errors"] + r["write_errors"] + r["status_errors"] + r["timeouts"]
    return r


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--sizes", type=int, nargs="*", default=list(measure.SIZES))
    parser.add_argument("--immutable", action="store_true", help="serve with -i (the scaled-out deployment)")
    parser.add_argument("--workers", type=int, default=1, help="serve in N processes, each on the port (python -m catalogue_site.workers)")
    parser.add_argument("--shipped", action="store_true", help="also the shipped catalogue.db (as size 'shipped')")
    parser.add_argument("--db", type=Path, nargs="+", default=[], help="also these catalogues (each a catalogue.db)")
    parser.add_argument("--only", nargs="+", metavar="WORD", help="only the pages whose label has one of these words")
    parser.add_argument("--name", help="results file name (default: from the options)")
    parser.add_argument("--no-suggest-facets", action="store_true",
                        help="what if: add --setting suggest_facets off to the project's settings")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: run `bash benchmarks/setup` (Debian's wrk package)")
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(WRK_REPORT, encoding="utf-8")
    results = {}
    catalogues = [("shipped", measure.ROOT / "catalogue.db")] if args.shipped else []
    catalogues += [(str(path), path) for path in args.db] + [(size, measure.catalogue_path(size)) for size in args.sizes]
    for size, db in catalogues:
        if not db.exists():
            raise SystemExit(f"{db} is missing: run benchmarks/bench_build.py --sizes {size} first")
        port = free_port()
        extra = ["--setting", "suggest_facets", "off"] if args.no_suggest_facets else []
        proc, serve_argv = start_datasette(db, port, args.immutable, extra, args.workers)
        try:
            results[str(size)] = {}
            for label, path in endpoints():
                if args.only and not any(word in label for word in args.only):
                    continue
                url = f"http://127.0.0.1:{port}{path}"
                for attempt in range(3):  # warm up; a 200 is expected (a loaded machine may time a query out)
                    try:
                        with urllib.request.urlopen(url, timeout=60) as response:
                            break
                    except urllib.error.HTTPError as exc:
                        print(f"warming {path}: HTTP {exc.code} (attempt {attempt + 1})", flush=True)
                alone = wrk(url, args.seconds, str(script), connections=1)  # one planner: the cost of one page
                runs = [wrk(url, args.seconds, str(script)) for _ in range(args.runs)]
                results[str(size)][label] = {
                    "path": path,
                    "requests_per_s": measure.summary([r["requests_per_s"] for r in runs]),
                    "p50_ms": measure.summary([r["p50_us"] / 1000 for r in runs]),
                    "p95_ms": measure.summary([r["p95_us"] / 1000 for r in runs]),
                    "p99_ms": measure.summary([r["p99_us"] / 1000 for r in runs]),
                    "errors": sum(r["errors"] for r in runs),
                    "requests": sum(r["requests"] for r in runs),
                    "runs_with_no_completed_request": sum(1 for r in runs if r["requests"] == 0),
                    "one_connection": {"requests_per_s": alone["requests_per_s"], "p50_ms": alone["p50_us"] / 1000,
                                       "p95_ms": alone["p95_us"] / 1000, "requests": alone["requests"]},
                }
                r = results[str(size)][label]
                print(f"{size:>7} courses, {label}: {r['requests_per_s']['median']:.0f} req/s "
                      f"(min {r['requests_per_s']['min']:.0f}, max {r['requests_per_s']['max']:.0f}); "
                      f"p50 {r['p50_ms']['median']:.0f} ms, p95 {r['p95_ms']['median']:.0f} ms "
                      f"(min {r['p95_ms']['min']:.0f}, max {r['p95_ms']['max']:.0f}); "
                      f"{r['errors']} errors in {r['requests']} requests; one connection alone: "
                      f"{alone['requests_per_s']:.1f} req/s, p50 {alone['p50_us'] / 1000:.0f} ms", flush=True)
        finally:
            import os
            import signal
            os.killpg(proc.pid, signal.SIGTERM)  # the server and, with --workers, its worker processes
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
    script.unlink()
    name = args.name or "datasette" + ("-immutable" if args.immutable else "") + ("-no-suggest-facets" if args.no_suggest_facets else "")
    path = measure.save(name, {
        "workers": args.workers,
        "command": f"wrk -t1 -c{CONNECTIONS} -d{args.seconds}s against "
                   + (f"python -m catalogue_site.workers --workers {args.workers} with the arguments of " if args.workers > 1 else "")
                   + "datasette serve "
                   f"{'-i ' if args.immutable else ''}benchmarks/out/catalogue-N/catalogue.db {' '.join(serve_options())}"
                   + (" --setting suggest_facets off" if args.no_suggest_facets else ""),
        "connections": CONNECTIONS, "seconds_per_run": args.seconds, "sizes": results})
    print(f"results: {path}")


if __name__ == "__main__":
    main()
