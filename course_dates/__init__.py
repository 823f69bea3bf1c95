"""What a dated fact means on a given day: the one place the catalogue's "as of today" lives.

The build stores each date-bearing fact as a date (crawler/catalogue/build.py): the intakes a course's
sources give (`starts_known`, YYYY-MM or YYYY-MM-DD), the academic year its fee applies to
(`fee_year`, "2025/26"), when applications close (`applications_close`) and when the funding
a source names ends (`funding_ends`, YYYY-MM-DD). What those mean depends on the day they are
read, so nothing the build writes depends on the clock; the readers ask this package:

- `parse_today(text)` / `today_or_now(text)`: the clock every command takes (`--today
  YYYY-MM-DD`; the site's `today` setting); a bad date raises ValueError with one line.
- `next_start(starts, today)`, `last_known_start(starts, today)`: the earliest known start on
  or after today, the latest before it (a month-only start "2026-01" is still to come on any
  day of January 2026).
- `academic_year(day)`, `fee_current(fee_year, today)`: 1 September to 31 August.
- `funding_ended(funding_ends, today)`: true from the day after the end date.
- `as_of(...)`: every dated field of the recommender's --json for one course or route.
- `course_words(item, today)` (and `month_words`, `start_words`, `fee_year_words`,
  `funding_words`, `applications_words`, `page_change_words`): the same in words, for the
  table, the course pages and the finder.

Used by the recommender (recommender/advice/recommendation.py, recommender/cli/recommend.py) and the site
(catalogue_site), and by the build only to check dates; standard library only, imports
nothing of the project's (docs/architecture.md).
"""
import datetime
import re

TODAY_ENV = "IMH_TODAY"   # the site's (and any reader's) clock when no --today is given
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_YEAR = re.compile(r"^(\d{4})/(\d{2})$")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def parse_today(text):
    """An ISO date 'YYYY-MM-DD' checked to exist, as a string; ValueError with one line otherwise."""
    text = str(text or "").strip()
    if not _DAY.match(text):
        raise ValueError(f"--today must be a date written YYYY-MM-DD (e.g. 2026-12-05), not {text!r}")
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"--today {text!r} is not a day of the calendar; give a real date YYYY-MM-DD") from None
    return text


def today_or_now(text=None):
    """The day answers are given for: `text` (checked), else the real date."""
    return parse_today(text) if text else datetime.date.today().isoformat()


def is_date(text):
    """Whether text is a date the catalogue stores: YYYY-MM-DD or YYYY-MM, and real."""
    text = str(text or "")
    try:
        if _DAY.match(text):
            datetime.date.fromisoformat(text)
            return True
        if _MONTH.match(text):
            datetime.date.fromisoformat(text + "-01")
            return True
    except ValueError:
        return False
    return False


def is_academic_year(text):
    """Whether text is an academic year written "2025/26" (the second year follows the first)."""
    m = _YEAR.match(str(text or ""))
    return bool(m) and (int(m.group(1)) + 1) % 100 == int(m.group(2))


def _on_or_after(start, today):
    """A start (YYYY-MM or YYYY-MM-DD) is still to come on `today` when its day, or for a month its
    month, is today or later."""
    return start >= today[:len(start)]


def next_start(starts, today):
    """The earliest known start on or after today, else None."""
    coming = [s for s in starts or () if _on_or_after(s, today)]
    return min(coming) if coming else None


def last_known_start(starts, today):
    """The latest known start before today, else None."""
    past = [s for s in starts or () if not _on_or_after(s, today)]
    return max(past) if past else None


def academic_year(day):
    """The academic year (1 September to 31 August) a day falls in: '2026-12-05' -> '2026/27'."""
    year, month = int(day[:4]), int(day[5:7])
    first = year if month >= 9 else year - 1
    return f"{first}/{(first + 1) % 100:02d}"


def fee_current(fee_year, today):
    """True while today is in the fee's academic year, False outside it, None when no year is known."""
    if not fee_year:
        return None
    return academic_year(today) == fee_year


