class UserError(Exception):
    """Bad input from the person at the keyboard: shown as one line, exit code 2."""

    exit_code = 2
