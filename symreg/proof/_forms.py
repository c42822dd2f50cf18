"""Normal forms: simplified and factored forms, Piecewise rewrites, conditions, evaluation."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import sympy

from symreg.proof._memo import memoised

__all__ = [
    "NONSMOOTH",
    "cancelled",
    "doit_unevaluated",
    "factored",
    "forms",
    "kinks_expanded",
    "lowest_terms",
    "map_set",
    "piecewise_normal",
    "power_product",
    "relationals",
    "relations_in",
    "simplified",
    "symbols_of",
    "to_piecewise",
]

#: The functions that count as Piecewise (they are rewritten as one for case splits).
NONSMOOTH = (sympy.Abs, sympy.sign, sympy.Max, sympy.Min, sympy.Heaviside)

_UNEVALUATED = (sympy.Derivative, sympy.Limit, sympy.Integral, sympy.Sum, sympy.Product)


@memoised(8192)
def simplified(expr: sympy.Basic) -> sympy.Basic:
    """``sympy.simplify``, memoised: the same subexpressions recur across steps.

    A number times integer powers of symbols (a breakpoint such as ``-eps/2``),
    possibly times or over the absolute value of one other symbol (a hitting
    time such as ``|w0|/(eta*lam)``), is its own simplest form, which
    ``simplify`` gives back as it is: it is returned without asking (the first
    use of ``simplify`` loads modules that nothing else in a short run may need).

    >>> from symreg.symbols import eps, eta, lam, w, w0
    >>> simplified(-eps / (2 * lam**2)), simplified((w**2 - 1) / (w - 1))
    (-eps/(2*lam**2), w + 1)
    >>> simplified(sympy.Abs(w0) / (eta * lam))
    Abs(w_0)/(eta*lam)
    """
    if _monomial(expr) or isinstance(expr, sympy.logic.boolalg.BooleanAtom) or (
            _monomial_with_magnitude(expr)):
        return expr
    return sympy.simplify(expr)


def _monomial_with_magnitude(expr: sympy.Basic) -> bool:
    """Whether ``expr`` is a monomial times ``|x|`` or ``1/|x|``, ``x`` a symbol not in it.

    (Two magnitudes are not: ``simplify`` joins ``|a|*|b|`` into ``|a*b|``.)

    >>> from symreg.symbols import lam, w
    >>> _monomial_with_magnitude(-3 * lam / sympy.Abs(w))
    True
    >>> _monomial_with_magnitude(sympy.Abs(w) / w)
    False
    """
    if not isinstance(expr, sympy.Mul):
        return False
    magnitudes = [f for f in expr.args if isinstance(f, sympy.Abs) or (
        isinstance(f, sympy.Pow) and isinstance(f.base, sympy.Abs) and f.exp == -1)]
    if len(magnitudes) != 1:
        return False
    inner = magnitudes[0].base.args[0] if isinstance(magnitudes[0], sympy.Pow) else (
        magnitudes[0].args[0])
    rest = sympy.Mul(*[f for f in expr.args if f is not magnitudes[0]])
    return isinstance(inner, sympy.Symbol) and not rest.has(inner) and _monomial(rest)


def _monomial(expr: sympy.Basic) -> bool:
    """Whether ``expr`` is a rational number times integer powers of symbols.

    >>> from symreg.symbols import eps, eta, lam, w
    >>> _monomial(-eps / 2), _monomial(eta * lam**-2), _monomial(eps + lam), _monomial(w**lam)
    (True, True, False, False)
    """
    return power_product(expr, integer_exponents=True)


def power_product(expr: sympy.Basic, *, integer_exponents: bool = False) -> bool:
    """Whether ``expr`` is a rational number times powers of symbols, each exponent a
    polynomial free of its base (an integer, with ``integer_exponents``).

    Such a product (``lam*p*t**(p - 1)``) is as simple as it gets.

    >>> from symreg.symbols import lam, p, w
    >>> power_product(lam * p * w ** (p - 1)), power_product(lam / (1 + w))
    (True, False)
    """
    if not isinstance(expr, sympy.Expr):
        return False
    factors = expr.args if isinstance(expr, sympy.Mul) else (expr,)
    return all(f.is_Rational or isinstance(f, sympy.Symbol) or (
        isinstance(f, sympy.Pow) and isinstance(f.base, sympy.Symbol) and (
            f.exp.is_Integer is True if integer_exponents
            else f.exp.is_polynomial() and not f.exp.has(f.base))) for f in factors)


def lowest_terms(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` cancelled when it is a rational function, else :func:`simplified`.

    >>> from symreg.symbols import eta, lam, z
    >>> lowest_terms(-(-eta * lam - z) / (2 * eta * lam + 1))
    (eta*lam + z)/(2*eta*lam + 1)
    """
    return sympy.cancel(expr) if expr.is_rational_function() else simplified(expr)


