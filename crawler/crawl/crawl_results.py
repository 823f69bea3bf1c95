"""Crawl results as text: one JSON-lines file per crawl under data/crawls/, which the build reads.

A crawl writes its history (crawl_* tables) into the catalogue as it goes; when it ends, the
runs no results file holds yet are saved as one file named for the first run's start time
(`data/crawls/2026-11-30T04-17-02Z.jsonl`), one row a line, keys sorted:

    {"row": {...}, "table": "crawl_fetches"}

so a week's crawl reads as a diff in review. `python -m crawler build` makes catalogue.db from
the reference YAML plus every file here, in name order: history tables (runs, fetches,
observations, changes) are inserted as they are; state tables (current values, link health,
listing pages, candidates) hold the latest row each file gives. Reverting a week is reverting
its commit (the file and the catalogue.db built with it) and building again.

The folder is `data/crawls` beside the catalogue file (the repository's own for the shipped
catalogue.db; a test's temporary folder for a test catalogue).
"""
import json
import sqlite3
from pathlib import Path

# History: rows are only ever added; each belongs to one run.
HISTORY_TABLES = ("crawl_runs", "crawl_fetches", "crawl_observations", "crawl_changes")
# State: one row per key, replaced by later crawls.
STATE_TABLES = ("crawl_current", "crawl_link_health", "crawl_listings", "crawl_candidates")


class ResultsError(ValueError):
    """The crawl results folder cannot be read or does not belong to this catalogue."""


def results_dir_for(db_path):
    return Path(db_path).resolve().parent / "data" / "crawls"


def files(results_dir):
    folder = Path(results_dir)
    return sorted(folder.glob("*.jsonl")) if folder.is_dir() else []


def read(path):
    """[(table, row)] of one results file; ResultsError naming the line when it is not readable."""
    out = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            table, row = entry["table"], entry["row"]
        except (ValueError, KeyError, TypeError):
            raise ResultsError(f"{path.name} line {number}: not a crawl result row "
                               '(expected {"row": {...}, "table": "crawl_..."})') from None
        if table not in HISTORY_TABLES + STATE_TABLES or not isinstance(row, dict):
            raise ResultsError(f"{path.name} line {number}: unknown table {table!r}")
        out.append((table, row))
    return out


def saved_runs(results_dir):
    """{run id: (spider, started)} of every run a results file holds."""
    runs = {}
    for path in files(results_dir):
        for table, row in read(path):
            if table == "crawl_runs":
                runs[row["id"]] = (row.get("spider"), row.get("started"))
    return runs


def _rows(conn, table, where="", params=()):
    try:
        cur = conn.execute(f"SELECT * FROM [{table}] {where}", params)
    except sqlite3.OperationalError:  # a catalogue made before this table existed
        return []
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def save_unsaved(db_path, results_dir):
    """Save the runs db_path holds that no file in results_dir holds; the new file's path, or None."""
    db_path = Path(db_path)
    if not db_path.exists():
        return None
    saved = saved_runs(results_dir)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        runs = _rows(conn, "crawl_runs", "ORDER BY id")
        for run in runs:
            if run["id"] in saved and saved[run["id"]] != (run["spider"], run["started"]):
                raise ResultsError(f"crawl run {run['id']} in {db_path.name} is not the run {run['id']} of the results in "
                                   f"{results_dir}: they belong to different catalogues (give --results for this one)")
        new = [r for r in runs if r["id"] not in saved]
        if not new:
            return None
        ids = [r["id"] for r in new]
        marks = ", ".join("?" * len(ids))
        since = min(r["started"] for r in new)
        lines = [("crawl_runs", r) for r in new]
        for table in HISTORY_TABLES[1:]:
            lines += [(table, r) for r in _rows(conn, table, f"WHERE run_id IN ({marks}) ORDER BY id", ids)]
        for table in ("crawl_current", "crawl_listings", "crawl_candidates"):
            lines += [(table, r) for r in _rows(conn, table, f"WHERE last_run_id IN ({marks}) ORDER BY rowid", ids)]
        lines += [("crawl_link_health", r) for r in _rows(conn, "crawl_link_health", "WHERE last_checked >= ? ORDER BY rowid", (since,))]
    finally:
        conn.close()
    folder = Path(results_dir)
    folder.mkdir(parents=True, exist_ok=True)
    stem = since.replace(":", "-").replace("+00-00", "Z")
    path = folder / f"{stem}.jsonl"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}.jsonl"
    text = "".join(json.dumps({"row": row, "table": table}, ensure_ascii=False, sort_keys=True) + "\n" for table, row in lines)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


def load_into(conn, results_dir):
    """Insert every results file's rows into the crawl_* tables of a catalogue being built."""
    columns = {}
    conn.execute("BEGIN")
    try:
        for path in files(results_dir):
            for table, row in read(path):
                if table not in columns:
                    columns[table] = [r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")]
                names = [c for c in columns[table] if c in row]
                verb = "INSERT OR REPLACE" if table in STATE_TABLES else "INSERT"
                try:
                    conn.execute(f"{verb} INTO [{table}] ({', '.join(f'[{c}]' for c in names)}) "
                                 f"VALUES ({', '.join('?' * len(names))})", [row[c] for c in names])
                except sqlite3.IntegrityError as exc:
                    raise ResultsError(f"{path.name}: a {table} row cannot be added ({exc}): "
                                       "is a run saved twice, or a course gone from courses.yaml?") from None
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def load_missing(conn, results_dir):
    """Into a crawl's working copy: the rows of every results file whose runs the copy does not
    hold yet (saved by a crawl that was killed before its rebuild), so this crawl's run, fetch
    and observation numbers follow on from them and its current values include them."""
    have = {r[0] for r in conn.execute("SELECT id FROM crawl_runs")}
    columns = {}
    conn.execute("BEGIN")
    try:
        for path in files(results_dir):
            rows = read(path)
            runs = {row["id"] for table, row in rows if table == "crawl_runs"}
            if not runs or runs <= have:
                continue
            for table, row in rows:
                if table not in columns:
                    columns[table] = [r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")]
                names = [c for c in columns[table] if c in row]
                verb = "INSERT OR REPLACE" if table in STATE_TABLES else "INSERT OR IGNORE"
                conn.execute(f"{verb} INTO [{table}] ({', '.join(f'[{c}]' for c in names)}) "
                             f"VALUES ({', '.join('?' * len(names))})", [row[c] for c in names])
            have |= runs
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
