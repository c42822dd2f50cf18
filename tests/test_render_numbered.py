"""Tests of symreg.render._numbered: equation labels and proofs that cite them."""

from __future__ import annotations

import re

import pytest

from symreg import catalogue
from symreg.derivation import Derivation, Step, calc, eq, gt
from symreg.render import _numbered as nb
from symreg.render.latex import derivation_theorem
from symreg.render.snippet import snippet
from symreg.symbols import lam, w


def _derivation(**kwargs) -> Derivation:
    steps = (Step((w - 1) ** 2, w**2 - 2 * w + 1, reason="expand"),
             Step(w**2 + 1, 0, relation="gt", reason="a square plus one"),
             calc(lam * (w**2 + 1), ("=", lam * w**2 + lam, "distribute"),
                  (">", 0, "a positive multiple")))
    return Derivation(name="two_parts", title="Two parts", steps=steps, **kwargs)


def test_a_named_result_labels_its_equation_and_the_others_are_counted():
    d = _derivation(results={"square": w**2 - 2 * w + 1})
    assert nb.equation_labels(d) == ("eq:two-parts:square", "eq:two-parts:2",
                                     "eq:two-parts:3")


def test_labels_do_not_depend_on_the_order_results_were_given_in():
    first = _derivation(results={"b": w**2 - 2 * w + 1, "a": w**2 - 2 * w + 1})
    second = _derivation(results={"a": w**2 - 2 * w + 1, "b": w**2 - 2 * w + 1})
    assert nb.equation_labels(first) == nb.equation_labels(second)
    assert nb.equation_labels(first)[0] == "eq:two-parts:a"


def test_a_one_link_chain_is_cited_and_a_longer_one_is_shown():
    d = _derivation()
    blocks = nb.proof_blocks(d, nb.equation_labels(d))
    assert blocks == (
        nb.Cited((("eq:two-parts:1", "expand"), ("eq:two-parts:2", "a square plus one"))),
        nb.Shown((d.chains[2],), ("eq:two-parts:3",)),
    )


def test_a_link_that_is_not_the_claim_is_shown():
    # the claim (w^2 + 1 > -1) is weaker than what the link proves
    d = Derivation(name="weak", title="Weak",
                   steps=(Step(w**2 + 1, 0, relation="gt", reason="a square plus one"),),
                   claim=gt(w**2 + 1, -1))
    assert nb.proof_blocks(d, nb.equation_labels(d)) == (nb.Shown(d.chains),)


def test_a_link_without_a_reason_is_shown():
    square = (w + 1) ** 2 - 2 * w - 1
    d = Derivation(name="bare", title="Bare", steps=(Step(square, w**2, reason=""),),
                   claim=eq(square, w**2))
    assert nb.proof_blocks(d, nb.equation_labels(d)) == (nb.Shown(d.chains, ("eq:bare:1",)),)


def test_displayed_chains_say_which_equations_they_prove():
    d = _derivation()
    (_, shown) = nb.proof_blocks(d, nb.equation_labels(d))
    assert nb.proved_by(shown) == r"The chain above proves \eqref{eq:two-parts:3}."
    assert nb.proved_by(nb.Shown(d.chains)) == ""
    assert r"The chain above proves \eqref{eq:two-parts:3}." in derivation_theorem(d)


def test_citations_group_the_numbers_of_one_reason():
    out = nb.citations([("a", "x"), ("b", "y."), ("c", "x"), ("a", "x"), ("d", "x")])
    assert out == ("\\eqref{a}, \\eqref{c} and \\eqref{d}: x.\n\\eqref{b}: y.")


def test_references_skip_what_the_document_does_not_contain():
    keys = nb.cited_labels("prox", ["l1", "nothing"])
    assert nb.references(keys, frozenset({"thm:prox", "eq:prox:l1"})) == [
        "Theorem~\\ref{thm:prox}", "\\eqref{eq:prox:l1}"]


def test_every_figure_cites_a_theorem_and_equations_the_catalogue_has():
    for name, (entry, keys) in nb.FIGURE_SOURCES.items():
        labels = nb.equation_labels(catalogue.get(entry))
        for key in nb.cited_labels(entry, keys)[1:]:
            assert key in labels, (name, key)


def _refs_and_labels(tex: str) -> tuple[set[str], list[str]]:
    refs = set(re.findall(r"\\eqref\{([^}]*)\}", tex))
    labels = re.findall(r"\\label\{([^}]*)\}", tex)
    return refs, labels


@pytest.mark.parametrize("name", catalogue.names())
def test_a_snippet_cites_only_its_own_equations(name):
    tex = snippet(catalogue.get(name))
    refs, labels = _refs_and_labels(tex)
    assert len(labels) == len(set(labels))
    assert refs <= set(labels)
    assert all(key.startswith(f"eq:{name}:") for key in labels if key.startswith("eq:"))
    # every numbered equation of the statement is cited by the proof or shown in it
    proof = tex.split("\\begin{proof}", 1)[1]
    assert "\\begin{align*}" in proof or refs == {k for k in labels if k.startswith("eq:")}


def test_a_theorem_labels_itself_and_each_equation_of_its_statement():
    d = _derivation()
    assert _refs_and_labels(derivation_theorem(d, width=20))[1] == [
        "thm:two-parts", *nb.equation_labels(d)]
