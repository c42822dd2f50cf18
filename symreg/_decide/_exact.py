r"""Exact algebra that proves two answers equal where both are defined, before any sampling.

Each test is *sufficient*: ``True`` is a proof that the two agree at every
admissible point where both written forms are defined and real (so also
wherever both are defined everywhere), ``False`` only means "not shown here"
(the sampler and the prover decide then). All of them are polynomial
arithmetic over the rationals, on expressions of bounded size:

* **rational identity**: ``a - e`` is the zero rational function (parts that
  are not rational, such as ``exp(w)`` or ``sqrt(x + 3)``, count as unknowns
  when they occur on both sides; a radicand's positive content is taken out
  first, ``sqrt(12 + 4x) = 2 sqrt(x + 3)``, and for real ``t``,
  ``max(t, -t)`` is read as ``|t|`` and ``min(t, -t)`` as ``-|t|``);
* **logarithms**: both sides are positive and have the same logarithm
  (``x^log(y)`` and ``y^log(x)``);
* **sum of logarithms**: the difference is ``c1 log(u1) + ... + cn log(un)``
  plus a zero rational function, with rational ``ci``; where both sides are
  defined every ``ui`` is positive, so the sum is ``log`` of the product
  ``u1^c1 ... un^cn``, which is 1 when its square (the product of the squares
  of the ``ui``, where ``|g|^2 = g^2``) is the rational function 1
  (``log(|x^2 - 9|)`` against ``log(|x - 3|) + log(|x + 3|)``);
* **equal powers**: both sides are ``r * B1^q1 * ... * Bn^qn`` with rational
  functions ``r`` and ``Bi`` and fractional ``qi``; where the written form is
  defined each such ``Bi`` is non-negative, so the radical part is a
  non-negative number. Equal ``N``-th powers of the two sides (``N`` the
  common denominator of the exponents) prove them equal when ``N`` is odd,
  and when the rational parts have the same sign (their ratio is a positive
  constant) if ``N`` is even (``sqrt((x-3)(x-5))`` against
  ``sqrt(x-3) sqrt(x-5)``; ``1/sqrt(x)`` against ``sqrt(1/x)``;
  ``sqrt(4x^2 + 4x)`` against ``2 sqrt(x) sqrt(x + 1)``).

The last two read the answers *as written*: the prover's semantics (see
:mod:`symreg.proof`) makes a logarithm's argument positive and the base of a
fractional power non-negative wherever the written form is defined.

>>> import sympy
>>> x = sympy.Symbol("x", real=True)
>>> exact_method((x**2 - 1) / (x + 1), x - 1)
'rational identity'
>>> log_sum = sympy.Add(sympy.log(sympy.Abs(x - 3)), sympy.log(sympy.Abs(x + 3)),
...                     evaluate=False)
>>> exact_method(sympy.log(sympy.Abs(x**2 - 9)), log_sum)
'sum of logarithms'
>>> print(exact_method(sympy.sqrt(x**2), x))
None
"""

from __future__ import annotations

import itertools
import math

import sympy

from symreg._decide._field import (
    IDENTITY_DEGREE,
    evaluated,
    rational_form,
    rational_identity,
    same_sign,
)
from symreg.proof._evaluate import exact_sign

__all__ = ["evaluated", "exact_method", "rational_identity", "within_tolerance"]

# The largest common denominator of fractional exponents compared by their powers.
_ROOT_DEGREE = 12

def log_identity(a: sympy.Basic, e: sympy.Basic) -> bool:
    """Whether two positive sides with a symbolic exponent have the same logarithm.

    The logarithm is one-to-one on the positive reals, and SymPy's ``expand_log``
    (not forced) only uses the rules that hold for the assumptions at hand:
    ``x^log(y)`` and ``y^log(x)`` for positive ``x``, ``y``.
    """
    if not (isinstance(a, sympy.Expr) and isinstance(e, sympy.Expr)) or not any(
            isinstance(node, sympy.Pow) and not node.exp.is_number
            for side in (a, e) for node in sympy.preorder_traversal(side)):
        return False
    try:
        if not (a.is_positive is True and e.is_positive is True):
            return False
        gap = sympy.expand_log(sympy.log(a)) - sympy.expand_log(sympy.log(e))
        return bool(sympy.expand(gap) == 0)
    except (ValueError, TypeError, ArithmeticError):
        return False


# ---------------------------------------------------------------------------
# sums of logarithms (written forms)


def _number(written: sympy.Basic) -> sympy.Rational | None:
    """The value of a written rational constant (``2``, ``1/2``, ``-1``), else None."""
    if written.free_symbols:
        return None
    value = evaluated(written)
    return value if isinstance(value, sympy.Rational) else None


