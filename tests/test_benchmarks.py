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

from symreg import catalogue

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


def test_checker_rows_for_both_corpora(bench: ModuleType, monkeypatch: pytest.MonkeyPatch):
    """The checker section reports each corpus, with right and wrong verdicts."""
    figures = {"pairs": 10, "counted_pairs": 8, "symreg_s": 1.0, "simplify_s": 3.0,
               "symreg_wrong_equivalent": 0, "simplify_wrong_equivalent": 1,
               "symreg_wrong_different": 2, "symreg_undecided": 1,
               "simplify_missed_equivalent": 2, "symreg_correct": 5, "simplify_correct": 6,
               "repeats": 1, "source": "elsewhere"}
    monkeypatch.setattr(bench, "_python", lambda code, **kw: json.dumps([figures, figures]))
    rows = bench.bench_checker(bench.QUICK)
    labels = [row.label for row in rows]
    for corpus in ("own corpus", "STACK corpus"):
        assert f"{corpus}: symreg.check.equivalent" in labels
        assert f"{corpus}: verdicts right, symreg" in labels
    speed = next(r for r in rows if r.label == "own corpus: symreg.check.equivalent")
    assert speed.ratio == 3.0
    assert speed.ok is True
    right = next(r for r in rows if r.label == "STACK corpus: verdicts right, symreg")
    assert right.value == "5/8 (1 undecided)"
    assert right.ok is False  # 5 right is not more than simplify's 6
    wrong_different = next(r for r in rows if r.label == "own corpus: wrong 'different', symreg")
    assert wrong_different.ok is False


def test_clear_all_empties_every_cache():
    """The cold benchmark clears SymPy's cache, the prover's memo and the lru caches of
    symreg's modules."""
    import sympy

    from symreg import calculus
    from symreg.proof import cache_size, prove
    from symreg.symbols import w

    bench_check = _load("bench_check")
    prove(sympy.Abs(w) ** 2, w**2)
    calculus.subdifferential(sympy.Abs(w), w, at=0)
    lru = [getattr(calculus, name) for name in dir(calculus)
           if hasattr(getattr(calculus, name), "cache_info")]
    assert lru
    assert cache_size() > 0
    cleared = bench_check.clear_all()
    assert cache_size() == 0
    assert all(fn.cache_info().currsize == 0 for fn in lru)
    assert "sympy" in cleared
    assert any(name.startswith("symreg.calculus.") for name in cleared)


def test_stack_corpus_is_cited_and_reads():
    """The corpus from another project names its source, and every pair parses."""
    from symreg.check import parse

    bench_check = _load("bench_check")
    stack = _load("corpus_stack")
    assert "maths/moodle-qtype_stack" in stack.SOURCE
    assert "answertestfixtures" in stack.SOURCE
    assert len(stack.STACK) >= 30
    for pair in stack.STACK:
        symbols = bench_check._symbols_of(pair)
        parse(pair.answer, symbols=symbols)
        parse(pair.expected, symbols=symbols)
    assert {p.stack for p in stack.STACK} == {0, 1}


@pytest.mark.slow
@pytest.mark.parametrize("corpus", ["own", "stack"])
def test_the_checker_measurement_counts_verdicts_on_a_few_pairs(corpus: str):
    """bench_check's timing and counting on the first pairs of each corpus, cold, as the
    checker section runs it (there on every pair)."""
    bench_check = _load("bench_check")
    pairs = {"own": _load("corpus").CORPUS, "stack": _load("corpus_stack").STACK}[corpus][:4]
    figures = bench_check._figures(pairs, 1, 5.0, strict=corpus == "own")
    assert figures["pairs"] == 4
    assert figures["symreg_s"] > 0
    assert figures["simplify_s"] >= 0  # rounded to ms: a few pairs may take less
    counted = figures["counted_pairs"]
    assert figures["symreg_correct"] + figures["symreg_undecided"] + len(
        figures["wrong_pairs"]) == counted
    assert figures["symreg_wrong_equivalent"] == 0


def test_growth_exponent_and_tables():
    scaling = _load("scaling")
    assert scaling.growth_exponent([1, 2, 4, 8], [0.5, 1.0, 4.0, 16.0]) == pytest.approx(2.0)
    assert scaling.growth_exponent([1, 2, 4], [0.1, 0.2, 0.4]) == pytest.approx(1.0)
    table = scaling.format_tables({"kinks": [{"kinks": 1, "checker_s": 0.25}]})
    assert table.splitlines()[0] == "kinks:"
    assert "0.250" in table


