"""Benchmark: symreg's answer checker vs ``simplify(a - b) == 0``, cold.

Both checkers get the same parsed expressions of every pair (parsing is timed
separately), in the same run, on two corpora: symreg's own (:mod:`corpus`) and
one transcribed from another project's answer tests (:mod:`corpus_stack`, STACK's
``AlgEquiv`` rows). Every pair is checked cold: before each timed check every
cache symreg keeps (the prover's memo, the ``functools`` caches of its modules,
the derivation memos) and SymPy's cache are cleared, in the worker process that
runs symreg's check and in this process for ``simplify``. Each pass is
repeated and the median total is reported.

Run it as a script (``python benchmarks/bench_check.py [REPEATS]``) or call
:func:`run` (as ``benchmarks/run.py`` does).
"""

from __future__ import annotations

import importlib
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import sympy
from sympy.core.cache import clear_cache

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import CORPUS
from corpus_stack import SOURCE, STACK

from symreg import _budget
from symreg import symbols as _symbols
from symreg._answers import symbols_from_spec
from symreg.check import equivalent, parse
from symreg.proof import clear_caches

__all__ = ["clear_all", "run"]

HERE = Path(__file__).resolve().parent


def clear_all() -> list[str]:
    """Empty every cache symreg keeps in this process, and SymPy's; return their names."""
    clear_cache()
    clear_caches()
    cleared = ["sympy", "symreg.proof"]
    for name, module in sorted(sys.modules.items()):
        if module is None or not (name == "symreg" or name.startswith("symreg.")):
            continue
        for attr, value in sorted(vars(module).items()):
            if (callable(getattr(value, "cache_clear", None)) and hasattr(value, "cache_info")
                    and not isinstance(value, type)):
                value.cache_clear()
                cleared.append(f"{name}.{attr}")
    derivation = sys.modules.get("symreg.derivation")
    for memo in ("_VERIFIED", "_OUTCOMES"):
        table = getattr(derivation, memo, None)
        if hasattr(table, "clear"):
            table.clear()
            cleared.append(f"symreg.derivation.{memo}")
    return cleared


def _symbols_of(pair: Any) -> dict[str, sympy.Basic] | None:
    spec = getattr(pair, "symbols", None)
    if not spec:
        return None
    names = _symbols.by_name()
    return {**symbols_from_spec(spec), **{n: names[n] for n in getattr(pair, "canonical", ())}}


def _parse_all(pairs: tuple[Any, ...]) -> tuple[list[tuple[sympy.Basic, sympy.Basic]], float]:
    start = time.perf_counter()
    parsed = []
    for p in pairs:
        syms = _symbols_of(p)
        parsed.append((parse(p.answer, latex=p.latex, symbols=syms),
                       parse(p.expected, latex=p.latex, symbols=syms)))
    return parsed, time.perf_counter() - start


def _remote_clear_all() -> Any:
    """:func:`clear_all` under a name a worker process can import."""
    if HERE.as_posix() not in os.environ.get("PYTHONPATH", ""):
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [
            str(HERE), os.environ.get("PYTHONPATH")]))
    return importlib.import_module("bench_check").clear_all


def _symreg_pass(parsed: list[tuple[sympy.Basic, sympy.Basic]], timeout: float,
                 strict: bool) -> tuple[float, list[str]]:
    remote = _remote_clear_all()
    _budget.stop_workers()  # a fresh worker (started and warmed up outside the timing)
    equivalent(sympy.S.One, sympy.S.One, timeout=60)
    statuses = []
    total = 0.0
    for a, e in parsed:
        clear_all()
        kind, _ = _budget.run(remote, (), 60)  # the same (idle) worker runs the check
        if kind != "ok":
            raise RuntimeError("could not clear the worker's caches")
        start = time.perf_counter()
        statuses.append(equivalent(a, e, timeout=timeout, strict=strict).status)
        total += time.perf_counter() - start
    return total, statuses


def _simplify_pass(parsed: list[tuple[sympy.Basic, sympy.Basic]]) -> tuple[float, list[bool]]:
    same = []
    total = 0.0
    for a, e in parsed:
        clear_all()
        start = time.perf_counter()
        same.append(bool(sympy.simplify(a - e) == 0))
        total += time.perf_counter() - start
    return total, same


