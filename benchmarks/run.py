"""Benchmarks of symreg, as ratios against baselines measured in the same run.

    python benchmarks/run.py [--quick] [--only SECTION[,SECTION...]] [--names NAME,...]
                             [--json FILE] [--figure FILE]

Sections (all by default, in this order; ``scaling`` and ``derivations`` are
in ``costs.py``, and what every section shares, from timing a command to
printing the table, in ``common.py``):

``import``
    ``import symreg`` and ``import symreg; symreg.L1()`` (first use, which
    loads SymPy) against ``import sympy``, each timed inside a fresh
    interpreter; median of 7 runs (3 with ``--quick``), the three interleaved.
    Also lists which of the lazily loaded modules (matplotlib, latexify, the
    answer parser) the first use pulled in: it should be none.
``report``
    ``symreg report -o x.tex`` against ``benchmarks/baseline.py``, a plain SymPy
    script computing the same results without verification or rendering:
    cold (``--no-cache``: every step proved, every figure drawn) and warm
    (the cache filled by an earlier run, in a temporary ``SYMREG_CACHE_DIR``:
    the identical report is taken whole from it); also, for information, a
    warm report to another output name, which the cache does not hold whole
    and which is rebuilt from the kept derivations, steps and figures; whole
    processes, median of 3 runs (1 with ``--quick``).
``derive``
    ``symreg derive NAME --no-cache`` for each catalogue entry (or
    ``--names``) against ``python -c "import sympy"`` plus that entry's share
    of the baseline: the time of that entry's results computed on their own
    in a fresh process (``baseline.py --json --alone NAME``), as the command
    computes them. (Computed one after the other in one process, an entry's
    time depends on the order: the first to use ``solve`` or ``simplify`` pays
    for what they load; those times are kept in the JSON output as
    ``in_sequence``.)
``checker``
    symreg's answer checker against ``simplify(a - b) == 0``, cold (every cache
    cleared before each check), on symreg's own corpus and on STACK's answer
    tests (``benchmarks/corpus_stack.py``), via ``benchmarks/bench_check.py``'s
    ``run()`` in a fresh process: time, speed-up and verdicts right and wrong.
``derivations``
    for each catalogue entry, in a fresh process: building it (which verifies
    it), then verifying the finished derivation again from cold caches; the
    second time is the cost of verification alone. Median of 3 (1 with
    ``--quick``).
``scaling``
    how the checker and the prover scale with free variables (1..8), kinks
    (1..10) and polynomial degree (5..60), and ``grade`` throughput on 1 and 2
    worker processes (``benchmarks/scaling.py``, in a fresh process); each
    series is printed as a table (small sizes with ``--quick``) and, with
    ``--figure FILE``, drawn on log-log axes into FILE (``make bench`` draws
    ``docs/_static/scaling.svg``, the figure of ``docs/performance.md``). Also
    the cost of a task that runs out its budget and so needs a new worker,
    forked by the zygote against a fresh interpreter, in CPU seconds.

Nothing is compared with a number typed in here: every ratio is against a
baseline measured by the same invocation. The targets (import within 1.3x;
report cold within 3x and warm within 1x of the baseline, one derivation
within 1.5x of ``import sympy`` plus its share; checker at least 2x faster
with no wrong ``equivalent`` and more verdicts right than ``simplify``;
scaling: every size of variables under 1 s with growth at most quadratic,
10 kinks under 2 s, degree 60 under 1 s, 2 workers at least 1.7x the
answers/s of 1) are printed next to each ratio with ``ok`` or ``MISSED``.
The exit code is 0 whatever the figures are (a benchmark reports, it does
not judge); it is 1
only when a measurement itself fails (the other sections still run).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

# The sibling modules (also when this file is loaded by path, as the tests do).
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    _LAST_STDERR,
    FULL,
    HERE,
    LAZY_MODULES,
    QUICK,
    SECTIONS,
    TARGET_CHECKER,
    TARGET_DERIVE,
    TARGET_IMPORT,
    TARGET_REPORT,
    TARGET_WARM,
    BenchmarkError,
    Row,
    Settings,
    _env,  # noqa: F401 - read by the tests: every other measurement is cold
    _last_json,
    _median,
    _ms,
    _python,
    _run,
    _s,
    format_table,
    machine,
)
from costs import bench_derivations, bench_scaling, catalogue_names

# ---------------------------------------------------------------------------
# import


def _import_code(statement: str) -> str:
    return ("import json, sys, time\n"
            "t = time.perf_counter()\n"
            f"{statement}\n"
            "t = time.perf_counter() - t\n"
            f"print(json.dumps({{'s': t, 'lazy': [m for m in {list(LAZY_MODULES)!r} "
            "if m in sys.modules]}))")


IMPORTS: dict[str, str] = {
    "sympy": "import sympy",
    "symreg": "import symreg",
    "first_use": "import symreg\nsymreg.L1()",
}


def bench_import(settings: Settings) -> list[Row]:
    times: dict[str, list[float]] = {key: [] for key in IMPORTS}
    lazy: dict[str, list[str]] = {}
    # One warm-up of each (file system caches), then interleaved runs.
    for statement in IMPORTS.values():
        _python(_import_code(statement))
    for _ in range(settings.import_runs):
        for key, statement in IMPORTS.items():
            result = _last_json(_python(_import_code(statement)))
            times[key].append(result["s"])
            lazy[key] = result["lazy"]
    sympy_s = _median(times["sympy"])
    symreg_s = _median(times["symreg"])
    first_s = _median(times["first_use"])
    first_ratio = first_s / sympy_s
    runs = f"median of {settings.import_runs}"
    return [
        Row("import", "import sympy", _ms(sympy_s), "", None, runs,
            extra={"seconds": times["sympy"]}),
        Row("import", "import symreg", _ms(symreg_s), "import sympy", symreg_s / sympy_s,
            f"<= {TARGET_IMPORT}x", symreg_s / sympy_s <= TARGET_IMPORT,
            extra={"seconds": times["symreg"]}),
        Row("import", "import symreg; symreg.L1()", _ms(first_s), "import sympy", first_ratio,
            f"<= {TARGET_IMPORT}x", first_ratio <= TARGET_IMPORT,
            extra={"seconds": times["first_use"]}),
        Row("import", "lazy modules loaded by first use",
            ", ".join(lazy["first_use"]) or "none", "", None, "none",
            not lazy["first_use"], extra={"checked": list(LAZY_MODULES)}),
    ]


# ---------------------------------------------------------------------------
# report


def _symreg_command() -> list[str]:
    script = Path(sys.executable).with_name("symreg")
    if script.is_file():
        return [str(script)]
    found = shutil.which("symreg")
    return [found] if found else [sys.executable, "-m", "symreg.cli"]


def bench_report(settings: Settings) -> list[Row]:
    """The report cold (``--no-cache``) and warm (a cache filled by an earlier run)."""
    report_times: list[float] = []
    warm_times: list[float] = []
    other_times: list[float] = []
    baseline_times: list[float] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="symreg-bench-") as tmp:
        target = Path(tmp) / "x.tex"
        cache = {"SYMREG_CACHE_DIR": str(Path(tmp) / "cache"), "SYMREG_NO_CACHE": "0"}
        _run([*_symreg_command(), "report", "-o", str(target)], env=cache)  # fills the cache
        for run in range(settings.report_runs):
            baseline_times.append(_run([sys.executable, str(HERE / "baseline.py"), "-q"])[0])
            report_times.append(_run([*_symreg_command(), "report", "--no-cache", "-o",
                                      str(target)], env=cache)[0])
            warm_times.append(_run([*_symreg_command(), "report", "-o", str(target)],
                                   env=cache)[0])
            if run == 0:
                notes.append(_LAST_STDERR[0].strip())
            # Another output name: the whole report is not kept under it, so it is
            # rebuilt from the kept derivations, steps and figures.
            other = Path(tmp) / f"other{run}.tex"
            other_times.append(_run([*_symreg_command(), "report", "-o", str(other)],
                                    env=cache)[0])
            if run == 0:
                notes.append(_LAST_STDERR[0].strip())
        size = target.stat().st_size
    report_s, baseline_s = _median(report_times), _median(baseline_times)
    warm_s = _median(warm_times)
    ratio, warm_ratio = report_s / baseline_s, warm_s / baseline_s
    runs = f"median of {settings.report_runs}"
    return [
        Row("report", "bare SymPy baseline (benchmarks/baseline.py)", _s(baseline_s), "",
            None, runs, extra={"seconds": baseline_times}),
        Row("report", "symreg report, cold (--no-cache)", _s(report_s), "baseline",
            ratio, f"<= {TARGET_REPORT}x", ratio <= TARGET_REPORT,
            extra={"seconds": report_times, "tex_bytes": size}),
        Row("report", "symreg report, warm (earlier run's cache)", _s(warm_s),
            "baseline", warm_ratio, f"<= {TARGET_WARM}x", warm_ratio <= TARGET_WARM,
            extra={"seconds": warm_times, "stderr": notes[:1]}),
        Row("report", "symreg report, warm, another output name", _s(_median(other_times)),
            "baseline", _median(other_times) / baseline_s, "(rebuilt from parts)",
            extra={"seconds": other_times, "stderr": notes[1:]}),
    ]


# ---------------------------------------------------------------------------
# derive NAME


def bench_derive(settings: Settings, names: Sequence[str] | None = None) -> list[Row]:
    """``symreg derive NAME --no-cache`` against ``import sympy`` plus NAME's baseline share."""
    names = tuple(names) if names else catalogue_names()
    import_times: list[float] = []
    shares: dict[str, list[float]] = {name: [] for name in names}
    derive_times: dict[str, list[float]] = {name: [] for name in names}
    in_sequence: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(settings.report_runs):
        import_times.append(_run([sys.executable, "-c", "import sympy"])[0])
        seconds = _last_json(_run([sys.executable, str(HERE / "baseline.py"), "--json"])[1])
        for name in names:
            alone = _last_json(_run([sys.executable, str(HERE / "baseline.py"), "--json",
                                     "--alone", name])[1])
            shares[name].append(alone[name])
            in_sequence[name].append(seconds[name])
            derive_times[name].append(
                _run([*_symreg_command(), "derive", name, "--no-cache"])[0])
    import_s = _median(import_times)
    rows = [Row("derive", "python -c 'import sympy'", _s(import_s), "", None,
                f"median of {settings.report_runs}", extra={"seconds": import_times})]
    for name in names:
        share, took = _median(shares[name]), _median(derive_times[name])
        floor = import_s + share
        ratio = took / floor
        rows.append(Row("derive", f"symreg derive {name}, cold", _s(took),
                        f"{_s(floor)}", ratio, f"<= {TARGET_DERIVE}x", ratio <= TARGET_DERIVE,
                        extra={"seconds": derive_times[name], "share": shares[name],
                               "in_sequence": in_sequence[name]}))
    return rows