def _split_logs(written: sympy.Basic, coeff: sympy.Rational,
                logs: list[tuple[sympy.Rational, sympy.Basic]], rest: list[sympy.Basic]) -> None:
    """Add ``coeff * written`` to ``logs`` (terms ``c*log(u)``) or to ``rest`` (the others,
    evaluated), reading sums and constant multiples as written."""
    if isinstance(written, sympy.Add):
        for arg in written.args:
            _split_logs(arg, coeff, logs, rest)
        return
    if isinstance(written, sympy.Mul):
        factor, others = sympy.Integer(1), []
        for arg in written.args:
            value = _number(arg)
            if value is None:
                others.append(arg)
            else:
                factor *= value
        if len(others) == 1:
            _split_logs(others[0], coeff * factor, logs, rest)
            return
    if isinstance(written, sympy.log) and len(written.args) == 1:
        logs.append((coeff, written.args[0]))
        return
    rest.append(coeff * evaluated(written))


def _abs_free_square_root(u: sympy.Basic) -> sympy.Basic | None:
    """An expression ``g`` without ``Abs`` with ``g**2 == u**2`` at every real point where
    ``u`` is defined, when ``Abs`` only occurs as a factor; else None."""
    if not u.has(sympy.Abs):
        return u
    if isinstance(u, sympy.Abs):
        return _abs_free_square_root(u.args[0])
    if isinstance(u, sympy.Mul):
        factors = [_abs_free_square_root(arg) for arg in u.args]
        if any(f is None for f in factors):
            return None
        return sympy.Mul(*factors)
    if isinstance(u, sympy.Pow) and u.exp.is_Integer:
        base = _abs_free_square_root(u.base)
        return None if base is None else sympy.Pow(base, u.exp)
    return None


def log_sum_identity(a_written: sympy.Basic, e_written: sympy.Basic) -> bool:
    """Whether the two differ by ``sum(c_i log(u_i))`` plus a zero rational function,
    where the product of the ``u_i^(2 c_i)`` is the rational function 1 (see the module
    docstring: the logarithms' arguments are positive where both are defined)."""
    logs: list[tuple[sympy.Rational, sympy.Basic]] = []
    rest: list[sympy.Basic] = []
    _split_logs(a_written, sympy.Integer(1), logs, rest)
    _split_logs(e_written, sympy.Integer(-1), logs, rest)
    if not logs:
        return False
    if not rational_identity(sympy.Add(*rest), sympy.Integer(0)):
        return False
    scale = math.lcm(*(int(c.q) for c, _ in logs))
    squares: list[sympy.Basic] = []
    degree = 0
    for c, u in logs:
        power = int(2 * c * scale)
        degree += abs(power)
        if degree > IDENTITY_DEGREE:
            return False  # checked before any power is built (10^200 log(6))
        root = _abs_free_square_root(evaluated(u))
        if root is None or not rational_form(root):
            return False
        squares.append(sympy.Pow(root, power))
    return rational_identity(sympy.Mul(*squares), sympy.Integer(1))


# ---------------------------------------------------------------------------
# equal powers (written forms)

# A written product as (rational part, [(base, fractional exponent), ...]).
_Monomial = tuple[sympy.Expr, list[tuple[sympy.Expr, sympy.Rational]]]


def _monomial(written: sympy.Basic) -> _Monomial | None:
    """``written`` as ``r * B1^q1 * ...`` (``r`` and ``Bi`` rational, each ``Bi``
    non-negative where ``written`` is defined), else None."""
    if isinstance(written, sympy.Mul):
        rational: sympy.Expr = sympy.Integer(1)
        radicals: list[tuple[sympy.Expr, sympy.Rational]] = []
        for arg in written.args:
            part = _monomial(arg)
            if part is None:
                return None
            rational *= part[0]
            radicals += part[1]
        return rational, radicals
    if isinstance(written, sympy.Pow):
        exp = _number(written.exp)
        if exp is None:
            return None
        if exp.is_Integer:
            part = _monomial(written.base)
            if part is None or abs(exp) > IDENTITY_DEGREE:
                return None
            return part[0] ** exp, [(b, q * exp) for b, q in part[1]]
        base = evaluated(written.base)
        if not (isinstance(base, sympy.Expr) and rational_form(base)):
            return None
        return sympy.Integer(1), [(base, exp)]
    value = evaluated(written)
    if isinstance(value, sympy.Expr) and rational_form(value):
        return value, []
    return None


def _radical_power(radicals: list[tuple[sympy.Expr, sympy.Rational]], n: int) -> sympy.Expr:
    return sympy.Mul(*[sympy.Pow(b, int(q * n)) for b, q in radicals])


