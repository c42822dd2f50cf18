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


@pytest.mark.parametrize(("fmt", "marker"), [("latex", r"\begin{align}"), ("markdown", "$$")])
def test_derive(capsys, fmt, marker):
    assert main(["derive", "gradient-crossover", "--format", fmt]) == 0
    assert marker in capsys.readouterr().out


def test_derive_macros_are_for_latex(capsys):
    assert main(["derive", "prox", "--format", "markdown", "--macros"]) == 2
    assert capsys.readouterr().err == ("error: --macros is for --format latex: Markdown "
                                       "renderers do not read macro definitions\n")


def test_derive_markdown_for_github(capsys):
    assert main(["derive", "gradient-crossover", "--format", "markdown",
                 "--md-flavor", "gfm"]) == 0
    out = capsys.readouterr().out
    assert "```math\n" in out
    assert "$$" not in out


def test_an_unknown_markdown_flavour_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["derive", "map", "--format", "markdown", "--md-flavor", "github"])
    assert exit_.value.code == 2
    assert "invalid choice: 'github'" in capsys.readouterr().err


def test_derive_in_the_readers_notation(capsys):
    assert main(["derive", "gradient-crossover", "--format", "markdown",
                 "--notation", "w=\\beta", "--notation", "lam = \\alpha"]) == 0
    out = capsys.readouterr().out
    assert "\\alpha" in out.split("$$")[1]
    assert "\\beta" in out.split("$$")[1]


@pytest.mark.parametrize(
    ("word", "message"),
    [("w", r"^error: --notation takes NAME=TEX \(e.g. w='\\beta'\), got 'w'$"),
     ("omega=x", r"^error: notation: 'omega' is not a symbol .*$"),
     ("w=\\input{x}", r"^error: \\input is not allowed in math: .*$")],
)
def test_a_bad_notation_is_one_clear_line(capsys, word, message):
    assert main(["derive", "prox", "--notation", word]) == 2
    err = capsys.readouterr().err.strip()
    assert re.match(message, err), err
    assert "Traceback" not in err


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
    assert main(["report", "-o", str(out), "--md-flavor", "gfm"]) == 0
    assert "```math\n" in out.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["report", "-o", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"wrote {out}"
    text = out.read_text(encoding="utf-8")
    for name in catalogue.names():
        assert catalogue.title(name) in text
    # The same report again: taken whole from the cache, byte for byte.
    figures = {p.name: p.read_bytes() for p in (tmp_path / "r-figures").iterdir()}
    assert main(["report", "-o", str(out)]) == 0
    assert capsys.readouterr().err.startswith(
        "1 report taken whole from the cache (built, every step proved, by an earlier run of "
        "the same code on the same inputs); steps: ")
    assert out.read_text(encoding="utf-8") == text
    assert {p.name: p.read_bytes() for p in (tmp_path / "r-figures").iterdir()} == figures


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


@pytest.mark.slow
def test_the_command_exits_with_its_code_and_all_its_output():
    # run() ends the process at once after main(): the exit handlers have run and the
    # output is flushed, whatever its length, and the exit code is main()'s.
    listed = subprocess.run([sys.executable, "-m", "symreg", "list", "--results"],
                            capture_output=True, text=True, check=False)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines() == [f"{name}:{key}" for name in catalogue.names()
                                          for key in catalogue.get(name).results]
    # the exit handlers run, and see the collector's threshold of a command
    handled = subprocess.run(
        [sys.executable, "-c", "import atexit, gc, sys; from symreg import cli; "
         "atexit.register(lambda: print('threshold', gc.get_threshold()[0])); "
         "sys.argv = ['symreg', 'list']; cli.run()"],
        capture_output=True, text=True, check=False)
    assert handled.returncode == 0, handled.stderr
    assert handled.stdout.splitlines()[-1] == "threshold 50000"
    unknown = subprocess.run([sys.executable, "-m", "symreg", "derive", "nope"],
                             capture_output=True, text=True, check=False)
    assert unknown.returncode == 2
    assert unknown.stdout == ""
    assert re.fullmatch(r"error: unknown derivation 'nope'; known: .*\n", unknown.stderr)


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


@pytest.mark.parametrize("timeout", [-1, 0, float("nan"), float("inf")])
def test_check_command_bad_timeout_is_invalid_input(timeout):
    code, text = check_command("w", "w", timeout=timeout)
    assert code == 2
    assert re.match(r"^error: --timeout must be a positive finite number of seconds, "
                    r"got (-1|0|nan|inf)$", text), text


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--timeout", "0", "w", "w"], 2,
         r"^error: --timeout must be a positive finite number of seconds, got 0\.0$"),
        (["--timeout=nan", "w", "w"], 2,
         r"^error: --timeout must be a positive finite number of seconds, got nan$"),
        (["--timeout", "-inf", "w", "w"], 2,
         r"^error: --timeout must be a positive finite number of seconds, got -inf$"),
        (["sqrt(-2)", "0"], 2, r"^error: answer is not a real expression: sqrt\(2\)\*I$"),
        (["w", "log(-1)"], 2, r"^error: expected is not a real expression: I\*pi$"),
        (["max(sqrt(-1), 0)", "0"], 2,
         r"^error: answer: not a real expression: max and min need real arguments$"),
        ([r"\frac{1}{2}", "1/2"], 2,
         r"^error: answer: backslash in plain text \(use --answer-latex or --latex for "
         r"LaTeX\) at position 0$"),
        (["1/2", r"\frac{1}{2}"], 2,
         r"^error: expected: backslash in plain text \(use --expected-latex or --latex for "
         r"LaTeX\) at position 0$"),
        (["pi", "3.14159"], 1,
         r"^different: pi - 314159/100000 != 0 \(the two constants differ by about "
         r"2\.65359e-6\)$"),
        (["-w", "-1*w"], 0, r"^equivalent: -w == -w \(proved symbolically\)$"),
        (["--latex", "-w", "-1*w"], 0, r"^equivalent: -w == -w \(proved symbolically\)$"),
        (["-w", "--", "-1*w"], 0, r"^equivalent: -w == -w \(proved symbolically\)$"),
        (["--answer-latex", r"\frac{w}{2}", "w/2"], 0,
         r"^equivalent: w/2 == w/2 \(proved symbolically\)$"),
        (["--expected-latex", "w/2", r"\frac{w}{2}"], 0,
         r"^equivalent: w/2 == w/2 \(proved symbolically\)$"),
        (["--timeout", "1e10", "w", "w"], 0, r"^equivalent: w == w \(proved symbolically\)$"),
        (["--symbols", "x y: real; a: positive", "sqrt(a^2) x", "a x"], 0,
         r"^equivalent: x\*sqrt\(a\*\*2\) == a\*x \(proved symbolically\)$"),
        (["--symbols=x: complex", "x", "x"], 2,
         r"^error: unknown assumption 'complex' for x \(known: integer, negative, "
         r"nonnegative, positive, real\)$"),
    ],
)
def test_check_on_the_command_line(capsys, args, code, message):
    assert main(["check", *args]) == code
    captured = capsys.readouterr()
    out = (captured.err if code == 2 else captured.out).strip()
    assert "Traceback" not in captured.err
    assert re.match(message, out), out


