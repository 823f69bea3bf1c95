"""Command-line options that several `python -m recommender` commands share."""
from recommender.catalogue.reader import default_db_path


def add_output_and_db(parser, json_help, csv_help):
    """--json or --csv (one of them, or neither for the table), and --db."""
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help=json_help)
    out.add_argument("--csv", action="store_true", help=csv_help)
    parser.add_argument("--db", default=None, metavar="PATH",
                        help=f"the catalogue database (default: {default_db_path()}; or set IMH_CATALOGUE_DB)")


def today_date(text):
    """An argparse type: --today as an ISO date string (a bad one: one line, exit 2)."""
    import argparse

    import course_dates

    try:
        return course_dates.parse_today(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--today ")) from None


def add_today(parser, what="the answer"):
    """--today YYYY-MM-DD: the day dated facts are read for (default: the real date)."""
    parser.add_argument("--today", type=today_date, default=None, metavar="YYYY-MM-DD",
                        help=f"the date {what} is for (default: today's date): a start before it is the last "
                             "known intake, a fee for another academic year is not current, funding that "
                             "ended before it is not funded. Tests and reports give a fixed date")
