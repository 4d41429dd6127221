"""How well and how fast do free-text hints find the signs in practitioners' notes?

Reads bench/hints_vignettes.yaml (our own invented notes, each tagged with the catalogue signs
it shows) and runs guidance.hints.find_hints on each, filtered by the vignette's age group as
the journey does. Reports, micro-averaged over all signs:

- recall: tagged signs that were hinted / tagged signs;
- precision: hinted signs that were tagged / hinted signs;
- hints per negative vignette (the ones describing no exploitation), where every hint is one
  more thing for the practitioner to reject;

for the tuning set and for the held-out vignettes (written after tuning) separately and
together, then lists every missed and every extra sign. Speed: the median time of
find_hints on a note of 2,000 words built from the vignettes (target < 100 ms), as CPU time
and as wall-clock time; the target is checked on CPU time, because on a shared machine the
wall clock mostly measures how long the process waited for a core (the load is printed).

    .venv/bin/python bench/hints_bench.py [--runs 20] [--quiet]

Pure Python, no database. Exit status 1 if a target is missed (recall >= 0.8, precision >= 0.7
on all vignettes, 2,000 words < 100 ms), so `make bench` shows it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from guidance.catalogue import get_catalogue
from guidance.hints import find_hints, matcher

VIGNETTES = Path(__file__).with_name("hints_vignettes.yaml")
RECALL_TARGET = 0.8
PRECISION_TARGET = 0.7
SPEED_TARGET_MS = 100.0
NOTE_WORDS = 2000


@dataclass
class Tally:
    tagged: int = 0
    hinted: int = 0
    correct: int = 0
    negatives: int = 0
    negative_hints: int = 0
    missed: list[tuple[str, str]] = field(default_factory=list)
    extra: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.correct / self.tagged if self.tagged else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.hinted if self.hinted else 1.0

    @property
    def per_negative(self) -> float:
        return self.negative_hints / self.negatives if self.negatives else 0.0


def load(path: Path = VIGNETTES) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    catalogue = get_catalogue()
    vignettes = data["vignettes"]
    for v in vignettes:
        unknown = [s for s in v["signs"] if s not in catalogue]
        if unknown:
            raise SystemExit(f"{v['id']}: not catalogue ids: {', '.join(unknown)}")
    return vignettes


def score(vignettes: list[dict[str, Any]]) -> Tally:
    tally = Tally()
    for v in vignettes:
        hints = find_hints(v["text"], age_group=v["age"])
        found = {h.indicator: h for h in hints}
        tagged = set(v["signs"])
        tally.tagged += len(tagged)
        tally.hinted += len(found)
        tally.correct += len(tagged & set(found))
        if not v["types"]:
            tally.negatives += 1
            tally.negative_hints += len(found)
        tally.missed += [(v["id"], s) for s in sorted(tagged - set(found))]
        tally.extra += [
            (v["id"], s, " | ".join(e.text for e in found[s].evidence))
            for s in sorted(set(found) - tagged)
        ]
    return tally


def long_note(vignettes: list[dict[str, Any]], words: int = NOTE_WORDS) -> str:
    parts: list[str] = []
    count = 0
    while count < words:
        for v in vignettes:
            parts.append(" ".join(v["text"].split()))
            count += len(v["text"].split())
            if count >= words:
                break
    return "\n".join(parts)


def time_note(note: str, runs: int) -> tuple[float, float]:
    """Median (wall-clock ms, CPU ms) of reading the note. The rules are compiled once per
    process, so that is left out. CPU time is what the reading itself costs; wall-clock time
    also counts waiting for a core, which on a shared machine can be several times more."""
    find_hints(note)
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        find_hints(note)
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def _report(name: str, tally: Tally, n: int) -> None:
    print(
        f"{name:<10} vignettes {n:>3}  recall {tally.recall:.2f} ({tally.correct}/{tally.tagged})"
        f"  precision {tally.precision:.2f} ({tally.correct}/{tally.hinted})"
        f"  hints per negative vignette {tally.per_negative:.2f}"
        f" ({tally.negative_hints}/{tally.negatives})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--quiet", action="store_true", help="only the summary lines")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    matcher()
    compile_ms = (time.perf_counter() - start) * 1000
    vignettes = load()
    tuning = [v for v in vignettes if not v.get("held_out")]
    held_out = [v for v in vignettes if v.get("held_out")]
    print(f"catalogue {get_catalogue().version}; rules loaded in {compile_ms:.0f} ms")
    everything = score(vignettes)
    _report("tuning", score(tuning), len(tuning))
    if held_out:
        _report("held-out", score(held_out), len(held_out))
    _report("all", everything, len(vignettes))
    note = long_note(vignettes)
    wall, ms = time_note(note, args.runs)
    load_average = os.getloadavg()[0]
    print(
        f"a {len(note.split()):,}-word note: median {ms:.1f} ms CPU, {wall:.1f} ms wall-clock"
        f" over {args.runs} runs (load average {load_average:.1f} on {os.cpu_count()} cores)"
    )
    if not args.quiet:
        for vid, sign in everything.missed:
            print(f"  missed  {vid}: {sign}")
        for vid, sign, words in everything.extra:
            print(f"  extra   {vid}: {sign} ({words!r})")
    met = (
        everything.recall >= RECALL_TARGET
        and everything.precision >= PRECISION_TARGET
        and ms < SPEED_TARGET_MS
    )
    print("targets met" if met else "TARGETS NOT MET")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