def test_check_shows_a_huge_number_without_a_traceback(capsys):
    # 10^5000 has more digits than Python converts to text by default (4300)
    assert main(["check", "--timeout", "60", "(10^5 + w)^1000", "w"]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert captured.out.splitlines()[1] == "  at w = 0: answer = 1.00000e+5000, expected = 0"



def test_check_command_latex_error():
    code, text = check_command(r"\input{x}", "w", latex=True)
    assert (code, text) == (2, r"error: answer: forbidden TeX command '\input' at position 0")


@pytest.mark.slow
def test_check_command_with_a_named_catalogue_result():
    result = catalogue.get("worked-example").results["ratio-large"]
    code, _ = check_command(sympy.sstr(result), "worked-example:ratio-large")
    assert code == 0
    code, _ = check_command(sympy.sstr(result + 1), "worked-example:ratio-large")
    assert code == 1
    code, text = check_command("0.3 lam", "subdifferential:l1-at-zero")
    assert code == 0, text
    assert text.startswith("valid:")
    code, text = check_command("2 lam", "subdifferential:l1-at-zero")
    assert code == 1, text
    code, text = check_command("2 s^2/b", "map:lasso-strength")
    assert code == 0, text


@pytest.mark.slow
def test_check_command_refuses_a_bare_catalogue_name_with_its_keys():
    code, text = check_command("2 s^2/b", "map")
    keys = ("map:ridge-strength, map:ridge-strength-half, map:lasso-strength, "
            "map:lasso-strength-half")
    assert (code, text) == (2, "error: 'map' names a derivation, not one result; use one of: "
                               + keys)
    code, text = check_command("2 s^2/b", "map:lasso")
    assert (code, text) == (2, "error: 'map' has no result 'lasso'; use one of: " + keys)
    code, text = check_command("s^2/b", "map:lasso-strength-half")
    assert code == 0, text


@pytest.mark.slow
def test_list_results_prints_name_and_key(capsys):
    assert main(["list", "--results"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "map:lasso-strength" in lines
    assert "prox:l1" in lines
    expected = [f"{name}:{key}" for name in catalogue.names()
                for key in catalogue.get(name).results]
    assert lines == expected


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


_HOSTS = [pytest.param(n, None) for n in catalogue.names()]
_HOSTS += [pytest.param("prox", "250pt"), pytest.param("map", "250pt"),
           pytest.param("near-zero", "--macros"), pytest.param("descent", "--macros")]


@pytest.mark.slow
@pytest.mark.pdflatex
@pytest.mark.parametrize(("name", "width"), _HOSTS)
def test_derive_latex_compiles_in_a_plain_host(tmp_path, capsys, name, width):
    from symreg.render.pdf import overfull_boxes

    pdflatex = shutil.which("pdflatex")
    if pdflatex is None and os.environ.get("CI") is None:
        pytest.skip("pdflatex is not installed")
    assert pdflatex is not None, "CI must have pdflatex"
    macros = width == "--macros"
    if macros:  # symreg's macros, defined by the snippet itself
        width = None
    assert main(["derive", name, *(["--width", width] if width else []),
                 *(["--macros"] if macros else [])]) == 0
    out = capsys.readouterr().out
    assert (r"\abs{" in out and r"\providecommand{\abs}" in out) is macros
    host = _HOST % out
    if width:  # a narrower host, e.g. a two-column page
        host = host.replace("\\begin{document}",
                            f"\\setlength{{\\textwidth}}{{{width}}}\n\\begin{{document}}", 1)
    (tmp_path / "host.tex").write_text(host, encoding="utf-8")
    done = subprocess.run(
        [pdflatex, "-no-shell-escape", "-halt-on-error", "-interaction=nonstopmode",
         "host.tex"], cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
        stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stdout[-2000:]
    assert (tmp_path / "host.pdf").stat().st_size > 0
    log = (tmp_path / "host.log").read_text(encoding="utf-8", errors="replace")
    boxes = overfull_boxes(log)
    assert [b for b in boxes if b.kind == "vbox"] == []
    assert [b for b in boxes if b.points > 10] == []


# ---------------------------------------------------------------------------
# check: the domain policy, tolerance, undeclared letters, steps


def test_check_shows_the_caveat_and_strict_makes_it_a_difference(capsys):
    assert main(["check", "(x^2-1)/(x+1)", "x-1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "equivalent where both are defined: (x**2 - 1)/(x + 1) == x - 1 (proved symbolically)",
        "  caveat: the answer is undefined at x = -1",
        "  warning: x was not declared; it is read as a real symbol",
    ]
    assert main(["check", "--strict", "(x^2-1)/(x+1)", "x-1"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ("different: (x**2 - 1)/(x + 1) != x - 1 (strict: the answer is undefined "
                      "at x = -1)")
    assert out[1] == "  at x = -1: answer = undefined, expected = -2"


def test_check_rtol(capsys):
    assert main(["check", "3.1416", "pi"]) == 1
    capsys.readouterr()
    assert main(["check", "--rtol", "1e-4", "3.1416", "pi"]) == 0
    assert "equal within rtol = 1/10000" in capsys.readouterr().out
    assert main(["check", "--rtol", "-1", "3.1416", "pi"]) == 2
    assert capsys.readouterr().err.strip() == (
        "error: rtol must be a non-negative finite number, got -1.0")


def test_check_sets_and_equations(capsys):
    assert main(["check", "{1/2}", "2 w = 1"]) == 0
    assert capsys.readouterr().out.startswith("equivalent: {1/2} == 2*w = 1 (as solution sets")
    assert main(["check", "--latex", r"\left[-\lambda, \lambda\right]", "[-lam, lam)"]) == 2
    assert capsys.readouterr().err.startswith("error: expected: ")
    assert main(["check", "--answer-latex", r"\left[-\lambda, \lambda\right]",
                 "[-lam, lam)"]) == 1


def test_check_steps_file(tmp_path, capsys):
    steps = tmp_path / "steps.txt"
    steps.write_text("# solve w^2 = w\nw^2 = w\n\nw (w - 1) = 0\nw = 1\n", encoding="utf-8")
    assert main(["check", "--steps", str(steps)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "invalid: step 3 does not follow from step 2",
        "  step 1: w**2 = w",
        "  step 2: w*(w - 1) = 0",
        "    <=> (as equations: the same equation, rearranged)",
        "  step 3: w = 1",
        "    does not follow (a solution of step 2 does not solve step 3) at w = 0",
    ]
    steps.write_text("w = 1\nw^2 = 1\n", encoding="utf-8")
    assert main(["check", "--steps", str(steps)]) == 0
    assert "=> (step 2 has solutions in w that step 1 has not)" in capsys.readouterr().out


@pytest.mark.parametrize(("args", "message"), [
    (["--steps", "missing.txt"], r"^error: cannot read missing\.txt: "),
    (["--steps", "{file}", "w"], r"^error: --steps takes no ANSWER or EXPECTED$"),
    (["w"], r"^error: check needs ANSWER and EXPECTED \(or --steps FILE\)$"),
    (["--steps", "{file}"], r"^error: step 2: unknown name 'foo' at position 0$"),
])
def test_check_steps_refusals(tmp_path, monkeypatch, capsys, args, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.txt").write_text("w\nfoo\n", encoding="utf-8")
    args = [a.replace("{file}", "bad.txt") for a in args]
    assert main(["check", *args]) == 2
    assert re.match(message, capsys.readouterr().err.strip())


@pytest.mark.parametrize("command", [["derive", "gradient-crossover"], ["report", "-o", "r.tex"]])
def test_no_cache_turns_the_cache_off_for_the_command_only(monkeypatch, command, tmp_path):
    from symreg import _cache, cli

    monkeypatch.delenv("SYMREG_NO_CACHE", raising=False)
    seen: list[bool] = []
    for name in ("_derive", "_report"):
        monkeypatch.setattr(cli, name, lambda *a, **k: seen.append(_cache.enabled()) or 0)
    assert main([*command, "--no-cache"]) == 0
    assert main(command) == 0
    assert seen == [False, True]
    assert "SYMREG_NO_CACHE" not in os.environ


def test_report_says_on_stderr_where_its_proofs_came_from(monkeypatch, capsys, tmp_path):
    from symreg import cli
    from symreg.render import report

    monkeypatch.setenv("SYMREG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(report, "write_report", lambda path, **k: path)
    assert main(["report", "-o", str(tmp_path / "r.tex")]) == 0
    out, err = capsys.readouterr()
    assert out == f"wrote {tmp_path / 'r.tex'}\n"
    assert re.fullmatch(r"steps: \d+ proved in this process, \d+ taken from the verification "
                        r"cache \(proofs of identical steps, kept by an earlier run or by this "
                        rf"run's worker processes\); the cache in {re.escape(str(tmp_path))}"
                        r"/cache\n", err)
    assert main(["report", "--no-cache", "-o", str(tmp_path / "r.tex")]) == 0
    assert capsys.readouterr().err.endswith("; no cache (off)\n")
    assert cli._verified_note().startswith("steps: ")


def test_the_note_says_what_was_taken_whole_from_the_cache(monkeypatch, tmp_path):
    from symreg import cli

    monkeypatch.setenv("SYMREG_CACHE_DIR", str(tmp_path / "cache"))
    assert re.fullmatch(
        r"1 report taken whole from the cache \(built, every step proved, by an earlier run of "
        r"the same code on the same inputs\); derivations: 3 taken from the cache \(built and "
        r"verified, every step proved, by an earlier run of the same code\); steps: \d+ proved "
        r"in this process, \d+ taken from the verification cache .*", cli._verified_note(1, 3))
    assert cli._verified_note(2).startswith("2 reports taken whole from the cache (built, ")
    assert cli._verified_note().startswith("steps: ")
    assert re.fullmatch(
        r"derivations: 3 built and verified by this run's worker processes \(their steps are "
        r"not counted here\); steps: \d+ proved in this process, .*", cli._verified_note(0, 0, 3))


def test_a_report_that_cannot_come_from_the_cache_has_the_workers_template_prepared(
        monkeypatch, tmp_path):
    from symreg import _budget, _cache
    from symreg.render import _reportcache, report

    asked: list[tuple[str, ...]] = []
    monkeypatch.setattr(_budget, "prepare", lambda *args: asked.append(args))
    monkeypatch.setattr(report, "write_report", lambda path, **k: path)
    monkeypatch.setenv("SYMREG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SYMREG_NO_CACHE", raising=False)
    monkeypatch.setattr(_budget, "cores", lambda: 2)
    target = str(tmp_path / "r.tex")
    assert main(["report", "-o", target]) == 0  # an empty cache: built
    assert main(["report", "--no-cache", "-o", target]) == 0
    assert asked == [("symreg.catalogue._elsewhere", "warm")] * 2
    _reportcache._store().put(["a report"], {"source": ""})  # a cache that keeps reports
    assert _cache.holds(_cache.REPORTS)
    assert main(["report", "-o", target]) == 0  # may come whole from it: not prepared
    assert len(asked) == 2
    monkeypatch.setattr(_budget, "cores", lambda: 1)
    assert main(["report", "--no-cache", "-o", target]) == 0
    assert len(asked) == 2
