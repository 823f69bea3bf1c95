"""Render benchmarks/out/results/*.json as the Markdown tables in docs/benchmarks.md.

    .venv/bin/python benchmarks/report.py > /tmp/figures.md
"""
import json


import measure


def load(name):
    path = measure.RESULTS / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def spread(s, scale=1.0, digits=0, unit=""):
    f = f"{{:.{digits}f}}"
    return (f"{f.format(s['median'] * scale)}{unit} ({f.format(s['min'] * scale)}–{f.format(s['max'] * scale)}, "
            f"n={s['runs']})")


def sizes(result):
    return sorted(result["sizes"], key=lambda k: (k.isdigit(), int(k) if k.isdigit() else 0))


def heading(title, result, columns, alignment):
    """A benchmark's section: its title with the date it was measured, its command, its table's head."""
    return [f"### {title} ({result['measured_at']})", "", f"`{result['command']}`", "", columns, alignment]


def table(name, title, columns, alignment, row):
    """One benchmark's table, a row per catalogue size (row(size, result) writes it); nothing if it has not run."""
    result = load(name)
    if not result:
        return []
    return heading(title, result, columns, alignment) + [row(k, result) for k in sizes(result)] + [""]


def build_row(k, build):
    r = build["sizes"][k]
    w = r.get("what_if_synchronous_off_wall_s")
    what_if = f"{w['median']:.1f} s" if w else "not run"
    return (f"| {int(k):,} | {spread(r['wall_s'], digits=1, unit=' s')} | {r['peak_rss_mb']['median']:.0f} MB | "
            f"{r['user_cpu_s']['median']:.0f} s / {r['system_cpu_s']['median']:.0f} s | "
            f"{r['yaml_load_and_check_s']['median']:.1f} s | {what_if} | {r['db_mb']:.0f} MB |")


def crawl_row(k, crawl):
    f, s = crawl["sizes"][k]["first_crawl"], crawl["sizes"][k]["second_crawl_nothing_changed"]
    return (f"| {int(k):,} | {spread(f['pages_per_s'], digits=0)} | {f['wall_s']['median']:.1f} s | "
            f"{f['body_bytes_sent']['median'] / 1e6:.1f} MB | {s['body_bytes_sent']['median']:.0f} B | "
            f"{s['bodies_sent']['median']:.0f} | {s['outcomes']} | {s['wall_s']['median']:.1f} s |")


def main():
    out = []
    out += table("build", "Build",
                 "| courses | wall time, median (min–max, runs) | peak memory | user / system CPU | reading + checking the YAML | what if synchronous=OFF | database |",
                 "|---:|---|---:|---|---:|---:|---:|", build_row)
    rec = load("recommender-national")
    if rec:
        out += [f"### Recommender ({rec['measured_at']})", "",
                "| catalogue | `--json` (every course), cold process, median (min–max, runs) | p90 | with a typo (rapidfuzz) | table view (first screen) | `--json --limit 20` | roster (people) |",
                "|---|---|---:|---|---|---|---|"]
        for k in sizes(rec):
            r = rec["sizes"][k]
            name = f"shipped ({r['courses']} courses)" if k == "shipped" else f"synthetic {int(k):,}"
            out.append(f"| {name} | {spread(r['single'], 1000, unit=' ms')} | {r['single']['p90'] * 1000:.0f} ms | "
                       f"{spread(r['single_fuzzy'], 1000, unit=' ms')} | "
                       + " | ".join(spread(r[key], 1000, unit=' ms') if r.get(key) else "not measured"
                                    for key in ("first_screen", "json_limit_20"))
                       + " | " + (f"{spread(r['roster'], digits=2, unit=' s')} ({r.get('people', 10000):,})"
                                  if r.get("roster") else "not measured") + " |")
        first = next(iter(rec["sizes"].values()))
        root = str(measure.ROOT) + "/"
        out += ["", "Commands (with `--db` set to each catalogue): `" + " ".join(first["commands"]["single"]).replace(root, "")
                + "` (add `--limit 20`; without `--json` for the table view) and `"
                + " ".join(first["commands"]["roster"]).replace(root, "") + "`", ""]
    out += table("crawl", "Crawl",
                 "| pages | first crawl: pages/s, median (min–max, runs) | whole process | page bytes sent | second crawl, nothing changed: body bytes sent | bodies sent | outcomes | whole process |",
                 "|---:|---|---:|---:|---:|---:|---|---:|", crawl_row)
    for name, title in (("datasette", "Datasette, as scripts/serve runs it"),
                        ("datasette-no-suggest-facets", "Datasette, what if suggest_facets were off"),
                        ("datasette-immutable", "Datasette immutable (-i with an inspect file), as scripts/publish runs it")):
        ds = load(name)
        if not ds:
            continue
        out += heading(title, ds,
                       "| courses | page | one connection: req/s, p50 | 20 connections: requests/s, median (min–max, runs) | p50 | p95, median (min–max) | p99 | errors / requests |",
                       "|---:|---|---|---|---:|---|---:|---:|")
        for k in sizes(ds):
            for label, r in ds["sizes"][k].items():
                empty = r.get("runs_with_no_completed_request")
                one = r.get("one_connection") or {}
                alone = f"{one['requests_per_s']:.1f} req/s, {one['p50_ms']:.0f} ms" if one else ""
                if empty == r["requests_per_s"]["runs"]:
                    out.append(f"| {int(k):,} | {label} | {alone} | no request finished within "
                               f"{ds['seconds_per_run']} s in any of {empty} runs | – | – | – | {r['errors']} / 0 |")
                    continue
                out.append(f"| {int(k):,} | {label} | {alone} | {spread(r['requests_per_s'], digits=1)} | {r['p50_ms']['median']:.0f} ms | "
                           f"{spread(r['p95_ms'], unit=' ms')} | {r['p99_ms']['median']:.0f} ms | {r['errors']} / {r['requests']}"
                           + (f" ({empty} runs completed no request)" if empty else "") + " |")
        out.append("")
    print("\n".join(out))


if __name__ == "__main__":
    main()
