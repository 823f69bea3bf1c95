"""Wall-clock and CPU time of a whole command, run afresh RUNS times.

On a machine other work shares, the wall clock grows with the queue for the cores; the CPU
time the process itself used (user + system, from getrusage of the finished child) stays near
what the wall clock is on a quiet machine. docs/benchmarks.md quotes both.

    .venv/bin/python benchmarks/cpu_time.py 5 .venv/bin/python -m recommender recommend --profession HV --level 1
"""
import resource
import statistics
import subprocess
import sys
import time


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) < 2 or not argv[0].isdigit():
        raise SystemExit("usage: cpu_time.py RUNS COMMAND [ARGS...]")
    runs, command = int(argv[0]), argv[1:]
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    print(f"wall median {statistics.median(walls) * 1000:.0f} ms (min {min(walls) * 1000:.0f}); "
          f"CPU median {statistics.median(cpus) * 1000:.0f} ms (min {min(cpus) * 1000:.0f}), {runs} runs")


if __name__ == "__main__":
    main()
