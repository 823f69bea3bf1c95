"""Server-side SVG charts: no JavaScript, no CDN, nothing downloaded by the browser.

One hook: `register_routes`.

  /-/charts                 the charts page, each chart beside a table of its figures
  /-/charts/levels.svg      courses by the AiMH level they build towards, split by duration
  /-/charts/pathway.svg     the best pathways for a profile (the find-courses form's fields)
                            drawn as sequences of steps, from the recommender's own answer
  /-/charts/scaling.svg     cost and children seen by year (scaling_years), when present

The drawing functions are pure (figures in, SVG text out) so they are easy to test.
"""
import asyncio
from html import escape

from datasette.utils.asgi import Response

import recommender

from ..courses.find_courses import answers_from
from ..serving.database import catalogue_database
from ..words.values import months_words as natural
from ..words.values import pathway_length_words, step_length_words
from . import scaling_page

DURATION_BANDS = (  # (label, lowest months inclusive, highest months exclusive)
    ("under 3 months", 0, 3),
    ("3 to 12 months", 3, 12.0001),
    ("1 to 2 years", 12.0001, 24.0001),
    ("over 2 years", 24.0001, 10 ** 6),
)
UNKNOWN = "length not known"
NARROW_WIDTH = 360  # a phone's width in CSS pixels, less the page's margins: text is drawn at its size
BAND_COLOURS = ("#9ecae1", "#4292c6", "#2171b5", "#08306b", "#bdbdbd")
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"'


def duration_band(months_max):
    if months_max is None:
        return UNKNOWN
    for label, low, high in DURATION_BANDS:
        if low <= months_max < high:
            return label
    return UNKNOWN


def svg_document(width, height, title, description, body):
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="t d" {FONT} font-size="13">'
        f'<title id="t">{escape(title)}</title><desc id="d">{escape(description)}</desc>'
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>{body}</svg>'
    )


def stacked_bars_svg(title, groups, series, counts, colours=BAND_COLOURS, width=640, height=300, narrow=False):
    """Vertical stacked bars. groups: bar labels; series: segment labels; counts[group][series] = n.
    narrow: drawn 360 wide for a phone, the title wrapped and the legend below the bars."""
    title_lines = wrap(title, 44, 3) if narrow else [title]
    if narrow:
        width, height = NARROW_WIDTH, 280 + 20 * len(series) + 20 * (len(title_lines) - 1)
    left, right, top = 40, (16 if narrow else 170), 36 + 20 * (len(title_lines) - 1)
    bottom = 48 + (20 * len(series) + 8 if narrow else 0)
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(counts.get(g, {}).values()) for g in groups]
    peak = max(totals + [1])
    step = max(1, -(-peak // 5))
    scale_max = step * -(-peak // step)
    bar_w = plot_w / max(len(groups), 1) * 0.6
    parts = [f'<text x="{8 if narrow else left}" y="{20 + 20 * k}" font-size="15" font-weight="bold">{escape(line)}</text>'
             for k, line in enumerate(title_lines)]
    for tick in range(0, scale_max + 1, step):
        y = top + plot_h - plot_h * tick / scale_max
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e0e0e0"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>')
    for i, group in enumerate(groups):
        x = left + plot_w / len(groups) * (i + 0.2)
        y = top + plot_h
        for s, name in enumerate(series):
            n = counts.get(group, {}).get(name, 0)
            if not n:
                continue
            h = plot_h * n / scale_max
            y -= h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{colours[s % len(colours)]}">'
                         f'<title>{escape(group)}, {escape(name)}: {n}</title></rect>')
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{y - 5:.1f}" text-anchor="middle" font-weight="bold">{totals[i]}</text>')
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 18}" text-anchor="middle">{escape(group)}</text>')
    parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#333"/>')
    for s, name in enumerate(series):
        x, y = (left, top + plot_h + 34 + s * 20) if narrow else (left + plot_w + 16, top + 10 + s * 20)
        parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colours[s % len(colours)]}"/>'
                     f'<text x="{x + 18}" y="{y + 11}">{escape(name)}</text>')
    description = "; ".join(
        f"{g}: {totals[i]} ({', '.join(f'{counts[g][s]} {s}' for s in series if counts.get(g, {}).get(s))})"
        for i, g in enumerate(groups))
    return svg_document(width, height, title, description, "".join(parts))


