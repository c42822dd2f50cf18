"""Tests of the command line (symreg.cli)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from symreg import catalogue
from symreg.cli import main


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


def test_report_pdf_without_pdflatex(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert main(["report", "-o", str(tmp_path / "r.pdf")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert "texlive-latex-base" in err
    assert not (tmp_path / "r.pdf").exists()


def test_report_auto_falls_back_to_tex_and_markdown(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert main(["report", "--auto", "-o", str(tmp_path / "r.pdf")]) == 0
    captured = capsys.readouterr()
    assert (tmp_path / "r.tex").exists()
    assert (tmp_path / "r.md").exists()
    assert "apt-get install texlive-latex-base" in captured.err


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
