r"""Figures of the report, drawn with matplotlib from the symbolic results.

Every curve is a lambdified SymPy result (a penalty, its derivative, its prox,
a step decrease or a descent iterate) and every marked point comes from
:func:`symreg.analysis.crossover` or :func:`symreg.analysis.descent`; the only
numbers typed here are the plotting parameters (``lam = 1`` and the like),
which the captions state. Files are byte-identical from run to run: no dates
in the metadata, a fixed SVG hash salt, and no matplotlib version in PNGs.

matplotlib is imported only when figures are made, with the Agg canvas and no
pyplot state.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> with tempfile.TemporaryDirectory() as tmp:
...     figures = make_figures(Path(tmp), fmt="svg")
...     [f.file for f in figures][:2]
['penalties.svg', 'gradients.svg']
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import sympy

from symreg import printing, symbols
from symreg.errors import InvalidParameterError, RenderError
from symreg.render._figdata import (
    _crossover,
    _descent,
    _gradient_magnitude,
    _penalties,
    _prox,
    _step_ratio,
    _subdifferential_at_zero,
    figure_data,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure as MplFigure

    from symreg.penalties import Penalty

__all__ = ["FORMATS", "Figure", "FigureFormat", "make_figures"]

FigureFormat = Literal["pdf", "svg", "png"]
FORMATS: tuple[str, ...] = ("pdf", "svg", "png")

# Plotting parameters: the values substituted into the symbolic results.
_LAM = sympy.Integer(1)
_ETA_PROX = sympy.Integer(1)
_EPS = sympy.Rational(1, 10)
_W0 = sympy.Integer(2)
_ETA_DESCENT = sympy.Rational(1, 5)
_STEPS = 12
_SAMPLES = 401

_RC: dict[str, Any] = {
    "svg.hashsalt": "symreg",
    "svg.fonttype": "path",
    # The report's fonts are Latin Modern, a descendant of Computer Modern,
    # which matplotlib ships; embedded as TrueType (42), not as Type 3 bitmaps.
    "pdf.fonttype": 42,
    "font.family": "serif",
    "font.serif": ["cmr10"],
    "mathtext.fontset": "cm",
    "axes.formatter.use_mathtext": True,
    "axes.unicode_minus": True,
    "font.size": 9.0,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "lines.linewidth": 1.6,
    "path.simplify": False,
}
_METADATA: dict[str, dict[str, Any]] = {
    "pdf": {"CreationDate": None, "ModDate": None},
    "svg": {"Date": None},
    "png": {"Software": None},
}
# One line style and colour per curve family, the same in every figure:
# L1, L2 (lam*w**2), L2 (lam/2*w**2), then a fourth.
_STYLES = ("-", "--", "-.", ":")
_COLORS = ("C0", "C1", "C2", "C3")
# Everything typed here that a figure file depends on (part of its cache key).
_PARAMETERS = (_LAM, _ETA_PROX, _EPS, _W0, _ETA_DESCENT, _STEPS, _SAMPLES, sorted(_RC.items()),
               _METADATA, _STYLES, _COLORS)


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    """A figure file written by :func:`make_figures`.

    Attributes:
        name: a short identifier (also the LaTeX label ``fig:<name>``).
        file: the file name, relative to the directory it was written to.
        caption: what it shows, with ``$...$`` math; every number in it is
            derived, except the plotting parameters it states.
    """

    name: str
    file: str
    caption: str


def _math(obj: Any) -> str:
    return "$" + printing.latex(obj) + "$"


def _mpl(obj: Any) -> str:
    """Math for matplotlib's own typesetting (legends, axes, annotations)."""
    return "$" + printing.latex(obj, mathtext=True) + "$"


def _eq(symbol: sympy.Symbol, value: Any) -> str:
    """``$symbol = value$``, the symbol in the reader's notation."""
    return f"${printing.latex(symbol)} = {printing.latex(value)}$"


def _sub(symbol: sympy.Symbol, index: sympy.Symbol) -> str:
    """``$symbol_index$`` (e.g. the iterate ``w_k``), in the reader's notation."""
    return f"${printing.latex(symbol)}_{{{printing.latex(index)}}}$"