@memoised(8192)
def factored(expr: sympy.Basic) -> sympy.Basic:
    """``sympy.factor`` of the simplified form (of a rational function: as it is), memoised."""
    if isinstance(expr, sympy.Expr) and expr.is_rational_function():
        return sympy.factor(expr)  # factor puts it in lowest terms itself
    return sympy.factor(simplified(expr))


@memoised(8192)
def cancelled(expr: sympy.Basic) -> sympy.Basic:
    """``sympy.factor(sympy.cancel(expr))``, memoised: a sign asked of a condition
    is often asked again of the same difference in a leaf of the case split."""
    return sympy.factor(sympy.cancel(expr))


def forms(d: sympy.Expr) -> Iterator[sympy.Expr]:
    """``d`` itself, then (only if asked for) cancelled, simplified, factored forms.

    The forms are those of ``d`` with its dummies (the parameters of a case
    split's pieces, new in every split) renamed to fixed ones with the same
    assumptions, then named back: a renaming of symbols with the same
    assumptions changes no sign, and the same piece met in another split (or
    another claim) is then simplified once.
    """
    yield d
    renamed, back = _fixed_dummies(d)
    if not d.has(sympy.Piecewise):
        yield cancelled(renamed).xreplace(back)
    yield simplified(renamed).xreplace(back)
    yield factored(renamed).xreplace(back)


# Fixed dummies, by position and assumptions (see forms).
_FIXED: dict[tuple[int, tuple[tuple[str, bool], ...]], sympy.Dummy] = {}


def _fixed_dummies(d: sympy.Expr) -> tuple[sympy.Expr, dict[sympy.Dummy, sympy.Dummy]]:
    """``d`` with its dummies, in canonical order, renamed to fixed dummies; and the way back."""
    own = sorted(d.atoms(sympy.Dummy), key=sympy.default_sort_key)
    if not own:
        return d, {}
    renaming = {}
    for index, dummy in enumerate(own):
        facts = dummy.assumptions0
        key = (index, tuple(sorted(facts.items())))
        fixed = _FIXED.get(key)
        if fixed is None:
            fixed = _FIXED[key] = sympy.Dummy(f"_f{index}", **facts)
        renaming[dummy] = fixed
    return d.xreplace(renaming), {new: old for old, new in renaming.items()}


def symbols_of(*objs: sympy.Basic) -> list[sympy.Symbol]:
    """The free symbols of ``objs``, sorted by name."""
    found: set[sympy.Symbol] = set()
    for obj in objs:
        if isinstance(obj, sympy.Basic):
            found |= {s for s in obj.free_symbols if isinstance(s, sympy.Symbol)}
    return sorted(found, key=lambda s: s.name)


