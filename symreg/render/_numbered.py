r"""Numbered statements: the ``\label`` of each row of a claim, and proofs that cite them.

A theorem states its claim as numbered equations, one per conjunct. Each gets a
``\label`` derived from the derivation's name (never a typed number): a
conjunct whose right side is one of the derivation's named results is
``eq:<name>:<result>``, any other ``eq:<name>:<k>`` for the ``k``-th conjunct
(counting from 1). A host document can ``\eqref`` either.

A proof then need not display again what the statement displays: a chain of
one link that establishes a conjunct exactly (the same sides, relation and
region) is cited by its number with its reason, ``(3): the density integrates
to one``; a chain of several links is displayed with every link.

>>> import sympy
>>> from symreg.derivation import Derivation, Step
>>> from symreg.symbols import w
>>> d = Derivation(name="sq", title="Square", results={"expanded": w**2 - 2 * w + 1},
...                steps=(Step((w - 1) ** 2, w**2 - 2 * w + 1, reason="expand"),
...                       Step(w**2, 0, relation="ge", reason="a square")))
>>> equation_labels(d)
('eq:sq:expanded', 'eq:sq:2')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from symreg.derivation import Chain, Derivation, conjuncts
from symreg.render.text import label, latex_text

__all__ = [
    "FIGURE_SOURCES",
    "Cited",
    "Shown",
    "citations",
    "cited_labels",
    "equation_labels",
    "proof_blocks",
    "proved_by",
    "references",
]


def equation_labels(derivation: Derivation) -> tuple[str, ...]:
    r"""The ``\label`` of each conjunct of the claim, in order (see the module's docstring).

    A named result labels the first conjunct whose right side it is; results
    are taken in the order of their names, so the labels do not depend on the
    order the author gave them in.
    """
    parts = derivation.conjuncts
    named: dict[int, str] = {}
    for key in sorted(derivation.results):
        value = derivation.results[key]
        for index, part in enumerate(parts):
            if index not in named and part.rhs == value:
                named[index] = key
                break
    return tuple(label("eq", f"{derivation.name}:{named.get(index, index + 1)}")
                 for index in range(len(parts)))


@dataclass(frozen=True, slots=True)
class Shown:
    """Chains of a proof displayed link by link, and the labels of the conjuncts they prove."""

    chains: tuple[Chain, ...]
    proves: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Cited:
    """Chains of one link each, cited by the label of the conjunct they establish."""

    items: tuple[tuple[str, str], ...]  # (label, reason)


def proof_blocks(derivation: Derivation, labels: Sequence[str]) -> tuple[Shown | Cited, ...]:
    """The proof in order, as blocks of displayed chains and of cited one-link chains.

    A one-link chain with a reason whose fact is exactly a conjunct of the
    claim is cited by that conjunct's label; every other chain is displayed.
    """
    keys = [(c.relation, c.lhs, c.rhs, c.region) for c in derivation.conjuncts]
    blocks: list[Shown | Cited] = []
    for chain in derivation.chains:
        fact = conjuncts(chain.fact)[0]
        key = (fact.relation, fact.lhs, fact.rhs, fact.region)
        step = chain.steps[0]
        proved = (labels[keys.index(key)],) if key in keys else ()
        if len(chain.steps) == 1 and step.reason and proved:
            item = (proved[0], step.reason)
            if blocks and isinstance(blocks[-1], Cited):
                blocks[-1] = Cited((*blocks[-1].items, item))
            else:
                blocks.append(Cited((item,)))
        elif blocks and isinstance(blocks[-1], Shown):
            last = blocks[-1]
            more = tuple(key for key in proved if key not in last.proves)
            blocks[-1] = Shown((*last.chains, chain), last.proves + more)
        else:
            blocks.append(Shown((chain,), proved))
    return tuple(blocks)


def proved_by(block: Shown) -> str:
    r"""What displayed chains prove, as a sentence citing the numbers; "" if nothing numbered.

    >>> proved_by(Shown((), ("eq:a:1", "eq:a:3")))
    'The chains above prove \\eqref{eq:a:1} and \\eqref{eq:a:3}.'
    """
    if not block.proves:
        return ""
    refs = [rf"\eqref{{{key}}}" for key in block.proves]
    head = refs[0] if len(refs) == 1 else ", ".join(refs[:-1]) + " and " + refs[-1]
    verb = "The chain above proves" if len(block.chains) == 1 else "The chains above prove"
    return f"{verb} {head}."


def citations(items: Sequence[tuple[str, str]]) -> str:
    r"""Cited links as sentences: the numbers sharing a reason, then the reason.

    Reasons keep the order of their first link; a number is cited once.

    >>> print(citations([("eq:a:1", "expand"), ("eq:a:2", "a square"), ("eq:a:3", "expand")]))
    \eqref{eq:a:1} and \eqref{eq:a:3}: expand.
    \eqref{eq:a:2}: a square.
    """
    grouped: dict[str, list[str]] = {}
    for key, reason in items:
        refs = grouped.setdefault(reason, [])
        if key not in refs:
            refs.append(key)
    lines = []
    for reason, keys in grouped.items():
        refs = [rf"\eqref{{{key}}}" for key in keys]
        head = refs[0] if len(refs) == 1 else ", ".join(refs[:-1]) + " and " + refs[-1]
        stop = "" if reason.endswith((".", "!", "?")) else "."
        lines.append(f"{head}: {latex_text(reason)}{stop}")
    return "\n".join(lines)


#: What each figure plots: the catalogue entry whose theorem it illustrates, and
#: the named results of that entry whose numbered equations its caption cites.
FIGURE_SOURCES: dict[str, tuple[str, tuple[str, ...]]] = {
    "penalties": ("value-crossover", ("l2", "l2-half")),
    "gradients": ("gradient-crossover", ("l2", "l2-half")),
    "step-ratio": ("epsilon-step", ("crossing",)),
    "prox": ("prox", ("l1",)),
    "descent": ("descent", ()),
}


def cited_labels(name: str, keys: Sequence[str]) -> tuple[str, ...]:
    r"""The ``\label`` keys of a catalogue entry's theorem and of its named results' equations.

    >>> cited_labels("prox", ["l1"])
    ('thm:prox', 'eq:prox:l1')
    """
    return (label("thm", name), *(label("eq", f"{name}:{key}") for key in keys))


def references(keys: Sequence[str], labels: frozenset[str]) -> list[str]:
    r"""``Theorem~\ref`` or ``\eqref`` of each key the document contains, in order."""
    return [rf"Theorem~\ref{{{key}}}" if key.startswith("thm:") else rf"\eqref{{{key}}}"
            for key in keys if key in labels]
