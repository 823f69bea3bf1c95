"""Time the site's own pages in-process (datasette.client), on the shipped catalogue.

Each page is asked once to warm it, then N times; the median and the slowest are printed, in ms.
In-process means no HTTP and no browser: the cost of the page itself (plugins, templates, SQL).

    .venv/bin/python benchmarks/bench_site_pages.py [--db catalogue.db] [--repeat 20]
"""
import argparse
import asyncio
import statistics
import time
from pathlib import Path

import yaml
from datasette.app import Datasette

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    "/", "/-/scaling", "/-/scaling?pay_rise=5%25", "/-/charts", "/-/charts/levels.svg?layout=narrow",
    "/catalogue/courses_by_duration", "/catalogue/courses_by_funding",
    "/catalogue/courses_for_profession?profession=health+visiter", "/catalogue/search_courses?q=video+feedback",
    "/catalogue/courses/northampton-pgcert-infant-mental-health", "/catalogue/courses?_search=video+feedback",
    "/-/find-courses?profession=health+visitor&level=1", "/-/find-courses?profession=clinical+psychologist&level=3",
    "/-/changes", "/-/changes.atom",
]


async def measure(db, repeat):
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    ds = Datasette([str(db)], metadata=metadata, settings={"sql_time_limit_ms": 1000, "max_returned_rows": 1000,
                                                            "suggest_facets": False})
    for path in PAGES:
        response = await ds.client.get(path)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            await ds.client.get(path)
            times.append((time.perf_counter() - start) * 1000)
        print(f"{response.status_code}  median {statistics.median(times):6.1f} ms  slowest {max(times):6.1f} ms  {path}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "catalogue.db")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    asyncio.run(measure(args.db, args.repeat))


if __name__ == "__main__":
    main()
