r"""Derivations as data: hypotheses, a claim, a proof made of calc chains, named results.

A :class:`Derivation` states a theorem as SymPy objects and proves it:

* ``hypotheses``: a condition assumed throughout (``eta*lam < 1``), besides
  the assumptions of the symbols (``lam`` positive, ``w`` real, ...);
* ``claim``: what is proved, a SymPy statement: an equality, an inequality, a
  set membership or a set equality (built with :func:`eq`, :func:`le`,
  :func:`lt`, :func:`ge`, :func:`gt`, :func:`member`, :func:`solutions`,
  unevaluated so that the written form is kept), one claimed on a region only
  (:func:`when`), or a conjunction (``sympy.And``) of these;
* the proof: calc chains (:func:`calc`, as in Lean's ``calc``), each link
  continuing from the previous right side with its relation and its reason;
  a separate fact (a case, a lemma) is a new chain with its own region; a lone
  :class:`Step` is a chain of one link;
* ``results``: named objects of the claim (``d.results["prox"]``), for
  renderers, figures and the answer checker.

:meth:`Derivation.verify` proves every link with :func:`symreg.proof.prove`
under the hypotheses (see that package for what "proved" means), composes
each chain's relation (``=`` then ``<=`` gives ``<=``, ``<=`` then ``<``
gives ``<``), and checks that every conjunct of the claim follows from one
chain (the same two sides as written, a relation at least as strong, the
conjunct's region inside the chain's), that the hypotheses and every
conjunct's region hold somewhere (a witness point is kept:
:attr:`Derivation.witness`), and that each named result is a side of the
claim. The first failure raises :class:`~symreg.errors.VerificationError`
naming the derivation, chain, step and reason.

Examples
--------
>>> import sympy
>>> from symreg.symbols import w, lam
>>> d = Derivation(
...     name="l1-derivative",
...     title="Derivative of the L1 penalty",
...     steps=(calc(sympy.Derivative(lam * sympy.Abs(w), w),
...                 ("=", lam * sympy.sign(w), "the derivative of |w| is its sign"),
...                 where=sympy.Ne(w, 0)),),
...     claim=when(sympy.Ne(w, 0), eq(sympy.Derivative(lam * sympy.Abs(w), w),
...                                  lam * sympy.sign(w))),
...     results={"derivative": lam * sympy.sign(w)},
... )
>>> d.verify().results["derivative"]
lam*sign(w)
>>> bad = Derivation(name="bad", title="Wrong",
...                  steps=(Step(sympy.sqrt(w**2), w, reason="cancel"),))
>>> bad.verify()
Traceback (most recent call last):
...
symreg.errors.VerificationError: derivation 'bad' (Wrong), chain 1, step 1 (cancel): ...

A claim the proof does not reach is refused, naming the conjunct:

>>> expand = Step((w - 1)**2, w**2 - 2*w + 1, reason="expand")
>>> Derivation(name="gap", title="Gap", steps=(expand,), claim=eq((w - 1)**2, w**2 - 1)).verify()
Traceback (most recent call last):
...
symreg.errors.VerificationError: derivation 'gap' (Gap): claim 1 (Eq((w - 1)**2, w**2 - 1)) ...

A step whose two sides are the same expression proves nothing and is refused;
keeping the written form on one side (``evaluate=False``) says what it states:

>>> even = Step(lam * sympy.Abs(-w), lam * sympy.Abs(w), reason="L1 is even")
>>> Derivation(name="even", title="Even", steps=(even,)).verify()
Traceback (most recent call last):
...
symreg.errors.VerificationError: derivation 'even' (Even), ...: says nothing: ...
>>> written = lam * sympy.Abs(-w, evaluate=False)
>>> even = Step(written, lam * sympy.Abs(w), reason="L1 is even")
>>> Derivation(name="even", title="Even", steps=(even,)).verify().claim
Eq(lam*Abs(-w), lam*Abs(w))
"""

from __future__ import annotations

from symreg.derivation._chain import Chain, calc, compose
from symreg.derivation._claim import (
    Conjunct,
    conjuncts,
    eq,
    ge,
    gt,
    le,
    lt,
    member,
    solutions,
    when,
    witness,
)
from symreg.derivation._derivation import _VERIFIED, Derivation, Results, verified_together
from symreg.derivation._shared import in_two_processes
from symreg.derivation._step import _OUTCOMES, Step, StepRelation

# The memo tables (verified derivations, decided steps), reachable here for
# benchmarks that clear them to measure verification from scratch.
_MEMOS = (_VERIFIED, _OUTCOMES)

__all__ = [
    "Chain",
    "Conjunct",
    "Derivation",
    "Results",
    "Step",
    "StepRelation",
    "calc",
    "compose",
    "conjuncts",
    "eq",
    "ge",
    "gt",
    "in_two_processes",
    "le",
    "lt",
    "member",
    "solutions",
    "verified_together",
    "when",
    "witness",
]
