class UserError(Exception):
    """Bad input from the person at the keyboard: shown as one line, exit code 2."""

    exit_code = 2


def shown_words(text, most=80):
    """A person's words as a message repeats them: whole up to `most` characters, else cut with an ellipsis."""
    return text if len(text) <= most else text[:most - 1].rstrip() + "\u2026"
