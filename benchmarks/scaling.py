"""How the checker and the prover scale: the series of ``benchmarks/run.py --only scaling``.

Four series, each timed cold (every cache cleared before each measurement, as
in :mod:`bench_check`):

``variables``
    an identity in ``n = 1..8`` free real variables: the checker on
    ``(x1 + ... + xn)^2`` against its expansion (read from text), and the
    prover on ``|x1| + ... + |xn| = x1 + ... + xn`` where every ``xi > 0``
    (the sampler must find points of that region).
``kinks``
    ``|w - 1/3| + ... + |w - K/3|`` against the same sum of ``max(w - k/3, k/3 - w)``,
    ``K = 1..10``: the checker, and the prover (a case split at every kink).
``degree``
    ``(w + 1)^d`` against its expansion, ``d = 5..60``, read from text: the
    checker on the true pair and on a pair whose constant term is off by one.
``throughput``
    a batch of answers (symreg's corpus, repeated) through
    :func:`symreg.grade.grade` on a pool of 1 and of 2 processes, after a
    warm-up of the pool: answers per second.
``replacement``
    tasks that each run out a short budget, so that each needs a new worker:
    ``time.sleep`` past 0.05 s, and :func:`symreg.check.equivalent` on an
    answer it cannot decide in 0.1 s; workers forked by the zygote against
    fresh interpreters (the zygote turned off), in the same run. Wall and CPU
    seconds per task, the CPU of every process involved (this one, its
    workers, the zygote and its workers), and the CPU against fresh
    interpreters.

Run it as ``python benchmarks/scaling.py [--quick]`` (prints the tables) or
call :func:`run` (``benchmarks/run.py`` does, in a fresh process).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import sympy

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_check import _remote_clear_all, clear_all
from corpus import CORPUS

from symreg import _budget
from symreg.check import equivalent
from symreg.grade import grade
from symreg.proof import prove
from symreg.symbols import w

__all__ = ["format_tables", "run"]

THIRD = sympy.Rational(1, 3)


def _cold(fn: Callable[[], Any]) -> tuple[float, Any]:
    """``fn()`` and its seconds, with every cache cleared here and in the checker's worker."""
    clear_all()
    if _budget.run(_remote_clear_all(), (), 60)[0] != "ok":
        raise RuntimeError("could not clear the worker's caches")
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _status(result: Any) -> str:
    return str(getattr(result, "status", result))


def variables(sizes: range, timeout: float) -> list[dict[str, Any]]:
    rows = []
    for n in sizes:
        names = [f"x{i}" for i in range(1, n + 1)]
        xs = sympy.symbols(names, real=True)
        spec = " ".join(names) + ": real"
        square = "(" + " + ".join(names) + ")^2"
        expanded = str(sympy.expand(sum(xs) ** 2)).replace("**", "^")
        check_s, verdict = _cold(lambda a=square, e=expanded, s=spec: equivalent(
            a, e, symbols=s, timeout=timeout))
        where = sympy.And(*[x > 0 for x in xs])
        prove_s, proof = _cold(lambda xs=xs, where=where: prove(
            sum(sympy.Abs(x) for x in xs), sum(xs), where=where, timeout=timeout))
        rows.append({"n": n, "checker_s": check_s, "checker": _status(verdict),
                     "prover_s": prove_s, "prover": _status(proof)})
    return rows


def kinks(sizes: range, timeout: float) -> list[dict[str, Any]]:
    rows = []
    for k in sizes:
        points = [j * THIRD for j in range(1, k + 1)]
        lhs = sum(sympy.Abs(w - p) for p in points)
        rhs = sum(sympy.Max(w - p, p - w) for p in points)
        check_s, verdict = _cold(lambda: equivalent(lhs, rhs, timeout=timeout))  # noqa: B023
        prove_s, proof = _cold(lambda: prove(lhs, rhs, timeout=timeout))  # noqa: B023
        rows.append({"kinks": k, "checker_s": check_s, "checker": _status(verdict),
                     "prover_s": prove_s, "prover": _status(proof)})
    return rows


def degree(sizes: tuple[int, ...], timeout: float) -> list[dict[str, Any]]:
    rows = []
    for d in sizes:
        factored = f"(w + 1)^{d}"
        expanded = sympy.expand((w + 1) ** d)
        text = str(expanded).replace("**", "^")
        off = str(expanded + 1).replace("**", "^")
        true_s, same = _cold(lambda: equivalent(text, factored, timeout=timeout))  # noqa: B023
        false_s, other = _cold(lambda: equivalent(off, factored, timeout=timeout))  # noqa: B023
        rows.append({"degree": d, "equal_s": true_s, "equal": _status(same),
                     "off_by_one_s": false_s, "off_by_one": _status(other)})
    return rows


def _pool(workers: int) -> ProcessPoolExecutor:
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