def _numeric(expr: sympy.Expr, variable: sympy.Symbol,
             values: dict[sympy.Symbol, Any]) -> Callable[[Any], Any]:
    """``expr`` with ``values`` substituted, lambdified in ``variable`` for numpy arrays."""
    import numpy as np

    bound = sympy.sympify(expr).subs(values)
    extra = bound.free_symbols - {variable}
    if extra:
        raise RenderError(f"cannot plot {bound}: {', '.join(sorted(map(str, extra)))} unset")
    # numpy itself, not the name "numpy": the same printer and functions, without
    # lambdify's star import of numpy, which loads numpy's optional submodules.
    function = sympy.lambdify(variable, bound, modules=np)
    return lambda x: np.broadcast_to(np.asarray(function(x), dtype=float), np.shape(x))


def _points(points: sympy.Basic, values: dict[sympy.Symbol, Any]) -> list[sympy.Expr]:
    """The finite set of crossover points at the plotting parameters, sorted."""
    bound = points.subs(values)  # a Piecewise on the parameters resolves here
    if not isinstance(bound, sympy.FiniteSet):
        raise RenderError(f"crossover {points} is not a finite set at {values}")
    return sorted(bound.args, key=float)


@contextmanager
def _style() -> Iterator[None]:
    import logging

    import matplotlib
    import matplotlib.style

    from symreg.render._mathparse import shared_parses

    # The Computer Modern files matplotlib ships carry old timestamps, which the
    # font subsetter reports on stderr while embedding them: harmless, and noise.
    fonts = logging.getLogger("fontTools.ttLib.tables._h_e_a_d")
    level = fonts.level
    fonts.setLevel(logging.ERROR)
    try:
        with matplotlib.rc_context(), shared_parses():
            # From matplotlib's defaults, not the reader's matplotlibrc: the figures
            # (and the cache keys that stand for them) depend on _RC alone.
            matplotlib.style.use("default")
            # matplotlib's stubs type the rc keys as one Literal of every name, not str
            matplotlib.rcParams.update(_RC)  # type: ignore[arg-type]
            yield
    finally:
        fonts.setLevel(level)


def _new(width: float = 6.0, height: float = 2.8) -> tuple[MplFigure, Axes]:
    from matplotlib.figure import Figure as MplFigure

    figure = MplFigure(figsize=(width, height), layout="constrained")
    return figure, figure.add_subplot()


def _save(figure: MplFigure, outdir: Path, name: str, fmt: FigureFormat) -> str:
    file = f"{name}.{fmt}"
    figure.savefig(outdir / file, format=fmt, metadata=_METADATA[fmt], dpi=150)
    return file


def _label(penalty: Penalty) -> str:
    return f"{penalty.name}: {_mpl(penalty.expr)}"


def _mark(ax: Axes, xs: Sequence[sympy.Expr], curve: Callable[[Any], Any],
          color: str) -> None:
    for x in xs:
        y = float(curve(float(x)))
        ax.plot([float(x)], [y], "o", color=color, markersize=5, zorder=5)
        ax.annotate(_mpl(sympy.Eq(symbols.w, x, evaluate=False)), (float(x), y),
                    textcoords="offset points", xytext=(-36, 6), color=color)


def _against_l1(ax: Axes, grid: Any, kind: str, quantity: Callable[[Penalty], sympy.Expr],
                label: Callable[[Penalty, sympy.Expr], str], word: str) -> list[str]:
    """Plot ``quantity`` of L1 and both L2 conventions; mark where L2 meets L1.

    Returns one phrase per L2 convention naming its crossover, for the caption.
    """
    l1, l2, l2h = _penalties()
    words = []
    for index, penalty in enumerate((l1, l2, l2h)):
        expr = quantity(penalty)
        curve = _numeric(expr, symbols.w, {symbols.lam: _LAM})
        ax.plot(grid, curve(grid), _STYLES[index], color=_COLORS[index],
                label=label(penalty, expr))
        if index:
            points = _points(_crossover(l1, penalty, kind), {symbols.lam: _LAM})
            _mark(ax, points, curve, _COLORS[index])
            words.append(f"{', '.join(_eq(symbols.w, p) for p in points)} "
                         f"{word} {_math(penalty.expr)}")
    return words