@pytest.mark.slow
def test_scaling_section_runs_small(tmp_path: Path):
    """The scaling section in quick mode: every series printed as a table, every goal a row,
    and the series drawn on log-log axes."""
    figure = tmp_path / "scaling.svg"
    done = _script("--quick", "--only", "scaling", "--figure", str(figure), timeout=1800)
    assert done.returncode == 0, done.stderr
    drawn = figure.read_text(encoding="utf-8")
    assert drawn.startswith("<?xml")
    assert drawn.count('id="axes_') == 3  # one panel per series
    for label in ("variables 2..3: slowest check or proof", "variables: growth exponent",
                  "kinks 2: check and proof", "degree 10: expanded vs factored",
                  "grade, 20 answers on 2 workers", "variables:", "kinks:", "degree:",
                  "throughput:", "replacement:",
                  "check: a new worker per task, CPU per task"):
        assert label in done.stdout, f"{label!r} missing from\n{done.stdout}"


def test_the_scaling_figure_is_the_same_bytes_for_the_same_figures(tmp_path: Path):
    figure = _load("scaling_figure")
    series = {
        "variables": [{"n": n, "checker_s": 0.001 * n, "prover_s": 0.002 * n * n}
                      for n in range(1, 5)],
        "kinks": [{"kinks": k, "checker_s": 0.01 * k, "prover_s": 0.0} for k in (1, 2, 3)],
        "degree": [{"degree": d, "equal_s": 0.004, "off_by_one_s": 0.005} for d in (5, 10)],
    }
    goals = {"variables": 1.0, "kinks": 2.0, "degree": 1.0}
    first = figure.draw(series, tmp_path / "a.svg", title="t", goals=goals).read_bytes()
    second = figure.draw(series, tmp_path / "b.svg", title="t", goals=goals).read_bytes()
    assert first == second
    assert b"quadratic growth" in first
    assert b"goal: under 2 s" in first


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


def test_the_baseline_descent_steps_with_the_maps_of_the_prox_section(monkeypatch):
    """The descent section's updates are computed (the prox section's maps), not typed in."""
    baseline = _load("baseline")
    calls = []
    real = baseline.prox.__wrapped__

    def counted():
        calls.append(1)
        return real()

    monkeypatch.setattr(baseline, "prox", counted)
    results = baseline.descent()
    assert calls == [1]
    t = baseline.eta * baseline.lam
    assert_same(results["proximal L2"], baseline.w0 / (1 + 2 * t) ** baseline.k)
    assert_same(results["proximal L1 (before 0)"], baseline.w0 - baseline.k * t)


@pytest.mark.slow
def test_baseline_computes_the_core_results():
    """The bare SymPy baseline computes the same results as symreg (spot checks)."""
    import sympy

    from symreg import L1, L2, ElasticNet, Gaussian, Laplace, crossover, descent, regression_map
    from symreg.symbols import eta

    baseline = _load("baseline")
    results = baseline.compute()
    assert list(results) == list(catalogue.names())  # one section per catalogue entry
    # the baseline's symbols have the canonical names and assumptions, so they are
    # the same SymPy symbols as symreg's
    same = [
        (results["gradient-crossover"]["gradient"], crossover(L1(), L2(), "gradient").points),
        (results["gradient-crossover"]["gradient (half)"],
         crossover(L1(), L2(half=True), "gradient").points),
        (results["value-crossover"]["value"], crossover(L1(), L2(), "value").points),
        (results["worked-example"]["ratio at the large weight"], sympy.Rational(29999, 1000)),
        (results["lp-family"]["p -> 1"], sympy.exp(-1)),
    ]
    for got, want in same:
        assert values_equal(got, want), f"{got} != {want}"
    assert_same(results["prox"]["L1"], L1().prox(step=eta))
    assert_same(results["prox"]["L2 (half)"], L2(half=True).prox(step=eta))
    assert_same(results["lp-family"]["elastic net"], ElasticNet().prox(step=eta))
    assert_same(results["descent"]["gradient L2"], descent(L2(), method="gradient").iterate)
    assert_same(results["map"]["ridge lam"], regression_map(Gaussian()).lam)
    assert_same(results["map"]["lasso lam"], regression_map(Laplace()).lam)
    # the results the catalogue states, by name
    stated = [
        ("epsilon-step", "crossing as eps -> 0", "limit"),
        ("epsilon-step", "step L2", "l2"),
        ("near-zero", "L1 near (w < eps)", "l1-near"),
        ("near-zero", "L1 far (w >= eps)", "l1-far"),
        ("descent", "L1 subgradient step", "l1-subgradient-step"),
        ("map", "ridge lam (half)", "ridge-strength-half"),
        ("map", "lasso lam (half)", "lasso-strength-half"),
        ("descent", "L1 steps to 0", "l1-proximal-hitting-time"),
        ("lp-family", "elastic net", "elastic-net-prox"),
    ]
    for entry, ours, theirs in stated:
        assert_same(results[entry][ours], catalogue.get(entry).results[theirs])


