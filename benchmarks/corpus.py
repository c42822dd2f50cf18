r"""A corpus of answer pairs with known truth, for benchmarking answer checkers.

Each :class:`Pair` holds an ``answer`` and an ``expected`` expression, as plain
text or LaTeX, and whether they are equivalent (equal for *all* admissible
values: ``w`` and ``z`` real, ``lam``, ``eta``, ``eps``, ``sigma``, ``b``
positive). Equal at a value means that both sides have a real value there and
the two are the same: a value where either side has none is a difference, even
when the other has none either (the checker's ``strict`` policy, under which
the corpus is run). So ``log(w^2)`` and ``2 log|w|``, both without a value at
``w = 0``, are not equal for all real ``w``. The corpus mixes typical
regularization answers (gradients, proximal operators, soft thresholding,
priors, conventions) with traps that a careless checker gets wrong:
differences only at 0, only for negative values, only inside a threshold, or
tiny ones (``w/10**12``), decimals that are not the constant they approximate,
and identities that need the symbols' domains.

The truth labels were set by hand from the mathematics, not by running a
checker. ``python benchmarks/corpus.py`` prints a summary.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CORPUS", "Pair"]


@dataclass(frozen=True, slots=True)
class Pair:
    """One answer pair.

    Attributes:
        answer: the answer, as text (or LaTeX when ``latex``).
        expected: the expected expression, in the same syntax.
        equivalent: the truth: equal for all admissible values.
        latex: both strings are LaTeX.
        note: what the pair tests.
    """

    answer: str
    expected: str
    equivalent: bool
    latex: bool = False
    note: str = ""


def _t(answer: str, expected: str, equivalent: bool, note: str = "") -> Pair:
    return Pair(answer, expected, equivalent, False, note)


def _x(answer: str, expected: str, equivalent: bool, note: str = "") -> Pair:
    return Pair(answer, expected, equivalent, True, note)


SOFT = "sign(z) max(|z| - lam, 0)"
SOFT_ETA = "sign(z) max(|z| - eta lam, 0)"

CORPUS: tuple[Pair, ...] = (
    # --- domains of the symbols -----------------------------------------------------
    _t("sqrt(w^2)", "|w|", True, "w is real"),
    _t("sqrt(w^2)", "w", False, "differs for w < 0"),
    _t("log(sigma^2)/2", "log(sigma)", True, "sigma > 0"),
    _t("sqrt(lam^2)", "lam", True, "lam > 0"),
    _t("sqrt(lam^2 w^2)", "lam |w|", True, "lam > 0, w real"),
    _t("(w^2)^(1/2)", "w", False, "differs for w < 0"),
    _t("log(b^2)", "2 log(b)", True, "b > 0"),
    _t("log(w^2)", "2 log(|w|)", False, "equal for w != 0, neither has a value at w = 0"),
    _t("log(exp(w))", "w", True, "w real"),
    _t("exp(log(sigma))", "sigma", True, "sigma > 0"),
    _t("|lam|", "lam", True, "lam > 0"),
    _t("|w|", "w", False, "w may be negative"),
    _t("|eta lam w|", "eta lam |w|", True, "positive factors leave the bars"),
    _t("sqrt(sigma^4)", "sigma^2", True, ""),
    _t("1/(1/lam)", "lam", True, ""),
    # --- traps: tiny or local differences --------------------------------------------
    _t("w^2 + w/10^12", "w^2", False, "tiny difference"),
    _t("sign(w)^2", "1", False, "differs only at w = 0"),
    _t("w (w-1)(w-2)(w-3)", "0", False, "zero at 0, 1, 2, 3 only"),
    _t("sign(w)", "w/|w| + 0", False, "undefined vs 0 at w = 0"),
    _t("w^2 + 1e-9", "w^2", False, "tiny constant"),
    _t("0.333 w", "w/3", False, "a decimal is not 1/3"),
    _t("3.14159 w^2", "pi w^2", False, "a decimal is not pi"),
    _t("0.5 lam w^2", "lam w^2/2", True, "exact decimal"),
    _t("0.029999", "29999/1000000", True, "decimals are exact"),
    _t("1e-3 w", "w/1000", True, "scientific notation"),
    _t("2.5e2", "250", True, ""),
    _t("max(w - 100, 0)", "0", False, "differs only for w > 100"),
    _t("max(|w| - 1/1000, 0)", "|w|", False, "differs only near 0"),
    _t("(w - 1/3)^2 (w + 5/3)^2", "0", False, "zero only at two points"),
    _t("|w| + |z|", "|w + z|", False, "differs for opposite signs"),
    _t("sqrt(w^2 + z^2)", "|w| + |z|", False, ""),
    _t("(w + lam)^2", "w^2 + lam^2", False, "missing cross term"),
    _t("w^2 - 1", "(w - 1)^2", False, ""),
    _t("exp(-w^2/(2 sigma^2))", "exp(-w^2/(2 sigma))", False, "sigma vs sigma^2"),
    _t("w/(1 + eta lam)", "w (1 - eta lam)", False, "first-order approximation"),
    _t("max(w, 0)", "(w + |w|)/2 + w/10^9", False, "tiny slope"),
    # --- algebraic identities -------------------------------------------------------
    _t("(w + lam)^2", "w^2 + 2 lam w + lam^2", True, ""),
    _t("(w - 1)(w + 1)", "w^2 - 1", True, ""),
    _t("(1 + w)^6", "1 + 6w + 15w^2 + 20w^3 + 15w^4 + 6w^5 + w^6", True, "expansion"),
    _t("w - 2 eta lam w", "w (1 - 2 eta lam)", True, "L2 gradient step"),
    _t("exp(w) exp(z)", "exp(w + z)", True, ""),
    _t("w^2/(2 sigma^2)", "(w/sigma)^2/2", True, ""),
    _t("log(2 b) + |w|/b", "log(b) + log(2) + |w|/b", True, "Laplace negative log"),
    _t("w^2/(2 sigma^2) + log(sigma) + log(2 pi)/2", "(w^2/sigma^2 + log(2 pi sigma^2))/2",
       True, "Gaussian negative log"),
    _t("|w z|", "|w| |z|", True, ""),
    _t("lam/(2 sigma^2)", "lam sigma^(-2)/2", True, ""),
    _t("2 lam w", "lam (w + w)", True, "derivative of lam w^2"),
    _t("z/(1 + 2 eta lam)", "z/(2 eta lam + 1)", True, "L2 prox"),
    _t("z - eta (2 lam z)/(1 + 2 eta lam)", "z/(1 + 2 eta lam)", True, "prox rewritten"),
    _t("w - eta (2 lam w + 2 (w - 1))", "w (1 - 2 eta lam - 2 eta) + 2 eta", True,
       "ridge gradient step"),
    _t("(w^2 + 2 w + 1)/(w + 1)", "w + 1", False, "undefined at w = -1"),
    _t("(w^2 + 2 w + 1)/(w^2 + 1)", "1 + 2 w/(w^2 + 1)", True, "partial fractions"),
    # --- conventions of L2 -------------------------------------------------------------
    _t("lam w", "2 lam w", False, "lam w^2 vs lam/2 w^2 convention"),
    _t("z/(1 + eta lam)", "z/(1 + 2 eta lam)", False, "half convention prox"),
    _t("lam w^2", "lam w^2/2", False, "penalty convention"),
    _t("z/(1 + 2 eta lam)", "z/(1 + eta lam)", False, "other convention"),
    # --- nonsmooth: Abs, sign, Max, Min ----------------------------------------------
    _t("max(w, 0) + min(w, 0)", "w", True, ""),
    _t("max(w, 0) - max(-w, 0)", "w", True, ""),
    _t("|w|", "max(w, -w)", True, ""),
    _t("sign(w) |w|", "w", True, ""),
    _t("w sign(w)", "|w|", True, ""),
    _t("max(w, z) + min(w, z)", "w + z", True, ""),
    _t("max(w, z) - min(w, z)", "|w - z|", True, ""),
    _t("max(w, lam) + min(w, lam)", "w + lam", True, ""),
    _t("max(w, 0)", "(w + |w|)/2", True, "ReLU"),
    _t("min(w, 0)", "(w - |w|)/2", True, ""),
    _t("max(|w|, lam)", "max(w, -w, lam)", True, ""),
    _t("sign(w)", "sign(w)^3", True, ""),
    _t("sign(-w)", "-sign(w)", True, ""),
    _t("sign(lam w)", "sign(w)", True, "lam > 0"),
    _t("sign(w) max(|w|, 0)", "w", True, ""),
    _t("|w| - w", "0", False, "differs for w < 0"),
    _t("max(w, 0)", "w", False, "differs for w < 0"),
    _t("min(w, lam)", "w", False, "differs for w > lam"),
    _t("max(w, -lam)", "max(w, lam)", False, "differs inside [-lam, lam]"),
    # --- soft thresholding and proximal operators -----------------------------------
    _t(SOFT, "z - max(-lam, min(z, lam))", True, "soft threshold, clip form"),
    _t(SOFT_ETA, "z - max(-eta lam, min(z, eta lam))", True, "soft threshold with a step"),
    _t(SOFT, "max(z - lam, 0) - max(-z - lam, 0)", True, "soft threshold, two ramps"),
    _t(SOFT, "max(z - lam, 0) + min(z + lam, 0)", True, "soft threshold, max and min"),
    _t(SOFT, "max(z - lam, 0)", False, "wrong for z < -lam"),
    _t(SOFT, "sign(z) (|z| - lam)", False, "wrong inside [-lam, lam]"),
    _t(SOFT, "z - lam sign(z)", False, "subgradient step, wrong inside"),
    _t(SOFT, "sign(z) max(|z| - 2 lam, 0)", False, "threshold doubled"),
    _t(SOFT, "sign(z) max(|z| - lam, 0) + sign(z)^2/10^6", False, "tiny bump"),
    _t(SOFT_ETA, "sign(z) max(|z| - lam, 0)", False, "step forgotten"),
    _t("z - max(-lam, min(z, lam))", "max(z - lam, 0) - max(-z - lam, 0)", True, ""),
    _t("max(min(z, lam), -lam)", "min(max(z, -lam), lam)", True, "clip both ways"),
    _t("max(min(z, lam), -lam)", "z", False, "clip is not the identity"),
    _t("sign(z) max(|z| - lam, 0)/(1 + 2 eta)", "(max(z - lam, 0) + min(z + lam, 0))/(1 + 2 eta)",
       True, "elastic net prox shape"),
    _t("sign(w) max(|w| - eps, 0)", "w - max(-eps, min(w, eps))", True, "step toward zero"),
    _t("w - eps sign(w)", "sign(w) max(|w| - eps, 0)", False, "overshoots through 0"),
    _t("max(|w| - lam, 0)", "max(w - lam, 0) + max(-w - lam, 0)", True, ""),
    _t("max(|w| - lam, 0)^2", "max(w^2 - 2 lam |w| + lam^2, 0)", False,
       "differs inside the threshold"),
    _t("lam |w|", "lam max(w, -w)", True, "L1 penalty"),
    _t("lam sign(w)", "lam w/|w|", False, "undefined at 0"),
    # --- LaTeX -------------------------------------------------------------------------
    _x(r"\sqrt{w^{2}}", r"\left|w\right|", True, ""),
    _x(r"\sqrt{w^2}", r"w", False, ""),
    _x(r"\frac{1}{2}\log\left(\sigma^{2}\right)", r"\log\sigma", True, ""),
    _x(r"\frac{\lambda}{2} w^{2}", r"\frac{\lambda w^2}{2}", True, ""),
    _x(r"2\lambda w", r"\lambda w", False, "convention"),
    _x(r"\operatorname{sign}(z)\max\left(|z| - \lambda, 0\right)",
       r"z - \max\left(-\lambda, \min(z, \lambda)\right)", True, "soft threshold"),
    _x(r"\operatorname{sign}(z)\max(|z| - \eta\lambda, 0)",
       r"\max(z - \eta\lambda, 0) + \min(z + \eta\lambda, 0)", True, ""),
    _x(r"\operatorname{sign}(z)\max(|z| - \lambda, 0)", r"\max(z - \lambda, 0)", False, ""),
    _x(r"\frac{z}{1 + 2\eta\lambda}", r"\frac{z}{1+\eta\lambda}", False, "convention"),
    _x(r"\frac{z}{1 + 2\eta\lambda}", r"z\cdot\frac{1}{2\lambda\eta + 1}", True, ""),
    _x(r"\lambda \left| w \right|", r"\lambda\max(w, -w)", True, ""),
    _x(r"\mathrm{sgn}(w)^{2}", r"1", False, "differs at 0"),
    _x(r"\exp\left(-\frac{w^2}{2\sigma^2}\right)", r"\exp(-\frac{w^2}{2\sigma^{2}})", True, ""),
    _x(r"\frac{|w|}{b} + \log(2b)", r"\frac{\left|w\right|}{b} + \ln 2 + \ln b", True, ""),
    _x(r"w^{2} + \frac{w}{10^{12}}", r"w^{2}", False, "tiny difference"),
    _x(r"w(w-1)(w-2)(w-3)", r"0", False, ""),
    _x(r"\max(w, 0) + \min(w, 0)", r"w", True, ""),
    _x(r"\left|w\right| \cdot \operatorname{sign}(w)", r"w", True, ""),
    _x(r"\varepsilon\,\mathrm{sgn}(w)", r"\epsilon \operatorname{sign}(w)", True, ""),
    _x(r"\frac{\lambda}{\sigma^{2}}", r"\frac{\lambda}{\sigma \cdot \sigma}", True, ""),
    _x(r"\sqrt{\lambda^{2}}", r"\lambda", True, ""),
    _x(r"\left(w + \lambda\right)^{2}", r"w^2 + \lambda^2", False, ""),
    _x(r"\max\{0, z - \lambda\}", r"\max(z - \lambda, 0)", True, "braces as arguments"),
    _x(r"\lvert w \rvert - w", r"0", False, ""),
)


if __name__ == "__main__":
    plain = sum(not p.latex for p in CORPUS)
    same = sum(p.equivalent for p in CORPUS)
    print(f"{len(CORPUS)} pairs: {plain} plain text, {len(CORPUS) - plain} LaTeX; "
          f"{same} equivalent, {len(CORPUS) - same} different")
