"""What a test reads back from a catalogue: the rows of one SQL query, as dicts."""
import sqlite3


def rows(db, sql, *params):
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()
