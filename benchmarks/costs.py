"""The sections of ``benchmarks/run.py`` on what proving costs: how the checker and the
prover scale (``scaling``) and what verification costs per derivation (``derivations``).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path

from common import (
    HERE,
    QUICK,
    TARGET_DEGREE_S,
    TARGET_KINKS_S,
    TARGET_VARIABLES_GROWTH,
    TARGET_VARIABLES_S,
    TARGET_WORKERS,
    BenchmarkError,
    Row,
    Settings,
    _last_json,
    _median,
    _python,
    _s,
    machine,
)

# ---------------------------------------------------------------------------
# scaling


_SCALING_CODE = """
import sys
sys.path.insert(0, {here!r})
from scaling import main
main([{quick}"--json"])
"""


def bench_scaling(settings: Settings, figure: Path | None = None) -> list[Row]:
    """The scaling series and their goals; with ``figure``, also drawn there (log-log)."""
    quick = settings is QUICK
    code = _SCALING_CODE.format(here=str(HERE), quick='"--quick", ' if quick else "")
    figures = _last_json(_python(code))
    sys.path.insert(0, str(HERE))
    from scaling import format_tables, growth_exponent

    if figure is not None:
        from scaling_figure import draw

        stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        draw(figures, figure, title=f"symreg scaling, {stamp}, {machine()}"
             + (" (quick)" if quick else ""),
             goals={"variables": TARGET_VARIABLES_S, "kinks": TARGET_KINKS_S,
                    "degree": TARGET_DEGREE_S})

    variables, kinks = figures["variables"], figures["kinks"]
    degree, workers = figures["degree"], figures["throughput"]
    worst_var = max(max(r["checker_s"], r["prover_s"]) for r in variables[1:] or variables)
    sizes = [float(r["n"]) for r in variables]
    growth = max(growth_exponent(sizes, [r["checker_s"] for r in variables]),
                 growth_exponent(sizes, [r["prover_s"] for r in variables]))
    last_kinks = kinks[-1]
    kinks_s = max(last_kinks["checker_s"], last_kinks["prover_s"])
    last_degree = degree[-1]
    degree_s = max(last_degree["equal_s"], last_degree["off_by_one_s"])
    one, two = workers[0]["per_second"], workers[-1]["per_second"]
    table = format_tables(figures)
    return [
        Row("scaling", f"variables 2..{variables[-1]['n']}: slowest check or proof",
            _s(worst_var), "", None, f"< {TARGET_VARIABLES_S:g} s",
            worst_var < TARGET_VARIABLES_S, extra={"table": table}),
        Row("scaling", "variables: growth exponent (log-log)", f"{growth:.2f}", "", None,
            f"<= {TARGET_VARIABLES_GROWTH:g}", growth <= TARGET_VARIABLES_GROWTH),
        Row("scaling", f"kinks {last_kinks['kinks']}: check and proof", _s(kinks_s), "",
            None, f"< {TARGET_KINKS_S:g} s", kinks_s < TARGET_KINKS_S),
        Row("scaling", f"degree {last_degree['degree']}: expanded vs factored",
            _s(degree_s), "", None, f"< {TARGET_DEGREE_S:g} s", degree_s < TARGET_DEGREE_S),
        Row("scaling", f"grade, {workers[-1]['answers']} answers on 2 workers",
            f"{two:.1f}/s", f"1: {one:.1f}/s", two / one, f">= {TARGET_WORKERS}x",
            two / one >= TARGET_WORKERS),
        *(Row("scaling", f"{forked['task']}: a new worker per task, CPU per task",
              f"{forked['cpu_s']:.3f} s", f"fresh: {fresh['cpu_s']:.3f} s",
              forked["cpu_vs_fresh"])
          for fresh, forked in zip(figures["replacement"][::2],
                                   figures["replacement"][1::2], strict=True)),
    ]


# ---------------------------------------------------------------------------
# verification cost per derivation


_DERIVATION_CODE = """
import json, time
import sympy
from sympy.core.cache import clear_cache
from symreg import catalogue, derivation
from symreg.proof import clear_caches
t = time.perf_counter()
d = catalogue.get({name!r})
built = time.perf_counter() - t
# Forget what was proved (the memos of symreg.derivation and the prover's own,
# which remembers every claim it decided) and SymPy's cache, so that verify()
# decides every step again.
cleared = []
for memo in {memos!r}:
    table = getattr(derivation, memo, None)
    if hasattr(table, "clear"):
        table.clear()
        cleared.append(memo)
clear_caches()
clear_cache()
t = time.perf_counter()
d.verify()
verified = time.perf_counter() - t
print(json.dumps({{"build": built, "verify": verified, "steps": len(d.steps),
                  "cleared": cleared}}))
"""

# Private memo tables of symreg.derivation that remember verified derivations and
# decided steps; whichever exist are cleared before verifying again.
MEMOS = ("_VERIFIED", "_OUTCOMES")


def catalogue_names() -> tuple[str, ...]:
    return tuple(_last_json(_python(
        "import json\nfrom symreg import catalogue\nprint(json.dumps(catalogue.names()))")))


def bench_derivations(settings: Settings, names: Sequence[str] | None = None) -> list[Row]:
    names = tuple(names) if names else catalogue_names()
    rows: list[Row] = []
    total_build = total_verify = 0.0
    failed = 0
    for name in names:
        builds, verifies = [], []
        steps = 0
        try:
            for _ in range(settings.derivation_runs):
                code = _DERIVATION_CODE.format(name=name, memos=MEMOS)
                result = _last_json(_python(code))
                if not result["cleared"]:
                    raise BenchmarkError("symreg.derivation has none of the memo tables "
                                         f"{MEMOS}; update MEMOS in benchmarks/run.py")
                builds.append(result["build"])
                verifies.append(result["verify"])
                steps = result["steps"]
        except BenchmarkError as exc:
            failed += 1
            rows.append(Row("derivations", name, "FAILED", ok=False,
                            extra={"reason": str(exc)}))
            continue
        build, verify = _median(builds), _median(verifies)
        total_build += build
        total_verify += verify
        rows.append(Row("derivations", f"{name} ({steps} steps)", _s(verify), _s(build),
                        verify / build if build else None, "",
                        extra={"build_seconds": builds, "verify_seconds": verifies}))
    if failed:
        names = [n for n in names if not any(r.label == n for r in rows)]
    rows.append(Row("derivations", f"all {len(names)} (sum)", _s(total_verify), _s(total_build),
                    total_verify / total_build if total_build else None,
                    f"median of {settings.derivation_runs} each"))
    return rows