def power_identity(a_written: sympy.Basic, e_written: sympy.Basic) -> bool:
    """Whether both are ``r * (non-negative radicals)`` with equal ``N``-th powers and
    rational parts of the same sign (their ratio a positive constant; not needed when
    ``N`` is odd)."""
    ma, me = _monomial(a_written), _monomial(e_written)
    if ma is None or me is None or not (ma[1] or me[1]):
        return False
    n = math.lcm(*(int(q.q) for _, q in (*ma[1], *me[1])))
    if n > _ROOT_DEGREE or sum(abs(int(q * n)) for _, q in (*ma[1], *me[1])) \
            > IDENTITY_DEGREE:
        return False
    if n % 2 == 0 and not same_sign(ma[0], me[0]):
        return False
    return rational_identity(ma[0] ** n * _radical_power(ma[1], n),
                             me[0] ** n * _radical_power(me[1], n))


def _radicals_normalised(expr: sympy.Basic) -> sympy.Basic:
    """``expr`` with the positive rational content of each radicand taken out:
    ``(c p)^q = c^q p^q`` for a rational ``c > 0`` (true for every complex ``p``), so
    ``sqrt(12 + 4x)`` becomes ``2 sqrt(x + 3)``."""
    def content_out(node: sympy.Basic) -> sympy.Basic:
        content, primitive = node.base.as_content_primitive()
        if content <= 0 or content == 1:
            return node
        return sympy.Mul(sympy.Pow(content, node.exp), sympy.Pow(primitive, node.exp))

    return expr.replace(
        lambda node: isinstance(node, sympy.Pow) and node.exp.is_Rational
        and not node.exp.is_Integer and isinstance(node.base, sympy.Add),
        content_out)


def _absolute_values(expr: sympy.Basic) -> sympy.Basic:
    """``expr`` with ``max(t, -t)`` written ``|t|`` and ``min(t, -t)`` written ``-|t|``
    (true for every real ``t``; other arguments of the max or min are kept)."""
    def fold(node: sympy.Basic) -> sympy.Basic:
        args = list(node.args)
        for i, j in itertools.combinations(range(len(args)), 2):
            if args[i] + args[j] == 0:
                pair = sympy.Abs(args[i]) if isinstance(node, sympy.Max) \
                    else -sympy.Abs(args[i])
                rest = [arg for n, arg in enumerate(args) if n not in (i, j)]
                return node.func(pair, *rest) if rest else pair
        return node

    return expr.replace(lambda node: isinstance(node, (sympy.Max, sympy.Min)), fold)


def _has_root(*exprs: sympy.Basic) -> bool:
    """Whether a power with an exponent that is not an integer occurs."""
    return any(isinstance(node, sympy.Pow) and not node.exp.is_Integer
               for expr in exprs for node in sympy.preorder_traversal(expr))


def _all_real(*exprs: sympy.Basic) -> bool:
    return all(s.is_real is True for expr in exprs for s in expr.free_symbols)


def exact_method(a_written: sympy.Basic, e_written: sympy.Basic,
                 a: sympy.Basic | None = None, e: sympy.Basic | None = None) -> str | None:
    """The name of the first exact test that proves the two equal where both are
    defined (see the module docstring), or None. ``a`` and ``e`` are the evaluated
    forms, if the caller has them."""
    if not (isinstance(a_written, sympy.Expr) and isinstance(e_written, sympy.Expr)):
        return None
    a = evaluated(a_written) if a is None else a
    e = evaluated(e_written) if e is None else e
    if rational_identity(a, e):
        return "rational identity"
    if log_identity(a, e):
        return "logarithms"
    if _has_root(a, e):
        na, ne = _radicals_normalised(a), _radicals_normalised(e)
        if (na, ne) != (a, e) and rational_identity(na, ne):
            return "rational identity"
    if not _all_real(a_written, e_written):
        return None
    if a.has(sympy.Max, sympy.Min) or e.has(sympy.Max, sympy.Min):
        na, ne = _absolute_values(a), _absolute_values(e)
        if (na, ne) != (a, e) and rational_identity(na, ne):
            return "rational identity"
    try:
        if (a.has(sympy.log) or e.has(sympy.log)) and log_sum_identity(a_written, e_written):
            return "sum of logarithms"
        if _has_root(a_written, e_written) and power_identity(a_written, e_written):
            return "equal powers"
    except (TypeError, ValueError, ArithmeticError, sympy.PolynomialError):
        return None
    return None


def within_tolerance(a: sympy.Basic, e: sympy.Basic, rtol: sympy.Rational) -> bool | None:
    """Whether two constants are within ``rtol`` of each other (decided exactly), None
    when that cannot be decided or they are not constants.

    >>> within_tolerance(sympy.Rational(314159, 100000), sympy.pi, sympy.Rational(1, 10**4))
    True
    """
    if not (isinstance(a, sympy.Expr) and isinstance(e, sympy.Expr)
            and a.is_number and e.is_number):
        return None
    sign = exact_sign(rtol * sympy.Abs(e) - sympy.Abs(a - e))
    return None if sign is None else sign >= 0
