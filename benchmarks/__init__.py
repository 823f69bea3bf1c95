"""The benchmarks (run as scripts: python benchmarks/bench_*.py); tests import benchmarks.synthetic."""