def funding_ended(funding_ends, today):
    """True once today is past the funding's last day (the end day itself still funded); None if unknown."""
    if not funding_ends:
        return None
    return today > funding_ends


def funded_on(funded, funding_ends, today):
    """Whether a course or route is funded on `today`: never true once its funding has ended
    (then unknown: the source says the funding it names ended, not whether new funding came)."""
    if funded is True and funding_ended(funding_ends, today):
        return None
    return funded


def as_of(today, *, starts=(), applications_close=None, fee_year=None, funding_ends=None):
    """The dated fields of the --json object for one course (routes use the funding pair)."""
    starts = sorted(set(starts or ()))
    return {"next_start": next_start(starts, today), "last_known_start": last_known_start(starts, today),
            "starts_known": starts, "applications_close": applications_close, "fee_year": fee_year,
            "fee_current": fee_current(fee_year, today), "funding_ends": funding_ends,
            "funding_ended": funding_ended(funding_ends, today)}


# --- in words --------------------------------------------------------------------------------

def month_words(iso):
    """'2026-01' -> 'January 2026'; '2026-01-19' -> '19 January 2026'."""
    if not iso:
        return None
    year, month = int(iso[:4]), int(iso[5:7])
    if len(iso) >= 10:
        return f"{int(iso[8:10])} {MONTHS[month - 1]} {year}"
    return f"{MONTHS[month - 1]} {year}"


day_words = month_words


def start_words(starts, today):
    """The intakes in words as of today: 'next intake 19 January 2026', 'last known intake
    January 2026; the next is not yet published', or None when no start is known."""
    coming, last = next_start(starts, today), last_known_start(starts, today)
    if coming:
        return f"next intake {month_words(coming)}"
    if last:
        return f"last known intake {month_words(last)}; the next is not yet published"
    return None


def fee_year_words(fee_year, today):
    """'2025/26 fee', with '(an earlier academic year; this year's fee is not yet published)' once
    today is past that year (or '(the coming academic year)' before it), or None."""
    if not fee_year:
        return None
    if fee_current(fee_year, today):
        return f"{fee_year} fee"
    if academic_year(today) > fee_year:
        return f"{fee_year} fee (an earlier academic year; this year's fee is not yet published)"
    return f"{fee_year} fee (the coming academic year)"


def page_change_words(page_changed_on, waits_for):
    """'the provider's page changed on 2 December 2026; the new value waits for review', or None."""
    if not page_changed_on:
        return None
    return f"the provider's page changed on {day_words(page_changed_on)}; the new value waits for {waits_for or 'review'}"


def course_words(item, today):
    """The dated facts of one course (or route) of the --json object in words, as a list of
    phrases: intakes, applications, fee year, funding, a page change waiting."""
    out = []
    for said in (start_words(item.get("starts_known") or (), today),
                 applications_words(item.get("applications_close"), today)):
        if said:
            out.append(said)
    if item.get("fee_year"):
        fee = item.get("fee_gbp")
        out.append((f"£{fee:,.0f}, " if isinstance(fee, (int, float)) else "") + fee_year_words(item["fee_year"], today))
    for said in (funding_words(item.get("funding_ends"), today),
                 page_change_words(item.get("page_changed_on"), item.get("page_change_waits_for"))):
        if said:
            out.append(said)
    return out


def funding_words(funding_ends, today):
    """'national funding ended 31 March 2025' / 'national funding ends 31 March 2025', or None."""
    if not funding_ends:
        return None
    verb = "ended" if funding_ended(funding_ends, today) else "ends"
    return f"national funding {verb} {day_words(funding_ends)}"


def applications_words(applications_close, today):
    """'applications close 31 March 2026' / 'applications closed 31 March 2026', or None."""
    if not applications_close:
        return None
    verb = "close" if _on_or_after(applications_close, today) else "closed"
    return f"applications {verb} {month_words(applications_close)}"
