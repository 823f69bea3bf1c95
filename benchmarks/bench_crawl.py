"""Benchmark `python -m crawler crawl` against a local mirror of synthetic provider pages.

For each size (default 500 and 5,000 pages): a fresh copy of the synthetic catalogue of
that size is crawled through `--mirror` from a real HTTP server on 127.0.0.1 (Python's
static file server: Last-Modified, 304 on If-Modified-Since), then crawled again with
nothing changed. Reports pages per second for the first crawl and, for the second, the
body bytes the server actually sent and how many pages came back 304.

Politeness is switched off for the measurement (-s DOWNLOAD_DELAY=0 -s
AUTOTHROTTLE_ENABLED=False, 8 concurrent requests): through the mirror every site is one
host, 127.0.0.1, so the per-site delay would measure the delay, not the crawler. A live
crawl is bounded by crawler/settings.py's politeness instead (see docs/benchmarks.md).

    .venv/bin/python benchmarks/bench_crawl.py [--runs 3] [--sizes 500 5000]
"""
import argparse
import shutil
import sqlite3
import subprocess
import time


import measure
import synthetic

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=8",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]


def crawl_argv(db, mirror):
    return [measure.PYTHON, "-m", "crawler", "crawl", "--db", str(db), "--mirror", mirror,
            "--spider", "other_providers", "--quiet", *FAST]


def ensure_mirror(size):
    ref = measure.reference_path(size)
    if not (ref / "courses.yaml").exists():
        synthetic.generate(size, ref)
    if not measure.catalogue_path(size).exists():
        measure.catalogue_path(size).parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([measure.PYTHON, "-m", "crawler", "build", "--db", str(measure.catalogue_path(size)),
                        "--reference", str(ref)], cwd=measure.ROOT, check=True, stdout=subprocess.DEVNULL)
    mirror = measure.OUT / f"mirror-{size}"
    if not mirror.exists():
        import yaml
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        courses = yaml.load((ref / "courses.yaml").read_text(encoding="utf-8"), Loader=loader)
        names = {p["id"]: p["name"] for p in yaml.load((ref / "providers.yaml").read_text(encoding="utf-8"), Loader=loader)}
        synthetic.write_mirror(courses, names, mirror)
    return mirror


def one_crawl(db, server):
    sent_before, bodies_before = server.body_bytes_sent, server.bodies_sent
    start = time.perf_counter()
    proc = subprocess.run(crawl_argv(db, synthetic.mirror_url(server)), cwd=measure.ROOT,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"crawl failed ({proc.returncode}): {proc.stderr[-800:]}")
    conn = sqlite3.connect(db)
    try:
        run_id, started, finished = conn.execute("SELECT id, started, finished FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
        outcomes = dict(conn.execute("SELECT outcome, COUNT(*) FROM crawl_fetches WHERE run_id = ? GROUP BY outcome", (run_id,)))
        recorded_bytes = conn.execute("SELECT COALESCE(SUM(bytes), 0) FROM crawl_fetches WHERE run_id = ?", (run_id,)).fetchone()[0]
    finally:
        conn.close()
    pages = sum(outcomes.values())
    return {"wall_s": wall, "pages": pages, "pages_per_s": pages / wall, "outcomes": outcomes,
            "body_bytes_sent": server.body_bytes_sent - sent_before, "bodies_sent": server.bodies_sent - bodies_before,
            "body_bytes_recorded": recorded_bytes}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5_000])
    args = parser.parse_args(argv)
    results = {}
    for size in args.sizes:
        mirror = ensure_mirror(size)
        server = synthetic.serve_mirror(mirror)
        first, second = [], []
        try:
            for _ in range(args.runs):
                work = measure.OUT / "crawl-work"
                shutil.rmtree(work, ignore_errors=True)
                work.mkdir(parents=True)
                db = work / "catalogue.db"
                shutil.copy(measure.catalogue_path(size), db)
                first.append(one_crawl(db, server))
                second.append(one_crawl(db, server))
        finally:
            server.shutdown()
            server.server_close()
        results[str(size)] = {
            "first_crawl": {"wall_s": measure.summary([r["wall_s"] for r in first]),
                            "pages_per_s": measure.summary([r["pages_per_s"] for r in first]),
                            "pages": first[0]["pages"], "outcomes": first[0]["outcomes"],
                            "body_bytes_sent": measure.summary([r["body_bytes_sent"] for r in first])},
            "second_crawl_nothing_changed": {
                "wall_s": measure.summary([r["wall_s"] for r in second]),
                "pages_per_s": measure.summary([r["pages_per_s"] for r in second]),
                "outcomes": second[0]["outcomes"],
                "body_bytes_sent": measure.summary([r["body_bytes_sent"] for r in second]),
                "bodies_sent": measure.summary([r["bodies_sent"] for r in second]),
                "body_bytes_recorded": measure.summary([r["body_bytes_recorded"] for r in second])},
        }
        r = results[str(size)]
        f, s = r["first_crawl"], r["second_crawl_nothing_changed"]
        print(f"crawl {size:>6} pages: first {f['pages_per_s']['median']:.0f} pages/s "
              f"(min {f['pages_per_s']['min']:.0f}, max {f['pages_per_s']['max']:.0f}; whole process "
              f"{f['wall_s']['median']:.1f} s; {f['body_bytes_sent']['median'] / 1e6:.1f} MB of pages); "
              f"second, nothing changed: {s['body_bytes_sent']['median']:.0f} body bytes sent, "
              f"{s['bodies_sent']['median']:.0f} bodies, outcomes {s['outcomes']}, "
              f"{s['wall_s']['median']:.1f} s", flush=True)
    path = measure.save("crawl", {"command": "python -m crawler crawl --db COPY --mirror http://127.0.0.1:PORT "
                                  "--spider other_providers --quiet " + " ".join(FAST), "sizes": results})
    print(f"results: {path}")


if __name__ == "__main__":
    main()
