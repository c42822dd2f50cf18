r"""Descent dynamics on one penalty alone: (sub)gradient and proximal steps in closed form.

>>> from symreg import L1
>>> descent(L1(), method="proximal").zero_after
ceiling(Abs(w_0)/(eta*lam))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import sympy

from symreg import printing, symbols
from symreg._memo import memo_values
from symreg._validate import require_positive
from symreg.convention import Convention
from symreg.derivation import Chain, Derivation, Step
from symreg.errors import InvalidParameterError, UnsupportedError
from symreg.penalties import Penalty
from symreg.printing import words
from symreg.proof import simplified
from symreg.prox import prox

__all__ = ["Descent", "affine_iterates", "descent", "hitting_steps", "soft_threshold"]

w = symbols.w
#: The iterate ``w_k`` as the reader writes it.
_W_K = symbols.weights[symbols.k]


@dataclass(frozen=True, slots=True, kw_only=True)
class Descent:
    """Closed form of ``k`` steps of a descent method on one penalty alone.

    Attributes:
        method: ``"gradient"`` (subgradient for L1) or ``"proximal"``.
        penalty: the penalty.
        iterate: ``w_k`` as an expression in ``k``, ``w0``, ``eta`` and the strength.
        zero_after: the number of steps after which ``w_k = 0`` exactly (an
            expression in ``w0``), or None when the iterates never reach 0 from
            ``w0 != 0``.
        convention: the penalty's convention as data.
        derivation: the verified derivation.
        induction: the links of ``derivation`` that prove the closed form by
            induction and say when it reaches 0 (proximal steps with a kink;
            empty otherwise), for a derivation that quotes them.
    """

    method: Literal["gradient", "proximal"]
    penalty: Penalty
    iterate: sympy.Expr
    zero_after: sympy.Expr | None
    convention: Convention
    derivation: Derivation
    induction: tuple[Step, ...] = ()

    def _repr_latex_(self) -> str:
        return f"${printing.latex(_W_K)} = {printing.latex(self.iterate)}$"


def descent(penalty: Penalty, *, method: Literal["gradient", "proximal"] = "proximal",
            step: Any = symbols.eta) -> Descent:
    """Iterates of (sub)gradient or proximal steps on ``penalty`` alone, in closed form.

    On positive weights beyond the kink the update is affine in ``w``; the
    recurrence is solved by :func:`affine_iterates` and every claim about the
    solution is a verified step. Three cases arise:

    * a smooth penalty (L2): ``w_{k+1} = c * w_k``, so ``w_k = w0 * c**k``,
      which is never exactly 0 for ``w0 != 0`` unless ``c = 0``;
    * proximal steps with a kink (L1, elastic net): the weight moves toward 0
      by a fixed amount per step and lands exactly on 0 after
      ``ceiling(|w0| / threshold)`` steps, where it stays;
    * subgradient steps with a kink: the same fixed decrease, but only while
      the sign is unchanged; then the iterate overshoots and oscillates, and
      reaches 0 only when ``|w0|`` is a multiple of the decrease.

    A smooth penalty whose update does not keep 0 fixed (one with a linear
    term, whose minimiser is elsewhere) raises :class:`UnsupportedError`.

    >>> from symreg import L1, L2
    >>> descent(L2(), method="gradient").iterate
    w_0*(-2*eta*lam + 1)**k
    >>> descent(L2(), method="proximal").iterate
    w_0/(2*eta*lam + 1)**k
    >>> d = descent(L1(), method="proximal")
    >>> d.iterate
    sign(w_0)*Max(0, -eta*k*lam + Abs(w_0))
    >>> d.zero_after
    ceiling(Abs(w_0)/(eta*lam))

    Penalties are values: each ``(penalty, method, step)`` is solved once per
    process and shared by every caller (the catalogue and the figures).

    >>> descent(L1()) is descent(L1())
    True
    """
    return _descent_memo(penalty, method, step)


def _descent(penalty: Penalty, method: Literal["gradient", "proximal"], step: Any) -> Descent:
    if not isinstance(penalty, Penalty):
        raise InvalidParameterError(
            f"penalty must be a Penalty, got {type(penalty).__name__}")
    if method not in ("gradient", "proximal"):
        raise InvalidParameterError(
            f"method must be 'gradient' or 'proximal', got {method!r}")
    size = require_positive(step, "step")
    w0, k = symbols.w0, symbols.k
    t = sympy.Dummy("t", positive=True)
    if method == "gradient":
        update = w - size * penalty.derivative().xreplace({penalty.var: w})
    else:
        update = prox(penalty, size).subs(symbols.z, w)
    has_kink = len(penalty.kinks()) > 0
    # Where the update is affine: beyond the dead zone of the prox, or w > 0.
    threshold = size * penalty.subdifferential(at=0).sup if (
        has_kink and method == "proximal") else sympy.S.Zero
    shifted = update.subs(w, threshold + t)
    # (a polynomial has one expanded form; a proximal step's cases need resolving)
    on_region = sympy.expand((shifted if shifted.is_polynomial(t) else simplified(shifted)).subs(
        t, w - threshold))
    if not on_region.is_polynomial(w) or sympy.degree(on_region, w) > 1:
        raise UnsupportedError(f"the update {update} is not affine in w; no closed form")
    slope, shift = on_region.coeff(w, 1), on_region.coeff(w, 0)  # w -> slope*w + shift
    solution = affine_iterates(slope, shift, w0, k)
    # The update as the reader writes it: w - eta P'(w) for a gradient step (the
    # derivative left unevaluated), the proximal map itself for a proximal step.
    in_w = penalty.expr.xreplace({penalty.var: w})
    written = w - size * sympy.Derivative(in_w, w) if method == "gradient" else update
    beyond = sympy.StrictGreaterThan(w, threshold, evaluate=False)
    steps = [Step(written, on_region, where=w > threshold,
                  reason=words(f"the {method} update, for {{}}", beyond))]
    if steps[0].vacuous:
        # Already affine everywhere (the proximal step of L2): nothing to restrict.
        steps.clear()
    steps += [
        Step(_at(solution, k, k + 1), on_region.subs(w, solution),
             reason="the closed form satisfies the recurrence"),
        Step(_at(solution, k, sympy.S.Zero), w0, reason=words("and starts at {}", w0)),
    ]
    remarks: list[str] = []
    induction: tuple[Step, ...] = ()
    zero_after: sympy.Expr | None = None
    # the theorem: the closed form satisfies one step and starts at w_0; what follows
    # depends on the case below
    claim = [Chain((s,)).fact for s in steps[-2:]]
    decrease = sympy.expand(w - on_region)
    if has_kink and decrease.has(w):
        raise UnsupportedError(
            f"no closed form for {method} steps on {penalty!r}: the update {on_region} "
            "both shrinks and shifts the weight")
    if not has_kink and not shift.is_zero:
        # (a linear term in the penalty: its minimiser, where the steps go, is not 0)
        raise UnsupportedError(
            f"no closed form for {method} steps on {penalty!r}: the update {on_region} "
            "does not keep 0 fixed")
    if not has_kink:
        # w -> factor*w: the closed form is the geometric sequence w0*factor**k
        factor, iterate = slope, solution
        steps.append(Step(update.subs(w, sympy.UnevaluatedExpr(-w)),
                          sympy.Mul(-1, update, evaluate=False),
                          reason="the update is odd, so negative weights mirror"))
        if not factor.is_zero:
            nonzero = sympy.Ne(w0, 0) if factor.is_nonzero else (
                sympy.Ne(w0, 0) & sympy.Ne(factor, 0))
            steps.append(Step(sympy.Abs(iterate), 0, relation="gt", where=nonzero,
                              reason="so it never reaches exactly $0$"))
            claim.append(Chain((steps[-1],)).fact)
        if factor.is_zero:
            # The first step lands exactly on 0 (and w_0 = 0 is there already).
            steps.append(Step(_at(iterate, k, sympy.S.One), 0,
                              reason="the factor is $0$: one step to $0$"))
            claim.append(Chain((steps[-1],)).fact)
            zero_after = sympy.Piecewise((0, sympy.Eq(w0, 0)), (1, True))
        vanish = sympy.solveset(factor, size, sympy.Interval.open(0, sympy.oo)) if (
            size.free_symbols) else sympy.S.EmptySet
        if isinstance(vanish, sympy.FiniteSet) and vanish:
            for root in vanish.args:
                steps.append(Step(factor, 0, where=sympy.Eq(size, root),
                                  reason="the one step size at which the factor vanishes"))
                claim.append(Chain((steps[-1],)).fact)
            remarks.append("The iterates from a non-zero start reach zero exactly only at "
                           "the step size where the factor vanishes.")
    elif method == "proximal":
        iterate = sympy.sign(w0) * sympy.Max(sympy.Abs(w0) - k * threshold, 0)
        zero_after = sympy.ceiling(sympy.Abs(w0) / threshold)
        following = _at(iterate, k, k + 1)
        # The step in the form of the closed form: soft thresholding at the threshold.
        soft = soft_threshold(w, threshold)
        induction = (
            Step(update, soft, reason="the proximal step is soft thresholding"),
            Step(_at(iterate, k, sympy.S.Zero), w0,
                 reason=words("the closed form starts at {}", w0)),
            Step(soft_threshold(iterate, threshold), following, where=w0 > 0,
                 reason=words("one proximal step from {}, for {}", _W_K, w0 > 0)),
            Step(soft_threshold(iterate, threshold), following, where=w0 < 0,
                 reason=words("one proximal step from {}, for {}", _W_K, w0 < 0)),
            *hitting_steps(iterate, zero_after),
        )
        steps += induction
        claim += [Chain((step_,)).fact for step_ in induction]
    else:
        steps.append(Step(decrease, 0, relation="gt", where=w > 0,
                          reason="each step moves the weight by a fixed positive amount"))
        claim.append(Chain((steps[-1],)).fact)
        iterate = sympy.Piecewise(
            (sympy.sign(w0) * (sympy.Abs(w0) - k * decrease), k * decrease <= sympy.Abs(w0)),
            (sympy.nan, True))
        remarks.append(
            "The closed form holds while the accumulated decrease does not exceed the "
            "starting magnitude; the next step overshoots zero unless the start is a "
            "whole multiple of the decrease, and the iterates then oscillate around zero "
            "instead of settling there.")
    derivation = Derivation(
        name=f"descent-{method}-{penalty.name.lower()}",
        title=f"{method.capitalize()} steps on {penalty.name} alone",
        steps=tuple(steps),
        claim=claim,
        prose=(f"Repeated {method} steps on the {penalty.name} penalty alone, in closed "
               "form: the closed form satisfies one step of the method and starts at the "
               "initial weight, and when the iterates reach zero is stated with it."),
        conventions=(penalty.convention,),
        remarks=tuple(remarks),
    ).verify()
    return Descent(method=method, penalty=penalty, iterate=iterate, zero_after=zero_after,
                   convention=penalty.convention, derivation=derivation, induction=induction)


_descent_memo = memo_values()(_descent)



def affine_iterates(factor: sympy.Expr, shift: sympy.Expr, start: sympy.Expr,
                    k: sympy.Symbol) -> sympy.Expr:
    r"""The iterates of ``x -> factor*x + shift`` from ``start``, as an expression in ``k``.

    The first-order linear recurrence :math:`x_{k+1} = a x_k + b` is solved by
    its fixed point :math:`p = b / (1 - a)`: the distance to it is multiplied
    by :math:`a` at every step, so :math:`x_k = p + a^k (x_0 - p)`. Without a
    shift that is the geometric sequence :math:`a^k x_0`; with :math:`a = 1`
    there is no fixed point and the shift accumulates, :math:`x_0 + k b`.

    >>> from symreg.symbols import eta, k, lam, w0
    >>> affine_iterates(1 - 2*eta*lam, 0, w0, k)
    w_0*(-2*eta*lam + 1)**k
    >>> affine_iterates(1, -eta*lam, w0, k)
    -eta*k*lam + w_0
    >>> affine_iterates(sympy.Rational(1, 2), 1, w0, k)
    2 + (w_0 - 2)/2**k
    """
    factor, shift = sympy.sympify(factor), sympy.sympify(shift)
    if shift.is_zero:
        return start * factor**k
    if (factor - 1).is_zero:
        return start + k * shift
    fixed = sympy.cancel(shift / (1 - factor))
    return fixed + factor**k * (start - fixed)


def _at(expr: sympy.Expr, var: sympy.Symbol, value: sympy.Expr) -> sympy.Expr:
    """``expr`` with ``var`` set to ``value``, the arithmetic around it left undone.

    The written form of ``w_0`` or ``w_{k+1}`` from the closed form ``w_k``:
    the reader sees the substitution, the prover evaluates it.

    >>> from symreg.symbols import eta, k, lam, w0
    >>> _at(w0 * (1 - 2*eta*lam)**k, k, sympy.S.Zero)
    w_0*(-2*eta*lam + 1)**0
    >>> _at(w0 / (1 + eta*lam)**k, k, k + 1)
    w_0/(eta*lam + 1)**(k + 1)
    """
    if expr == var:
        return value
    if not expr.args or not expr.has(var):
        return expr
    if isinstance(expr, sympy.Mul):
        coeff, rest = expr.as_coeff_Mul()
        if coeff == -1:
            inner = _at(rest, var, value)
            return -inner if inner.is_Number else sympy.Mul(-1, inner, evaluate=False)
    return expr.func(*[_at(a, var, value) for a in expr.args], evaluate=False)


def soft_threshold(value: sympy.Expr, threshold: sympy.Expr) -> sympy.Expr:
    """``sign(value) * max(|value| - threshold, 0)``: ``value`` moved ``threshold`` toward 0.

    >>> from symreg.symbols import eta, lam, w
    >>> soft_threshold(w, eta * lam)
    sign(w)*Max(0, -eta*lam + Abs(w))
    """
    return sympy.sign(value) * sympy.Max(sympy.Abs(value) - threshold, 0)


def hitting_steps(iterate: sympy.Expr, first: sympy.Expr) -> tuple[Step, ...]:
    """The steps saying that ``iterate`` (in ``k``, from ``w0``) is 0 exactly from ``first`` on.

    ``iterate`` is 0 for every ``k >= first``, and before that it keeps the sign of
    the start: positive from ``w0 > 0``, negative from ``w0 < 0``. For the L1
    proximal iterates ``first`` is ``ceiling(|w0|/(eta*lam))``, the hitting time.

    >>> from symreg.symbols import eta, k, lam, w0
    >>> iterate = sympy.sign(w0) * sympy.Max(sympy.Abs(w0) - k * eta * lam, 0)
    >>> steps = hitting_steps(iterate, sympy.ceiling(sympy.Abs(w0) / (eta * lam)))
    >>> [step.check().status for step in steps]
    ['proved', 'proved', 'proved']
    """
    w0, k = symbols.w0, symbols.k
    return (
        Step(iterate, 0, where=k >= first,
             reason="zero from the first step count at least the start over the threshold"),
        Step(iterate, 0, relation="gt", where=(k < first) & (w0 > 0),
             reason="and not zero before it: positive from a positive start"),
        Step(iterate, 0, relation="lt", where=(k < first) & (w0 < 0),
             reason="negative from a negative start"),
    )
