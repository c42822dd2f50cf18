"""What the catalogue's topic modules share: written forms and step order."""

from __future__ import annotations

from collections.abc import Iterable

import sympy

from symreg.derivation import Chain, Derivation, Step
from symreg.derivation._proofcache import vouch

__all__: list[str] = []


def solved_last(steps: Iterable[Step | Chain]) -> tuple[Step | Chain, ...]:
    """``steps`` with the ``solve`` steps moved to the end, the others in order.

    A crossover's derivation solves its equation before comparing the two
    sides; a theorem whose result is the solution ends with the solving step.

    >>> import sympy
    >>> from symreg.symbols import w
    >>> solve = Step(sympy.Eq(w, 1), sympy.FiniteSet(1), reason="solve",
    ...              relation="solve", variable=w)
    >>> compare = Step(w**2 + 1, 0, relation="gt", reason="compare")
    >>> [s.reason for s in solved_last((solve, compare))]
    ['compare', 'solve']
    """
    steps = tuple(steps)
    return (*(s for s in steps if s.relation != "solve"),
            *(s for s in steps if s.relation == "solve"))


def written_at(expr: sympy.Basic, values: dict[sympy.Basic, sympy.Basic]) -> sympy.Basic:
    """``expr`` at ``values`` with the arithmetic around them left undone.

    The form a reader writes (``lam*|-w|``, ``lam*|1|**p``): what changes is
    visible, and the prover evaluates it.

    >>> from symreg.symbols import lam, w
    >>> written_at(lam * sympy.Abs(w), {w: -w})
    lam*Abs(-w)
    >>> written_at(lam * w**2 / 2, {w: -w})
    lam*(-w)**2/2
    """
    if expr in values:
        return values[expr]
    if not expr.args or not any(expr.has(key) for key in values):
        return expr
    if isinstance(expr, sympy.Piecewise):
        return sympy.Piecewise(*[(written_at(e, values), written_at(c, values))
                                 for e, c in expr.args], evaluate=False)
    return expr.func(*[written_at(a, values) for a in expr.args], evaluate=False)


def facts(chains: Iterable[Step | Chain]) -> list[sympy.Basic]:
    """What each chain (or lone step) establishes, as statements for a claim, each once.

    >>> from symreg.symbols import w
    >>> facts([Step(w**2 + 1, 0, relation="gt", reason="a square plus one")])
    [w**2 + 1 > 0]
    """
    found: list[sympy.Basic] = []
    for chain in chains:
        fact = (chain if isinstance(chain, Chain) else Chain((chain,))).fact
        if fact not in found:  # a lemma shared by two parts is claimed once
            found.append(fact)
    return found


def quoted(derivation: Derivation, links: Iterable[Step] | None = None) -> tuple[Step, ...]:
    """The links of a verified ``derivation``, to quote in another one without proving them again.

    A proximal operator's derivation is verified in a worker process; the
    links are recorded as decided here, so a derivation that quotes them under
    the same hypotheses takes them as proved (see
    :func:`symreg.derivation._proofcache.vouch`). With ``links``, only those
    (each a link of ``derivation``), in their order.

    >>> from symreg import L2
    >>> links = quoted(L2().prox_derivation())
    >>> len(links) > 1, all(isinstance(s, Step) for s in links)
    (True, True)
    >>> quoted(L2().prox_derivation(), links[:1]) == links[:1]
    True
    """
    vouch(derivation)
    every = tuple(s for chain in derivation.chains for s in chain.steps)
    if links is None:
        return every
    chosen = tuple(links)
    for link in chosen:
        if link not in every:
            raise ValueError(f"not a link of derivation {derivation.name!r}: {link.reason}")
    return chosen
