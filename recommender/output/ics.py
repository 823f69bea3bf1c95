"""The best pathway as a calendar (`recommend --ics FILE`; the finder's and course pages' download):
an iCalendar file written with the icalendar library, imported only here so that the recommender
starts fast when no calendar is asked for.

From a dated pathway (recommender.advice.dated_pathway):
- each dated step is an all-day event from its start to its end (a month-only start is placed on the
  1st of its month and says the day is not published; a step of unknown length is its first day);
- each known application deadline still to come, before the step's start, is an event with a reminder
  (VALARM) two weeks before and on the day;
- each step with no known date is a to-do (VTODO) that says so and links the provider's page.

`write(path, text)` writes the file whole or not at all: a temporary file beside it, then a rename;
a bad path (a folder, no permission, a missing folder) is a UserError with one line.
"""
import datetime
import os
import tempfile

from recommender.catalogue.errors import UserError

PRODID = "-//imh-training-catalogue//pathway recommender//EN"
REMIND_BEFORE = (datetime.timedelta(days=14), datetime.timedelta(0))


def _day(iso):
    return datetime.date.fromisoformat(iso if len(iso) == 10 else iso + "-01")


def _words(iso):
    import course_dates

    return course_dates.month_words(iso)


def calendar_text(pathway, today, *, name, stamp=None):
    """The iCalendar text (str) of one dated pathway (a --json pathway: steps with start, end,
    date_note, url, applications_close). stamp: DTSTAMP (default: today at midnight UTC, so one
    answer gives one file)."""
    import icalendar

    stamp = stamp or datetime.datetime.combine(_day(today), datetime.time(0, 0), datetime.timezone.utc)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    if not pathway:
        cal.add("x-wr-caldesc", f"No pathway reaches the target level yet (as of {today}): the verdicts say what is missing.")
    steps = pathway["steps"] if pathway else []
    total = len(steps)
    for number, step in enumerate(steps, 1):
        url = step.get("url")
        uid = f"{step['kind']}-{step['id']}-step-{number}@imh-training-catalogue"
        where = f"Step {number} of {total}: {step['name']}" if total > 1 else step["name"]
        if step.get("start"):
            event = icalendar.Event()
            event.add("uid", uid)
            event.add("dtstamp", stamp)
            event.add("summary", where)
            first = _day(step["start"])
            last = _day(step["end"]) if step.get("end") and len(step["end"]) == 10 else (
                _month_end(step["end"]) if step.get("end") else first)
            event.add("dtstart", first)
            event.add("dtend", last + datetime.timedelta(days=1))
            lines = [f"Starts {_words(step['start'])}" + ("" if len(step["start"]) == 10 else
                                                            " (the day is not published: shown on the 1st)")]
            lines.append(f"Ends {_words(step['end'])} (from its length)" if step.get("end") else
                         "Its length is not known, so neither is its end")
            if url:
                lines.append(f"Provider's page: {url}")
                event.add("url", url)
            lines.append(f"Dates as known on {today}: check with the provider before you apply.")
            event.add("description", "\n".join(lines))
            cal.add_component(event)
            close = step.get("applications_close")
            if close and _still_to_come(close, today) and _day(close) <= first:
                deadline = icalendar.Event()
                deadline.add("uid", f"applications-{uid}")
                deadline.add("dtstamp", stamp)
                deadline.add("summary", f"Applications close: {step['name']}")
                deadline.add("dtstart", _day(close))
                deadline.add("dtend", _day(close) + datetime.timedelta(days=1))
                deadline.add("description", f"Applications close {_words(close)}"
                             + ("" if len(close) == 10 else " (the day is not published: shown on the 1st)")
                             + (f" for step {number} of {total}" if total > 1 else "")
                             + f", for the intake starting {_words(step['start'])}."
                             + (f" Provider's page: {url}" if url else ""))
                if url:
                    deadline.add("url", url)
                for before in REMIND_BEFORE:
                    alarm = icalendar.Alarm()
                    alarm.add("action", "DISPLAY")
                    alarm.add("description", f"Applications close {_words(close)}: {step['name']}")
                    alarm.add("trigger", -before)
                    deadline.add_component(alarm)
                cal.add_component(deadline)
        else:
            todo = icalendar.Todo()
            todo.add("uid", uid)
            todo.add("dtstamp", stamp)
            todo.add("summary", f"{where}: next date not published")
            note = step.get("date_note") or "its next start is not published"
            todo.add("description", f"Not in the calendar as an event: {note} (as of {today}). "
                     + (f"Check the provider's page for the next intake: {url}" if url else
                        "Ask the provider or your service for the next intake."))
            if url:
                todo.add("url", url)
            todo.add("status", "NEEDS-ACTION")
            cal.add_component(todo)
    return cal.to_ical().decode("utf-8")


def _still_to_come(iso, today):
    """Whether a day (or a month, until it ends) is today or later: course_dates decides."""
    import course_dates

    return course_dates.next_start([iso], today) == iso


def _month_end(month):
    first = _day(month)
    following = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def check_path(path):
    """Refuse, before any work, a path a calendar cannot be written to (one line each)."""
    text = str(path)
    if not text.strip():
        raise UserError("--ics needs a file name, for example --ics pathway.ics")
    if os.path.isdir(text):
        raise UserError(f"--ics {text} is a folder: give a file name in it, for example {os.path.join(text, 'pathway.ics')}")
    folder = os.path.dirname(os.path.abspath(text))
    if not os.path.isdir(folder):
        raise UserError(f"--ics {text}: the folder {folder} does not exist; create it or give another path")
    if not os.access(folder, os.W_OK | os.X_OK) or (os.path.exists(text) and not os.access(text, os.W_OK)):
        raise UserError(f"--ics {text}: no permission to write there; give a path you can write to")


def write(path, text):
    """Write the calendar whole or not at all (a temporary file beside it, then a rename)."""
    check_path(path)
    folder = os.path.dirname(os.path.abspath(str(path)))
    try:
        handle, temporary = tempfile.mkstemp(prefix=".pathway-", suffix=".ics.part", dir=folder)
    except OSError as exc:
        raise UserError(f"--ics {path}: cannot write there ({exc.strerror or exc}); give another path") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)   # as an ordinary new file (mkstemp makes it private)
        os.replace(temporary, str(path))
    except OSError as exc:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise UserError(f"--ics {path}: cannot write there ({exc.strerror or exc}); give another path") from None
