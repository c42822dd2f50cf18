"""Tests of symreg.render.snippet: widths as TeX lengths, snippets broken to fit them."""

from __future__ import annotations

import pytest

from symreg.errors import InvalidParameterError
from symreg.render import snippet as sn


@pytest.mark.parametrize(("length", "em"), [
    ("345pt", 34.5), (" 30em ", 30.0), ("72.27pt", 7.227), (400, 40.0), ("1in", 7.227),
])
def test_a_width_is_read_as_a_tex_length(length, em):
    assert sn.width_em(length) == pytest.approx(em)


@pytest.mark.parametrize(("length", "message"), [
    ("3furlongs", r"^width must be a TeX length such as 345pt, 12cm or 30em, got '3furlongs'$"),
    ("pt", r"^width must be a TeX length such as 345pt, 12cm or 30em, got 'pt'$"),
    ("0pt", r"^width must be positive, got '0pt'$"),
    (-3, r"^width must be positive, got -3$"),
    (float("nan"), r"^width must be positive, got nan$"),
    (True, r"^width must be a TeX length such as 345pt, 12cm or 30em, got True$"),
])
def test_a_bad_width_is_refused(length, message):
    with pytest.raises(InvalidParameterError, match=message):
        sn.width_em(length)


def test_a_narrower_snippet_breaks_more_lines():
    from symreg import catalogue

    d = catalogue.get("prox")
    wide, narrow = sn.snippet(d), sn.snippet(d, width="200pt")
    assert narrow.count("\\\\") > wide.count("\\\\")


def test_a_snippet_with_macros_defines_them_after_its_comments_and_uses_them():
    from symreg import catalogue, printing

    d = catalogue.get("near-zero")
    plain, with_macros = sn.snippet(d), sn.snippet(d, macros=True)
    lines = with_macros.splitlines()
    assert lines[4] == "% symreg's macros (each defined unless the host already has it):"
    assert tuple(lines[5:9]) == printing.macro_definitions()
    assert "\\abs{" in with_macros
    assert "\\sign{\\left(" in with_macros
    assert "\\abs" not in plain
    assert "\\providecommand" not in plain
    # the macros are the only difference
    assert with_macros.replace("\\abs{", "ABS{").count("ABS{") == plain.count("\\left|{")
    assert not printing.macros_enabled()


def test_the_preamble_the_papers_guide_documents_is_what_a_snippet_needs():
    from pathlib import Path

    guide = Path(__file__).resolve().parents[1] / "docs" / "guides" / "papers.md"
    text = guide.read_text(encoding="utf-8")
    section = text.split("## One derivation in your own document", 1)[1]
    block = section.split("```latex\n", 1)[1].split("```", 1)[0]
    assert tuple(block.splitlines()[:3]) == sn.SNIPPET_NEEDS