def _values_figure(outdir: Path, fmt: FigureFormat) -> Figure:
    import numpy as np

    figure, ax = _new()
    words = _against_l1(ax, np.linspace(-2.5, 2.5, _SAMPLES), "value", lambda p: p.expr,
                        lambda p, _: _label(p), "against")
    ax.set(xlabel=_math(symbols.w), ylabel="penalty", ylim=(0, 4))
    ax.legend(loc="upper center")
    file = _save(figure, outdir, "penalties", fmt)
    caption = (f"The penalties at {_eq(symbols.lam, _LAM)}. Dots: where "
               f"{_math(_penalties()[0].expr)} meets the other two on {_math(symbols.w > 0)}: "
               f"{'; '.join(words)}.")
    return Figure(name="penalties", file=file, caption=caption)


def _gradients_figure(outdir: Path, fmt: FigureFormat) -> Figure:
    import numpy as np

    figure, ax = _new()
    words = _against_l1(ax, np.linspace(0, 2, _SAMPLES), "gradient", _gradient_magnitude,
                        lambda p, magnitude: f"{p.name}: {_mpl(magnitude)}", "under")
    ax.set(xlabel=_math(symbols.w), ylabel="gradient magnitude", ylim=(0, 2.5))
    ax.legend(loc="upper left")
    file = _save(figure, outdir, "gradients", fmt)
    caption = (f"Gradient magnitudes at {_eq(symbols.lam, _LAM)}, for {_math(symbols.w > 0)}. "
               "Dots: "
               f"where the L2 gradient meets the L1 gradient, at {' and at '.join(words)}.")
    return Figure(name="gradients", file=file, caption=caption)


def _step_figure(outdir: Path, fmt: FigureFormat) -> Figure:
    import numpy as np

    l1, l2, l2h = _penalties()
    w, lam, eps = symbols.w, symbols.lam, symbols.eps
    values = {lam: _LAM, eps: _EPS}
    grid = np.linspace(float(_EPS), 3, _SAMPLES)
    figure, ax = _new()
    ax.axhline(1.0, color="0.5", linewidth=0.8)
    words = []
    for index, penalty in enumerate((l2, l2h), start=1):
        curve = _numeric(_step_ratio(penalty, l1, _EPS), w, values)
        ax.plot(grid, curve(grid), _STYLES[index], color=_COLORS[index],
                label=f"{_mpl(penalty.expr)} against {_mpl(l1.expr)}")
        points = _points(_crossover(l1, penalty, "step"), values)
        _mark(ax, points, curve, _COLORS[index])
        words.append(f"{', '.join(_eq(w, p) for p in points)} "
                     f"for {_math(penalty.expr)}")
    ax.set(xlabel=_math(w), ylabel="L2 decrease / L1 decrease", yscale="log")
    ax.legend(loc="upper left")
    file = _save(figure, outdir, "step-ratio", fmt)
    caption = (f"How much more one step of size {_eq(eps, _EPS)} toward "
               "zero lowers the L2 penalty than the L1 penalty, as a function of the weight "
               f"{_math(w >= eps)} ({_eq(lam, _LAM)}, log scale). "
               "The ratio "
               f"crosses 1 at {' and at '.join(words)}.")
    return Figure(name="step-ratio", file=file, caption=caption)


def _prox_figure(outdir: Path, fmt: FigureFormat) -> Figure:
    import numpy as np

    l1, l2, l2h = _penalties()
    z, lam, eta = symbols.z, symbols.lam, symbols.eta
    values = {lam: _LAM, eta: _ETA_PROX}
    grid = np.linspace(-3, 3, _SAMPLES)
    figure, ax = _new()
    ax.plot(grid, grid, color="0.6", linewidth=0.8, label="identity")
    for index, penalty in enumerate((l1, l2, l2h)):
        curve = _numeric(_prox(penalty), z, values)
        ax.plot(grid, curve(grid), _STYLES[index], color=_COLORS[index],
                label=f"prox of {_mpl(penalty.expr)}")
    threshold = (eta * _subdifferential_at_zero(l1).sup).subs(values)
    for side in (-threshold, threshold):
        ax.axvline(float(side), color="0.5", linewidth=0.8, linestyle=":")
    ax.set(xlabel=_math(z), ylabel=f"prox$({printing.latex(z)})$")
    ax.legend(loc="upper left")
    file = _save(figure, outdir, "prox", fmt)
    caption = (f"Proximal maps at {_eq(eta, _ETA_PROX)}, "
               f"{_eq(lam, _LAM)}. Soft thresholding (L1) returns exactly 0 "
               f"for {_math(sympy.Abs(z) <= threshold)} (dotted lines, {_math(eta)} times the "
               f"subdifferential of L1 at 0); the L2 maps are {_math(_prox(l2))} and "
               f"{_math(_prox(l2h))}.")
    return Figure(name="prox", file=file, caption=caption)