def kinks_expanded(expr: sympy.Basic) -> sympy.Basic:
    """``expr`` with the arguments of its non-smooth functions multiplied out.

    A region's value put into a kink (``k = |w0|/(eta*lam) + t``) leaves a
    product that SymPy does not multiply out, so it cannot see the sign of
    ``max(0, |w0| - eta*lam*(t + |w0|/(eta*lam)))``; multiplied out, the
    argument is ``-eta*lam*t`` and the maximum is 0.

    >>> from symreg.symbols import eta, lam, w0
    >>> t = sympy.Symbol("t", positive=True)
    >>> kinks_expanded(sympy.Max(0, sympy.Abs(w0) - eta*lam*(t + sympy.Abs(w0)/(eta*lam))))
    0
    """
    if not isinstance(expr, sympy.Expr) or not expr.has(*NONSMOOTH):
        return expr

    def multiplied_out(node: sympy.Basic) -> sympy.Basic:
        args = tuple(sympy.expand_mul(a) for a in node.args)
        # (rebuilt only when an argument changed: building a Max compares its arguments)
        return node if args == node.args else node.func(*args)

    return expr.replace(lambda e: isinstance(e, NONSMOOTH), multiplied_out)


@memoised(4096)
def to_piecewise(expr: sympy.Basic) -> sympy.Basic:
    """Rewrite Abs, sign, Max, Min and Heaviside as Piecewise.

    >>> import sympy
    >>> from symreg.symbols import w
    >>> to_piecewise(sympy.Abs(w))
    Piecewise((w, w >= 0), (-w, True))
    """
    if not isinstance(expr, sympy.Basic) or not expr.has(*NONSMOOTH):
        return expr
    if isinstance(expr, sympy.Set):
        return map_set(expr, to_piecewise)
    return _rewritten(expr)


def _rewritten(node: sympy.Basic) -> sympy.Basic:
    """``node`` with its non-smooth functions rewritten as Piecewise, innermost first.

    When an argument of a non-smooth function holds a Piecewise (a kink inside
    another), the function is not rebuilt on that argument (SymPy would
    compare the cases of a ``Max`` on construction): its cases are taken out
    first, ``f(Piecewise((a, c), ...))`` being ``Piecewise((f(a), c), ...)``,
    and each ``f(a)`` is rewritten on its own, so that no condition ever
    contains a Piecewise.
    """
    if not node.args or not node.has(*NONSMOOTH):
        return node
    args = tuple(_rewritten(a) for a in node.args)
    if isinstance(node, NONSMOOTH):
        if not any(a.has(sympy.Piecewise) for a in args):
            return _as_piecewise(node if args == node.args else node.func(*args))
        cases = sympy.piecewise_fold(node.func(*args, evaluate=False))
        if not isinstance(cases, sympy.Piecewise):
            return _as_piecewise(node.func(*args))
        return sympy.piecewise_fold(sympy.Piecewise(*[
            (_rewritten(value), cond) for value, cond in cases.args]))
    return node if args == node.args else node.func(*args)


@memoised(4096)
def _as_piecewise(node: sympy.Basic) -> sympy.Basic:
    """``node.rewrite(Piecewise)``, memoised: the same kinks recur across many expressions."""
    return node.rewrite(sympy.Piecewise)


def piecewise_normal(obj: sympy.Basic) -> sympy.Basic:
    """Rewrite Abs, sign, Max, Min as Piecewise with plain And/Or conditions.

    ``Max.rewrite(Piecewise)`` produces ``ITE`` conditions, which the case
    split does not decide yet; expanding them lets it finish (e.g. the
    soft-threshold identity).

    >>> import sympy
    >>> from symreg.symbols import w
    >>> piecewise_normal(sympy.Max(w, 0))
    Piecewise((0, w <= 0), (w, True))
    """
    if not isinstance(obj, sympy.Expr) or not obj.has(*NONSMOOTH, sympy.Piecewise):
        return obj
    out = obj
    for func in NONSMOOTH:
        if out.has(func):
            out = out.replace(lambda e, f=func: isinstance(e, f), _as_piecewise)
    ite = sympy.logic.boolalg.ITE
    if out.has(ite):
        out = out.replace(
            lambda e: isinstance(e, ite),
            lambda e: sympy.Or(sympy.And(e.args[0], e.args[1]),
                               sympy.And(sympy.Not(e.args[0]), e.args[2])),
        )
    return out