def bars_svg(title, labels, values, unit_format=str, colour="#2171b5", width=420, height=260):
    """Vertical bars, one per label, each with its value written above it."""
    left, right, top, bottom = 16, 16, 36, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([v for v in values if v is not None] + [1])
    slot = plot_w / max(len(labels), 1)
    parts = [f'<text x="{left}" y="20" font-size="15" font-weight="bold">{escape(title)}</text>']
    for i, (label, value) in enumerate(zip(labels, values)):
        x = left + slot * (i + 0.15)
        h = plot_h * (value or 0) / peak
        y = top + plot_h - h
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" fill="{colour}">'
                     f'<title>{escape(str(label))}: {escape(unit_format(value))}</title></rect>')
        parts.append(f'<text x="{x + slot * 0.35:.1f}" y="{y - 5:.1f}" text-anchor="middle">{escape(unit_format(value))}</text>')
        parts.append(f'<text x="{x + slot * 0.35:.1f}" y="{top + plot_h + 18}" text-anchor="middle">{escape(str(label))}</text>')
    parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#333"/>')
    description = "; ".join(f"{label}: {unit_format(v)}" for label, v in zip(labels, values))
    return f'<g>{"".join(parts)}</g>', description


def stacked_panels_svg(title, panels, width=None, panel_height=260):
    """Panels from bars_svg, one above the other (for a phone)."""
    width = width or NARROW_WIDTH
    body = "".join(f'<g transform="translate(0,{i * panel_height})">{svg}</g>' for i, (svg, _) in enumerate(panels))
    return svg_document(width, panel_height * len(panels), title, " | ".join(d for _, d in panels), body)


def side_by_side_svg(title, panels, width=860, height=260):
    """Panels from bars_svg, side by side in one picture."""
    panel_w = width // max(len(panels), 1)
    body = "".join(f'<g transform="translate({i * panel_w},0)">{svg}</g>' for i, (svg, _) in enumerate(panels))
    return svg_document(width, height, title, " | ".join(d for _, d in panels), body)


def wrap(text, limit=24, lines=None):
    """text broken into lines of at most `limit` characters (a longer word gets a line of its own).
    Nothing is cut: a long label takes more lines (`lines` is kept for callers; it no longer truncates)."""
    words, out, line = str(text).split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > limit:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    out.append(line)
    return out


def vertical_sequence_svg(title, rows, width=None):
    """Pathways for a phone: each pathway's steps drawn top to bottom, one pathway after another."""
    width = width or NARROW_WIDTH
    left, box_w, box_h, gap = 12, (width or NARROW_WIDTH) - 24, 78, 22
    title_lines = wrap(title, 40, 3)
    parts = [f'<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">'
             f'<path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs>']
    parts += [f'<text x="{left}" y="{22 + 20 * k}" font-size="15" font-weight="bold">{escape(line)}</text>'
              for k, line in enumerate(title_lines)]
    y = 22 + 20 * len(title_lines)
    description = []
    for caption, steps in rows:
        y += 12
        parts.append(f'<text x="{left}" y="{y}" font-weight="bold">{escape(caption)}</text>')
        y += 10
        for s, (heading, colour, lines) in enumerate(steps):
            heading_lines = wrap(heading, 40)
            text_lines = heading_lines + list(lines)
            h = max(34, 12 + 15 * len(text_lines))
            parts.append(f'<rect x="{left}" y="{y}" width="{box_w}" height="{h}" rx="8" fill="{colour}" stroke="#333"/>')
            for k, line in enumerate(text_lines):
                weight = ' font-weight="bold"' if k < len(heading_lines) else ""
                parts.append(f'<text x="{left + 8}" y="{y + 18 + k * 15}" font-size="12"{weight}>{escape(line)}</text>')
            y += h
            if s < len(steps) - 1:
                parts.append(f'<line x1="{left + 30}" y1="{y}" x2="{left + 30}" y2="{y + gap - 2}" '
                             f'stroke="#333" stroke-width="2" marker-end="url(#arrow)"/>')
                y += gap
        y += 16
        description.append(f"{caption}: " + " then ".join(h for h, _, _ in steps))
    if not rows:
        y += 20
        parts.append(f'<text x="{left}" y="{y}">No pathway reaches the target level.</text>')
        description.append("No pathway reaches the target level.")
        y += 20
    return svg_document(width, y, title, "; ".join(description), "".join(parts))


