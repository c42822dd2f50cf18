"""Leaf rewrites: proving a claim symbolically once no Piecewise is left."""

from __future__ import annotations

import sympy

from symreg.proof._coefficients import coefficient_sign
from symreg.proof._decide import Relation, sign_of
from symreg.proof._evaluate import exact_sign
from symreg.proof._forms import forms, simplified
from symreg.proof._identities import denest_positive, identical_by_expansion
from symreg.proof._radicals import zero_by_radicals

__all__ = ["leaf", "sets_equal"]

# the signs of lhs - rhs under which each relation holds
_ACCEPT = {"eq": (0,), "le": (-1, 0), "lt": (-1,), "ge": (0, 1), "gt": (1,)}


def leaf(rel: Relation, lhs: sympy.Basic, rhs: sympy.Basic) -> bool:
    """Prove ``lhs REL rhs`` symbolically (no case split); False decides nothing.

    Equality: expansion rules, then ``simplify`` of the difference (also after
    denesting powers of positive bases). Inequalities: the sign of the
    difference in its plain form, from the coefficients of a rational
    function of positive symbols, and in its cancelled, simplified and
    factored forms.

    >>> import sympy
    >>> from symreg.symbols import lam, w
    >>> leaf("eq", sympy.sqrt(w**2), sympy.Abs(w)), leaf("ge", lam + w**2, 0)
    (True, True)
    >>> leaf("eq", sympy.sqrt(w**2), w)
    False
    """
    if rel == "in":
        return _leaf_in(lhs, rhs)
    if isinstance(lhs, sympy.Set) or isinstance(rhs, sympy.Set):
        return rel == "eq" and sets_equal(lhs, rhs)
    lhs = lhs.doit() if isinstance(lhs, sympy.Basic) else lhs
    rhs = rhs.doit() if isinstance(rhs, sympy.Basic) else rhs
    d = sympy.sympify(lhs - rhs)
    if not d.free_symbols:
        # a closed-form number: its sign is decided exactly, or not at all
        sign = exact_sign(d)
        return sign is not None and sign in _ACCEPT[rel]
    if rel == "eq":
        if identical_by_expansion(lhs, rhs) or zero_by_radicals(d):
            return True
        simpler = simplified(d)
        if simpler == 0 or sympy.expand(simpler) == 0:
            return True
        denested = denest_positive(d)
        return bool(denested != d and simplified(denested) == 0)
    accept = _ACCEPT[rel]
    nonstrict = {"le": "is_nonpositive", "ge": "is_nonnegative"}.get(rel)
    for index, form in enumerate(forms(d)):
        if index == 0:
            # A rational function of positive symbols: its sign everywhere, exactly,
            # read from its coefficients before SymPy's assumptions are asked (on a
            # large difference, is_nonnegative takes longer than the whole reading).
            sign = coefficient_sign(d)
            if sign is not None:
                return sign in accept
        if nonstrict is not None and getattr(form, nonstrict):
            return True
        if sign_of(form) in accept:
            return True
    return False


def _leaf_in(x: sympy.Basic, st: sympy.Basic) -> bool:
    if isinstance(st, sympy.Interval):
        left_rel: Relation = "gt" if st.left_open else "ge"
        right_rel: Relation = "lt" if st.right_open else "le"
        ok_left = st.left == -sympy.oo or leaf(left_rel, x, st.left)
        ok_right = st.right == sympy.oo or leaf(right_rel, x, st.right)
        return bool(ok_left and ok_right)
    if isinstance(st, sympy.FiniteSet):
        return any(leaf("eq", x, e) for e in st.args)
    if isinstance(st, sympy.Union):
        return any(_leaf_in(x, part) for part in st.args)
    if st == sympy.S.Reals:
        return bool(getattr(x, "is_real", False))
    return False


def sets_equal(a: sympy.Basic, c: sympy.Basic) -> bool:
    """Prove two sets equal element by element (finite sets) or end by end (intervals)."""
    if not (isinstance(a, sympy.Set) and isinstance(c, sympy.Set)):
        return False
    a, c = a.doit(), c.doit()
    if a == c:
        return True
    if isinstance(a, sympy.FiniteSet) and isinstance(c, sympy.FiniteSet):
        if len(a) != len(c):
            return False
        remaining = list(c.args)
        for el in a.args:
            match = next((r for r in remaining if leaf("eq", el, r)), None)
            if match is None:
                return False
            remaining.remove(match)
        return True
    if isinstance(a, sympy.Interval) and isinstance(c, sympy.Interval):
        return (a.left_open == c.left_open and a.right_open == c.right_open
                and leaf("eq", a.left, c.left) and leaf("eq", a.right, c.right))
    if isinstance(a, sympy.FiniteSet) and isinstance(c, sympy.Interval):
        return len(a) == 1 and not c.left_open and not c.right_open and leaf(
            "eq", c.left, c.right) and leaf("eq", a.args[0], c.left)
    if isinstance(c, sympy.FiniteSet) and isinstance(a, sympy.Interval):
        return sets_equal(c, a)
    return False
