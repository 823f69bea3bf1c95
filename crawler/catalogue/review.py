"""`python -m crawler review`: what the crawls changed, what was promoted, what waits for a person.

Without options it prints the review queue (the `review` view) and the new-course candidates
(`course_candidates`); --json prints the same as one object. A decision is written into
crawler/reference/courses.yaml in its normal reviewed form (every value with its source, the
shown one with `why`), checked by loading the reference files before anything is written,
then the catalogue is rebuilt:

  --accept ID                      show the page's reading ID names (from the queue)
  --pin COURSE FIELD VALUE --why   pin a value: it wins over every crawl until unpinned
  --add URL --id ID --kind KIND    turn a candidate into a catalogue course

Bad input is one line on stderr, exit 2, and nothing written.
"""
import json
import math
import re
import shutil
import sqlite3
import sys
import tempfile
import textwrap
from datetime import date
from pathlib import Path

import yaml

from crawler.catalogue import currency
from crawler.catalogue.reference import course_facts, reference_data
from crawler.reading.normalise import normal_text, unwanted_characters


class ReviewError(Exception):
    """Bad input: the message says what was wrong and what to do."""


def configure(parser):
    from crawler.catalogue.build import DEFAULT_DB

    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"catalogue to review (default: {DEFAULT_DB.name})")
    parser.add_argument("--reference", type=Path, default=None, help="reference folder to write decisions in (default: crawler/reference)")
    parser.add_argument("--results", type=Path, default=None, metavar="DIR", help="crawl results folder the rebuild reads")
    parser.add_argument("--json", action="store_true", help="print the queue and candidates as one JSON object")
    parser.add_argument("--accept", metavar="ID", help="show the page reading of this queue item (e.g. COURSE/cost)")
    parser.add_argument("--pin", nargs=3, metavar=("COURSE", "FIELD", "VALUE"), help="pin VALUE as COURSE's FIELD (needs --why)")
    parser.add_argument("--why", metavar="TEXT", help="the reason for a pin or an acceptance, kept in courses.yaml")
    parser.add_argument("--add", metavar="URL", help="add the candidate at URL as a catalogue course (needs --id and --kind)")
    parser.add_argument("--id", dest="course_id", metavar="ID", help="the new course's id (a slug: lower-case words and dashes)")
    parser.add_argument("--kind", metavar="KIND", help=f"the new course's kind ({', '.join(reference_data.COURSE_KINDS)})")


def fail(message):
    print(f"python -m crawler review: error: {message}", file=sys.stderr)
    return 2


def run(args):
    reference_dir = Path(args.reference or reference_data.REFERENCE_DIR)
    try:
        conn = _open(args.db)
    except ReviewError as exc:
        return fail(str(exc))
    actions = [a for a in (args.accept, args.pin, args.add) if a]
    if len(actions) > 1:
        conn.close()
        return fail("give one of --accept, --pin or --add at a time")
    if not actions:
        try:
            return _show(conn, args.json)
        finally:
            conn.close()
    conn.close()
    from crawler.catalogue.build import BUILD_LOCK_WAIT
    from crawler.catalogue.writer_lock import LockError, writer_lock

    # One writer at a time: the decision, the rebuild and the answer all happen under the
    # catalogue's writer lock, so no build or crawl install can come between them.
    try:
        with writer_lock(args.db, "a review", BUILD_LOCK_WAIT):
            return _decide(args, reference_dir)
    except LockError as exc:
        return fail(str(exc))


