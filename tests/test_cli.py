"""Tests of the command line (symreg.cli)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sympy

from symreg import catalogue
from symreg.cli import check_command, main

# An identity that the prover needs many seconds for (as in test_check).
SLOW = ("max(w, z, -w, -z, lam) + min(w, z, eta)", "max(|w|, |z|, lam) + min(w, z, eta)")


def test_list(capsys):
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == list(catalogue.names())
    assert lines[0].endswith(catalogue.title("subdifferential"))


@pytest.mark.parametrize(("fmt", "marker"), [("latex", r"\begin{align*}"), ("markdown", "$$")])
def test_derive(capsys, fmt, marker):
    assert main(["derive", "gradient-crossover", "--format", fmt]) == 0
    assert marker in capsys.readouterr().out


def test_derive_unknown_name_is_a_clear_error(capsys):
    assert main(["derive", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: unknown derivation 'nope'; known: subdifferential, ")
    assert "Traceback" not in err


@pytest.mark.slow
def test_report_pdf_without_pdflatex(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert main(["report", "-o", str(tmp_path / "r.pdf")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert "texlive-latex-base" in err
    assert not (tmp_path / "r.pdf").exists()


@pytest.mark.slow
def test_report_auto_falls_back_to_tex_and_markdown(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert main(["report", "--auto", "-o", str(tmp_path / "r.pdf")]) == 0
    captured = capsys.readouterr()
    assert (tmp_path / "r.tex").exists()
    assert (tmp_path / "r.md").exists()
    assert "apt-get install texlive-latex-base" in captured.err


@pytest.mark.slow
def test_report_markdown(tmp_path, capsys):
    out = tmp_path / "r.md"
    assert main(["report", "-o", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"wrote {out}"
    text = out.read_text(encoding="utf-8")
    for name in catalogue.names():
        assert catalogue.title(name) in text


def test_report_rejects_unknown_extension(tmp_path, capsys):
    assert main(["report", "-o", str(tmp_path / "r.docx")]) == 2
    assert capsys.readouterr().err.startswith("error: ")


@pytest.mark.parametrize(
    ("answer", "expected", "code"),
    [("sqrt(w^2)", "|w|", 0), ("sqrt(w^2)", "w", 1), ("w +", "w", 2)],
)
def test_check_exit_codes(answer, expected, code, capsys):
    assert main(["check", answer, expected]) == code
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err


@pytest.mark.slow
def test_module_entry_point_runs():
    done = subprocess.run([sys.executable, "-m", "symreg", "list"], capture_output=True,
                          text=True, check=False, cwd=Path(__file__).parent)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[0] == "subdifferential"


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith("symreg ")


# ---------------------------------------------------------------------------
# symreg check


@pytest.mark.slow
def test_check_command_exit_codes():
    code, text = check_command("sqrt(w^2)", "|w|")
    assert code == 0
    assert text.startswith("equivalent:")
    code, text = check_command("sqrt(w^2)", "w")
    assert code == 1
    assert text.startswith("different:")
    assert "at w = -1" in text
    code, text = check_command(r"\frac{z}{1+2\eta\lambda}", r"\frac{z}{1+\eta\lambda}",
                               latex=True)
    assert code == 1
    assert "hint:" in text
    code, text = check_command(*SLOW, timeout=0.5)
    assert code == 3
    assert text.startswith("undecided:")


@pytest.mark.parametrize(
    ("answer", "expected", "message"),
    [
        ("2 foo", "w", r"^error: answer: unknown name 'foo' at position 2$"),
        ("w", "w +", r"^error: expected: unexpected end of input at position 3$"),
        ("__import__('os')", "w", r"^error: answer: unknown name '__import__' at position 0$"),
        ("(" * 300 + "w" + ")" * 300, "w",
         r"^error: answer: nesting too deep \(limit 200\) at position 200$"),
        ("w", "w" * 20_000, r"^error: expected: input too long \(20000 characters, "
                            r"limit 10000\)$"),
    ],
)
def test_check_command_invalid_input_is_one_line(answer, expected, message):
    code, text = check_command(answer, expected)
    assert code == 2
    assert "\n" not in text
    assert "Traceback" not in text
    assert re.match(message, text), text


def test_check_command_bad_timeout_is_invalid_input():
    code, text = check_command("w", "w", timeout=-1)
    assert code == 2
    assert text.startswith("error: timeout must be a positive number")


def test_check_command_latex_error():
    code, text = check_command(r"\input{x}", "w", latex=True)
    assert (code, text) == (2, r"error: answer: forbidden TeX command '\input' at position 0")


@pytest.mark.slow
def test_check_command_with_a_catalogue_name():
    names = catalogue.names()
    if "worked-example" in names:
        result = catalogue.get("worked-example").result
        code, _ = check_command(sympy.sstr(result), "worked-example")
        assert code == 0
        code, _ = check_command(sympy.sstr(result + 1), "worked-example")
        assert code == 1
    if "subdifferential" in names:
        code, text = check_command("0.3 lam", "subdifferential")
        assert code == 0, text
        assert text.startswith("valid:")
        code, text = check_command("2 lam", "subdifferential")
        assert code == 1, text
    if not {"worked-example", "subdifferential"} & set(names):
        pytest.skip("no suitable catalogue entry")


def test_check_command_reports_a_broken_catalogue_entry(monkeypatch):
    def broken(name):
        raise RuntimeError("boom")

    monkeypatch.setattr(catalogue, "names", lambda: ("broken",))
    monkeypatch.setattr(catalogue, "get", broken)
    code, text = check_command("w", "broken")
    assert (code, text) == (2, "error: catalogue derivation 'broken' failed: RuntimeError: boom")


def _place(tmp_path, case):
    """An output path that cannot be written, for each way it can go wrong."""
    if case == "directory":
        (tmp_path / "r.tex").mkdir()
        return tmp_path / "r.tex", r"it is a directory"
    if case == "missing parent":
        return tmp_path / "missing" / "r.md", r"the directory .*missing does not exist"
    if case == "under a file":
        (tmp_path / "plain").write_text("x")
        return tmp_path / "plain" / "r.pdf", r"the directory .*plain is not a directory"
    (tmp_path / "r-figures").write_text("mine")
    return tmp_path / "r.md", r"its figures go to .*r-figures, which is not a directory"


@pytest.mark.parametrize("case", ["directory", "missing parent", "under a file", "figures"])
def test_report_to_a_place_that_cannot_be_written(tmp_path, capsys, case):
    out, why = _place(tmp_path, case)
    before = sorted(tmp_path.rglob("*"))
    assert main(["report", "-o", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert re.match(rf"^error: cannot write .*{why}\n$", captured.err)
    assert sorted(tmp_path.rglob("*")) == before


_HOST = ("\\documentclass{article}\n\\usepackage{amsmath,amssymb,amsthm}\n"
         "\\newtheorem{theorem}{Theorem}\n\\newtheorem*{remark}{Remark}\n"
         "\\begin{document}\n%s\n\\end{document}\n")


def test_derive_latex_says_what_its_host_needs(capsys):
    assert main(["derive", "gradient-crossover"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:4] == [
        "% symreg derivation 'gradient-crossover'. The host document needs in its preamble:",
        r"%   \usepackage{amsmath,amssymb,amsthm}",
        r"%   \newtheorem{theorem}{Theorem}",
        r"%   \newtheorem*{remark}{Remark}",
    ]
    assert lines[4].startswith(r"\begin{theorem}")


@pytest.mark.slow
@pytest.mark.pdflatex
@pytest.mark.parametrize("name", catalogue.names())
def test_derive_latex_compiles_in_a_plain_host(tmp_path, capsys, name):
    pdflatex = shutil.which("pdflatex")
    if pdflatex is None and os.environ.get("CI") is None:
        pytest.skip("pdflatex is not installed")
    assert pdflatex is not None, "CI must have pdflatex"
    assert main(["derive", name]) == 0
    (tmp_path / "host.tex").write_text(_HOST % capsys.readouterr().out, encoding="utf-8")
    done = subprocess.run(
        [pdflatex, "-no-shell-escape", "-halt-on-error", "-interaction=nonstopmode",
         "host.tex"], cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
        stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stdout[-2000:]
    assert (tmp_path / "host.pdf").stat().st_size > 0
