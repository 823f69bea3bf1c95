"""Command-line options that several `python -m recommender` commands share."""
from recommender.catalogue import default_db_path


def add_output_and_db(parser, json_help, csv_help):
    """--json or --csv (one of them, or neither for the table), and --db."""
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help=json_help)
    out.add_argument("--csv", action="store_true", help=csv_help)
    parser.add_argument("--db", default=None, metavar="PATH",
                        help=f"the catalogue database (default: {default_db_path()}; or set IMH_CATALOGUE_DB)")
