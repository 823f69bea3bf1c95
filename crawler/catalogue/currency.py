"""Which value a course shows: the currency policy (written down in docs/data-model.md).

For each course field a crawl can read (PROMOTED below: title, duration, fee, start date), the
shown value is chosen from every sourced value, in this order:

1. A value pinned in crawler/reference/courses.yaml (`pinned: true` with a `why`) always wins.
2. A reading of the course's own page (courses.url) supersedes the documents' value when it is
   - valid: the validation pipeline accepted it (an error page's title, an unreadable
     duration, an empty field never reach this point);
   - confirmed: read unchanged in SIGHTINGS_NEEDED consecutive successful crawls of the page
     (a 200 with facts, or a 304 that confirms the page is as it was), or once from structured
     data (schema.org JSON-LD or microdata);
   - not doubtful (`doubt`): not far outside what every other source says (FAR_OUTSIDE times),
     not a fee for a part of the course, not several fees at once, not an application date
     offered as a start, not a title that looks like an error page or shares no word with
     any other source's title.
   Once promoted it stays shown until another confirmed, sound reading replaces it: a page that
   later fails, answers 404 or loses the field never takes a shown value away.
3. Otherwise the value courses.yaml marks shown (a seed document or a stored page copy).

A doubtful reading waits for a person in the review queue, never shown; a new reading seen once
waits for the next crawl. Replaced values stay: course_facts keeps every value with its source,
fact_changes records each replacement (old, new, source, when).

The first part of this module is pure (no database); `apply(conn)` runs the policy over a built
catalogue's crawl history and writes the shown values, their sources and the review queue.
"""
import json
import re
from dataclasses import dataclass

from crawler.catalogue import plausibility
from crawler.reading.normalise import dates, duration_months, fee_readings, fees, start_date_iso

# A value read this many times in a row (consecutive successful crawls of the page) is confirmed.
SIGHTINGS_NEEDED = 2
# Extraction layers that read structured data: one sighting is enough.
STRUCTURED = ("json-ld", "microdata")
# A duration or fee more than this many times longer/shorter (dearer/cheaper) than what every
# other source says is doubtful.
FAR_OUTSIDE = 3.0
# A fee reading is for the whole course when the page gives no basis, says total, or per participant.
WHOLE_COURSE = (None, "total", "per participant")
# Dates a start_dates reading may carry that are not a start (crawler.reading.normalise.dates roles).
NOT_A_START = ("deadline", "applications open", "published")
# Fetch outcomes that count as a successful crawl of a page.
SUCCESSFUL = ("ok", "not_modified", "no_facts")

# course fact field (courses.yaml / course_facts) -> the crawl field read from the page
PROMOTED = {"title": "title", "duration": "duration", "cost": "fees", "start_dates": "start_date"}

_ERROR_TITLE = re.compile(r"\b(page not found|not found|404|error|access denied|forbidden|sign in|log in)\b", re.I)
_PART_FEE = re.compile(r"\bper\s+(module|unit|credit|\d+\s*credits?|session|day|hour|term|semester|year|annum|month|week)\b"
                       r"|\b(each|deposit|instalments?|from)\b", re.I)
_APPLICATION_DATE = re.compile(r"\b(deadline|closing date|apply by|applications?\s+(open|close|due))\b", re.I)
_COMMON_WORDS = {"course", "courses", "training", "programme", "program", "with", "from", "home", "page", "university",
                 "online", "study", "the", "and", "for"}


def normalised(text):
    """Text for comparing two values: case, dashes and spacing do not make a value new."""
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", str(text or "")).casefold()
    return " ".join(text.split()).strip(" .;,")


def same(a, b):
    return a is not None and b is not None and normalised(a) == normalised(b)


def _words(title):
    return {w for w in re.findall(r"[a-z]{4,}", normalised(title)) if w not in _COMMON_WORDS}


def _times_apart(low_a, high_a, low_b, high_b):
    """How many times apart two ranges are (1 or less when they overlap)."""
    if min(low_a, high_a, low_b, high_b) <= 0:
        return float("inf") if (high_a > 0) != (high_b > 0) else 1.0
    return max(low_a / high_b, low_b / high_a)


