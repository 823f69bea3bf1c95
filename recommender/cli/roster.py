"""`python -m recommender roster FILE.csv [--json|--csv]`: best options for every person, with a summary.

The file is read in chunks up to 20 MB (recommender/workforce/csv_files.py); a bigger one is refused in one line.
`--csv` cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR) start with an
apostrophe (recommender/output/csv_cells.py).

The CSV has a header line and one row per person. Columns (any order, case-insensitive):
profession and level (required), and optionally target, stage, registration (several
separated by ";"), degree, experience (or experience_years), and name (echoed back).
A malformed row is reported on stderr by its line number and the rest are processed;
the exit code is then 1 (0 when every row was processed). An empty or unreadable file,
or one where no row could be processed, is one line on stderr and exit code 2.
The answer is recommender.workforce.roster's; this module parses the options and prints.
"""
import json
import sys

from recommender.catalogue.errors import UserError
from recommender.cli.options import add_output_and_db, add_today
from recommender.output import formatting, table


def configure(parser):
    parser.add_argument("file", metavar="FILE.csv",
                        help="header line, then one row per person: profession, level[, target, stage, "
                             "registration, degree, experience, name]; a level left blank or ? is not known: "
                             "the person is answered as at level 0 and the table marks it ?")
    add_output_and_db(parser, "print one JSON object: people, summary, errors",
                      "print CSV: one row per person, then summary rows")
    add_today(parser, "the roster's answers are")


def run(args):
    from recommender.advice.recommendation import recommender_for
    from recommender.workforce.roster import read_rows, roster, write_csv

    rows = read_rows(args.file)
    recommender = recommender_for(args.db)
    result = roster(recommender, rows, today=args.today)
    for error in result["errors"]:
        print(f"{args.file}: line {error['line']}: {error['error']}", file=sys.stderr)
    if not result["people"]:
        raise UserError(f"no row of {args.file} could be processed (see the line errors above)")
    if args.json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")  # one shot, compact: the C encoder
    elif args.csv:
        write_csv(result, sys.stdout)
    else:
        sys.stdout.write("\n".join(render(result)) + "\n")
    return 1 if result["errors"] else 0


def render(result):
    verdict = {"eligible": "", "eligible_if": " (if)"}
    lines = [f"PEOPLE ({len(result['people'])} processed, {formatting.count(len(result['errors']), 'row')} with errors)"]
    lines += table.render(
        [table.Column("Line", 4, False, ">"), table.Column("Profession", 12), table.Column("Lvl", 3, False),
         table.Column("Best courses and open routes", 30)],
        [[p["line"], p["profession"]["matched"] + (f" [{p['name']}]" if p["name"] else ""),
          f"{'?' if p['aimh_level'] is None else p['aimh_level']}->{p['target_level']}",
          "; ".join(c["title"] + verdict[c["verdict"]] for c in p["best_courses"])
          + ("\nroutes: " + "; ".join(r["name"] + verdict[r["verdict"]] for r in p["routes"]) if p["routes"] else "")]
         for p in result["people"]])
    not_given = [p for p in result["people"] if p["aimh_level"] is None]
    if not_given:
        lines += table.paragraph(
            f"?: AiMH level not given for {formatting.count(len(not_given), 'person', 'people')} "
            f"(line{'s' if len(not_given) > 1 else ''} "
            f"{', '.join(str(p['line']) for p in not_given[:10])}{', ...' if len(not_given) > 10 else ''}): "
            "answered as level 0, none yet; add it in the level column to be sure")
    for kind, label in (("courses", "COURSES"), ("routes", "ROUTES")):
        lines += ["", f"{label}: how many of the {formatting.count(result['summary']['people'], 'person', 'people')} "
                      "are eligible"]
        lines += table.render(
            [table.Column("Course" if kind == "courses" else "Route", 30), table.Column("Eligible", 8, False, ">"),
             table.Column("If", 6, False, ">"), table.Column("Not", 6, False, ">")],
            [[item.get("title") or item.get("name"), item["eligible"], item["eligible_if"], item["not_eligible"]]
             for item in result["summary"][kind]])
    return lines
