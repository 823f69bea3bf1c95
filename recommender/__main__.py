"""`python -m recommender SUBCOMMAND ...`: the command line.

Each subcommand lives in its own module with `configure(parser)` and `run(args) -> int`;
the module is imported only when that subcommand runs, so start-up stays fast.
"""
import argparse
import importlib
import os
import sys

from recommender.catalogue.errors import UserError

COMMANDS = {
    "recommend": ("recommender.cli.recommend", "eligible courses, routes and pathways for one practitioner"),
    "roster": ("recommender.cli.roster", "best options for every person in a CSV, with a summary"),
    "plan": ("recommender.cli.plan", "workforce scaling scenario: the paper's Appendix 2 as a model"),
    "assess": ("recommender.cli.assess", "workforce self-assessment (seed 004's RAG checklist) to a training plan"),
    "area": ("recommender.cli.area", "one area's PAIR teams from its babies aged 0-2: posts, levels, courses, gap"),
}


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage mistake is reported as one line and exit code 2.

    Its help formatters are given their width, worked out as argparse would, so that building
    the parser does not import shutil (and with it zlib, bz2 and lzma): argparse makes a
    formatter for every add_argument, and one without a width imports shutil to ask the
    terminal. That import was 2.3-2.7 ms of a 50 ms `recommend` (issue 25).
    """

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")

    def _get_formatter(self):
        return self.formatter_class(prog=self.prog, width=help_width())


def help_width():
    """argparse's default width: shutil.get_terminal_size().columns - 2 (COLUMNS, else the terminal, else 80)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
        columns = columns or 80
    return columns - 2


def build_parser(command=None, only=False):
    """The parser; `command`'s subcommand configured (every one when None). With only=True, the
    other subcommands are left out altogether (argparse builds a parser for each: 0.7 ms of a
    `recommend`), for a command line that starts with `command` and so never shows the list."""
    parser = OneLineParser(
        prog="python -m recommender",
        description="Infant mental health training: which courses and routes are open to a practitioner, "
        "and what planners need to grow the workforce. Reads catalogue.db.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    for name, (module_name, help_text) in COMMANDS.items():
        if only and name != command:
            continue
        p = sub.add_parser(name, help=help_text, description=help_text)
        if command is None or command == name:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError:
                continue
            module.configure(p)
            p.set_defaults(_module=module)
    return parser


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    command = next((a for a in argv if a in COMMANDS), None)
    parser = build_parser(command, only=bool(argv) and argv[0] == command)
    args = parser.parse_args(argv)
    if not getattr(args, "_module", None):
        parser.print_help()
        return 2
    try:
        code = args._module.run(args) or 0
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not as a traceback at exit
        return code
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # the reader stopped early (| head): not an error
        _silence_stdout()
        return 0
    except OSError as exc:  # writing the answer failed (e.g. /dev/full: no space left on device)
        _silence_stdout()
        print(f"error: cannot write the answer: {exc.strerror or exc}", file=sys.stderr)
        return 1


def _silence_stdout():
    """Point stdout at /dev/null, so Python's own flush at exit does not fail a second time."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