def _gbp_amounts(text):
    found = fees(str(text))
    if found:
        return [a for a, currency in found if currency == "GBP"], [c for _, c in found if c != "GBP"]
    if re.search(r"\b(free of charge|free|no cost|no charge)\b", str(text), re.I):
        return [0.0], []
    return [], []


def doubt(field, value, others):
    """Why a reading of `field` is doubtful against the other sources' values, or None.

    others: values of the same field from every other source (documents, stored copies, an
    earlier shown reading); for "cost" also the fee_gbp numbers they give.
    """
    check = _DOUBTS.get(field)
    return check(str(value), others) if check else None


def _title_doubt(value, others):
    if _ERROR_TITLE.search(value):
        return "looks like an error or sign-in page's title"
    titles = [_words(o) for o in others if o is not None]
    if titles and not any(_words(value) & t for t in titles):
        return "shares no word with any other source's title"
    return None


def _duration_doubt(value, others):
    months = duration_months(value)
    theirs = [m for m in (duration_months(str(o)) for o in others) if m and m[0] is not None]
    if not months or months[0] is None:
        return "gives no length in months where other sources do" if theirs else None
    apart = [_times_apart(months[0], months[1], low, high) for low, high in theirs]
    if apart and min(apart) > FAR_OUTSIDE:
        return f"{_months_words(months)} is more than {FAR_OUTSIDE:g} times away from every other source"
    return None


def _cost_doubt(value, others):
    amounts, foreign = _gbp_amounts(value)
    if foreign:
        return f"a fee in {', '.join(sorted(set(foreign)))}, not in pounds"
    if not amounts:
        return "no amount in it"
    if len(set(amounts)) > 1:
        return "several amounts: which one is the course fee is for a person to say"
    readings = fee_readings(value)
    part = next((r for r in readings if r["basis"] not in WHOLE_COURSE or r["kind"] not in ("fee", "free")), None)
    if part or _PART_FEE.search(value):
        what = f" ({part['basis'] or part['kind']})" if part else ""
        return f"a fee for a part of the course{what}, not the whole: per module, per year, a deposit..."
    theirs = []
    for other in others:
        if isinstance(other, (int, float)):
            theirs.append(float(other))
        elif other is not None:
            theirs.extend(_gbp_amounts(other)[0])
    apart = [_times_apart(amounts[0], amounts[0], o, o) for o in theirs]
    if apart and min(apart) > FAR_OUTSIDE:
        return f"£{amounts[0]:,.0f} is more than {FAR_OUTSIDE:g} times away from every other source's fee"
    return None


def _start_dates_doubt(value, others):
    other = next((d for d in dates(value) if d["role"] in NOT_A_START), None)
    if other or _APPLICATION_DATE.search(value):
        return "mentions an application date" + (f" ({other['role']}: {other['date']})" if other else "") + \
               ": is it the start?"
    return None


_DOUBTS = {"title": _title_doubt, "duration": _duration_doubt, "cost": _cost_doubt, "start_dates": _start_dates_doubt}


def _months_words(months):
    low, high = months
    if low == high:
        return "1 month" if low == 1 else f"{low:g} months"
    return f"{low:g}-{high:g} months"


def fee_gbp(value):
    """The course fee in pounds a sound `cost` reading gives (0 for free), else None."""
    amounts, foreign = _gbp_amounts(value)
    return amounts[0] if len(set(amounts)) == 1 and not foreign else None


@dataclass
class Decision:
    shown: dict            # the shown fact: value, source_id, source_kind, section, url, fetched_at, how, why
    changes: list          # [(old shown, new shown)] each time a page reading replaced the shown value
    waiting: dict | None   # a reading not shown: status, value, url, fetched_at, first_seen, why
    confirmed_at: str | None = None  # the last fetch at which the page gave the shown value


