"""Reading the CSV files planners give (`roster`, `assess` and its --roster): the text, size-capped,
and its rows with anything in them. The column meanings stay with each file's reader.
"""
import csv
import io

from recommender.catalogue.errors import UserError

MAX_CSV_BYTES = 20_000_000   # 50,000 people are about 3 MB; read in chunks, never more than this
CHUNK_BYTES = 1 << 20


def read_text(path, what="roster"):
    """A CSV file's text, read in chunks and refused past MAX_CSV_BYTES (so /dev/zero ends at once);
    UserError, naming `what` the file is, when it cannot be used at all."""
    article = "an" if what[:1] in "aeiou" else "a"
    try:
        chunks, size = [], 0
        with open(path, "rb") as handle:
            while chunk := handle.read(CHUNK_BYTES):
                size += len(chunk)
                if size > MAX_CSV_BYTES:
                    raise UserError(f"{path} is larger than {MAX_CSV_BYTES // 1_000_000} MB: {article} {what} has "
                                    "one short line per row; split it into smaller files")
                chunks.append(chunk)
        return b"".join(chunks).decode("utf-8-sig")
    except FileNotFoundError:
        raise UserError(f"{what} file not found: {path}") from None
    except IsADirectoryError:
        raise UserError(f"{path} is a directory, not {article} {what} CSV file") from None
    except UnicodeDecodeError:
        raise UserError(f"{path} is not UTF-8 text: save the {what} as CSV (UTF-8)") from None
    except OSError as exc:
        raise UserError(f"cannot read the {what} {path}: {exc.strerror or exc}") from None


# What a planner writes in a cell for "we do not know": read as a blank cell (unknown, asked where it matters),
# never refused as a bad value nor read as a word. Compared after lower-casing and joining spaces.
UNKNOWN_CELLS = frozenset({"unknown", "not known", "?", "??", "n/k", "nk", "n/a", "na", "-", "\u2013", "\u2014",
                           "tbc", "tbd", "don't know", "dont know", "do not know", "not sure"})
# The separators a spreadsheet may save a "CSV" with: comma (the format), semicolon (Excel where the decimal
# mark is a comma), tab (a pasted or "Unicode text" export). The header line decides.
SEPARATORS = (",", ";", "\t")


def separator(text):
    """The file's separator: the one of SEPARATORS the header (first line with text) has most of; a comma
    when it has none (a one-column header)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: first.count(sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda sep: counts[sep])
    return best if counts[best] > counts[","] else ","


def blank_if_unknown(cell):
    """A cell's text stripped, or "" where it says the value is not known (UNKNOWN_CELLS)."""
    text = cell.strip()
    return "" if " ".join(text.lower().replace("\u2019", "'").split()) in UNKNOWN_CELLS else text


def whole_number(text):
    """A count written as a spreadsheet may write it: '1200', '1,200', '1 200', '12.0'; None when it is not
    a whole number (so '12.5', '-3', 'twelve' are the caller's one-line refusal)."""
    plain = text.strip().replace("\u00a0", "").replace(" ", "")
    if plain.count(",") and all(len(group) == 3 for group in plain.split(",")[1:]) and plain.split(",")[0]:
        plain = plain.replace(",", "")
    if plain.endswith(".0"):
        plain = plain[:-2]
    return int(plain) if plain.isdigit() else None


def rows_with_content(text, label, strict=False):
    """(line number, cells) for each row of CSV text with anything in a cell, blank rows skipped;
    text that is not CSV is a UserError naming `label` and the line. Comma-separated, or semicolon- or
    tab-separated where the header line is (see separator)."""
    text = text.lstrip("\ufeff")  # a byte order mark (Excel's "CSV UTF-8") however the text arrived
    reader = csv.reader(io.StringIO(text), strict=strict, delimiter=separator(text))
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                yield reader.line_num, row
    except csv.Error as exc:
        raise UserError(f"{label}: line {reader.line_num}: not readable as CSV ({exc})") from None


def header_names(header, header_line, columns, normalise, label, help_text):
    """The column name each header cell means (None for a blank cell), through `columns` after
    `normalise`. The one header check for every CSV input (roster, assess, assess --roster): an
    unknown column or a column given twice (`rating,rating`, or `rating,rag`, two names for one
    column: which one counts would be a guess) is a UserError naming the line and the column
    numbers, never read with the last one winning."""
    names, first = [], {}
    for number, cell in enumerate(header, start=1):
        if not cell.strip():
            names.append(None)
            continue
        name = columns.get(normalise(cell))
        if name is None:
            raise UserError(f"{label}: line {header_line}: unknown column {cell.strip()!r} (column {number}): "
                            f"the columns are {help_text}")
        if name in first:
            earlier, earlier_cell = first[name]
            same = "is given twice" if normalise(earlier_cell) == normalise(cell) else \
                f"names the same column as {earlier_cell.strip()!r} (column {earlier})"
            raise UserError(f"{label}: line {header_line}, columns {earlier} and {number}: {cell.strip()!r} {same}; "
                            "keep one column of each")
        first[name] = (number, cell)
        names.append(name)
    return names


def check_row_count(count, most, label, what):
    """UserError past `most` rows of one file (the work a file may ask for is bounded)."""
    if count > most:
        raise UserError(f"{label} has more than {most:,} {what}: split it into smaller files")


def raise_first(errors):
    """A file's line errors ("FILE: line 4: ...") as one UserError: the first, and how many more
    lines have errors (every bad row is found, one is shown); nothing when there are none."""
    if errors:
        more = f" ({len(errors) - 1} more line{'s' if len(errors) > 2 else ''} with errors)" if len(errors) > 1 else ""
        raise UserError(errors[0] + more)


def named_rows(lines, header, names, most, label, what, strict=False):
    """[(line, {column: value})] of the rows after the header (`names`: header_names' answer), at
    most `most` of them. A row with more fields than the header is (line, the words saying so), or
    with `strict` a UserError naming its line."""
    rows = []
    for line, row in lines:
        if len(row) > len(header):
            words = f"{len(row)} fields but the header has {len(header)} (a comma inside a value needs quotes)"
            if strict:
                raise UserError(f"{label}: line {line}: {words}")
            rows.append((line, words))
            continue
        rows.append((line, {name: blank_if_unknown(cell) for name, cell in zip(names, row) if name}))
        check_row_count(len(rows), most, label, what)
    return rows
