"""Figures for docs/security.md, issue 27: site SQL functions under hostile requests.

Serves the shipped catalogue.db with `datasette serve` (the options of scripts/serve) on
127.0.0.1, sends two hostile 200-column SELECTs of matched_profession() on 98 KB strings and
one at the 200-character cap at once, times the home page and `select 1` meanwhile, and
prints each request's time and the server's peak memory (VmHWM).

    .venv/bin/python benchmarks/bench_hostile_round_two.py
"""
import json
import re
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def datasette_argv(db_path):
    """`datasette serve` options as scripts/serve gives them (its --setting NAME VALUE pairs)."""
    text = (ROOT / "scripts" / "serve").read_text(encoding="utf-8")
    argv = [str(db_path), "-m", str(ROOT / "metadata.yml")]
    for name, value in re.findall(r"--setting (\w+) (\d+)", text):
        argv += ["--setting", name, value]
    return argv

WIDE_HOSTILE = ("with w(s) as (select hex(zeroblob(49000))) select "
                + ", ".join(f"matched_profession(s || '{n}')" for n in range(200)) + " from w")
WIDE_AT_THE_CAP = ("with w(s) as (select substr(hex(randomblob(100)), 1, 196)) select "
                   + ", ".join(f"matched_profession(s || '{n:03d}')" for n in range(200)) + " from w")


def get(url):
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=120) as r:
            status = r.status
            r.read()
    except urllib.error.HTTPError as exc:
        status = exc.code
    return status, time.perf_counter() - started


def main():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "datasette"), "serve", *datasette_argv(ROOT / "catalogue.db"),
                               "--host", "127.0.0.1", "--port", str(port)], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        get(base + "/")
        results = {}

        def probe(name, query):
            results[name] = get(base + "/catalogue.json?" + urllib.parse.urlencode({"sql": query}))

        threads = [threading.Thread(target=probe, args=(n, q)) for n, q in
                   (("hostile 98 KB x 200 (1)", WIDE_HOSTILE), ("hostile 98 KB x 200 (2)", WIDE_HOSTILE),
                    ("200 characters x 200 (at the cap)", WIDE_AT_THE_CAP))]
        for t in threads:
            t.start()
        time.sleep(0.1)
        results["home page meanwhile"] = get(base + "/")
        results["select 1 meanwhile"] = get(base + "/catalogue.json?sql=select+1")
        for t in threads:
            t.join()
        results["at the cap, alone"] = get(base + "/catalogue.json?" + urllib.parse.urlencode({"sql": WIDE_AT_THE_CAP}))
        peak = next(line.split()[1] for line in Path(f"/proc/{server.pid}/status").read_text().splitlines()
                    if line.startswith("VmHWM"))
        for name, (status, seconds) in results.items():
            print(f"{name:<36} {status}  {seconds:6.2f} s")
        print(f"datasette peak memory (VmHWM): {int(peak) / 1024:.0f} MB")
        print(json.dumps({k: [v[0], round(v[1], 3)] for k, v in results.items()}))
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
