"""Catalogues and Datasette instances for the Datasette tests (test_datasette*, test_metadata*, test_browser*).

Every catalogue is built by the same code that builds the shipped one (crawler.catalogue.build.build)
into a folder of its own, so Datasette names it `catalogue` as in production:

  catalogue_plain         a fresh build: crawl tables present (when crawler.catalogue.tables.crawl_tables exists) but empty
  catalogue_with_history  the same plus a small crawl history: two real runs (one page failing at its
                          latest fetch), a --mirror test run that must not count, and two changes
  catalogue_bare          the reference tables only: no crawl_* and no scaling_* tables at all, as a
                          catalogue built before the crawler existed (pages must degrade, never 500)

and a Datasette client on each (client_plain, client_history, client_bare; client_before_any_crawl is
client_plain and client_bare in turn).

Datasette is configured from scripts/serve itself (its settings); the site's plugins, templates and
stylesheet are the installed catalogue_site package, which Datasette loads through its plugin entry
point as it does for `bash scripts/serve`, so the tests exercise exactly what that serves.
"""
import asyncio
import re
import shutil
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SERVE_SCRIPT = ROOT / "scripts" / "serve"
PUBLISH_SCRIPT = ROOT / "scripts" / "publish"
METADATA = ROOT / "metadata.yml"

# Course ids used by the crawl history below (they are in crawler/reference/courses.yaml).
OXPIP = "oxpip-advanced-parent-infant-practitioner"
NORTHAMPTON = "northampton-pgcert-infant-mental-health"


def serve_options(script=SERVE_SCRIPT):
    """The Datasette options a script passes: {'settings': {...}, 'plugins_dir', 'template_dir', 'static'}
    (the last three None / [] when the script leaves the site to the installed catalogue_site package)."""
    text = script.read_text(encoding="utf-8")
    plugins_dir, template_dir = re.search(r"--plugins-dir (\S+)", text), re.search(r"--template-dir (\S+)", text)
    return {
        "settings": {name: int(value) for name, value in re.findall(r"--setting (\w+) (\d+)", text)},
        "plugins_dir": plugins_dir and plugins_dir.group(1),
        "template_dir": template_dir and template_dir.group(1),
        "static": re.findall(r"--static (\w+):(\S+)", text),
    }


def datasette_argv(db_path):
    """Command-line options for `datasette serve` / `datasette DB --get`, as scripts/serve gives them."""
    options = serve_options()
    argv = [str(db_path), "-m", str(METADATA)]
    for name, value in options["settings"].items():
        argv += ["--setting", name, str(value)]
    return argv


def make_datasette(db_path):
    from datasette.app import Datasette

    options = serve_options()
    return Datasette(
        [str(db_path)],
        metadata=yaml.safe_load(METADATA.read_text(encoding="utf-8")),
        settings=options["settings"],
    )


class Client:
    """Datasette's in-process client on one event loop of its own (Datasette binds locks to a loop)."""

    def __init__(self, db_path):
        self.loop = asyncio.new_event_loop()
        self.ds = make_datasette(db_path)
        self.loop.run_until_complete(self.ds.invoke_startup())

    def get(self, path, **kwargs):
        return self.loop.run_until_complete(self.ds.client.get(path, **kwargs))

    def post(self, path, **kwargs):
        return self.loop.run_until_complete(self.ds.client.post(path, **kwargs))

    def close(self):
        self.loop.close()


def build_catalogue(folder):
    from crawler.catalogue.build import build

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "catalogue.db"
    build(path)
    return path


def ensure_crawl_tables(path):
    """The crawl_* tables, made by the crawler's own code; False when that code is not there yet."""
    import sqlite_utils

    try:
        from crawler.catalogue.tables.crawl_tables import create_crawl_tables
    except ImportError:
        return False
    create_crawl_tables(sqlite_utils.Database(path))
    return True


