"""What every section of ``benchmarks/run.py`` shares: its targets, how a command is timed
(each in a fresh process, the verification cache off unless a row says otherwise), the
rows of the table and how the table is printed.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SECTIONS = ("import", "report", "derive", "checker", "derivations", "scaling")

# Modules that the first use of symreg must not import (they load on demand).
LAZY_MODULES = ("matplotlib", "latexify", "symreg._parse", "symreg.check", "sympy.parsing.latex")

# Targets of issue #5, as (ratio limit, direction): "le" means ratio <= limit.
TARGET_IMPORT = 1.3
TARGET_CHECKER = 2.0
# Targets of issue #13 (performance): the report cold and warm against the
# baseline, and one derivation against ``import sympy`` plus its share of it.
TARGET_REPORT = 3.0
TARGET_WARM = 1.0
TARGET_DERIVE = 1.5
# Targets of issue #13 (scaling), in seconds, as a growth exponent, and as a ratio.
TARGET_VARIABLES_S = 1.0
TARGET_VARIABLES_GROWTH = 2.0
TARGET_KINKS_S = 2.0
TARGET_DEGREE_S = 1.0
TARGET_WORKERS = 1.7


class BenchmarkError(RuntimeError):
    """A measurement could not be taken (a subprocess failed)."""


@dataclass
class Row:
    """One line of the table."""

    section: str
    label: str
    value: str
    baseline: str = ""
    ratio: float | None = None
    target: str = ""
    ok: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Settings:
    import_runs: int
    report_runs: int
    checker_repeats: int
    derivation_runs: int


FULL = Settings(import_runs=7, report_runs=3, checker_repeats=3, derivation_runs=3)
QUICK = Settings(import_runs=3, report_runs=1, checker_repeats=1, derivation_runs=1)


# ---------------------------------------------------------------------------
# helpers


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("PYTHONHASHSEED", "0")
    # Every measurement is cold unless it says otherwise: the verification cache
    # is off (the warm report turns it on, in a temporary SYMREG_CACHE_DIR).
    env["SYMREG_NO_CACHE"] = "1"
    # The package under test, also when run from a plain checkout.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _shown(argv: Sequence[str]) -> str:
    """A command line for messages: inline code is cut to its first line."""
    parts = [arg.strip().splitlines()[0] + " ..." if "\n" in arg.strip() else arg
             for arg in argv]
    return " ".join(parts)


# The standard error of the last command run by _run (the report says there where
# its proofs came from).
_LAST_STDERR = [""]


def _run(argv: Sequence[str], *, timeout: float = 1800, cwd: Path | None = None,
         env: dict[str, str] | None = None) -> tuple[float, str]:
    """Run ``argv`` (with ``env`` added); return (wall seconds, stdout).

    Raise BenchmarkError on failure.
    """
    start = time.perf_counter()
    try:
        done = subprocess.run(list(argv), capture_output=True, text=True, timeout=timeout,
                              cwd=cwd or ROOT, env={**_env(), **(env or {})}, check=False)
    except subprocess.TimeoutExpired as exc:
        raise BenchmarkError(f"{_shown(argv)} timed out after {timeout:g} s") from exc
    elapsed = time.perf_counter() - start
    _LAST_STDERR[0] = done.stderr
    if done.returncode != 0:
        raise BenchmarkError(f"{_shown(argv)} exited with {done.returncode}:\n"
                             f"{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return elapsed, done.stdout


def _python(code: str, *, timeout: float = 1800) -> str:
    return _run([sys.executable, "-c", code], timeout=timeout)[1]


def _last_json(output: str) -> Any:
    """The JSON document on the last non-empty line of ``output``."""
    lines = [line for line in output.splitlines() if line.strip()]
    if not lines:
        raise BenchmarkError("a measurement printed nothing")
    return json.loads(lines[-1])


def _median(values: Sequence[float]) -> float:
    return statistics.median(values)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def _verdict(ratio: float, limit: float, *, at_most: bool) -> bool:
    return ratio <= limit if at_most else ratio >= limit



# ---------------------------------------------------------------------------
# the table


HEADERS = {
    "import": ("import time", "value", "vs", "ratio"),
    "report": ("report", "time", "vs", "ratio"),
    "derive": ("one derivation", "time", "sympy+share", "ratio"),
    "checker": ("answer checker", "value", "vs", "speed-up"),
    "derivations": ("verification per derivation", "verify only", "build+verify",
                    "share"),
    "scaling": ("scaling", "value", "vs", "ratio"),
}


def _ratio_text(row: Row) -> str:
    if row.ratio is None:
        return ""
    return f"{row.ratio:.2f}x" if row.section != "derivations" else f"{row.ratio:.0%}"


def format_table(rows: Sequence[Row]) -> str:
    widths = [48, 14, 14, 11, 18]
    lines: list[str] = []
    tables: list[str] = []
    for section in SECTIONS:
        chosen = [row for row in rows if row.section == section]
        if not chosen:
            continue
        head = (*HEADERS[section], "target")
        lines.append("")
        lines.append("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + "  ")
        lines.append("  ".join("-" * w for w in widths) + "  ------")
        for row in chosen:
            status = "" if row.ok is None else ("ok" if row.ok else "MISSED")
            cells = (row.label, row.value, row.baseline, _ratio_text(row), row.target)
            line = "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True))
            lines.append(f"{line}  {status}".rstrip())
            if "table" in row.extra:
                tables.append(row.extra["table"])
            if row.value in ("skipped", "FAILED") and "reason" in row.extra:
                reason = [line for line in row.extra["reason"].splitlines() if line.strip()]
                lines.append(f"    ({reason[0]})")
                if row.value == "FAILED" and len(reason) > 1:
                    lines.append(f"    ({reason[-1].strip()})")
    for table in tables:
        lines += ["", table]
    return "\n".join(lines).lstrip("\n")


def machine() -> str:
    return (f"Python {platform.python_version()} on {platform.system()} "
            f"{platform.machine()}, {os.cpu_count()} CPUs")


