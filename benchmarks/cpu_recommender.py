"""CPU time (user + system, from getrusage) of the recommender's two benchmark commands, fresh processes.

Wall time on a shared machine measures the queue for the CPU; CPU time measures the work.

    .venv/bin/python benchmarks/cpu_recommender.py [RUNS] [ROSTER_RUNS] [--before TREE DB]

--before TREE DB measures an older checkout too (e.g. `git archive COMMIT recommender crawler | tar -x -C TREE`
and that commit's catalogue.db as DB). The roster file is benchmarks/out/roster-10000.csv (written by
benchmarks/bench_recommender.py).
"""
import resource
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
ROSTER = ROOT / "benchmarks" / "out" / "roster-10000.csv"


def cpu(cwd, args):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([PYTHON, "-m", "recommender", *args], cwd=cwd, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv):
    runs = int(argv[0]) if argv and argv[0].isdigit() else 15
    roster_runs = int(argv[1]) if len(argv) > 1 and argv[1].isdigit() else 2
    trees = [("before", argv[argv.index("--before") + 1], argv[argv.index("--before") + 2])] if "--before" in argv else []
    trees.append(("now", str(ROOT), str(ROOT / "catalogue.db")))
    for label, cwd, db in trees:
        one = [cpu(cwd, ["recommend", "--profession", "health visitor", "--level", "1", "--json", "--db", db])
               for _ in range(runs)]
        roster = [cpu(cwd, ["roster", str(ROSTER), "--json", "--db", db]) for _ in range(roster_runs)]
        print(f"{label}: one answer CPU median {1000 * statistics.median(one):.0f} ms (min {1000 * min(one):.0f}, "
              f"max {1000 * max(one):.0f}, n={runs}); roster 10,000 CPU median {statistics.median(roster):.2f} s "
              f"(n={roster_runs})")


if __name__ == "__main__":
    main(sys.argv[1:])
