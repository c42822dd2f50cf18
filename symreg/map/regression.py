r"""MAP estimation in linear regression: the penalised least squares it solves, both fits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy
from sympy import stats

from symreg import printing, symbols
from symreg._memo import results_memo
from symreg._validate import require_positive
from symreg.convention import Convention
from symreg.derivation import Derivation, Step
from symreg.errors import InvalidParameterError, UnsupportedError
from symreg.map._common import (
    check_half,
    check_prior,
    plus,
    positivity,
    slug,
    split_neg_log,
    times,
    unit_regularizer,
)
from symreg.map.penalty import map_penalty
from symreg.priors import RESIDUAL, Norm, Prior
from symreg.proof import simplified

__all__ = ["RegressionMap", "regression_map"]

w = symbols.w
_r, _n, _i, _y, _x = symbols.r, symbols.n, symbols.i, symbols.y, symbols.x


@dataclass(frozen=True, slots=True, kw_only=True)
class RegressionMap:
    r"""MAP estimation in linear regression as penalised least squares.

    The model is ``y_i = x_i*w + e_i`` for ``i = 1..n`` with independent
    noise ``e_i ~ N(0, s**2)`` and the prior on ``w``. The MAP estimate
    minimises :attr:`objective` ``= data_fit + lam * regularizer``.

    Attributes:
        prior: the prior on ``w``.
        noise_scale: the standard deviation ``s`` of the noise.
        lam: the regularization strength of the objective.
        scale: the positive factor the negative log posterior was multiplied
            by (``2*s**2``, or ``s**2`` with ``half=True``).
        data_fit: ``Sum((y_i - x_i*w)**2)``, halved with ``half=True``.
        regularizer: ``R(w)`` for one weight (``w**2``, ``w**2/2``,
            ``|w|`` or ``|w|**beta``).
        objective: ``data_fit + lam*regularizer`` with ``lam`` substituted.
        convention: the objective in vector form as data, e.g.
            ``Norm(y - X w, 2)**2 + lam*Norm(w, 2)**2`` (see :class:`Norm`).
        steps: the derivation (see :meth:`derivation`).
    """

    prior: Prior
    noise_scale: sympy.Expr
    lam: sympy.Expr
    scale: sympy.Expr
    data_fit: sympy.Expr
    regularizer: sympy.Expr
    objective: sympy.Expr
    convention: Convention
    steps: tuple[Step, ...] = field(repr=False)

    def derivation(self) -> Derivation:
        """The steps as a :class:`~symreg.derivation.Derivation` (call ``verify()`` on it)."""
        return Derivation(
            name=f"map-regression-{slug(self.prior)}",
            title=printing.words(f"MAP regression with a {self.prior.name} prior ({{}})",
                                 printing.as_written(self.convention.expr, order="none")),
            steps=self.steps,
            results={"lam": self.lam},
            prose=(f"MAP estimation with Gaussian noise and a zero-mean {self.prior.name} "
                   "prior is penalised least squares."),
            conventions=(self.convention,),
        )

    def objective_for(self, x: Sequence[Any], y: Sequence[Any]) -> sympy.Expr:
        """The objective for concrete data ``x_1..x_n`` and ``y_1..y_n``, as an expression in w.

        >>> from symreg.priors import Gaussian
        >>> regression_map(Gaussian(1), noise_scale=1).objective_for(x=[1, 2], y=[3, 1])
        w**2 + (1 - 2*w)**2 + (3 - w)**2
        """
        if len(x) != len(y) or not x:
            raise InvalidParameterError(
                f"x and y must be non-empty and of the same length, got {len(x)} and {len(y)}"
            )
        values: dict[sympy.Basic, sympy.Expr] = {}
        for k, (x_k, y_k) in enumerate(zip(x, y, strict=True), start=1):
            values[_x[k]] = sympy.sympify(x_k, strict=True)
            values[_y[k]] = sympy.sympify(y_k, strict=True)
        return self.objective.subs(_n, len(x)).doit().subs(values)

    def _objective_latex(self) -> str:
        return plus(printing.latex(self.data_fit),
                     printing.latex(symbols.lam * self.regularizer))

    def latex(self) -> str:
        r"""The objective and its ``lam`` as LaTeX.

        >>> from symreg.priors import Gaussian
        >>> from symreg.symbols import s, sigma
        >>> print(regression_map(Gaussian(sigma), noise_scale=s).latex())
        ... # doctest: +NORMALIZE_WHITESPACE
        \min_{w} \sum_{i=1}^{n} \left({y}_{i} - {x}_{i} w\right)^{2} + \lambda w^{2},
        \quad \lambda = \frac{s^{2}}{\sigma^{2}}
        """
        return (f"\\min_{{{printing.latex(w)}}} {self._objective_latex()}, \\quad "
                f"{printing.latex(symbols.lam)} = {printing.latex(self.lam)}")

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"


def regression_map(prior: Prior, noise_scale: Any = symbols.s, *,
                   half: bool = False) -> RegressionMap:
    r"""Derive the penalised least-squares problem that MAP regression solves.

    For ``y_i = x_i*w + e_i`` (``i = 1..n``) with independent noise
    ``e_i ~ N(0, s**2)`` and a prior on ``w``, the negative log posterior is,
    up to a constant, ``Sum((y_i - x_i*w)**2)/(2*s**2) + penalty(w)``.
    Multiplying it by ``2*s**2 > 0`` (``s**2`` with ``half=True``) does not
    move its minimiser and gives ``data_fit + lam*R(w)``; ``lam`` is read off
    as the coefficient of ``R(w)``:

    * Gaussian prior: ``||y - Xw||^2 + lam*||w||^2`` with ``lam = s**2/sigma**2``;
      with ``half=True``, ``1/2*||y - Xw||^2 + lam/2*||w||^2`` with the same
      ``lam = s**2/sigma**2``.
    * Laplace prior: ``||y - Xw||^2 + lam*||w||_1`` with ``lam = 2*s**2/b``;
      with ``half=True``, ``1/2*||y - Xw||^2 + lam*||w||_1`` with
      ``lam = s**2/b``.
    * Generalized Gaussian prior: ``||y - Xw||^2 + lam*sum_j |w_j|**beta`` with
      ``lam = 2*s**2/alpha**beta`` (``s**2/alpha**beta`` with ``half=True``).

    The derivation is written for one weight ``w`` with feature values ``x_i``;
    with several independent weights the prior terms add up coordinate by
    coordinate and give the same ``lam``.

    Args:
        prior: the prior on the weight.
        noise_scale: the standard deviation ``s`` of the noise (> 0).
        half: use the ``1/2*||y - Xw||^2`` data fit, and the ``lam/2*||w||^2``
            ridge penalty.

    Returns:
        A :class:`RegressionMap`; its steps are not verified yet
        (``result.derivation().verify()`` does that).

    Raises:
        InvalidParameterError: for an invalid prior, noise scale or ``half``.

    >>> from symreg.priors import Gaussian, Laplace
    >>> from symreg.symbols import b, s, sigma
    >>> regression_map(Gaussian(sigma), half=True).lam
    s**2/sigma**2
    >>> regression_map(Laplace(b), half=True).lam
    s**2/b
    >>> regression_map(Laplace(b), noise_scale=0)
    Traceback (most recent call last):
    ...
    symreg.errors.InvalidParameterError: noise_scale must be positive (> 0), got 0
    """
    check_prior(prior)
    scale = require_positive(noise_scale, "noise_scale")
    return _regression_map(prior, scale, check_half(half))


@results_memo(64)
def _regression_map(prior: Prior, noise_scale: sympy.Expr, half: bool) -> RegressionMap:
    # The reasons print their math when they are shown: one result for every notation.
    where = positivity(*(value for _, value in prior.parameters), noise_scale)
    prior_part = map_penalty(prior, half=half)
    penalty = prior_part.penalty

    # One observation: -log of the noise density at a residual r.
    noise = stats.density(stats.Normal("E", 0, noise_scale))(_r)
    noise_neg_log, noise_expanded, noise_constant, noise_dependent = split_neg_log(noise, _r)
    noise_weight = simplified(noise_dependent / _r**2)  # 1/(2*s**2)

    # n independent observations, residuals r_i = y_i - x_i*w.
    residual = _y[_i] - _x[_i] * w
    squares = sympy.Sum(residual**2, (_i, 1, _n))
    dependent = noise_weight * squares + penalty.expr
    constant = _n * noise_constant + prior_part.constant

    # Scale so that the data fit is ||y - Xw||^2 (or half of it).
    fit_weight = sympy.Rational(1, 2) if half else sympy.S.One
    scale = simplified(fit_weight / noise_weight)
    data_fit = fit_weight * squares
    regularizer = prior.penalty_family(half)(sympy.S.One).expr
    lam = simplified((sympy.expand(scale * dependent, deep=False) - data_fit) / regularizer)
    if lam.has(w, sympy.Sum):  # pragma: no cover - the penalty is strength * R(w)
        raise UnsupportedError(f"cannot read off lam from {scale * dependent}")
    objective = data_fit + lam * regularizer

    words = printing.words
    residual_i = sympy.Eq(sympy.IndexedBase(_r)[_i],
                          sympy.Add(_y[_i], -sympy.Mul(_x[_i], w, evaluate=False),
                                    evaluate=False), evaluate=False)
    steps = (
        Step(noise_neg_log, noise_expanded, where=where,
             reason=words("negative log of the Gaussian noise density at a residual {}", _r)),
        Step(-sympy.log(prior.density(w)), penalty.expr + prior_part.constant, where=where,
             reason="negative log of the prior density (MAP penalty of the prior)"),
        Step(sympy.Sum(noise_expanded.subs(_r, residual), (_i, 1, _n)),
             noise_weight * squares + _n * noise_constant, where=where,
             reason=words("{} independent observations, {}: the negative log-likelihood",
                          _n, printing.as_written(residual_i, order="none"))),
        Step(sympy.Derivative(constant, w), 0, where=where,
             reason=words("the negative log posterior is the sum of the two, plus {}; its "
                          "constant terms do not depend on {}: drop them",
                          sympy.log(sympy.Function("p")(_y)), w)),
        Step(scale, 0, relation="gt", where=where,
             reason=words("scaling by {} keeps the minimiser",
                          sympy.StrictGreaterThan(scale, 0, evaluate=False))),
        Step(sympy.Mul(scale, dependent, evaluate=False), data_fit + times(lam, regularizer),
             where=where, reason=words("multiply the rest by {}", scale)),
        Step(times(scale, prior_part.strength), lam, where=where,
             reason=words("{}, the coefficient of {}, is the scale times the prior's strength",
                          symbols.lam, unit_regularizer(w))),
    )
    # Data fit first, as the objective is usually written (kept unevaluated).
    vector_form = sympy.Add(fit_weight * Norm(RESIDUAL, 2) ** 2, prior.regularizer(half),
                            evaluate=False)
    return RegressionMap(
        prior=prior, noise_scale=noise_scale, lam=lam, scale=scale, data_fit=data_fit,
        regularizer=regularizer, objective=objective,
        convention=Convention(label="MAP regression objective", expr=vector_form),
        steps=steps,
    )
