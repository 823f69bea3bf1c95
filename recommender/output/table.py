"""Plain-text tables that fit an 80-column terminal: wide columns wrap, never overflow."""
import textwrap
from recommender.catalogue.records import record

WIDTH = 80


@record(frozen=True)
class Column:
    header: str
    min_width: int = 4
    wraps: bool = True       # may be narrowed and wrapped
    align: str = "<"         # "<" or ">"


def render(columns, rows, width=WIDTH, gap=1, indent=0, notes=None, note_indent=4):
    """Lines of a table of `rows` (lists of cell values) under `columns`, each at most `width` wide.

    notes: optional text per row, wrapped across the full width under the row.
    """
    cells = [["" if v is None else str(v) for v in row] for row in rows]
    natural = [max([len(c.header)] + [max((len(line) for line in r[i].splitlines()), default=0) for r in cells])
               for i, c in enumerate(columns)]
    widths = list(natural)
    budget = width - indent - gap * (len(columns) - 1)
    while sum(widths) > budget:
        wrappable = [i for i, c in enumerate(columns) if c.wraps and widths[i] > c.min_width]
        if not wrappable:
            break
        widest = max(wrappable, key=lambda i: widths[i])
        widths[widest] -= 1
    headers = [_wrap(c.header, widths[i]) for i, c in enumerate(columns)]
    lines = [_line(columns, widths, headers, gap, indent, n) for n in range(max(len(h) for h in headers))]
    lines.append(" " * indent + (" " * gap).join("-" * w for w in widths))
    for position, row in enumerate(cells):
        wrapped = [_wrap(value, widths[i]) for i, value in enumerate(row)]
        for n in range(max(len(w) for w in wrapped)):
            lines.append(_line(columns, widths, wrapped, gap, indent, n))
        note = notes[position] if notes else None
        if note:
            lines.extend(paragraph(note, width, " " * (indent + note_indent)))
    return [line.rstrip() for line in lines]


def _wrap(value, width):
    out = []
    for paragraph in value.splitlines() or [""]:
        # wrap at spaces; a word longer than the column is split only when nothing else fits
        out.extend(textwrap.wrap(paragraph, width, break_long_words=True, break_on_hyphens=False) or [""])
    return out


def _line(columns, widths, wrapped, gap, indent, n):
    parts = []
    for column, w, lines in zip(columns, widths, wrapped):
        text = lines[n] if n < len(lines) else ""
        parts.append(f"{text:{column.align}{w}}")
    return " " * indent + (" " * gap).join(parts)


def paragraph(text, width=WIDTH, indent="", subsequent=None):
    """A wrapped paragraph as lines."""
    return textwrap.wrap(text, width, initial_indent=indent,
                         subsequent_indent=indent if subsequent is None else subsequent) or [indent.rstrip()]


def checked(last_checked):
    """When a course's page was last confirmed by a crawl, in words: "checked 2026-11-30" or "not yet checked"."""
    return (f"provider page checked {last_checked}" if last_checked
            else "provider page not yet checked (facts from the source documents)")