def decide(field, reference, sightings, also=(), rules=None, today=None):
    """The Decision for one course field.

    reference: the courses.yaml facts of this field, dicts with value, source_id, source_kind,
      section, shown, pinned, why (url / fetched_at for values accepted from a page).
    sightings: the successful crawls of the course's own page, oldest first, each a dict with
      fetched_at, url and reading: (value, method) of this field or None when the page did
      not give it.
    rules, today: the plausibility rules (crawler/reference/plausibility.yaml) and the build's
      today; a reading outside them waits for a person ("implausible reading"), never shown.
    """
    pinned = next((f for f in reference if f.get("pinned")), None)
    base = pinned or next((f for f in reference if f.get("shown")), None)
    shown = dict(base, how="pinned" if pinned else "reference") if base else None
    others = [f["value"] for f in reference] + list(also)
    changes, waiting, confirmed_at = [], None, None
    streak_value, streak, first_seen = None, 0, None
    confirmed = set()  # page values read in enough consecutive crawls at some time
    for sighting in sightings:
        reading = sighting.get("reading")
        if reading is None:
            streak_value, streak, waiting = None, 0, None
            continue
        value, method = reading
        if same(value, streak_value):
            streak += 1
        else:
            streak_value, streak, first_seen = value, 1, sighting["fetched_at"]
        needed = 1 if method in STRUCTURED else SIGHTINGS_NEEDED
        if shown is not None and same(value, shown["value"]):
            waiting, confirmed_at = None, sighting["fetched_at"]
            if streak >= needed:
                confirmed.add(normalised(value))
            continue
        at = {"value": value, "url": sighting["url"], "fetched_at": sighting["fetched_at"], "method": method,
              "first_seen": first_seen, "sightings": streak}
        wrong = plausibility.implausible(field, value, rules, today)
        why = None if wrong else doubt(field, value, others + ([shown["value"]] if shown else []))
        if wrong:
            waiting = dict(at, status="waits for a person", kind="implausible reading",
                           why=f"{wrong} (crawler/reference/plausibility.yaml); never shown")
        elif why:
            waiting = dict(at, status="waits for a person", kind="doubtful reading", why=why)
        elif field == "title" and method not in STRUCTURED and not (confirmed - {normalised(value)}) \
                and streak >= needed:
            waiting = dict(at, status="waits for a person", kind="page heading differs",
                           why="a page's heading is not always the course's name: shown when a person accepts it, "
                               "or when the page changes it again")
        elif pinned:
            if streak >= needed:
                waiting = dict(at, status="waits for a person", kind="conflicts with a pinned value",
                               why=f"the page says this; courses.yaml pins {pinned['value']!r} ({pinned.get('why')})")
        elif streak >= needed:
            how = "structured data" if method in STRUCTURED else f"{streak} consecutive crawls"
            new = {"value": value, "source_id": "crawl", "source_kind": "crawl", "section": None,
                   "url": sighting["url"], "fetched_at": sighting["fetched_at"], "how": "page",
                   "why": f"read from the provider's own page ({how}; first seen {first_seen[:10]}, "
                          f"confirmed {sighting['fetched_at'][:10]})"}
            changes.append((shown, new))
            shown, waiting, confirmed_at = new, None, sighting["fetched_at"]
        else:
            waiting = dict(at, status="seen once", kind="new reading",
                           why=f"read {streak} time(s); shown after {needed} consecutive crawls agree")
        if streak >= needed:
            confirmed.add(normalised(value))
    return Decision(shown, changes, waiting, confirmed_at)


# --- applying the policy to a built catalogue ---------------------------------------------

SHOWN_COLUMNS = {"title": "title", "duration": "duration_text", "cost": "cost", "start_dates": "start_dates",
                 "fee_gbp": "fee_gbp", "funding": "funding", "mode": "mode"}


def _before(until):
    """The first instant after the day `until` (an ISO date) as fetched_at text, or None (no limit)."""
    if not until:
        return None
    import datetime

    return (datetime.date.fromisoformat(until) + datetime.timedelta(days=1)).isoformat()