def _descent_figure(outdir: Path, fmt: FigureFormat) -> Figure:
    import numpy as np

    l1, l2, _ = _penalties()
    k, w0, eta, lam = symbols.k, symbols.w0, symbols.eta, symbols.lam
    values = {w0: _W0, eta: _ETA_DESCENT, lam: _LAM}
    ks = np.arange(_STEPS + 1)
    figure, ax = _new()
    runs = (
        (_descent(l1, "proximal"), "proximal steps on"),
        (_descent(l2, "proximal"), "proximal steps on"),
        (_descent(l2, "gradient"), "gradient steps on"),
    )
    zero = None
    for index, (run, words) in enumerate(runs):
        curve = _numeric(run.iterate, k, values)
        color = _COLORS[index if index < 2 else 3]
        ax.plot(ks, curve(ks), _STYLES[index], color=color, marker="o", markersize=3,
                label=f"{words} {_mpl(run.penalty.expr)}")
        if run.zero_after is not None:
            zero = run.zero_after.subs(values)
            ax.axvline(float(zero), color=color, linewidth=0.8, linestyle=":")
    ax.set(xlabel=f"step {_math(k)}", ylabel=_sub(symbols.w, k),
           ylim=(-0.1, float(_W0) + 0.1))
    ax.legend(loc="upper right")
    file = _save(figure, outdir, "descent", fmt)
    reached = ("; the L1 iterate reaches 0 exactly after "
               f"{printing.latex(zero)} steps (dotted line) and stays there") if zero else ""
    caption = (f"Descent on the penalty alone from {_eq(w0, _W0)} with "
               f"{_eq(eta, _ETA_DESCENT)}, {_eq(lam, _LAM)}"
               f"{reached}. The L2 iterates shrink geometrically and never reach 0.")
    return Figure(name="descent", file=file, caption=caption)


_MAKERS = (_values_figure, _gradients_figure, _step_figure, _prox_figure, _descent_figure)


def make_figures(outdir: Path, *, fmt: FigureFormat) -> tuple[Figure, ...]:
    """Draw every figure of the report into ``outdir`` (created if needed).

    Args:
        outdir: the directory to write to; existing files of the same names
            are replaced, nothing else is touched.
        fmt: ``"pdf"`` (vector, for LaTeX), ``"svg"`` or ``"png"`` (for Markdown).

    Returns:
        The figures, in report order.

    Raises:
        InvalidParameterError: an unknown format.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [f.name for f in make_figures(Path(tmp), fmt="svg")]
    ['penalties', 'gradients', 'step-ratio', 'prox', 'descent']
    """
    if fmt not in FORMATS:
        raise InvalidParameterError(f"fmt must be one of pdf, svg, png, got {fmt!r}")
    from symreg.render._figcache import data_digest, figure_files

    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)

    def drawing(maker: Callable[[Path, FigureFormat], Figure]
                ) -> Callable[[], tuple[str, str, str]]:
        def draw() -> tuple[str, str, str]:
            figure = maker(outdir, fmt)
            return figure.name, figure.file, figure.caption
        return draw

    makers = [(maker.__name__, drawing(maker)) for maker in _MAKERS]
    # A figure drawn from exactly the same data before is taken from the cache
    # (symreg.render._figcache); matplotlib is then not even imported.
    digest = data_digest(figure_data(_PARAMETERS, _EPS))
    drawn = figure_files(outdir, fmt, digest, makers, _style)
    return tuple(Figure(name=name, file=file, caption=caption) for name, file, caption in drawn)