def add_crawl_history(path):
    """Two real crawl runs, a mirror (test) run that must not count as a crawl, fetches and changes."""
    import sqlite_utils

    db = sqlite_utils.Database(path)
    db["crawl_runs"].insert_all([
        dict(id=1, spider="oxpip", started="2026-10-01T09:00:00", finished="2026-10-01T09:02:00", pages=2, items=2,
             errors=0, outcome="finished", mirror=None),
        dict(id=2, spider="northampton", started="2026-11-01T09:00:00", finished="2026-11-01T09:03:00", pages=2,
             items=1, errors=1, outcome="finished", mirror=None),
        dict(id=3, spider="northampton", started="2026-11-20T09:00:00", finished="2026-11-20T09:01:00", pages=1,
             items=1, errors=0, outcome="finished", mirror="http://127.0.0.1:9"),
    ])
    oxpip_url = "https://www.oxpip.org.uk/extended-course/advanced-parent-infant-practitioner-training"
    northampton_url = ("https://www.northampton.ac.uk/courses/"
                       "postgraduate-certificate-in-advanced-practice-in-infant-mental-health-and-wellbeing/")
    db["crawl_fetches"].insert_all([
        dict(id=1, run_id=1, course_id=OXPIP, url=oxpip_url, final_url=oxpip_url, http_status=200,
             fetched_at="2026-10-01T09:01:00", outcome="ok", fields_found=3),
        dict(id=2, run_id=1, course_id=NORTHAMPTON, url=northampton_url, final_url=northampton_url, http_status=200,
             fetched_at="2026-10-01T09:01:30", outcome="ok", fields_found=3),
        dict(id=3, run_id=2, course_id=NORTHAMPTON, url=northampton_url, final_url=northampton_url, http_status=404,
             fetched_at="2026-11-01T09:01:00", outcome="not_found", error="HTTP 404", fields_found=0),
    ])
    db["crawl_changes"].insert_all([
        dict(id=1, run_id=1, course_id=NORTHAMPTON, url=northampton_url, field="duration",
             old_value="seven month course", new_value="9 months part-time", changed_at="2026-10-01T09:01:30"),
        dict(id=2, run_id=2, course_id=OXPIP, url=oxpip_url, field="start_date",
             old_value=None, new_value="January 2027 <b>cohort</b>", changed_at="2026-11-01T09:02:00"),
    ])
    return path


def strip_optional_tables(path):
    """Drop every crawl_* and scaling_* table and view: a catalogue from before those parts existed."""
    import sqlite3

    conn = sqlite3.connect(path)
    with conn:
        for kind in ("view", "table"):
            names = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = ? AND (name LIKE 'crawl\\_%' ESCAPE '\\' "
                "OR name LIKE 'scaling\\_%' ESCAPE '\\')", (kind,))]
            for name in names:
                conn.execute(f"DROP {kind.upper()} [{name}]")
    conn.close()
    return path


@pytest.fixture(scope="session")
def catalogue_plain(tmp_path_factory):
    path = build_catalogue(tmp_path_factory.mktemp("plain"))
    ensure_crawl_tables(path)
    return path


@pytest.fixture(scope="session")
def catalogue_with_history(catalogue_plain, tmp_path_factory):
    folder = tmp_path_factory.mktemp("history")
    path = folder / "catalogue.db"
    shutil.copy(catalogue_plain, path)
    if not ensure_crawl_tables(path):
        pytest.skip("crawler.catalogue.tables.crawl_tables is not there yet: no crawl history tables to fill")
    return add_crawl_history(path)


@pytest.fixture(scope="session")
def catalogue_bare(catalogue_plain, tmp_path_factory):
    folder = tmp_path_factory.mktemp("bare")
    path = folder / "catalogue.db"
    shutil.copy(catalogue_plain, path)
    return strip_optional_tables(path)


@pytest.fixture(scope="session")
def client_plain(catalogue_plain):
    client = Client(catalogue_plain)
    yield client
    client.close()


@pytest.fixture(scope="session")
def client_history(catalogue_with_history):
    client = Client(catalogue_with_history)
    yield client
    client.close()


@pytest.fixture(scope="session")
def client_bare(catalogue_bare):
    client = Client(catalogue_bare)
    yield client
    client.close()


@pytest.fixture(params=["plain", "bare"])
def client_before_any_crawl(request):
    """Each catalogue no crawl has written to, in turn: a fresh build (crawl tables empty) and a bare one
    (no crawl or scaling tables). A module using it imports client_plain and client_bare too."""
    return request.getfixturevalue(f"client_{request.param}")
