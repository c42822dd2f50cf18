r"""A verified catalogue of proximal operators of named scalar penalties.

Each :class:`Entry` names a penalty, the hypothesis its closed form needs (a
step small enough for MCP, SCAD and the log penalty), and the source of the
closed form. Nothing is typed in: :meth:`Entry.derivation` derives the prox
from the optimality condition with :func:`symreg.prox.prox_derivation` and
verifies every step; :func:`page` renders that derivation as the entry's
documentation page.

>>> [e.name for e in ENTRIES][:4]
['l1', 'l2', 'l2-half', 'elastic-net']
>>> entry("l1").prox()
Piecewise((-eta*lam + z, z > eta*lam), (eta*lam + z, z < -eta*lam), (0, True))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from symreg import symbols
from symreg.derivation import Derivation
from symreg.errors import InvalidParameterError
from symreg.penalties import L1, L2, ElasticNet, Lp, Penalty, penalty
from symreg.prox import prox, prox_derivation

__all__ = ["ENTRIES", "Entry", "IntervalIndicator", "entry", "index_page", "page", "write_pages"]

w, lam, eta = symbols.w, symbols.lam, symbols.eta
#: The shape parameter of Huber, berhu, MCP and the log penalty.
gamma = sympy.Symbol("gamma", positive=True)
#: The shape parameter of SCAD.
a = sympy.Symbol("a", positive=True)

_COMBETTES = ("the proximity operator repository of Chierchia, Chouzenoux, Combettes and "
              "Pesquet (http://proximity-operator.net)")
_CHAUX = ("Chaux, Combettes, Pesquet and Wajs, A variational formulation for frame-based "
          "inverse problems, Inverse Problems 23(4), 2007 (the proximity operators of the "
          "powers 4/3, 3/2, 3 and 4 of the absolute value)")
_PARIKH = ("Parikh and Boyd, Proximal Algorithms, Foundations and Trends in Optimization "
           "1(3), 2014")


@dataclass(frozen=True, slots=True)
class Entry:
    """A named penalty of the catalogue, with its hypothesis and the source of its prox.

    Attributes:
        name: the short name (the page's file name).
        title: a human title.
        penalty: the penalty.
        hypothesis: the condition on the step (and the parameters) the closed
            form needs (``True`` when none), besides the penalty's own
            :attr:`~symreg.penalties.Penalty.hypotheses`; :attr:`hypotheses`
            lists both.
        source: where the closed form is published.
        pyproximal: the PyProximal operator with the same prox, and how its
            parameters map (or empty when it has none).
    """

    name: str
    title: str
    penalty: Penalty
    hypothesis: Any
    source: str
    pyproximal: str = ""

    @property
    def hypotheses(self) -> tuple[Any, ...]:
        """Every condition the closed form holds under: the penalty's, then the step's.

        >>> [str(c) for c in entry("scad").hypotheses]
        ['a > 2', 'eta < a - 1']
        """
        return tuple(c for h in (self.penalty.hypotheses, self.hypothesis) if h is not sympy.true
                     for c in (h.args if isinstance(h, sympy.And) else (h,)))

    def derivation(self, timeout: float | None = None) -> Derivation:
        """The verified derivation of the prox with step ``eta``."""
        return prox_derivation(self.penalty, eta, assume=self._assume(), timeout=timeout)

    def prox(self, timeout: float | None = None) -> sympy.Basic:
        """The prox with step ``eta`` (in the original parameters)."""
        return prox(self.penalty, eta, assume=self._assume(), timeout=timeout)

    def _assume(self) -> Any:
        return None if self.hypothesis is sympy.true else self.hypothesis


#: The ends of the interval of the indicator.
lower, upper = sympy.Symbol("l", real=True), sympy.Symbol("h", real=True)


class IntervalIndicator(Penalty):
    """The indicator of ``[lower, upper]``: ``0`` there, ``+oo`` elsewhere (its prox clips).

    It is convex: its epigraph is the product of the interval and a half-line,
    a convex set. Its value ``+oo`` makes it a penalty for the prox only.
    """

    name = "indicator"

    def __init__(self, low: Any = lower, high: Any = upper) -> None:
        super().__init__(low=sympy.sympify(low), high=sympy.sympify(high))

    @property
    def expr(self) -> sympy.Expr:
        inside = (w >= self.low) & (w <= self.high)  # type: ignore[attr-defined]
        return sympy.Piecewise((sympy.S.Zero, inside), (sympy.oo, True))

    @property
    def convex(self) -> bool:
        return True

    def __repr__(self) -> str:
        return f"IntervalIndicator({self.low}, {self.high})"  # type: ignore[attr-defined]


_HUBER = lam * sympy.Piecewise((w**2 / 2, sympy.Abs(w) <= gamma),
                               (gamma * sympy.Abs(w) - gamma**2 / 2, True))
_BERHU = lam * sympy.Piecewise((sympy.Abs(w), sympy.Abs(w) <= gamma),
                               ((w**2 + gamma**2) / (2 * gamma), True))
_MCP = sympy.Piecewise((lam * sympy.Abs(w) - w**2 / (2 * gamma), sympy.Abs(w) <= gamma * lam),
                       (gamma * lam**2 / 2, True))
_SCAD = sympy.Piecewise(
    (lam * sympy.Abs(w), sympy.Abs(w) <= lam),
    ((2 * a * lam * sympy.Abs(w) - w**2 - lam**2) / (2 * (a - 1)), sympy.Abs(w) <= a * lam),
    ((a + 1) * lam**2 / 2, True))
_L0 = lam * sympy.Piecewise((0, sympy.Eq(w, 0)), (1, True))
_LOG = lam * sympy.log(1 + sympy.Abs(w) / gamma)

ENTRIES: tuple[Entry, ...] = (
    Entry("l1", "L1 (soft thresholding)", L1(), sympy.true,
          f"{_PARIKH}; {_COMBETTES}", "L1(sigma=lam)"),
    Entry("l2", "L2 in the convention lam*w**2", L2(), sympy.true,
          f"{_PARIKH}", "L2(sigma=2*lam)"),
    Entry("l2-half", "L2 in the convention lam/2*w**2", L2(half=True), sympy.true,
          f"{_PARIKH}", "L2(sigma=lam)"),
    Entry("elastic-net", "Elastic net, lam1*|w| + lam2*w**2", ElasticNet(), sympy.true,
          f"{_PARIKH}; {_COMBETTES}", ""),
    Entry("elastic-net-half", "Elastic net, lam1*|w| + lam2/2*w**2", ElasticNet(half=True),
          sympy.true,
          f"{_PARIKH}; {_COMBETTES}", ""),
    Entry("lp-4-3", "Power 4/3, lam*abs(w)**(4/3)", Lp(sympy.Rational(4, 3)), sympy.true,
          f"{_CHAUX}; {_COMBETTES} (power functions, exponent 4/3: a cubic in the cube root "
          "of abs(u), whose one real root is given by Cardano's formula)", ""),
    Entry("lp-3-2", "Power 3/2, lam*abs(w)**(3/2)", Lp(sympy.Rational(3, 2)), sympy.true,
          f"{_COMBETTES} (power functions, exponent 3/2: a quadratic in the square root "
          "of abs(u))", ""),
    Entry("lp-3", "Power 3, lam*abs(w)**3", Lp(3), sympy.true,
          f"{_COMBETTES} (power functions, exponent 3: a quadratic in abs(u))", ""),
    Entry("lp-4", "Power 4, lam*w**4", Lp(4), sympy.true,
          f"{_CHAUX}; {_COMBETTES} (power functions, exponent 4: a cubic in u, whose one "
          "real root is given by Cardano's formula)", ""),
    Entry("huber", "Huber", penalty(_HUBER, w, name="Huber"), sympy.true,
          f"{_PARIKH}; {_COMBETTES}", "Huber(alpha=gamma), lam = 1/gamma"),
    Entry("berhu", "Reverse Huber (berhu)", penalty(_BERHU, w, name="berhu"), sympy.true,
          f"{_COMBETTES} (the berhu function of Owen)", ""),
    Entry("mcp", "MCP (firm thresholding)", penalty(_MCP, w, name="MCP"), eta < gamma,
          "Zhang, Nearly unbiased variable selection under minimax concave penalty, "
          "Annals of Statistics 38(2), 2010", ""),
    Entry("scad", "SCAD", penalty(_SCAD, w, name="SCAD", assume=a > 2), eta < a - 1,
          "Fan and Li, Variable selection via nonconcave penalized likelihood and its "
          "oracle properties, JASA 96(456), 2001", "SCAD(sigma=lam, a=a), step 1"),
    Entry("clip", "Indicator of an interval (clipping)", IntervalIndicator(), lower < upper,
          f"{_PARIKH} (projection onto a closed convex set); {_COMBETTES}",
          "Box(lower=l, upper=h)"),
    Entry("l0", "l0 (hard thresholding)", penalty(_L0, w, name="l0"), sympy.true,
          f"{_COMBETTES} (the l0 penalty: hard thresholding, a set at the threshold)",
          "L0(sigma=lam), one of the set's points at the threshold"),
    Entry("log", "Log penalty", penalty(_LOG, w, name="log"), eta * lam < gamma**2,
          "Malioutov and Aravkin, Iterative log thresholding, ICASSP 2014 (the proximal "
          "map of the log penalty as the larger root of a quadratic on each side of a "
          "threshold), here for a step where the prox objective is convex; the penalty "
          "as in Friedman, Fast sparse regression and classification, International "
          "Journal of Forecasting 28(3), 2012",
          "Log(sigma=lam*log(1 + 1/gamma), gamma=1/gamma)"),
)


def entry(name: str) -> Entry:
    """The catalogue entry called ``name``.

    >>> entry("huber").title
    'Huber'
    """
    for e in ENTRIES:
        if e.name == name:
            return e
    known = ", ".join(e.name for e in ENTRIES)
    raise InvalidParameterError(f"no catalogue entry {name!r}; the entries are {known}")


def page(name: str, timeout: float | None = None) -> str:
    """The Markdown documentation page of an entry, generated from its verified derivation."""
    e = entry(name)
    derivation = e.derivation(timeout)
    lines = [f"# {e.title}", "", f"Source of the closed form: {e.source}.", ""]
    if e.hypotheses:
        lines += [f"Hypothesis: {_conditions(e)}.", ""]
    if e.pyproximal:
        lines += [f"PyProximal: `{e.pyproximal}`.", ""]
    lines += ["The proximal operator, as derived:", "", "$$",
              _latex(e.prox(timeout)), "$$", "", derivation.markdown(level=2)]
    return "\n".join(lines).rstrip() + "\n"


def index_page(names: list[str]) -> str:
    """The index of the catalogue pages, with a table of what is derived and from where."""
    lines = [
        "# Proximal catalogue", "",
        "Each page below is generated by `python -m symreg.proxlib docs/catalogue/prox` "
        "from the verified derivation of the entry's proximal operator (step "
        f"${_latex(symbols.eta)}$), "
        "in `symreg.proxlib`. Nothing is typed in: the engine cuts the penalty into "
        "pieces, solves the optimality condition on each and at each cut, and proves "
        "every step. Entries whose prox objective is not convex give the set-valued "
        "argmin.", "",
        "| entry | hypothesis | source |", "|---|---|---|"]
    for e in ENTRIES:
        if e.name in names:
            hyp = _conditions(e) if e.hypotheses else "none"
            lines.append(f"| [{e.title}]({e.name}.md) | {hyp} | {e.source} |")
    missing = [e.name for e in ENTRIES if e.name not in names]
    if missing:
        lines += ["", "Not derived yet (the engine says what it could not do): "
                  + ", ".join(missing) + "."]
    lines += ["", "```{toctree}", ":hidden:", "", *names, "```"]
    return "\n".join(lines) + "\n"


def write_pages(directory: str, timeout: float | None = None) -> list[str]:
    """Write one page per entry whose prox is derived, and the index; returns the names."""
    from pathlib import Path

    from symreg.errors import UnsupportedError

    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    written = []
    for e in ENTRIES:
        try:
            text = page(e.name, timeout)
        except UnsupportedError:
            continue
        (root / f"{e.name}.md").write_text(text, encoding="utf-8")
        written.append(e.name)
    (root / "index.md").write_text(index_page(written), encoding="utf-8")
    return written


def _conditions(e: Entry) -> str:
    return " and ".join(f"${_latex(c)}$" for c in e.hypotheses)


def _latex(value: sympy.Basic) -> str:
    from symreg import printing

    return printing.latex(value)