def throughput(answers: int, timeout: float) -> list[dict[str, Any]]:
    items = [{"id": i, "answer": CORPUS[i % len(CORPUS)].answer,
              "expected": CORPUS[i % len(CORPUS)].expected,
              "latex": CORPUS[i % len(CORPUS)].latex} for i in range(answers)]
    rows = []
    for workers in (1, 2):
        with _pool(workers) as pool:
            # start every process and its checker before the clock runs
            grade([{"answer": "w", "expected": "|w|"}] * (4 * workers), executor=pool,
                  timeout=60)
            start = time.perf_counter()
            graded = grade(items, executor=pool, timeout=timeout)
            elapsed = time.perf_counter() - start
        rows.append({"workers": workers, "answers": answers, "seconds": elapsed,
                     "per_second": answers / elapsed,
                     "undecided": sum(g.status == "undecided" for g in graded)})
    return rows


#: Tasks per kind of worker in the quick replacement series: one shows the
#: series runs; a fresh interpreter costs about a second of CPU each, the
#: figures worth quoting come from the full series (50 tasks).
QUICK_TASKS = 1

HARD = "(sqrt(2)+sqrt(3)+sqrt(5)+sqrt(7))^1000"  # not decided in a short budget


def _cpu() -> float:
    """CPU seconds of this process, its reaped children, and the zygote's tree."""
    own = os.times()
    seconds = own.user + own.system + own.children_user + own.children_system
    zygote = _budget._ZYGOTES.zygote
    if zygote is not None:
        with contextlib.suppress(OSError):
            stat = Path(f"/proc/{zygote.proc.pid}/stat").read_text()
            ticks = stat[stat.rindex(")") + 2:].split()[11:15]  # utime stime cutime cstime
            seconds += sum(map(int, ticks)) / os.sysconf("SC_CLK_TCK")
    return seconds


@contextlib.contextmanager
def _fresh_interpreters() -> Iterator[None]:
    """Workers started as fresh interpreters, as without a zygote."""
    keeper = _budget._ZYGOTES
    failures, keeper.failures = keeper.failures, keeper.attempts
    try:
        yield
    finally:
        keeper.failures = failures


def replacement(tasks: int) -> list[dict[str, Any]]:
    def sleep() -> str:
        return _budget.run(time.sleep, (60,), timeout=0.05)[0]

    def check() -> str:
        return _status(equivalent(HARD, "1", timeout=0.1))

    rows = []
    for name, task in (("sleep", sleep), ("check", check)):
        fresh_cpu = math.nan
        for workers in ("fresh", "zygote"):
            _budget.stop_workers()
            with _fresh_interpreters() if workers == "fresh" else contextlib.nullcontext():
                task()  # the zygote (or a first worker) up, the modules loaded
                time.sleep(0.3)  # the killed worker reaped
                cpu, start = _cpu(), time.perf_counter()
                outcomes = {task() for _ in range(tasks)}
                wall = time.perf_counter() - start
                time.sleep(0.3)
                cpu = _cpu() - cpu
            fresh_cpu = cpu if workers == "fresh" else fresh_cpu
            rows.append({"task": name, "workers": workers, "tasks": tasks,
                         "wall_s": wall / tasks, "cpu_s": cpu / tasks,
                         "cpu_vs_fresh": cpu / fresh_cpu, "outcome": "/".join(sorted(outcomes))})
    _budget.stop_workers()
    return rows


def run(quick: bool = False, *, timeout: float = 30.0) -> dict[str, Any]:
    """Every series; sizes shrink with ``quick`` (for the smoke test)."""
    _remote_clear_all()  # before any worker starts: workers must import bench_check
    equivalent("w", "|w|", timeout=60)  # start the checker's worker before any timing
    return {
        "variables": variables(range(1, 4) if quick else range(1, 9), timeout),
        "kinks": kinks(range(1, 3) if quick else range(1, 11), timeout),
        "degree": degree((5, 10) if quick else (5, 10, 20, 30, 40, 50, 60), timeout),
        "throughput": throughput(20 if quick else 1000, 5.0),
        "replacement": replacement(QUICK_TASKS if quick else 50),
    }


def growth_exponent(sizes: list[float], seconds: list[float]) -> float:
    """The slope of log(time) against log(size) between the second and the last size
    (the first is dominated by fixed costs)."""
    if len(sizes) < 3 or seconds[1] <= 0:
        return float("nan")
    return math.log(seconds[-1] / seconds[1]) / math.log(sizes[-1] / sizes[1])


def format_tables(figures: dict[str, Any]) -> str:
    out: list[str] = []
    for name, rows in figures.items():
        if not rows:
            continue
        keys = list(rows[0])
        out.append(f"{name}:")
        out.append("  " + "  ".join(f"{k:>13}" for k in keys))
        for row in rows:
            cells = [f"{v:>13.3f}" if isinstance(v, float) else f"{v!s:>13}"
                     for v in row.values()]
            out.append("  " + "  ".join(cells))
        out.append("")
    return "\n".join(out).rstrip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="scaling series of the checker and prover")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--only", choices=["replacement"],
                        help=f"one series (replacement: 50 tasks, or {QUICK_TASKS} with --quick)")
    args = parser.parse_args(argv)
    figures = ({"replacement": replacement(QUICK_TASKS if args.quick else 50)} if args.only
               else run(args.quick))
    print(json.dumps(figures) if args.json else format_tables(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
