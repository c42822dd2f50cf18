"""The prover: exact proofs of equalities and inequalities under the symbols' assumptions.

This is the engine behind :meth:`symreg.Derivation.verify` and
:func:`symreg.check.equivalent`.

Semantics (as implemented today)
--------------------------------
A claim ``lhs REL rhs`` with ``REL`` one of ``eq`` (also equality of sets),
``le``, ``lt``, ``ge``, ``gt`` or ``in`` (``lhs`` is an element of the set
``rhs``), on a region ``where`` (a condition on the symbols, or everywhere),
means: at every point of the region (every value of every free symbol allowed
by its assumptions: ``w`` real, ``lam`` positive, ``k`` a non-negative
integer, ...) where both sides are defined, the relation holds there.

* A point where a side is undefined (a division by zero, no branch of a
  ``Piecewise``) is skipped by sampling: it is **not** a counterexample.
  ``prove(Abs(w)/w, sign(w))`` is therefore not refuted. (The answer checker
  is stricter: its screen counts a point where exactly one side is defined as
  a difference.) The symbolic stages do not check definedness either.
* Unevaluated ``Derivative``, ``Limit``, ``Integral``, ``Sum`` and ``Product``
  are evaluated with SymPy's ``doit`` first, with SymPy's conventions:
  ``Derivative(Abs(w), w)`` becomes ``sign(w)``, so ``d|w|/dw = sign(w)`` is
  "proved" although ``|w|`` has no derivative at 0.

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
   written as linear combinations), then ``simplify`` of the difference (and,
   for inequalities, the sign of its plain, cancelled, simplified and
   factored forms under the assumptions).
3. **Exact case split.** Non-smooth functions are rewritten as ``Piecewise``;
   the line of one variable is cut at the breakpoints into open intervals and
   single points, each parametrised by a fresh positive symbol, and the claim
   is proved on every piece (recursively, at most three variables deep).

``proved`` comes only from stage 2 or 3; ``unknown`` is the honest answer
when neither finds a proof (or the time budget runs out).

Trust base
----------
The prover believes these SymPy functions; the cross-check is the sampling of
stage 1, which runs before every symbolic proof (so a rewrite that is wrong
at one of the sampled points cannot give ``proved``), and nothing more:

* the assumptions system (``is_positive``, ``is_zero``, ``is_nonnegative``,
  ...): believed for every sign; not cross-checked;
* ``expand``, ``cancel``, ``expand_log`` (without ``force``), ``factor``:
  believed; used only as identities valid under the assumptions;
* ``simplify``: believed when it reduces a difference to 0 and for the signs
  of its result; not cross-checked beyond stage 1;
* ``rewrite(Piecewise)`` of ``Abs``, ``sign``, ``Max``, ``Min``,
  ``Heaviside``, ``piecewise_fold``, ``Poly`` (breakpoints), ``to_dnf``
  (regions): believed;
* ``doit`` of ``Derivative``, ``Limit``, ``Integral``, ``Sum``, ``Product``:
  believed, with SymPy's conventions (see above); not cross-checked;
* ``Set.contains``, ``Eq`` of sets, ``Interval`` and ``FiniteSet``
  evaluation: believed;
* ``evalf(60)``: a number farther than ``1e-40`` from 0 at 60 digits has
  that sign; closer numbers are decided only by ``is_zero`` or ``simplify``
  (else undecided).

The prover itself calls neither ``solveset`` nor ``limit``: those are used by
its callers (penalties, analysis, the checker's subdifferential), which are
responsible for their own cross-checks. Caches: :func:`clear_caches` empties
every cache the prover keeps.

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
from symreg.proof._forms import piecewise_normal
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
    "sort_points",
    "value_at",
]
