"""Tests of symreg.render.layout: width estimates and the alignment of steps."""

from __future__ import annotations

import pytest

from symreg.render import layout


def test_estimate_width_grows_with_content_and_reads_fractions_and_cases():
    narrow, wide = layout.estimate_width("w"), layout.estimate_width("w + w + w + w")
    assert 0 < narrow < wide
    frac = layout.estimate_width(r"\frac{aaaaaaaa}{b}")
    assert frac == pytest.approx(layout.estimate_width("aaaaaaaa") + 0.3)
    cases = layout.estimate_width(r"\begin{cases} aaaa & x \\ a & y \end{cases}")
    assert layout.estimate_width("aaaa") < cases < layout.estimate_width("aaaa a x y") + 4


def _parts(lhs, pieces, reason=""):
    return layout.StepParts(lhs=lhs, lhs_pieces=(lhs or "",), pieces=pieces, where="",
                            reason=rf"\text{{{reason}}}" if reason else "", reason_text=reason)


def test_a_chain_continues_under_its_first_left_side():
    block = layout.alignment([_parts("a", ("= b",), "why"), _parts(None, (r"\le c",))],
                             "align*", width=layout.LINE_WIDTH_EM, fit=False)
    assert block == "\\begin{align*}\na &= b \\tag*{why} \\\\\n&\\le c\n\\end{align*}"
    block = layout.alignment([_parts("a", ("= b",), "why"), _parts(None, (r"\le c",))],
                             "aligned", width=layout.LINE_WIDTH_EM, fit=False)
    assert block == "\\begin{aligned}\na &= b && \\text{why} \\\\\n&\\le c\n\\end{aligned}"


def test_pieces_are_packed_into_lines_that_fit():
    pieces = ("= " + "w" * 20, *(f"+ {'z' * 20}" for _ in range(5)))
    block = layout.alignment([_parts("a", pieces)], "aligned", width=30, fit=False)
    rows = block.split("\n")[1:-1]
    assert len(rows) > 2
    assert all(row.removesuffix(" \\\\").startswith(("a &", r"&\qquad +")) for row in rows)


def test_a_row_starting_with_a_bracket_is_protected_from_being_read_as_a_skip():
    # after "\\", a row opening with "[" would be read as \\[<skip>]
    block = layout.alignment([_parts("[0, 1]", ("= b",))], "aligned", width=40, fit=False)
    assert block.split("\n")[1] == "{}[0, 1] &= b"


def test_a_line_still_too_wide_is_cut_between_the_factors_of_a_product():
    factor = "f" * 30
    parts = layout.StepParts(lhs="a", lhs_pieces=("a",), pieces=(f"= {factor} {factor}",),
                             where="", reason="", reason_text="",
                             fine=(f"= {factor}", rf"\cdot {factor}"))
    block = layout.alignment([parts], "align*", width=30, fit=False)
    assert block.split("\n")[1:3] == [f"a &= {factor} \\\\", rf"&\qquad \cdot {factor}"]
    wide = layout.alignment([parts], "align*", width=60, fit=False)
    assert wide.split("\n")[1] == f"a &= {factor} {factor}"


def test_the_finer_cut_is_printed_only_for_a_line_still_too_long():
    from symreg.render.layout import Later, _pack

    asked: list[str] = []

    def finer() -> tuple[str, ...]:
        asked.append("printed")
        return ("a", "+ b", "+ c")

    assert _pack(("a + b",), "", 40.0, Later(finer)) == ["a + b"]
    assert asked == []  # the line fits: the finer cut is never printed
    long = r"\frac{" + "w" * 60 + "}{2}"
    lines = _pack((long,), "", 10.0, Later(finer))
    assert asked == ["printed"]
    assert lines == ["a + b + c"]
