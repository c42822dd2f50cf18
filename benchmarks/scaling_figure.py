"""The scaling series of ``benchmarks/run.py`` drawn on log-log axes, for the documentation.

``python benchmarks/run.py --figure docs/_static/scaling.svg`` (what ``make
bench`` runs) draws the figure of ``docs/performance.md`` from the series it
has just measured: one panel for each of the variables, kinks and degree
series, seconds against size on logarithmic axes, each goal a dotted line and,
for the variables, the slope of a quadratic growth through the second size
(the goal is growth at most quadratic). The file is the same bytes for the
same figures: no date in its metadata, a fixed SVG hash salt.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

# each panel: (series, its size field, the axis label, ((time field, legend), ...))
_PANELS: tuple[tuple[str, str, str, tuple[tuple[str, str], ...]], ...] = (
    ("variables", "n", "free variables in an identity",
     (("checker_s", "symreg.check"), ("prover_s", "symreg.proof.prove"))),
    ("kinks", "kinks", "kinks (a sum of |w - k/3|)",
     (("checker_s", "symreg.check"), ("prover_s", "symreg.proof.prove"))),
    ("degree", "degree", "degree, expanded against factored",
     (("equal_s", "equal"), ("off_by_one_s", "off by one"))),
)


def draw(figures: Mapping[str, Sequence[Mapping[str, Any]]], path: Path, *, title: str,
         goals: Mapping[str, float]) -> Path:
    """Draw the variables, kinks and degree series of ``figures`` into ``path``.

    ``goals`` gives each series' limit in seconds (drawn dotted); the format
    is read from the suffix (``.svg``, ``.pdf`` or ``.png``).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import ticker

    with matplotlib.rc_context({"svg.hashsalt": "symreg-benchmarks", "svg.fonttype": "path",
                                "font.size": 8}):
        figure, axes = plt.subplots(1, len(_PANELS), figsize=(10, 3.3))
        for ax, (key, size, label, series) in zip(axes, _PANELS, strict=True):
            rows = figures[key]
            sizes = [float(row[size]) for row in rows]
            for field, legend in series:
                # (a time too short to read is drawn at 0.1 ms: a log axis has no 0)
                ax.loglog(sizes, [max(float(row[field]), 1e-4) for row in rows],
                          marker="o", markersize=3, label=legend)
            if key in goals:
                ax.axhline(goals[key], color="grey", linestyle=":", linewidth=1,
                           label=f"goal: under {goals[key]:g} s")
            if key == "variables" and len(rows) > 2:
                start = max(float(rows[1]["checker_s"]), float(rows[1]["prover_s"]), 1e-4)
                ax.loglog(sizes[1:], [start * (s / sizes[1]) ** 2 for s in sizes[1:]],
                          color="grey", linestyle="--", linewidth=1,
                          label="quadratic growth")
            # every size measured, written as a number (the default 3x10^0 labels collide)
            ax.xaxis.set_major_locator(ticker.FixedLocator(sizes))
            ax.xaxis.set_major_formatter(ticker.FormatStrFormatter("%g"))
            ax.xaxis.set_minor_formatter(ticker.NullFormatter())
            ax.set_xlabel(label)
            ax.set_ylabel("seconds")
            ax.legend(fontsize=6, loc="upper left")
        figure.suptitle(title, fontsize=8)
        figure.tight_layout()
        fmt = path.suffix.lstrip(".") or "svg"
        metadata = {"svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None},
                    "png": {}}.get(fmt, {})
        path.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(path, format=fmt, metadata=metadata, dpi=150)
        plt.close(figure)
    return path
