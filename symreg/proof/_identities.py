"""Identities proved by rewriting alone: expansion, cancellation, logarithm rules, finite sums.

Each test applies only rewrites valid under the symbols' assumptions, so a
True is a proof; a False decides nothing (the prover goes on to sample and
split).
"""

from __future__ import annotations

import sympy

__all__ = ["denest_positive", "identical_by_expansion", "identical_with_finite_sums",
           "linear_sums"]


def identical_by_expansion(lhs: sympy.Basic, rhs: sympy.Basic) -> bool:
    """Cheap, sound identity test: expansion, cancellation and logarithm rules.

    Only rewrites valid under the symbols' assumptions are applied, so a True
    is a proof; a False decides nothing.

    >>> import sympy
    >>> from symreg.symbols import sigma
    >>> identical_by_expansion(sympy.log(sigma**2) / 2, sympy.log(sigma))
    True
    """
    if not (isinstance(lhs, sympy.Expr) and isinstance(rhs, sympy.Expr)):
        return False
    # Abs, sign, Max, Min and Piecewise are opaque atoms to these rewrites: an
    # identity that holds with them as free atoms holds for every value.
    d = lhs - rhs
    if d == 0 or sympy.expand(d) == 0:
        return True
    if d.has(sympy.Sum) and sympy.expand(linear_sums(sympy.expand(d))) == 0:
        return True
    if d.has(sympy.log) and sympy.expand(sympy.expand_log(d)) == 0:
        return True
    if not d.is_rational_function():
        return False
    # A rational function whose numerator over a common denominator expands to 0
    # is 0 (asked first: putting it over one denominator is cheaper than
    # cancelling common factors, which decides the same question).
    return bool(sympy.expand(d.as_numer_denom()[0]) == 0 or sympy.cancel(d) == 0)


def identical_with_finite_sums(lhs: sympy.Basic, rhs: sympy.Basic) -> bool:
    """:func:`identical_by_expansion` before ``doit``, when the only unevaluated
    objects are sums and products with finite limits.

    Such a sum is a finite sum (its summand defined, see the domain), so the
    rules of :func:`identical_by_expansion` (the sum of a linear combination
    is the linear combination of the sums, index-free factors come out) hold
    for it as written; ``UnevaluatedExpr`` is only a wrapper and is dropped.
    This spares SymPy's summation algorithms, which may work long on a sum
    they then leave as it is. A False decides nothing.

    >>> import sympy
    >>> from symreg.symbols import lam
    >>> i, n = sympy.symbols("i n", integer=True, positive=True)
    >>> x = sympy.IndexedBase("x", real=True)
    >>> identical_with_finite_sums(sympy.Sum(lam * x[i] + 1, (i, 1, n)),
    ...                            lam * sympy.Sum(x[i], (i, 1, n)) + n)
    True
    """
    if not (isinstance(lhs, sympy.Expr) and isinstance(rhs, sympy.Expr)):
        return False
    if not (lhs.has(sympy.Sum, sympy.Product) or rhs.has(sympy.Sum, sympy.Product)):
        return False
    if any(side.has(sympy.Derivative, sympy.Limit, sympy.Integral) for side in (lhs, rhs)):
        return False
    for side in (lhs, rhs):
        for node in side.atoms(sympy.Sum, sympy.Product):
            if not all(bound.is_finite is True for _, *bounds in node.limits
                       for bound in bounds):
                return False
    try:
        return identical_by_expansion(_unwrapped(lhs), _unwrapped(rhs))
    except (TypeError, ValueError):  # a node that does not rebuild from its arguments
        return False


def _unwrapped(expr: sympy.Basic) -> sympy.Basic:
    """``expr`` rebuilt (so evaluated) without ``UnevaluatedExpr`` wrappers."""
    if not expr.args:
        return expr
    args = [_unwrapped(a) for a in expr.args]
    if isinstance(expr, sympy.UnevaluatedExpr):
        return args[0]
    return expr.func(*args)


def linear_sums(expr: sympy.Expr) -> sympy.Expr:
    """Write every ``Sum`` as a combination of sums of index-dependent monomials.

    Terms are split and factors free of the summation index are pulled out
    (sums of constants are evaluated), so equal linear combinations of sums
    cancel under ``expand``.
    """
    def split(total: sympy.Sum) -> sympy.Expr:
        if len(total.limits) != 1:
            return total
        index = total.limits[0][0]
        out = sympy.S.Zero
        for term in sympy.Add.make_args(sympy.expand(total.function)):
            coeff, rest = term.as_independent(index, as_Add=False)
            inner = sympy.Sum(rest, *total.limits)
            out += coeff * (inner.doit() if not rest.has(index) else inner)
        return out

    return expr.replace(lambda e: isinstance(e, sympy.Sum), split)


def denest_positive(expr: sympy.Expr) -> sympy.Expr:
    """Rewrite ``(b**x)**y`` as ``b**(x*y)`` where that is valid: ``b > 0``, ``x, y`` real."""
    return expr.replace(
        lambda e: (isinstance(e, sympy.Pow) and isinstance(e.base, sympy.Pow)
                   and e.base.base.is_positive is True and e.base.exp.is_real is True
                   and e.exp.is_real is True),
        lambda e: sympy.Pow(e.base.base, e.base.exp * e.exp),
    )