def map_set(st: sympy.Set, fn: Callable[[sympy.Basic], sympy.Basic]) -> sympy.Set:
    """Apply ``fn`` to the elements or ends of a finite set, an interval or a union."""
    if isinstance(st, sympy.FiniteSet):
        return sympy.FiniteSet(*[fn(a) for a in st.args])
    if isinstance(st, sympy.Interval):
        return sympy.Interval(fn(st.left), fn(st.right), st.left_open, st.right_open)
    if isinstance(st, sympy.Union):
        return sympy.Union(*[map_set(a, fn) for a in st.args], evaluate=False)
    return st


def relations_in(cond: sympy.Basic) -> list[sympy.core.relational.Relational]:
    """The relationals of the condition ``cond``, in SymPy's canonical order.

    (``atoms`` gives a set, whose order would follow the hash seed.)

    >>> from symreg.symbols import lam, w
    >>> relations_in((w < 2 * lam) & (w > lam))
    [w > lam, w < 2*lam]
    """
    return sorted(cond.atoms(sympy.core.relational.Relational), key=sympy.default_sort_key)


def relationals(expr: sympy.Basic) -> list[sympy.core.relational.Relational]:
    """The relationals of ``expr``, including those in Piecewise conditions.

    In an order that does not depend on the hash seed (arguments are visited
    in SymPy's canonical order).

    >>> from symreg.symbols import lam, w
    >>> relationals(sympy.Piecewise((1, (w < 2 * lam) & (w > lam)), (0, True)))
    [lam < w, w < 2*lam, lam < w, w < 2*lam]
    """
    return list(_relationals(expr))


@memoised(4096)
def _relationals(expr: sympy.Basic) -> tuple[sympy.core.relational.Relational, ...]:
    """:func:`relationals`, memoised: the breakpoints of an expression are asked
    for each of its variables, and the case split asks for its variables."""
    found = []
    for node in sympy.preorder_traversal(expr, keys=True):
        if isinstance(node, sympy.Piecewise):
            for _, cond in node.args:
                found.extend(relations_in(cond))
        elif isinstance(node, sympy.core.relational.Relational):
            found.append(node)
    return tuple(found)


def doit_unevaluated(obj: sympy.Basic) -> sympy.Basic:
    """Evaluate unevaluated derivatives, limits, integrals, sums and products.

    Limits are the prover's own (:func:`symreg.proof._limits.evaluate_limits`:
    Piecewise branch by branch, every value confirmed), taken before the rest.

    Raises:
        UndecidedLimit: a limit that cannot be decided soundly.
    """
    if isinstance(obj, sympy.Set):
        return map_set(obj, doit_unevaluated)
    if isinstance(obj, sympy.Basic) and obj.has(sympy.Limit):
        from symreg.proof._limits import evaluate_limits

        obj = evaluate_limits(obj)
    if isinstance(obj, sympy.Basic) and obj.has(*_UNEVALUATED):
        return _doit(obj)
    return obj


def _doit(obj: sympy.Basic) -> sympy.Basic:
    """``obj.doit()``, each outermost derivative, integral, sum or product evaluated once.

    The same sums and integrals recur in many steps (a likelihood scaled
    two ways); their ``doit`` (SymPy's summation algorithms, which may work
    long before giving up) is memoised, and the rest of ``obj`` is evaluated
    around them.
    """
    outer: list[sympy.Basic] = []
    nodes = sympy.preorder_traversal(obj)
    for node in nodes:
        if isinstance(node, _UNEVALUATED):
            outer.append(node)
            nodes.skip()
    holes = {node: sympy.Dummy() for node in outer}
    rest = obj.xreplace(holes).doit()
    return rest.xreplace({hole: _doit_node(node) for node, hole in holes.items()})


@memoised(1024)
def _doit_node(node: sympy.Basic) -> sympy.Basic:
    return node.doit()