# ---------------------------------------------------------------------------
# checker


_CHECKER_CODE = """
import json, sys
sys.path.insert(0, {here!r})
from bench_check import run
print(json.dumps([run({repeats}, corpus=c) for c in ("own", "stack")]))
"""


def bench_checker(settings: Settings) -> list[Row]:
    if not (HERE / "bench_check.py").is_file():
        return [Row("checker", "answer checker", "skipped", "", None, "",
                    None, extra={"reason": "benchmarks/bench_check.py is not there"})]
    try:
        both = _last_json(_python(_CHECKER_CODE.format(here=str(HERE),
                                                       repeats=settings.checker_repeats)))
    except BenchmarkError as exc:
        return [Row("checker", "answer checker", "skipped", "", None, "", None,
                    extra={"reason": f"bench_check.run() failed: {exc}"})]
    rows: list[Row] = []
    for name, figures in zip(("own corpus", "STACK corpus"), both, strict=True):
        rows += _checker_rows(name, figures, settings)
    return rows


def _checker_rows(name: str, figures: dict[str, Any], settings: Settings) -> list[Row]:
    pairs = figures.get("counted_pairs", figures["pairs"])
    symreg_s, simplify_s = figures["symreg_s"], figures["simplify_s"]
    speedup = simplify_s / symreg_s if symreg_s else float("inf")
    wrong = figures["symreg_wrong_equivalent"]
    runs = (f"{figures['pairs']} pairs, cold, median of "
            f"{figures.get('repeats', settings.checker_repeats)}")
    right, simplify_right = figures["symreg_correct"], figures["simplify_correct"]
    return [
        Row("checker", f"{name}: simplify(a - b) == 0", _s(simplify_s), "", None, runs,
            extra={"correct": simplify_right, "source": figures.get("source", ""),
                   "wrong_equivalent": figures["simplify_wrong_equivalent"],
                   "missed_equivalent": figures["simplify_missed_equivalent"]}),
        Row("checker", f"{name}: symreg.check.equivalent", _s(symreg_s), "simplify", speedup,
            f">= {TARGET_CHECKER}x", speedup >= TARGET_CHECKER,
            extra={"speedup": speedup}),
        Row("checker", f"{name}: verdicts right, simplify", f"{simplify_right}/{pairs}", "",
            None, "", extra={"wrong_equivalent": figures["simplify_wrong_equivalent"]}),
        Row("checker", f"{name}: verdicts right, symreg",
            f"{right}/{pairs} ({figures['symreg_undecided']} undecided)", "", None,
            "> simplify", right > simplify_right,
            extra={"undecided_pairs": figures.get("undecided_pairs", []),
                   "wrong_pairs": figures.get("wrong_pairs", [])}),
        Row("checker", f"{name}: wrong 'equivalent', simplify",
            str(figures["simplify_wrong_equivalent"]), "", None, ""),
        Row("checker", f"{name}: wrong 'equivalent', symreg", str(wrong), "", None, "0",
            wrong == 0),
        Row("checker", f"{name}: wrong 'different', symreg",
            str(figures["symreg_wrong_different"]), "", None, "0",
            figures["symreg_wrong_different"] == 0),
    ]