@pytest.mark.slow
def test_quick_run_prints_its_sections(tmp_path: Path):
    """The script in quick mode, with the JSON dump: imports, derive and derivations.

    The report section builds three whole reports (one to fill the cache, then cold
    and warm), more than the rest of this suite's benchmark runs together; its rows
    are checked with a stand-in runner below, and CI builds the report cold and warm.
    The checker section times both corpora in full; its rows are checked with a
    stand-in above and its measurement on a few pairs of each corpus below. The
    scaling section has its own run.
    """
    out = tmp_path / "figures.json"
    sections = ",".join(s for s in _load("run").SECTIONS
                        if s not in {"report", "scaling", "checker"})
    done = _script("--quick", "--only", sections, "--names", "value-crossover",
                   "--json", str(out), timeout=1800)
    assert done.returncode == 0, done.stderr
    for label in ("import sympy", "import symreg", "import symreg; symreg.L1()",
                  "lazy modules loaded by first use", "value-crossover (",
                  "python -c 'import sympy'", "symreg derive value-crossover, cold",
                  "all 1 (sum)"):
        assert label in done.stdout, f"row {label!r} missing from\n{done.stdout}"
    assert "symreg report" not in done.stdout
    figures = json.loads(out.read_text(encoding="utf-8"))
    ratios = {row["label"]: row["ratio"] for row in figures["rows"]}
    assert ratios["import symreg; symreg.L1()"] > 0
    assert figures["quick"] is True


def test_report_rows_are_cold_without_the_cache_and_warm_with_it(bench: ModuleType,
                                                                   monkeypatch):
    seen: list[tuple[list[str], dict]] = []

    def fake(argv, *, env=None, **kw):
        seen.append((list(argv), dict(env or {})))
        if "-o" in argv:
            Path(argv[argv.index("-o") + 1]).write_text("tex", encoding="utf-8")
        return (2.0 if "report" in argv and "--no-cache" in argv else 1.0), ""

    monkeypatch.setattr(bench, "_run", fake)
    rows = bench.bench_report(bench.QUICK)
    reports = [(argv, env) for argv, env in seen if "report" in argv]
    # the run that fills the cache, then cold, warm, and warm to another output name
    assert len(reports) == 4
    cold = [env for argv, env in reports if "--no-cache" in argv]
    warm = [(argv, env) for argv, env in reports[1:] if "--no-cache" not in argv]
    assert len(cold) == 1
    assert len(warm) == 2
    for _, env in warm:
        assert env["SYMREG_NO_CACHE"] == "0"
        assert env["SYMREG_CACHE_DIR"] == reports[0][1]["SYMREG_CACHE_DIR"]
    assert warm[0][0][-1] == reports[0][0][-1]  # the same output: the report kept whole
    assert warm[1][0][-1] != reports[0][0][-1]  # another output: rebuilt from parts
    assert [r.ratio for r in rows[1:]] == [2.0, 1.0, 1.0]
    assert [r.ok for r in rows[1:]] == [True, True, None]
    assert bench._env()["SYMREG_NO_CACHE"] == "1"  # every other measurement is cold


def test_derive_rows_add_the_entrys_share_of_the_baseline(bench: ModuleType, monkeypatch):
    """The share is the entry's results computed alone in a fresh process, not in sequence."""
    def fake(argv, **kw):
        if "--alone" in argv:
            name = argv[-1]
            return 0.5, json.dumps({name: {"prox": 0.25, "map": 2.0}[name]})
        if argv[-1] == "--json":
            return 0.5, json.dumps({"prox": 0.125, "map": 1.0})
        return (1.0, "") if "derive" not in argv else (1.5, "")

    monkeypatch.setattr(bench, "_run", fake)
    rows = bench.bench_derive(bench.QUICK, ["prox", "map"])
    assert [r.label for r in rows] == ["python -c 'import sympy'", "symreg derive prox, cold",
                                       "symreg derive map, cold"]
    assert rows[1].ratio == pytest.approx(1.5 / 1.25)
    assert rows[2].ratio == pytest.approx(1.5 / 3.0)
    assert rows[1].extra["in_sequence"] == [0.125]


def test_baseline_times_one_entry_alone(capsys):
    baseline = _load("baseline")
    assert baseline.main(["--json", "--alone", "worked-example"]) == 0
    assert list(json.loads(capsys.readouterr().out)) == ["worked-example"]
    assert baseline.main(["--json", "--alone", "nothing"]) == 2
    assert capsys.readouterr().err.startswith("--alone takes one of: subdifferential, ")