def _sightings(conn, until=None):
    """{course_id: [successful fetch of the course's own URL, oldest first, with its readings]};
    until: only fetches made on or before that day."""
    limit = _before(until)
    readings = {}
    for run_id, course_id, url, field, value, method in conn.execute(
            "SELECT run_id, course_id, url, field, value, method FROM crawl_observations WHERE valid = 1 ORDER BY id"):
        readings.setdefault((run_id, course_id, url), {})[field] = (value, method)
    out = {}
    last = {}
    for run_id, course_id, url, outcome, fetched_at in conn.execute(
            """SELECT f.run_id, f.course_id, f.url, f.outcome, f.fetched_at FROM crawl_fetches f
               JOIN courses c ON c.id = f.course_id AND c.url = f.url
               WHERE f.outcome IN ('ok', 'not_modified', 'no_facts') AND (? IS NULL OR f.fetched_at < ?)
               ORDER BY f.id""", (limit, limit)):
        if outcome == "not_modified":  # the page is as it was: what it said is read again
            found = last.get(course_id, {})
        else:
            found = readings.get((run_id, course_id, url), {})
        last[course_id] = found
        out.setdefault(course_id, []).append({"fetched_at": fetched_at, "url": url, "readings": found})
    return out


def apply(conn, rules=None, today=None, until=None):
    """Choose every shown value of every course; write courses, course_facts, fact_changes and
    review_queue. `conn` is a sqlite3 connection to a catalogue being built; rules and today:
    the plausibility rules and the build's today (see decide); until: an ISO date, the policy
    reads only the fetches made by the end of that day (default: every fetch)."""
    conn.row_factory = None
    facts = {}
    for row in conn.execute("""SELECT f.course_id, f.field, f.position, f.value, f.source_id, f.source_kind, f.section,
                                      f.shown, f.pinned, f.why, f.url, f.fetched_at FROM course_facts f ORDER BY 1, 2, 3"""):
        keys = ("course_id", "field", "position", "value", "source_id", "source_kind", "section", "shown", "pinned",
                "why", "url", "fetched_at")
        fact = dict(zip(keys, row))
        facts.setdefault((fact["course_id"], fact["field"]), []).append(fact)
    sightings = _sightings(conn, until)
    courses = [r[0] for r in conn.execute("SELECT id FROM courses ORDER BY id")]
    fact_rows, change_rows, queue_rows, updates = [], [], [], {}
    pending = {}    # course id -> (first fetch at which its page said something else, still waiting; what for)
    confirmed = {}  # (course id, field) -> the last fetch at which the page gave the shown value
    for course_id in courses:
        history = sightings.get(course_id, [])
        for field, crawl_field in PROMOTED.items():
            reference = facts.get((course_id, field), [])
            seen = [{"fetched_at": s["fetched_at"], "url": s["url"], "reading": s["readings"].get(crawl_field)}
                    for s in history]
            also = [float(f["value"]) for f in facts.get((course_id, "fee_gbp"), [])] if field == "cost" else ()
            decision = decide(field, reference, seen, also, rules, today)
            if decision.changes:
                position = len(reference)
                for old, new in decision.changes:
                    fact_rows.append({"course_id": course_id, "field": field, "position": position,
                                      "value": new["value"], "source_id": "crawl", "source_kind": "crawl",
                                      "section": f"the provider's page, fetched {new['fetched_at']}",
                                      "shown": 0, "pinned": 0, "why": new["why"], "url": new["url"],
                                      "fetched_at": new["fetched_at"]})
                    change_rows.append({"course_id": course_id, "field": field,
                                        "old_value": old["value"] if old else None,
                                        "old_source": _source_words(old), "new_value": new["value"],
                                        "new_source": _source_words(new), "changed_at": new["fetched_at"],
                                        "how": "promoted automatically: " + new["why"]})
                    position += 1
                fact_rows[-1]["shown"] = 1
                updates.setdefault(course_id, {})[field] = decision.shown
            if decision.confirmed_at:
                confirmed[(course_id, field)] = decision.confirmed_at
            if decision.waiting:
                w = decision.waiting
                what = "review" if w["status"] == "waits for a person" else "a second crawl"
                since = w.get("first_seen") or w["fetched_at"]
                earlier, waits = pending.get(course_id, (since, what))
                pending[course_id] = (min(earlier, since), "review" if "review" in (waits, what) else what)
                queue_rows.append({"id": f"{course_id}/{field}", "status": w["status"], "kind": w["kind"],
                                   "course_id": course_id, "field": field,
                                   "shown_value": decision.shown["value"] if decision.shown else None,
                                   "shown_source": _source_words(decision.shown), "new_value": w["value"],
                                   "url": w["url"], "seen_at": w["fetched_at"], "why": w["why"]})
        stopped = history[-1]["readings"].get("status") if history else None
        if stopped:   # the page, as last fetched, says the course has stopped: a person decides
            queue_rows.append({"id": f"{course_id}/status", "status": "waits for a person", "kind": "course stopped",
                               "course_id": course_id, "field": "status", "shown_value": None, "shown_source": None,
                               "new_value": stopped[0], "url": history[-1]["url"], "seen_at": history[-1]["fetched_at"],
                               "why": "the provider's page says the course has stopped; the course is kept and shown "
                                      "until a person checks it and edits courses.yaml"})
    _write(conn, fact_rows, change_rows, queue_rows, updates, pending, confirmed, _before(until))