def _decide(args, reference_dir):
    """Write the decision into courses.yaml, rebuild, then say so. Whatever fails (the decision,
    the rebuild, or writing the answer to a closed pipe or a full disk) leaves courses.yaml and
    the catalogue as they were."""
    from crawler.catalogue.build import BuildError, build

    path = reference_dir / "courses.yaml"
    old_text = path.read_bytes()
    conn = _open(args.db)
    try:
        if args.accept:
            done = accept(conn, reference_dir, args.accept, args.why)
        elif args.pin:
            done = pin(conn, reference_dir, *args.pin, why=args.why)
        else:
            done = add_candidate(conn, reference_dir, args.add, args.course_id, args.kind)
    except ReviewError as exc:
        return fail(str(exc))
    finally:
        conn.close()

    def restore():
        _write_bytes(path, old_text)

    try:
        build(args.db, reference_dir, args.results)
    except (BuildError, OSError, ValueError, sqlite3.Error) as exc:
        restore()
        return fail(f"the rebuild failed ({exc}); nothing is changed: courses.yaml and {Path(args.db).name} are as they were")
    try:
        sys.stdout.write(f"{done}\nrebuilt {args.db}\n")
        sys.stdout.flush()
    except OSError as exc:
        restore()
        try:
            build(args.db, reference_dir, args.results)
        except (BuildError, OSError, ValueError, sqlite3.Error):
            pass
        _quiet_stdout()
        reason = "the reader of the answer went away" if isinstance(exc, BrokenPipeError) else (exc.strerror or str(exc))
        print(f"python -m crawler review: error: the answer could not be written ({reason}); the decision is undone: "
              f"courses.yaml and {Path(args.db).name} are as they were", file=sys.stderr)
        return 1
    return 0


def _write_bytes(path, data):
    part = path.with_name(path.name + ".part")
    part.write_bytes(data)
    part.replace(path)


