"""The prover: exact proofs of equalities and inequalities under the symbols' assumptions.

This is the engine behind :meth:`symreg.Derivation.verify` and
:func:`symreg.check.equivalent`.

Semantics
---------
A claim ``lhs REL rhs`` with ``REL`` one of ``eq`` (also equality of sets),
``le``, ``lt``, ``ge``, ``gt`` or ``in`` (``lhs`` is an element of the set
``rhs``), on a region ``where`` (a condition on the symbols, or everywhere),
holds when, at every point of the region (every value of every free symbol
allowed by its assumptions: ``w`` real, ``lam`` positive, ``k`` a
non-negative integer, ...), **both sides are defined and real and the
relation holds there**.

* Where a side is defined is read from the expression *as written*, before
  SymPy evaluates it (:mod:`symreg.proof._domain`): a division needs a
  non-zero divisor, a logarithm a positive argument, a non-integer power a
  non-negative base (positive for a negative exponent: SymPy's principal
  roots of negative numbers are not real), and a ``Derivative`` exists only
  away from the kinks of what it differentiates (the zeros of the arguments
  of ``Abs``, ``sign`` and ``Heaviside``, the ties of ``Max`` and ``Min``,
  the boundaries of ``Piecewise`` conditions, the zero of the base of a
  non-integer power); a ``Piecewise`` without a ``True`` condition has a
  value only where one of its conditions holds (that they cover a region is
  proved by the case split, as an indicator equal to 1). Build written forms
  with ``evaluate=False`` (SymPy turns ``w/w`` into 1 on construction).
* A point of the region where a side is undefined **refutes** the claim,
  with the reason ``undefined at w = 1``; a condition of definedness that can
  be neither refuted nor proved on the region leaves the claim ``unknown``.
* Only then are unevaluated ``Derivative``, ``Integral``, ``Sum`` and
  ``Product`` evaluated with ``doit``, where they are known to exist (each
  distinct one once per process). An equality whose only unevaluated objects
  are sums and products with finite limits is first tried by expansion with
  them as opaque terms (a sum of a linear combination split into sums,
  index-free factors taken out: rules of finite sums), which proves it
  without SymPy's summation.
* ``Limit(f, x, a, dir)`` is the limit as ``x`` tends to ``a`` from ``dir``
  with the other symbols fixed, for every admissible value of them, and the
  prover takes it itself (:mod:`symreg.proof._limits`): ``Abs``, ``sign``,
  ``Max``, ``Min`` and ``Piecewise`` **branch by branch**, where each branch
  condition must be eventually constant as ``x`` tends to ``a`` (free of
  ``x``, or eventually true or false; or, when the sign of the limit of its
  two sides' difference ``L`` depends on the other symbols and ``L`` is linear
  in one of them, the condition ``L > 0``, ``L < 0`` or that symbol at the
  root of ``L``, decided there by the next order: ``z > eta*lam`` as
  ``lam -> 0+`` is eventually ``z > 0``). Nothing is substituted into a
  condition. A limit of an expression without conditions is SymPy's,
  confirmed by exact evaluation along ``x - a = 10**-8, 10**-16, 10**-32`` at
  sample points of the other symbols (0 and negative values included). A
  limit that is infinite, that SymPy cannot take, whose conditions are not
  eventually constant, or that the sequence contradicts makes the claim
  ``unknown`` (``method="limit"``, the reason names it).
* ``ceiling(x)`` is the integer ``n`` with ``n - 1 < x <= n``, ``floor(x)``
  the integer ``n`` with ``n <= x < n + 1`` (:mod:`symreg.proof._integer`).
  In a region, an integer-valued expression compared with an integer part is
  compared with ``x`` instead, by the exact equivalences ``n >= ceiling(x)``
  iff ``n >= x``, ``n < ceiling(x)`` iff ``n < x``, ``n <= floor(x)`` iff
  ``n <= x``, ``n > floor(x)`` iff ``n > x`` (and the others derived from
  them). In a claim, when SymPy's evaluation of the integer part does not
  decide it, ``ceiling(x)`` is written ``x + s`` and ``floor(x)`` as
  ``x - s``, and the claim is proved for every ``s`` in ``[0, 1)``; this
  forgets integrality, so it can only fail to prove, never prove a false
  claim.

A claim is decided in three stages:

1. **Refutation by exact sampling.** The claim is evaluated at rational points
   that respect the assumptions (0, negative values, points on, inside and
   outside every breakpoint of a ``Piecewise``, ``Abs``, ``sign``, ``Max`` or
   ``Min``; :func:`sample_points`, the one sampler, shared with the answer
   checker and :mod:`symreg.testing`). Values are exact: fractions where the
   expression is rational, SymPy otherwise. A point where the claim is false
   is returned as the counterexample. **Sampling only refutes**: it never
   proves anything.
2. **Exact rewriting.** Expansion (with ``cancel``, ``expand_log`` and sums
   written as linear combinations), then, for an equality with radicals, the
   difference shown 0 by pseudo-division with its radicals as unknowns
   (:mod:`symreg.proof._radicals`), then ``simplify`` of the difference (and,
   for inequalities, the sign of its plain, cancelled, simplified and
   factored forms under the assumptions).
3. **Exact case split.** Non-smooth functions are rewritten as ``Piecewise``;
   the line of one variable is cut at the breakpoints into open intervals and
   single points, each parametrised by a fresh positive symbol, and the claim
   is proved on every piece (recursively, at most three variables deep).

Between stages 2 and 3, an inequality whose difference ``lhs - rhs`` is a sum
of parts with disjoint variables (the symbols not assumed positive) is
proved by **adding inequalities** (:mod:`symreg.proof._termwise`): each part
is proved ``>= 0`` (``> 0`` for a strict relation, and likewise for ``<=``
and ``<``) on its own, parts equal up to a renaming of their variables
once. This is sound for any grouping of the terms; a part that is negative
somewhere only leaves the rule unused. Before a case split, a claim that
depends on two of its symbols only through the argument ``A = c*v + r`` of a
non-smooth function (``max(w0 - k*eta*lam, 0)``) is tried by
**generalisation** (:mod:`symreg.proof._generalise`): ``v`` is written as
``(x - r)/c`` for a new real variable ``x``, and the claim is proved for
every real ``x``, which implies it at ``x = A``. The new claim has fewer
symbols; it forgets what was known of ``v``, so it may fail where the
original holds, and then the original is split as usual. A region (stage 3) given by bounds on
several variables, each bound naming only variables bounded before it, is
parametrised variable by variable, with both ends of non-strict bounds
included.

``proved`` comes only from stage 2 or 3; ``unknown`` is the honest answer
when neither finds a proof (or the time budget runs out).

Trust base
----------
The prover believes these SymPy functions; the cross-check is the sampling of
stage 1, which runs before every symbolic proof (so a rewrite that is wrong
at one of the sampled points cannot give ``proved``), and nothing more:

* the assumptions system (``is_positive``, ``is_zero``, ``is_nonnegative``,
  ...): believed for every sign; not cross-checked;
* ``expand``, ``cancel``, ``expand_log`` (without ``force``), ``factor``,
  ``as_numer_denom`` (a rational function as one fraction, whose numerator
  expanding to 0 proves it 0): believed; used only as identities valid under
  the assumptions;
* ``as_numer_denom``, ``expand`` and ``prem`` (pseudo-remainder of
  polynomials) for an identity among radicals: each root ``B**(1/L)`` an
  unknown ``y`` with ``y**L*Q = P`` (``B = P/Q``, ``Q`` non-zero by the
  assumptions); a numerator whose remainder by those relations expands to 0
  is 0 (:mod:`symreg.proof._radicals`);
* ``simplify``: believed when it reduces a difference to 0 and for the signs
  of its result; not cross-checked beyond stage 1. The cancelled, simplified
  and factored forms of a difference in a leaf are taken with its dummies
  renamed to fixed dummies with the same assumptions and named back (a
  renaming that keeps the assumptions changes no sign; the same piece of
  another case split, with new dummies, is then simplified once);
* ``rewrite(Piecewise)`` of ``Abs``, ``sign``, ``Max``, ``Min``,
  ``Heaviside``, ``piecewise_fold``, ``Poly`` (breakpoints), ``to_dnf``
  (regions): believed; a kink inside another is rewritten first, and its
  cases are taken out of the outer function's arguments by ``piecewise_fold``
  (``f(Piecewise((a, c), ...))`` is ``Piecewise((f(a), c), ...)``) before the
  outer function is rewritten, so that no condition contains a ``Piecewise``;
* ``doit`` of ``Derivative`` (only where the derivative exists, see above),
  ``Integral``, ``Sum``, ``Product``: believed; not cross-checked;
* ``limit`` of an expression without conditions: believed only when the
  sequence above confirms it (a numerical check at 60 digits, at finitely many
  points: a wrong limit that agrees with it there would be believed);
* ``ceiling`` and ``floor`` of SymPy (pulling integer terms out): believed;
* ``Set.contains``, ``Eq`` of sets, ``Interval`` and ``FiniteSet``
  evaluation: believed;
* ``evalf(strict=True)``: a number it evaluates to 30 significant digits is
  non-zero with that sign (SymPy's evaluation tracks its error and refuses
  when it cannot reach the accuracy, as for a value that is 0 or cancels);
  zero is decided only by ``is_zero``, ``simplify``, ``expand_log``,
  pseudo-division by the relations of radicals or a minimal polynomial (else
  undecided). Where only a refutation is sought
  (the samples of stage 1 for ``eq``, ``le`` and ``ge``; a condition of
  definedness ``a >= 0`` or ``a <= 0`` at a candidate point) a difference is
  never proved to be 0, since 0 refutes nothing there: it refutes when its
  sign is certified within :data:`~symreg.proof._evaluate.SCREEN_DIGITS`
  digits of working precision, else the point is passed over (a wrong-signed
  difference that cancels beyond those digits is not found at that point);
* exact rational arithmetic on Python fractions (Abs, sign, Max, Min,
  Piecewise, and floor and ceiling by Python's exact ``math.floor`` and
  ``math.ceil`` of a fraction, included) for the values of rational
  expressions and the truth of their conditions at rational points;
* SymPy's sparse field of rational functions over the rationals, for the
  sign of a rational function of positive symbols: the reduced numerator and
  denominator each with coefficients of one sign give that sign everywhere
  (:mod:`symreg.proof._coefficients`; asked before the cancelled form, and in
  a leaf before the assumptions are asked the sign of the difference);
* exact isolation of the real roots of a polynomial over the rationals in one
  symbol (SymPy's dense polynomial arithmetic over QQ), to read a condition of
  definedness on it (``p != 0``, ``p > 0``, ``p >= 0``) as holding at every
  admissible value, at some, or not decided (:mod:`symreg.proof._line`);
* ``solveset`` on one real variable: believed for the zeros of the
  conditions of definedness (to find undefined points; a wrong zero can
  only miss a refutation, never prove anything).

Screens that only route work, never decide: a difference that takes both
signs at exact admissible points (rationals that satisfy every assumption of
every symbol, evaluated on fractions) is given no sign without computing its
cancelled, simplified and factored forms, and two expressions whose
difference is non-zero at such a point are not equal without a
simplification being tried. Each can only turn an attempt that would fail
into a faster failure; what is proved is proved as before.

Callers that take limits themselves (penalties, analysis, the checker's
subdifferential) are responsible for their own cross-checks. Caches:
:func:`clear_caches` empties every cache the prover keeps (all of them hold
results of pure functions of their SymPy arguments, whose symbols carry
their assumptions).

Examples
--------
>>> import sympy
>>> from symreg.symbols import w, lam, z, eta
>>> prove(sympy.sqrt(w**2), sympy.Abs(w)).status
'proved'
>>> r = prove(sympy.sqrt(w**2), w)
>>> r.status, r.counterexample
('refuted', ((w, -1),))
>>> soft = sympy.sign(z) * sympy.Max(sympy.Abs(z) - eta * lam, 0)
>>> prove(soft, z - sympy.Max(-eta * lam, sympy.Min(z, eta * lam))).status
'proved'
"""

from __future__ import annotations

from symreg.proof._decide import Relation, sort_points
from symreg.proof._evaluate import value_at
from symreg.proof._forms import piecewise_normal, simplified
from symreg.proof._memo import cache_size, clear_caches
from symreg.proof._prove import Proof, Status, prove
from symreg.proof._refute import Difference, find_difference
from symreg.proof._sampler import Point, breakpoints, candidates, sample_points, screen_points

__all__ = [
    "Difference",
    "Point",
    "Proof",
    "Relation",
    "Status",
    "breakpoints",
    "cache_size",
    "candidates",
    "clear_caches",
    "find_difference",
    "piecewise_normal",
    "prove",
    "sample_points",
    "screen_points",
    "simplified",
    "sort_points",
    "value_at",
]
