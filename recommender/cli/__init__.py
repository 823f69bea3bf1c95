"""The command line: one module per `python -m recommender` command, each parsing its arguments and printing.

May import: recommender.advice, recommender.workforce, recommender.catalogue, recommender.output, course_dates, scaling_model

Each command module has `configure(parser)` (its options) and `run(args) -> int` (ask the room
below, print the answer); recommender/__main__.py imports only the one that runs. The answers
themselves live in recommender.advice and recommender.workforce; `options` holds the options
several commands share (--json/--csv/--db, --today).
"""
