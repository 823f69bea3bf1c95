"""`python -m recommender recommend`: eligible courses, routes and pathways for one practitioner."""
import argparse
import sys

from recommender.output import jsonout
from recommender.cli.options import add_today
from recommender.catalogue.objects import DEGREES, STAGES
from recommender.catalogue.reader import default_db_path
from recommender.cli.recommend_text import SUMMARY_COURSES, render, render_summary

def number_between(low, high, unit):
    """An argparse type: a finite number from low to high (nan, inf and 1e300 are refused in one line)."""
    import math

    def read(text):
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number of {unit}") from None
        if not math.isfinite(value) or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text!r}: give a number of {unit} from {low} to {high}")
        return value

    read.__name__ = unit
    return read


EXAMPLES = """\
how to read the answer:
  The table starts with a summary that fits one screen: your best courses, the routes
  open to you, the best pathway to your target level and what is missing (what to meet
  or confirm). Add --all for every course, route and pathway with why; add --json for
  one JSON object with reasons, sources and the source's own words (docs/recommender.md).

  Verdicts: "eligible"; "eligible if" (something to meet, or to confirm with the
  provider); "not eligible" (your answers contradict the source's words). A verdict
  never rests on a register or degree only assumed from your profession: say
  --registration and --degree to settle them. "after: ..." under a course names
  what you must complete first (with how long it takes); such a course comes after
  every course you can start now. In --json: to_confirm and to_complete_first.

describe yourself in your own words:
  --profession takes what you would say: "HV", "health visiter", "NQ social worker",
  "senior specialist health visitor", "perinatal mental health nurse", "counsellor (BACP)".
  Career stage (trainee, student, NQ), seniority (senior, consultant, band 6), setting
  (CAMHS, perinatal, community) and a register in brackets ("(HCPC)") are read into your
  profile, not matched. If the words could be two professions, you are asked (exit 2,
  with suggestions) rather than given a guess. A workplace beside the role is read
  as a setting ("HV at a children's centre", "HV in a GP practice"). "Level 3" or
  "L3" beside a job title is your occupational qualification (e.g. a Level 3
  diploma), never your AiMH level, which is --level. Volunteers, support roles and
  non-clinical managers ("family hub manager") have no professional stage; managers
  are also told what leading a trained workforce needs.

examples:
  python -m recommender recommend --profession "health visitor" --level 1
  python -m recommender recommend --profession HV --level 1 --target 3 --funded-only
  python -m recommender recommend --profession "trainee clin psych" --all
  python -m recommender recommend --profession "family support worker" --degree none --json --limit 20
  python -m recommender recommend --profession "nursery nurse level 3"
  python -m recommender recommend --profession "family hub manager"
"""


def configure(parser):
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EXAMPLES
    parser.add_argument("--profession", required=True, metavar="TEXT",
                        help='your profession in your own words: "health visitor", "HV", "trainee clin psych", '
                             '"senior SW (SWE)"')
    parser.add_argument("--level", type=int, choices=range(0, 4), default=None, metavar="0-3",
                        help="your current AiMH level (0 = none yet; not given: taken as 0, and the answer says so)")
    parser.add_argument("--target", type=int, choices=range(1, 4), metavar="1-3",
                        help="the AiMH level you want to reach (default: the next level)")
    parser.add_argument("--stage", choices=STAGES,
                        help="career stage (default: from your words, else from the role: a health visitor is "
                             "qualified; 'none' for a volunteer or support role, which has no professional stage)")
    parser.add_argument("--registration", nargs="+", action="extend", metavar="BODY",
                        help="professional registers you are on (e.g. NMC HCPC UKCP; 'none' for none; "
                             "default: a register named in your words, else the profession's usual register "
                             "when qualified)")
    parser.add_argument("--degree", choices=DEGREES, help="your highest degree")
    parser.add_argument("--experience-years", type=number_between(0, 70, "years"), metavar="N",
                        help="years working professionally with children and families")
    parser.add_argument("--funded-only", action="store_true",
                        help="only courses known to be funded (fully funded, salaried post or free)")
    parser.add_argument("--max-months", type=number_between(0, 600, "months"), metavar="N",
                        help="leave out courses that take longer than N months at the least")
    parser.add_argument("--online", action="store_true", help="only courses known to be online or distance learning")
    parser.add_argument("--all", action="store_true",
                        help="after the summary, list every course, route and pathway with what is missing or why not")
    parser.add_argument("--limit", type=_positive_int, metavar="N",
                        help=f"at most N courses, best first: in the table's summary (default {SUMMARY_COURSES}) and "
                             "list; in --json the courses array (default: all; the summary counts stay whole)")
    parser.add_argument("--json", action="store_true", help="print one JSON object (schema: docs/recommender.md)")
    parser.add_argument("--ics", metavar="FILE",
                        help="also write the best pathway as a calendar (iCalendar) to FILE: each step an event at "
                             "its next known start as of --today, application deadlines as events with a reminder, "
                             "steps with no published date as to-dos linking the provider's page")
    add_today(parser, "the answer is")
    parser.add_argument("--db", default=None, metavar="PATH",
                        help=f"the catalogue database (default: {default_db_path()}; or set IMH_CATALOGUE_DB)")


def _positive_int(text):
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number of courses, not {text!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {text!r}")
    return number


def run(args):
    import gc

    from recommender.advice.recommendation import recommend

    # One answer, then the process ends: Python's cycle collector would only walk the tens of
    # thousands of objects a national catalogue loads, again and again, and free nothing.
    gc.disable()

    if args.ics is not None:
        from recommender.output import ics

        ics.check_path(args.ics)   # a bad path is refused before any work, and nothing is written
    if args.json:
        limit = args.limit
    elif args.all:
        limit = args.limit
    else:
        limit = args.limit or SUMMARY_COURSES
    result = recommend(args.db, args.profession, level=args.level, target=args.target, stage=args.stage,
                       registrations=args.registration, degree=args.degree, experience_years=args.experience_years,
                       funded_only=args.funded_only, max_months=args.max_months, online=args.online, limit=limit,
                       today=args.today)
    if args.ics is not None:
        write_calendar(args.ics, result)
    if args.json:
        # one write of the same text json.dump(indent=2) gives, built without its pure-Python encoder
        sys.stdout.write(jsonout.dumps(result) + "\n")
    else:
        summary_size = min(args.limit or SUMMARY_COURSES, len(result["courses"]))
        lines = render_summary(result, summary_size)
        if args.all:
            lines += [""] + render(result)
        sys.stdout.write("\n".join(lines) + "\n")
    return 0


def write_calendar(path, result):
    """The best pathway of `result` as an iCalendar file at `path` (whole or not at all); one line on stderr."""
    from recommender.output import ics

    best = result["pathways"][0] if result["pathways"] else None
    who = f"a {result['stage']} {result['profession']['matched'].lower()}"
    text = ics.calendar_text(best, result["today"],
                             name=f"Pathway to AiMH level {result['target_level']} for {who} (as of {result['today']})")
    ics.write(path, text)
    steps = best["steps"] if best else []
    dated = sum(1 for s in steps if s.get("start"))
    print(f"calendar written to {path}: {dated} dated step(s), {len(steps) - dated} to-do(s)"
          + ("" if best else " (no pathway reaches the target level yet)"), file=sys.stderr)
