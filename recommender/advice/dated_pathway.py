"""A pathway in dates: when each step can start and end, as of a day (the `start`, `end` and
`finishes_by` fields of the --json pathways; the calendar of `recommend --ics` is drawn from them).

Steps follow each other. A step's `start` is the earliest known start of it (course_dates.next_start
over the intakes the catalogue knows, `starts_known`) on or after today and after the previous step's
end; its `end` comes from its length (the longer figure where sources give a range), so the next step
never starts before it may have finished. A start is a day (YYYY-MM-DD) or, where the source gives
only a month, a month (YYYY-MM); its end has the same precision. A month-only start counts after a
previous step only when its whole month is after that step's end (the day is not published, so it
may be the 1st).

Unknown stays unknown: a step with no known start to come (a route, a first degree, a course whose
next intake is not published) has `start` null and a `date_note` saying why; so does every step after
it, and after a step of unknown length (its end is unknown). `finishes_by` is the last step's end
where every step is dated, else null.

Standard library and course_dates only: what a date means on a day is course_dates' to say.
"""
import datetime

import course_dates

DAYS_PER_MONTH = 30.44   # the build's months of weeks (docs/data-model.md: weeks = 7/30.44 months)


def _day(iso):
    return datetime.date.fromisoformat(iso if len(iso) == 10 else iso + "-01")


def _add_months(day, months):
    """day + a number of months (whole months by the calendar, the rest as days)."""
    whole = int(months)
    month0 = day.month - 1 + whole
    year, month = day.year + month0 // 12, month0 % 12 + 1
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (following - datetime.timedelta(days=1)).day   # (not the calendar module: it costs start-up time)
    moved = day.replace(year=year, month=month, day=min(day.day, last_day))
    return moved + datetime.timedelta(days=round((months - whole) * DAYS_PER_MONTH))


def step_end(start, months):
    """The last day (or, for a month-only start, the month) of a step of `months` starting at `start`;
    None when its length is unknown."""
    if start is None or months is None:
        return None
    last = _add_months(_day(start), months) - datetime.timedelta(days=1)
    last = max(last, _day(start))
    return last.isoformat() if len(start) == 10 else last.isoformat()[:7]


def day_after(end):
    """The first day a next step may start on: the day after a day, the 1st of the month after a month."""
    if len(end) == 10:
        return (_day(end) + datetime.timedelta(days=1)).isoformat()
    return _add_months(_day(end), 1).isoformat()


def first_start(starts, today, not_before=None):
    """The earliest known start on or after today (course_dates.next_start) and, after a previous step,
    on or after `not_before` (a day); a month-only start then only when its month begins on or after it."""
    if not_before is None:
        return course_dates.next_start(starts, today)
    bound = max(today, not_before)
    return course_dates.next_start([s for s in starts if len(s) == 10 or s + "-01" >= bound], bound)


def date_pathway(pathway, starts_of, today):
    """A copy of one --json pathway with `next_start` (the step's own, as of today), `start`, `end` and
    `date_note` (why a step has no start or end; null when it has both) on each step, and `finishes_by`.
    starts_of(step) -> the known starts of a step (a list of ISO dates / months; [] when none)."""
    steps, not_before, dated = [], None, True
    for step in pathway["steps"]:
        step = dict(step)
        starts = list(starts_of(step) or ())
        step["next_start"] = course_dates.next_start(starts, today)   # its own next intake, chained or not
        if not dated:
            step["start"] = step["end"] = None
            step["date_note"] = "starts after the step before it, whose dates are not known" + (
                f" (its own next intake: {course_dates.month_words(step['next_start'])})" if step["next_start"] else "")
        else:
            start = first_start(starts, today, not_before)
            step["start"] = start
            step["end"] = step_end(start, step.get("duration_months_max"))
            if start is None:
                last = course_dates.last_known_start(starts, today)
                step["date_note"] = (
                    f"no known intake of it starts after the step before it ends (on or after {not_before})"
                    if step["next_start"] else "its next start is not published"
                    + (f" (the last known intake: {course_dates.month_words(last)})" if last else ""))
            elif step["end"] is None:
                step["date_note"] = "its length is not known, so neither is its end"
            else:
                step["date_note"] = None
        dated = dated and step["end"] is not None
        not_before = day_after(step["end"]) if dated else None
        steps.append(step)
    return dict(pathway, steps=steps, finishes_by=steps[-1]["end"] if dated and steps else None)
