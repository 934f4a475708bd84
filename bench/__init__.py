"""Benchmarks (issue 13): one command each, ``python bench/<name>.py --help``; results in bench/README.md.

A package so that the scripts share ``bench.common`` and the CI smoke test (tests/test_bench_smoke.py) can
import ``bench.smoke``.
"""
