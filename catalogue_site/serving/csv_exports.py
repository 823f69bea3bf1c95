"""CSV exports a spreadsheet opens as text: no cell runs as a formula.

Datasette writes `.csv` answers itself (every table and query, e.g. crawl_changes and the
what_changed query, whose values come from providers' pages). This ASGI wrapper reads each
`.csv` answer and writes it again with recommender.output.csv_cells.safe_cell: a cell starting with
=, +, -, @, tab or carriage return gets a leading apostrophe; plain numbers stay as they are.
The answer is held whole for this (its size is bounded by limits.MAX_RESPONSE_BYTES).

With `_plain=1` (the "Download as a spreadsheet" link of a planner's question page) the CSV is the page
as a spreadsheet: the page's columns and headings ("Fee (£)", "Funded?"), money as money, codes as
words, yes/no, sources by title and unknown as "not known" (words/cells.py: plain_rows, which reads numbers
through recommender/output/formatting.py). Without it the CSV is the data as stored, for analysts.
"""
import csv
import io

from urllib.parse import parse_qs

from recommender.output.csv_cells import safe_row

from ..words.cells import plain_rows


def rewrite(body, plain=False):
    text = body.decode("utf-8", "replace")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    rows = csv.reader(io.StringIO(text, newline=""))
    for row in (plain_rows(rows) if plain else rows):
        writer.writerow(safe_row(row))
    return out.getvalue().encode("utf-8")


def asgi_wrapper():
    def wrap(app):
        async def safe_csv(scope, receive, send):
            if scope["type"] != "http" or not scope.get("path", "").endswith(".csv"):
                return await app(scope, receive, send)
            held = {"start": None, "body": []}

            async def holding_send(message):
                if message["type"] == "http.response.start":
                    held["start"] = message
                    return
                if message["type"] != "http.response.body":
                    return await send(message)
                held["body"].append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                start = held["start"]
                body = b"".join(held["body"])
                if start["status"] == 200:
                    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
                    body = rewrite(body, plain=query.get("_plain", [""])[0] == "1")
                headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
                headers.append((b"content-length", str(len(body)).encode()))
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": body})

            await app(scope, receive, holding_send)

        return safe_csv

    return wrap
