"""What every benchmark shares: timing a whole process, median and spread, saving results.

Results go to benchmarks/out/results/NAME.json (gitignored); docs/benchmarks.md quotes them
with the command that produced them.
"""
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
RESULTS = OUT / "results"
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
SIZES = (500, 5_000, 50_000)


def catalogue_path(size):
    """Synthetic catalogues are named catalogue.db in their own folder, so Datasette calls them
    `catalogue` and the project's metadata.yml applies to them unchanged."""
    return OUT / f"catalogue-{size}" / "catalogue.db"


def reference_path(size):
    return OUT / f"reference-{size}"


def time_process(argv, runs, env=None, cwd=ROOT, check=True):
    """Wall-clock seconds of each of `runs` whole-process runs of argv."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - start)
        if check and proc.returncode != 0:
            raise SystemExit(f"{' '.join(map(str, argv))} failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    return times


def summary(values):
    """Median and spread of a list of numbers, as a dict."""
    values = sorted(values)
    return {"runs": len(values), "median": statistics.median(values), "min": values[0], "max": values[-1],
            "stdev": statistics.stdev(values) if len(values) > 1 else 0.0, "values": values}


def save(name, result):
    """Write results/NAME.json; sizes measured by an earlier call and not by this one are kept."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    if path.exists() and "sizes" in result:
        old = json.loads(path.read_text(encoding="utf-8")).get("sizes") or {}
        result = {**result, "sizes": {**old, **result["sizes"]}}
    result = {"benchmark": name, "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
              "machine": f"{os.cpu_count()} cores, {sys.platform}", **result}
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return path


def ms(seconds):
    return f"{seconds * 1000:.0f} ms"


def fmt(s, unit=ms):
    """'median (min-max, n runs)' for a summary dict of seconds."""
    return f"{unit(s['median'])} (min {unit(s['min'])}, max {unit(s['max'])}, {s['runs']} runs)"