def _quiet_stdout():
    """After a failed write, point stdout at /dev/null so exit does not fail flushing it again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _open(db_path):
    if not Path(db_path).exists():
        raise ReviewError(f"no catalogue at {db_path} (build one with: python -m crawler build --db {db_path})")
    try:
        conn = sqlite3.connect(f"file:{Path(db_path).resolve()}?mode=ro", uri=True)
        conn.row_factory = sqlite3.Row
        conn.execute("SELECT 1 FROM review_queue LIMIT 1").fetchall()
    except sqlite3.Error:
        raise ReviewError(f"{db_path} has no review queue: rebuild it with python -m crawler build --db {db_path}") from None
    return conn


# --- showing the queue ------------------------------------------------------------------

def queue(conn):
    return [dict(r) for r in conn.execute("SELECT * FROM review")]


def candidates(conn):
    return [dict(r) for r in conn.execute("SELECT * FROM course_candidates")]


def _show(conn, as_json):
    items, found = queue(conn), candidates(conn)
    if as_json:
        sys.stdout.write(json.dumps({"items": items, "candidates": found}, ensure_ascii=False, indent=2) + "\n")
        return 0
    sections = {}
    for item in items:
        sections.setdefault(item["section"], []).append(item)
    out = []
    for section in ("waits for a person", "seen once", "promoted automatically", "changed on the page"):
        rows = sections.get(section, [])
        out.append(f"{section.upper()} ({len(rows)})")
        for row in rows:
            out.append(f"  {row['id']}  {row['title']}: {row['field']}")
            out += _wrapped("was", row["old_value"] if row["old_value"] is not None else "(unknown)")
            out += _wrapped("new", row["new_value"])
            out += _wrapped("from", f"{row['source'] or ''} {('(' + row['seen_at'] + ')') if row['seen_at'] else ''}".strip())
            out += _wrapped("why", row["why"])
        out.append("")
    out.append(f"NEW COURSES SPOTTED ON LISTING PAGES ({len(found)})")
    for row in found:
        out.append(f"  {row['url']}")
        out += _wrapped("title", row["title"])
        out += _wrapped("from", f"{row['provider'] or row['provider_id']}, listing {row['listing_url']}, first seen {row['first_seen']}")
    out += ["", "Decide with: --accept ID [--why TEXT] | --pin COURSE FIELD VALUE --why TEXT | --add URL --id ID --kind KIND"]
    print("\n".join(out))
    return 0


def _wrapped(label, text):
    return textwrap.wrap(str(text or ""), 80, initial_indent=f"    {label + ':':<6}", subsequent_indent=" " * 10) or [f"    {label}:"]


# --- decisions into courses.yaml ----------------------------------------------------------

def accept(conn, reference_dir, item_id, why=None):
    row = conn.execute("SELECT * FROM review_queue WHERE id = ?", (item_id,)).fetchone()
    if row is None:
        raise ReviewError(f"no review item {item_id!r} (python -m crawler review lists them)")
    if row["field"] == "status":
        raise ReviewError(f"{item_id}: the page says the course has stopped; check with the provider and edit the "
                          "course in courses.yaml (the course is kept, never deleted by a review)")
    if row["field"] not in currency.PROMOTED:
        raise ReviewError(f"{item_id} is about the page itself: edit the course's url in courses.yaml if it moved "
                          "(the course is kept and marked, never deleted)")
    today = date.today().isoformat()
    entry = {"value": row["new_value"], "source": "crawl", "section": "the provider's page",
             "url": row["url"], "fetched_at": row["seen_at"], "shown": True,
             "why": f"accepted in review on {today}" + (f": {why}" if why else f" ({row['kind']}: {row['why']})")}
    extra = {}
    if row["field"] == "cost" and currency.fee_gbp(row["new_value"]) is not None:
        extra["fee_gbp"] = dict(entry, value=currency.fee_gbp(row["new_value"]))
    _write_facts(reference_dir, row["course_id"], {row["field"]: entry, **extra})
    return f"accepted {item_id}: courses.yaml now shows {row['new_value']!r} for {row['course_id']} {row['field']}"


def pin(conn, reference_dir, course_id, field, value, why=None):
    if not why or not why.strip():
        raise ReviewError("a pin needs --why TEXT: the reason is kept beside the value in courses.yaml")
    if conn.execute("SELECT 1 FROM courses WHERE id = ?", (course_id,)).fetchone() is None:
        raise ReviewError(f"no course {course_id!r} in the catalogue")
    if field not in course_facts.FACT_FIELDS:
        raise ReviewError(f"unknown field {field!r} (one of {', '.join(course_facts.FACT_FIELDS)})")
    if not value.strip():
        raise ReviewError("the value to pin is empty: leave unknown facts out instead")
    for words, text in (("the value", value), ("--why", why)):
        bad = unwanted_characters(text)
        if bad:
            raise ReviewError(f"{words} holds control or direction characters ({', '.join(bad)}): type it plainly")
    value, why = normal_text(value).strip(), normal_text(why)
    typed = value
    if field == "fee_gbp":
        try:
            typed = float(value.replace(",", "").lstrip("£"))
        except ValueError:
            raise ReviewError(f"fee_gbp is a number of pounds, not {value!r}") from None
        if not math.isfinite(typed) or typed < 0:
            raise ReviewError(f"fee_gbp is a number of pounds, 0 or more, not {value!r}")
    today = date.today().isoformat()
    entry = {"value": typed, "pinned": True, "why": f"pinned in review on {today}: {why.strip()}"}
    crawl_field = currency.PROMOTED.get(field)
    page = conn.execute(
        """SELECT cc.url, cc.last_seen FROM crawl_current cc JOIN courses c ON c.id = cc.course_id AND c.url = cc.url
           WHERE cc.course_id = ? AND cc.field = ? AND lower(trim(cc.value)) = lower(trim(?))""",
        (course_id, crawl_field, value)).fetchone() if crawl_field else None
    if page:
        entry.update(source="crawl", section="the provider's page", url=page["url"], fetched_at=page["last_seen"])
    else:
        entry.update(source="project-judgement", section=f"pinned in review on {today}")
    extra = {}
    if field == "cost" and currency.fee_gbp(value) is not None:  # the fee in pounds goes with its words
        extra["fee_gbp"] = dict(entry, value=currency.fee_gbp(value))
    _write_facts(reference_dir, course_id, {field: entry, **extra})
    return f"pinned {course_id} {field} = {value!r}"


def add_candidate(conn, reference_dir, url, course_id, kind):
    row = conn.execute("SELECT * FROM course_candidates WHERE url = ?", (url,)).fetchone()
    if row is None:
        raise ReviewError(f"no candidate at {url} (python -m crawler review lists them)")
    if not course_id or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", course_id):
        raise ReviewError("--add needs --id: a slug of lower-case words and dashes, e.g. oxpip-infant-observation")
    if kind not in reference_data.COURSE_KINDS:
        raise ReviewError(f"--add needs --kind, one of {', '.join(reference_data.COURSE_KINDS)}")
    course = {"id": course_id, "provider": row["provider_id"], "kind": kind, "url": url, "source": "crawl",
              "facts": {"title": {"value": row["title"], "source": "crawl",
                                  "section": f"link text on the listing page {row['listing_url']}",
                                  "url": row["listing_url"], "fetched_at": row["last_seen"]}},
              "notes": f"spotted on {row['listing_url']} (first seen {row['first_seen']}); added in review on {date.today()}"}
    path = reference_dir / "courses.yaml"
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + _dump([course]) 
    _check_and_write(reference_dir, path, text)
    return f"added {course_id} ({row['title']}) to courses.yaml"


def _dump(obj):
    return yaml.safe_dump(obj, allow_unicode=True, sort_keys=False, width=4096, default_flow_style=False)


def _write_facts(reference_dir, course_id, new_entries):
    """Rewrite the named facts of one course in courses.yaml: each a list of every value with its
    source, the new entry shown (or pinned); the rest of the file is left as it is."""
    data = reference_data.load(reference_dir)
    course = next((c for c in data["courses"] if c["id"] == course_id), None)
    if course is None:
        raise ReviewError(f"no course {course_id!r} in {reference_dir / 'courses.yaml'}")
    path = reference_dir / "courses.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for field, entry in new_entries.items():
        entries = []
        for fact in course["_facts"]:
            if fact["field"] != field:
                continue
            old = {"value": fact["value"], "source": fact["source"]}
            for key in ("section", "url", "fetched_at"):
                if fact.get(key):
                    old[key] = fact[key]
            if entry.get("pinned") is None and fact.get("pinned"):  # an accepted reading does not beat a pin
                raise ReviewError(f"{course_id} {field} is pinned ({fact.get('why')}); pin the new value instead "
                                  "with --pin, or remove the pin in courses.yaml")
            entries.append(old)
        entries.append(entry)
        block = _dump({field: entries})
        lines = _replace_fact(lines, course_id, field, ["    " + line + "\n" for line in block.splitlines()])
    _check_and_write(reference_dir, path, "".join(lines))


def _replace_fact(lines, course_id, field, new_lines):
    start = next((i for i, line in enumerate(lines) if line.rstrip() == f"- id: {course_id}"), None)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("- ")), len(lines))
    facts = next((i for i in range(start, end) if lines[i].rstrip() == "  facts:"), None)
    if facts is None:
        raise ReviewError(f"courses.yaml: course {course_id} has no `facts:` block to write into")
    first = next((i for i in range(facts + 1, end) if re.match(rf"    {re.escape(field)}:", lines[i])), None)
    if first is None:
        return lines[:facts + 1] + new_lines + lines[facts + 1:]
    last = first + 1
    while last < end and (lines[last].startswith("      ") or not lines[last].strip()):
        last += 1
    while last > first + 1 and not lines[last - 1].strip():  # keep blank lines between courses
        last -= 1
    return lines[:first] + new_lines + lines[last:]


def _check_and_write(reference_dir, path, text):
    """Load the reference files with the new text; write it only if they are still valid."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "reference"
        shutil.copytree(reference_dir, copy)
        (copy / path.name).write_text(text, encoding="utf-8")
        try:
            reference_data.load(copy)
        except reference_data.ReferenceDataError as exc:
            raise ReviewError(f"the decision would make the reference files invalid, nothing written: {exc}") from None
    part = path.with_name(path.name + ".part")
    part.write_text(text, encoding="utf-8")
    part.replace(path)
