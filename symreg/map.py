r"""MAP estimation: the penalty a prior adds, and the penalised least squares of regression.

:func:`map_penalty` takes ``-log`` of a prior's density, splits it into the
part that depends on ``w`` (a penalty of :mod:`symreg.penalties`) and a
constant, and records the steps as a :class:`~symreg.derivation.Derivation`.
:func:`regression_map` does the same for linear regression with Gaussian noise
and reads off the regularization strength of the equivalent penalised
least-squares problem, in both data-fit conventions. Nothing is typed in per
prior: strengths, constants and ``lam`` are computed by SymPy from the densities.

Examples
--------
>>> from symreg.priors import Gaussian, Laplace
>>> from symreg.symbols import b, s, sigma
>>> result = map_penalty(Gaussian(sigma))
>>> result.penalty
L2(strength=1/(2*sigma**2), half=False)
>>> result.constant
log(sigma) + log(2)/2 + log(pi)/2
>>> map_penalty(Gaussian(sigma), half=True).penalty
L2(strength=sigma**(-2), half=True)
>>> map_penalty(Laplace(b)).penalty
L1(strength=1/b)
>>> regression_map(Gaussian(sigma), noise_scale=s).lam
s**2/sigma**2
>>> regression_map(Laplace(b), noise_scale=s).lam
2*s**2/b
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy
from sympy import stats
from sympy.logic.boolalg import Boolean

from symreg import printing, symbols
from symreg._validate import require_positive
from symreg.convention import Convention
from symreg.derivation import Derivation, Step
from symreg.errors import InvalidParameterError, UnsupportedError
from symreg.penalties import Penalty
from symreg.priors import RESIDUAL, Norm, Prior

__all__ = ["MapPenalty", "RegressionMap", "map_penalty", "regression_map"]

w = symbols.w

# Symbols of the regression model (none of these names is a canonical symbol).
_r, _n, _i, _y, _x = symbols.r, symbols.n, symbols.i, symbols.y, symbols.x

_REAL_LINE = (w, -sympy.oo, sympy.oo)


def _positivity(*values: sympy.Expr) -> Boolean | None:
    """``value > 0`` for every value whose sign the assumptions leave open."""
    conditions = [value > 0 for value in values if value.is_positive is not True]
    return sympy.And(*conditions) if conditions else None


def _check_prior(prior: Any) -> Prior:
    if not isinstance(prior, Prior):
        raise InvalidParameterError(
            f"prior must be a Gaussian, Laplace or GeneralizedGaussian prior, got {prior!r}"
        )
    return prior


def _check_half(half: Any) -> bool:
    if not isinstance(half, bool):
        raise InvalidParameterError(f"half must be True or False, got {half!r}")
    return half


def _split_neg_log(density: sympy.Expr, var: sympy.Symbol
                   ) -> tuple[sympy.Expr, sympy.Expr, sympy.Expr, sympy.Expr]:
    """``-log(density)``, its expanded form, and that form split into (constant, rest).

    ``force=True`` is sound here: the density and the parameters are positive
    (parameters of unknown sign are assumed positive; see :meth:`Prior.assumptions`).
    """
    neg_log = -sympy.log(density)
    expanded = sympy.expand(sympy.expand_log(neg_log, force=True), force=True)
    constant, dependent = expanded.as_independent(var, as_Add=True)
    return neg_log, expanded, constant, dependent


def _times(factor: sympy.Expr, other: sympy.Expr) -> sympy.Expr:
    """``factor * other`` kept as a product, so that a step shows the factor."""
    return sympy.UnevaluatedExpr(factor) * sympy.UnevaluatedExpr(other)


def _plus(*terms: str) -> str:
    """Join LaTeX terms with ``+``, absorbing a leading minus sign."""
    out = terms[0]
    for term in terms[1:]:
        out += f" {term}" if term.startswith("-") else f" + {term}"
    return out


def _unit_regularizer(var: sympy.Symbol) -> sympy.Expr:
    """``R(var)``: the penalty of strength one, named as in the reasons."""
    return sympy.Function("R")(var)


def _slug(prior: Prior) -> str:
    return prior.name.lower().replace(" ", "-")


# ---------------------------------------------------------------------------
# MAP penalty of a prior


@dataclass(frozen=True, slots=True, kw_only=True)
class MapPenalty:
    r"""The penalty a prior adds to MAP estimation: ``-log p(w) = penalty(w) + constant``.

    Attributes:
        prior: the prior.
        penalty: the ``w``-dependent part of ``-log p(w)`` as a penalty.
        strength: the strength of :attr:`penalty`, in its :attr:`convention`.
        constant: the part of ``-log p(w)`` that does not depend on ``w``.
        convention: the penalty's convention as data (its form with the
            strength ``lam``: ``lam*w**2``, ``lam*w**2/2``, ``lam*|w|`` or ``lam*|w|**p``).
        neg_log_density: ``-log p(w)`` with the logarithm expanded.
        steps: the derivation from the density (see :meth:`derivation`).
    """

    prior: Prior
    penalty: Penalty
    strength: sympy.Expr
    constant: sympy.Expr
    convention: Convention
    neg_log_density: sympy.Expr
    steps: tuple[Step, ...] = field(repr=False)

    def derivation(self) -> Derivation:
        """The steps as a :class:`~symreg.derivation.Derivation` (call ``verify()`` on it).

        >>> from symreg.priors import Laplace
        >>> from symreg.symbols import b
        >>> map_penalty(Laplace(b)).derivation().verify().result
        0
        """
        return Derivation(
            name=f"map-penalty-{_slug(self.prior)}",
            title=(f"MAP penalty of the {self.prior.name} prior "
                   f"(${printing.latex(self.convention.expr)}$)"),
            steps=self.steps,
            statement=(
                f"For the zero-mean {self.prior.name} prior, $-\\log p(w) = "
                f"{_plus(printing.latex(self.penalty.expr), 'c')}$ with "
                f"$c = {printing.latex(self.constant)}$ independent of $w$, so the MAP "
                "estimate minimises the negative log-likelihood plus the penalty "
                f"${printing.latex(self.penalty.expr)}$."
            ),
            conventions=(self.convention,),
        )

    def latex(self) -> str:
        r"""``-\log p(w) = penalty + constant`` as LaTeX.

        >>> from symreg.priors import Laplace
        >>> from symreg.symbols import b
        >>> print(map_penalty(Laplace(b)).latex())
        -\log p(w) = \frac{\left|{w}\right|}{b} + \log{\left(b \right)} + \log{\left(2 \right)}
        """
        return "-\\log p(w) = " + _plus(printing.latex(self.penalty.expr),
                                         printing.latex(self.constant))

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"


def map_penalty(prior: Prior, *, half: bool = False) -> MapPenalty:
    r"""Split ``-log p(w)`` of a prior into a penalty and a constant.

    The density comes from :mod:`sympy.stats`; ``-log`` of it is expanded, the
    terms free of ``w`` form the constant and the rest is matched with the
    penalty family of the prior (L2 for Gaussian, L1 for Laplace, Lp for the
    generalized Gaussian) to find its strength.

    Args:
        prior: a :class:`Gaussian`, :class:`Laplace` or
            :class:`GeneralizedGaussian` prior.
        half: write a Gaussian prior's penalty in the ``lam/2*w**2``
            convention (its strength is then ``1/sigma**2`` instead of
            ``1/(2*sigma**2)``). No effect on the other priors, whose penalty is
            not L2.

    Returns:
        A :class:`MapPenalty`; its :attr:`~MapPenalty.steps` are not verified
        yet (``result.derivation().verify()`` does that).

    Raises:
        InvalidParameterError: ``prior`` is not a prior or ``half`` not a bool.

    >>> from symreg.priors import GeneralizedGaussian
    >>> from symreg.symbols import alpha, beta
    >>> result = map_penalty(GeneralizedGaussian(alpha, beta))
    >>> result.penalty, result.strength
    (Lp(p=beta, strength=alpha**(-beta)), alpha**(-beta))
    >>> result.constant
    log(alpha) - log(beta) + log(gamma(1/beta)) + log(2)
    """
    return _map_penalty(_check_prior(prior), _check_half(half))


@functools.lru_cache(maxsize=128)
def _map_penalty(prior: Prior, half: bool) -> MapPenalty:
    where = prior.assumptions()
    density = prior.density(w)
    neg_log, expanded, constant, dependent = _split_neg_log(density, w)
    family = prior.penalty_family(half)
    unit = family(sympy.S.One).expr  # R(w), the penalty of strength one
    strength = sympy.simplify(dependent / unit)
    if strength.has(w):  # pragma: no cover - every prior here matches its family
        raise UnsupportedError(
            f"-log p(w) of the {prior.name} prior does not reduce to its penalty family"
        )
    penalty = family(strength)
    w_tex, unit_tex = printing.latex(w), printing.latex(_unit_regularizer(w))
    steps = (
        Step(sympy.Integral(density, _REAL_LINE), 1,
             reason="the density integrates to one", where=where),
        Step(neg_log, expanded, reason="logarithm of the density, expanded", where=where),
        Step(expanded, _times(strength, unit) + constant, where=where,
             reason=(f"collect the terms with ${w_tex}$: the strength times "
                     f"${unit_tex}$, plus a constant")),
        Step(sympy.Derivative(constant, w), 0, where=where,
             reason=f"the rest is a constant: it does not depend on ${w_tex}$"),
    )
    return MapPenalty(prior=prior, penalty=penalty, strength=strength, constant=constant,
                      convention=penalty.convention,
                      neg_log_density=expanded, steps=steps)


# ---------------------------------------------------------------------------
# MAP estimation in linear regression


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
        lam = printing.latex(symbols.lam)
        return Derivation(
            name=f"map-regression-{_slug(self.prior)}",
            title=(f"MAP regression with a {self.prior.name} prior "
                   f"(${printing.latex(self.convention.expr, order='none')}$)"),
            steps=self.steps,
            statement=(
                "With independent Gaussian noise of scale "
                f"${printing.latex(self.noise_scale)}$ and a zero-mean {self.prior.name} "
                f"prior on $w$, the MAP estimate minimises ${self._objective_latex()}$ "
                f"with ${lam} = {printing.latex(self.lam)}$."
            ),
            conventions=(self.convention,),
            remarks=(
                "The derivation is written for one weight with feature values $x_i$; "
                "with several independent weights the prior terms add up over the "
                "coordinates, which gives the same $\\lambda$.",
            ),
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
        return _plus(printing.latex(self.data_fit),
                     printing.latex(symbols.lam * self.regularizer))

    def latex(self) -> str:
        r"""The objective and its ``lam`` as LaTeX.

        >>> from symreg.priors import Gaussian
        >>> from symreg.symbols import s, sigma
        >>> print(regression_map(Gaussian(sigma), noise_scale=s).latex())
        ... # doctest: +NORMALIZE_WHITESPACE
        \min_{w} \sum_{i=1}^{n} \left(- w {x}_{i} + {y}_{i}\right)^{2} + \lambda w^{2},
        \quad \lambda = \frac{s^{2}}{\sigma^{2}}
        """
        return (f"\\min_{{w}} {self._objective_latex()}, \\quad "
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
    _check_prior(prior)
    scale = require_positive(noise_scale, "noise_scale")
    return _regression_map(prior, scale, _check_half(half))


@functools.lru_cache(maxsize=64)
def _regression_map(prior: Prior, noise_scale: sympy.Expr, half: bool) -> RegressionMap:
    where = _positivity(*(value for _, value in prior.parameters), noise_scale)
    prior_part = _map_penalty(prior, half)
    penalty = prior_part.penalty

    # One observation: -log of the noise density at a residual r.
    noise = stats.density(stats.Normal("E", 0, noise_scale))(_r)
    noise_neg_log, noise_expanded, noise_constant, noise_dependent = _split_neg_log(noise, _r)
    noise_weight = sympy.simplify(noise_dependent / _r**2)  # 1/(2*s**2)

    # n independent observations, residuals r_i = y_i - x_i*w.
    residual = _y[_i] - _x[_i] * w
    squares = sympy.Sum(residual**2, (_i, 1, _n))
    dependent = noise_weight * squares + penalty.expr
    constant = _n * noise_constant + prior_part.constant

    # Scale so that the data fit is ||y - Xw||^2 (or half of it).
    fit_weight = sympy.Rational(1, 2) if half else sympy.S.One
    scale = sympy.simplify(fit_weight / noise_weight)
    data_fit = fit_weight * squares
    regularizer = prior.penalty_family(half)(sympy.S.One).expr
    lam = sympy.simplify((sympy.expand(scale * dependent, deep=False) - data_fit) / regularizer)
    if lam.has(w, sympy.Sum):  # pragma: no cover - the penalty is strength * R(w)
        raise UnsupportedError(f"cannot read off lam from {scale * dependent}")
    objective = data_fit + lam * regularizer

    tex = printing.latex
    unit, w_tex = tex(_unit_regularizer(w)), tex(w)
    residual_i = sympy.Eq(sympy.IndexedBase(_r)[_i],
                          sympy.Add(_y[_i], -sympy.Mul(_x[_i], w, evaluate=False),
                                    evaluate=False), evaluate=False)
    steps = (
        Step(noise_neg_log, noise_expanded, where=where,
             reason=f"negative log of the Gaussian noise density at a residual ${tex(_r)}$"),
        Step(-sympy.log(prior.density(w)), penalty.expr + prior_part.constant, where=where,
             reason="negative log of the prior density (MAP penalty of the prior)"),
        Step(sympy.Sum(noise_expanded.subs(_r, residual), (_i, 1, _n)),
             noise_weight * squares + _n * noise_constant, where=where,
             reason=(f"${tex(_n)}$ independent observations, "
                     f"${tex(residual_i, order='none')}$: the negative log-likelihood")),
        Step(sympy.Derivative(constant, w), 0, where=where,
             reason=("the negative log posterior is the sum of the two, plus "
                     f"${tex(sympy.log(sympy.Function('p')(_y)))}$; its constant terms "
                     f"do not depend on ${w_tex}$: drop them")),
        Step(scale, 0, relation="gt", where=where,
             reason=(f"scaling by ${tex(sympy.StrictGreaterThan(scale, 0, evaluate=False))}$ "
                     "keeps the minimiser")),
        Step(sympy.Mul(scale, dependent, evaluate=False), data_fit + _times(lam, regularizer),
             where=where, reason=f"multiply the rest by ${tex(scale)}$"),
        Step(_times(scale, prior_part.strength), lam, where=where,
             reason=(f"${tex(symbols.lam)}$, the coefficient of ${unit}$, is the scale "
                     "times the prior's strength")),
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