def sequence_svg(title, rows, width=760, vertical=False):
    """Pathways as sequences: each row is (caption, [(box heading, box lines...)]) drawn left to right
    (vertical: top to bottom, for a phone)."""
    if vertical:
        return vertical_sequence_svg(title, rows)
    box_w, gap, left = 200, 34, 12
    most_lines = max([len(wrap(heading, 26)) + len(lines) for _, steps in rows for heading, _, lines in steps] + [1])
    box_h = max(78, 16 + 14 * most_lines)
    row_h = box_h + 40
    longest = max([len(steps) for _, steps in rows] + [1])
    width = max(width, left * 2 + longest * box_w + (longest - 1) * gap)
    height = 40 + row_h * max(len(rows), 1)
    parts = [f'<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">'
             f'<path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs>',
             f'<text x="{left}" y="22" font-size="15" font-weight="bold">{escape(title)}</text>']
    description = []
    for r, (caption, steps) in enumerate(rows):
        y = 40 + r * row_h
        parts.append(f'<text x="{left}" y="{y + 12}" font-weight="bold">{escape(caption)}</text>')
        for s, (heading, colour, lines) in enumerate(steps):
            x = left + s * (box_w + gap)
            by = y + 22
            parts.append(f'<rect x="{x}" y="{by}" width="{box_w}" height="{box_h}" rx="8" fill="{colour}" stroke="#333"/>')
            heading_lines = wrap(heading, 26)
            text_lines = heading_lines + list(lines)
            for k, line in enumerate(text_lines):
                weight = ' font-weight="bold"' if k < len(heading_lines) else ""
                parts.append(f'<text x="{x + 8}" y="{by + 16 + k * 14}" font-size="12"{weight}>{escape(line)}</text>')
            if s < len(steps) - 1:
                parts.append(f'<line x1="{x + box_w}" y1="{by + box_h / 2}" x2="{x + box_w + gap - 2}" y2="{by + box_h / 2}" '
                             f'stroke="#333" stroke-width="2" marker-end="url(#arrow)"/>')
        description.append(f"{caption}: " + " then ".join(h for h, _, _ in steps))
    if not rows:
        parts.append(f'<text x="{left}" y="60">No pathway reaches the target level.</text>')
        description.append("No pathway reaches the target level.")
    return svg_document(width, height, title, "; ".join(description), "".join(parts))


VERDICT_COLOURS = {"eligible": "#d9f0d3", "eligible_if": "#fee8c8", "not_eligible": "#fcbba1"}


def months_words(low, high, suffix=""):
    """'7 months', '1 year to 3 years', '3 days' or 'total duration not known' (words/values.py's units)."""
    if not high:
        return "total duration not known"
    if not low:
        words = f"up to {natural(high)}"
    else:
        words = natural(high) if abs(high - low) < 0.05 else f"{natural(low)} to {natural(high)}"
    return f"{words} {suffix}".strip()


def pathway_rows(result, limit=5):
    """The recommender's pathways as rows for sequence_svg."""
    rows = []
    for number, pathway in enumerate(result.get("pathways", [])[:limit], start=1):
        steps = [(f"Level {result.get('aimh_level')}", "#f0f0f0", ["where you are now"])]
        for step in pathway.get("steps", []):
            lines = [f"{step.get('kind', 'step')}: {(step.get('verdict') or '').replace('_', ' ')}",
                     step_length_words(step) or "length not known",
                     "funded" if step.get("funded") else ("not funded" if step.get("funded") is False else "funding not known")]
            steps.append((step.get("name") or step.get("id") or "step",
                          VERDICT_COLOURS.get(step.get("verdict"), "#ffffff"), lines))
        steps.append((f"Level {pathway.get('reaches_level')}", "#f0f0f0", ["reached"]))
        short = pathway_length_words(pathway)   # steps given in hours or days: those, not 0.1 months each
        caption = f"Pathway {number}: " + (f"{short} in all" if short else months_words(
            pathway.get("duration_months_min"), pathway.get("duration_months_max"), "in all"))
        rows.append((caption, steps))
    return rows


