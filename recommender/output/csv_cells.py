"""Cells that a spreadsheet opens as text, never as a formula.

A CSV cell that starts with =, +, -, @, a tab or a carriage return is run as a formula by
Excel, LibreOffice and Google Sheets ("CSV injection"): a profession typed as
=HYPERLINK(...) in a roster, or a value a hostile page put into the crawl history, would
run on a planner's machine. Such a cell gets a leading apostrophe, the OWASP advice; plain
numbers (-5, 3.5) stay as they are. (defusedcsv does the same for =, +, -, @, | and % but
leaves a leading tab or carriage return alone, so we keep this one function.)
"""
import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def safe_cell(value):
    if value is None or isinstance(value, (int, float)):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def safe_row(row):
    """A dict or a sequence of cells, each made safe."""
    if isinstance(row, dict):
        return {key: safe_cell(value) for key, value in row.items()}
    return [safe_cell(value) for value in row]