RUNNERS: dict[str, Callable[..., list[Row]]] = {
    "import": bench_import,
    "report": bench_report,
    "derive": bench_derive,
    "checker": bench_checker,
    "derivations": bench_derivations,
    "scaling": bench_scaling,
}


def run(sections: Sequence[str] = SECTIONS, *, quick: bool = False,
        names: Sequence[str] | None = None,
        progress: Callable[[str], None] | None = None,
        figure: Path | None = None) -> list[Row]:
    """Run the benchmark ``sections``; return the rows of the table.

    With ``figure``, the scaling section also draws its series there (log-log).
    """
    settings = QUICK if quick else FULL
    rows: list[Row] = []
    for section in sections:
        if section not in RUNNERS:
            raise ValueError(f"unknown section {section!r}; known: {', '.join(SECTIONS)}")
        if progress:
            progress(f"running {section} ...")
        try:
            if section in ("derivations", "derive"):
                rows += RUNNERS[section](settings, names)
            elif section == "scaling":
                rows += RUNNERS[section](settings, figure)
            else:
                rows += RUNNERS[section](settings)
        except BenchmarkError as exc:
            # One broken measurement must not hide the others.
            rows.append(Row(section, f"{section} benchmark", "FAILED", ok=False,
                            extra={"reason": str(exc)}))
    return rows


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer repetitions (medians of 1 to 3 runs)")
    parser.add_argument("--only", default=",".join(SECTIONS),
                        help=f"comma-separated sections (default: {','.join(SECTIONS)})")
    parser.add_argument("--names", default="",
                        help="comma-separated catalogue names for the derive and derivations "
                             "sections")
    parser.add_argument("--json", type=Path, default=None,
                        help="also write every figure (all runs) to this JSON file")
    parser.add_argument("--figure", type=Path, default=None,
                        help="draw the scaling series on log-log axes into this file "
                             "(.svg, .pdf or .png; make bench: docs/_static/scaling.svg)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    sections = [s.strip() for s in args.only.split(",") if s.strip()]
    names = [n.strip() for n in args.names.split(",") if n.strip()] or None
    print(f"symreg benchmarks ({'quick' if args.quick else 'full'}): {machine()}", flush=True)
    started = time.perf_counter()
    try:
        rows = run(sections, quick=args.quick, names=names,
                   progress=lambda text: print(text, file=sys.stderr, flush=True),
                   figure=args.figure)
    except ValueError as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 1
    print(format_table(rows))
    print(f"\n(total {time.perf_counter() - started:.0f} s)")
    failed = [row for row in rows if row.value == "FAILED"]
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "quick": args.quick,
                                         "rows": [asdict(r) for r in rows]}, indent=2) + "\n",
                             encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