def _figures(pairs: tuple[Any, ...], repeats: int, timeout: float,
             strict: bool) -> dict[str, Any]:
    parsed, parse_s = _parse_all(pairs)
    symreg_times, simplify_times = [], []
    statuses: list[str] = []
    same: list[bool] = []
    for _ in range(max(1, repeats)):
        elapsed, statuses = _symreg_pass(parsed, timeout, strict)
        symreg_times.append(elapsed)
        elapsed, same = _simplify_pass(parsed)
        simplify_times.append(elapsed)
    # Pairs whose truth depends on the domain policy are timed but not counted.
    counted = [i for i, p in enumerate(pairs) if not getattr(p, "policy", False)]
    truth = [pairs[i].equivalent for i in counted]
    statuses = [statuses[i] for i in counted]
    same = [same[i] for i in counted]
    symreg_s = statistics.median(symreg_times)
    simplify_s = statistics.median(simplify_times)
    both = list(zip(statuses, truth, strict=True))
    return {
        "pairs": len(pairs),
        "counted_pairs": len(counted),
        "equivalent_pairs": sum(truth),
        "latex_pairs": sum(p.latex for p in pairs),
        "repeats": max(1, repeats),
        "timeout_s": timeout,
        "parse_s": round(parse_s, 4),
        "symreg_s": round(symreg_s, 3),
        "simplify_s": round(simplify_s, 3),
        "speedup": round(simplify_s / symreg_s, 2) if symreg_s else float("inf"),
        "symreg_wrong_equivalent": sum(s == "equivalent" and not t for s, t in both),
        "simplify_wrong_equivalent": sum(s and not t for s, t in zip(same, truth, strict=True)),
        "symreg_wrong_different": sum(s == "different" and t for s, t in both),
        "symreg_undecided": statuses.count("undecided"),
        "simplify_missed_equivalent": sum(t and not s for s, t in zip(same, truth, strict=True)),
        "symreg_correct": sum((s == "equivalent") == t and s != "undecided" for s, t in both),
        "simplify_correct": sum(s == t for s, t in zip(same, truth, strict=True)),
        "undecided_pairs": [f"{pairs[i].answer} | {pairs[i].expected}"
                            for i, s in zip(counted, statuses, strict=True) if s == "undecided"],
        "wrong_pairs": [f"{pairs[i].answer} | {pairs[i].expected}: {s}"
                        for i, s, t in zip(counted, statuses, truth, strict=True)
                        if s != "undecided" and (s == "equivalent") != t],
    }


def run(repeats: int = 3, *, timeout: float = 5.0, corpus: str = "own") -> dict[str, Any]:
    """Time both checkers, cold, on one corpus and count their right and wrong verdicts.

    Args:
        repeats: passes of each checker; the median total time is reported.
        timeout: symreg's time budget per pair.
        corpus: ``"own"`` (:mod:`corpus`) or ``"stack"`` (:mod:`corpus_stack`).

    Returns:
        A dict of figures: ``pairs`` and ``counted_pairs`` (those whose truth does
        not depend on the domain policy), ``parse_s``, ``symreg_s`` and
        ``simplify_s`` (median totals), ``speedup`` (simplify / symreg),
        ``symreg_wrong_equivalent`` and ``simplify_wrong_equivalent`` (pairs
        wrongly declared equivalent), ``symreg_wrong_different`` (equivalent
        pairs declared different), ``symreg_undecided``,
        ``simplify_missed_equivalent``, ``symreg_correct`` and
        ``simplify_correct``, ``undecided_pairs`` and ``wrong_pairs``, and
        ``source`` (where the corpus comes from).
    """
    pairs: tuple[Any, ...] = {"own": CORPUS, "stack": STACK}[corpus]
    # The own corpus labels a pair equal when the two agree wherever either is
    # defined (strict semantics); STACK's labels are a grader's (the default policy).
    figures = _figures(pairs, repeats, timeout, strict=corpus == "own")
    figures["strict"] = corpus == "own"
    figures["source"] = "benchmarks/corpus.py" if corpus == "own" else SOURCE
    return figures


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    repeats = int(args[0]) if args else 3
    for corpus in ("own", "stack"):
        figures = run(repeats, corpus=corpus)
        print(f"--- corpus: {corpus}")
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