async def level_counts(db):
    rows = await db.execute(
        "SELECT aimh_level_target, duration_months_max FROM courses ORDER BY aimh_level_target")
    groups, counts = [], {}
    for level, months in rows:
        group = f"Level {level}" if level is not None else "Level not known"
        if group not in counts:
            groups.append(group)
            counts[group] = {}
        band = duration_band(months)
        counts[group][band] = counts[group].get(band, 0) + 1
    groups.sort(key=lambda g: (g == "Level not known", g))
    return groups, counts


async def scaling_figures(db):
    if "scaling_years" not in set(await db.table_names()):
        return None
    rows = list(await db.execute("SELECT year, total, children_seen FROM scaling_years ORDER BY position"))
    return [(r[0], r[1], r[2]) for r in rows]


def money(value):
    return "unknown" if value is None else f"\u00a3{value / 1e6:.1f}m"


def count(value):
    return "unknown" if value is None else f"{value:,.0f}"


def scaling_svg(figures, narrow=False):
    years = [f[0] for f in figures]
    width = NARROW_WIDTH if narrow else 420
    panels = [bars_svg("Cost by year", years, [f[1] for f in figures], money, "#2171b5", width=width),
              bars_svg("Children seen by year", years, [f[2] for f in figures], count, "#238b45", width=width)]
    title = "Cost and children seen by year (the paper's scaling scenario)"
    return stacked_panels_svg(title, panels) if narrow else side_by_side_svg(title, panels)


def svg_response(svg, status=200):
    return Response(svg, status=status, content_type="image/svg+xml; charset=utf-8",
                    headers={"Cache-Control": "max-age=60"})


def is_narrow(request):
    return (request.args.get("layout") or "") == "narrow"


async def levels_svg(datasette, request):
    db = catalogue_database(datasette)
    groups, counts = await level_counts(db)
    series = [label for label, _, _ in DURATION_BANDS] + [UNKNOWN]
    return svg_response(stacked_bars_svg("Courses by the AiMH level they build towards, by duration", groups, series,
                                         counts, narrow=is_narrow(request)))


async def scaling_chart(datasette, request):
    """The paper's scenario (scaling_years); with the scaling page's inputs in the query string
    (pay_rise, teams...), the scenario the page shows for them, from the same model."""
    db = catalogue_database(datasette)
    figures = await scaling_figures(db)
    if not figures:
        return Response.text("This catalogue holds no scaling scenario (no scaling_years table).", status=404)
    given = {name: (request.args.get(name) or "").strip() or None for name in scaling_page.INPUTS}
    if any(given.values()):
        answer, error = await asyncio.get_running_loop().run_in_executor(
            None, scaling_page.run_scenario, db.path, given)
        if error:
            return Response.text(error, status=400)
        figures = [(y["year"], y["total"], y["children_seen"]) for y in answer["years"]]
    return svg_response(scaling_svg(figures, narrow=is_narrow(request)))


async def pathway_svg(datasette, request):
    form, answers = answers_from(request.args)  # the find-courses page's own reading of the form
    profession = form["profession"]
    if not profession:
        return Response.text("Give a profession, e.g. ?profession=health+visitor&level=1", status=400)
    db = catalogue_database(datasette)

    def run():
        try:
            return recommender.recommend(db.path, profession, **answers), None
        except recommender.UserError as exc:
            return None, str(exc)

    result, error = await asyncio.get_running_loop().run_in_executor(None, run)
    if error:
        return Response.text(error, status=400)
    title = (f"Pathways for a {result['stage']} {result['profession']['matched'].lower()}: "
             f"level {result['aimh_level']} to level {result['target_level']}")
    return svg_response(sequence_svg(title, pathway_rows(result), vertical=is_narrow(request)))


async def charts_page(datasette, request):
    db = catalogue_database(datasette)
    groups, counts = await level_counts(db)
    series = [label for label, _, _ in DURATION_BANDS] + [UNKNOWN]
    figures = await scaling_figures(db)
    html = await datasette.render_template("charts.html", {
        "database": db.name, "groups": groups, "series": series, "counts": counts,
        "scaling": figures, "money": money, "count": count,
    }, request=request)
    return Response.html(html)


def register_routes():
    return [
        (r"^/-/charts$", charts_page),
        (r"^/-/charts/levels\.svg$", levels_svg),
        (r"^/-/charts/pathway\.svg$", pathway_svg),
        (r"^/-/charts/scaling\.svg$", scaling_chart),
    ]
