"""`python -m crawler build|crawl|review ...`."""
import argparse
import sys
from pathlib import Path


class OneLineParser(argparse.ArgumentParser):
    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def main(argv=None):
    from crawler.catalogue.build import DEFAULT_DB

    parser = OneLineParser(prog="python -m crawler", description="Build and crawl the infant mental health training catalogue.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    b = sub.add_parser("build", help="build catalogue.db from the reference files in crawler/reference/",
                       description="Build catalogue.db from crawler/reference/*.yaml. Writes a new file and replaces "
                       "the old one only when complete; crawl history comes from the results in data/crawls "
                       "(runs the old catalogue holds and no file holds are saved there first).")
    b.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"database to write (default: {DEFAULT_DB.name} at the repository root)")
    b.add_argument("--reference", type=Path, default=None, help="folder of reference YAML files (default: crawler/reference)")
    b.add_argument("--results", type=Path, default=None, metavar="DIR",
                   help="folder of crawl results, *.jsonl (default: data/crawls beside the catalogue)")
    b.add_argument("--today", default=None, metavar="YYYY-MM-DD",
                   help="build the catalogue as it stood at the end of this day: the currency policy reads only "
                        "the crawls made by then (later ones stay in the history, unused). Default: today's date. "
                        "What the stored dates mean on a day is for the readers' own --today")
    try:
        from crawler import crawl_command
    except ImportError:
        crawl_command = None
    if crawl_command is not None:
        c = sub.add_parser("crawl", help="revisit every provider page and record what changed",
                           description=crawl_command.__doc__)
        crawl_command.configure(c)
    from crawler.catalogue import review

    r = sub.add_parser("review", help="the review queue: changed, promoted, waiting for a person; decide",
                       description=review.__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    review.configure(r)
    args = parser.parse_args(argv)
    if args.command == "review":
        return review.run(args)
    if args.command == "build":
        return _build(args)
    if args.command == "crawl":
        return crawl_command.run(args)
    parser.print_help()
    return 2


def _build(args):
    import sqlite3

    from crawler.catalogue.reference import reference_data
    from crawler.catalogue.build import BuildError, build

    if not args.db.parent.is_dir():
        print(f"build failed: there is no folder {args.db.parent} to write {args.db.name} in; create it or give another --db",
              file=sys.stderr)
        return 1
    import course_dates

    try:
        today = course_dates.today_or_now(args.today)
    except ValueError as exc:
        print(f"python -m crawler build: error: {exc}", file=sys.stderr)
        return 2
    try:
        counts = build(args.db, args.reference or reference_data.REFERENCE_DIR, args.results, today=today)
    except reference_data.ReferenceDataError as exc:
        print(f"build failed, {args.db} left untouched: {exc}", file=sys.stderr)
        return 1
    except (BuildError, OSError, ValueError, sqlite3.Error) as exc:
        hint = " (is the disk full or the folder read-only?)" if isinstance(exc, (OSError, sqlite3.OperationalError)) else ""
        print(f"build failed, {args.db} left untouched: {exc}{hint}", file=sys.stderr)
        return 1
    summary = ", ".join(f"{counts[t]} {t}" for t in ("courses", "providers", "professions", "routes", "eligibility_rules") if t in counts)
    print(f"built {args.db}: {summary}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # e.g. `python -m crawler crawl --list | head`
        sys.stderr.close()
        sys.exit(0)
