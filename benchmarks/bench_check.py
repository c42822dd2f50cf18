"""Benchmark: symreg's answer checker vs ``simplify(a - b) == 0``.

Both checkers get the same parsed expressions of every pair of
:mod:`corpus` (parsing is timed separately), in the same run; SymPy's cache and
the prover's caches are cleared before each pass so that neither profits from
the other (symreg's checks run in a fresh worker process for each pass). Each pass is
repeated and the median total is reported.

Run it as a script (``python benchmarks/bench_check.py [REPEATS]``) or call
:func:`run` (as ``benchmarks/run.py`` does).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import Any

import sympy
from sympy.core.cache import clear_cache

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import CORPUS, Pair

from symreg import _budget
from symreg.check import equivalent, parse
from symreg.proof import clear_caches

__all__ = ["run"]


def _parse_all(pairs: tuple[Pair, ...]) -> tuple[list[tuple[sympy.Basic, sympy.Basic]], float]:
    start = time.perf_counter()
    parsed = [(parse(p.answer, latex=p.latex), parse(p.expected, latex=p.latex)) for p in pairs]
    return parsed, time.perf_counter() - start


def _symreg_pass(parsed: list[tuple[sympy.Basic, sympy.Basic]], timeout: float
                 ) -> tuple[float, list[str]]:
    clear_cache()
    clear_caches()
    _budget.stop_workers()  # the checks run in workers: a fresh one has cold caches
    statuses = []
    start = time.perf_counter()
    for a, e in parsed:
        statuses.append(equivalent(a, e, timeout=timeout).status)
    return time.perf_counter() - start, statuses


def _simplify_pass(parsed: list[tuple[sympy.Basic, sympy.Basic]]) -> tuple[float, list[bool]]:
    clear_cache()
    same = []
    start = time.perf_counter()
    for a, e in parsed:
        same.append(bool(sympy.simplify(a - e) == 0))
    return time.perf_counter() - start, same


def run(repeats: int = 3, *, timeout: float = 5.0) -> dict[str, Any]:
    """Time both checkers on the corpus and count their wrong verdicts.

    Args:
        repeats: passes of each checker; the median total time is reported.
        timeout: symreg's time budget per pair.

    Returns:
        A dict of figures: ``pairs``, ``parse_s``, ``symreg_s`` and
        ``simplify_s`` (median totals), ``speedup`` (simplify / symreg),
        ``symreg_wrong_equivalent`` and ``simplify_wrong_equivalent`` (pairs
        wrongly declared equivalent), ``symreg_wrong_different`` (equivalent
        pairs declared different), ``symreg_undecided``,
        ``simplify_missed_equivalent`` (equivalent pairs where the difference
        did not simplify to 0), ``symreg_correct`` and ``simplify_correct``,
        and ``undecided_pairs`` (the notes of the undecided ones).
    """
    parsed, parse_s = _parse_all(CORPUS)
    symreg_times, simplify_times = [], []
    statuses: list[str] = []
    same: list[bool] = []
    for _ in range(max(1, repeats)):
        elapsed, statuses = _symreg_pass(parsed, timeout)
        symreg_times.append(elapsed)
        elapsed, same = _simplify_pass(parsed)
        simplify_times.append(elapsed)
    truth = [p.equivalent for p in CORPUS]
    symreg_s = statistics.median(symreg_times)
    simplify_s = statistics.median(simplify_times)
    return {
        "pairs": len(CORPUS),
        "equivalent_pairs": sum(truth),
        "latex_pairs": sum(p.latex for p in CORPUS),
        "repeats": max(1, repeats),
        "timeout_s": timeout,
        "parse_s": round(parse_s, 4),
        "symreg_s": round(symreg_s, 3),
        "simplify_s": round(simplify_s, 3),
        "speedup": round(simplify_s / symreg_s, 2) if symreg_s else float("inf"),
        "symreg_wrong_equivalent": sum(s == "equivalent" and not t
                                       for s, t in zip(statuses, truth, strict=True)),
        "simplify_wrong_equivalent": sum(s and not t for s, t in zip(same, truth, strict=True)),
        "symreg_wrong_different": sum(s == "different" and t
                                      for s, t in zip(statuses, truth, strict=True)),
        "symreg_undecided": statuses.count("undecided"),
        "simplify_missed_equivalent": sum(t and not s for s, t in zip(same, truth, strict=True)),
        "symreg_correct": sum((s == "equivalent") == t and s != "undecided"
                              for s, t in zip(statuses, truth, strict=True)),
        "simplify_correct": sum(s == t for s, t in zip(same, truth, strict=True)),
        "undecided_pairs": [f"{p.answer} | {p.expected}"
                            for p, s in zip(CORPUS, statuses, strict=True) if s == "undecided"],
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    repeats = int(args[0]) if args else 3
    figures = run(repeats)
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        if isinstance(value, list):
            print(f"{key:<{width}} : {len(value)}")
            for item in value:
                print(f"{'':<{width}}   - {item}")
        else:
            print(f"{key:<{width}} : {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