def _source_words(fact):
    if not fact:
        return None
    if fact.get("url"):
        return f"{fact['url']} (fetched {fact['fetched_at']})"
    return fact["source_id"] + (f", {fact['section']}" if fact.get("section") else "")


def _write(conn, fact_rows, change_rows, queue_rows, updates, pending=None, confirmed=None, limit=None):
    for course_id, fields in updates.items():
        for field, shown in fields.items():
            conn.execute("UPDATE course_facts SET shown = 0 WHERE course_id = ? AND field = ?", (course_id, field))
            if field == "duration":
                low, high = duration_months(shown["value"]) or (None, None)
                conn.execute("UPDATE courses SET duration_text = ?, duration_months_min = ?, duration_months_max = ? "
                             "WHERE id = ?", (shown["value"], low, high, course_id))
            elif field == "cost":
                conn.execute("UPDATE courses SET cost = ? WHERE id = ?", (shown["value"], course_id))
                if not conn.execute("SELECT 1 FROM course_facts WHERE course_id = ? AND field = 'fee_gbp' AND pinned = 1",
                                    (course_id,)).fetchone():  # a pinned fee in pounds wins over the page's
                    conn.execute("UPDATE courses SET fee_gbp = ? WHERE id = ?", (fee_gbp(shown["value"]), course_id))
                    conn.execute("UPDATE course_facts SET shown = 0 WHERE course_id = ? AND field = 'fee_gbp'", (course_id,))
                    # the documents' fee year and overseas fee were for the documents' fee, not the page's new one
                    if "fee_year" not in fields:
                        conn.execute("UPDATE courses SET fee_year = NULL, fee_overseas_gbp = NULL WHERE id = ?",
                                     (course_id,))
                        conn.execute("UPDATE course_facts SET shown = 0 WHERE course_id = ? "
                                     "AND field IN ('fee_year', 'fee_overseas_gbp')", (course_id,))
            else:
                conn.execute(f"UPDATE courses SET [{SHOWN_COLUMNS[field]}] = ? WHERE id = ?", (shown["value"], course_id))
    columns = ("course_id", "field", "position", "value", "source_id", "source_kind", "section", "shown", "pinned", "why",
               "url", "fetched_at")
    conn.executemany(f"INSERT INTO course_facts ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                     [[r[c] for c in columns] for r in fact_rows])
    columns = ("course_id", "field", "old_value", "old_source", "new_value", "new_source", "changed_at", "how")
    conn.executemany(f"INSERT INTO fact_changes ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                     [[r[c] for c in columns] for r in sorted(change_rows, key=lambda r: (r["changed_at"], r["course_id"], r["field"]))])
    columns = ("id", "status", "kind", "course_id", "field", "shown_value", "shown_source", "new_value", "url", "seen_at", "why")
    conn.executemany(f"INSERT INTO review_queue ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                     [[r[c] for c in columns] for r in queue_rows])
    _write_page_state(conn, pending or {}, limit)
    _write_fact_sources(conn, confirmed or {})


def _write_page_state(conn, pending, limit=None):
    """last_checked, page_status, page_changed_on and the dated facts of every course; gone pages
    into the review queue.

    last_checked is honest: the last fetch at which the page still agreed with what is shown.
    Where the page now says something else and that reading waits (for a person, or for a
    second crawl to agree), last_checked stays at the last fetch before it first said so, and
    page_changed_on / page_change_waits_for say when it changed and what the new value waits for."""
    conn.execute("""UPDATE courses SET last_checked = (
                        SELECT substr(MAX(f.fetched_at), 1, 10) FROM crawl_fetches f
                        WHERE f.course_id = courses.id AND f.url = courses.url AND f.outcome IN ('ok', 'not_modified')
                          AND (? IS NULL OR f.fetched_at < ?))""", (limit, limit))
    for course_id, (since, what) in sorted(pending.items()):
        conn.execute("""UPDATE courses SET page_changed_on = ?, page_change_waits_for = ?, last_checked = (
                            SELECT substr(MAX(f.fetched_at), 1, 10) FROM crawl_fetches f
                            WHERE f.course_id = courses.id AND f.url = courses.url
                              AND f.outcome IN ('ok', 'not_modified') AND f.fetched_at < ?)
                        WHERE id = ?""", (since[:10], what, since, course_id))
    listings = {r[0].rstrip("/") for r in conn.execute("SELECT url FROM provider_listings")}
    for course_id, url, status, new_url, last_checked, last_error in conn.execute(
            """SELECT c.id, c.url, h.status, h.new_url, h.last_checked, h.last_error FROM courses c
               JOIN crawl_link_health h ON h.course_id = c.id AND h.url = c.url ORDER BY c.id""").fetchall():
        if status == "redirected" and new_url and new_url.rstrip("/") in listings:
            status = "replaced by a listing"
        conn.execute("UPDATE courses SET page_status = ? WHERE id = ?", (status, course_id))
        if status in ("gone", "replaced by a listing"):
            conn.execute(
                "INSERT INTO review_queue (id, status, kind, course_id, field, shown_value, shown_source, new_value, url, "
                "seen_at, why) VALUES (?, 'waits for a person', ?, ?, 'url', ?, NULL, ?, ?, ?, ?)",
                (f"{course_id}/page", f"page {status}", course_id, url, new_url, url, last_checked,
                 f"the course page is {status} ({last_error or new_url}); the course is kept, marked, never deleted"))
    for course_id, text in conn.execute("SELECT id, start_dates FROM courses WHERE start_dates IS NOT NULL").fetchall():
        conn.execute("UPDATE courses SET start_date_iso = ? WHERE id = ?", (start_date_iso(text), course_id))
    _write_starts_known(conn)


def _write_starts_known(conn):
    """courses.starts_known: every start any start_dates value of the course gives (a seed, a stored
    copy, a promoted page reading, old or new), as a sorted JSON list of YYYY-MM / YYYY-MM-DD.
    Deadlines, openings of applications, publication and end dates are not starts."""
    starts = {}
    for course_id, value in conn.execute("SELECT course_id, value FROM course_facts WHERE field = 'start_dates'"):
        found = starts.setdefault(course_id, set())
        found.update(d["date"] for d in dates(value) if d["role"] in ("start", None))
    conn.executemany("UPDATE courses SET starts_known = ? WHERE id = ?",
                     [(json.dumps(sorted(found)), course_id) for course_id, found in sorted(starts.items()) if found])


def _write_fact_sources(conn, confirmed=None):
    """course_fact_sources: {field: {source_id, kind, section, url, fetched_at, confirmed_at}} of each
    shown fact; confirmed_at: the last fetch at which the course's page gave the shown value."""
    confirmed = confirmed or {}
    sources = {}
    for course_id, field, source_id, kind, section, url, fetched_at in conn.execute(
            """SELECT course_id, field, source_id, source_kind, section, url, fetched_at FROM course_facts
               WHERE shown = 1 ORDER BY course_id, field"""):
        given = {"source_id": source_id, "kind": kind, "section": section, "url": url, "fetched_at": fetched_at,
                 "confirmed_at": confirmed.get((course_id, field))}
        sources.setdefault(course_id, {})[field] = {k: v for k, v in given.items() if v is not None}
    for fields in sources.values():
        if fields.get("cost", {}).get("kind") == "crawl" and "fee_gbp" not in fields:  # the fee in pounds was read from the same page
            fields["fee_gbp"] = fields["cost"]
    conn.executemany("INSERT INTO course_fact_sources (course_id, fact_sources) VALUES (?, ?)",
                     [(k, json.dumps(v, ensure_ascii=False, sort_keys=True)) for k, v in sorted(sources.items())])
