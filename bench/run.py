"""`make bench`: run every benchmark in turn. Each is a script in bench/ with a main()."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import cases_bench, hints_bench, insights_bench, load_bench, typing_bench

BENCHMARKS = [cases_bench, insights_bench, hints_bench, load_bench, typing_bench]


def main() -> int:
    status = 0
    for bench in BENCHMARKS:
        print(f"== {bench.__name__} ==", flush=True)
        status = max(status, bench.main([]))
    return status


if __name__ == "__main__":
    sys.exit(main())
