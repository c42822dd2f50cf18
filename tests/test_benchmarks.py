"""Smoke tests of ``benchmarks/run.py`` and ``benchmarks/baseline.py``.

They check that the script runs and prints the rows it promises, never how fast
anything is: wall-clock figures depend on the machine and are only reported.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from conftest import assert_same, values_equal

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_bench_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return _load("run")


def _script(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(BENCHMARKS / "run.py"), *args],
                          capture_output=True, text=True, timeout=timeout, cwd=ROOT, check=False)


@pytest.mark.slow
def test_unknown_section_is_an_error():
    done = _script("--only", "nonsense")
    assert done.returncode == 1
    assert "unknown section 'nonsense'" in done.stderr


def test_checker_without_bench_check(bench: ModuleType, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch):
    """A missing benchmarks/bench_check.py is reported, not a crash."""
    monkeypatch.setattr(bench, "HERE", tmp_path)
    rows = bench.bench_checker(bench.QUICK)
    assert [row.value for row in rows] == ["skipped"]
    assert "bench_check.py" in rows[0].extra["reason"]
    assert "skipped" in bench.format_table(rows)


def test_table_format(bench: ModuleType):
    rows = [
        bench.Row("report", "bare SymPy baseline (benchmarks/baseline.py)", "1.00 s"),
        bench.Row("report", "symreg report -o x.tex", "3.00 s", "baseline", 3.0, "<= 4.0x",
                  True),
        bench.Row("checker", "symreg.check.equivalent", "1.00 s", "simplify", 0.25,
                  ">= 2.0x", False),
        bench.Row("derivations", "prox (22 steps)", "2.00 s", "2.50 s", 0.8),
    ]
    table = bench.format_table(rows)
    for figure in ("3.00x", "0.25x", "80%"):
        assert figure in table
    assert table.count(" ok") == 1
    assert table.count("MISSED") == 1
    assert table.index("report") < table.index("answer checker") < table.index("prox")


def test_baseline_computes_the_core_results():
    """The bare SymPy baseline computes the same results as symreg (spot checks)."""
    import sympy

    from symreg import L1, L2, ElasticNet, Gaussian, Laplace, crossover, descent, regression_map
    from symreg.symbols import eta

    baseline = _load("baseline")
    results = baseline.compute()
    assert set(results) == {s.__name__ for s in baseline.SECTIONS}
    # the baseline's symbols have the canonical names and assumptions, so they are
    # the same SymPy symbols as symreg's
    same = [
        (results["crossovers"]["gradient"], crossover(L1(), L2(), "gradient").points),
        (results["crossovers"]["gradient (half)"],
         crossover(L1(), L2(half=True), "gradient").points),
        (results["crossovers"]["value"], crossover(L1(), L2(), "value").points),
        (results["worked_example"]["ratio at the large weight"], sympy.Rational(29999, 1000)),
        (results["lp_family"]["p -> 1"], sympy.exp(-1)),
    ]
    for got, want in same:
        assert values_equal(got, want), f"{got} != {want}"
    assert_same(results["prox"]["L1"], L1().prox(step=eta))
    assert_same(results["prox"]["L2 (half)"], L2(half=True).prox(step=eta))
    assert_same(results["prox"]["elastic net"], ElasticNet().prox(step=eta))
    assert_same(results["descent"]["gradient L2"], descent(L2(), method="gradient").iterate)
    assert_same(results["map_estimates"]["ridge lam"], regression_map(Gaussian()).lam)
    assert_same(results["map_estimates"]["lasso lam"], regression_map(Laplace()).lam)


@pytest.mark.slow
def test_quick_run_prints_every_section(tmp_path: Path):
    """The whole script in quick mode (the report is built once), with the JSON dump."""
    out = tmp_path / "figures.json"
    done = _script("--quick", "--names", "value-crossover", "--json", str(out), timeout=1800)
    assert done.returncode == 0, done.stderr
    for label in ("import sympy", "import symreg", "import symreg; symreg.L1()",
                  "lazy modules loaded by first use", "symreg report -o x.tex",
                  "bare SymPy baseline (benchmarks/baseline.py)", "value-crossover (",
                  "all 1 (sum)"):
        assert label in done.stdout, f"row {label!r} missing from\n{done.stdout}"
    assert ("symreg.check.equivalent" in done.stdout) or ("skipped" in done.stdout)
    figures = json.loads(out.read_text(encoding="utf-8"))
    ratios = {row["label"]: row["ratio"] for row in figures["rows"]}
    assert ratios["import symreg; symreg.L1()"] > 0
    assert figures["quick"] is True
